"""An unknown provider for a role names the providers the program can run that role on, not
every provider it knows (review s12, ranked finding 11: `cdn: akamai` listed b2, datadog and
elastic, none of which the program can provision as a CDN)."""

from __future__ import annotations

import pytest
from stack_fixtures import config_of, write_stack

from indexplan.cli import main

# By hand from the role/provider table of README ("The whole index"): which providers each role
# can run on. Written out, not read from ROLE_PROVIDERS, so a change to the table shows here.
ROLES = {
    "cdn": "aws, gcp, fastly, cloudflare",
    "storage": "aws, gcp, b2, cloudflare",
    "database": "aws, gcp",
    "queue": "aws, gcp",
    "cache": "aws, gcp",
    "dns": "aws, gcp",
    "analytics": "gcp",
    "app": "aws, gcp",
    "search": "aws, elastic",
    "email": "aws",
    "monitoring": "datadog",
}


@pytest.mark.parametrize(("role", "known"), ROLES.items())
def test_an_unknown_provider_names_the_roles_providers(capsys, tmp_path, role, known):
    config = config_of("pypi-2021")
    config["indexplan:roles"][role] = "akamai"
    path = write_stack(tmp_path, "akamai", config)
    code = main(["resources", str(path)])
    out, err = capsys.readouterr()
    assert (code, out) == (2, "")
    assert err == f"{path}: indexplan:roles.{role}: unknown provider 'akamai'; known: {known}\n"


def test_a_long_unknown_provider_is_quoted_short(capsys, tmp_path):
    config = config_of("pypi-2021")
    config["indexplan:roles"]["cdn"] = "a" * 200
    path = write_stack(tmp_path, "long", config)
    assert main(["resources", str(path)]) == 2
    # repr is 202 characters: its first 79 and an ellipsis
    expected = f"unknown provider '{'a' * 78}…; known: aws, gcp, fastly, cloudflare\n"
    assert capsys.readouterr().err == f"{path}: indexplan:roles.cdn: {expected}"

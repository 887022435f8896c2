"""Stack files for issue 12: optional roles, CDN mixes, primary and archive, new sizing blocks.
Each mistake is one line naming the file and key, exit status 2 (through the CLI), or the
StackConfigError the program raises (under `pulumi up`)."""

from __future__ import annotations

import copy

import pytest
from stack_fixtures import config_of, write_stack
from test_infra_bad_stack_files import assert_one_line_error

from infra.config import StackConfigError, parse_stack_config

WHERE = "Pulumi.t.yaml"


def parsed(config: dict):
    return parse_stack_config(config, WHERE)


def error(config: dict) -> str:
    with pytest.raises(StackConfigError) as raised:
        parsed(config)
    return str(raised.value)


def with_roles(name: str, **roles: object) -> dict:
    config = copy.deepcopy(config_of(name))
    config["indexplan:roles"] |= roles
    return config


def test_a_static_index_needs_only_cdn_and_storage():
    settings = parsed(config_of("static-index"))
    assert set(settings.roles) == {"cdn", "storage"}
    assert (settings.database, settings.cache, settings.app) == (None, None, None)
    assert settings.cdns == ["aws"]


def test_a_cdn_mix_keeps_its_weights_largest_first():
    settings = parsed(with_roles("crates-io", cdn={"aws": 0.2, "fastly": 0.8}))
    assert settings.cdn_weights == {"fastly": 0.8, "aws": 0.2}
    assert settings.roles["cdn"] == "fastly"
    assert settings.providers == {"aws", "fastly"}


def test_weights_may_miss_one_by_float_rounding_only():
    # 0.7 + 0.3000001 = 1.0000001: within the tolerance of 1e-6; 0.7 + 0.31 is not.
    assert parsed(with_roles("crates-io", cdn={"fastly": 0.7, "aws": 0.3000001})).cdn_weights
    message = error(with_roles("crates-io", cdn={"fastly": 0.7, "aws": 0.31}))
    assert message == f"{WHERE}: indexplan:roles.cdn: the weights must sum to 1, got 1.01"


@pytest.mark.parametrize(
    ("weight", "expected"),
    [
        (0, "a weight must be positive and finite, got 0"),
        (-0.5, "a weight must be positive and finite, got -0.5"),
        (float("nan"), "a weight must be positive and finite, got nan"),
        (float("inf"), "a weight must be positive and finite, got inf"),
        (True, "a weight is a number, got True"),
        ("0.5", "a weight is a number, got '0.5'"),
    ],
)
def test_bad_weights_name_the_cdn(weight, expected):
    message = error(with_roles("crates-io", cdn={"fastly": weight, "aws": 0.5}))
    assert message == f"{WHERE}: indexplan:roles.cdn.fastly: {expected}"


@pytest.mark.parametrize(
    ("cdn", "field", "expected"),
    [
        ({}, "indexplan:roles.cdn", "a CDN mix names at least one CDN"),
        ({"akamai": 1.0}, "indexplan:roles.cdn.akamai", "unknown CDN"),
        (
            {"fastly": 0.5, "gcp": 0.5},
            "indexplan:roles.cdn.gcp",
            "cannot share a weighted DNS name; mix aws and fastly",
        ),
    ],
)
def test_cdn_mixes_that_cannot_be_provisioned(cdn, field, expected):
    assert error(with_roles("crates-io", cdn=cdn)).startswith(f"{WHERE}: {field}: {expected}")


def test_a_cdn_mix_needs_a_dns_zone_to_hold_the_weights():
    config = with_roles("crates-io")
    del config["indexplan:roles"]["dns"]
    expected = "indexplan:roles.dns: required: several CDNs share the files hostname by DNS"
    assert error(config) == f"{WHERE}: {expected}"


def test_primary_and_archive_storage():
    settings = parsed(config_of("pypi-2024"))
    assert (settings.roles["storage"], settings.archive) == ("b2", "aws")
    assert {"b2", "aws"} <= settings.providers


@pytest.mark.parametrize(
    ("storage", "expected"),
    [
        ({"primary": "b2", "archive": "b2"}, "archive: must be aws or gcp, got 'b2'"),
        ({"archive": "aws"}, "primary: required key is missing"),
        ({"primary": "b2", "backup": "aws"}, "backup: unknown key; known: primary, archive"),
    ],
)
def test_bad_storage_layers(storage, expected):
    message = error(with_roles("pypi-2024", storage=storage))
    assert message == f"{WHERE}: indexplan:roles.storage.{expected}"


def test_an_archive_on_the_primarys_own_cloud_is_the_sizing_flag():
    config = with_roles("all-aws", storage={"primary": "aws", "archive": "aws"})
    assert "for a same-cloud archive set indexplan:storage.archive" in error(config)


def test_only_fastly_falls_back_to_an_archive():
    config = with_roles("all-aws", storage={"primary": "aws", "archive": "gcp"})
    config |= {"gcp:project": "example-index", "gcp:region": "us-central1"}
    config["indexplan:storage"] = {"archive": False}
    expected = "indexplan:roles.storage.archive: only fastly falls back to an archive, not aws"
    assert error(config) == f"{WHERE}: {expected}"


@pytest.mark.parametrize(
    ("cdn", "storage", "expected"),
    [
        ("aws", "b2", "aws cannot read b2 storage without making it public; use aws"),
        # CloudFront's origin access control signs for S3 only (s5 review, smaller points)
        ("aws", "gcp", "aws cannot read gcp storage without making it public; use aws"),
        ("aws", "cloudflare", "aws cannot read cloudflare storage without making it public"),
        # Cloud CDN's private origin authentication signs SigV4 for S3-compatible stores: R2
        # could stay private, the program does not build it (not "would need a public bucket")
        (
            "gcp",
            "cloudflare",
            "gcp reading cloudflare storage privately is not wired yet (Cloud CDN could sign R2 "
            "requests, but the program signs them from fastly only); use aws or gcp or b2",
        ),
    ],
)
def test_a_cdn_that_could_only_read_a_public_bucket_is_refused(cdn, storage, expected):
    config = with_roles("pypi-2024", cdn=cdn, storage=storage)
    config["indexplan:cloudflare_account_id"] = "0123456789abcdef0123456789abcdef"
    config |= {"gcp:project": "example-index", "gcp:region": "us-central1"}
    if storage in ("cloudflare", "gcp"):  # pypi-2024's S3 storage block names a region
        config["indexplan:storage"] = {}
    assert error(config).startswith(f"{WHERE}: indexplan:roles.storage: {expected}")


def test_cloudflare_serves_its_own_zone():
    config = with_roles("private-small", dns="aws") | {"aws:region": "us-east-1"}
    assert error(config) == (
        f"{WHERE}: indexplan:roles.dns: Cloudflare's CDN serves the zone itself; "
        "leave the dns role out"
    )


def test_cloudflare_needs_its_account_id():
    config = config_of("private-small")
    del config["indexplan:cloudflare_account_id"]
    expected = "indexplan:cloudflare_account_id: required because a role runs on cloudflare"
    assert error(config) == f"{WHERE}: {expected}"


def test_a_sizing_block_for_a_role_not_run_is_a_mistake():
    config = config_of("static-index") | {"indexplan:app": {"image": "x"}}
    assert error(config) == (
        f"{WHERE}: indexplan:app: sizes a role the stack does not run; add app to indexplan:roles"
    )


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"vcpu": 3}, "vcpu must be one of Fargate's sizes: 0.25, 0.5, 1, 2, 4, 8, 16"),
        # Fargate: 2 vCPU takes 4 to 16 GB.
        ({"memory_gb": 2}, "memory_gb for 2 vCPU must be whole GB from 4 to 16"),
        ({"memory_gb": 4.5}, "memory_gb for 2 vCPU must be whole GB from 4 to 16"),
        ({"min": 10}, "autoscaling bounds must satisfy min <= desired <= max"),
        ({"image": "Bad Image"}, "expected a container image such as ghcr.io/acme/index:1.2"),
    ],
)
def test_fargate_sizes(change, expected):
    config = config_of("pypi-2024")
    config["indexplan:app"] |= change
    assert expected in error(config)


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"vcpu": 0.5}, "below 1 vcpu, Cloud Run serves one request at a time: concurrency 1"),
        ({"vcpu": 3}, "vcpu of 1 or more must be 1, 2, 4, 6 or 8"),
        # Cloud Run: more than 8 GB needs at least 4 vCPU.
        ({"memory_gb": 16}, "16 GB of memory needs at least 4 vcpu"),
        ({"min_instances": 5}, "min_instances must not exceed max_instances"),
    ],
)
def test_cloud_run_sizes(change, expected):
    config = config_of("private-small")
    config["indexplan:app"] |= change
    assert expected in error(config)


def test_b2_lock_days_need_the_file_lock():
    config = config_of("pypi-2024")
    config["indexplan:storage"] = {"region": "us-west-004", "lock_days": 30}
    assert "lock_days needs file_lock: true" in error(config)


def test_through_the_cli_a_bad_weight_is_one_line_and_exit_2(capsys, tmp_path):
    path = write_stack(tmp_path, "mix", with_roles("crates-io", cdn={"fastly": 0.9, "aws": 0.2}))
    assert_one_line_error(capsys, path, "indexplan:roles.cdn: the weights must sum to 1, got 1.1")


def test_an_aws_app_needs_route53_for_its_apex_alias():
    config = with_roles("pypi-2024", dns="gcp")
    assert error(config) == (
        f"{WHERE}: indexplan:roles.dns: Cloud DNS cannot point the domain at the app's "
        "AWS load balancer; use aws"
    )


def test_a_control_character_in_a_cdn_name_is_escaped_in_the_message():
    message = error(with_roles("crates-io", cdn={"fa\x1b[31mstly": 1.0}))
    assert "\x1b" not in message
    assert message == (
        f"{WHERE}: indexplan:roles.cdn.'fa\\x1b[31mstly': unknown CDN; "
        "known: aws, gcp, fastly, cloudflare"
    )

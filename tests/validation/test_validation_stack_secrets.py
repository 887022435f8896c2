"""Secrets in stack files are `secure:` values: accepted, handed to the program as `[secret]`,
and never printed, neither the ciphertext nor any part of it."""

from __future__ import annotations

import json

import yaml

from indexplan.cli import main
from indexplan.paths import STACKS_DIR
from indexplan.stackfile import load_stack_file

# Pulumi's form, v1:<base64 nonce>:<base64 ciphertext> (policy/plaintext_secrets.py)
CIPHERTEXT = "v1:AAABAKq9c2VjcmV0:Q2lwaGVydGV4dA=="
NESTED = "v1:bmVzdGVkTm9uY2Uh:U2VjcmV0"


def secure_stack(tmp_path):
    doc = yaml.safe_load((STACKS_DIR / "Pulumi.pypi-2021.yaml").read_text())
    doc["config"]["fastly:apiKey"] = {"secure": CIPHERTEXT}
    # Pulumi allows a secure value inside structured config too.
    doc["config"]["github:app"] = {"id": 42, "keys": [{"secure": NESTED}]}
    path = tmp_path / "Pulumi.secure.yaml"
    path.write_text(yaml.safe_dump(doc))
    return path


def test_secure_values_load_as_secret_and_mark_their_keys(tmp_path):
    stack = load_stack_file(secure_stack(tmp_path))
    assert stack.config["fastly:apiKey"] == "[secret]"
    assert stack.config["github:app"] == {"id": 42, "keys": ["[secret]"]}
    # Both top-level keys hold a secure value, so Pulumi sees them as secret config keys.
    assert stack.secret_keys == {"fastly:apiKey", "github:app"}
    assert CIPHERTEXT not in repr(stack) and NESTED not in repr(stack)


def test_the_program_gets_the_key_as_a_secret_and_nothing_prints_it(tmp_path, capsys):
    path = secure_stack(tmp_path)
    assert main(["resources", str(path), "--format", "json"]) == 0
    out, err = capsys.readouterr()
    providers = [r for r in json.loads(out) if r["type"] == "pulumi:providers:fastly"]
    # infra/providers.py reads fastly:apiKey with get_secret: the wire value is a secret.
    assert [p["inputs"]["apiKey"] for p in providers] == ["[secret]"]
    for command in (
        ["check", str(path), "--format", "json"],
        ["resources", str(path)],
        ["estimate", str(path), "-s", "pypi-2021", "--format", "json"],
    ):
        assert main(command) == 0
        more_out, more_err = capsys.readouterr()
        out, err = out + more_out, err + more_err
    for secret in (CIPHERTEXT, NESTED):
        for part in (secret, secret[3:15], secret[-12:]):
            assert part not in out + err


def test_a_malformed_secure_value_is_refused_without_echoing_it(tmp_path, capsys):
    doc = yaml.safe_load((STACKS_DIR / "Pulumi.pypi-2021.yaml").read_text())
    doc["config"]["fastly:apiKey"] = {"secure": CIPHERTEXT, "plain": "hunter2-plaintext"}
    path = tmp_path / "Pulumi.bad.yaml"
    path.write_text(yaml.safe_dump(doc))
    assert main(["resources", str(path)]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err == (
        f"{path}: config.fastly:apiKey: a secure value is `secure: <ciphertext>` and nothing else\n"
    )

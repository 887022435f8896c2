"""No stack value can add VCL to the Fastly service (s8-review-sec finding 2).

`b2:readerKeyId` is a plain stack value the program pastes into the origin-signing snippet,
which is a secret as a whole, so neither `check` nor `diff` could show what it became. The key
ID is refused unless it has B2's form, and every value is escaped for the VCL literal it fills.
"""

from __future__ import annotations

import re

import pytest
from stack_fixtures import config_of, write_stack
from test_infra_bad_stack_files import assert_one_line_error

from infra.config import StackConfigError, parse_stack_config

# The reviewer's value: a quote ends the literal, then `error 601 …` is a VCL statement.
INJECTED = (
    '0051234567890ab000000000a"; error 601 "https://files.evil.example/"; '
    'set var.accessKey = "0051234567890ab000000000a'
)
# A standard B2 key ID has this shape (25 letters and digits), as B2's S3-compatible API takes.
KEY_ID = "0051234567890ab000000000a"


def pypi_2024(**extra: object) -> dict:
    return config_of("pypi-2024") | extra


@pytest.mark.parametrize(
    "key_id", [INJECTED, "005 123", "005123456789\n", "005123", "0" * 41, "005123456789ab\\"]
)
def test_a_reader_key_id_not_of_b2s_form_is_refused(key_id):
    with pytest.raises(StackConfigError) as raised:
        parse_stack_config(pypi_2024(**{"b2:readerKeyId": key_id}), "Pulumi.t.yaml")
    assert str(raised.value).startswith(
        "Pulumi.t.yaml: b2:readerKeyId: must be a B2 application key ID (12 to 40 letters and "
        "digits), got "
    )


def test_a_reader_key_id_that_is_not_a_string_is_refused():
    with pytest.raises(StackConfigError, match="b2:readerKeyId: must be a B2 application key"):
        parse_stack_config(pypi_2024(**{"b2:readerKeyId": 5123456789012}), "Pulumi.t.yaml")


def test_a_reader_key_id_of_b2s_form_or_kept_secret_is_taken():
    parse_stack_config(pypi_2024(**{"b2:readerKeyId": KEY_ID}), "Pulumi.t.yaml")
    # the master key ID (12 hex digits, the account ID) is of the same alphabet
    parse_stack_config(pypi_2024(**{"b2:readerKeyId": "0123456789ab"}), "Pulumi.t.yaml")
    # encrypted in the stack file: checked by the program once Pulumi decrypts it
    secure = {"b2:readerKeyId": {"secure": "v1:AAAAAAAAAAAAAAAA:BBBBBBBB"}}
    parse_stack_config(pypi_2024(**secure), "Pulumi.t.yaml")


def test_through_the_cli_the_injected_key_id_is_one_line_and_exit_2(capsys, tmp_path):
    path = write_stack(tmp_path, "b2vcl", pypi_2024(**{"b2:readerKeyId": INJECTED}))
    assert_one_line_error(capsys, path, "b2:readerKeyId: must be a B2 application key ID")


def statements(vcl: str) -> str:
    """The VCL with every "..." literal emptied: what it does, whatever the values say."""
    return re.sub(r'"[^"\n]*"', '""', vcl)


def test_every_value_is_escaped_inside_its_literal():
    from indexplan.sdk_on_demand import on_demand

    with on_demand():
        from infra.cdn.fastly import SIGNING_SNIPPET, render_snippet

    template = SIGNING_SNIPPET.read_text()
    hostile = {
        "ACCESS_KEY_ID": INJECTED,
        "SECRET": 'K005"} return(fetch); {"\\',
        "REGION": 'us-west-004\nset bereq.url = "/other";',
        "HOST": "files.s3.us-west-004.backblazeb2.com",
        "PATH_PREFIX": "/bucket%22",
    }
    rendered = render_snippet(template, hostile)
    # The same statements as the template: no value added one, ended a literal or a line.
    assert statements(rendered) == statements(template)
    assert "error 601" not in statements(rendered)
    # Fastly decodes %XX in a "..." literal back to the byte (docs.fastly.com/vcl/types/string/):
    # `"` 0x22, `%` 0x25, newline 0x0A, space 0x20, `;` 0x3B, `{` 0x7B, `}` 0x7D, `(` 0x28,
    # `)` 0x29, `\` 0x5C (ASCII).
    assert 'set var.accessKey = "0051234567890ab000000000a%22%3B%20error%20601%20%22' in rendered
    assert 'set var.secretKey = "K005%22%7D%20return%28fetch%29%3B%20%7B%22%5C";' in rendered
    assert 'set var.region = "us-west-004%0Aset%20bereq.url%20=%20%22/other%22%3B";' in rendered
    assert 'set bereq.url = "/bucket%2522" querystring' in rendered
    # The values the program really writes (key IDs, base64 keys, hosts) are left as they are.
    plain = {**hostile, "ACCESS_KEY_ID": KEY_ID, "SECRET": "K005abc/def+ghi=", "REGION": "auto"}
    plain["PATH_PREFIX"] = "/bucket"
    rendered = render_snippet(template, plain)
    assert f'set var.accessKey = "{KEY_ID}";' in rendered
    assert 'set var.secretKey = "K005abc/def+ghi=";' in rendered
    assert 'set bereq.http.host = "files.s3.us-west-004.backblazeb2.com";' in rendered


def test_a_placeholder_outside_a_literal_or_a_nul_is_refused():
    from indexplan.sdk_on_demand import on_demand

    with on_demand():
        from infra.cdn.fastly import render_snippet

    with pytest.raises(ValueError, match="not the whole of a string literal"):
        render_snippet("set var.x = @@X@@;", {"X": "1"})
    with pytest.raises(ValueError, match="NUL"):
        render_snippet('set var.x = "@@X@@";', {"X": "a\0b"})

"""`indexplan diff` says when a change weakens a protection, in every format (s8-review-sec
finding 1): `indexplan:private: true → false` made the private index's files public, and the
diff showed a $20 saving (the Pro plan) and "4 that cost nothing"."""

from __future__ import annotations

import json

from helpers import run, variant

PRIVATE_OFF = (
    "security: the files host no longer requires a signed URL (indexplan:private true → false)"
)
WAF_GONE = (
    "security: zone cdn-zone loses its WAF custom rules (cdn-file-tokens, "
    "cloudflare:index/ruleset:Ruleset), which the rule private-files-token relies on"
)


def public_variant(tmp_path) -> str:
    edit = ("indexplan:private: true", "indexplan:private: false")
    return variant(tmp_path, "private-small", edit, name="public-small")


def test_making_the_private_index_public_is_said_first_in_every_format(capsys, tmp_path):
    head = public_variant(tmp_path)
    args = ("diff", "private-small", head, "-s", "pypi-2026")
    code, out, err = run(capsys, *args, "-f", "json")
    assert (code, err) == (0, "")
    data = json.loads(out)
    assert data["security"] == [PRIVATE_OFF, WAF_GONE]
    # the money: the Pro plan's fee is the saving, $25 a month billed monthly as the program
    # subscribes (costmodel/catalog/cloudflare/zones.yaml, from 2023-01-01; it was $20 before)
    assert data["totals"]["diff"]["list_monthly_usd"] == -25.0

    code, out, err = run(capsys, *args, "-f", "markdown")
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0].startswith("### `public-small`: -$25.00 a month")
    # right under the headline, before the table, each on its own line
    assert lines[1:5] == ["", f"> **{PRIVATE_OFF}**", f"> **{WAF_GONE}**", ""]

    code, out, err = run(capsys, *args, "-f", "table")
    assert (code, err) == (0, "")
    assert out.index("Security") < out.index(PRIVATE_OFF) < out.index("Changed resources")
    assert "cdn-file-tokens" in out[: out.index("Changed resources")]


def test_a_change_that_touches_no_protection_adds_nothing(capsys, tmp_path):
    # the app scaled out: no `security` key, no Security section (output as before)
    head = variant(
        tmp_path, "private-small", ("max_instances: 4", "max_instances: 6"), name="bigger"
    )
    args = ("diff", "private-small", head, "-s", "pypi-2026")
    code, out, err = run(capsys, *args, "-f", "json")
    assert (code, err) == (0, "")
    assert "security" not in json.loads(out)
    code, out, err = run(capsys, *args, "-f", "markdown")
    assert "security" not in out
    code, out, err = run(capsys, *args, "-f", "table")
    assert "Security" not in out

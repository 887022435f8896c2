"""The CI comment's own handling of what a pull request controls (review s8-sec, findings 4,
11 and 13): a failing stack's error quoted as inert Markdown, mentions that notify no one,
the order sections are cut in at GitHub's limit, and which stacks a change reaches."""

from __future__ import annotations

import re
from pathlib import Path

from indexplan.ci.cost_comment import MAX_COMMENT, Section, comment, failed, stacks_to_diff
from indexplan.render.markdown import inline

EVIL = (
    "stacks/Pulumi.evil1.yaml: aws:region: must be an AWS region such as us-east-1, got "
    "'<img src=https://evil.example/t.png> @octocat [click](https://evil.example)'"
)


def test_a_failing_stacks_error_is_quoted_inert():
    section = failed("evil1", 2, EVIL + "\n<details><summary>folds the rest away")
    lines = section.markdown.splitlines()
    assert lines[0] == "### `evil1`: could not be priced"
    # every line of the error inside the quote: none starts free Markdown or HTML
    assert [line[:2] for line in lines[2:]] == ["> ", "> "]
    # no `<`, `[` or `]` left unescaped: no tag (image, details), no link
    assert re.search(r"(?<!\\)[<\[\]]", section.markdown) is None, section.markdown
    assert "\\<img src=https://evil.example/t.png\\>" in section.markdown
    # `@octocat` would notify; a zero-width space after `@` keeps the text and stops that
    assert "@octocat" not in section.markdown and "@&#8203;octocat" in section.markdown


def test_inline_breaks_every_mention():
    assert inline("ask @org/team") == "ask @&#8203;org/team"


def section(name: str, status: int, size: int) -> Section:
    body = f"### {name}: +$1.00 a month\n" + "x" * size + "\n<details>\n" + "y" * 500 + "\n"
    return Section(name, status, body)


def test_a_long_comment_keeps_what_needs_a_reviewer_and_says_what_it_left_out():
    # 70 filler stacks of ~1.1 kB sorting before the real change (over budget, exit 1): by name
    # the last section would be cut; failures and breaches go first, and the cut is said
    fillers = [section(f"a{n:03}", 0, 1_100) for n in range(70)]
    body = comment([*fillers, section("pypi-2024", 1, 1_100)], [], "main", "0" * 40)
    assert len(body) <= MAX_COMMENT
    headings = [line for line in body.splitlines() if line.startswith("### ")]
    assert headings[0] == "### pypi-2024: +$1.00 a month"
    # each folded section is ~1.2 kB: about 53 fit, the rest are named as left out
    kept = len(headings)
    assert 40 < kept < 70
    assert f"**{71 - kept} stack(s) left out to fit GitHub's comment limit**" in body
    assert f"a{kept - 1:03}" in body.rsplit("left out", 1)[1]  # the first one left out is named


def stack(folder: Path, name: str, config: str) -> Path:
    path = folder / f"Pulumi.{name}.yaml"
    path.write_text("config:\n" + config)
    return path


def test_a_change_to_scenarios_or_the_catalog_reaches_every_stack(tmp_path):
    stacks = [stack(tmp_path, "a", "  aws:region: us-east-1\n"), stack(tmp_path, "b", "  x: 1\n")]
    assert stacks_to_diff(["README.md"], "", stacks) == []
    assert stacks_to_diff(["scenarios/pypi-2026.yaml"], "", stacks) == stacks
    assert stacks_to_diff(["costmodel/catalog/aws/s3.yaml"], "", stacks) == stacks
    body = comment([], [], "main", "0" * 40, shared=1)
    assert "This change edits 1 file(s) of the scenarios or the price catalog" in body


def test_a_budget_scenario_beside_the_stack_reaches_its_stack(tmp_path):
    mine = stack(tmp_path, "mine", "  indexplan:budget: {scenario: ours.yaml, monthly_usd: 10}\n")
    other = stack(tmp_path, "other", "  aws:region: us-east-1\n")
    assert stacks_to_diff(["stacks/ours.yaml"], "", [mine, other]) == [mine]


def test_the_api_url_is_https_or_localhost_and_a_bad_one_is_said():
    from indexplan.ci.github import check_api

    assert check_api("https://api.github.com") is None
    assert check_api("http://127.0.0.1:8765") is None
    assert "HTTPS only" in (check_api("http://api.example.org") or "")
    assert "HTTPS only" in (check_api("file:///etc/passwd") or "")
    # urlsplit raises on these: a message, never a traceback
    for bad in ("http://[::1", "https://api.github.com:port"):
        assert "expected a URL such as https://api.github.com" in (check_api(bad) or ""), bad

"""docs/ci/github-actions-trusted.yml: a fork's stack files priced by the base branch's indexplan
on `pull_request_target`, and docs/ci/pull_request_data.py, the base's script it runs.

1. The workflow's properties, read from its YAML: the trigger, least permissions per job, every
   action pinned to a commit, no credentials kept, no expression inside a script, no cache,
   nothing of the pull request checked out or run, a comment job that runs no indexplan. Each
   check is shown to fail on a workflow broken the way it guards against (MUTATIONS).
2. The script, run as the workflow runs it, on a git repository holding a copy of this project
   (fixture_repo.py) whose pull request is fetched as objects only (refs/remotes/pull/head):
   what it copies, what it refuses, what it names for review, and the comment it writes.

What runs here: the script, git, the copy's indexplan. What does not: GitHub Actions, GitHub.
"""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
from typing import Any

import pytest
import yaml
from fixture_repo import PARTS, commit, git, run_in

from indexplan.paths import ROOT

WORKFLOW = ROOT / "docs" / "ci" / "github-actions-trusted.yml"
SCRIPT = "docs/ci/pull_request_data.py"
PINNED = re.compile(r"[A-Za-z0-9_.-]+/[A-Za-z0-9_./-]+@[0-9a-f]{40}")
# the event's fields a script may see (through env): numbers and commit ids, nothing a pull
# request's author writes (title, body, branch names, labels)
EVENT_FIELDS = {"github.event.pull_request.number", "github.event.pull_request.head.sha"}
ALLOWED_PERMISSIONS = {"price": {"contents": "read"}, "comment": {"pull-requests": "write"}}
# after the pull request's objects are fetched, the price job runs the base's script only
AFTER_FETCH = [f".venv/bin/python {SCRIPT} copy", f".venv/bin/python {SCRIPT} price"]
# the comment job runs no Python, no indexplan (its messages may name it)
RUNS_INDEXPLAN = re.compile(
    r"\.venv|python|\bpip\b|\buv\b|-m indexplan|\bindexplan (diff|check|estimate)"
)
RUNS_CODE = re.compile(
    r"\b(pip|uv|pytest|make|npm|npx|tox|nox|source|sh|bash)\b|git (checkout|switch|worktree|"
    r"reset|restore|merge|rebase|pull|am|apply|config)\b"
)


def load(text: str) -> dict[str, Any]:
    doc = yaml.safe_load(text)
    doc["on"] = doc.pop(True, doc.get("on"))  # YAML 1.1 reads the key `on` as true
    return doc


def steps(doc: dict[str, Any], job: str) -> list[dict[str, Any]]:
    return doc["jobs"][job]["steps"]


def violations(text: str) -> list[str]:
    """Every rule of the workflow's header it breaks, one line each."""
    doc = load(text)
    found = []
    if set(doc["on"]) != {"pull_request_target"}:
        found.append(f"trigger: {sorted(doc['on'])}")
    elif not set(doc["on"]["pull_request_target"]["types"]) <= {
        "opened",
        "synchronize",
        "reopened",
    }:
        found.append("trigger types")
    elif doc["on"]["pull_request_target"].get("branches") != ["main"]:
        found.append("trigger branches")
    if doc.get("permissions") != {}:
        found.append("top-level permissions")
    if set(doc["jobs"]) != set(ALLOWED_PERMISSIONS):
        found.append(f"jobs: {sorted(doc['jobs'])}")
    for name, job in doc["jobs"].items():
        if job.get("permissions") != ALLOWED_PERMISSIONS.get(name):
            found.append(f"{name}: permissions {job.get('permissions')}")
        for step in job["steps"]:
            found += _step_violations(name, step)
    found += _order_violations(doc)
    comment = doc["jobs"].get("comment", {})
    if comment.get("needs") != "price":
        found.append("comment: does not wait for price")
    for step in comment.get("steps", []):
        if "checkout" in step.get("uses", "") or RUNS_INDEXPLAN.search(step.get("run", "")):
            found.append("comment: runs indexplan or checks out code")
    for line in text.splitlines():  # each pin says which release it is
        if "uses:" in line and not re.search(r"@[0-9a-f]{40} # v\d+\.\d+\.\d+$", line):
            found.append(f"pin without its version: {line.strip()}")
    return found


def _step_violations(job: str, step: dict[str, Any]) -> list[str]:
    found = []
    uses = step.get("uses", "")
    if uses and not PINNED.fullmatch(uses):
        found.append(f"{job}: not pinned to a commit: {uses}")
    if "actions/cache" in uses or "cache" in step.get("with", {}):
        found.append(f"{job}: a cache")
    if "actions/checkout" in uses:
        with_ = step.get("with", {})
        if with_.get("persist-credentials") is not False:
            found.append(f"{job}: checkout keeps the token")
        if with_.get("ref") != "${{ github.sha }}":
            found.append(f"{job}: checkout of {with_.get('ref')!r}, not the base's own commit")
    if "${{" in step.get("run", ""):
        found.append(f"{job}: an expression inside a script: {step.get('name', step['run'])}")
    for value in step.get("env", {}).values():
        for field in re.findall(r"github\.event\.[A-Za-z0-9_.]+", str(value)):
            if field not in EVENT_FIELDS:
                found.append(f"{job}: the script sees {field}")
    for value in step.get("with", {}).values():
        if re.search(r"github\.(event\.pull_request\.head|head_ref)", str(value)):
            found.append(f"{job}: an action is handed the pull request's head")
    return found


def _order_violations(doc: dict[str, Any]) -> list[str]:
    """The price job installs before it fetches the pull request, then runs only the script."""
    runs = [s.get("run", "") for s in steps(doc, "price")] if "price" in doc["jobs"] else []
    fetch = [n for n, run in enumerate(runs) if "refs/pull/" in run]
    install = [n for n, run in enumerate(runs) if "uv sync" in run]
    if len(fetch) != 1 or len(install) != 1 or install[0] > fetch[0]:
        return ["price: the install does not come before the one fetch of the pull request"]
    found = []
    if RUNS_CODE.search(runs[fetch[0]]) or "refs/remotes/pull/head" not in runs[fetch[0]]:
        found.append("price: the fetch step does more than fetch objects")
    after = [run.strip() for run in runs[fetch[0] + 1 :] if run]
    if after != AFTER_FETCH:
        found.append(f"price: after the fetch it runs {after}")
    return found


def test_the_shipped_workflow_keeps_every_rule():
    assert violations(WORKFLOW.read_text()) == []


def test_its_marker_and_artifact_are_the_scripts():
    doc = load(WORKFLOW.read_text())
    upload = [s for s in steps(doc, "price") if "upload-artifact" in s.get("uses", "")]
    download = [s for s in steps(doc, "comment") if "download-artifact" in s.get("uses", "")]
    assert upload[0]["with"]["name"] == download[0]["with"]["name"]
    assert upload[0]["if"] == "${{ !cancelled() }}"  # the comment is kept when pricing fails
    post = steps(doc, "comment")[-1]
    assert post["env"]["MARKER"] == _script_constant("MARKER")
    assert "gh api" in post["run"] and '-F "body=@$body"' in post["run"]


def _script_constant(name: str) -> str:
    found = re.search(rf'^{name} = "([^"]*)"', (ROOT / SCRIPT).read_text(), re.M)
    assert found
    return found.group(1)


PIN = "actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1 # v7.0.1"
# (what is changed, into what, the violation expected): each check above failing once
MUTATIONS = [
    ("  pull_request_target: #", "  pull_request:\n  pull_request_target: #", "trigger: "),
    ("types: [opened, synchronize, reopened]", "types: [opened, closed]", "trigger types"),
    ("    branches: [main]\n", "", "trigger branches"),
    ("permissions: {} #", "permissions: write-all #", "top-level permissions"),
    ("contents: read #", "contents: write #", "price: permissions"),
    ("      contents: read #", "      actions: write\n      contents: read #", "price: perm"),
    ("pull-requests: write #", "pull-requests: write\n      contents: write #", "comment: perm"),
    (PIN, "actions/checkout@v7 # v7.0.1", "price: not pinned to a commit"),
    (PIN, "actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1", "pin without its version"),
    ("persist-credentials: false", "persist-credentials: true", "checkout keeps the token"),
    ("ref: ${{ github.sha }}", "ref: ${{ github.event.pull_request.head.sha }}", "checkout of"),
    ('python-version: "3.11"', 'python-version: "3.11"\n          cache: pip', "price: a cache"),
    ("upload-artifact@", "cache@", "price: a cache"),
    (
        "run: .venv/bin/python docs/ci/pull_request_data.py copy",
        'run: .venv/bin/python docs/ci/pull_request_data.py copy "${{ github.head_ref }}"',
        "an expression inside a script",
    ),
    (
        "HEAD_SHA: ${{ github.event.pull_request.head.sha }}",
        "HEAD_SHA: ${{ github.event.pull_request.title }}",
        "the script sees github.event.pull_",
    ),
    (
        "          path: trusted\n",
        "          path: trusted\n          repository: ${{ github.event.pull_request.head.repo."
        "full_name }}\n",
        "an action is handed the pull request's head",
    ),
    (
        "--no-write-fetch-head origin",
        "--no-write-fetch-head origin && git checkout pull/head &&",
        "the fetch step does more than fetch objects",
    ),
    (
        "docs/ci/pull_request_data.py price",
        "docs/ci/pull_request_data.py price && make",
        "after the fetch it runs",
    ),
    (
        "        run: .venv/bin/python docs/ci/pull_request_data.py copy",
        "        run: .venv/bin/pip install -e . && .venv/bin/python docs/ci/pull_request_data.py"
        " copy",
        "after the fetch it runs",
    ),
    (
        "run: python -m venv .venv && .venv/bin/pip install -q uv && .venv/bin/uv sync -q --frozen "
        "--inexact",
        "run: echo later",
        "the install does not come before",
    ),
    ("    needs: price\n", "", "comment: does not wait for price"),
    (
        "      - uses: actions/download-artifact@",
        "      - run: .venv/bin/indexplan diff all-aws\n      - uses: actions/download-artifact@",
        "comment: runs indexplan",
    ),
]


@pytest.mark.parametrize(("old", "new", "expected"), MUTATIONS, ids=[m[2] for m in MUTATIONS])
def test_each_rule_fails_on_a_workflow_broken_its_way(old, new, expected):
    text = WORKFLOW.read_text()
    assert text.count(old) >= 1, old
    broken = text.replace(old, new, 1)
    assert any(expected in v for v in violations(broken)), violations(broken)


# ---- the script, on a repository whose pull request is only objects ------------------------

PULL = "refs/remotes/pull/head"
BOOK = "  indexplan:price_book: ../examples/pr-book.yaml\n"
OUTSIDE_BOOK = "  indexplan:price_book: ../../../../../../etc/passwd.yaml\n"
PLANTED = "sitecustomize.py"  # would run at every Python start-up, were it on the path


@pytest.fixture(scope="module")
def pulled(tmp_path_factory):
    """(the repository, its base commit, where the planted code would leave its mark): the
    project at its base, and a pull request that edits static-index and tries what a hostile
    one would, fetched as objects (as the workflow's fetch leaves it), the base checked out."""
    repo = tmp_path_factory.mktemp("trusted")
    mark = tmp_path_factory.mktemp("mark") / "ran"
    for part in (*PARTS, "examples", SCRIPT):
        source, target = ROOT / part, repo / part
        target.parent.mkdir(parents=True, exist_ok=True)
        if source.is_dir():
            shutil.copytree(source, target, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, target)
    git(repo, "init", "-q", "-b", "main")
    commit(repo, "base")
    base = git(repo, "rev-parse", "HEAD")
    git(repo, "checkout", "-q", "-b", "pr")
    stacks = repo / "stacks"
    static = (stacks / "Pulumi.static-index.yaml").read_text()
    assert static.count("app_routes: bucket") == 1
    (stacks / "Pulumi.static-index.yaml").write_text(
        static.replace("app_routes: bucket", "app_routes: outside")
    )
    os.symlink("Pulumi.static-index.yaml", stacks / "Pulumi.linked.yaml")
    (stacks / "Pulumi.peek.yaml").write_text(static + OUTSIDE_BOOK)
    (stacks / "Pulumi.huge.yaml").write_text(static + "#" * 2_000_001 + "\n")
    # a new stack with a new price book of its own: both copied
    (stacks / "Pulumi.booked.yaml").write_text(static + BOOK)
    shutil.copy(repo / "examples" / "contract.yaml", repo / "examples" / "pr-book.yaml")
    # code, traffic and a workflow: never used, each would show if it were
    s3 = repo / "infra" / "storage" / "s3.py"
    s3.write_text(f"open({str(mark)!r}, 'w').write('infra')\n" + s3.read_text())
    (repo / PLANTED).write_text(f"open({str(mark)!r}, 'w').write('sitecustomize')\n")
    scenario = repo / "scenarios" / "pypi-2026.yaml"
    scenario.write_text(scenario.read_text().replace("requests: 6e9/day", "requests: 6e13/day"))
    (repo / ".github" / "workflows").mkdir(parents=True)
    (repo / ".github" / "workflows" / "x.yml").write_text("on: push\n")
    commit(repo, "a pull request")
    git(repo, "update-ref", PULL, "HEAD")
    git(repo, "checkout", "-q", "main")
    git(repo, "branch", "-q", "-D", "pr")  # only the fetched ref is left, as in the workflow
    return repo, base, mark


def test_the_script_prices_the_stack_files_only_with_the_bases_code(pulled, cache, tmp_path):
    repo, base, mark = pulled
    env = {"OUT": str(tmp_path), "BASE_SHA": base, "PYTHONPATH": str(repo)}
    copied = run_in(repo, cache, SCRIPT, "copy", env=env)
    assert copied.returncode == 0, copied.stderr
    # one commit on the base: the stack files and the price book as the pull request has them
    assert git(repo, "diff", "--name-only", f"{base}..HEAD").split() == [
        "examples/pr-book.yaml",
        "stacks/Pulumi.booked.yaml",
        "stacks/Pulumi.static-index.yaml",
    ]
    assert "app_routes: outside" in (repo / "stacks" / "Pulumi.static-index.yaml").read_text()
    for refused in ("linked", "peek", "huge"):
        assert not (repo / "stacks" / f"Pulumi.{refused}.yaml").exists()
    assert not (repo / PLANTED).exists() and not (repo / ".github").exists()
    notice = (tmp_path / "notice.md").read_text()
    assert notice.splitlines()[:3] == [
        "- `stacks/Pulumi.huge.yaml`: not priced: over 2,000,000 bytes",
        "- `stacks/Pulumi.linked.yaml`: not priced: not a regular file (git mode 120000)",
        "- `stacks/Pulumi.peek.yaml`: not priced: indexplan:price\\_book names a file other than "
        "a YAML file in stacks/, examples/, scenarios/",
    ]
    assert "**This pull request also changes 7 file(s) this job does not use**" in notice
    for path in ("infra/storage/s3.py", "scenarios/pypi-2026.yaml", PLANTED, ".github/"):
        assert path in notice, path
    assert (tmp_path / "stacks.txt").read_text() == (
        "stacks/Pulumi.booked.yaml\nstacks/Pulumi.static-index.yaml\n"
    )

    priced = run_in(repo, cache, SCRIPT, "price", env=env)
    assert priced.returncode == 0, priced.stderr
    comment = (tmp_path / "comment.md").read_text()
    assert comment.startswith(_script_constant("MARKER") + "\n- `stacks/Pulumi.huge.yaml`: not")
    assert "<!-- indexplan-cost-comment -->" not in comment  # the other job's marker
    # by hand (tests/infra/test_infra_app_routes.py): at pypi-2026, 2,739,375 thousand GETs
    # ($1,095.75) become 1,369,687.5 thousand ($547.88): -$547.87 a month, at the base's
    # scenario (the pull request's 6e13 requests a day would be 10,000 times more)
    assert "### `static-index`: -$547.87 a month" in comment
    summary = "<details><summary>indexplan check <code>static-index</code>: exit status 0"
    assert summary in comment
    # the new stack, priced at its own (copied) price book
    assert re.search(r"### `booked`: \+\$[\d,.]+ a month \(new\) at contracted", comment)
    assert "<details><summary>indexplan check <code>booked</code>: exit status 0" in comment
    assert not mark.exists()  # neither the planted sitecustomize nor the edited program ran


# ---- the script's checks on what a stack names (s10-review-ci's findings) -------------------


@pytest.fixture(scope="module")
def script():
    spec = importlib.util.spec_from_file_location("pull_request_data", ROOT / SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("key", ["price_book", "budget"])
def test_an_absolute_path_a_stack_names_is_refused(script, tmp_path, key):
    # "stacks/" + "/tmp/x.yaml" normalised to stacks/tmp/x.yaml and passed, while indexplan
    # read /tmp/x.yaml itself: any YAML file on the runner, quoted in a public comment
    static = (ROOT / "stacks" / "Pulumi.static-index.yaml").read_text()
    line = {
        "price_book": "  indexplan:price_book: /tmp/secret.yaml\n",
        "budget": "  indexplan:budget:\n    scenario: /tmp/secret.yaml\n",
    }[key]
    stack = tmp_path / "Pulumi.abs.yaml"
    stack.write_text(static + line)
    named = script.named_files(stack)
    assert [path for _, path in named] == [None]
    assert not script.plain_data_file(None)


@pytest.mark.parametrize(
    ("path", "plain"),
    [
        ("stacks/book.yaml", True),
        ("examples/contract.yml", True),
        ("scenarios/pypi-2026.yaml", True),
        ("stacks/.gitattributes", False),  # git runs the filters it names on `git add`
        ("stacks/.hidden/book.yaml", False),
        ("stacks/book.py", False),
        ("infra/book.yaml", False),
        ("stacks/book yaml.yaml", False),
    ],
)
def test_only_plain_yaml_files_in_the_data_folders_are_taken(script, path, plain):
    assert script.plain_data_file(path) is plain


def test_many_or_long_names_cannot_push_the_verdict_out(script):
    names = [f"stacks/Pulumi.{'x' * 200}{n}.yaml" for n in range(25)]
    text = script.shown(names, "file(s)")
    # 20 names of 119 characters and an ellipsis, then the count of the rest
    assert text.count("…") == 20 and text.endswith(" and 5 more file(s)")
    assert len(text) < 20 * 125 + 30


# ---- names from the pull request shown as written, never as links (s10-review-ci F7) --------

# Each would be a link, a mention, a tag or emphasis as plain Markdown text: GitHub's extended
# autolinks (GFM 0.29-gfm, 6.9) link www.x.com and https://... found in text after a space.
HOSTILE_NAMES = [
    "www.evil.com/login.yaml",
    "https://evil.com/x.yaml",
    "@org/team.yaml",
    '<a href="https://evil.com/">x</a>',
    "[click](https://evil.com)",
    "**bold**",
    "x&amp;y",
    "a`b",
    "`lead",
    "  padded  ",
]


def test_names_are_code_spans_with_a_fence_longer_than_their_backticks(script):
    # by hand: one backtick inside needs a fence of two; a name starting with one is padded by
    # a space (GFM 6.1 strips one space from each end of such a span)
    assert script.shown(["www.evil.com/login.yaml", "a`b", "`lead"], "file(s)") == (
        "`www.evil.com/login.yaml`, ``a`b``, `` `lead ``"
    )


def test_every_name_renders_as_a_code_span_and_nothing_else(script):
    # Parsed by a CommonMark parser (markdown-it-py, which rich brings): each name is exactly
    # one code span's content, and the text between them is the script's own ", ". GitHub's
    # extended autolinks apply to text only (GFM 6.9), so none can start inside a name.
    from markdown_it import MarkdownIt

    (paragraph,) = [t for t in MarkdownIt("commonmark").parse(script.shown(HOSTILE_NAMES, ""))
                    if t.type == "inline"]  # fmt: skip
    tokens = [(t.type, t.content) for t in paragraph.children or []]
    assert tokens[0::2] == [("code_inline", name) for name in HOSTILE_NAMES]
    assert set(tokens[1::2]) == {("text", ", ")}


def test_a_stack_named_like_a_host_is_a_code_span_in_the_headings():
    # stacks/Pulumi.www.evil.com.yaml passes the STACK pattern: its name is www.evil.com
    from indexplan.ci.cost_comment import comment, failed

    section = failed("www.evil.com", 2, "www.evil.com: a line")
    assert section.markdown.startswith("### `www.evil.com`: could not be priced\n")
    text = comment([], ["www.evil.com"], "main", "0" * 40)
    assert "- stack `www.evil.com` is removed by this change (not priced)" in text

"""The CI job: docs/ci/github-actions.yml runs `python -m indexplan.ci.cost_comment`. Here it
runs on the fixture repository (fixture_repo.py) against c2 as a pull request would: c3 edits
all-aws, adds the stack `new` and removes `gone`.

What runs here is the script itself, its git and its HTTP requests. What does not: GitHub
Actions, and GitHub. A local HTTP server stands in for the REST API's issue-comment endpoints
(list, create, update; docs.github.com/en/rest/issues/comments) to check post-or-update.

By hand, under pypi-2023 (test_diff_cases.py): all-aws costs $1,371,313.36 at c2 (`indexplan
estimate`; test_budgets.py) and 730 h x (0.318 - 0.45) = $96.36 less at c3,
-9,636 / 137,131,336 = -0.0070 %; `new` (an all-aws) adds its whole $1,371,313.36 from $0.
"""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import ClassVar

import pytest
from fixture_repo import run_in

from indexplan.ci.github import BOT, MARKER

ALL_AWS = "### `all-aws`: -$96.36 a month (-0.007%) at list price, $1,371,313.36 to $1,371,217.00"
NEW = "### `new`: +$1,371,313.36 a month (new) at list price, $0.00 to $1,371,313.36"
JOB = ["-m", "indexplan.ci.cost_comment", "--base-ref", "HEAD~1", "--scenario", "pypi-2023"]


def test_one_comment_covers_each_changed_stack(repo, cache, tmp_path):
    comment = tmp_path / "comment.md"
    summary = tmp_path / "summary.md"
    done = run_in(
        repo,
        cache,
        *JOB,
        "--fail-above",
        "1000",
        "--output",
        str(comment),
        env={"GITHUB_STEP_SUMMARY": str(summary)},
    )
    # exit 1: `new` rises from $0 by more than --fail-above 1000; the comment is written anyway
    assert done.returncode == 1, done.stderr
    body = comment.read_text()
    assert body.startswith(MARKER + "\n## indexplan: the monthly cost of this change\n")
    # the stack over budget first (what a reviewer must see, never cut off), then the rest
    assert [line for line in body.splitlines() if line.startswith("### ")] == [NEW, ALL_AWS]
    assert "- stack `gone` is removed by this change (not priced)" in body
    assert (
        "> budget exceeded: --fail-above 1000: the monthly bill (list price) rises by "
        "+$1,371,313.36 (from $0.00), $1,370,313.36 over the $1,000.00 allowed"
    ) in body
    assert body.count("<details>") == 2  # one full breakdown per stack
    # the job summary gets the same comment, without the marker
    assert summary.read_text().strip() == body.replace(MARKER, "").strip()


class FakeGitHub(BaseHTTPRequestHandler):
    """Answers as api.github.com's issue-comment endpoints do; records every request."""

    comments: ClassVar[list[dict]] = []
    requests: ClassVar[list[tuple[str, str, str, dict | None]]] = []
    refuse_writes = False

    def _answer(self, status: int, payload: object) -> None:
        data = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _record(self) -> dict | None:
        length = int(self.headers.get("Content-Length") or 0)
        body = json.loads(self.rfile.read(length)) if length else None
        self.requests.append((self.command, self.path, self.headers["Authorization"], body))
        return body

    def do_GET(self):
        self._record()
        page = int(self.path.rsplit("page=", 1)[-1])
        self._answer(200, self.comments[(page - 1) * 100 : page * 100])

    def do_POST(self):
        body = self._record()
        if self.refuse_writes:
            self._answer(403, {"message": "Resource not accessible by integration"})
            return
        self.comments.append({"id": 42, "body": body["body"], "user": {"login": BOT}})
        self._answer(201, {"id": 42})

    def do_PATCH(self):
        body = self._record()
        number = int(self.path.rsplit("/", 1)[-1])
        next(c for c in self.comments if c["id"] == number)["body"] = body["body"]
        self._answer(200, {"id": number})

    def log_message(self, *args):  # quiet
        pass


@pytest.fixture
def github():
    FakeGitHub.comments, FakeGitHub.requests, FakeGitHub.refuse_writes = [], [], False
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeGitHub)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def post(repo, cache, tmp_path, api, token="t0ken-for-tests"):
    event = tmp_path / "event.json"
    event.write_text(json.dumps({"pull_request": {"number": 7}}))
    env = {
        "GITHUB_TOKEN": token,
        "GITHUB_REPOSITORY": "acme/index",
        "GITHUB_API_URL": api,
        "GITHUB_EVENT_PATH": str(event),
    }
    return run_in(repo, cache, *JOB, "--post", "--output", str(tmp_path / "c.md"), env=env)


def test_posts_one_comment_then_updates_it(repo, cache, tmp_path, github):
    # 120 other comments first, so ours is found on the second page when it is there
    FakeGitHub.comments = [{"id": 1000 + i, "body": f"comment {i}"} for i in range(120)]
    first = post(repo, cache, tmp_path, github)
    assert first.returncode == 0, first.stderr
    assert "created comment 42 on pull request 7" in first.stderr
    second = post(repo, cache, tmp_path, github)
    assert second.returncode == 0, second.stderr
    assert "updated comment 42 on pull request 7" in second.stderr
    calls = [(method, path) for method, path, _, _ in FakeGitHub.requests]
    listing = "/repos/acme/index/issues/7/comments?per_page=100"
    assert calls == [
        ("GET", f"{listing}&page=1"),
        ("GET", f"{listing}&page=2"),
        ("POST", "/repos/acme/index/issues/7/comments"),
        ("GET", f"{listing}&page=1"),
        ("GET", f"{listing}&page=2"),
        ("PATCH", "/repos/acme/index/issues/comments/42"),
    ]
    assert {auth for _, _, auth, _ in FakeGitHub.requests} == {"Bearer t0ken-for-tests"}
    assert FakeGitHub.comments[-1]["body"] == (tmp_path / "c.md").read_text()
    assert sum(MARKER in c["body"] for c in FakeGitHub.comments) == 1
    for done in (first, second):
        assert "t0ken-for-tests" not in done.stdout + done.stderr


def test_only_the_bots_own_comment_is_ever_updated(repo, cache, tmp_path, github):
    # review s8-sec, finding 6: a reviewer quoting the marker, and an author planting a comment
    # that starts with it for the report to land in, are both left alone; a new one is made
    FakeGitHub.comments = [
        {"id": 7, "body": f"as the bot said: {MARKER} ...", "user": {"login": BOT}},
        {"id": 8, "body": f"{MARKER}\nall fine", "user": {"login": "pr-author"}},
    ]
    done = post(repo, cache, tmp_path, github)
    assert "created comment 42 on pull request 7" in done.stderr, done.stderr
    assert [c["body"] for c in FakeGitHub.comments[:2]] == [
        f"as the bot said: {MARKER} ...",
        f"{MARKER}\nall fine",
    ]


def test_the_token_goes_over_https_only(repo, cache, tmp_path):
    done = post(repo, cache, tmp_path, "http://api.example.org")
    assert done.returncode == 2
    assert "the token is sent over HTTPS only (http only to localhost)" in done.stderr


def test_a_read_only_token_leaves_the_verdict_to_the_diff(repo, cache, tmp_path, github):
    FakeGitHub.refuse_writes = True  # what a pull request from a fork gets
    done = post(repo, cache, tmp_path, github)
    assert done.returncode == 0, done.stderr
    assert "not posted: GitHub answered 403 Forbidden (a pull request from a fork" in done.stderr


def test_posting_without_a_token_is_refused(repo, cache, tmp_path, github):
    done = post(repo, cache, tmp_path, github, token="")
    assert done.returncode == 2
    assert "--post needs GITHUB_TOKEN" in done.stderr
    assert FakeGitHub.requests == []


def test_the_comment_never_replaces_a_stack_file(repo, cache, tmp_path):
    # --output through a link to a stack the job reads: the CLI's guarded writer refuses it
    # (one line, exit 2) and the stack is as it was
    stack = repo / "stacks" / "Pulumi.all-aws.yaml"
    before = stack.read_bytes()
    link = tmp_path / "comment.md"
    link.symlink_to(stack)
    done = run_in(repo, cache, *JOB, "--output", str(link))
    assert done.returncode == 2, done.stderr
    assert done.stderr.startswith("indexplan.ci.cost_comment: --output: ")
    assert "is an input of this command" in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
    assert stack.read_bytes() == before and link.is_symlink()

"""Post a pull request's cost comment, or update the one posted before: GitHub's REST API for
issue comments (docs.github.com/en/rest/issues/comments: list a pull request's comments, create
one, update one), with the workflow's token. The comment is found again by a hidden marker."""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from typing import Any

MARKER = "<!-- indexplan-cost-comment -->"
# Who posts with the workflow's GITHUB_TOKEN; only its comments are ever updated (anyone can
# write a comment holding the marker: a reviewer quoting the bot, or a pull request's author
# planting one for the report to land in and be edited afterwards).
BOT = "github-actions[bot]"
API_VERSION = "2022-11-28"
PAGE = 100


class GitHub:
    def __init__(self, api: str, repository: str, token: str, author: str = BOT) -> None:
        self.api = api.rstrip("/")
        self.repository = repository
        self.token = token
        self.author = author

    def upsert_comment(self, pull_request: int, body: str) -> str:
        """Update the comment carrying MARKER, or create one; returns what was done."""
        existing = self._find(pull_request)
        if existing is not None:
            self._call("PATCH", f"/repos/{self.repository}/issues/comments/{existing}", body)
            return f"updated comment {existing}"
        made = self._call("POST", f"/repos/{self.repository}/issues/{pull_request}/comments", body)
        return f"created comment {made.get('id')}"

    def _find(self, pull_request: int) -> int | None:
        page = 1
        while True:
            path = f"/repos/{self.repository}/issues/{pull_request}/comments"
            comments = self._call("GET", f"{path}?per_page={PAGE}&page={page}")
            for comment in comments:
                mine = (comment.get("user") or {}).get("login") == self.author
                if mine and (comment.get("body") or "").startswith(MARKER):
                    return int(comment["id"])
            if len(comments) < PAGE:
                return None
            page += 1

    def _call(self, method: str, path: str, body: str | None = None) -> Any:
        request = urllib.request.Request(
            self.api + path,
            data=json.dumps({"body": body}).encode() if body is not None else None,
            method=method,
            headers={
                "Accept": "application/vnd.github+json",
                "Authorization": f"Bearer {self.token}",
                "X-GitHub-Api-Version": API_VERSION,
                "Content-Type": "application/json",
                "User-Agent": "indexplan-cost-comment",
            },
        )
        with urllib.request.urlopen(request, timeout=30) as response:
            return json.loads(response.read() or b"null")


def check_api(api: str) -> str | None:
    """Why the token may not be sent to `api`, or None: over HTTPS only (plain HTTP to this
    machine, for a stand-in server)."""
    try:
        parsed = urllib.parse.urlsplit(api)  # raises on a bad IPv6 literal
        host, _ = parsed.hostname, parsed.port  # .port raises on a port that is no number
    except ValueError:
        return f"--api {api!r}: expected a URL such as https://api.github.com"
    if parsed.scheme == "https" and host:
        return None
    if parsed.scheme == "http" and host in ("localhost", "127.0.0.1", "::1"):
        return None
    return f"--api {api!r}: the token is sent over HTTPS only (http only to localhost)"


def post_error(exc: urllib.error.URLError) -> str:
    """Why the comment could not be posted, in one line (a fork's read-only token gives 403)."""
    if isinstance(exc, urllib.error.HTTPError):
        hint = " (a pull request from a fork gets a read-only token)" if exc.code == 403 else ""
        return f"GitHub answered {exc.code} {exc.reason}{hint}"
    return f"GitHub could not be reached: {exc.reason}"

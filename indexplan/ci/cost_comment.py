"""`python -m indexplan.ci.cost_comment --base-ref REV`: what a pull request's change costs a
month, one section per stack it changes, as one Markdown comment.

Which stacks: each stack file under stacks/ the change adds or edits, a stack whose price book
or budget scenario file it edits, and every stack when it touches the program (infra/,
Pulumi.yaml), the scenarios or the price catalog (a budget is checked at those). Each section is
`indexplan diff STACK --base-ref REV --format markdown --allow-new-stack`, run in this process
(the provider SDKs are imported once for all of them). The comment goes to --output (default
stdout), to the job summary when GitHub Actions has one, and with --post onto the pull request,
replacing the one posted before. The token is read from GITHUB_TOKEN only, never an option.

Exit status: 0; 1 when a stack breaks a budget (its own, or --fail-above); 2 when a stack
cannot be priced or an option is wrong. The comment is written in every case but the last.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import posixpath
import sys
from dataclasses import dataclass
from pathlib import Path

from indexplan.ci.github import BOT, MARKER
from indexplan.render.markdown import inline
from indexplan.render.pr_comment import code_span

TITLE = "## indexplan: the monthly cost of this change"
# GitHub refuses a comment over 65,536 characters; the full breakdowns go first.
MAX_COMMENT = 65_000


@dataclass(frozen=True)
class Section:
    stack: str
    status: int  # indexplan diff's exit status
    markdown: str


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        print(f"indexplan.ci.cost_comment: {message}", file=sys.stderr)
        raise SystemExit(2)


def parse(argv: list[str]) -> argparse.Namespace:
    parser = _Parser(prog="python -m indexplan.ci.cost_comment", description=__doc__)
    parser.add_argument("--base-ref", required=True, metavar="REV", help="the base branch")
    parser.add_argument("--scenario", help="for every stack (default: as `indexplan diff`)")
    parser.add_argument("--fail-above", metavar="AMOUNT|PERCENT", help="as `indexplan diff`")
    parser.add_argument("--fail-above-on", metavar="bill|out-of-pocket", help="as `indexplan diff`")
    parser.add_argument("--allow-unpriced", action="store_true", help="as `indexplan diff`")
    parser.add_argument("--output", type=Path, help="write the comment here, not to stdout")
    parser.add_argument("--post", action="store_true", help="post or update it on GitHub")
    parser.add_argument("--pr", type=int, help="the pull request (default: from the event)")
    parser.add_argument("--repository", default=os.environ.get("GITHUB_REPOSITORY"))
    parser.add_argument(
        "--comment-author",
        default=BOT,
        metavar="LOGIN",
        help=f"only a comment by this user is updated (default {BOT}, the workflow token's)",
    )
    parser.add_argument("--api", default=os.environ.get("GITHUB_API_URL", "https://api.github.com"))
    return parser.parse_args(argv)


def stacks_to_diff(changed: list[str], prefix: str, stacks: list[Path]) -> list[Path]:
    """The stacks (of this checkout) the changed paths (from the repository's top) reach."""
    from indexplan.stackfile import read_stack_config

    program = {f"{prefix}Pulumi.yaml"}
    if any(p in program or p.startswith(f"{prefix}infra/") for p in changed):
        return stacks
    if shared_inputs(changed, prefix):  # a budget priced at the new traffic or prices
        return stacks
    picked = []
    for stack in stacks:
        config = read_stack_config(stack)
        budget = config.get("indexplan:budget")
        named = [f"{prefix}stacks/{stack.name}"] + [
            posixpath.normpath(f"{prefix}stacks/{path}")
            for path in (
                config.get("indexplan:price_book"),
                budget.get("scenario") if isinstance(budget, dict) else None,
            )
            if isinstance(path, str)
        ]
        if any(path in changed for path in named):
            picked.append(stack)
    return picked


def shared_inputs(changed: list[str], prefix: str) -> list[str]:
    """The changed files every stack is priced with: scenarios and the price catalog."""
    shared = (f"{prefix}scenarios/", f"{prefix}costmodel/catalog/")
    return [p for p in changed if p.startswith(shared)]


def diff_section(stack: Path, args: argparse.Namespace) -> Section:
    from indexplan.cli import main
    from indexplan.stackfile import stack_name

    argv = ["diff", str(stack), "--base-ref", args.base_ref, "--format", "markdown"]
    argv += ["--allow-new-stack"]
    argv += ["--scenario", args.scenario] if args.scenario else []
    argv += ["--fail-above", args.fail_above] if args.fail_above else []
    argv += ["--fail-above-on", args.fail_above_on] if args.fail_above_on else []
    argv += ["--allow-unpriced"] if args.allow_unpriced else []
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = main(argv)
    name = stack_name(stack)
    if status in (0, 1):
        return Section(name, status, out.getvalue())
    return failed(name, status, err.getvalue().strip() or f"exit status {status}")


def failed(name: str, status: int, said: str) -> Section:
    """A stack that could not be priced: its error, which quotes the pull request's own files,
    as inert Markdown, every line inside the quote."""
    quoted = "\n".join(f"> {inline(line)}" for line in said.splitlines())
    return Section(name, status, f"### {code_span(name)}: could not be priced\n\n{quoted}\n")


def comment(
    sections: list[Section], removed: list[str], rev: str, commit: str, shared: int = 0
) -> str:
    lines = [MARKER, TITLE, ""]
    if not sections and not removed:
        lines.append(f"No stack, price book or program changed since `{rev}`: nothing to price.")
    else:
        lines.append(f"Against `{rev}` ({commit[:10]}), monthly, under each stack's scenario.")
    if shared:
        lines += [
            "",
            f"This change edits {shared} file(s) of the scenarios or the price catalog, which "
            "both sides are priced with: the differences below are the stacks' and the "
            "program's alone, and every budget is checked at the new traffic and prices.",
        ]
    lines.append("")
    for name in removed:
        lines.append(f"- stack {code_span(name)} is removed by this change (not priced)")
    # what needs a reviewer first (cannot be priced, over budget), so that filler stacks
    # sorting before the real change cannot push it out of a comment cut to GitHub's limit
    sections = sorted(sections, key=lambda s: {2: 0, 1: 1}.get(s.status, 2))
    head = "\n".join(lines) + "\n"
    body = head + "\n".join(s.markdown for s in sections)
    if len(body) <= MAX_COMMENT:
        return body
    kept: list[str] = []
    for n, section in enumerate(sections):
        text = _without_breakdown(section.markdown)
        size = len(head) + sum(len(k) + 1 for k in kept) + len(text)  # + the "\n" joins
        if size + len(_left_out(sections[n:])) > MAX_COMMENT:
            return head + "\n".join(kept) + _left_out(sections[n:])
        kept.append(text)
    return head + "\n".join(kept)


def _left_out(sections: list[Section], shown: int = 20) -> str:
    names = ", ".join(code_span(s.stack) for s in sections[:shown])
    more = f" and {len(sections) - shown} more" if len(sections) > shown else ""
    return (
        f"\n**{len(sections)} stack(s) left out to fit GitHub's comment limit** (run "
        f"`indexplan diff STACK --base-ref REV` for each): {names}{more}\n"
    )


def _without_breakdown(markdown: str) -> str:
    start = markdown.find("<details>")
    if start < 0:
        return markdown
    note = "_Full breakdown left out to fit GitHub's comment limit: run `indexplan diff`._\n"
    return markdown[:start] + note


def main(argv: list[str] | None = None) -> int:
    from costmodel.errors import InputError
    from indexplan.paths import ROOT, STACKS_DIR
    from indexplan.revision.git import Repo

    args = parse(sys.argv[1:] if argv is None else argv)
    try:
        repo = Repo.of(ROOT, args.base_ref)
        commit = repo.commit()
        changed = repo.changed_since(commit)
    except InputError as exc:
        print(f"indexplan.ci.cost_comment: {exc}", file=sys.stderr)
        return 2
    root = repo.relative(ROOT)
    prefix = "" if root == "." else f"{root}/"
    stacks = sorted(STACKS_DIR.glob("Pulumi.*.yaml"))
    sections = [diff_section(s, args) for s in stacks_to_diff(changed, prefix, stacks)]
    removed = sorted(
        posixpath.basename(p).removeprefix("Pulumi.").removesuffix(".yaml")
        for p in changed
        if p.startswith(f"{prefix}stacks/Pulumi.") and not (repo.top / p).exists()
    )
    body = comment(sections, removed, args.base_ref, commit, len(shared_inputs(changed, prefix)))
    try:
        _write(body, args.output, stacks)
    except InputError as exc:
        print(f"indexplan.ci.cost_comment: {exc}", file=sys.stderr)
        return 2
    if args.post and not _post(body, args):
        return 2
    statuses = {s.status for s in sections}
    if statuses - {0, 1}:
        return 2
    return 1 if 1 in statuses else 0


def _write(body: str, output: Path | None, inputs: list[Path]) -> None:
    if output is not None:  # never over a stack file, a FIFO or a device (the CLI's writer)
        from costmodel.files.output import write_output

        write_output(output, "--output", body, inputs)
    else:
        sys.stdout.write(body)
    summary = os.environ.get("GITHUB_STEP_SUMMARY")
    if summary:
        with open(summary, "a", encoding="utf-8") as out:
            out.write(body.replace(MARKER, "") + "\n")


def _post(body: str, args: argparse.Namespace) -> bool:
    import urllib.error

    from indexplan.ci.github import GitHub, check_api, post_error

    token = os.environ.get("GITHUB_TOKEN")
    number = args.pr or _event_pull_request()
    missing = [
        what
        for what, value in (
            ("GITHUB_TOKEN", token),
            ("--repository or GITHUB_REPOSITORY", args.repository),
            ("--pr or a pull_request event", number),
        )
        if not value
    ]
    if missing:
        print(f"indexplan.ci.cost_comment: --post needs {', '.join(missing)}", file=sys.stderr)
        return False
    if refused := check_api(args.api):
        print(f"indexplan.ci.cost_comment: {refused}", file=sys.stderr)
        return False
    assert token and args.repository and number
    try:
        github = GitHub(args.api, args.repository, token, args.comment_author)
        done = github.upsert_comment(number, body)
    except urllib.error.URLError as exc:
        print(f"indexplan.ci.cost_comment: not posted: {post_error(exc)}", file=sys.stderr)
        return True  # the comment is in the output and the job summary; the diff's verdict stands
    print(f"indexplan.ci.cost_comment: {done} on pull request {number}", file=sys.stderr)
    return True


def _event_pull_request() -> int | None:
    """The pull request's number from the event GitHub Actions ran the job for."""
    path = os.environ.get("GITHUB_EVENT_PATH")
    if not path:
        return None
    try:
        event = json.loads(Path(path).read_text(encoding="utf-8"))
        return int(event["pull_request"]["number"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


if __name__ == "__main__":
    sys.exit(main())

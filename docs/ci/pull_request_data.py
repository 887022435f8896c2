"""The trusted side of docs/ci/github-actions-trusted.yml: a pull request's stack files and price
books, read as data, priced by the base branch's own indexplan.

Run from the base branch's checkout with its virtualenv (`.venv/bin/python docs/ci/...`), after
the pull request's commits were fetched as objects to PULL (nothing of them checked out):

- `copy`: each stack file the pull request adds, edits or removes (`stacks/Pulumi.<name>.yaml`),
  and each price book such a file names that the pull request changes, is copied out of git's
  objects into the work tree if it is a regular file (not a symlink or submodule) of at most
  2 MB; a stack naming a price book or budget scenario outside stacks/, examples/ and
  scenarios/ is not priced. The copies are committed on top of the base, so that
  `indexplan.ci.cost_comment --base-ref BASE` sees exactly them. Everything else the pull
  request changes (code, scenarios, the catalog, workflows) is not used, and is named.
- `price`: `python -m indexplan.ci.cost_comment` and `indexplan check` on each copied stack;
  writes the comment (under its own marker) to OUT/comment.md; exits with the verdict
  (0, 1 over a budget or failing a rule, 2 not priced).

Neither step runs anything the pull request holds: git reads its objects, indexplan reads its
YAML through the same bounded readers as any user file.
"""

from __future__ import annotations

import html
import os
import re
import subprocess
import sys
from pathlib import Path

PULL = "refs/remotes/pull/head"  # where the workflow fetched the pull request's head
MARKER = "<!-- indexplan-cost-comment (trusted) -->"  # not the pull_request job's marker
MAX_BYTES = 2_000_000  # the largest YAML file indexplan reads (costmodel/files/bounds.py)
MAX_COMMENT = 65_000  # GitHub refuses a comment over 65,536 characters
STACK = re.compile(r"stacks/Pulumi\.[A-Za-z0-9][A-Za-z0-9._-]{0,99}\.ya?ml")
PLAIN_PATH = re.compile(r"[A-Za-z0-9._/-]{1,300}")
DATA_DIRS = ("stacks/", "examples/")  # where a pull request's price books are taken from
NAMED_DIRS = (*DATA_DIRS, "scenarios/")  # where a stack may name files at all
SHOWN = 20  # files named in the notice, at most


def git(*args: str, check: bool = True) -> bytes:
    # No system or user config: a filter, hook or alias configured on the runner (git-lfs sets a
    # system-wide filter) must not run on a file the pull request wrote.
    env = {
        **os.environ,
        "GIT_LITERAL_PATHSPECS": "1",
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_CONFIG_GLOBAL": os.devnull,
    }
    return subprocess.run(["git", *args], check=check, capture_output=True, env=env).stdout


def changed() -> list[str]:
    """What the pull request changes since it left the base (`BASE...PULL`, as GitHub shows)."""
    out = git("diff", "--name-only", "--no-renames", "-z", f"HEAD...{PULL}")
    return [p for p in out.decode("utf-8", "surrogateescape").split("\0") if p]


def blob(path: str) -> tuple[bytes | None, str | None]:
    """The file at the pull request's head: (its bytes, None), (None, None) when the pull
    request removes it, or (None, why it is not copied)."""
    entry = git("ls-tree", "-z", "--full-tree", PULL, "--", path).rstrip(b"\0")
    if not entry:
        return None, None
    mode, kind, sha = entry.split(b"\t", 1)[0].decode().split()
    if kind != "blob" or mode not in ("100644", "100755"):
        return None, f"not a regular file (git mode {mode})"
    if int(git("cat-file", "-s", sha)) > MAX_BYTES:
        return None, f"over {MAX_BYTES:,} bytes"
    return git("cat-file", "blob", sha), None


def named_files(stack: Path) -> list[tuple[str, str | None]]:
    """(key, path from the top) of each file the stack names: its price book and its budget's
    scenario file, None for a path that is absolute or leaves the repository (indexplan would
    read an absolute one where it points); none when the file cannot be read (the diff reports
    that, one line)."""
    from costmodel.errors import InputError
    from indexplan.revision.git import join
    from indexplan.stackfile import read_stack_config

    try:
        config = read_stack_config(stack)
    except InputError:
        return []
    budget = config.get("indexplan:budget")
    named = [
        ("indexplan:price_book", config.get("indexplan:price_book")),
        ("indexplan:budget.scenario", budget.get("scenario") if isinstance(budget, dict) else None),
    ]
    return [(k, join("stacks", v)) for k, v in named if isinstance(v, str)]


def plain_data_file(path: str | None) -> bool:
    """A YAML file under stacks/, examples/ or scenarios/ whose name no tool reads as its own
    (no part starting with a dot: .gitattributes, .git/...), checked before anything is written."""
    return (
        path is not None
        and PLAIN_PATH.fullmatch(path) is not None
        and path.startswith(NAMED_DIRS)
        and path.endswith((".yaml", ".yml"))
        and not any(part.startswith(".") for part in path.split("/"))
    )


def shown(names: list[str], what: str) -> str:
    """At most SHOWN names, each cut to 120 characters, so a pull request cannot push the
    verdict out of the comment with many or long file names; each a code span, so that GitHub
    shows www.evil.com/login.yaml as written, not as a link (pr_comment.code_span)."""
    from indexplan.render.pr_comment import code_span

    cut = [code_span(n if len(n) <= 120 else n[:119] + "…") for n in names[:SHOWN]]
    more = f" and {len(names) - SHOWN} more {what}" if len(names) > SHOWN else ""
    return ", ".join(cut) + more


def copy(out: Path) -> int:
    from indexplan.render.markdown import inline

    paths = changed()
    copied: list[str] = []
    refused: list[str] = []
    for path in (p for p in paths if STACK.fullmatch(p)):
        data, why = blob(path)
        if why is None:
            why = _take(path, data, paths, copied)
        if why is not None:
            _restore(path)
            refused.append(f"- {shown([path], '')}: not priced: {inline(why)}")
    if copied:
        git("add", "-A", "--", *copied)
        git(
            "-c", "user.name=indexplan", "-c", "user.email=indexplan@invalid",
            "-c", "core.hooksPath=/dev/null",
            "commit", "-q", "--no-verify", "-m", "the pull request's stack files, as data",
        )  # fmt: skip
    unused = [p for p in paths if p not in copied]
    notice = refused[:SHOWN]
    if len(refused) > SHOWN:
        notice.append(f"- and {len(refused) - SHOWN} more stack file(s) not priced")
    if unused:
        notice.append(
            f"**This pull request also changes {len(unused)} file(s) this job does not use**: "
            f"{shown(unused, 'file(s)')}. Code, scenarios, prices and workflows are the base "
            "branch's here; a maintainer must review these changes."
        )
    out.mkdir(parents=True, exist_ok=True)
    (out / "notice.md").write_text("".join(f"{line}\n" for line in notice), encoding="utf-8")
    stacks = [p for p in copied if STACK.fullmatch(p) and Path(p).exists()]
    (out / "stacks.txt").write_text("".join(f"{p}\n" for p in stacks), encoding="utf-8")
    return 0


def _take(path: str, data: bytes | None, paths: list[str], copied: list[str]) -> str | None:
    """Write the stack (or remove it) and the price book it names; why not, or None."""
    target = Path(path)
    if data is None:
        target.unlink(missing_ok=True)
        copied.append(path)
        return None
    target.write_bytes(data)
    books = []
    for key, named in named_files(target):
        if named is None or not plain_data_file(named):
            return f"{key} names a file other than a YAML file in {', '.join(NAMED_DIRS)}"
        if named in paths and named.startswith(DATA_DIRS):
            book, why = blob(named)
            if why is not None or book is None:
                return f"{key}: {why or 'the pull request removes it'}"
            books.append((named, book))
    for named, book in books:
        Path(named).parent.mkdir(parents=True, exist_ok=True)
        Path(named).write_bytes(book)
        copied.append(named)
    copied.append(path)
    return None


def _restore(path: str) -> None:
    """The base's own file back (or none, for a stack the base does not have)."""
    if git("ls-tree", "--full-tree", "HEAD", "--", path).strip():
        git("checkout", "-q", "HEAD", "--", path)
    else:
        Path(path).unlink(missing_ok=True)


def price(out: Path, base: str, fail_above: str) -> int:
    """The comment: the notice, `cost_comment`'s diff of every copied stack, then `check`."""
    from indexplan.ci.cost_comment import failed

    argv = ["-m", "indexplan.ci.cost_comment", "--base-ref", base, "--output", str(out / "diff.md")]
    argv += ["--fail-above", fail_above] if fail_above else []
    status = _run(argv).returncode
    diff = (out / "diff.md").read_text(encoding="utf-8") if (out / "diff.md").exists() else ""
    first, _, rest = diff.partition("\n")
    parts = [MARKER, (out / "notice.md").read_text(encoding="utf-8")]
    if first.startswith("<!--"):  # cost_comment's own marker, replaced by this job's
        parts.append(rest)
    else:
        parts.append(f"indexplan.ci.cost_comment wrote no comment (exit status {status}).\n")
    for line in (out / "stacks.txt").read_text(encoding="utf-8").splitlines():
        name = Path(line).name.removeprefix("Pulumi.").rsplit(".", 1)[0]
        done = _run(["-m", "indexplan", "check", name, "--format", "markdown"])
        status = max(status, done.returncode)
        if done.returncode in (0, 1):  # check's Markdown escapes what the stack file says
            # HTML, not Markdown, up to the blank line (GFM 4.6, an HTML block): the name as
            # an HTML code element, escaped as HTML
            parts.append(
                f"<details><summary>indexplan check <code>{html.escape(name)}</code>: exit "
                f"status {done.returncode}</summary>\n\n{done.stdout}\n</details>\n"
            )
        else:
            parts.append(failed(name, done.returncode, done.stderr.strip()).markdown)
    head = os.environ.get("HEAD_SHA", "")
    if re.fullmatch(r"[0-9a-f]{40}", head) and re.fullmatch(r"[0-9a-f]{40}", base):
        parts.append(f"_Priced: the pull request at {head[:12]}, by indexplan at {base[:12]}._\n")
    body = "\n".join(parts)
    if len(body) > MAX_COMMENT:
        body = body[: MAX_COMMENT - 60] + "\n\n_Cut to fit GitHub's comment limit._\n"
    (out / "comment.md").write_text(body, encoding="utf-8")
    return min(status, 2)


def _run(argv: list[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, *argv], capture_output=True, text=True, check=False)


def main(argv: list[str]) -> int:
    out = Path(os.environ["OUT"])
    if argv == ["copy"]:
        return copy(out)
    if argv == ["price"]:
        return price(out, os.environ["BASE_SHA"], os.environ.get("FAIL_ABOVE", ""))
    print("usage: pull_request_data.py copy|price (OUT, BASE_SHA in the environment)")
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

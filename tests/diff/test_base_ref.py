"""`indexplan diff STACK --base-ref REV` in a real git repository (fixture_repo.py: a copy of
this project with three commits), run as a separate process the way a user runs it.

By hand, under scenario pypi-2023 (test_diff_cases.py has the prices): from c1 to c3, all-aws's
database goes from db.r6g.large to db.m6g.large, 730 h x (0.318 - 0.45) = -96.36; and the
program's archive rule goes from DEEP_ARCHIVE (no storage priced: the bucket costs its PUTs
only) back to GLACIER_IR, which adds 14 TB = 13,038.516 GB-month x 0.004 = +52.15 to the archive
bucket, whose stack file did not change. Together: -44.21 a month.
"""

from __future__ import annotations

import json

from fixture_repo import git, run_in

from indexplan.cache import graph_key, program_key
from indexplan.paths import ROOT, STACKS_DIR
from indexplan.stackfile import load_stack_file


def diff(repo, cache, *args):
    return run_in(repo, cache, "-m", "indexplan", "diff", *args)


def refused(done, *message):
    assert (done.returncode, done.stdout) == (2, ""), done.stderr
    assert done.stderr.count("\n") == 1 and all(m in done.stderr for m in message), done.stderr


def test_the_base_is_the_stack_and_the_program_at_the_revision(repo, cache):
    done = diff(repo, cache, "all-aws", "--base-ref", "HEAD~2", "-s", "pypi-2023", "-f", "json")
    assert (done.returncode, done.stderr) == (0, ""), done.stderr
    data = json.loads(done.stdout)
    commit = git(repo, "rev-parse", "HEAD~2")
    assert data["base"]["source"] == f"stacks/Pulumi.all-aws.yaml at HEAD~2 ({commit[:10]})"
    assert data["head"]["source"] == "stacks/Pulumi.all-aws.yaml (working tree)"
    changes = {r["urn"].rsplit("::", 1)[-1]: r for r in data["resources"] if r["change"] != "same"}
    assert set(changes) == {"database-postgres", "storage-archive"}
    archive = {c["component"]: c for c in changes["storage-archive"]["components"]}
    glacier = archive["storage (Glacier Instant Retrieval)"]
    assert glacier["change"] == "added" and glacier["after"]["list_monthly_usd"] == 52.15
    assert archive["PUT requests (uploads)"]["change"] == "same"
    assert round(data["totals"]["diff"]["list_monthly_usd"] * 100) == -4421
    # the base graph is cached beside the stack's own (one entry each), not in its place;
    # "all-aws@base" is not a plain name, so its entries carry a hash of it after a "~"
    graphs = cache / "graphs"
    assert len(list(graphs.glob("all-aws_base~*-*.json"))) == 1
    assert len(list(graphs.glob("all-aws-*.json"))) == 1


def test_a_warm_cache_answers_without_building_the_base(repo, cache):
    first = diff(repo, cache, "all-aws", "--base-ref", "HEAD~2", "-s", "pypi-2023", "-f", "json")
    entry = next((cache / "graphs").glob("all-aws_base~*-*.json"))
    written = entry.stat().st_mtime_ns
    again = diff(repo, cache, "all-aws", "--base-ref", "HEAD~2", "-s", "pypi-2023", "-f", "json")
    assert first.returncode == again.returncode == 0, again.stderr
    assert again.stdout == first.stdout
    assert entry.stat().st_mtime_ns == written  # only a build writes the entry


def test_an_unknown_revision_is_one_line_exit_2(repo, cache):
    refused(
        diff(repo, cache, "all-aws", "--base-ref", "no-such-branch"),
        "--base-ref: no-such-branch: unknown revision",
    )
    refused(
        diff(repo, cache, "all-aws", "--base-ref", "--upload-pack=x"), "expected a git revision"
    )


def test_a_base_missing_the_stack_is_one_line_exit_2_unless_new_stacks_are_allowed(repo, cache):
    refused(
        diff(repo, cache, "new", "--base-ref", "HEAD~1"),
        "HEAD~1:stacks/Pulumi.new.yaml: --base-ref: no such stack file at that revision",
    )
    done = diff(
        repo,
        cache,
        "new",
        "--base-ref",
        "HEAD~1",
        "--allow-new-stack",
        "-s",
        "pypi-2023",
        "-f",
        "json",
    )
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert {r["change"] for r in data["resources"]} == {"added"}
    assert data["totals"]["before"]["list_monthly_usd"] == 0
    assert data["totals"]["diff"]["list_percent"] is None  # from $0: no percent


def test_a_bad_stack_file_at_the_revision_is_named_as_git_names_it(repo, cache):
    # c1's `broken` stack is checked by c1's own program (infra/config.py), in the child
    refused(
        diff(repo, cache, "broken", "--base-ref", "HEAD~2"),
        "HEAD~2:stacks/Pulumi.broken.yaml: indexplan:roles.cdn: unknown provider 'azure'",
    )


def test_a_stack_outside_the_repository_has_no_revisions(repo, cache, tmp_path):
    outside = tmp_path / "Pulumi.all-aws.yaml"
    outside.write_text((repo / "stacks" / "Pulumi.all-aws.yaml").read_text())
    refused(diff(repo, cache, str(outside), "--base-ref", "HEAD~1"), "not in the git repository")


def test_the_program_of_a_revision_is_keyed_as_the_checkout_is():
    """The base's cache key is the checkout's key function run on the revision's files: the
    same program and stack file give the same key wherever they come from, any edit another."""
    program = {
        str(p.relative_to(ROOT)): p.read_bytes()
        for part in ("Pulumi.yaml", "infra")
        for p in [ROOT / part, *(ROOT / part).rglob("*")]
        if p.is_file() and "__pycache__" not in p.parts
    }
    stack = STACKS_DIR / "Pulumi.all-aws.yaml"
    key = program_key("all-aws", stack.read_bytes(), program)
    assert key == graph_key(load_stack_file(stack))
    edited = {**program, "infra/config.py": program["infra/config.py"] + b"# edited\n"}
    assert program_key("all-aws", stack.read_bytes(), edited) != key
    added = {**program, "infra/extra.py": b""}
    assert program_key("all-aws", stack.read_bytes(), added) != key


def test_a_price_book_named_by_a_stack_at_a_revision_stays_inside_the_repository():
    from indexplan.revision.git import join

    assert join("stacks", "books/fastly.yaml") == "stacks/books/fastly.yaml"
    assert join("stacks", "../contracts/aws.yaml") == "contracts/aws.yaml"
    assert join("stacks", "../../etc/passwd") is None
    assert join("stacks", "/etc/passwd") is None

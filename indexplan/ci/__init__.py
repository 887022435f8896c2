"""Cost review in CI: `python -m indexplan.ci.cost_comment` diffs each stack a pull request
changes against its base branch and writes one comment, posted or updated on GitHub
(docs/ci/github-actions.yml runs it)."""

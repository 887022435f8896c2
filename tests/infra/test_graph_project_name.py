"""The project's name in every URN is Pulumi.yaml's `name:`, as under `pulumi up`: renaming
the project renames every URN (indexplan/graph.py `project_name`)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest
from graph_memo import build_graph

from costmodel.errors import InputError
from indexplan.graph import PROGRAM, project_name
from indexplan.paths import ROOT, STACKS_DIR
from indexplan.stackfile import load_stack_file

STACK = "static-index"


def program_named(root, name_line: str):
    """A copy of the program's entry point under `root`, beside a Pulumi.yaml that is the
    checkout's with its `name:` line replaced; the program's modules are the checkout's."""
    (root / "infra").mkdir(parents=True)
    shutil.copy(PROGRAM, root / "infra" / "__main__.py")
    project = (ROOT / "Pulumi.yaml").read_text().replace("name: indexplan\n", name_line, 1)
    assert project != (ROOT / "Pulumi.yaml").read_text()
    (root / "Pulumi.yaml").write_text(project)
    return root / "infra" / "__main__.py"


def test_the_shipped_project_is_named_indexplan():
    assert project_name() == "indexplan"  # Pulumi.yaml's first line: `name: indexplan`


def test_a_renamed_project_renames_every_urn_and_nothing_else(tmp_path):
    stack = load_stack_file(STACKS_DIR / f"Pulumi.{STACK}.yaml")
    shipped = build_graph(stack)
    renamed = build_graph(stack, program_named(tmp_path, "name: renamed.index_2\n"))
    # A URN is urn:pulumi:<stack>::<project>::<qualified type>::<name>
    assert shipped and all(r.urn.startswith(f"urn:pulumi:{STACK}::indexplan::") for r in shipped)
    expected = [
        r.urn.replace(f"{STACK}::indexplan::", f"{STACK}::renamed.index_2::", 1) for r in shipped
    ]
    assert [r.urn for r in renamed] == expected
    assert [(r.type, r.name, r.parent_type, r.inputs) for r in renamed] == [
        (r.type, r.name, r.parent_type, r.inputs) for r in shipped
    ]


@pytest.mark.parametrize(
    ("name_line", "got"),
    [
        ("description_only: true\n", ""),  # no name at all
        ("name:\n", ""),
        ("name: 42\n", ", got something other than text"),
        ("name: [a, b]\n", ", got something other than text"),
        ('name: ""\n', ", got ''"),
        ("name: a::b\n", ", got 'a::b'"),  # would split the URN
        ("name: 9lives\n", ", got '9lives'"),  # Pulumi's names start with a letter, `_` or `.`
        ("name: -index\n", ", got '-index'"),
        (f"name: {'x' * 101}\n", f", got '{'x' * 101}'"),  # Pulumi's limit: 100
        ("name: two words\n", ", got 'two words'"),
    ],
)
def test_a_project_name_pulumi_would_refuse_is_one_error_naming_the_file(tmp_path, name_line, got):
    program = program_named(tmp_path, name_line)
    with pytest.raises(InputError) as caught:
        project_name(program)
    assert str(caught.value) == (
        f"{tmp_path / 'Pulumi.yaml'}: name: expected the project's name: 1 to 100 letters, "
        f"digits, `_`, `.` or `-`, not starting with a digit or `-`{got}"
    )


def test_the_longest_name_pulumi_takes_is_taken(tmp_path):
    assert project_name(program_named(tmp_path, f"name: _{'x' * 99}\n")) == f"_{'x' * 99}"


def test_a_bad_project_file_of_another_revision_is_one_line_and_exit_2(tmp_path):
    """The program of another revision (indexplan diff --base) is built by a child process
    from that revision's Pulumi.yaml: a bad name there is one line on stderr, status 2."""
    program_named(tmp_path / "rev", "name: a::b\n")
    done = subprocess.run(
        [sys.executable, "-m", "indexplan.revision.child", str(tmp_path / "rev"),
         str(STACKS_DIR / f"Pulumi.{STACK}.yaml"), str(tmp_path / "out.json")],
        cwd=ROOT, env={**os.environ, "INDEXPLAN_CACHE_DIR": str(tmp_path / "cache")},
        capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert done.returncode == 2
    assert done.stderr.splitlines() == [
        f"{tmp_path / 'rev' / 'Pulumi.yaml'}: name: expected the project's name: 1 to 100 "
        "letters, digits, `_`, `.` or `-`, not starting with a digit or `-`, got 'a::b'"
    ]
    assert not (tmp_path / "out.json").exists()

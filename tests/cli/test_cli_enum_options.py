"""A value an enum option has no member for is one plain line naming the option, what it takes
and what was given (review s12, ranked finding 11: `-f xml` got typer's "Invalid value for
'--format' / '-f': Value error, 'xml' is not one of 'table', ...")."""

from __future__ import annotations

from enum import Enum

import pytest
import typer
import typer.core

from indexplan import cli, coercion

TABLES = "table, json, csv, markdown"  # OutputFormat's values, written out by hand

# Every enum parameter of every command, found by walking them (test below), with the message
# a bad value gets, written out by hand.
REFUSALS = {
    ("resources", "--format"): f"option --format: expected one of {TABLES}, got 'xml'",
    ("check", "--format"): f"option --format: expected one of {TABLES}, got 'xml'",
    ("estimate", "--format"): f"option --format: expected one of {TABLES}, focus, got 'xml'",
    ("scenarios", "--format"): f"option --format: expected one of {TABLES}, got 'xml'",
    ("compare", "--format"): f"option --format: expected one of {TABLES}, got 'xml'",
    ("project", "--format"): f"option --format: expected one of {TABLES}, got 'xml'",
    ("sweep", "--format"): f"option --format: expected one of {TABLES}, got 'xml'",
    ("actuals", "--format"): f"option --format: expected one of {TABLES}, got 'xml'",
    ("diff", "--format"): f"option --format: expected one of {TABLES}, got 'xml'",
    ("prices import", "provider"): "argument provider: expected one of aws, gcp, got 'xml'",
    ("prices import", "--format"): f"option --format: expected one of {TABLES}, got 'xml'",
    ("prices show", "--format"): f"option --format: expected one of {TABLES}, got 'xml'",
    ("prices check", "--format"): f"option --format: expected one of {TABLES}, got 'xml'",
    ("scenario from-logs", "--regions-by"): (
        "option --regions-by: expected one of pop, country, got 'xml'"
    ),
    ("scenario from-logs", "--format"): f"option --format: expected one of {TABLES}, got 'xml'",
    ("scenario from-table", "--format"): f"option --format: expected one of {TABLES}, got 'xml'",
}


def enum_parameters() -> set[tuple[str, str]]:
    found = set()

    def walk(command, path: str) -> None:
        for param in command.params:
            annotation = param.type_descriptor.annotation
            if isinstance(annotation, type) and issubclass(annotation, Enum):
                found.add((path, param.opts[0]))
        for name, sub in getattr(command, "commands", {}).items():
            walk(sub, f"{path} {name}")

    for name in cli.COMMANDS:
        walk(cli.load_command(name), name)
    return found


def test_every_enum_parameter_is_listed():
    assert enum_parameters() == set(REFUSALS)


def argv(command: str, name: str) -> list[str]:
    # an argument is the first one of its command here (prices import PROVIDER FILE)
    return [*command.split(), *(["xml"] if name.isidentifier() else [name, "xml"])]


@pytest.mark.parametrize(("command", "name"), REFUSALS, ids=" ".join)
def test_a_bad_value_is_one_plain_line(capsys, command, name):
    assert cli.main(argv(command, name)) == 2
    assert capsys.readouterr() == ("", f"indexplan: {REFUSALS[command, name]}\n")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        # case matters: typer's choices are case-sensitive here
        (["estimate", "-f", "XML"], f"option --format: expected one of {TABLES}, focus, got 'XML'"),
        (["compare", "-f", ""], f"option --format: expected one of {TABLES}, got ''"),
        # a control character is shown escaped (repr), never raw
        (
            ["compare", "-f", "x\x1b[31m"],
            f"option --format: expected one of {TABLES}, got 'x\\x1b[31m'",
        ),
        # a missing enum argument: its choices on the line, not typer's tab-indented list
        (["prices", "import"], "argument provider: missing; expected one of aws, gcp"),
    ],
)
def test_other_refusals(capsys, args, message):
    assert cli.main(args) == 2
    assert capsys.readouterr() == ("", f"indexplan: {message}\n")


def test_the_same_line_without_the_direct_coercion(monkeypatch, capsys):
    # typer's own coercion (another typer release, or a value coercion.py hands over) refuses
    # the value the same way: the line is built from its error, not from coercion.py's
    monkeypatch.setattr(typer.core, "build_runtime_param", coercion._TYPERS)
    assert cli.main(["estimate", "-f", "xml"]) == 2
    expected = f"indexplan: option --format: expected one of {TABLES}, focus, got 'xml'\n"
    assert capsys.readouterr() == ("", expected)

"""Option values coerced without pydantic (indexplan/coercion.py): every option of every command
gets the value typer's own coercion gives, of the same type, and every bad value typer's own
error, byte for byte; the patch is pinned to the typer release in uv.lock, and a typer whose
internals moved fails here rather than in a user's command line."""

from __future__ import annotations

import inspect
import re
import subprocess
import sys
from enum import Enum
from pathlib import Path
from typing import get_args, get_origin

import pytest
import typer
import typer.core
from typer._click import Context
from typer._coercion import RuntimeParam, resolve_type_descriptor
from typer.models import OptionInfo

from indexplan import cli, coercion
from indexplan.paths import ROOT


def every_parameter() -> list[tuple[str, typer.core._TyperParameter, Context]]:
    """(command path, parameter, a context of its command) for every command and group."""
    found = []

    def walk(command, path: str) -> None:
        ctx = Context(command, info_name=path)
        for param in command.params:
            found.append((f"{path} {param.name}", param, ctx))
        for name, sub in getattr(command, "commands", {}).items():
            walk(sub, f"{path} {name}")

    for name in cli.COMMANDS:
        walk(cli.load_command(name), name)
    return found


PARAMETERS = every_parameter()


def values_for(annotation: object, tmp_path: Path) -> list[object]:
    """Good values, and values typer takes only its own way or refuses."""
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        members = list(annotation)
        return [*members, *(m.value for m in members), members[0].value.upper(), "nope", "", 3]
    if annotation is int or annotation is float:
        return ["7", "007", "+4", "-3", "-0", " 5", "5 ", "1_000", "1e3", "1.5", ".5", "5.",
                "-2.25", "+1.5", "inf", "nan", "", "x", "٣", "9" * 15, "9" * 16, "9" * 40,
                3, 0, 2.5, True]  # fmt: skip
    if annotation is str:
        return ["a", "", "é", "-x", " spaced ", b"bytes", 3]
    if annotation is bool:
        return [True, False, "yes", "off", "", 1]
    if annotation is Path:
        here = tmp_path / "file.yaml"
        here.write_text("x")
        return [str(here), str(tmp_path), "relative.yaml", "", "~/x", "/nonexistent/y",
                " spaced.yaml", "a\0b", here, 3]  # fmt: skip
    if get_origin(annotation) is list:  # a sequence of X's values, a bad one among them
        one = values_for(get_args(annotation)[0], tmp_path)
        return [tuple(one[:2]), list(one[:3]), (), tuple(one), one[0]]
    raise AssertionError(f"no values for {annotation!r}: add them")


def outcome(runtime: RuntimeParam, value: object, param, ctx) -> tuple[str, object]:
    try:
        result = runtime.coerce(value, param=param, ctx=ctx)
    except Exception as exc:  # the type and the words the user sees
        shown = exc.format_message() if hasattr(exc, "format_message") else str(exc)
        return type(exc).__name__, shown
    return "value", (type(result), result if result == result else "nan")


@pytest.mark.parametrize(("where", "param", "ctx"), PARAMETERS, ids=[p[0] for p in PARAMETERS])
def test_every_option_coerces_as_typer_does(where, param, ctx, tmp_path):
    descriptor = param.type_descriptor
    direct = coercion.build_runtime_param(descriptor)
    typers = coercion._TYPERS(descriptor)
    for value in [None, *values_for(descriptor.annotation, tmp_path)]:
        assert outcome(direct, value, param, ctx) == outcome(typers, value, param, ctx), value


@pytest.mark.parametrize(
    ("annotation", "info"),
    [
        (float, OptionInfo()),  # no option is a float today: the next one is covered
        (list[int], OptionInfo()),
        (int, OptionInfo(min=1, max=120)),  # ranges and clamps are typer's own
        (float, OptionInfo(min=0.5, clamp=True)),
        (Path, OptionInfo(exists=True, dir_okay=False)),
    ],
    ids=["float", "list[int]", "int 1-120", "float clamped", "Path exists"],  # stable for xdist
)
def test_other_plain_annotations_coerce_as_typer_does(annotation, info, tmp_path):
    _, param, ctx = PARAMETERS[0]
    descriptor = resolve_type_descriptor(annotation, info)
    direct = coercion.build_runtime_param(descriptor)
    typers = coercion._TYPERS(descriptor)
    for value in [None, *values_for(annotation, tmp_path)]:
        assert outcome(direct, value, param, ctx) == outcome(typers, value, param, ctx), value


def test_every_annotation_in_use_is_coerced_directly():
    # str, int, bool, Path, Enums and lists of those: none of them builds typer's adapter
    indirect = [
        where
        for where, param, _ in PARAMETERS
        if not isinstance(coercion.build_runtime_param(param.type_descriptor), coercion.Direct)
    ]
    assert indirect == []


def test_pinned_to_the_typer_release_in_the_lock():
    lock = (ROOT / "uv.lock").read_text()
    locked = re.search(r'\nname = "typer"\nversion = "([^"]+)"', lock)
    assert locked is not None
    assert coercion.PINNED == locked.group(1) == typer.__version__
    assert typer.core.build_runtime_param is coercion.build_runtime_param  # installed by cli


def test_typer_internals_the_patch_relies_on():
    # typer 0.29.2: the parameter builds its coercion lazily through the module-level
    # `build_runtime_param` of typer.core, and a RuntimeParam is (parameter_info, annotation)
    # with `coerce` handling None and strings for multi-value options before `_coerce_value`
    source = inspect.getsource(typer.core._TyperParameter.get_runtime_param)
    assert "build_runtime_param(self.type_descriptor)" in source
    assert list(RuntimeParam.__dataclass_fields__) == ["parameter_info", "annotation"]
    assert "_coerce_value" in RuntimeParam.__abstractmethods__
    assert "self._coerce_value(value, param=param, ctx=ctx)" in inspect.getsource(
        RuntimeParam.coerce
    )


def test_another_typer_release_is_left_alone(monkeypatch):
    monkeypatch.setattr(typer.core, "build_runtime_param", coercion._TYPERS)
    monkeypatch.setattr(typer, "__version__", "0.29.3")
    assert not coercion.install()
    assert typer.core.build_runtime_param is coercion._TYPERS


BAD_OPTIONS = [
    ["project", "--months", "abc"],
    ["project", "--months", "1e3"],
    ["project", "--months", "99999999999999999999999"],
    ["sweep", "--points", "x"],
    ["estimate", "pypi-2021", "-s", "pypi-2021", "--format", "xml"],
    ["compare", "--format", ""],
    ["prices", "show", "s3", "--format", "bogus"],
    ["prices", "import", "azure", "x.json"],
    ["scenario", "from-logs", "x.gz", "--regions-by", "nowhere"],
    ["estimate", "pypi-2021", "-s", "pypi-2021", "--price-book", ""],
]


@pytest.mark.parametrize("argv", BAD_OPTIONS, ids=" ".join)
def test_bad_option_messages_are_typers(argv, monkeypatch, capsys):
    status = cli.main(argv)
    ours = capsys.readouterr()
    monkeypatch.setattr(typer.core, "build_runtime_param", coercion._TYPERS)
    assert cli.main(argv) == status == 2
    assert capsys.readouterr() == ours


ADAPTERS_LOADED = """
import sys
from indexplan.cli import main
for argv in sys.argv[1:]:
    main(argv.split())
print('typer._adapters' in sys.modules, file=sys.stderr)
"""


@pytest.mark.parametrize(
    ("commands", "loaded"),
    [
        # str, int, Path, Enums and lists of them (the second stops at the missing file)
        (["prices show s3 --format json", "project --months 12 --price-book /no/book.yaml"], False),
        (["project --months abc"], True),  # a bad value: typer's own coercion says why
    ],
)
def test_a_command_builds_no_adapter(commands, loaded, tmp_path):
    # typer imports its adapters module (and with it pydantic) to build its first adapter
    done = subprocess.run(
        [sys.executable, "-c", ADAPTERS_LOADED, *commands],
        cwd=ROOT,
        env={"INDEXPLAN_CACHE_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.stderr.strip().splitlines()[-1] == str(loaded), done.stderr

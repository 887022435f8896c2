"""The `indexplan` command line. Each command lives in indexplan/commands/<name>.py, imported
only when that command runs: `indexplan --help` lists the commands from COMMANDS below without
importing any of them, and `indexplan estimate` imports estimate's module alone."""

from __future__ import annotations

import contextlib
import gc
import importlib
import inspect
import os
import sys
from collections.abc import Iterator, MutableMapping
from typing import NamedTuple

import typer
from typer._click import Command, Context, HelpFormatter  # typer vendors click
from typer._click.exceptions import MissingParameter, NoArgsIsHelpError, UsageError
from typer.core import TyperCommand, TyperGroup

from costmodel.errors import InputError
from indexplan import coercion


class Entry(NamedTuple):
    target: str  # "module:function", or "module:app" for a group of commands (a typer.Typer)
    summary: str  # the line `indexplan --help` lists, and the first of the command's own help


# In the order `indexplan --help` lists them. A command function's docstring goes on from its
# summary; a group's summary is its help.
COMMANDS: dict[str, Entry] = {
    "resources": Entry(
        "indexplan.commands.resources:resources",
        "List every resource the Pulumi program declares for STACK, without the cloud.",
    ),
    "check": Entry(
        "indexplan.commands.check:check",
        "Check STACK against the security rules, offline (no credentials, no Pulumi CLI).",
    ),
    "estimate": Entry(
        "indexplan.commands.estimate:estimate",
        "Price STACK for one month of SCENARIO at public list prices, and what sponsors pay.",
    ),
    "scenarios": Entry(
        "indexplan.commands.scenarios:scenarios",
        "List the traffic scenarios in scenarios/ with their headline figures.",
    ),
    "compare": Entry(
        "indexplan.commands.compare:compare",
        "What each hosting setup costs per month, and who pays it: the main question.",
    ),
    "project": Entry(
        "indexplan.commands.project:project",
        "Project each setup's monthly cost as traffic and stored bytes grow.",
    ),
    "sweep": Entry(
        "indexplan.commands.sweep:sweep",
        "Where does the cheapest setup change as one usage figure varies?",
    ),
    "actuals": Entry(
        "indexplan.commands.actuals:actuals",
        "Set a month's estimate against what the operator was billed, price by price.",
    ),
    "diff": Entry(
        "indexplan.commands.diff:diff",
        "What a change costs a month: HEAD against BASE, resource by resource, down to the "
        "component.",
    ),
    "schema": Entry(
        "indexplan.commands.schema:app",
        "Print the JSON Schema of an input file (for editors and validators).",
    ),
    "prices": Entry(
        "indexplan.commands.prices:app",
        "Import official price files, show the prices in force, check the catalog.",
    ),
    "scenario": Entry(
        "indexplan.commands.scenario:app",
        "Derive a traffic scenario from CDN and storage logs or a download-statistics table.",
    ),
}
SETTINGS = {"rich_markup_mode": "markdown"}  # the top level's and every command's


def load_command(name: str) -> Command:
    """The click command `name` runs: its module imported, its help its summary and docstring."""
    entry = COMMANDS[name]
    module, _, attribute = entry.target.partition(":")
    target = getattr(importlib.import_module(module), attribute)
    holder = typer.Typer(**SETTINGS)  # type: ignore[arg-type]
    if isinstance(target, typer.Typer):
        holder.add_typer(target, name=name, help=entry.summary)
    else:
        holder.command(name, help=f"{entry.summary}\n\n{inspect.getdoc(target)}")(target)
    return typer.main.get_group(holder).commands[name]


class _Loaded(MutableMapping[str, Command]):
    """The group's commands by name: each loaded the first time it is looked up."""

    def __init__(self) -> None:
        self._commands: dict[str, Command] = {}

    def __getitem__(self, name: str) -> Command:
        if name not in self._commands:
            if name not in COMMANDS:
                raise KeyError(name)
            self._commands[name] = load_command(name)
        return self._commands[name]

    def __setitem__(self, name: str, command: Command) -> None:
        self._commands[name] = command

    def __delitem__(self, name: str) -> None:
        del self._commands[name]

    def __iter__(self) -> Iterator[str]:
        yield from COMMANDS
        yield from (name for name in self._commands if name not in COMMANDS)

    def __len__(self) -> int:
        return len(set(COMMANDS) | set(self._commands))


class _Group(TyperGroup):
    """The top-level group. While its own help is written, a command is its name and summary
    alone, so listing the commands imports none of them."""

    _listing = False

    def __init__(self, **attrs: object) -> None:
        super().__init__(**attrs)  # type: ignore[arg-type]
        self.commands = _Loaded()

    def list_commands(self, ctx: Context) -> list[str]:
        return list(self.commands)

    def get_command(self, ctx: Context, cmd_name: str) -> Command | None:
        if self._listing and cmd_name in COMMANDS:
            return TyperCommand(name=cmd_name, help=COMMANDS[cmd_name].summary)
        return self.commands.get(cmd_name)

    def format_help(self, ctx: Context, formatter: HelpFormatter) -> None:
        self._listing = True
        try:
            super().format_help(ctx, formatter)
        finally:
            self._listing = False


app = typer.Typer(
    name="indexplan",
    help="Plan, price and provision the hosting of a package index such as PyPI.",
    cls=_Group,
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
    **SETTINGS,  # type: ignore[arg-type]
)


@app.callback()
def _group() -> None:
    """Makes `app` a group of the commands above (typer builds one from a callback alone)."""


def _flags_without_placeholder() -> None:
    """Typer prints `<bool>` beside a plain flag (`--log`, `--help`), as if it took a value."""
    from typer.core import TyperOption

    shown = TyperOption.display_type_rich

    def display_type_rich(self: TyperOption, ctx: typer.Context) -> str | None:
        return None if self.is_flag else shown(self, ctx)

    setattr(TyperOption, "display_type_rich", display_type_rich)  # noqa: B010 (a method swap)


_flags_without_placeholder()
coercion.install()  # plain option values coerced without pydantic (indexplan/coercion.py)


def user_errors() -> tuple[type[BaseException], ...]:
    """Exceptions that mean bad input (exit status 2), wherever they are raised."""
    from infra.config import StackConfigError

    return (InputError, StackConfigError)


def main(argv: list[str] | None = None) -> int:
    """Run the CLI; bad input is one line on stderr and exit status 2, never a traceback.
    Every line printed here passes through `error_line`: a file name or key in a message can
    hold any character, and none reaches the terminal raw."""
    if sys.stdout is None:  # started with its standard output closed
        _error("indexplan: cannot write the output (standard output is closed)")
        return 2
    # A command line has no use for pydantic plugins (they observe validation for tracing
    # services), and looking them up reads every installed package's metadata on the first
    # validator: 20 M instructions, 2% of a warm estimate (benchmarks/README.md, issue 15).
    # A value the user set is theirs to keep.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "1")
    code = _run(argv)
    try:
        sys.stdout.flush()  # here, not at exit, so a full disk is reported like any error
    except OSError as exc:
        return _output_failed(exc, code)
    if argv is None:  # the process's own run (tests pass argv and go on in one process)
        # The interpreter's exit collects every object still alive; frozen, they are skipped:
        # 5% of a warm estimate's instructions and 8% of `--help` (benchmarks/README.md, 15).
        gc.freeze()
    return code


def _run(argv: list[str] | None) -> int:
    try:
        result = app(args=argv, prog_name="indexplan", standalone_mode=False)
    except NoArgsIsHelpError:
        return 0  # `indexplan` (or `indexplan prices`) alone: the help, already printed
    except UsageError as exc:
        _error(_usage_line(exc))
        return 2
    except typer.Abort:
        _error("indexplan: aborted")
        return 130
    except typer.Exit as exc:
        return exc.exit_code
    except user_errors() as exc:
        _error(str(exc))
        return 2
    except OSError as exc:  # writing the report: input files are read through costmodel.files
        return _output_failed(exc, 2)
    except Exception as exc:
        if os.environ.get("INDEXPLAN_DEBUG"):
            raise
        _error(f"indexplan: internal error (a bug, please report it): {exc!r}")
        return 70
    return result if isinstance(result, int) else 0


def _usage_line(exc: UsageError) -> str:
    """`indexplan: option --format: ...`: typer's message, or ours where typer's says less."""
    param = getattr(exc, "param", None)
    if param is None or not param.opts:
        return f"indexplan: {exc.format_message()}"
    where = f"{param.param_type_name} {param.opts[0]}"
    return f"indexplan: {where}: {_choice_refusal(exc, param) or exc.format_message()}"


def _choice_refusal(exc: UsageError, param: object) -> str | None:
    """`expected one of table, json, got 'xml'` for a value an enum option has no member for,
    or None. typer's own says `Invalid value for '--format' / '-f': Value error, 'xml' is not
    one of 'table', ...`: the option twice and pydantic's words. The value given is the input
    of the pydantic error typer raised it from (coercion.py hands a refused value to typer)."""
    from enum import Enum

    descriptor = getattr(param, "type_descriptor", None)
    choices = getattr(descriptor, "annotation", None)
    if not (isinstance(choices, type) and issubclass(choices, Enum)):
        return None
    expected = f"expected one of {', '.join(str(c.value) for c in choices)}"
    if isinstance(exc, MissingParameter):  # typer's lists them on lines of their own
        return f"missing; {expected}"
    errors = getattr(exc.__cause__, "errors", None)
    return f"{expected}, got {errors()[0].get('input')!r}" if errors is not None else None


def _error(text: str) -> None:
    from indexplan.render.output import say

    say(text)


def _output_failed(exc: OSError, code: int) -> int:
    """A reader that went away (`| head`) is not an error; a full disk or a closed stdout is
    one line. What is left unwritten is dropped, so nothing fails again at exit."""
    real = sys.__stdout__
    if real is not None and sys.stdout is real:  # in-process runs (tests) keep their own
        with contextlib.suppress(OSError, ValueError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), real.fileno())
    if isinstance(exc, BrokenPipeError):
        return code
    target = exc.filename or "the output"
    _error(f"indexplan: cannot write {target} ({exc.strerror or exc})")
    return 2


if __name__ == "__main__":
    sys.exit(main())

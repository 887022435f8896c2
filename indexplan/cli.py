"""The `indexplan` command line. Each command lives in indexplan/commands/<name>.py and imports
what it needs when it runs, so `--help` stays fast."""

from __future__ import annotations

import contextlib
import os
import sys

import typer
from typer._click.exceptions import NoArgsIsHelpError, UsageError  # typer vendors click

from costmodel.errors import InputError

app = typer.Typer(
    name="indexplan",
    help="Plan, price and provision the hosting of a package index such as PyPI.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode="markdown",
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)


def _register() -> None:
    from indexplan.commands import (
        actuals,
        check,
        compare,
        diff,
        estimate,
        prices,
        project,
        resources,
        scenario,
        scenarios,
        schema,
        sweep,
    )

    app.command("resources")(resources.resources)
    app.command("check")(check.check)
    app.command("estimate")(estimate.estimate)
    app.command("scenarios")(scenarios.scenarios)
    app.command("compare")(compare.compare)
    app.command("project")(project.project)
    app.command("sweep")(sweep.sweep)
    app.command("actuals")(actuals.actuals)
    app.command("diff")(diff.diff)
    app.add_typer(schema.app, name="schema")
    app.add_typer(prices.app, name="prices")
    app.add_typer(scenario.app, name="scenario")


_register()


def _flags_without_placeholder() -> None:
    """Typer prints `<bool>` beside a plain flag (`--log`, `--help`), as if it took a value."""
    from typer.core import TyperOption

    shown = TyperOption.display_type_rich

    def display_type_rich(self: TyperOption, ctx: typer.Context) -> str | None:
        return None if self.is_flag else shown(self, ctx)

    setattr(TyperOption, "display_type_rich", display_type_rich)  # noqa: B010 (a method swap)


_flags_without_placeholder()


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
    code = _run(argv)
    try:
        sys.stdout.flush()  # here, not at exit, so a full disk is reported like any error
    except OSError as exc:
        return _output_failed(exc, code)
    return code


def _run(argv: list[str] | None) -> int:
    try:
        result = app(args=argv, prog_name="indexplan", standalone_mode=False)
    except NoArgsIsHelpError:
        return 0  # `indexplan` (or `indexplan prices`) alone: the help, already printed
    except UsageError as exc:
        param = getattr(exc, "param", None)
        where = f"option {param.opts[0]}: " if param is not None and param.opts else ""
        _error(f"indexplan: {where}{exc.format_message()}")
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

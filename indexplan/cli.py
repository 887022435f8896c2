"""The `indexplan` command line. Each command lives in indexplan/commands/<name>.py and imports
what it needs when it runs, so `--help` stays fast."""

from __future__ import annotations

import os
import sys

import typer
from typer._click.exceptions import UsageError  # typer vendors click since 0.2x

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


_register()


def user_errors() -> tuple[type[BaseException], ...]:
    """Exceptions that mean bad input (exit status 2), wherever they are raised."""
    from infra.config import StackConfigError

    return (InputError, StackConfigError)


def one_line(text: str) -> str:
    """`text` as one line: a user's key or value may hold any line break (\\v, \\u2028, ...)."""
    return " ".join(text.splitlines())


def main(argv: list[str] | None = None) -> int:
    """Run the CLI; bad input is one line on stderr and exit status 2, never a traceback."""
    try:
        result = app(args=argv, prog_name="indexplan", standalone_mode=False)
    except UsageError as exc:
        param = getattr(exc, "param", None)
        where = f"option {param.opts[0]}" if param is not None and param.opts else ""
        message = one_line(exc.format_message())
        print(f"indexplan: {where + ': ' if where else ''}{message}", file=sys.stderr)
        return 2
    except typer.Abort:
        print("indexplan: aborted", file=sys.stderr)
        return 130
    except typer.Exit as exc:
        return exc.exit_code
    except user_errors() as exc:
        print(one_line(str(exc)), file=sys.stderr)
        return 2
    except BrokenPipeError:
        return 0
    except Exception as exc:
        if os.environ.get("INDEXPLAN_DEBUG"):
            raise
        print(f"indexplan: internal error (a bug, please report it): {exc!r}", file=sys.stderr)
        return 70
    return result if isinstance(result, int) else 0


if __name__ == "__main__":
    sys.exit(main())

"""The `indexplan` command line. Each command lives in indexplan/commands/<name>.py and imports
what it needs when it runs, so `--help` stays fast."""

from __future__ import annotations

import os
import sys

import click
import typer

from costmodel.errors import InputError

app = typer.Typer(
    name="indexplan",
    help="Plan, price and provision the hosting of a package index such as PyPI.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)


def _register() -> None:
    from indexplan.commands import check, resources

    app.command("resources")(resources.resources)
    app.command("check")(check.check)


_register()


def user_errors() -> tuple[type[BaseException], ...]:
    """Exceptions that mean bad input (exit status 2), wherever they are raised."""
    from infra.config import StackConfigError

    return (InputError, StackConfigError)


def main(argv: list[str] | None = None) -> int:
    """Run the CLI; bad input is one line on stderr and exit status 2, never a traceback."""
    try:
        result = app(args=argv, prog_name="indexplan", standalone_mode=False)
    except click.exceptions.UsageError as exc:
        where = f"option {exc.param.opts[0]}" if getattr(exc, "param", None) and exc.param.opts else ""  # type: ignore[union-attr]
        message = exc.format_message().replace("\n", " ")
        print(f"indexplan: {where + ': ' if where else ''}{message}", file=sys.stderr)
        return 2
    except click.exceptions.Abort:
        print("indexplan: aborted", file=sys.stderr)
        return 130
    except click.exceptions.Exit as exc:
        return exc.exit_code
    except user_errors() as exc:
        print(str(exc).replace("\n", " "), file=sys.stderr)
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

"""Every test gets its own, initially empty, graph cache directory: no test reads what an
earlier test or the user's own runs left in ~/.cache/indexplan, and none writes there. And
every test sees a 100-column terminal unless it sets its own, whatever runs the suite. The CLI's
click commands are built once per test process (see below)."""

import itertools

import pytest

_numbers = itertools.count()


@pytest.fixture(autouse=True)
def _private_graph_cache(monkeypatch, tmp_path_factory):
    # Only a path: the cache creates the directory if a test writes to it.
    base = tmp_path_factory.getbasetemp() / "graph-cache"
    monkeypatch.setenv("INDEXPLAN_CACHE_DIR", str(base / str(next(_numbers))))


@pytest.fixture(autouse=True)
def _terminal_width(monkeypatch):
    # Tables are laid out for the terminal; a narrow one (or a test worker without one) would
    # wrap what the tests read. Tests of other widths set COLUMNS themselves.
    monkeypatch.setenv("COLUMNS", "100")


@pytest.fixture(autouse=True, scope="session")
def _cli_commands_built_once():
    # `main` is called thousands of times in-process here, once per process in use. Typer
    # rebuilds the click commands from the app's signatures on every call (about 20 ms of
    # CPU for the 20 commands); the commands are the same each time, so build them once.
    import typer.main

    built: dict[object, object] = {}
    build = typer.main.get_command

    def get_command(app):  # type: ignore[no-untyped-def]
        if app not in built:
            built[app] = build(app)
        return built[app]

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(typer.main, "get_command", get_command)
        yield

"""Every test gets its own, initially empty, graph cache directory: no test reads what an
earlier test or the user's own runs left in ~/.cache/indexplan, and none writes there. And
every test sees a 100-column terminal unless it sets its own, whatever runs the suite. The CLI's
click commands are built once per test process, and the installed packages listed once while
nothing is installed or removed (see below)."""

import itertools
import os
import sys

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


@pytest.fixture(autouse=True, scope="session")
def _installed_versions_listed_once():
    # Each in-process command puts the installed versions of PyYAML and of the provider SDKs
    # in its cache keys (costmodel.files.diskcache.installed_versions: a listing of every
    # sys.path directory, ~1 ms, called some thousands of times here). The listing is kept
    # while sys.path and the modification times of its directories are unchanged: installing
    # or removing a package changes its directory's. The first call of each is the real one.
    from costmodel.files import diskcache

    real = diskcache.installed_versions
    listed: dict[object, dict[str, str]] = {}

    def installed_versions(distributions: tuple[str, ...]) -> dict[str, str]:
        key: list[object] = [distributions]
        for entry in sys.path:
            where = os.path.abspath(entry or ".")
            try:
                key.append((where, os.stat(where).st_mtime_ns))
            except OSError:
                key.append((where, None))
        found = listed.get(tuple(key))
        if found is None:
            found = listed[tuple(key)] = real(distributions)
        return dict(found)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(diskcache, "installed_versions", installed_versions)
        yield


# The tests that take the most CPU (seconds of CPU each on this 2-core machine, 2026-11-30;
# a subprocess's included): run first, so that no worker is left running one of them alone
# at the end while the other has nothing left to take (pytest-xdist's worksteal hands over
# only tests not yet started), heaviest first. The order of every other test is kept.
RUN_FIRST = (
    "tests/perf/test_sdk_on_demand.py::test_every_shipped_stack_gives_the_same_graph",  # 16
    "tests/terraform/test_replan.py::test_a_fresh_plan_prices_as_the_committed_one",  # 15
    "tests/terraform/test_benchmark_config.py::test_a_plan_holds_the_pulumi_programs_",  # 14
    "tests/hostile/test_hostile_fuzz.py::",  # 4.7, 4.5, 3.3, 3.1, ...
    "tests/cli/test_cli_chart.py::test_compare_chart_labels_bars_and_hatches",  # 4.4
    "tests/validation/test_validation_fuzz.py::",  # 3.4, 2.9, 2.6, ...
    "tests/diff/test_base_ref.py::test_the_base_is_the_stack_and_the_program_at_the_revision",
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    def rank(item: pytest.Item) -> int:
        ranks = (i for i, prefix in enumerate(RUN_FIRST) if item.nodeid.startswith(prefix))
        return next(ranks, len(RUN_FIRST))

    items.sort(key=rank)  # stable: the others keep their order


def pytest_collection_finish(session: pytest.Session) -> None:
    # Read by tests/architecture/test_test_modules.py: which provider SDKs the test modules
    # loaded at collection, in this process.
    from indexplan.sdk_on_demand import SDKS

    session.config.sdks_loaded_at_collection = sorted(  # type: ignore[attr-defined]
        {name.partition(".")[0] for name in sys.modules} & SDKS
    )

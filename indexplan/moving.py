"""The options and report parts `compare` and `project` share for a move from one setup
(`--from`): its one-time cost (costmodel/planning/moving.py)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import typer

if TYPE_CHECKING:
    import datetime as dt

    from costmodel.model.scenario import Scenario
    from costmodel.planning.compare import Setup
    from costmodel.planning.moving import Move
    from indexplan.render import Table

FROM_HELP = (
    "The setup you run today: report each other setup's one-time cost of moving the files "
    "to it from this one (transfer out of its storage, one write per file into the new)."
)
OBJECTS_HELP = (
    "Files stored, e.g. 2.6e7, for the move's write requests (default: the scenario's "
    "storage.objects; without either they are unpriced, and the move's cost is a lower bound)."
)
WAIVER_HELP = (
    "Apply a provider's waiver of transfer out for customers leaving it: aws (2024-03-05) or "
    "gcp (2024-01-11); each needs a request and a full exit (README). Repeatable."
)

FROM_OPTION = typer.Option(None, "--from", metavar="SETUP", help=FROM_HELP)
OBJECTS_OPTION = typer.Option(None, "--objects", metavar="COUNT", help=OBJECTS_HELP)
WAIVER_OPTION = typer.Option(None, "--exit-waiver", metavar="PROVIDER", help=WAIVER_HELP)


@dataclass(frozen=True)
class Moves:
    """Each setup's move from `source` (its own: nothing moves)."""

    source: str
    objects: float | None
    waivers: tuple[str, ...]
    moves: tuple[Move, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "from": self.source,
            "objects": self.objects,
            "exit_waivers": list(self.waivers),
            "setups": [m.to_dict() for m in self.moves],
        }


def check_move_options(
    source: str | None, objects: str | None, waivers: list[str] | None
) -> tuple[float | None, frozenset[str]]:
    """--objects and --exit-waiver parsed; either without --from is refused."""
    from costmodel.errors import InputError
    from costmodel.planning.moving import parse_objects, parse_waivers

    if source is None and (objects is not None or waivers):
        option = "--objects" if objects is not None else "--exit-waiver"
        raise InputError(option, objects or ",".join(waivers or ()), "needs --from SETUP")
    return parse_objects(objects), parse_waivers(waivers or ())


def price_moves(
    setups: Sequence[Setup],
    source: str,
    given: Sequence[str],
    scenario: Scenario,
    as_of: dt.date,
    objects: float | None,
    waivers: frozenset[str],
) -> Moves:
    from costmodel.planning.moving import MoveTerms, move_cost, pick

    old = pick(setups, source, given)
    terms = MoveTerms(objects, waivers)
    moves = tuple(move_cost(old, s, scenario, as_of, terms) for s in setups)
    count = objects if objects is not None else scenario.objects
    return Moves(old.name, count, tuple(sorted(waivers)), moves)


def moves_table(moves: Moves, extra: dict[str, dict[str, Any]] | None = None) -> Table:
    """One row per setup: the move's one-time cost (list, contracted) and its unpriced
    parts; `extra` adds cells by setup (project's payback)."""
    from indexplan.render import Column, Money, Table

    booked = any(m.contracted_cents != m.list_cents for m in moves.moves)
    rows = []
    for m in moves.moves:
        row: dict[str, object] = {
            "stack": m.target,
            "list": Money(m.list_cents, not m.complete),
            "contracted": Money(m.contracted_cents, not m.complete),
            "unpriced": str(len(m.unpriced)),
            **(extra or {}).get(m.target, {}),
        }
        rows.append(row)
    extra_columns = [
        Column(header, key, numeric=True)
        for header, key in (("Payback", "payback"), ("Cumulative with the move", "cumulative"))
        if any(key in row for row in rows)
    ]
    columns = [
        Column("Setup", "stack", no_wrap=True),
        Column("One-time, list", "list", numeric=True),
        *([Column("One-time, contracted", "contracted", numeric=True)] if booked else []),
        Column("Unpriced", "unpriced", numeric=True),
        *extra_columns,
    ]
    return Table(f"Moving the files from {moves.source} (one-time, USD)", columns, rows)


def moves_notes(moves: Moves) -> list[str]:
    """Each move's notes (what moves, what is free or waived) and unpriced parts."""
    # Leaving one storage reads alike for most targets: each text once, with every setup it
    # concerns, so a board reads six setups' identical hole as one line.
    targets: dict[str, list[str]] = {}
    for m in moves.moves:
        texts = [
            *m.notes,
            *(
                f"unpriced, {u.resource} {u.component}: {u.reason} (its one-time cost is a "
                "lower bound, ≥)"
                for u in m.unpriced
            ),
        ]
        for text in dict.fromkeys(texts):
            targets.setdefault(text, []).append(m.target)
    lines = [f"{', '.join(names)}: {text}" for text, names in targets.items()]
    from costmodel.planning.moving import WAIVERS

    named = sorted({p for m in moves.moves for p in m.programs})
    lines += [f"{p}'s exit waiver: {WAIVERS[p].source}" for p in named]
    return lines

"""Every resource type the shipped stacks declare is priced, free on purpose, or known to be
unpriced with a reason; a new type in the program fails here until someone decides."""

from __future__ import annotations

import pytest
from graph_memo import build_graph

import costmodel.model.resources  # noqa: F401  (registers the types)
from costmodel.model.components import KNOWN_UNPRICED, PRICED, is_free
from indexplan.paths import STACKS_DIR, stack_names
from indexplan.stackfile import load_stack_file


@pytest.mark.parametrize("stack", stack_names())
def test_every_shipped_type_is_accounted_for(stack):
    graph = build_graph(load_stack_file(STACKS_DIR / f"Pulumi.{stack}.yaml"))
    unknown = sorted(
        {
            r.type
            for r in graph
            if r.type not in PRICED and r.type not in KNOWN_UNPRICED and not is_free(r.type)
        }
    )
    assert unknown == [], f"{stack}: price these types or declare them free: {unknown}"


def test_a_type_nobody_declared_is_unpriced_not_free():
    from costmodel_helpers import price, reasons, res

    est = price([res("aws:lambda/function:Function", "fn", "queue")], {"traffic": {"egress": 1}})
    assert est.line_items == ()
    assert reasons(est) == [("fn", None, "resource type not in the cost model")]

"""One resource-graph memo per test process, shared by every test directory that only reads
graphs (tests/cli, tests/diff, tests/terraform, tests/infra, tests/properties, tests/policy,
tests/costmodel, the hostile planning limits, the shipped stacks' preview/export): each
distinct stack runs under Pulumi's mocks once per pytest-xdist worker instead of once per
directory (0.2-1 s of CPU a build, much more for a worker's first).

Keyed by exactly what a build reads (graph.build_graph): the program, the stack's name, its
config and which keys are secret; not the file's path or layout. A build that raises is not
kept. Tests about running the program itself (the leak test in tests/infra, the policy test
recording generated secrets, tests/perf) call the real builder, `REAL_BUILD_GRAPH`.
"""

from __future__ import annotations

import json

import indexplan.graph
from costmodel.model.graph import Resource
from indexplan.stackfile import StackFile

REAL_BUILD_GRAPH = indexplan.graph.build_graph
_built: dict[tuple[str, ...], list[Resource]] = {}


def build_graph(stack: StackFile, *args: object) -> list[Resource]:
    """indexplan.graph.build_graph, memoised; a new list each call (the resources are frozen)."""
    try:
        config = json.dumps(stack.config, sort_keys=True, default=repr)
    except TypeError:  # keys of mixed types cannot be sorted: not kept, built each time
        return REAL_BUILD_GRAPH(stack, *args)
    key = (repr(args), stack.name, config, *sorted(stack.secret_keys))
    if key not in _built:
        _built[key] = REAL_BUILD_GRAPH(stack, *args)
    return list(_built[key])

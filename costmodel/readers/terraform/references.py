"""Values a plan knows only after apply, but whose expression says which resource they name.

A plan of new resources leaves `[unknown]` every value computed from another new resource's
id or ARN: an S3 lifecycle configuration's `bucket`, a queue's redrive policy. The plan's
`configuration` keeps each attribute's expression with the references in it
(`aws_sqs_queue.dead_letter.arn`, `aws_sqs_queue.dead_letter`). Where they all point at one
resource the plan holds, the value names that resource, and the graph holds the resource's
address there instead of `[unknown]`. An address is a resource's name and URN in the graph,
so the cost model follows the link as it follows the ids of a Pulumi program's graph (a
bucket's lifecycle rules, a queue's dead-letter target).

Only references written in the resource's own module to a resource are followed: a value
passed through a variable, a local, a module output, `each` or `count` stays `[unknown]`
(Terraform's JSON configuration holds no locals and no values of `each`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, MutableMapping
from typing import Any

from costmodel.model.graph import UNKNOWN
from costmodel.model.usage import DEAD_LETTER_SETTINGS
from costmodel.readers.terraform.names import input_name

# Inputs the cost model reads as JSON objects naming their target under a key (redrive
# policies): a reference there is written as that object.
_UNDER_KEY = dict(DEAD_LETTER_SETTINGS)
_INSTANCE_KEY = re.compile(r'\[(?:\d+|"(?:[^"\\]|\\.)*")\]$')


def resolve_references(
    inputs: MutableMapping[str, Any],
    expressions: Any,
    module_address: str | None,
    addresses: Mapping[str, str],
) -> None:
    """Replace each unknown top-level input whose expression names one planned resource (a
    key of `addresses`, seen from the module instance `module_address`) by that resource's
    address as the graph spells it (the value in `addresses`)."""
    if not isinstance(expressions, Mapping):
        return
    prefix = f"{module_address}." if module_address else ""
    for attribute, expression in expressions.items():
        name = input_name(str(attribute), False)
        if inputs.get(name) != UNKNOWN or not isinstance(expression, Mapping):
            continue
        target = _one_resource(expression.get("references"), prefix, addresses)
        if target is not None:
            key = _UNDER_KEY.get(name)
            inputs[name] = {key: addresses[target]} if key else addresses[target]


def _one_resource(references: Any, prefix: str, addresses: Mapping[str, str]) -> str | None:
    """The one planned resource every reference is to (itself, an attribute of it, or its
    resource when it is one instance of a count), else None."""
    if not isinstance(references, list) or not references:
        return None
    if not all(isinstance(r, str) for r in references):
        return None
    found = {prefix + r for r in references if prefix + r in addresses}
    if len(found) != 1:
        return None
    (target,) = found
    resource = _INSTANCE_KEY.sub("", target)
    if all(
        prefix + r in (target, resource) or (prefix + r).startswith(f"{target}.")
        for r in references
    ):
        return target
    return None

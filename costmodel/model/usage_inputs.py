"""The numbers the cost model reads from a resource's inputs (a disk's size, a node count), each
with the range it must lie in.

A preview or a plan is a file a user hands in (and may have edited, or made with a module's bad
variable), so its readers check these inputs as they read them: a value that is not a number
(`"abc"`, `true`, an object) or lies outside its range is refused with one line naming the
file, the resource and the input (`check_inputs`). Usage functions read them through `number`,
which applies the same check to any other graph and reports a failure as unpriced.

The ranges are far beyond any real resource (RDS stops at 64 TiB, an ElastiCache group at 500
nodes) and keep every bill within `limits.EXACT_USD`.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from costmodel.errors import InputError, printable
from costmodel.model import limits
from costmodel.model.figures import not_bool
from costmodel.model.graph import SECRET, UNKNOWN, Resource

MIB = 2**20


@dataclass(frozen=True)
class Numeric:
    """An input the model reads as a number: `what` it counts, its largest value, whether only
    whole numbers make sense, and whether the provider types it as text (ECS's `"256"`)."""

    what: str
    high: float
    whole: bool = False
    text: bool = False

    def problem(self, value: Any) -> str | None:
        """Why `value` is not such a number, or None."""
        expected = f"expected {self.what} from 0 to {self.high:,.15g}"
        try:
            not_bool(value)
        except ValueError as exc:
            return f"{exc}; {expected}"
        number = value
        if self.text and isinstance(value, str):
            number = _decimal(value)
        if isinstance(number, bool) or not isinstance(number, int | float):
            return f"{expected}, got {_shown(value)}"
        if not (0 <= number <= self.high) or (self.whole and not float(number).is_integer()):
            return f"{expected}, got {_shown(value)}"
        return None


def _decimal(text: str) -> float | None:
    """`"256"` -> 256.0; anything but a plain decimal number -> None."""
    stripped = text.strip()
    if not stripped.replace(".", "", 1).isdigit():
        return None
    number = float(stripped)
    return number if math.isfinite(number) else None


def _shown(value: Any) -> str:
    text = printable(repr(value))
    return text if len(text) <= 40 else f"{text[:37]}..."


COUNT = Numeric("a whole number", limits.MAX_INSTANCES, whole=True)
# 10^9 GiB (about an exabyte) for one disk or cache: within limits.MAX_BYTES.
SIZE_GIB = Numeric("a size in GiB", 1e9)
# Type token -> input path (dotted, as `usage.required` reads it) -> what it must be.
NUMERIC_INPUTS: dict[str, dict[str, Numeric]] = {
    "aws:rds/instance:Instance": {"allocatedStorage": SIZE_GIB},
    "aws:elasticache/replicationGroup:ReplicationGroup": {"numCacheClusters": COUNT},
    "aws:ecs/service:Service": {"desiredCount": COUNT},
    "aws:ecs/taskDefinition:TaskDefinition": {
        "cpu": Numeric("CPU units (1024 a vCPU)", 1024 * limits.MAX_INSTANCES, text=True),
        "memory": Numeric("a memory size in MiB", limits.MAX_BYTES / MIB, text=True),
    },
    "aws:opensearch/domain:Domain": {
        "clusterConfig.instanceCount": COUNT,
        "ebsOptions.volumeSize": SIZE_GIB,
    },
    "gcp:redis/instance:Instance": {"memorySizeGb": SIZE_GIB},
    "gcp:sql/databaseInstance:DatabaseInstance": {"settings.diskSize": SIZE_GIB},
    "gcp:cloudrunv2/service:Service": {
        "template.scaling.minInstanceCount": COUNT,
        "template.scaling.maxInstanceCount": COUNT,
    },
}


def input_at(resource: Resource, key: str) -> Any:
    """The input at dotted path `key`, None where the path does not lead to a value."""
    value: Any = resource.inputs
    for part in key.split("."):
        value = value.get(part) if isinstance(value, Mapping) else None
    return value


def check_inputs(
    resources: Iterable[Resource], where: str, shown: Callable[[str], str] = str
) -> None:
    """InputError (`where`: `<resource>: <input>`: what was expected) for the first numeric
    input that is set but is not a number in its range; `shown` names an input as the file
    does. Values known only after apply, or secret, are left to the usage functions."""
    for resource in resources:
        for key, numeric in NUMERIC_INPUTS.get(resource.type, {}).items():
            value = input_at(resource, key)
            if value is None or value in (UNKNOWN, SECRET):
                continue
            problem = numeric.problem(value)
            if problem is not None:
                raise InputError(where, printable(f"{resource.name}: {shown(key)}"), problem)

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

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from costmodel.errors import InputError, printable
from costmodel.model import limits
from costmodel.model.graph import SECRET, UNKNOWN, Resource
from costmodel.model.limits import not_bool

_TEXT = re.compile(r"(\d+(?:\.\d+)?)\s*([a-z]*)")


@dataclass(frozen=True)
class Numeric:
    """An input the model reads as a number: `what` it counts, its largest value, whether only
    whole numbers make sense, and, where the provider types it as text, the units that text
    may name (ECS takes CPU as `"256"` or `"1 vCPU"`, memory as `"512"` or `"1 GB"`)."""

    what: str
    high: float
    whole: bool = False
    text_units: Mapping[str, float] | None = None  # unit (lower case; "" none) -> factor

    def read(self, value: Any) -> float:
        """`value` as a number in this input's unit; ValueError saying what was expected."""
        expected = f"expected {self.what} from 0 to {self.high:,.15g}"
        try:
            not_bool(value)
        except ValueError as exc:
            raise ValueError(f"{exc}; {expected}") from None
        number = value
        if self.text_units is not None and isinstance(value, str):
            number = _from_text(value, self.text_units)
        if not isinstance(number, int | float) or not 0 <= number <= self.high:
            raise ValueError(f"{expected}, got {_shown(value)}")
        if self.whole and not float(number).is_integer():
            raise ValueError(f"{expected}, got {_shown(value)}")
        return float(number)


def _from_text(text: str, units: Mapping[str, float]) -> float | None:
    """`"256"` -> 256.0, `"1 vCPU"` -> 1024.0 (with units {"vcpu": 1024}); else None."""
    match = _TEXT.fullmatch(text.strip().lower())
    if match is None or match[2] not in units:
        return None
    return float(match[1]) * units[match[2]]


def _shown(value: Any) -> str:
    text = printable(repr(value))
    return text if len(text) <= 40 else f"{text[:37]}..."


COUNT = Numeric("a whole number", limits.MAX_INSTANCES, whole=True)
# 10^6 GiB (about a PiB) for one disk or cache, 15 times RDS's and Cloud SQL's 64 TiB; an
# OpenSearch domain of 10^6 such volumes is $1.4e11 a month.
SIZE_GIB = Numeric("a size in GiB", 1e6)
CONCURRENCY = Numeric("concurrent requests per instance", 1000, whole=True)  # Cloud Run's most
VCPU = {"": 1.0, "vcpu": 1024.0}
GB_AS_MIB = {"": 1.0, "gb": 1024.0}  # ECS's "GB" is 1,024 MiB
# Per task: 1,000 vCPU and 1 PiB (Fargate stops at 16 vCPU and 120 GB); 10^6 such tasks a
# month stay within limits.EXACT_USD.
MAX_CPU_UNITS = 1024.0 * 1000
MAX_MIB = 2.0**30
# Type token -> input path (dotted, as `usage.required` reads it) -> what it must be.
NUMERIC_INPUTS: dict[str, dict[str, Numeric]] = {
    "aws:rds/instance:Instance": {"allocatedStorage": SIZE_GIB},
    "aws:elasticache/replicationGroup:ReplicationGroup": {"numCacheClusters": COUNT},
    "aws:ecs/service:Service": {"desiredCount": COUNT},
    "aws:ecs/taskDefinition:TaskDefinition": {
        "cpu": Numeric("CPU units (1024 a vCPU)", MAX_CPU_UNITS, text_units=VCPU),
        "memory": Numeric("a memory size in MiB", MAX_MIB, text_units=GB_AS_MIB),
    },
    "aws:opensearch/domain:Domain": {
        "clusterConfig.instanceCount": COUNT,
        "ebsOptions.volumeSize": SIZE_GIB,
    },
    "gcp:redis/instance:Instance": {"memorySizeGb": SIZE_GIB},
    "gcp:sql/databaseInstance:DatabaseInstance": {"settings.diskSize": SIZE_GIB},
    # the share of requests a load balancer's backend service logs (logConfig.sampleRate)
    "gcp:compute/backendService:BackendService": {
        "logConfig.sampleRate": Numeric("a share of requests", 1.0),
    },
    "gcp:cloudrunv2/service:Service": {
        "template.scaling.minInstanceCount": COUNT,
        "template.scaling.maxInstanceCount": COUNT,
        "template.maxInstanceRequestConcurrency": CONCURRENCY,
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
            try:
                numeric.read(value)
            except ValueError as exc:
                field = printable(f"{resource.name}: {shown(key)}")
                raise InputError(where, field, str(exc)) from None

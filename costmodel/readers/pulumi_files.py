"""Read Pulumi's own files into the resource graph: `pulumi preview --json` and
`pulumi stack export`.

A preview lists `steps`, each `{op, urn, newState: {type, inputs, parent, provider}}`; an
export lists `deployment.resources`, each `{urn, type, inputs, parent, provider}`. Steps that
leave nothing behind (`delete`, `discard`, reads of resources managed elsewhere) are not
priced; resources pending deletion in an export neither. Provider resources
(`pulumi:providers:aws`) give each provider's region; a resource whose provider is in another
region than the default one gets that region as its `region` input, as pulumi-aws 7 would.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import NoneType
from typing import Any, NotRequired

from pydantic import ConfigDict, TypeAdapter, ValidationError
from typing_extensions import TypedDict

from costmodel.errors import InputError, from_validation_error
from costmodel.files.collector import collector_paused
from costmodel.files.jsonfile import load_json_object
from costmodel.model.graph import SECRET, UNKNOWN, Resource
from costmodel.model.usage_inputs import check_inputs
from costmodel.readers.pulumi_roles import property_dependencies, with_cdn_roles

STACK_TYPE = "pulumi:pulumi:Stack"
PROVIDER_PREFIX = "pulumi:providers:"
# Pulumi's wire sentinels: an output not known until apply, and a secret value's signature.
UNKNOWN_SENTINEL = "04da6b54-80e4-46f7-96ec-b56ff0331ba9"
SECRET_SIGNATURE = "4dabf18193072939515e22adb298388d"
# Previews and exports are written by Pulumi, not by hand: about 400 bytes a resource, so this
# admits programs of 10^5 resources (benchmarks/README.md) and still bounds memory.
MAX_TOOL_BYTES = 100 * 1000 * 1000
# Preview operations after which the resource exists and is managed by this program.
PRICED_OPS = frozenset(
    {"same", "create", "update", "replace", "create-replacement", "import", "import-replacement"}
)


# The files' shapes, checked by pydantic as typed dicts (no model object per step: half the time
# of models on a preview of 10^5 resources); keys the reader does not use are allowed.
_LOOSE = ConfigDict(extra="allow")


class _Resource(TypedDict):
    __pydantic_config__ = _LOOSE  # type: ignore[misc]
    type: str
    inputs: NotRequired[dict[str, Any]]
    parent: NotRequired[str | None]
    provider: NotRequired[str | None]
    delete: NotRequired[bool]


class State(_Resource):
    urn: NotRequired[str | None]


class Step(TypedDict):
    __pydantic_config__ = _LOOSE  # type: ignore[misc]
    op: str
    urn: str
    newState: NotRequired[State | None]


class Preview(TypedDict):
    __pydantic_config__ = _LOOSE  # type: ignore[misc]
    config: NotRequired[dict[str, Any]]
    steps: list[Step]


class ExportedResource(_Resource):
    urn: str


class Deployment(TypedDict):
    __pydantic_config__ = _LOOSE  # type: ignore[misc]
    resources: NotRequired[list[ExportedResource]]


class Export(TypedDict):
    __pydantic_config__ = _LOOSE  # type: ignore[misc]
    version: NotRequired[int | None]
    deployment: Deployment


def _validated(shape: Any, data: Any, where: str, fits: bool) -> Any:
    """`data` as `shape`; pydantic checks it (and words the error) unless `fits`, a check of
    the few keys the reader uses that is ten times faster on 10^5 steps, already passed."""
    if fits:
        return data
    try:
        return TypeAdapter(shape).validate_python(data)
    except ValidationError as exc:
        raise from_validation_error(where, exc) from None


def _state_fits(state: Any) -> bool:
    return (
        type(state) is dict
        and type(state.get("type")) is str
        and type(state.get("inputs", {})) is dict
        and all(type(state.get(k)) in (str, NoneType) for k in ("urn", "parent", "provider"))
        and type(state.get("delete", False)) is bool
    )


def _preview_fits(doc: dict[str, Any]) -> bool:
    steps = doc.get("steps")
    return (
        type(doc.get("config", {})) is dict
        and type(steps) is list
        and all(
            type(step) is dict
            and type(step.get("op")) is str
            and type(step.get("urn")) is str
            and (step.get("newState") is None or _state_fits(step["newState"]))
            for step in steps
        )
    )


def _export_fits(doc: dict[str, Any]) -> bool:
    deployment = doc.get("deployment")
    resources = deployment.get("resources", []) if type(deployment) is dict else None
    return (
        type(doc.get("version")) in (int, NoneType)
        and type(resources) is list
        and all(_state_fits(r) and type(r.get("urn")) is str for r in resources)
    )


@dataclass(frozen=True)
class PulumiGraph:
    """A graph read from a Pulumi file, with what the file says about the stack."""

    stack: str
    resources: list[Resource]
    regions: dict[str, str]  # provider package -> region of its default provider
    config: dict[str, Any] = field(default_factory=dict)  # previews carry the stack's config
    not_priced: list[str] = field(default_factory=list)  # "urn (op)" left out, for the report
    notes: list[str] = field(default_factory=list)  # what the reader decided, for the report


@collector_paused()  # 10^5 resources' objects: see collector.py
def read_preview(path: Path) -> PulumiGraph:
    where = str(path)
    what = "`pulumi preview --json` output"
    doc = load_json_object(path, what, MAX_TOOL_BYTES)
    preview: Preview = _validated(Preview, doc, where, _preview_fits(doc))
    states: dict[str, _Resource] = {}
    left_out: list[str] = []
    for i, step in enumerate(preview["steps"]):
        if step["op"] not in PRICED_OPS:
            left_out.append(f"{step['urn']} ({step['op']})")
            continue
        state = step.get("newState")
        if state is None:
            raise InputError(where, f"steps.{i}.newState", f"required for a {step['op']} step")
        states.setdefault(step["urn"], state)
    left_out = [s for s in left_out if s.split(" ")[0] not in states]
    # config values are as Pulumi hands them to programs: strings, objects as JSON text
    return _graph(where, states, dict(preview.get("config", {})), left_out)


@collector_paused()
def read_export(path: Path) -> PulumiGraph:
    where = str(path)
    what = "`pulumi stack export` output"
    doc = load_json_object(path, what, MAX_TOOL_BYTES)
    export: Export = _validated(Export, doc, where, _export_fits(doc))
    states: dict[str, _Resource] = {}
    left_out: list[str] = []
    for r in export["deployment"].get("resources", []):
        if r.get("delete"):
            left_out.append(f"{r['urn']} (pending deletion)")
        else:
            states[r["urn"]] = r
    return _graph(where, states, {}, left_out)


def _graph(
    where: str, states: Mapping[str, _Resource], config: dict[str, Any], left_out: list[str]
) -> PulumiGraph:
    if not states:
        raise InputError(where, "", "no resources to price (nothing created or kept)")
    stacks = {_stack_of(where, urn) for urn in states}
    if len(stacks) > 1:
        raise InputError(where, "urn", f"resources of several stacks: {', '.join(sorted(stacks))}")
    provider_regions = {
        urn: s["inputs"]["region"]
        for urn, s in states.items()
        if s["type"].startswith(PROVIDER_PREFIX)
        and isinstance(s.get("inputs", {}).get("region"), str)
    }
    regions = _default_regions(states, provider_regions)
    resources = []
    dependencies = {}
    for urn, state in states.items():
        if state["type"] == STACK_TYPE:
            continue
        dependencies[urn] = property_dependencies(state, where, urn)
        inputs = _plain(state.get("inputs", {}))
        own = provider_regions.get(_provider_urn(state.get("provider")))
        package = state["type"].split(":")[0]
        if own and own != regions.get(package) and "region" not in inputs:
            inputs["region"] = own
        resources.append(
            Resource(
                urn=urn,
                type=state["type"],
                name=urn.rsplit("::", 1)[-1],
                parent_type=_parent_type(urn),
                inputs=inputs,
            )
        )
    check_inputs(resources, where)
    resources, notes = with_cdn_roles(resources, dependencies)
    return PulumiGraph(stacks.pop(), resources, regions, config, left_out, notes)


def _stack_of(where: str, urn: str) -> str:
    parts = urn.split("::")
    if not urn.startswith("urn:pulumi:") or len(parts) < 4:
        raise InputError(where, "urn", f"not a Pulumi URN: {urn!r}")
    return parts[0].removeprefix("urn:pulumi:")


def _provider_urn(reference: str | None) -> str:
    """A provider reference is `<provider urn>::<provider id>`."""
    return (reference or "").rsplit("::", 1)[0]


def _parent_type(urn: str) -> str | None:
    """The parent's type from the URN's qualified type (`parent$child`), below the stack."""
    chain = urn.split("::")[2].split("$")
    parent = chain[-2] if len(chain) > 1 else None
    return None if parent in (None, STACK_TYPE) else parent


def _default_regions(
    states: Mapping[str, _Resource], provider_regions: Mapping[str, str]
) -> dict[str, str]:
    """Per package, the region of its default provider, else of its only (or first) provider."""
    regions: dict[str, str] = {}
    for urn, region in sorted(provider_regions.items(), key=lambda kv: "::default" not in kv[0]):
        package = states[urn]["type"].removeprefix(PROVIDER_PREFIX)
        regions.setdefault(package, region)
    return regions


def _plain(value: Any) -> Any:
    """Wire values as the graph holds them: secrets `[secret]`, unknown outputs `[unknown]`."""
    if type(value) is dict:  # JSON gives exact dicts and lists: the cheapest test, 10^6 times
        if SECRET_SIGNATURE in value:
            return SECRET
        # most values are text: kept without a call (10^6 of them in 10^5 resources)
        return {
            k: v if type(v) is str and v != UNKNOWN_SENTINEL else _plain(v)
            for k, v in value.items()
        }
    if type(value) is list:
        return [v if type(v) is str and v != UNKNOWN_SENTINEL else _plain(v) for v in value]
    if value == UNKNOWN_SENTINEL:
        return UNKNOWN
    if type(value) is float and value.is_integer():
        return int(value)
    return value

"""Read a Terraform plan (`terraform show -json PLANFILE`) into the resource graph.

The plan's documented JSON format (format_version 1.x, Terraform 1.0 and later) lists every
managed resource instance in `resource_changes`, each with its address, type, provider and
planned `after` values; `configuration` says which provider configuration each resource uses.
Each instance of a `count` or `for_each` is its own resource, and resources in modules keep
their full address (`module.storage.aws_s3_bucket.files`), which is both the graph's URN and
its name, so line items and usage files name them as Terraform does.

- Types and inputs are named as Pulumi's bridged providers name them (names.py, values.py).
- A resource inside a module called by a role's name (`module "storage"`, `module "cdn"`,
  ...) takes that role, as a resource inside an indexplan component does; other resources
  take the role their type implies, as in any other program's graph.
- Resources the plan deletes or forgets are left out and listed; data sources are lookups.
- A resource whose provider configuration is in another region than the default one gets
  that region as its `region` input, as the Pulumi reader does.
- An unknown value whose expression names one planned resource names it in the graph
  (references.py), so links between new resources are followed.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from costmodel.errors import InputError, printable  # plan names: no control characters
from costmodel.files.jsonfile import load_json_object, validate_as
from costmodel.model.graph import UNKNOWN, Resource
from costmodel.model.roles import ROLE_OF_TYPE, ROLES
from costmodel.model.usage import files_buckets
from costmodel.model.usage_inputs import check_inputs
from costmodel.readers.cdn_origin import CDN_ORIGIN
from costmodel.readers.terraform.names import PACKAGES, attribute_path, pulumi_type
from costmodel.readers.terraform.origins import cdn_origins
from costmodel.readers.terraform.references import resolve_references
from costmodel.readers.terraform.values import planned_inputs

WHAT = "`terraform show -json` output of a plan"
# Plans are larger than other user files: about 2.5 kB per resource, so 100 MB holds some
# 40,000 resources while bounding the memory a parse can take.
MAX_PLAN_BYTES = 100 * 1000 * 1000
SUPPORTED_MAJOR = "1"
SHOW_PLAN = "run `terraform plan -out tf.plan && terraform show -json tf.plan > plan.json`"
# The parent token of a resource in a module called by a role's name.
MODULE_COMPONENT = "TerraformModule"

_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]*$")
_MODULE_STEP = re.compile(r'module\.([A-Za-z0-9_-]+)(?:\[(?:\d+|"(?:[^"\\]|\\.)*")\])?')
_MODULE_PATH = re.compile(rf"(?:{_MODULE_STEP.pattern}\.)*")


class _Loose(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)


class Change(_Loose):
    actions: list[str]
    after: Any = None
    after_unknown: Any = None
    after_sensitive: Any = None


class ResourceChange(_Loose):
    address: str
    module_address: str | None = None
    mode: str
    type: str
    name: str
    provider_name: str = ""
    change: Change


class Plan(_Loose):
    format_version: str
    resource_changes: list[ResourceChange] = Field(default_factory=list)
    configuration: dict[str, Any] = Field(default_factory=dict)
    variables: dict[str, Any] = Field(default_factory=dict)
    errored: bool = False
    complete: bool = True


@dataclass(frozen=True)
class TerraformPlan:
    """A plan's resources as the graph the cost model prices, with what the plan says
    about where they run."""

    name: str  # the plan file's name (`all-aws.plan.json`), standing for the stack
    resources: list[Resource]
    regions: dict[str, str]  # package -> region of its default provider configuration
    not_priced: list[str] = field(default_factory=list)  # "address: why", for the report
    notes: list[str] = field(default_factory=list)


def read_plan(path: Path) -> TerraformPlan:
    """The plan in `path`, the output of `terraform show -json PLANFILE`."""
    doc = load_json_object(path, WHAT, MAX_PLAN_BYTES)
    return plan_from_json(doc, str(path), printable(path.name))


def plan_from_json(doc: Mapping[str, Any], where: str, name: str) -> TerraformPlan:
    _check_format(doc, where)
    plan = validate_as(Plan, doc, where)
    if plan.errored:
        raise InputError(where, "errored", "the plan failed; fix the configuration and plan again")
    providers = _provider_regions(plan, where)
    configured = _configured_resources(plan.configuration)
    regions = {
        PACKAGES.get(key, key): region for key, region in providers.items() if "." not in key
    }
    kept: list[tuple[ResourceChange, str]] = []
    left_out: list[str] = []
    for i, rc in enumerate(plan.resource_changes):
        if rc.mode != "managed":
            continue  # a data source: a lookup, not a resource
        address = _checked_address(rc, i, where)
        if "forget" in rc.change.actions:
            left_out.append(f"{address}: forgotten (it keeps running, outside this configuration)")
        elif rc.change.after is None:
            left_out.append(f"{address}: {'+'.join(rc.change.actions)} (it will not exist)")
        else:
            kept.append((rc, address))
    planned = {rc.address: address for rc, address in kept}
    resources = []
    for rc, address in kept:
        modules = [printable(m) for m in _MODULE_STEP.findall(rc.module_address or "")]
        path = ".".join(f"module.{m}" for m in modules)
        config = configured.get((path, f"{rc.type}.{rc.name}")) or {}
        change = rc.change
        inputs = planned_inputs(
            rc.type, change.after, change.after_unknown, change.after_sensitive, where, address
        )
        resolve_references(inputs, config.get("expressions"), rc.module_address, planned)
        region = providers.get(str(config.get("provider_config_key", "")))
        resources.append(_resource(rc, address, modules, inputs, region, regions))
    if not resources:
        raise InputError(where, "resource_changes", "no resources to price (nothing planned)")
    check_inputs(resources, where, attribute_path)
    origins = cdn_origins(plan.configuration, ((a, rc.type, rc.change.after) for rc, a in kept))
    resources, notes = _undecided_files(resources, origins)
    notes += _provider_notes([rc for rc, _ in kept])
    if not plan.complete:
        notes.append("the plan is incomplete (complete: false): deferred changes are not priced")
    return TerraformPlan(name, resources, regions, left_out, notes)


def _checked_address(rc: ResourceChange, i: int, where: str) -> str:
    """The change's address, printable, after checking it names a resource of its type."""
    for label, value in (("type", rc.type), ("name", rc.name)):
        if not _NAME.match(value):
            raise InputError(where, f"resource_changes.{i}.{label}", "not a Terraform name")
    address = printable(rc.address)
    if tf_type_of(address) != rc.type:
        raise InputError(
            where,
            f"resource_changes.{i}.address",
            f"not the address of a resource of type {rc.type}",
        )
    return address


def _resource(
    rc: ResourceChange,
    address: str,
    modules: list[str],
    inputs: dict[str, Any],
    region: str | None,
    regions: Mapping[str, str],
) -> Resource:
    """One planned resource in the graph; `region` is its provider configuration's."""
    token = pulumi_type(rc.type)
    # the provider's region, where the resource's own is known only after apply (or absent)
    elsewhere = region is not None and region != regions.get(token.split(":")[0])
    if elsewhere and inputs.get("region") in (None, UNKNOWN):
        inputs["region"] = region
    return Resource(address, token, address, _role_token(modules), inputs)


def _undecided_files(
    resources: list[Resource], origins: set[str]
) -> tuple[list[Resource], list[str]]:
    """The graph with the storage module's buckets taken as another program's when the plan
    cannot say which holds the files the CDN serves (two buckets with no storage-class
    transition linked to either: a lifecycle configuration's `bucket = each.value` is known
    only after apply). The CDN's origin (`origins`, followed through the configuration) says
    which: that bucket is the files (its parent CDN_ORIGIN), also among buckets in no role's
    module. As for a Pulumi preview's buckets, the others' usage-based costs are then
    "depends on usage" unless a usage file says what they store, never the scenario's files
    counted in each (cdn_origin.beside_origin)."""
    undecided = {r.urn for r in files_buckets(resources)}
    if not undecided:  # buckets in no role's module, if any: by type, one of them the origin
        undecided = {
            r.urn for r in resources if r.role is None and ROLE_OF_TYPE.get(r.type) == "storage"
        }
    if len(undecided) < 2:
        return resources, []
    served = undecided & origins
    graph = [
        Resource(r.urn, r.type, r.name, CDN_ORIGIN if r.urn in served else None, r.inputs)
        if r.urn in undecided and len(served) == 1
        else r
        for r in resources
    ]
    if len(served) == 1 and served <= {r.urn for r in files_buckets(graph)}:
        return graph, [_origin_note(served, undecided - served)]
    if any(r.role == "storage" for r in resources if r.urn in undecided):
        graph = [
            Resource(r.urn, r.type, r.name, None, r.inputs) if r.urn in undecided else r
            for r in resources
        ]
        note = (
            f"{', '.join(sorted(undecided))}: the plan does not say which of these buckets "
            "holds the files the CDN serves (none has a storage-class transition linked to "
            "it), so each is priced as another program's bucket; name the CDN's origin and "
            "what each stores with --usage (serves_cdn: true)"
        )
        return graph, [note]
    return resources, []


def _origin_note(served: set[str], others: set[str]) -> str:
    return (
        f"{', '.join(sorted(served))}: the CDN's origin (followed through the plan), "
        f"priced as the files it serves; {', '.join(sorted(others))}: not the CDN's "
        "origin, so priced as another program's bucket; say what it stores with --usage"
    )


def _check_format(doc: Mapping[str, Any], where: str) -> None:
    """A plan, of a format version this reader knows; a state or a Pulumi file is refused."""
    version = doc.get("format_version")
    if version is None:
        if "lineage" in doc or ("version" in doc and "resources" in doc):
            raise InputError(where, "", f"a Terraform state file, not a plan; {SHOW_PLAN}")
        if "steps" in doc or "deployment" in doc:
            raise InputError(
                where, "", "a Pulumi file, not a Terraform plan; use --from-preview or --from-state"
            )
        raise InputError(where, "format_version", f"required key is missing; expected {WHAT}")
    if not isinstance(version, str) or version.split(".")[0] != SUPPORTED_MAJOR:
        raise InputError(
            where,
            "format_version",
            f"{printable(repr(version))[:40]} is not supported; expected 1.x (Terraform 1.0 or "
            "later)",
        )
    if "values" in doc and "resource_changes" not in doc and "planned_values" not in doc:
        raise InputError(
            where, "", f"`terraform show -json` of a state, not of a plan; {SHOW_PLAN}"
        )


def _provider_regions(plan: Plan, where: str) -> dict[str, str]:
    """Provider configuration key (`aws`, `aws.west`) -> its region, where the plan says."""
    configs = plan.configuration.get("provider_config") or {}
    if not isinstance(configs, Mapping):
        raise InputError(where, "configuration.provider_config", "must be an object")
    out = {}
    for key, config in configs.items():
        expressions = config.get("expressions") if isinstance(config, Mapping) else None
        if not isinstance(expressions, Mapping):
            continue
        region = _evaluate(expressions.get("region"), plan.variables)
        if region is None:  # Google Cloud's provider may name a zone's region only
            region = _evaluate(expressions.get("location"), plan.variables)
        if isinstance(region, str) and region:
            out[str(key)] = printable(region)
    return out


def _evaluate(expression: Any, variables: Mapping[str, Any]) -> Any:
    """A constant, or one root variable's value; anything else is not known here."""
    if not isinstance(expression, Mapping):
        return None
    if "constant_value" in expression:
        return expression["constant_value"]
    references = expression.get("references")
    if isinstance(references, list) and len(references) == 1:
        name = str(references[0]).removeprefix("var.")
        variable = variables.get(name) if name != references[0] else None
        if isinstance(variable, Mapping):
            return variable.get("value")
    return None


def _configured_resources(
    configuration: Mapping[str, Any],
) -> dict[tuple[str, str], Mapping[str, Any]]:
    """(module path, `type.name`) -> the resource's configuration (its provider configuration
    key, its expressions), over the module tree."""
    out: dict[tuple[str, str], Mapping[str, Any]] = {}
    stack: list[tuple[str, Any]] = [("", configuration.get("root_module"))]
    while stack:
        path, module = stack.pop()
        if not isinstance(module, Mapping):
            continue
        for resource in module.get("resources") or []:
            if isinstance(resource, Mapping) and isinstance(resource.get("address"), str):
                out[(path, resource["address"])] = resource
        calls = module.get("module_calls") or {}
        if isinstance(calls, Mapping):
            for call, body in calls.items():
                inner = body.get("module") if isinstance(body, Mapping) else None
                stack.append((f"{path}.module.{call}".lstrip("."), inner))
    return out


def _role_token(modules: list[str]) -> str | None:
    """The role of the innermost module called by a role's name, as a component token."""
    for module in reversed(modules):
        if module in ROLES:
            return f"indexplan:{module}:{MODULE_COMPONENT}"
    return None


def _provider_notes(changes: list[ResourceChange]) -> list[str]:
    """One line per provider of the priced resources that the cost model does not know."""
    import costmodel.model.resources  # noqa: F401  (registers the priced and free types)
    from costmodel.model.components import FREE, KNOWN_UNPRICED, PRICED

    known = {token.split(":")[0] for token in (*PRICED, *FREE, *KNOWN_UNPRICED)}
    counts = Counter(
        rc.provider_name or rc.type.split("_")[0]
        for rc in changes
        if pulumi_type(rc.type).split(":")[0] not in known
    )
    return [
        f"provider {printable(provider)} is not in the cost model: its {n} resource"
        f"{'s are' if n > 1 else ' is'} listed as unpriced"
        for provider, n in sorted(counts.items())
    ]


def tf_type_of(address: str) -> str:
    """`module.storage.aws_s3_bucket.files` -> `aws_s3_bucket`."""
    steps = _MODULE_PATH.match(address)
    return address[steps.end() if steps else 0 :].split(".", 1)[0]

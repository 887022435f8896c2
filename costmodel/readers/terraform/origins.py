"""Which planned buckets a CDN's origin is, as the plan's configuration says.

A CloudFront distribution's `origin { domain_name = ... }` is known in a plan only when its
bucket already exists; for new buckets it is `[unknown]`, and a module passes it on through
a variable and an output (`module.storage.files_bucket_domain` -> `var.bucket_domain` ->
`origin.domain_name`). Terraform's JSON `configuration` keeps each expression's references,
each module call's arguments and each module's outputs: the chain is followed from the
origin, up through a module's variables to its caller's argument and down through another
module's outputs, to the bucket resource it ends in (`aws_s3_bucket.files.bucket_regional_
domain_name`). Locals, `each`, data sources and functions of several resources end the chain:
no bucket is named there. Where the planned value is known, the domain's bucket name names
the bucket too (`files.s3.eu-west-1.amazonaws.com`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from costmodel.readers.cdn_origin import S3_DOMAIN

# The CDN resources whose origin blocks name a bucket's domain, and the bucket types
CDN_ORIGINS = {"aws_cloudfront_distribution": ("origin", "domain_name")}
BUCKET_TYPES = ("aws_s3_bucket",)
MAX_STEPS = 64  # a chain through variables and outputs, each step one module boundary
_RESOURCE = re.compile(
    rf'^((?:{"|".join(BUCKET_TYPES)})\.[A-Za-z_][A-Za-z0-9_-]*(?:\[(?:\d+|"(?:[^"\\]|\\.)*")\])?)'
)
_OUTPUT = re.compile(r"^module\.([A-Za-z0-9_-]+)(?:\[[^\]]*\])?\.([A-Za-z_][A-Za-z0-9_-]*)")
_VARIABLE = re.compile(r"^var\.([A-Za-z_][A-Za-z0-9_-]*)")
_MODULE_KEY = re.compile(r'(module\.[A-Za-z0-9_-]+)\[(?:\d+|"(?:[^"\\]|\\.)*")\]')


def cdn_origins(
    configuration: Mapping[str, Any],
    planned: Iterable[tuple[str, str, Any]],
) -> set[str]:
    """The addresses among `planned` ((address, type, planned values) of each resource the
    graph holds) of the buckets some CDN's origin is."""
    planned = list(planned)
    modules = _modules(configuration)
    named: set[str] = set()  # configuration addresses: `module.storage.aws_s3_bucket.files`
    for path, module in modules.items():
        for resource in module.get("resources") or []:
            if not isinstance(resource, Mapping) or resource.get("mode", "managed") != "managed":
                continue
            block, attribute = CDN_ORIGINS.get(str(resource.get("type")), ("", ""))
            expressions = resource.get("expressions")
            origins = expressions.get(block) if isinstance(expressions, Mapping) else None
            for origin in origins if isinstance(origins, list) else []:
                expression = origin.get(attribute) if isinstance(origin, Mapping) else None
                named |= _trace(_references(expression), path, modules, MAX_STEPS, set())
    out = {address for address, _, _ in planned if _matches(_unkeyed(address), named)}
    domains = {d for _, kind, after in planned if kind in CDN_ORIGINS
               for d in _known_domains(kind, after)}  # fmt: skip
    names = {m.group(1) for d in domains if (m := S3_DOMAIN.match(d))}
    out |= {
        address
        for address, kind, after in planned
        if kind in BUCKET_TYPES and isinstance(after, Mapping) and after.get("bucket") in names
    }
    return out


def _modules(configuration: Mapping[str, Any]) -> dict[str, Mapping[str, Any]]:
    """Module path (`""`, `module.cdn`, `module.a.module.b`) -> its configuration."""
    out: dict[str, Mapping[str, Any]] = {}
    stack: list[tuple[str, Any]] = [("", configuration.get("root_module"))]
    while stack:
        path, module = stack.pop()
        if not isinstance(module, Mapping) or path in out:
            continue
        out[path] = module
        calls = module.get("module_calls")
        for call, body in calls.items() if isinstance(calls, Mapping) else ():
            inner = body.get("module") if isinstance(body, Mapping) else None
            stack.append((_join(path, f"module.{call}"), inner))
    return out


def _join(path: str, step: str) -> str:
    return f"{path}.{step}" if path else step


def _references(expression: Any) -> list[str]:
    found = expression.get("references") if isinstance(expression, Mapping) else None
    return [r for r in found if isinstance(r, str)] if isinstance(found, list) else []


def _trace(
    references: Sequence[str],
    path: str,
    modules: Mapping[str, Mapping[str, Any]],
    steps: int,
    seen: set[tuple[str, str]],
) -> set[str]:
    """The bucket resources (configuration addresses) `references`, seen from the module at
    `path`, end in; each reference from each module followed once (`seen`), and no chain
    longer than `steps` module boundaries."""
    out: set[str] = set()
    references = [r for r in references if (r, path) not in seen]
    seen.update((r, path) for r in references)
    if steps <= 0:
        return out
    named = {m.group(1) for r in references if (m := _RESOURCE.match(r))}
    # `aws_s3_bucket.storage["files"].arn` comes with `aws_s3_bucket.storage` (every instance)
    # in the references: the instance named is the one meant
    keyed = {re.sub(r"\[.*\]$", "", n) for n in named if n.endswith("]")}
    out |= {_join(path, n) for n in named if n not in keyed}
    for reference in references:
        if _RESOURCE.match(reference):
            continue
        if output := _OUTPUT.match(reference):
            inner = _join(path, f"module.{output.group(1)}")
            outputs = modules.get(inner, {}).get("outputs")
            body = outputs.get(output.group(2)) if isinstance(outputs, Mapping) else None
            expression = body.get("expression") if isinstance(body, Mapping) else None
            out |= _trace(_references(expression), inner, modules, steps - 1, seen)
        elif (variable := _VARIABLE.match(reference)) and path:
            parent, within, call = path.rpartition(".module.")
            if not within:  # a module the root calls: `module.cdn`
                parent, call = "", path.removeprefix("module.")
            calls = modules.get(parent, {}).get("module_calls")
            body = calls.get(call) if isinstance(calls, Mapping) else None
            arguments = body.get("expressions") if isinstance(body, Mapping) else None
            argument = arguments.get(variable.group(1)) if isinstance(arguments, Mapping) else None
            out |= _trace(_references(argument), parent, modules, steps - 1, seen)
    return out


def _unkeyed(address: str) -> str:
    """A planned address without its modules' instance keys (the configuration has none)."""
    return _MODULE_KEY.sub(r"\1", address)


def _matches(address: str, named: set[str]) -> bool:
    """The planned instance is a named bucket, or an instance of one named without a key."""
    return address in named or re.sub(r"\[[^\]]*\]$", "", address) in named


def _known_domains(kind: str, after: Any) -> list[str]:
    block, attribute = CDN_ORIGINS[kind]
    origins = after.get(block) if isinstance(after, Mapping) else None
    listed = origins if isinstance(origins, list) else []
    return [
        o[attribute] for o in listed if isinstance(o, Mapping) and isinstance(o.get(attribute), str)
    ]

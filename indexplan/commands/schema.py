"""`indexplan schema`: JSON Schemas of indexplan's input files, for editors and validators."""

from __future__ import annotations

import re
from typing import Any

import typer

app = typer.Typer(
    no_args_is_help=True,
)
# "e.g. '293.1 TB/month'" or "Default: 1 kB" in a field's description
_EXAMPLE = re.compile(r"e\.g\. '([^']+)'|Default: ([^.,;]+?)\s*$")


def _print(schema: dict[str, Any]) -> None:
    from indexplan.render.jsonout import render_json

    typer.echo(render_json(schema), nl=False)


def own_examples(schema: Any) -> Any:
    """Each field's example taken from its own description (its "e.g." else its default):
    the quantity types share one generic example, which is wrong for most fields (a queue
    message of "6 TB")."""
    if isinstance(schema, dict):
        described = schema.get("description")
        if "examples" in schema and isinstance(described, str):
            match = _EXAMPLE.search(described)
            if match:
                schema = {**schema, "examples": [match.group(1) or match.group(2)]}
        return {k: own_examples(v) for k, v in schema.items()}
    if isinstance(schema, list):
        return [own_examples(v) for v in schema]
    return schema


@app.command("scenario")
def scenario() -> None:
    """Print the JSON Schema of a traffic scenario file (scenarios/NAME.yaml).

    Example:

        indexplan schema scenario > scenario.schema.json

    Editors with the YAML language server then check a file that starts with the comment
    `# yaml-language-server: $schema=./scenario.schema.json`.
    """
    from costmodel.model.scenario import json_schema

    _print(own_examples(json_schema()))


@app.command("price-book")
def price_book() -> None:
    """Print the JSON Schema of a price book (negotiated rates for `--price-book FILE`).

    A price book lists entries, each scoped to a provider, a service or one dimension
    (optionally one zone or variant), with a discount_percent, a negotiated rate (flat or
    tiered, in the catalog's billing unit) or a commitment (monthly_usd and its discount).
    Usage beyond a rate's bounded last tier is unpriced, as beyond the catalog's; a stretch the
    list gives free (CloudFront's always-free 1 TB) stays free under a negotiated rate.

    Example:

        indexplan schema price-book > price-book.schema.json
    """
    from costmodel.model.pricebook import json_schema

    _print(own_examples(json_schema()))


@app.command("usage")
def usage() -> None:
    """Print the JSON Schema of a usage file (`indexplan estimate --usage FILE`).

    A usage file gives usage per resource (by name or URN) of a graph the scenario alone
    cannot price, with a `default` section per role; see examples/usage.yaml.

    Example:

        indexplan schema usage > usage.schema.json

    Editors with the YAML language server then check a file that starts with the comment
    `# yaml-language-server: $schema=./usage.schema.json`.
    """
    from pydantic.json_schema import models_json_schema

    from costmodel.readers.usage_file import DEFAULT_KEY
    from costmodel.readers.usage_models import Defaults, ResourceUsage

    _, defs = models_json_schema(
        [(Defaults, "validation"), (ResourceUsage, "validation")],
        ref_template="#/$defs/{model}",
    )
    _print(
        own_examples(
            {
                "title": "indexplan usage file",
                "description": "Usage per resource name or URN; `default` gives it per role.",
                "type": "object",
                "properties": {DEFAULT_KEY: {"$ref": "#/$defs/Defaults"}},
                "additionalProperties": {"$ref": "#/$defs/ResourceUsage"},
                **defs,
            }
        )
    )


@app.command("stack")
def stack() -> None:
    """Print the JSON Schema of a stack file (stacks/Pulumi.STACK.yaml).

    The keys `indexplan check` and `pulumi up` read: `indexplan:roles`, the sizing of each
    role, `indexplan:sponsors` and each provider's keys. Any config value may instead be a
    Pulumi secret (`{secure: ...}`). Set structured keys with `pulumi config set --path`,
    e.g. `pulumi config set --path indexplan:database.instance db.r6g.large`.

    Example:

        indexplan schema stack > stack.schema.json

    Editors with the YAML language server then check a file that starts with the comment
    `# yaml-language-server: $schema=./stack.schema.json`.
    """
    _print(stack_schema())


def _cdn_mix() -> dict[str, Any]:
    from infra.config import ROLE_PROVIDERS

    return {
        "type": "object",
        "description": "A CDN mix: each CDN's share of the traffic, summing to 1",
        "propertyNames": {"enum": list(ROLE_PROVIDERS["cdn"])},
        "additionalProperties": {"type": "number", "exclusiveMinimum": 0, "maximum": 1},
        "minProperties": 1,
    }


def _layers() -> dict[str, Any]:
    from infra.config import ARCHIVE_PROVIDERS, ROLE_PROVIDERS

    return {
        "type": "object",
        "description": "The bucket that serves the CDN's misses and the archive it falls back to",
        "properties": {
            "primary": {"enum": list(ROLE_PROVIDERS["storage"])},
            "archive": {"enum": list(ARCHIVE_PROVIDERS)},
        },
        "required": ["primary"],
        "additionalProperties": False,
    }


def stack_schema() -> dict[str, Any]:
    from pydantic import BaseModel
    from pydantic.json_schema import models_json_schema

    from costmodel.model.budget_file import StackBudget
    from costmodel.model.sponsorship_file import SponsorTerms
    from infra.config import (
        APP_ROUTES,
        OPTIONAL_ROLES,
        PROVIDER_KEY_FORMS,
        REQUIRED_SIZING,
        ROLE_PROVIDERS,
    )
    from infra.config_models import SIZING, Names
    from infra.gcp_locations import BIGQUERY_LOCATIONS
    from policy.rules import ACCEPTABLE

    models: list[type[BaseModel]] = [m for by in SIZING.values() for m in by.values()]
    models += [SponsorTerms, StackBudget]
    _, defs = models_json_schema(
        [(m, "validation") for m in models], ref_template="#/$defs/{model}"
    )
    defs["$defs"]["Secure"] = {
        "type": "object",
        "properties": {"secure": {"type": "string"}},
        "required": ["secure"],
        "additionalProperties": False,
        "description": "A value encrypted by `pulumi config set --secret`",
    }
    names = Names.model_json_schema()["properties"]
    ours: dict[str, Any] = {
        "indexplan:domain": {**names["domain"], "description": "The index's domain"},
        "indexplan:files_hostname": {
            **names["files_hostname"],
            "description": "The host name package files are served from",
        },
        "indexplan:roles": {
            "type": "object",
            "description": "The provider of each role",
            "properties": {
                **{role: {"enum": list(p)} for role, p in ROLE_PROVIDERS.items()},
                "cdn": {"anyOf": [{"enum": list(ROLE_PROVIDERS["cdn"])}, _cdn_mix()]},
                "storage": {"anyOf": [{"enum": list(ROLE_PROVIDERS["storage"])}, _layers()]},
            },
            "required": [r for r in ROLE_PROVIDERS if r not in OPTIONAL_ROLES],
            "additionalProperties": False,
        },
        "indexplan:private": {
            "type": "boolean",
            "description": "A private index: the files host answers only URLs the app signed "
            "(a Cloudflare WAF token rule, the zone on Pro; needs cdn: cloudflare, app: gcp)",
        },
        "indexplan:app_routes": {
            "enum": list(APP_ROUTES),
            "description": "Without an app role, who answers the CDN's misses on the app's "
            "routes (index pages, JSON API): "
            + "; ".join(f"{k}, {v}" for k, v in APP_ROUTES.items()),
        },
        "indexplan:analytics_location": {
            "enum": sorted(BIGQUERY_LOCATIONS),
            "description": "Where the analytics role's BigQuery dataset and its log bucket go, "
            "instead of the storage bucket's location (US for a bucket not on Google Cloud)",
        },
        "indexplan:price_book": {
            "type": "string",
            "minLength": 1,
            "description": "A price book of negotiated rates, relative to the stack file",
        },
        "indexplan:budget": {
            "$ref": "#/$defs/StackBudget",
            "description": "The most the stack may cost a month under a scenario, and by how "
            "much one change may raise it (indexplan estimate, check, diff, the policy pack)",
        },
        "indexplan:accept": {
            "type": "array",
            "description": "Rule findings the stack accepts, each with its reason (indexplan "
            "check, the policy pack); only the rules `rule` lists may be accepted",
            "items": {
                "type": "object",
                "properties": {
                    "rule": {"enum": sorted(ACCEPTABLE)},
                    "resource": {"type": "string", "minLength": 1},
                    "reason": {"type": "string", "minLength": 1},
                },
                "required": ["rule", "resource", "reason"],
                "additionalProperties": False,
            },
        },
        "indexplan:sponsors": {
            "type": "object",
            "description": (
                "What each provider gives: a share of its bill in kind (list, or contracted"
                " under a price book), then credits"
            ),
            "properties": {p: {"$ref": "#/$defs/SponsorTerms"} for p in ("aws", "gcp", "fastly")},
            "additionalProperties": False,
        },
    }
    for role, by_provider in SIZING.items():
        ours[f"indexplan:{role}"] = {
            "description": f"Sizing of the {role} role, by its provider: "
            + ", ".join(f"{p}: {m.__name__}" for p, m in by_provider.items()),
            "anyOf": [{"$ref": f"#/$defs/{m.__name__}"} for m in by_provider.values()],
        }
    providers = {
        key: {"type": "string", "pattern": f"^{pattern}$", "description": f"{expected}"}
        for key, (pattern, expected) in PROVIDER_KEY_FORMS.items()
    }
    secure = {"$ref": "#/$defs/Secure"}
    properties = {k: {"anyOf": [v, secure]} for k, v in {**ours, **providers}.items()}
    required = ["indexplan:domain", "indexplan:files_hostname", "indexplan:roles"]
    # a role's sizing is required when the stack runs the role
    sized = [
        {
            "if": {"properties": {"indexplan:roles": {"required": [role]}}},
            "then": {"required": [f"indexplan:{role}"]},
        }
        for role in sorted(REQUIRED_SIZING)
    ]
    return own_examples(
        {
            "title": "indexplan stack file (Pulumi.STACK.yaml)",
            "type": "object",
            "properties": {
                "config": {
                    "type": "object",
                    "properties": properties,
                    "required": required,
                    "allOf": sized,
                    # other namespaces (fastly:apiKey, ...) are Pulumi's; ours are closed
                    "propertyNames": {
                        "anyOf": [
                            {"not": {"pattern": "^indexplan:"}},
                            {"enum": sorted(k for k in properties if k.startswith("indexplan:"))},
                        ]
                    },
                }
            },
            "required": ["config"],
            **defs,
        }
    )

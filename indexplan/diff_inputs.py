"""What `indexplan diff BASE HEAD` compares: each side is a stack (a name from stacks/ or a
stack file), a `pulumi preview --json` output, a `pulumi stack export` or a Terraform plan
(`terraform show -json`), told apart by content.

Another kind of input is one more entry in KINDS: how to recognise its JSON and which graph
source reads it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from indexplan.graph_source import GraphSource, graph_source, terraform_plan

# The largest file any kind reads (costmodel/readers: pulumi_files, terraform/plan).
MAX_INPUT_BYTES = 100 * 1000 * 1000


@dataclass(frozen=True)
class Kind:
    name: str  # as the report and errors name it
    matches: Callable[[Mapping[str, Any]], bool]  # on the file's top-level JSON object
    # the file, its JSON and --usage FILE (a plan reads it against its addresses)
    read: Callable[[Path, Mapping[str, Any], Path | None], GraphSource]


KINDS: tuple[Kind, ...] = (
    Kind(
        "pulumi preview --json",
        lambda doc: "steps" in doc,
        lambda path, doc, usage: with_usage(graph_source(None, path, None), usage),
    ),
    Kind(
        "pulumi stack export",
        lambda doc: "deployment" in doc,
        lambda path, doc, usage: with_usage(graph_source(None, None, path), usage),
    ),
    Kind(
        # every `terraform show -json` document has it; the reader refuses a state's
        "terraform show -json",
        lambda doc: "format_version" in doc,
        lambda path, doc, usage: terraform_plan(path, usage, doc),
    ),
)


def diff_input(
    given: str, side: str, use_cache: bool = True, usage: Path | None = None
) -> tuple[GraphSource, str]:
    """The graph source `given` names, and how the report labels it; `side` is BASE or HEAD."""
    path = Path(given)
    if path.suffix.lower() != ".json" or not path.is_file():
        source = graph_source(given, None, None, use_cache)
        return with_usage(source, usage), _shown(given)
    from costmodel.errors import InputError
    from costmodel.files.jsonfile import load_json_object

    doc = load_json_object(
        path, f"{side}: a Pulumi preview or stack export, or a Terraform plan", MAX_INPUT_BYTES
    )
    for kind in KINDS:
        if kind.matches(doc):
            return kind.read(path, doc, usage), f"{given} ({kind.name})"
    known = ", ".join(f"`{k.name}` output" for k in KINDS)
    raise InputError(
        given, side, f"not any of {known}; a stack is a name or a Pulumi.<stack>.yaml file"
    )


def with_usage(source: GraphSource, usage: Path | None) -> GraphSource:
    """`source` priced with --usage FILE (indexplan's format, by resource name or URN); a
    Terraform plan has read its own against its addresses."""
    if usage is None or source.usage is not None:
        return source
    from costmodel.readers.usage_file import load_usage_file

    return dataclasses.replace(source, usage=load_usage_file(usage))


def _shown(stack: str) -> str:
    """A stack of this checkout by its path in it (stacks/Pulumi.pypi-2021.yaml)."""
    from indexplan.paths import ROOT, resolve_stack

    path = resolve_stack(stack).resolve()
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else stack

"""What `indexplan diff BASE HEAD` compares: each side is a stack (a name from stacks/ or a
stack file), a `pulumi preview --json` output or a `pulumi stack export`, told apart by content.

Another kind of input (a Terraform plan) is one more entry in KINDS: how to recognise its JSON
and which graph source reads it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from indexplan.graph_source import GraphSource, graph_source


@dataclass(frozen=True)
class Kind:
    name: str  # as the report and errors name it
    matches: Callable[[Mapping[str, Any]], bool]  # on the file's top-level JSON object
    read: Callable[[Path], GraphSource]


KINDS: tuple[Kind, ...] = (
    Kind(
        "pulumi preview --json",
        lambda doc: "steps" in doc,
        lambda path: graph_source(None, path, None),
    ),
    Kind(
        "pulumi stack export",
        lambda doc: "deployment" in doc,
        lambda path: graph_source(None, None, path),
    ),
)


def diff_input(given: str, side: str, use_cache: bool = True) -> tuple[GraphSource, str]:
    """The graph source `given` names, and how the report labels it; `side` is BASE or HEAD."""
    path = Path(given)
    if path.suffix.lower() != ".json" or not path.is_file():
        source = graph_source(given, None, None, use_cache)
        return source, _shown(given)
    from costmodel.errors import InputError
    from costmodel.files.jsonfile import load_json_object

    doc = load_json_object(path, f"{side}: a Pulumi preview or stack export")
    for kind in KINDS:
        if kind.matches(doc):
            return kind.read(path), f"{given} ({kind.name})"
    known = " or ".join(f"`{k.name}` output" for k in KINDS)
    raise InputError(given, side, f"not {known}; a stack is a name or a Pulumi.<stack>.yaml file")


def _shown(stack: str) -> str:
    """A stack of this checkout by its path in it (stacks/Pulumi.pypi-2021.yaml)."""
    from indexplan.paths import ROOT, resolve_stack

    path = resolve_stack(stack).resolve()
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else stack

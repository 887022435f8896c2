"""The layers in the folders are the layers in the imports. Every import statement of every
module is read from its source (function-level and TYPE_CHECKING imports included, since a
lazy import is still a dependency), and each package may import only the layers below it:

    costmodel.errors, costmodel.files   base: one-line user errors, the one place files are read
    costmodel.model                     the pure model
    costmodel.readers                   outside formats -> model objects
    costmodel.planning                  plans over the model
    policy                              security rules over the graph
    infra                               the Pulumi program (knows none of the above)
    indexplan                           the CLI and glue, on top of everything
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from indexplan.paths import ROOT

# layer -> the project layers it may import (itself always allowed)
ALLOWED: dict[str, set[str]] = {
    "costmodel.errors": set(),
    "costmodel.files": {"costmodel.errors"},
    "costmodel.model": {"costmodel.errors", "costmodel.files"},
    "costmodel.readers": {"costmodel.errors", "costmodel.files", "costmodel.model"},
    "costmodel.planning": {"costmodel.errors", "costmodel.files", "costmodel.model"},
    "costmodel": {"costmodel.errors"},  # costmodel/__init__.py
    "policy": {"policy", "costmodel.errors", "costmodel.files", "costmodel.model"},
    "infra": {"infra"},
    "indexplan": {"indexplan", "costmodel", "policy", "infra"},
}
PROJECT = ("costmodel", "policy", "infra", "indexplan")
# Third-party packages a layer must never load (costmodel prices graphs without Pulumi).
FORBIDDEN_THIRD_PARTY = {
    "costmodel": (
        *("pulumi", "pulumi_aws", "pulumi_gcp", "pulumi_fastly"),
        *("pulumi_cloudflare", "pulumi_datadog", "pulumi_ec"),
    )
}


def layer_of(module: str) -> str | None:
    """The most specific entry of ALLOWED that `module` belongs to."""
    best = None
    for layer in ALLOWED:
        if (module == layer or module.startswith(layer + ".")) and (
            best is None or len(layer) > len(best)
        ):
            best = layer
    return best


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imports_of(path: Path) -> list[tuple[int, str]]:
    """(line, imported module) for every import in the file, relative ones resolved."""
    found = []
    package = module_name(path) if path.name == "__init__.py" else module_name(path.parent)
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                up = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*up, base] if base else up)
            # `from costmodel.model import usage` depends on costmodel.model.usage
            found += [(node.lineno, f"{base}.{alias.name}") for alias in node.names]
    return found


def project_modules() -> list[Path]:
    return sorted(p for pkg in PROJECT for p in (ROOT / pkg).rglob("*.py"))


def allowed(importer_layer: str, imported: str) -> bool:
    target = layer_of(imported)
    if target is None:
        return False
    if target == importer_layer or target.startswith(importer_layer + "."):
        return True
    return any(target == a or target.startswith(a + ".") for a in ALLOWED[importer_layer])


def violations() -> list[str]:
    found = []
    for path in project_modules():
        importer = module_name(path)
        layer = layer_of(importer)
        assert layer is not None, f"{importer} belongs to no layer; add it to ALLOWED"
        for line, imported in imports_of(path):
            top = imported.split(".")[0]
            where = f"{path.relative_to(ROOT)}:{line}"
            if top in PROJECT and not allowed(layer, imported):
                found.append(f"{where}: {layer} imports {imported}")
            for prefix, banned in FORBIDDEN_THIRD_PARTY.items():
                if layer.startswith(prefix) and top in banned:
                    found.append(f"{where}: {layer} imports {top}")
    return found


def test_every_import_respects_the_layers():
    assert violations() == []


def test_the_walk_sees_the_modules_and_their_lazy_imports():
    # Proof the test can fail: the estimate command imports the model inside its function.
    estimate = ROOT / "indexplan" / "commands" / "estimate.py"
    assert any(m.startswith("costmodel.model.") for _, m in imports_of(estimate))
    assert len(project_modules()) > 80


@pytest.mark.parametrize(
    ("importer", "imported", "ok"),
    [
        ("costmodel.model", "costmodel.files.yamlfile.load_yaml_mapping", True),
        ("costmodel.model", "costmodel.planning.vector.price_points", False),
        ("costmodel.model", "costmodel.readers.usage_file.apply_usage", False),
        ("costmodel.planning", "costmodel.model.estimate.estimate", True),
        ("costmodel.planning", "costmodel.readers.pulumi_files.read_preview", False),
        ("costmodel.readers", "costmodel.planning.compare.Setup", False),
        ("costmodel.files", "costmodel.model.scenario.Scenario", False),
        ("infra", "costmodel.model.graph.Resource", False),
        ("policy", "indexplan.cli.main", False),
        ("indexplan", "costmodel.planning.sweep.sweep", True),
    ],
)
def test_the_rule_itself(importer, imported, ok):
    assert allowed(importer, imported) is ok


def test_no_import_circle_between_commands():
    """A command module never imports another command module: what they share has a home."""
    commands = ROOT / "indexplan" / "commands"
    found = [
        f"{path.name}:{line} imports {imported}"
        for path in commands.glob("*.py")
        for line, imported in imports_of(path)
        if imported.startswith("indexplan.commands.")
    ]
    assert found == []

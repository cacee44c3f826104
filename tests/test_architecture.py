"""The layers are visible and respected: data flows one way, records -> ... -> report.

Every import in every module (including imports inside functions) is read
with ``ast``; a module may import its own layer and the layers below it.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from analysis.paths import PROJECT_ROOT

PACKAGE = PROJECT_ROOT / "analysis"
#: Modules every layer may use.
BASE = {"analysis", "analysis.paths", "analysis.config", "analysis.errors", "analysis.i18n"}
#: Layer -> the layers it may import (its own included).
ALLOWED = {
    "records": {"records"},
    "measures": {"records", "measures"},
    "sequences": {"sequences"},  # generic: any wide table; careers.py is the exception below
    "disclosure": {"records", "measures", "sequences", "disclosure"},
    "audit": {"records", "measures", "sequences", "disclosure", "audit"},
    "plots": {"records", "measures", "sequences", "disclosure", "plots"},
    "report": {"records", "measures", "sequences", "disclosure", "audit", "plots", "report"},
}
#: The one module that builds sequences from records (it shares the status rule of the measures).
CAREERS = "analysis.sequences.careers"


def _modules() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if "__pycache__" not in p.parts)


def _name(path: Path) -> str:
    parts = path.relative_to(PROJECT_ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found |= {f"{node.module}.{alias.name}" for alias in node.names}
    return {name for name in found if name.startswith("analysis")}


def _layer(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[1] in ALLOWED else None


def test_the_layers_are_subpackages():
    subpackages = {p.name for p in PACKAGE.iterdir() if (p / "__init__.py").is_file()}
    assert set(ALLOWED) <= subpackages
    flat = {p.stem for p in PACKAGE.glob("*.py")}
    assert flat == {"__init__", "__main__", "cli", "config", "errors", "i18n", "paths"}


@pytest.mark.parametrize("path", _modules(), ids=_name)
def test_no_module_imports_a_higher_layer(path: Path):
    module = _name(path)
    layer = _layer(module)
    if layer is None:
        return  # the package root, the CLI and the base modules
    allowed = set(ALLOWED[layer])
    if module == CAREERS:
        allowed |= {"records", "measures"}
    for imported in _imports(path):
        if imported in BASE or any(imported.startswith(b + ".") for b in BASE - {"analysis"}):
            continue
        target = _layer(imported)
        assert target in allowed, f"{module} imports {imported} ({target} is above {layer})"


def test_base_modules_import_no_layer():
    for name in ("paths", "config", "errors", "i18n"):
        imported = _imports(PACKAGE / f"{name}.py")
        assert all(_layer(i) is None for i in imported if not i.startswith("analysis.records.problems")
                   and not i.startswith("analysis.audit")), (name, imported)


def test_only_the_cli_prints_errors_and_exits():
    for path in _modules():
        if path.name in ("cli.py", "__main__.py"):
            continue
        text = path.read_text(encoding="utf-8")
        assert "sys.exit(" not in text and "SystemExit" not in text, path
        assert "argparse" not in text, path

"""The package's layering, checked statically (ast) and by importing (fresh interpreters).

Layers, from the current code (arrows point at what a layer may import):

    core  <-  qgis_adapters, toolbelt  <-  processing, gui  <-  plugin.py

- ``core`` is Qt-free: no ``qgis`` (so no ``qgis.PyQt``), ``PyQt5``, ``PyQt6`` or ``sip``, and from
  the package only ``core.*`` and ``paths`` (so never ``api``, ``gui``, ``qgis_adapters``,
  ``processing``, ``toolbelt``, ``i18n``, ``plugin``), relative or absolute, at module level or
  inside a function. Importing any core module in a fresh interpreter loads no Qt/QGIS module.
- ``qgis_adapters`` and ``toolbelt`` (QGIS glue) never import ``gui``, ``processing`` or ``plugin``.
- ``processing`` never imports ``gui`` or ``plugin`` (it runs in ``qgis_process``, without a GUI).
- ``gui`` never imports ``plugin``.
- ``.ui`` files (if any) carry no ``<connections>``: signals are connected in Python.
- ``QgsField`` is built only by ``qgis_adapters/field_types.py`` (its type argument changed in QGIS 3.38).
"""

from __future__ import annotations

import ast
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
PACKAGE = "hengyang_plan_plugin"
PACKAGE_DIR = REPO / PACKAGE
QT_ROOTS = ("qgis", "PyQt5", "PyQt6", "sip")
CORE_MAY_IMPORT = ("core", "paths")

# layer -> package parts it must not import (relative or absolute)
FORBIDDEN = {
    "qgis_adapters": ("gui", "processing", "plugin"),
    "toolbelt": ("gui", "processing", "plugin"),
    "processing": ("gui", "plugin"),
    "gui": ("plugin",),
}


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(REPO).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _modules(layer: str) -> list[Path]:
    return sorted(p for p in (PACKAGE_DIR / layer).rglob("*.py") if "__pycache__" not in p.parts)


def _imports(path: Path) -> list[tuple[int, str]]:
    """Every module an import statement anywhere in the file names, as absolute dotted names.

    ``from X import a`` yields ``X`` and ``X.a`` (``a`` may be a submodule).
    """
    name = _module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base_parts = package.split(".")
                base_parts = base_parts[: len(base_parts) - (node.level - 1)]
                base = ".".join(base_parts + ([node.module] if node.module else []))
            else:
                base = node.module or ""
            found.append((node.lineno, base))
            found.extend((node.lineno, f"{base}.{alias.name}") for alias in node.names if alias.name != "*")
    return found


def _package_part(module: str) -> str | None:
    """``hengyang_plan_plugin.gui.dock`` -> ``gui``; None outside the package."""
    parts = module.split(".")
    if parts[0] != PACKAGE or len(parts) < 2:
        return None
    return parts[1]


def _relative(path: Path) -> str:
    return path.relative_to(REPO).as_posix()


def test_core_imports_no_qt_qgis_or_upper_layers():
    problems = {}  # one message per import statement
    for path in _modules("core"):
        for lineno, module in _imports(path):
            root = module.split(".")[0]
            part = _package_part(module)
            where = f"{_relative(path)}:{lineno}"
            if root in QT_ROOTS:
                problems.setdefault(where, f"{where}: imports {module} (core is Qt/QGIS-free)")
            elif part is not None and part not in CORE_MAY_IMPORT:
                problems.setdefault(where, f"{where}: imports {module} (core imports only core, paths)")
    assert not problems, "\n".join(problems.values())


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
def test_layer_does_not_import_upper_layers(layer):
    problems = {}  # one message per import statement
    for path in _modules(layer):
        for lineno, module in _imports(path):
            where = f"{_relative(path)}:{lineno}"
            if _package_part(module) in FORBIDDEN[layer]:
                problems.setdefault(where, f"{where}: {layer} imports {module}")
    assert not problems, "\n".join(problems.values())


_PROBE = f"""
import importlib, json, sys
importlib.import_module(sys.argv[1])
print(json.dumps(sorted(m for m in sys.modules if m.split(".")[0] in {set(QT_ROOTS)!r})))
"""


def _fresh_import(module: str) -> tuple[str, subprocess.CompletedProcess]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONSTARTUP"}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    done = subprocess.run(
        [sys.executable, "-c", _PROBE, module],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    return module, done


def test_core_modules_load_no_qt_or_qgis_in_a_fresh_interpreter():
    modules = [_module_name(path) for path in _modules("core")]
    assert len(modules) > 20, modules
    with ThreadPoolExecutor(max_workers=min(8, os.cpu_count() or 1)) as pool:
        results = list(pool.map(_fresh_import, modules))
    problems = []
    for module, done in results:
        if done.returncode != 0:
            problems.append(f"{module}: import failed:\n{done.stderr.strip()}")
        elif done.stdout.strip() != "[]":
            problems.append(f"{module}: loaded {done.stdout.strip()}")
    assert not problems, "\n".join(problems)


def test_ui_files_have_no_connections():
    # Designer's <connections> wire signals by name at load time and break silently on a rename.
    ui_files = sorted(p for folder in (PACKAGE_DIR, REPO / "resources") for p in folder.rglob("*.ui"))
    offenders = [_relative(p) for p in ui_files if ET.parse(p).getroot().find("connections") is not None]
    assert not offenders, f"<connections> in {offenders}: connect signals in Python"


def test_qgsfield_is_built_through_field_types():
    # QgsField's type argument changed in QGIS 3.38 (QVariant.Type -> QMetaType.Type); one module picks.
    compat = PACKAGE_DIR / "qgis_adapters" / "field_types.py"
    offenders = []
    for path in sorted(PACKAGE_DIR.rglob("*.py")):
        if path == compat or "__pycache__" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            if not isinstance(node, ast.Call):
                continue
            if (getattr(node.func, "id", None) or getattr(node.func, "attr", None)) == "QgsField":
                offenders.append(f"{_relative(path)}:{node.lineno}")
    assert not offenders, f"QgsField(...) outside field_types.make_field: {offenders}"

"""The layers' import contracts ([tool.importlinter] in pyproject.toml) hold, and they bite.

`lint-imports` runs on the real tree (it must pass), then on copies of the package with one
import added that breaks a layer (it must fail, naming the contract and the import). And no
view opens a transaction: saves go through services.
"""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")

QT = "Only the views and the start-up (app) import Qt"
VIEWS = "Views import neither SQLAlchemy nor the models: they call services"
PURE = "Clinical rules and the vocabularies are pure Python"
SERVICES = "Services never import the views"


def lint_imports(folder: Path) -> subprocess.CompletedProcess[str]:
    """`lint-imports` with the contracts of `folder`/pyproject.toml, on the package in `folder`."""
    assert LINT_IMPORTS.exists(), "import-linter is in the test extra: pip install -e '.[test]'"
    # The package is looked up on the path, so the one in `folder` comes before the installed one.
    env = {**os.environ, "PYTHONPATH": str(folder)}
    return subprocess.run([str(LINT_IMPORTS), "--no-cache", "--no-logo"], cwd=folder, env=env,
                          capture_output=True, text=True, timeout=120, check=False)


def test_every_module_but_the_views_and_app_is_kept_from_qt() -> None:
    settings = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    contracts = settings["tool"]["importlinter"]["contracts"]
    [qt] = [contract for contract in contracts if contract["name"] == QT]
    package = ROOT / "als_desktop"
    parts = {path.stem for path in package.glob("*.py") if path.stem != "__init__"}
    parts |= {path.name for path in package.iterdir() if (path / "__init__.py").exists()}
    assert {name.removeprefix("als_desktop.") for name in qt["source_modules"]} == parts - {"views", "app"}


def test_the_tree_keeps_every_contract() -> None:
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


# (module changed, import added, the contract broken, the import it names)
VIOLATIONS = [
    ("clinical/timing.py", "import matplotlib", PURE, "als_desktop.clinical.timing -> matplotlib"),
    ("domain/limits.py", "import sqlalchemy", PURE, "als_desktop.domain.limits -> sqlalchemy"),
    ("services/patient_lists.py", "from PySide6 import QtCore", QT, "als_desktop.services.patient_lists -> PySide6"),
    # Indirect: the report imports a view, which imports Qt.
    ("reports/content.py", "from als_desktop.views import messages", QT, "als_desktop.views.messages -> PySide6"),
    ("views/welcome.py", "from als_desktop.models import Patient", VIEWS,
     "als_desktop.views.welcome -> als_desktop.models"),
    ("views/patient_header.py", "from sqlalchemy import select", VIEWS,
     "als_desktop.views.patient_header -> sqlalchemy"),
    ("services/queries.py", "from als_desktop.views import table", SERVICES,
     "als_desktop.services.queries -> als_desktop.views.table"),
]


@pytest.mark.parametrize(("module", "added", "contract", "named"), VIOLATIONS,
                         ids=[module for module, *_ in VIOLATIONS])
def test_a_broken_layer_fails_naming_the_contract(tmp_path: Path, module: str, added: str, contract: str,
                                                  named: str) -> None:
    shutil.copytree(ROOT / "als_desktop", tmp_path / "als_desktop",
                    ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    target = tmp_path / "als_desktop" / module
    target.write_text(target.read_text(encoding="utf-8") + f"\n{added}  # breaks a layer\n", encoding="utf-8")

    result = lint_imports(tmp_path)

    assert result.returncode != 0, result.stdout
    assert f"{contract} BROKEN" in result.stdout
    assert named in result.stdout


def test_no_view_opens_a_transaction() -> None:
    views = ROOT / "als_desktop" / "views"
    opened = [
        f"{path.relative_to(ROOT)}:{node.lineno}"
        for path in sorted(views.rglob("*.py"))
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Attribute) and node.attr in ("transaction", "sessions")
    ]
    assert opened == []

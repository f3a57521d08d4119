"""The icons and the style sheet reach every kind of install: wheel, bundle and source checkout.

The wheel is built from a copy of the source (nothing is written into the checkout), installed
without its dependencies into a fresh virtual environment that sees no other packages, and
asked for its files by the same function the window uses. PySide6 is not there: the finding
part is Qt-free on purpose.
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

import pytest

from als_desktop import resource_files

ROOT = Path(__file__).resolve().parents[2]
RESOURCES = ROOT / "resources"
# What a build needs from the source tree (the same as the source distribution, MANIFEST.in).
BUILD_INPUTS = ("pyproject.toml", "setup.py", "MANIFEST.in", "README.md", "resources", "als_desktop")

FIND_IN_INSTALL = """
import importlib.util, json, sys
import als_desktop
from als_desktop import resource_files
names = sys.argv[1:]
print(json.dumps({
    "package": als_desktop.__file__,
    "has_qt": importlib.util.find_spec("PySide6") is not None,
    "style": str(resource_files.resource_file("style.qss")),
    "icons": {name: str(resource_files.icon_file(name)) for name in names},
}))
"""


def source_files() -> dict[str, bytes]:
    return {path.relative_to(RESOURCES).as_posix(): path.read_bytes()
            for path in sorted(RESOURCES.rglob("*")) if path.is_file()}


def icon_names() -> list[str]:
    return sorted(path.stem for path in (RESOURCES / "icons").glob("*.svg"))


def wheel_can_be_built() -> bool:
    """setuptools builds wheels itself from 70.1; before that it needs the `wheel` package."""
    if importlib.util.find_spec("setuptools") is None:
        return False
    import setuptools

    version = tuple(int(part) for part in setuptools.__version__.split(".")[:2] if part.isdigit())
    return version >= (70, 1) or importlib.util.find_spec("wheel") is not None


def run(command: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("PYTHON")}
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    result = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, f"{' '.join(command)}\n{result.stdout}\n{result.stderr}"
    return result


@pytest.fixture
def clean_lookup():  # noqa: ANN201
    resource_files.resources_folder.cache_clear()
    yield
    resource_files.resources_folder.cache_clear()


@pytest.mark.skipif(not wheel_can_be_built(), reason="setuptools (>= 69) and wheel are in the test extra")
def test_the_installed_wheel_carries_the_icons_and_the_style_sheet(tmp_path: Path) -> None:
    source = tmp_path / "source"
    source.mkdir()
    for name in BUILD_INPUTS:
        original = ROOT / name
        if original.is_dir():
            shutil.copytree(original, source / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            shutil.copy2(original, source / name)
    wheels = tmp_path / "wheels"
    # No build isolation: the build tools of this environment, so it works offline.
    run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index",
         "--quiet", "--wheel-dir", str(wheels), str(source)], cwd=tmp_path)
    [wheel] = wheels.glob("als_desktop-*.whl")

    # A fresh environment with nothing else in it, not even pip: this environment's pip installs.
    fresh = tmp_path / "fresh"
    venv.EnvBuilder(with_pip=False, system_site_packages=False).create(fresh)
    python = fresh / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    run([sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "--no-index",
         "--quiet", str(wheel)], cwd=tmp_path)

    # -I: neither the working folder nor PYTHONPATH can put the checkout's package first.
    result = run([str(python), "-I", "-c", FIND_IN_INSTALL, *icon_names()], cwd=tmp_path)
    found = json.loads(result.stdout)

    installed = Path(found["package"]).resolve().parent
    assert installed.is_relative_to(fresh.resolve()), installed
    assert not found["has_qt"]  # truly fresh: the files are found without PySide6
    style = Path(found["style"])
    assert style.is_relative_to(installed) and style.read_bytes() == (RESOURCES / "style.qss").read_bytes()
    for name, path in found["icons"].items():
        assert path != "None", f"icon {name} missing from the installed wheel"
        assert Path(path).read_bytes() == (RESOURCES / "icons" / f"{name}.svg").read_bytes()
    shipped = installed / resource_files.PACKAGED_FOLDER
    assert {path.relative_to(shipped).as_posix(): path.read_bytes()
            for path in shipped.rglob("*") if path.is_file()} == source_files()


def test_a_source_checkout_reads_the_top_level_folder(clean_lookup: None) -> None:
    assert resource_files.resources_folder() == RESOURCES
    assert resource_files.resource_file("style.qss") == RESOURCES / "style.qss"
    assert resource_files.icon_file("patient-add") == RESOURCES / "icons" / "patient-add.svg"
    assert resource_files.icon_file("no-such-icon") is None


def test_a_pyinstaller_bundle_reads_its_own_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                   clean_lookup: None) -> None:
    # build.spec copies resources/ to "resources" in the bundle folder (sys._MEIPASS).
    bundle = tmp_path / "bundle"
    shutil.copytree(RESOURCES, bundle / "resources")
    monkeypatch.setattr(sys, "_MEIPASS", str(bundle), raising=False)
    assert resource_files.resources_folder() == bundle / "resources"
    assert resource_files.icon_file("clinic-day") == bundle / "resources" / "icons" / "clinic-day.svg"


def test_the_build_spec_bundles_the_folder_where_it_is_looked_for() -> None:
    spec = (ROOT / "build.spec").read_text(encoding="utf-8")
    assert f'(str(ROOT / "resources"), "{resource_files.SOURCE_FOLDER}")' in spec

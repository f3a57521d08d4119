"""Icons and the style sheet from the `resources/` folder (next to the package, or in a build)."""

from __future__ import annotations

import sys
from functools import cache
from pathlib import Path

from PySide6.QtGui import QIcon


@cache
def resources_folder() -> Path | None:
    candidates = [Path(__file__).resolve().parents[2] / "resources"]
    bundle = getattr(sys, "_MEIPASS", None)  # a PyInstaller build unpacks here
    if bundle:
        candidates.insert(0, Path(bundle) / "resources")
    return next((folder for folder in candidates if folder.is_dir()), None)


def resource(name: str) -> Path | None:
    folder = resources_folder()
    path = folder / name if folder else None
    return path if path and path.exists() else None


def icon(name: str) -> QIcon:
    path = resource(f"icons/{name}.svg")
    return QIcon(str(path)) if path else QIcon()


def style_sheet() -> str:
    path = resource("style.qss")
    return path.read_text(encoding="utf-8") if path else ""

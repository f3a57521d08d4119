"""Where the icons and the style sheet are, however the program was installed.

The top-level `resources/` folder of the source tree is their only source. An installed wheel
carries a copy as `als_desktop/_resources` (setup.py copies it in at build time); the
PyInstaller build puts it in its bundle folder as `resources` (build.spec). A source checkout
or an editable install reads the top-level folder itself.

No Qt here: the packaging test finds the files in a fresh environment without PySide6.
"""

from __future__ import annotations

import sys
from functools import cache
from pathlib import Path

PACKAGED_FOLDER = "_resources"
SOURCE_FOLDER = "resources"
STYLE_SHEET = "style.qss"


def candidate_folders() -> list[Path]:
    """Where the folder may be, the first that exists wins."""
    package = Path(__file__).resolve().parent
    candidates = [package / PACKAGED_FOLDER, package.parent / SOURCE_FOLDER]
    bundle = getattr(sys, "_MEIPASS", None)  # a PyInstaller build unpacks here
    if bundle:
        candidates.insert(0, Path(bundle) / SOURCE_FOLDER)
    return candidates


@cache
def resources_folder() -> Path | None:
    return next((folder for folder in candidate_folders() if (folder / STYLE_SHEET).is_file()), None)


def resource_file(name: str) -> Path | None:
    """The file `name` (e.g. "icons/patient-add.svg") of the resources, or None if missing."""
    folder = resources_folder()
    path = folder / name if folder else None
    return path if path and path.is_file() else None


def icon_file(name: str) -> Path | None:
    return resource_file(f"icons/{name}.svg")

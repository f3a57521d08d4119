"""Icons and the style sheet as Qt uses them; resource_files.py finds the files."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtGui import QIcon

from als_desktop.resource_files import icon_file, resource_file, resources_folder

log = logging.getLogger(__name__)

__all__ = ["icon", "resource", "resources_folder", "style_sheet"]


def resource(name: str) -> Path | None:
    return resource_file(name)


def icon(name: str) -> QIcon:
    path = icon_file(name)
    return QIcon(str(path)) if path else QIcon()


def style_sheet() -> str:
    path = resource_file("style.qss")
    if path is None:
        # The window still works, plainer: say why in the log rather than stop.
        log.warning("style sheet not found; the window uses Qt's default look")
        return ""
    return path.read_text(encoding="utf-8")

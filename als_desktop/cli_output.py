"""Files the commands write with -o: checked before any work, written whole, refused in words.

The rule itself (never a clinic database, its backups, a device; an existing file only with
--force) is files.py's, shared with the window; here it becomes a message on stderr.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from als_desktop.cli import UserError


def database_file(url: str) -> Path | None:
    """The SQLite file `url` names (None for a server): never to be written over by an output."""
    from sqlalchemy.exc import ArgumentError

    from als_desktop.db.database import sqlite_path

    try:
        path = sqlite_path(url)
    except ArgumentError:  # not a URL at all: opening the database will say so
        return None
    return path.expanduser() if path is not None else None


def check_output(path: Path, url: str, *, force: bool) -> Path:
    """Refuse an output file before any work is done (the writer checks it again)."""
    from als_desktop.files import OutputRefused
    from als_desktop.files import check_output as check

    try:
        return check(path, replace=force, database=database_file(url))
    except OutputRefused as refused:
        raise output_refused(refused) from None


def check_output_folder(folder: Path) -> Path:
    """A folder given with -o for plans: never the backups folder, never a file."""
    from als_desktop.files import OutputRefused
    from als_desktop.files import check_output_folder as check

    try:
        return check(folder)
    except OutputRefused as refused:
        raise output_refused(refused) from None


def output_refused(refused: Any) -> UserError:
    if refused.exists:
        return UserError(f"{refused.path} is already there; nothing was written.",
                         "Add --force to replace it, or choose another file name.")
    return UserError(f"Cannot write {refused.path}: {refused.reason}.", "Nothing was written.")


def write_output(path: Path, data: bytes, url: str, *, force: bool) -> None:
    """Write a file the user named with -o, whole or not at all, by the rule of files.py."""
    from als_desktop.files import OutputRefused, why_not_written, write_atomically

    try:
        write_atomically(path, data, replace=force, database=database_file(url))
    except OutputRefused as refused:
        raise output_refused(refused) from None
    except OSError as error:
        raise UserError(f"Cannot write {path}: {why_not_written(error)}.",
                        "Choose a folder you can write to; nothing was written.") from None

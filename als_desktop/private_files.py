"""The record's files readable by their owner only, on POSIX systems.

The database, its backups, the logs and every export or report hold protected health
information: another account on the same workstation must not be able to read them. At start
the process umask becomes 0o077, so every file the program creates from then on is 0600 and
every folder 0700 — also the files other libraries create for it (SQLite's database, -wal and
-shm files, the rotating log, reportlab's PDFs). Files and folders left by an earlier version
(0644, 0755) are tightened once at start, and the log names them.

On Windows files inherit the folder's access list, which the profile folders already restrict:
nothing is done there.
"""

from __future__ import annotations

import logging
import os
import stat
from collections.abc import Callable, Iterable
from pathlib import Path

log = logging.getLogger(__name__)

OWNER_ONLY_UMASK = 0o077
PRIVATE_FOLDER = 0o700
# Files SQLite keeps beside a database; SQLite gives them the database file's own mode.
SQLITE_COMPANIONS = ("-wal", "-shm", "-journal")


def applies() -> bool:
    return os.name == "posix"


def restrict_new_files() -> None:
    """From now on this process creates files 0600 and folders 0700 (POSIX only)."""
    if applies():
        os.umask(OWNER_ONLY_UMASK)


def private_folder(folder: Path) -> Path:
    """Create `folder` and each missing parent readable by their owner only (0700 on POSIX).

    Folders that already exist are left as they are: tightening is `tighten_existing`'s, for
    the program's own folders only.
    """
    folder = Path(folder)
    missing = []
    for part in (folder, *folder.parents):
        if part.exists():
            break
        missing.append(part)
    for part in reversed(missing):
        part.mkdir(mode=PRIVATE_FOLDER, exist_ok=True)
    if not folder.is_dir():
        folder.mkdir(mode=PRIVATE_FOLDER, exist_ok=True)  # raises FileExistsError: a file is in the way
    return folder


def tighten_existing(folders: Iterable[Path], files: Iterable[Path] = ()) -> list[Path]:
    """Take the group's and others' rights off the program's existing `folders`, the regular
    files directly in them, and `files` (a database elsewhere, with its -wal and -shm): 0755
    becomes 0700, 0644 becomes 0600. Returns the paths changed.

    Only what this account owns is changed, and never through a symbolic link. A path that
    cannot be changed (a read-only share) is noted in the log and left: the program still starts.
    """
    if not applies():
        return []
    changed: list[Path] = []
    for folder in folders:
        if _tighten(Path(folder), stat.S_ISDIR):
            changed.append(Path(folder))
        changed.extend(path for path in _files_in(Path(folder)) if _tighten(path, stat.S_ISREG))
    for path in files:
        for one in (Path(path), *(Path(f"{path}{suffix}") for suffix in SQLITE_COMPANIONS)):
            if one not in changed and _tighten(one, stat.S_ISREG):
                changed.append(one)
    if changed:
        log.info("made readable by their owner only (they were readable by others): %s",
                 ", ".join(str(path) for path in changed))
    return changed


def tighten_at_start(database_url: str) -> list[Path]:
    """The program's data, backup and log folders and what they hold, and the SQLite database
    about to be opened (wherever it is), tightened before it opens: SQLite gives its new -wal
    and -shm files the database file's mode."""
    if not applies():
        return []
    from als_desktop import config
    from als_desktop.db.database import sqlite_path

    folders = config.paths()
    database = sqlite_path(database_url)
    real = [Path(os.path.realpath(database.expanduser()))] if database is not None else []
    return tighten_existing((folders.data, folders.backups, folders.logs), real)


def _files_in(folder: Path) -> list[Path]:
    try:
        return sorted(entry for entry in folder.iterdir() if not entry.is_symlink())
    except OSError:  # missing or unreadable: nothing of ours to tighten there
        return []


def _tighten(path: Path, is_kind: Callable[[int], bool]) -> bool:
    """Take the group's and others' rights off `path` when it is ours and of that kind; True if
    that changed anything. The owner keeps exactly the rights it had (a read-only backup stays so)."""
    try:
        found = os.lstat(path)
    except OSError:
        return False
    if not is_kind(found.st_mode) or found.st_uid != os.geteuid() or not found.st_mode & 0o077:
        return False
    try:
        os.chmod(path, stat.S_IMODE(found.st_mode) & 0o700)
    except OSError as error:
        log.warning("could not make %s readable by its owner only (%s)", path, error.strerror or error)
        return False
    return True

"""Writing a file the user asked for (a record, a plan, a plot), and saying why it could not be.

Qt-free: the window, the command line and the clinic-day batch all write through here, so a
failure never leaves half a file, every one of them explains it in the same words, and one
rule decides what may be written over: never a clinic database (the open one, its -wal, -shm
and -journal files, those in the data folder), never the backups folder, never anything that
is not a regular file (a folder, a device, a named pipe, or a link to one), and an existing
file only when the user said so (the window's save dialogs ask; the command line's --force).
"""

from __future__ import annotations

import errno
import os
import stat
import tempfile
from pathlib import Path

from als_desktop import config

SQLITE_HEADER = b"SQLite format 3\x00"
# Files SQLite keeps beside a database while it is open; they belong to it.
COMPANION_SUFFIXES = ("-wal", "-shm", "-journal")
ALREADY_THERE = "a file of that name is already there"


class OutputRefused(OSError):
    """A file the program will not write, with the reason in the user's words.

    An OSError, so every writer that already says why a write failed says this too.
    `exists` tells a file that is only refused because it is already there (may be replaced
    when the user confirms it) from one that must never be written.
    """

    def __init__(self, path: Path, reason: str, *, exists: bool = False) -> None:
        super().__init__(reason)
        self.strerror = reason
        self.path = path
        self.reason = reason
        self.exists = exists


def check_output(path: Path | str, *, replace: bool, database: Path | None = None) -> Path:
    """`path` made ready to write (user folder expanded), or OutputRefused saying why not.

    `replace`: an existing regular file may be replaced (the user confirmed it). `database`:
    the database open now; it is always protected, as are the databases of the data folder,
    any SQLite file and the backups folder.
    """
    if not str(path).strip():
        raise OutputRefused(Path(), "no file name was given")
    path = Path(path).expanduser()
    target = Path(os.path.realpath(path))  # where a symbolic link really points
    _check_folder(path)
    why = _protected(target, database)
    if why:
        raise OutputRefused(path, why)
    try:
        found = os.stat(target)
    except FileNotFoundError:
        return path
    except OSError as error:
        raise OutputRefused(path, why_not_written(error)) from error
    if not stat.S_ISREG(found.st_mode):
        raise OutputRefused(path, _not_a_file(found.st_mode))
    if not replace:
        raise OutputRefused(path, ALREADY_THERE, exists=True)
    return path


def write_atomically(path: Path, data: bytes, *, replace: bool = True, database: Path | None = None) -> None:
    """Write through a temporary file beside `path`, so a failure never leaves half a file.

    The rule of `check_output` holds first: OutputRefused when `path` may not be written.
    """
    path = check_output(path, replace=replace, database=database)
    # A fresh, unique name (never an existing file, pipe or link) and readable by its owner only.
    handle, partial = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".partial")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(partial, path)
    except OSError:
        Path(partial).unlink(missing_ok=True)
        raise


def why_not_written(error: OSError) -> str:
    """The reason in the user's words: 'the disk is full', 'you may not write in that folder'."""
    if isinstance(error, OutputRefused):
        return error.reason
    if isinstance(error, PermissionError):
        return "you may not write in that folder"
    if error.errno == errno.ENOSPC:
        return "the disk is full"
    if isinstance(error, FileNotFoundError):
        return "that folder does not exist"
    if isinstance(error, NotADirectoryError):
        return "part of that path is a file, not a folder"
    if isinstance(error, IsADirectoryError):
        return "a folder of that name is already there"
    return error.strerror or str(error)


def check_output_folder(folder: Path) -> Path:
    """A folder plans may be written into (created later if missing), or OutputRefused."""
    folder = Path(folder).expanduser()
    backups = _resolved(config.paths().backups)
    real = Path(os.path.realpath(folder))
    if real == backups or backups in real.parents:
        raise OutputRefused(folder, _IN_BACKUPS.format(backups=config.paths().backups))
    if real.exists() and not real.is_dir():
        raise OutputRefused(folder, f"{folder} is a file, not a folder")
    return folder


_IN_BACKUPS = ("it is in the backups folder {backups}, which keeps the copies of the clinic database; "
               "choose another folder")


def _check_folder(path: Path) -> None:
    folder = path.absolute().parent
    if folder.is_dir():
        return
    if folder.exists() or any(part.exists() and not part.is_dir() for part in folder.parents):
        raise OutputRefused(path, "part of that path is a file, not a folder")
    raise OutputRefused(path, "that folder does not exist")


def _protected(target: Path, database: Path | None) -> str | None:
    """Why `target` (symbolic links resolved) must never be written, or None."""
    folders = config.paths()
    backups = _resolved(folders.backups)
    if backups in target.parents or target == backups:
        return _IN_BACKUPS.format(backups=folders.backups)
    base, companion = _without_companion_suffix(target)
    if (database is not None and base == _resolved(database)) or _same_file(base, database):
        if companion:
            return f"it belongs to the clinic database open now ({database})"
        return "it is the clinic database open now"
    if base.parent == _resolved(folders.data) and base.name.endswith((".sqlite", ".db")):
        return f"it is a clinic database in the data folder {folders.data}"
    if _is_sqlite_file(base):
        return "it is a database" if not companion else f"it belongs to the database {base}"
    return None


def _without_companion_suffix(target: Path) -> tuple[Path, bool]:
    for suffix in COMPANION_SUFFIXES:
        if target.name.endswith(suffix) and len(target.name) > len(suffix):
            return target.with_name(target.name[: -len(suffix)]), True
    return target, False


def _resolved(path: Path) -> Path:
    return Path(os.path.realpath(Path(path).expanduser()))


def _same_file(path: Path, database: Path | None) -> bool:
    """Also a hard link, or a path spelled differently, to the database file itself."""
    if database is None:
        return False
    try:
        return os.path.samefile(path, database)
    except OSError:
        return False


def _is_sqlite_file(path: Path) -> bool:
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            return False
        with open(path, "rb") as handle:
            return handle.read(len(SQLITE_HEADER)) == SQLITE_HEADER
    except OSError:
        return False


def _not_a_file(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder of that name is already there"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "it is a device, not a file"
    if stat.S_ISFIFO(mode):
        return "it is a named pipe, not a file"
    if stat.S_ISSOCK(mode):
        return "it is a socket, not a file"
    return "it is not a regular file"

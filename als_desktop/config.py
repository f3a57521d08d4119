"""Where the program keeps its files, and which database it opens.

Folders come from platformdirs so each operating system gets its usual place.
ALS_DESKTOP_HOME moves every folder under one directory (tests, portable installs);
ALS_DESKTOP_DATABASE names the database (a file path or an SQLAlchemy URL).
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from als_desktop.private_files import private_folder

APP_DIR_NAME = "als-desktop"
DATABASE_FILE = "clinic.sqlite"
DEMO_DATABASE_FILE = "demo-clinic.sqlite"
ENV_HOME = "ALS_DESKTOP_HOME"
ENV_DATABASE = "ALS_DESKTOP_DATABASE"


class FolderProblem(Exception):
    """A folder the program needs cannot be created or written; `holds` says what it keeps."""

    def __init__(self, folder: Path, holds: str, reason: str) -> None:
        super().__init__(f"The folder {folder} cannot be used: {reason}.")
        self.folder = folder
        self.holds = holds
        self.reason = reason


def _reason(error: OSError) -> str:
    if isinstance(error, FileExistsError):
        return "a file of that name is in the way"
    if isinstance(error, NotADirectoryError):
        return "part of its path is a file, not a folder"
    if isinstance(error, PermissionError):
        return "this user has no permission to write there"
    return (error.strerror or str(error)).lower()


def writable_folder(folder: Path, holds: str) -> Path:
    """Create `folder` if needed and check that a file can be written in it (FolderProblem if not)."""
    try:
        private_folder(folder)
        # mkdir passes on an existing folder that cannot be written, and os.access is wrong on
        # Windows access lists and root-squashed shares: only writing a file tells.
        with tempfile.TemporaryFile(dir=folder):
            pass
    except OSError as error:
        raise FolderProblem(folder, holds, _reason(error)) from error
    return folder


@dataclass(frozen=True)
class Paths:
    data: Path
    logs: Path
    backups: Path

    def ensure(self) -> "Paths":
        """The data and backup folders, created and writable; FolderProblem names the first that
        is not. The log folder is the logging set-up's, which falls back to stderr without it."""
        writable_folder(self.data, "the clinic database and the demo clinic")
        writable_folder(self.backups, "the backups taken before each upgrade of the database")
        return self

    @property
    def default_database(self) -> Path:
        return self.data / DATABASE_FILE

    @property
    def demo_database(self) -> Path:
        return self.data / DEMO_DATABASE_FILE

    @property
    def log_file(self) -> Path:
        return self.logs / "als-desktop.log"


def paths() -> Paths:
    home = os.environ.get(ENV_HOME)
    if home:
        root = Path(home).expanduser()
        return Paths(data=root / "data", logs=root / "logs", backups=root / "backups")
    import platformdirs

    return Paths(
        data=Path(platformdirs.user_data_dir(APP_DIR_NAME, appauthor=False)),
        logs=Path(platformdirs.user_log_dir(APP_DIR_NAME, appauthor=False)),
        backups=Path(platformdirs.user_data_dir(APP_DIR_NAME, appauthor=False)) / "backups",
    )


def database_url(explicit: str | None = None) -> str:
    """The URL of the database to open: explicit choice, then environment, then default."""
    chosen = explicit or os.environ.get(ENV_DATABASE)
    if not chosen:
        return sqlite_url(paths().default_database)
    if "://" in chosen:
        return chosen
    return sqlite_url(Path(chosen))


def sqlite_url(path: Path) -> str:
    # Escaped: a '?', '#' or '%' in a folder name would otherwise be read as part of the URL.
    return "sqlite:///" + quote(str(Path(path).expanduser().resolve()), safe="/ ")


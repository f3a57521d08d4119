"""Writing a file the user asked for (a team plan, a plot), and saying why it could not be.

Qt-free: the window, the command line and the clinic-day batch all write through here, so a
failure never leaves half a file and every one of them explains it in the same words.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path


def write_atomically(path: Path, data: bytes) -> None:
    """Write through a temporary file beside `path`, so a failure never leaves half a file."""
    partial = path.with_name(f".{path.name}.partial")
    try:
        partial.write_bytes(data)
        os.replace(partial, path)
    except OSError:
        partial.unlink(missing_ok=True)
        raise


def why_not_written(error: OSError) -> str:
    """The reason in the user's words: 'the disk is full', 'you may not write in that folder'."""
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

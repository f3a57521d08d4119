"""Rotating log file in the user's log folder, and a last-resort handler for crashes.

An unexpected error must never take the program away silently: it is written to the log
with its traceback, and the user is shown a dialog that names the log file to send on.
"""

from __future__ import annotations

import logging
import sys
import threading
from collections.abc import Callable
from logging.handlers import RotatingFileHandler
from pathlib import Path
from types import TracebackType

LOG_FORMAT = "%(asctime)s %(levelname)-7s %(name)s: %(message)s"
MAX_BYTES = 1_000_000
BACKUP_COUNT = 5

log = logging.getLogger("als_desktop")

CrashReporter = Callable[[str, Path], None]


def setup_logging(log_file: Path, level: int = logging.INFO) -> Path:
    """Send the program's log to `log_file` (rotated at 1 MB, five old files kept)."""
    log_file.parent.mkdir(parents=True, exist_ok=True)
    root = logging.getLogger()
    for handler in list(root.handlers):
        # Starting twice in one process (tests, "open another database") must not double lines.
        if isinstance(handler, RotatingFileHandler) and Path(handler.baseFilename) == log_file.resolve():
            return log_file
    handler = RotatingFileHandler(log_file, maxBytes=MAX_BYTES, backupCount=BACKUP_COUNT, encoding="utf-8")
    handler.setFormatter(logging.Formatter(LOG_FORMAT))
    root.addHandler(handler)
    if root.level == logging.NOTSET or root.level > level:
        root.setLevel(level)
    return log_file


def install_crash_handler(log_file: Path, report: CrashReporter | None = None) -> None:
    """Log every uncaught exception and tell the user where the log is.

    `report(summary, log_file)` shows the dialog; it is called at most once at a time, so an
    error raised while showing it cannot loop.
    """
    showing = threading.Lock()

    def handle(kind: type[BaseException], error: BaseException, trace: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, error, trace)
            return
        log.critical("unexpected error", exc_info=(kind, error, trace))
        for handler in logging.getLogger().handlers:
            handler.flush()
        if report is None or not showing.acquire(blocking=False):
            return
        try:
            report(f"{kind.__name__}: {error}", log_file)
        except Exception:  # the dialog itself failed: the log already has the original error
            log.exception("could not show the crash dialog")
        finally:
            showing.release()

    sys.excepthook = handle
    threading.excepthook = lambda args: handle(args.exc_type, args.exc_value, args.exc_traceback)

"""Rotating log file in the user's log folder, and a last-resort handler for crashes.

An unexpected error must never take the program away silently: it is written to the log
with its traceback, and the user is shown a dialog that names the log file to send on.

What reaches the file is guarded by `SafeRecords`, the filter every record passes last:
passwords and keys are masked wherever they appear (a URL, a driver's message, a traceback),
the values of a refused row are left out (SQLAlchemy's bound parameters, PostgreSQL's "Failing
row contains (…)"), and control characters are escaped so text someone typed cannot start a
line of its own. An event is one line; only a traceback continues it, on lines that begin with
`TRACE_PREFIX`, so a line that begins with a time is always an event of the program's own.
"""

from __future__ import annotations

import contextlib
import logging
import re
import sys
import threading
import unicodedata
from collections.abc import Callable
from logging.handlers import RotatingFileHandler
from pathlib import Path
from types import TracebackType

from als_desktop.private_files import private_folder

LOG_FORMAT = "%(asctime)s %(levelname)-7s %(name)s: %(message)s"
MAX_BYTES = 1_000_000
BACKUP_COUNT = 5
HIDDEN = "***"
TRACE_PREFIX = "    | "

log = logging.getLogger("als_desktop")

CrashReporter = Callable[[str, Path], None]

# scheme://user:password@host — the password runs to the last "@" before a space, so one
# written with an unescaped "@" is hidden whole rather than in part.
_URL_PASSWORD = re.compile(r"(?P<head>\b[A-Za-z][A-Za-z0-9+.\-]*://[^\s:/?#@]*):\S*@")
# password=secret, PRAGMA key = 'secret', "passphrase": "secret" (connection strings, settings).
_NAMED_SECRET = re.compile(
    r"""(?P<head>\b(?:password|passwd|pwd|passphrase|secret|api[_-]?key|key)["']?\s*[=:]\s*)"""
    r"""(?P<value>'[^']*'|"[^"]*"|[^\s,;)]+)""",
    re.IGNORECASE,
)
# What a refused row held: SQLAlchemy's "[parameters: (...)]" line and PostgreSQL's DETAIL
# ("Failing row contains (...)", "Key (mrn)=(X-1) already exists"): names and MRNs.
_PARAMETERS = re.compile(r"\[parameters: [^\n]*")
_FAILING_ROW = re.compile(r"(Failing row contains )\([^\n]*\)")
_KEY_VALUES = re.compile(r"(Key \([^)\n]*\)=)\([^\n]*?\)(?= |$|\n)")
# Bidirectional overrides and isolates reorder what a reader sees on the line.
_BIDI_CONTROLS = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_NAMED_ESCAPES = {"\n": "\\n", "\r": "\\r"}


def mask_secrets(text: str) -> str:
    """`text` with every password, key and refused row's values replaced by ***."""
    text = _URL_PASSWORD.sub(rf"\g<head>:{HIDDEN}@", text)
    text = _NAMED_SECRET.sub(rf"\g<head>{HIDDEN}", text)
    text = _PARAMETERS.sub(f"[parameters: {HIDDEN}]", text)
    text = _FAILING_ROW.sub(rf"\1({HIDDEN})", text)
    return _KEY_VALUES.sub(rf"\1({HIDDEN})", text)


def _escaped(character: str) -> str:
    if character in _NAMED_ESCAPES:
        return _NAMED_ESCAPES[character]
    if character == "\t":
        return character
    if unicodedata.category(character) in ("Cc", "Zl", "Zp") or character in _BIDI_CONTROLS:
        code = ord(character)
        return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"
    return character


def one_line(text: str) -> str:
    """`text` on one line: CR, LF and every other control character written as an escape."""
    return "".join(_escaped(character) for character in text)


def loggable_url(url: object) -> str:
    """A database URL or path as it may appear in the log: the password hidden."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    shown = str(url)
    with contextlib.suppress(ArgumentError, ValueError):  # a plain path: nothing to hide but by masking
        shown = make_url(shown).render_as_string(hide_password=True)
    return mask_secrets(shown)


def _continued(text: str) -> str:
    """A traceback: each line escaped and marked as a continuation of the event above it."""
    return "\n".join(TRACE_PREFIX + one_line(line) for line in text.rstrip("\n").split("\n"))


class SafeRecords(logging.Filter):
    """The last guard before the file: no secret, no row values, one line per event."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "als_desktop_safe", False):  # a record can reach several handlers
            return True
        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001 (a log call with the wrong arguments must still say something)
            message = f"{record.msg!r} {record.args!r}"
        record.msg, record.args = one_line(mask_secrets(message)), None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = _continued(mask_secrets(record.exc_text))
        if record.stack_info:
            record.stack_info = _continued(mask_secrets(record.stack_info))
        record.als_desktop_safe = True
        return True


def setup_logging(log_file: Path, level: int = logging.INFO) -> Path:
    """Send the program's log to `log_file` (rotated at 1 MB, five old files kept)."""
    private_folder(log_file.parent)
    root = logging.getLogger()
    for handler in list(root.handlers):
        # Starting twice in one process (tests, "open another database") must not double lines.
        if isinstance(handler, RotatingFileHandler) and Path(handler.baseFilename) == log_file.resolve():
            return log_file
    handler = RotatingFileHandler(log_file, maxBytes=MAX_BYTES, backupCount=BACKUP_COUNT, encoding="utf-8")
    handler.setFormatter(logging.Formatter(LOG_FORMAT))
    handler.addFilter(SafeRecords())
    root.addHandler(handler)
    if root.level == logging.NOTSET or root.level > level:
        root.setLevel(level)
    return log_file


def log_to_stderr(level: int = logging.INFO) -> None:
    """The log on stderr instead, with the same guard: for when the log folder cannot be written."""
    root = logging.getLogger()
    if any(getattr(handler, "als_desktop_stderr", False) for handler in root.handlers):
        return
    handler = logging.StreamHandler(sys.stderr)
    handler.als_desktop_stderr = True  # type: ignore[attr-defined]
    handler.setFormatter(logging.Formatter(LOG_FORMAT))
    handler.addFilter(SafeRecords())
    root.addHandler(handler)
    if root.level == logging.NOTSET or root.level > level:
        root.setLevel(level)


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
            # The summary is shown on screen and may be copied into an e-mail: no password either.
            report(mask_secrets(f"{kind.__name__}: {error}"), log_file)
        except Exception:  # the dialog itself failed: the log already has the original error
            log.exception("could not show the crash dialog")
        finally:
            showing.release()

    sys.excepthook = handle
    threading.excepthook = lambda args: handle(args.exc_type, args.exc_value, args.exc_traceback)

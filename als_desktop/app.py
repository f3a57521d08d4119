"""Start the window: log file (or stderr) → crash handler → QApplication → folders → database → window.

Only what the first screen needs is imported here: no matplotlib, reportlab or Alembic on a
normal start (Alembic loads only when a database needs migrating).
"""

from __future__ import annotations

import logging
import os
import sys
import time
from pathlib import Path

from als_desktop import APP_NAME, __version__, config
from als_desktop.logging_setup import install_crash_handler, log_to_stderr, loggable_url, setup_logging
from als_desktop.private_files import restrict_new_files, tighten_at_start

log = logging.getLogger(__name__)

# Set to quit as soon as the window is shown, printing "window-shown-at <epoch seconds>":
# lets the start-up benchmark and a packaged build's smoke test run the program as shipped.
EXIT_WHEN_SHOWN = "ALS_DESKTOP_EXIT_WHEN_SHOWN"

OPEN_ANOTHER = "Open another database…"
QUIT = "Quit"
RETRY = "Retry"
# The exit code when the program stops before its window opens (no folder, no database).
NOT_STARTED = 1


def run_window(database_url: str | None) -> int:
    """Open the main window on `database_url` (None: the default database); the exit code."""
    restrict_new_files()
    folders = config.paths()
    log_file = start_logging(folders.log_file)
    log.info("%s %s starting (Python %s)", APP_NAME, __version__, sys.version.split()[0])
    # Before the database opens: SQLite gives its new -wal and -shm files the database's mode.
    tighten_at_start(config.database_url(database_url))
    # The dialog names the log file actually written, or says the log went to stderr.
    install_crash_handler(folders.log_file, report=lambda summary, _file: show_crash(summary, log_file))

    # The database layer is imported before PySide6: once PySide6 is loaded, its import hook
    # reads the source of every module imported afterwards, which slows start-up measurably.
    import als_desktop.db  # noqa: F401
    import als_desktop.services.patients  # noqa: F401
    import als_desktop.services.queries  # noqa: F401
    import als_desktop.services.visits  # noqa: F401
    from PySide6.QtWidgets import QApplication

    _route_qt_messages_to_log()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    from als_desktop.views.resources import icon, style_sheet

    app.setWindowIcon(icon("als-desktop"))
    app.setStyleSheet(style_sheet())

    if not ensure_folders(folders):
        log.info("the program's folders cannot be used; quitting")
        return NOT_STARTED
    # A plain path is accepted too (the command line passes URLs; people type paths).
    database = open_first_database(config.database_url(database_url))
    if database is None:
        log.info("no database opened; quitting")
        return NOT_STARTED
    clinic_url = None if database.is_demo else database.url

    if os.environ.get(EXIT_WHEN_SHOWN):
        from PySide6.QtCore import QTimer

        # The first window the program shows is the sign-in (or the first administrator's):
        # the hook quits there. It never signs anyone in.
        QTimer.singleShot(0, lambda: _shown_then_quit(app))
    user, database = sign_in_at_start(database)
    if user is None:
        log.info("nobody signed in; quitting")
        return 0

    from als_desktop.views.main_window import MainWindow

    window = MainWindow(database, user=user)
    window.clinic_url = window.clinic_url or clinic_url
    # Started on the demo clinic instead of a new clinic's: the way back to the clinic's.
    window.clinic_action.setVisible(bool(window.database.is_demo and window.clinic_url))
    window.show()
    app._main_window = window  # keep it alive for the whole event loop
    code = app.exec()
    log.info("%s closed (exit code %s)", APP_NAME, code)
    return code


def start_logging(log_file: Path) -> Path | None:
    """The log file, or None when its folder cannot be written: the log then goes to stderr,
    and the program starts all the same (the log is for support, not for the clinic)."""
    try:
        return setup_logging(log_file)
    except OSError as error:
        log_to_stderr()
        log.warning("the log file %s cannot be written (%s); the log goes to standard error",
                    log_file, error.strerror or error)
        return None


def ensure_folders(folders: config.Paths) -> bool:
    """The data and backup folders exist and can be written, or the user has chosen Quit.

    Retry tries again: the user (or IT support) may fix the permissions while the message shows.
    """
    from als_desktop.views import messages

    while True:
        try:
            folders.ensure()
            return True
        except config.FolderProblem as problem:
            log.error("%s", problem)
            answer = messages.show(
                None, messages.CRITICAL, f"{APP_NAME}: cannot start", str(problem),
                buttons=(RETRY, QUIT), detail=folder_advice(problem),
            )
            if answer != RETRY:
                return False


def folder_advice(problem: config.FolderProblem) -> str:
    return (
        f"The program keeps {problem.holds} in this folder. Ask your IT support to give this user "
        "write access to it (or to move away a file that is in the way), then choose Retry.\n\n"
        f"Or keep the program's files somewhere else: start it with {config.ENV_HOME} set to a "
        f"folder you can write to (it then keeps its data, logs and backups there), and "
        f"{config.ENV_DATABASE} set to the database file to open."
    )


def _route_qt_messages_to_log() -> None:
    """Qt's own warnings go to the log file too, where support will look for them."""
    from PySide6.QtCore import QtMsgType, qInstallMessageHandler

    qt_log = logging.getLogger("qt")
    levels = {QtMsgType.QtDebugMsg: logging.DEBUG, QtMsgType.QtInfoMsg: logging.INFO,
              QtMsgType.QtWarningMsg: logging.WARNING, QtMsgType.QtCriticalMsg: logging.ERROR,
              QtMsgType.QtFatalMsg: logging.CRITICAL}

    def handler(kind, _context, message: str) -> None:  # noqa: ANN001
        qt_log.log(levels.get(kind, logging.WARNING), "%s", message)

    qInstallMessageHandler(handler)


def _shown_then_quit(app) -> None:  # noqa: ANN001
    from PySide6.QtWidgets import QDialog

    print(f"window-shown-at {time.time():.6f}", flush=True)
    shown = [widget for widget in app.topLevelWidgets() if widget.isVisible()]
    print("first-window " + " | ".join(widget.windowTitle() for widget in shown), flush=True)
    for widget in shown:
        if isinstance(widget, QDialog):
            widget.reject()
    app.quit()


def sign_in_at_start(database):  # noqa: ANN001, ANN201 (Database, imported lazily)
    """(who signed in, the database they signed in to), or (None, None) after Cancel.

    A new clinic database asks for its first administrator, who may choose to look at the demo
    clinic instead: the demo database then opens, with its own demo accounts."""
    from als_desktop.views.sign_in import OPEN_DEMO, sign_in_to
    from als_desktop.views.window_databases import open_demo_database

    who = sign_in_to(database, cancel_text=QUIT, offer_demo=True)
    if who == OPEN_DEMO:
        database.close()
        database = open_demo_database(None)
        if database is None:
            return None, None
        who = sign_in_to(database, cancel_text=QUIT)
    if who is None:
        database.close()
        return None, None
    return who, database


def is_demo_url(url: str) -> bool:
    from als_desktop.db.database import sqlite_path

    path = sqlite_path(url)
    demo = config.paths().demo_database
    return path is not None and path.expanduser().resolve() == demo.resolve()


def open_first_database(url: str):  # noqa: ANN201 (Database, imported lazily)
    """Open `url`; on a problem explain it and offer another file, until opened or given up.

    A locked, unreadable or corrupt file is never replaced by a fresh empty database: a new
    file is only created where none exists.
    """
    from als_desktop.db import DatabaseProblem, open_database
    from als_desktop.views import messages

    while True:
        if not confirm_new_file(url):
            chosen = choose_database_file()
            if chosen is None:
                return None
            url = config.sqlite_url(chosen)
            continue
        try:
            return open_database(url, backups=config.paths().backups, is_demo=is_demo_url(url))
        except DatabaseProblem as problem:
            log.warning("database %s not opened: %s", loggable_url(url), problem)
            buttons = (RETRY, OPEN_ANOTHER, QUIT) if may_pass(problem) else (OPEN_ANOTHER, QUIT)
            answer = messages.show(
                None, messages.CRITICAL, f"{APP_NAME}: database not opened", problem.what,
                buttons=buttons, detail=f"{problem.advice}\n\nThe file was not changed.",
            )
            if answer == RETRY:
                continue  # the same database again
            if answer != OPEN_ANOTHER:
                return None
            chosen = choose_database_file()
            if chosen is None:
                continue
            url = config.sqlite_url(chosen)


def may_pass(problem: Exception) -> bool:
    """A problem that trying again may get past: a lock, a busy or unreachable server, a full
    disk or missing permission someone can fix meanwhile (the driver's "operational" errors).
    A damaged or foreign file stays what it is, so Retry is not offered for it."""
    from sqlalchemy.exc import OperationalError

    return isinstance(problem.__cause__, OperationalError)


CREATE = "Create a new database"


def confirm_new_file(url: str) -> bool:
    """A named file that does not exist may be a typo or an unmounted share: ask before creating.

    The default and demo databases are created without asking (first start).
    """
    from als_desktop.db.database import sqlite_path
    from als_desktop.views import messages

    path = sqlite_path(url)
    if path is None or path.exists():
        return True
    known = {config.paths().default_database.resolve(), config.paths().demo_database.resolve()}
    if path.expanduser().resolve() in known:
        return True
    answer = messages.show(
        None, messages.QUESTION, f"{APP_NAME}: no database there",
        f"There is no database at {path}.",
        buttons=(CREATE, OPEN_ANOTHER), detail="If the path has a typing error, or the folder is on "
        "a network drive that is not connected, choose “Open another database…”. A new database "
        "starts empty.",
    )
    return answer == CREATE


def choose_database_file() -> Path | None:
    from PySide6.QtWidgets import QFileDialog

    path, _filter = QFileDialog.getOpenFileName(
        None, "Open database", str(config.paths().data),
        "ALS Clinic Desktop database (*.sqlite *.db);;All files (*)",
    )
    return Path(path) if path else None


def show_crash(summary: str, log_file: Path | None) -> None:
    """Tell the user something went wrong and where the details are; the program goes on.

    `log_file` is None when the log folder could not be written and the log went to stderr.
    """
    from PySide6.QtWidgets import QApplication

    where = (f"the log file:\n{log_file}\n\nPlease send this file to your IT support." if log_file
             else "the program's standard error (the log folder could not be written).\n\n"
                  "Please tell your IT support.")
    if QApplication.instance() is None:
        print(f"{APP_NAME}: unexpected error ({summary}). Details are in {where}", file=sys.stderr)
        return
    from als_desktop.views import messages

    messages.show(
        QApplication.activeWindow(), messages.CRITICAL, f"{APP_NAME}: unexpected error",
        "Something went wrong that the program did not expect. What you saved before is safe; "
        "the action you were doing may not have finished.",
        detail=f"The details were written to {where} ({summary})",
    )

"""Opening another database from the window: a file, the clinic's, or the demo clinic (mixed
into `MainWindow`).

Accounts belong to a database, so the window shows another database only once someone has
signed in to it (or created its first administrator); cancelling leaves the window on the
database it had, with the same person signed in.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFileDialog

from als_desktop import config
from als_desktop.db import Database, DatabaseProblem, open_database
from als_desktop.services import queries

from . import messages
from .sign_in import sign_in_to

log = logging.getLogger(__name__)

# Synthetic patients put in the demo clinic the first time it is opened.
DEMO_PATIENTS = 120


class WindowDatabases:
    """`self` is the MainWindow."""

    def choose_database(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self, "Open database", str(config.paths().data), "ALS Clinic Desktop database (*.sqlite *.db);;All files (*)"
        )
        if path:
            self.open_url(config.sqlite_url(Path(path)), create=False)

    def open_url(self, url: str, *, create: bool = False, is_demo: bool = False) -> Database | None:
        if not self.may_leave("opening another database"):
            return None
        try:
            database = open_database(url, create=create, backups=config.paths().backups, is_demo=is_demo)
        except DatabaseProblem as problem:
            messages.show(self, messages.WARNING, "Database not opened", problem.what,
                          detail=f"{problem.advice}\n\nThe database you had open is still open.")
            return None
        return self.show_signed_in(database)

    def open_clinic(self) -> None:
        if self.clinic_url:
            self.open_url(self.clinic_url, create=True)

    def open_demo(self) -> Database | None:
        """Open the separate demo database, filling it with synthetic patients the first time."""
        if not self.may_leave("opening the demo clinic"):
            return None
        database = open_demo_database(self)
        return self.show_signed_in(database) if database is not None else None

    def show_signed_in(self, database: Database) -> Database | None:
        """Show `database` once someone has signed in to it; else close it and stay."""
        who = sign_in_to(database, self)
        if who is None or isinstance(who, str):
            database.close()
            log.info("nobody signed in to %s: the window stays on %s", database.description,
                     self.database.description)
            return None
        # Leaving this database is leaving its session.
        self.record_event("sign_out", "opened another database")
        self.set_database(database)
        self.set_user(who)
        return database


def open_demo_database(parent) -> Database | None:  # noqa: ANN001 (a widget or None)
    """The demo database, filled with synthetic patients (and its demo accounts) the first time."""
    path = config.paths().demo_database
    try:
        database = open_database(config.sqlite_url(path), backups=config.paths().backups, is_demo=True)
    except DatabaseProblem as problem:
        messages.show(parent, messages.WARNING, "Demo clinic not opened", problem.what, detail=problem.advice)
        return None
    try:
        with database.reading() as session:
            empty = queries.patient_count(session) == 0
        if empty:
            _populate_demo(database, parent)
    except ImportError:
        database.close()
        messages.warn(parent, "Demo clinic not available", "This installation does not include the demo data generator.")
        return None
    except DatabaseProblem as problem:
        database.close()
        messages.show(parent, messages.WARNING, "Demo clinic not filled", problem.what, detail=problem.advice)
        return None
    return database


def _populate_demo(database: Database, parent) -> None:  # noqa: ANN001
    from als_desktop.services import demo

    log.info("creating the demo clinic's synthetic patients")
    status = parent.statusBar() if hasattr(parent, "statusBar") else None
    if status is not None:
        status.showMessage("Creating the demo clinic's synthetic patients…")
    QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        demo.populate(database, patients=DEMO_PATIENTS, seed=1)
    finally:
        QGuiApplication.restoreOverrideCursor()
        if status is not None:
            status.clearMessage()

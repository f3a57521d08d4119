"""A save that meets a write lock held by another program (another workstation, a backup tool)
keeps the window live: the save waits on the worker while the GUI thread's event loop runs,
the status bar says it is saving, and the user's clicks and keys are held back. When the lock
is released the value is saved; when it outlasts the busy timeout the user is told and the
input stays in the form."""

from __future__ import annotations

import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QApplication,
    QMainWindow,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from als_desktop.db import Database
from als_desktop.db.database import BUSY_TIMEOUT_SECONDS
from als_desktop.models import Patient, WeightMeasurement
from als_desktop.services import visits
from als_desktop.views.fields import Form, NumberField
from als_desktop.views.saving import SAVING, Outcome, attempt

AUTHOR = "locked.clinician"

# Another program holding the database's write lock, as a second workstation's save would.
LOCKER = """
import sqlite3, sys, time
connection = sqlite3.connect(sys.argv[1], timeout=0, isolation_level=None)
connection.execute("BEGIN IMMEDIATE")
print("locked", flush=True)
time.sleep(float(sys.argv[2]))
connection.execute("ROLLBACK")
connection.close()
"""


@pytest.fixture
def hold_lock(db_path: Path) -> Iterator:
    started: list[subprocess.Popen] = []

    def hold(seconds: float) -> subprocess.Popen:
        locker = subprocess.Popen([sys.executable, "-c", LOCKER, str(db_path), str(seconds)],
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        started.append(locker)
        assert locker.stdout.readline().strip() == "locked", locker.stderr.read()
        return locker

    yield hold
    for locker in started:
        if locker.poll() is None:
            locker.terminate()
        locker.wait(10)


@pytest.fixture
def visit_id(db: Database, patient: Patient) -> uuid.UUID:
    with db.transaction() as session:
        return visits.create_visit(session, patient.id, {"visit_date": date(2024, 3, 5)}, AUTHOR).id


class WeightWindow(QMainWindow):
    """A real window with a status bar and a weight form whose Record button saves through
    `attempt`, the way every form of the program does."""

    def __init__(self, database: Database, visit_id: uuid.UUID) -> None:
        super().__init__()
        self.database = database
        self.visit_id = visit_id
        self.outcomes: list[Outcome] = []
        body = QWidget(self)
        self.form = Form(body)
        self.weight = NumberField("Weight", "kg", self.form)
        self.form.add("weight_kg", "Weight", self.weight)
        self.record_button = QPushButton("Record", body)
        layout = QVBoxLayout(body)
        layout.addWidget(self.form)
        layout.addWidget(self.record_button)
        self.setCentralWidget(body)
        self.statusBar()
        self.record_button.clicked.connect(self.record)

    def record(self) -> None:
        visit_id = self.visit_id

        def work(session, kilograms: float | None) -> None:
            visits.record_weight(session, visit_id, kilograms, AUTHOR)

        def collect() -> float | None:
            return self.form.values()["weight_kg"]

        self.outcomes.append(attempt(self, self.form, "Weight", self.database, work, collect=collect))


@dataclass
class Watch:
    """A timer on the GUI thread: each tick notes what the window showed then."""

    window: WeightWindow
    ticks: list[tuple[float, str, object]] = field(default_factory=list)
    timer: QTimer = field(default_factory=QTimer)

    def __post_init__(self) -> None:
        self.timer.timeout.connect(self.tick)
        self.timer.start(50)

    def tick(self) -> None:
        cursor = QApplication.overrideCursor()
        self.ticks.append((time.monotonic(), self.window.statusBar().currentMessage(),
                           cursor.shape() if cursor is not None else None))

    def saying_saving(self) -> list:
        return [tick for tick in self.ticks if tick[1] == SAVING]


@pytest.fixture
def window(qtbot, db: Database, visit_id: uuid.UUID, answers) -> WeightWindow:
    shown = WeightWindow(db, visit_id)
    qtbot.addWidget(shown)
    shown.show()
    qtbot.waitExposed(shown)
    return shown


def weights(db: Database) -> list[float]:
    with db.reading() as session:
        return [row.weight_kg for row in session.query(WeightMeasurement)]


def test_a_save_waits_for_the_lock_with_the_window_live_then_saves(qtbot, window: WeightWindow, db: Database,
                                                                   hold_lock, answers) -> None:
    qtbot.keyClicks(window.weight.edit, "71.5")
    watch = Watch(window)
    tried_meanwhile: list[str] = []

    def try_again_meanwhile() -> None:
        # While the save waits: a second click on Record and more typing must not get through.
        if window.outcomes or not watch.saying_saving() or tried_meanwhile:
            return
        tried_meanwhile.append(window.statusBar().currentMessage())
        QTest.mouseClick(window.record_button, Qt.MouseButton.LeftButton)
        QTest.keyClicks(window.weight.edit, "9")

    watch.timer.timeout.connect(try_again_meanwhile)
    hold_lock(1.5)
    began = time.monotonic()
    qtbot.mouseClick(window.record_button, Qt.MouseButton.LeftButton)
    waited = time.monotonic() - began
    watch.timer.stop()

    assert window.outcomes == [Outcome.SAVED], answers.texts()
    assert waited >= 1.0  # it really met the lock
    during = [tick for tick in watch.ticks if began <= tick[0] <= began + waited]
    assert len(during) >= 10  # the event loop ran: the timer kept firing while the save waited
    assert watch.saying_saving() and all(tick[2] == Qt.CursorShape.WaitCursor for tick in watch.saying_saving())
    assert tried_meanwhile == [SAVING]  # the second click was made, and held back
    assert window.weight.text() == "71.5"  # the typing meanwhile was held back too
    assert weights(db) == [71.5]
    assert window.statusBar().currentMessage() != SAVING and QApplication.overrideCursor() is None
    assert answers.seen == []


def test_a_lock_that_outlasts_the_busy_timeout_is_said_and_the_input_kept(qtbot, window: WeightWindow,
                                                                          db: Database, hold_lock,
                                                                          answers) -> None:
    qtbot.keyClicks(window.weight.edit, "71.5")
    watch = Watch(window)
    hold_lock(BUSY_TIMEOUT_SECONDS + 4)
    began = time.monotonic()
    qtbot.mouseClick(window.record_button, Qt.MouseButton.LeftButton)
    waited = time.monotonic() - began
    watch.timer.stop()

    assert window.outcomes == [Outcome.FAILED]
    assert waited >= BUSY_TIMEOUT_SECONDS - 0.5
    assert len([tick for tick in watch.ticks if began <= tick[0] <= began + waited]) >= 20  # live all along
    assert watch.saying_saving()
    [message] = answers.seen
    assert message.title == "Weight not saved"
    assert "locked by another program or workstation" in message.text
    assert "still in the form" in message.detail
    assert window.weight.text() == "71.5" and weights(db) == []
    assert window.statusBar().currentMessage() != SAVING and QApplication.overrideCursor() is None


def test_a_quick_save_does_not_flash_saving(qtbot, window: WeightWindow, db: Database, answers) -> None:
    qtbot.keyClicks(window.weight.edit, "70")
    watch = Watch(window)
    qtbot.mouseClick(window.record_button, Qt.MouseButton.LeftButton)
    watch.timer.stop()
    assert window.outcomes == [Outcome.SAVED] and weights(db) == [70.0]
    # No "Saving…" at any moment; what was saved is said once it is.
    assert not watch.saying_saving() and window.statusBar().currentMessage() == "Saved weight."


def test_a_refusal_from_the_worker_is_shown_at_the_field(qtbot, window: WeightWindow, db: Database,
                                                         answers) -> None:
    qtbot.keyClicks(window.weight.edit, "900")
    qtbot.mouseClick(window.record_button, Qt.MouseButton.LeftButton)
    assert window.outcomes == [Outcome.INVALID]
    assert window.form.error_text("weight_kg") and weights(db) == [] and answers.seen == []
    window.weight.edit.clear()
    qtbot.keyClicks(window.weight.edit, "heavy")
    qtbot.mouseClick(window.record_button, Qt.MouseButton.LeftButton)  # refused while collecting
    assert window.outcomes[-1] == Outcome.INVALID
    assert "must be a number" in window.form.error_text("weight_kg")

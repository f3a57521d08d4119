"""A save the signed-in account's roles do not allow: refused naming the role, the input kept;
written anyway with a stated reason, saved under the person's name and flagged for review."""

from __future__ import annotations

import os
import uuid
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication
from sqlalchemy import func, select

from als_desktop.config import sqlite_url
from als_desktop.db import open_database
from als_desktop.models import AlsfrsAssessment
from als_desktop.services import audit, visits
from als_desktop.services.accounts import SignedIn
from als_desktop.services.audit import AuditFilter
from als_desktop.views import unsaved
from als_desktop.views.break_glass import CANCEL, WRITE_ANYWAY, BreakGlassDialog
from als_desktop.views.main_window import MainWindow

DIETITIAN = SignedIn(uuid.UUID(int=7), "dietitian.holm", "Jo Holm", ("nutrition",))
REASON = "Neurologist called away; scores taken with the patient"
SHOTS = Path(os.environ.get("ALS_TEST_SHOTS", "/tmp/roles"))


@pytest.fixture
def visit(db, patient):
    with db.transaction() as session:
        return visits.create_visit(session, patient.id, {"visit_date": date(2024, 3, 1)}, "setup")


@pytest.fixture
def dietitians_window(qtbot, db_path, db, patient, visit, answers):
    window = MainWindow(open_database(sqlite_url(db_path)), user=DIETITIAN)
    qtbot.addWidget(window, before_close_func=lambda w: unsaved.discard_all(w.tabs.with_unsaved_input()))
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    return window


def assessments(db) -> int:
    with db.reading() as session:
        return session.scalar(select(func.count()).select_from(AlsfrsAssessment))


def neurology_tab(qtbot, window, patient):
    window.patient_list.select(patient.id)
    tab = window.tabs.show_tab("Neurology")
    qtbot.waitUntil(tab.isVisible, timeout=2000)
    return tab


def type_scores(qtbot, tab, digits: str) -> None:
    tab.window().activateWindow()
    first = tab.alsfrs_form.items["speech"]
    first.setFocus()
    qtbot.waitUntil(first.hasFocus, timeout=2000)
    for digit in digits:
        qtbot.keyClicks(QApplication.focusWidget(), digit)


def answer_reason_dialog(qtbot, window, seen: list[str]) -> None:
    """Once the reason dialog is up (it is modal: the save waits for it), try it empty, then
    give the reason, as a person would."""

    def fill() -> None:
        dialogs = [d for d in window.findChildren(BreakGlassDialog) if d.isVisible()]
        if not dialogs:
            QTimer.singleShot(20, fill)
            return
        dialog = dialogs[0]
        qtbot.mouseClick(dialog.write_button, Qt.MouseButton.LeftButton)
        seen.append(dialog.form.error_text("break_glass_reason"))
        assert dialog.isVisible()  # a reason is required
        dialog.reason_field.setFocus()
        qtbot.keyClicks(dialog.reason_field, REASON)
        SHOTS.mkdir(parents=True, exist_ok=True)
        dialog.grab().save(str(SHOTS / "break_glass_dialog.png"))
        qtbot.mouseClick(dialog.write_button, Qt.MouseButton.LeftButton)

    QTimer.singleShot(0, fill)


def test_a_dietitian_saving_an_alsfrs_is_refused_then_writes_anyway_with_a_reason(
        qtbot, dietitians_window, db, patient, visit, answers) -> None:
    window = dietitians_window
    tab = neurology_tab(qtbot, window, patient)
    type_scores(qtbot, tab, "432444321043")
    assert tab.alsfrs_form.total_text() == "34 / 48"

    # Refused: the message names the role and offers to write anyway; the user declines.
    answers.replies = [CANCEL]
    qtbot.mouseClick(tab.save_alsfrs_button, Qt.MouseButton.LeftButton)
    [refusal] = answers.seen
    assert refusal.title == "ALSFRS-R not saved"
    assert refusal.text.startswith("Recording an ALSFRS-R assessment needs the Neurology or Nursing role.")
    assert refusal.buttons == (WRITE_ANYWAY, CANCEL) and "still in the form" in refusal.detail
    assert assessments(db) == 0
    assert tab.alsfrs_form.total_text() == "34 / 48" and tab.alsfrs_dirty()  # the input is kept

    # Written anyway: the same scores are saved under the dietitian's name, flagged for review.
    answers.replies = [WRITE_ANYWAY]
    seen: list[str] = []
    answer_reason_dialog(qtbot, window, seen)
    qtbot.mouseClick(tab.save_alsfrs_button, Qt.MouseButton.LeftButton)
    assert seen and "Give the reason" in seen[0]
    assert len(answers.seen) == 2  # the refusal again, and no other message
    with db.reading() as session:
        [row] = session.scalars(select(AlsfrsAssessment)).all()
        [event] = audit.entries(session, AuditFilter(break_glass_only=True))
    assert (row.created_by, row.speech, row.respiratory_insufficiency) == ("dietitian.holm", 4, 3)
    assert (event.actor, event.mrn) == ("dietitian.holm", patient.mrn)
    assert event.detail.startswith(f"Reason: {REASON} — written without the role: recorded ALSFRS-R assessment")
    qtbot.waitUntil(lambda: not tab.alsfrs_dirty(), timeout=3000)
    assert tab.history.index(0, 1).data() == "34"

    # The next save is checked again: writing anyway was for that one save only.
    walking = tab.alsfrs_form.items["walking"]
    walking.setFocus()
    qtbot.keyClicks(walking, "1")
    answers.replies = [CANCEL]
    qtbot.mouseClick(tab.save_alsfrs_button, Qt.MouseButton.LeftButton)
    assert answers.seen[-1].text.startswith("Changing an ALSFRS-R assessment needs the Neurology or Nursing role.")
    assert tab.alsfrs_form.scores()["walking"] == 1

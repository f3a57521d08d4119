"""The history dialog on a real window and database: every version of an entry newest first,
restoring a voided entry with a reason (itself then in the history), the refusal when the visit
already has a live assessment of that kind, "History…" beside a record table, and a patient's
whole history, from which a voided visit can be restored."""

from __future__ import annotations

import uuid
from datetime import date

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import select

from als_desktop.db import Database
from als_desktop.models import AlsfrsAssessment, Patient, Visit, WeightMeasurement
from als_desktop.models.history import ChangeEntry
from als_desktop.services import nutrition, queries, records, visits
from als_desktop.views.history_dialog import HistoryDialog, open_history
from als_desktop.views.table import Column, RecordTableModel, history_button, record_table

SETUP = "setup.clinician"
VISIT_DAY = date(2024, 3, 4)


@pytest.fixture(autouse=True)
def workstation(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ALS_DESKTOP_WORKSTATION", "CLINIC-PC-3")


@pytest.fixture
def visit(db: Database, patient: Patient) -> Visit:
    with db.transaction() as session:
        return visits.create_visit(session, patient.id, {"visit_date": VISIT_DAY}, SETUP)


@pytest.fixture
def voided_weight(db: Database, visit: Visit) -> uuid.UUID:
    """A weight recorded, corrected, then voided by three people."""
    with db.transaction() as session:
        weight = nutrition.record_weight(session, visit.id, 72.0, "nurse.a")
    with db.transaction() as session:
        nutrition.correct_weight(session, weight.id, 1, 70.5, "dietitian.b")
    with db.transaction() as session:
        records.void_row(session, WeightMeasurement, weight.id, 2, "Weighed in his coat", "nurse.c")
    return weight.id


def cells(dialog: HistoryDialog, row: int) -> dict[str, str]:
    model = dialog.model
    return {model.headerData(column, Qt.Orientation.Horizontal): model.data(model.index(row, column))
            for column in range(model.columnCount())}


def stored(db: Database, model: type, row_id: uuid.UUID):  # noqa: ANN201
    with db.reading() as session:
        return session.get(model, row_id)


def history_of(db: Database, row_id: uuid.UUID) -> list[ChangeEntry]:
    with db.reading() as session:
        return list(session.scalars(select(ChangeEntry).where(ChangeEntry.row_id == row_id)
                                    .order_by(ChangeEntry.seq.desc())))


def test_the_dialog_lists_every_version_newest_first(open_window, db_path, voided_weight) -> None:  # noqa: ANN001
    window = open_window(db_path)
    dialog = open_history(window, row_id=voided_weight)
    assert window.current_dialog is dialog and dialog.isVisible()
    assert dialog.windowTitle() == "History — Weight of the visit of 04 Mar 2024"
    assert dialog.status.text() == "Voided by nurse.c: Weighed in his coat"
    assert dialog.model.rowCount() == 3
    voided, changed, created = (cells(dialog, row) for row in range(3))
    assert (voided["What"], voided["Who"], voided["Workstation"], voided["Reason"]) == (
        "Voided", "nurse.c", "CLINIC-PC-3", "Weighed in his coat")
    assert (changed["What"], changed["Who"], changed["Changes"], changed["Version"]) == (
        "Changed", "dietitian.b", "Weight: 72 kg → 70.5 kg", "1 → 2")
    assert (created["What"], created["Who"], created["Changes"], created["Version"]) == (
        "Created", "nurse.a", "Weight: 72 kg", "1")
    assert dialog.restore_button.isVisible() and dialog.restore_button.isEnabled()


def test_restore_with_a_reason_makes_the_entry_count_again(open_window, db_path, db, voided_weight,  # noqa: ANN001
                                                           qtbot) -> None:
    window = open_window(db_path)
    dialog = open_history(window, row_id=voided_weight)
    dialog.restore_button.click()
    restore = dialog.restore_dialog
    assert restore is not None and restore.isVisible() and restore.windowTitle() == "Restore entry"
    assert "Voided by nurse.c: Weighed in his coat" in restore.findChild(type(dialog.status)).text()

    restore.save()  # no reason
    assert restore.isVisible() and "reason for restoring" in restore.form.error_text("restore_reason")
    assert stored(db, WeightMeasurement, voided_weight).is_voided

    restore.form.fields["restore_reason"].setText("The coat was off after all")
    restore.save()
    qtbot.waitUntil(lambda: not restore.isVisible())
    weight = stored(db, WeightMeasurement, voided_weight)
    assert not weight.is_voided and weight.version == 4 and weight.weight_kg == 70.5
    newest = history_of(db, voided_weight)[0]
    assert (newest.operation, newest.actor, newest.reason) == ("restore", window.author.name, "The coat was off after all")

    # The dialog shows the restore as the newest line, and there is nothing left to restore.
    assert dialog.isVisible() and dialog.model.rowCount() == 4
    assert (cells(dialog, 0)["What"], cells(dialog, 0)["Who"], cells(dialog, 0)["Reason"]) == (
        "Restored", window.author.name, "The coat was off after all")
    assert dialog.status.text() == "In the record (not voided)."
    assert not dialog.restore_button.isVisible()


def test_restoring_an_assessment_where_the_visit_has_a_live_one_says_so(open_window, db_path, db,  # noqa: ANN001
                                                                        visit) -> None:
    with db.transaction() as session:
        first = visits.record_on_visit(session, AlsfrsAssessment, visit.id, {"speech": 4}, "dr.a")
    with db.transaction() as session:
        records.void_row(session, AlsfrsAssessment, first.id, 1, "Scored on the wrong visit", "dr.a")
        visits.record_on_visit(session, AlsfrsAssessment, visit.id, {"speech": 2}, "dr.b")

    window = open_window(db_path)
    dialog = open_history(window, row_id=first.id)
    restore = dialog.ask_restore()
    restore.form.fields["restore_reason"].setText("It was the right visit")
    restore.save()
    assert restore.isVisible()
    message = restore.form.general_error.text()
    assert "This visit already has a live ALSFRS-R assessment (recorded by dr.b)" in message
    assert "void that one first" in message
    assert stored(db, AlsfrsAssessment, first.id).is_voided
    assert [entry.operation for entry in history_of(db, first.id)] == ["void", "create"]


def test_history_beside_a_record_table_opens_the_selected_row(open_window, db_path, db, patient,  # noqa: ANN001
                                                              voided_weight) -> None:
    window = open_window(db_path)
    with db.reading() as session:
        rows = queries.weights_of(session, patient.id, include_voided=True)
    model = RecordTableModel([Column("Weight", lambda row: str(row.value))], window)
    table = record_table(model, "Weights", window)
    button = history_button(table, window, window, "weight")
    model.set_rows(rows)
    assert button.text() == "History…" and not button.isEnabled()
    [action] = [action for action in table.actions() if action.text() == "History…"]
    assert table.contextMenuPolicy() == Qt.ContextMenuPolicy.ActionsContextMenu and not action.isEnabled()

    table.selectRow(0)
    assert button.isEnabled() and action.isEnabled()
    button.click()
    dialog = window.current_dialog
    assert isinstance(dialog, HistoryDialog) and dialog.row_id == voided_weight
    dialog.reject()
    action.trigger()
    assert isinstance(window.current_dialog, HistoryDialog) and window.current_dialog.row_id == voided_weight

    model.set_rows([])  # the table read again: nothing selected
    assert not button.isEnabled() and not action.isEnabled()


def test_a_patients_history_restores_a_voided_visit(open_window, db_path, db, patient, visit,  # noqa: ANN001
                                                    voided_weight, qtbot) -> None:
    with db.transaction() as session:
        visits.void_visit(session, visit.id, 1, "Booked on the wrong day", "clerk.v")
    window = open_window(db_path)
    dialog = open_history(window, patient_id=patient.id)
    assert dialog.windowTitle() == "History — EXAMPLE, Alex (MRN-0001)"
    whats = [cells(dialog, row)["What"] for row in range(dialog.model.rowCount())]
    assert whats[:2] == ["Voided: visit of 04 Mar 2024 (Main clinic)", "Voided: weight of the visit of 04 Mar 2024"]
    assert whats[-1] == "Created: patient record of EXAMPLE, Alex (MRN-0001)"
    assert dialog.restore_button.isVisible() and not dialog.restore_button.isEnabled()

    dialog.table.selectRow(len(whats) - 1)  # the patient record: not voided
    assert not dialog.restore_button.isEnabled()
    dialog.table.selectRow(0)
    assert dialog.restore_button.isEnabled()
    restore = dialog.ask_restore()
    intro = restore.findChild(type(dialog.status)).text()
    assert intro.startswith("Visit of 04 Mar 2024 (Main clinic).\nVoided by clerk.v: Booked on the wrong day")
    restore.form.fields["restore_reason"].setText("It was the right day")
    restore.save()
    qtbot.waitUntil(lambda: not restore.isVisible())
    assert not stored(db, Visit, visit.id).is_voided
    assert cells(dialog, 0)["What"] == "Restored: visit of 04 Mar 2024 (Main clinic)"
    assert stored(db, WeightMeasurement, voided_weight).is_voided  # only what was chosen

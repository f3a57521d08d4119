"""File ▸ Import patient record…: the outcome shown, conflicts side by side, and the user's choice."""

from __future__ import annotations

import json
import uuid
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import func, select

from als_desktop.config import sqlite_url
from als_desktop.db import Database, open_database
from als_desktop.models import Patient, Visit
from als_desktop.models.history import ChangeEntry
from als_desktop.services import patients, visits
from als_desktop.services.exchange import export_patient
from als_desktop.views.import_dialog import COLUMNS, ImportDialog, open_import_dialog

COLLEAGUE = "nurse.ward"
LAPTOP = "dietitian.outreach"
VISIT_DAY = date(2024, 3, 12)
LEFT = Qt.MouseButton.LeftButton


def register(db: Database, mrn: str = "MRN-2001") -> tuple[uuid.UUID, uuid.UUID]:
    with db.transaction() as session:
        patient = patients.create_patient(session, {
            "mrn": mrn, "given_name": "Robin", "family_name": "Imported", "date_of_birth": date(1958, 7, 14),
            "sex": "male"}, "setup.clinician")
        visit = visits.create_visit(session, patient.id, {"visit_date": VISIT_DAY, "notes": "First visit."},
                                    "setup.clinician")
        return patient.id, visit.id


def write_export(db: Database, mrn: str, path: Path, edit: Any = None) -> Path:
    with db.reading() as session:
        document = export_patient(session, mrn)
    if edit is not None:
        edit(document)
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def laptop_notes(document: dict) -> None:
    visit = document["patient"]["visits"][0]
    visit.update(notes="Walked in with a stick.", version=visit["version"] + 1, updated_by=LAPTOP,
                 updated_at="2024-03-20T14:05:00+00:00")


def history_count(db: Database) -> int:
    """Changes to the record (an import that went through is also an audit event: not counted)."""
    with db.reading() as session:
        return session.scalar(select(func.count()).select_from(ChangeEntry).where(ChangeEntry.operation != "event"))


def stored_visit(db: Database, visit_id: uuid.UUID) -> Visit:
    with db.reading() as session:
        return session.get(Visit, visit_id)


def wait_for_outcome(qtbot, dialog: ImportDialog) -> None:
    qtbot.waitUntil(lambda: not dialog.is_busy and dialog.outcome.text() != "Importing…", timeout=10000)


@pytest.fixture
def window(open_window, db_path, db):
    return open_window(db_path)


@pytest.fixture
def conflicting(db: Database, tmp_path: Path) -> tuple[uuid.UUID, Path]:
    """A file whose visit notes were edited on a laptop, while a colleague edited them here."""
    _patient_id, visit_id = register(db)
    path = write_export(db, "MRN-2001", tmp_path / "robin.json", laptop_notes)
    with db.transaction() as session:
        visits.update_visit(session, visit_id, 1, {"notes": "Came with daughter."}, COLLEAGUE)
    return visit_id, path


def test_the_file_menu_offers_the_import(window) -> None:
    file_menu = window.menuBar().actions()[0].menu()
    assert window.import_action in file_menu.actions()
    assert window.import_action.text() == "&Import patient record…"


def test_a_new_patients_file_is_imported_and_listed(qtbot, window, tmp_path: Path) -> None:
    elsewhere = open_database(sqlite_url(tmp_path / "outreach.sqlite"))
    try:
        patient_id, _visit_id = register(elsewhere, "MRN-3003")
        path = write_export(elsewhere, "MRN-3003", tmp_path / "robin.json")
    finally:
        elsewhere.close()

    dialog = open_import_dialog(window, path)
    assert window.current_dialog is dialog  # the window keeps running meanwhile
    wait_for_outcome(qtbot, dialog)

    assert dialog.outcome.text().startswith("Created patient MRN-3003 (IMPORTED, Robin): 2 records added.")
    assert dialog.result is not None and dialog.result.patient_id == patient_id
    assert not dialog.conflicts.isVisible() and not dialog.keep_button.isVisible()
    assert dialog.close_button.text() == "Close"
    qtbot.waitUntil(lambda: window.patient_list.model.row_of(patient_id) is not None, timeout=10000)


def test_conflicts_are_shown_side_by_side_and_nothing_is_written_until_chosen(
    qtbot, window, db: Database, conflicting
) -> None:
    visit_id, path = conflicting
    entries = history_count(db)

    dialog = open_import_dialog(window, path)
    wait_for_outcome(qtbot, dialog)

    assert dialog.conflicts.isVisible()
    assert [dialog.conflicts.horizontalHeaderItem(c).text() for c in range(len(COLUMNS))] == [
        "Record", "Field", "In the clinic", "In the file", "Changed here by"]
    changed_at = stored_visit(db, visit_id).updated_at.astimezone()
    assert dialog.conflict_rows() == [(f"visit of {VISIT_DAY:%d %b %Y}", "Notes", "Came with daughter.",
                                       "Walked in with a stick.", f"{COLLEAGUE}, {changed_at:%d %b %Y %H:%M}")]
    assert "changed both in this file and here" in dialog.outcome.text()
    assert dialog.keep_button.isVisible() and dialog.take_button.isVisible()
    assert dialog.close_button.text() == "Cancel"
    assert history_count(db) == entries
    assert stored_visit(db, visit_id).notes == "Came with daughter."


def test_take_the_files_values_records_a_change_by_the_user(qtbot, window, db: Database, conflicting) -> None:
    visit_id, path = conflicting
    dialog = open_import_dialog(window, path)
    wait_for_outcome(qtbot, dialog)

    qtbot.mouseClick(dialog.take_button, LEFT)
    wait_for_outcome(qtbot, dialog)

    visit = stored_visit(db, visit_id)
    assert (visit.notes, visit.version, visit.updated_by, visit.created_by) == (
        "Walked in with a stick.", 3, window.author.name, "setup.clinician")
    assert "the file's values were taken" in dialog.outcome.text()
    assert not dialog.conflicts.isVisible() and not dialog.take_button.isVisible()


def test_keep_the_clinics_values_writes_nothing_of_those_records(qtbot, window, db: Database, conflicting) -> None:
    visit_id, path = conflicting
    entries = history_count(db)
    dialog = open_import_dialog(window, path)
    wait_for_outcome(qtbot, dialog)

    qtbot.mouseClick(dialog.keep_button, LEFT)
    wait_for_outcome(qtbot, dialog)

    visit = stored_visit(db, visit_id)
    assert (visit.notes, visit.version, visit.updated_by) == ("Came with daughter.", 2, COLLEAGUE)
    assert history_count(db) == entries
    assert "the clinic's values were kept" in dialog.outcome.text()


def test_cancel_leaves_the_record_as_it_was(qtbot, window, db: Database, conflicting) -> None:
    visit_id, path = conflicting
    entries = history_count(db)
    dialog = open_import_dialog(window, path)
    wait_for_outcome(qtbot, dialog)

    qtbot.mouseClick(dialog.close_button, LEFT)

    assert not dialog.isVisible() and window.current_dialog is None
    assert history_count(db) == entries
    assert stored_visit(db, visit_id).notes == "Came with daughter."


def test_an_invalid_file_is_refused_with_its_problems(qtbot, window, db: Database, tmp_path: Path) -> None:
    register(db)

    def spoil(document: dict) -> None:
        document["patient"]["visits"][0]["site"] = None
        document["patient"]["onset_region"] = "elbow"

    path = write_export(db, "MRN-2001", tmp_path / "bad.json", spoil)
    dialog = open_import_dialog(window, path)
    wait_for_outcome(qtbot, dialog)

    text = dialog.outcome.text()
    assert text.startswith("The file was not imported: 2 problems found. Nothing was changed.")
    assert "patient.onset_region: Onset region: 'elbow' is not one of the recorded choices." in text
    assert "patient.visits[0].site: Site is required." in text
    with db.reading() as session:
        assert session.scalar(select(func.count()).select_from(Patient)) == 1

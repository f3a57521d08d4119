"""Saves made in the window are in the change history with the user and the workstation, and the
patient header's History… lists them."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from als_desktop.services import visits
from als_desktop.services.history import patient_history
from als_desktop.views.history_dialog import HistoryDialog

VISIT_DAY = date(2024, 1, 10)


@pytest.fixture(autouse=True)
def workstation(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ALS_DESKTOP_WORKSTATION", "CLINIC-PC-7")


def test_a_weight_recorded_and_corrected_in_the_window_is_in_the_history(
        open_window, db_path, db, patient, qtbot) -> None:  # noqa: ANN001
    with db.transaction() as session:
        visits.create_visit(session, patient.id, {"visit_date": VISIT_DAY}, "setup")
    window = open_window(db_path)
    window.patient_list.select(patient.id)
    tab = window.tabs.show_tab("Nutrition")
    qtbot.keyClicks(tab.weight.input.edit, "56.5")
    qtbot.mouseClick(tab.weight.record_button, Qt.MouseButton.LeftButton)

    with db.reading() as session:
        newest = patient_history(session, patient.id).entries[0]
    assert (newest.operation, newest.kind, newest.actor, newest.workstation) == (
        "create", "weight", "gui.clinician", "CLINIC-PC-7")
    assert [change.text for change in newest.changes if change.field == "weight_kg"] == ["Weight: 56.5 kg"]

    # The header's History… opens the patient's whole history, newest first.
    [button] = [b for b in window.header.findChildren(QPushButton) if b.text() == "History…"]
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    dialog = qtbot.waitUntil(lambda: window.findChild(HistoryDialog) is not None) or window.findChild(HistoryDialog)
    assert dialog is not None and dialog.isVisible()
    first_row = [dialog.model.data(dialog.model.index(0, column)) for column in range(dialog.model.columnCount())]
    assert "gui.clinician" in first_row and "CLINIC-PC-7" in first_row
    assert any("56.5 kg" in str(cell) for cell in first_row)
    dialog.close()

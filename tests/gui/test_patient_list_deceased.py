"""The patient list shows the living; "Show deceased" lists the patients who have died too, and
a search that finds only hidden deceased patients says so."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from clinic_builders import add_patient
from PySide6.QtCore import Qt

from als_desktop.config import sqlite_url
from als_desktop.db import open_database
from als_desktop.services import demo

DEMO_DAY = date(2025, 6, 4)


@pytest.fixture
def clinic(db_path: Path) -> dict[str, object]:
    """Three living patients and two who have died (one sharing a family name with the living)."""
    database = open_database(sqlite_url(db_path))
    try:
        ids = {
            "A-100": add_patient(database, "A-100", "Ada", "Smith"),
            "B-200": add_patient(database, "B-200", "Ben", "Brown"),
            "C-300": add_patient(database, "C-300", "Cy", "Clark"),
            "D-400": add_patient(database, "D-400", "Dan", "Smith", date_of_death=date(2024, 2, 1)),
            "E-500": add_patient(database, "E-500", "Eve", "Evans", date_of_death=date(2024, 3, 1)),
        }
    finally:
        database.close()
    return ids


def test_deceased_are_hidden_by_default(open_window, db_path, clinic):
    panel = open_window(db_path).patient_list
    assert sorted(panel.visible_mrns()) == ["A-100", "B-200", "C-300"]
    assert panel.count_label.text() == "3 patients (2 deceased hidden)"
    assert not panel.show_deceased.isChecked()
    assert panel.show_deceased.isVisible()
    assert panel.show_deceased.accessibleName() == "Show deceased patients"


def test_ticking_show_deceased_lists_them_and_unticking_hides_them(open_window, db_path, clinic, qtbot):
    panel = open_window(db_path).patient_list
    qtbot.mouseClick(panel.show_deceased, Qt.MouseButton.LeftButton)
    assert panel.show_deceased.isChecked()
    assert sorted(panel.visible_mrns()) == ["A-100", "B-200", "C-300", "D-400", "E-500"]
    assert panel.count_label.text() == "5 patients"
    # The deceased are marked in the list.
    names = {panel.proxy.index(r, 0).data(): panel.proxy.index(r, 1).data() for r in range(panel.proxy.rowCount())}
    assert names["E-500"].endswith("†") and not names["A-100"].endswith("†")

    panel.show_deceased.setFocus()
    qtbot.keyClick(panel.show_deceased, Qt.Key.Key_Space)
    assert not panel.show_deceased.isChecked()
    assert sorted(panel.visible_mrns()) == ["A-100", "B-200", "C-300"]
    assert panel.count_label.text() == "3 patients (2 deceased hidden)"


def test_a_search_finding_only_a_hidden_deceased_patient_says_so(open_window, db_path, clinic, qtbot):
    window = open_window(db_path)
    panel = window.patient_list
    qtbot.keyClicks(panel.search, "E-500")
    assert panel.visible_mrns() == []
    assert panel.count_label.text() == "1 deceased match hidden — tick Show deceased"

    qtbot.mouseClick(panel.show_deceased, Qt.MouseButton.LeftButton)
    assert panel.visible_mrns() == ["E-500"]
    assert panel.count_label.text() == "1 of 5 patients shown"
    # The one match is opened, as when typing the MRN of a living patient.
    assert panel.current_id() == clinic["E-500"]
    assert window.header.deceased.isVisible()


def test_a_search_with_living_and_deceased_matches_counts_both(open_window, db_path, clinic, qtbot):
    panel = open_window(db_path).patient_list
    qtbot.keyClicks(panel.search, "smith")
    assert panel.visible_mrns() == ["A-100"]
    assert panel.count_label.text() == "1 of 3 patients shown; 1 deceased match hidden — tick Show deceased"
    qtbot.mouseClick(panel.show_deceased, Qt.MouseButton.LeftButton)
    assert sorted(panel.visible_mrns()) == ["A-100", "D-400"]
    assert panel.count_label.text() == "2 of 5 patients shown"


def test_hiding_the_deceased_keeps_the_patient_on_screen(open_window, db_path, clinic, qtbot):
    window = open_window(db_path)
    panel = window.patient_list
    qtbot.mouseClick(panel.show_deceased, Qt.MouseButton.LeftButton)
    assert panel.select(clinic["D-400"])
    assert window.patient is not None and window.patient.id == clinic["D-400"]

    qtbot.mouseClick(panel.show_deceased, Qt.MouseButton.LeftButton)
    assert "D-400" not in panel.visible_mrns()
    # Leaving the deceased out of the list does not change the patient being read.
    assert window.patient is not None and window.patient.id == clinic["D-400"]


def test_choosing_a_hidden_deceased_patient_lists_the_deceased(open_window, db_path, clinic):
    """E.g. a patient whose death has just been recorded stays on screen."""
    window = open_window(db_path)
    panel = window.patient_list
    assert panel.select(clinic["E-500"])
    assert panel.show_deceased.isChecked()
    assert panel.current_id() == clinic["E-500"]
    assert window.patient is not None and window.patient.id == clinic["E-500"]


def test_the_demo_clinic_opens_on_the_living_with_a_clinic_day(open_window, tmp_path, qtbot):
    path = tmp_path / "demo.sqlite"
    database = open_database(sqlite_url(path))
    try:
        demo.populate(database, 40, seed=1, today=DEMO_DAY)
    finally:
        database.close()
    window = open_window(path, today=DEMO_DAY)
    panel = window.patient_list
    rows = panel.model.rows
    dead = sum(row.deceased for row in rows)
    assert 0 < dead < len(rows)
    assert len(panel.visible_mrns()) == len(rows) - dead
    assert panel.count_label.text() == f"{len(rows) - dead} patients ({dead} deceased hidden)"

    view = window.open_clinic_day()
    assert view.chosen_day() == DEMO_DAY
    assert view.proxy.rowCount() == demo.clinic_day_size(len(rows) - dead) >= 1


def test_tab_goes_from_the_search_to_show_deceased_to_the_list(open_window, db_path, clinic, qtbot):
    window = open_window(db_path)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    panel = window.patient_list
    panel.search.setFocus()
    qtbot.keyClick(panel.search, Qt.Key.Key_Tab)
    assert panel.show_deceased.hasFocus()
    qtbot.keyClick(panel.show_deceased, Qt.Key.Key_Tab)
    assert panel.table.hasFocus()

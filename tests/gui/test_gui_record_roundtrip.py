"""A clinic user's first day: register a patient, a visit, a weight and an FVC, reopen, find them."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import QPoint, Qt
from sqlalchemy import func, select

from als_desktop.config import sqlite_url
from als_desktop.db import open_database
from als_desktop.models import Patient, RespiratoryAssessment, Visit, WeightMeasurement

from gui_helpers import fill_new_patient, make_visit, record_value


def count(path, model) -> int:  # noqa: ANN001
    database = open_database(sqlite_url(path), migrate=False)
    try:
        with database.reading() as session:
            return session.scalar(select(func.count()).select_from(model))
    finally:
        database.close()


def test_first_start_shows_welcome_then_record_survives_a_restart(open_window, db_path, qtbot):
    window = open_window(db_path)
    assert window.pages.currentWidget() is window.welcome
    assert window.welcome.new_patient_button.isVisible()
    assert window.welcome.demo_button.isVisible()

    qtbot.mouseClick(window.welcome.new_patient_button, Qt.MouseButton.LeftButton)
    dialog = window.current_dialog
    fill_new_patient(qtbot, dialog, mrn="MRN-4242", given="Robin", family="Tester",
                     born=date(1958, 6, 3), onset=date(2023, 2, 1))
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    assert window.current_dialog is None
    assert window.pages.currentWidget() is window.splitter
    assert window.patient_list.visible_mrns() == ["MRN-4242"]
    assert window.header.name.text() == "TESTER, Robin"
    assert window.header.facts.text("MRN") == "MRN-4242"

    visit_date = date.today() - timedelta(days=3)
    make_visit(qtbot, window, visit_date, site="Northtown outreach")
    assert window.visit_choice.currentText() == f"{visit_date:%d %b %Y} — Northtown outreach"

    nutrition = window.tabs.show_tab("Nutrition")
    record_value(qtbot, nutrition.weight, "71.5")
    assert nutrition.weight.form.error_text("weight_kg") == ""
    pulmonary = window.tabs.show_tab("Pulmonary")
    record_value(qtbot, pulmonary.fvc, "78")
    window.close()

    again = open_window(db_path)
    assert again.pages.currentWidget() is again.splitter
    qtbot.keyClicks(again.patient_list.search, "4242")
    assert again.patient_list.visible_mrns() == ["MRN-4242"]
    assert again.header.facts.text("MRN") == "MRN-4242"
    assert again.visit_choice.currentText().startswith(f"{visit_date:%d %b %Y}")
    weights = again.tabs.show_tab("Nutrition").weight.model
    assert weights.rowCount() == 1
    assert weights.index(0, 1).data() == "71.5"
    assert weights.index(0, 2).data() == "gui.clinician"
    fvcs = again.tabs.show_tab("Pulmonary").fvc.model
    assert fvcs.rowCount() == 1
    assert fvcs.index(0, 1).data() == "78"
    overview = again.tabs.show_tab("Overview")
    assert overview.latest.text("Latest weight").startswith("71.5 kg")
    assert overview.latest.text("Latest FVC sitting").startswith("78.0 % predicted")


def test_header_shows_key_facts_with_labels_not_codes(open_window, db_path, patient):
    window = open_window(db_path, today=date(2024, 1, 15))
    window.patient_list.select(patient.id)
    facts = window.header.facts
    assert facts.text("Sex") == "Female"
    assert facts.text("Onset region") == "Bulbar"
    assert facts.text("Age") == "62 years"
    # 2023-01-15 to 2024-01-15 is 365 days = 11.99 months of 30.4375 days.
    assert facts.text("Disease duration") == "12.0 months since onset"
    assert not window.header.deceased.isVisible()


def test_invalid_weight_and_fvc_are_shown_at_the_field_and_not_saved(open_window, db_path, patient, qtbot):
    window = open_window(db_path)
    window.patient_list.select(patient.id)
    make_visit(qtbot, window, date.today())

    nutrition = window.tabs.show_tab("Nutrition").weight
    record_value(qtbot, nutrition, "900")
    assert "between 20 and 300 kg" in nutrition.form.error_text("weight_kg")
    assert nutrition.input.text() == "900"  # the input stays for correction
    record_value(qtbot, nutrition, "seventy", clear=True)
    assert "must be a number" in nutrition.form.error_text("weight_kg")

    pulmonary = window.tabs.show_tab("Pulmonary").fvc
    record_value(qtbot, pulmonary, "-3")
    assert "between 0 and 200" in pulmonary.form.error_text("fvc_percent_sitting")
    record_value(qtbot, pulmonary, "", clear=True)
    # A visit may record only the NIV status, so an empty FVC alone is fine; an empty form is not.
    assert "Enter at least one value" in pulmonary.form.general_error.text()

    assert count(db_path, WeightMeasurement) == 0
    assert count(db_path, RespiratoryAssessment) == 0

    record_value(qtbot, nutrition, "68", clear=True)
    assert nutrition.form.error_text("weight_kg") == ""
    assert count(db_path, WeightMeasurement) == 1


def test_visit_before_birth_is_refused_at_the_date_field(open_window, db_path, patient, qtbot):
    window = open_window(db_path)
    window.patient_list.select(patient.id)
    dialog = window.new_visit()
    dialog.form.fields["visit_date"].set_value(date(1950, 1, 1))
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert window.current_dialog is dialog and dialog.isVisible()
    assert "cannot be before the date of birth" in dialog.form.error_text("visit_date")
    assert count(db_path, Visit) == 0


def test_duplicate_mrn_is_refused_at_the_mrn_field(open_window, db_path, patient, qtbot):
    window = open_window(db_path)
    dialog = window.new_patient()
    fill_new_patient(qtbot, dialog, mrn=patient.mrn, given="Other", family="Person", born=date(1970, 1, 1))
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert "already belongs to EXAMPLE, Alex" in dialog.form.error_text("mrn")
    assert count(db_path, Patient) == 1


def test_missing_required_fields_are_each_named(open_window, db_path, qtbot):
    window = open_window(db_path)
    dialog = window.new_patient()
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert dialog.form.error_text("mrn") == "MRN is required."
    assert dialog.form.error_text("family_name") == "Family name is required."
    assert dialog.form.error_text("date_of_birth") == "Date of birth is required."
    assert count(db_path, Patient) == 0


def test_search_filters_the_list_as_you_type(open_window, db_path, db, qtbot):
    from als_desktop.services import patients

    with db.transaction() as session:
        for mrn, given, family in (("A-100", "Ana", "Silva"), ("B-200", "Ben", "Silverman"), ("C-300", "Cy", "Young")):
            patients.create_patient(session, {"mrn": mrn, "given_name": given, "family_name": family,
                                              "date_of_birth": date(1960, 1, 1)}, "setup")
    window = open_window(db_path)
    search = window.patient_list.search
    assert sorted(window.patient_list.visible_mrns()) == ["A-100", "B-200", "C-300"]
    qtbot.keyClicks(search, "sil")
    assert sorted(window.patient_list.visible_mrns()) == ["A-100", "B-200"]
    qtbot.keyClicks(search, "ver")
    assert window.patient_list.visible_mrns() == ["B-200"]
    assert window.header.facts.text("MRN") == "B-200"  # the one match is shown
    search.clear()
    qtbot.keyClicks(search, "c-3")
    assert window.patient_list.visible_mrns() == ["C-300"]
    search.clear()
    qtbot.keyClicks(search, "ben silver")
    assert window.patient_list.visible_mrns() == ["B-200"]
    assert window.patient_list.count_label.text() == "1 of 3 patients shown"


def test_list_sorts_by_each_column(open_window, db_path, db, qtbot):
    from als_desktop.services import patients

    with db.transaction() as session:
        for mrn, family, born in (("Z-1", "Adams", date(1980, 1, 1)), ("A-2", "Zhou", date(1950, 1, 1))):
            patients.create_patient(session, {"mrn": mrn, "given_name": "X", "family_name": family,
                                              "date_of_birth": born}, "setup")
    window = open_window(db_path)
    header = window.patient_list.table.horizontalHeader()
    assert window.patient_list.visible_mrns() == ["Z-1", "A-2"]  # by name at first

    def click(column: int) -> list[str]:
        x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
        qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, header.height() // 2))
        shown = window.patient_list.visible_mrns()
        descending = header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
        return shown if not descending else shown[::-1]

    assert click(0) == ["A-2", "Z-1"]  # MRN
    assert click(0) == ["A-2", "Z-1"]  # the other way round, same order once reversed
    assert click(1) == ["Z-1", "A-2"]  # name
    assert click(2) == ["A-2", "Z-1"]  # date of birth
    assert click(3) in (["Z-1", "A-2"], ["A-2", "Z-1"])  # no visits: both empty, no crash

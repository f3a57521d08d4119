"""Palliative tab: the review on the visit, advance care planning grid and hospice, driven
through the widgets on a real database file."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import Qt
from sqlalchemy import func, select

from als_desktop.config import sqlite_url
from als_desktop.db import open_database
from als_desktop.models import CarePlanningDecision, Intervention, PalliativeReview
from als_desktop.services import patient_records

from gui_helpers import make_visit

OTHER = "other.workstation"


def rows(path, model) -> list:  # noqa: ANN001
    database = open_database(sqlite_url(path), migrate=False)
    try:
        with database.reading() as session:
            found = session.scalars(select(model)).all()
            session.expunge_all()
            return found
    finally:
        database.close()


def count(path, model) -> int:  # noqa: ANN001
    database = open_database(sqlite_url(path), migrate=False)
    try:
        with database.reading() as session:
            return session.scalar(select(func.count()).select_from(model))
    finally:
        database.close()


def click(qtbot, button) -> None:  # noqa: ANN001
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def palliative_tab(window, patient):  # noqa: ANN001, ANN201
    window.patient_list.select(patient.id)
    return window.tabs.show_tab("Palliative")


# ---------------------------------------------------------------- advance care planning


def test_every_topic_starts_as_not_yet_discussed(open_window, db_path, patient):
    tab = palliative_tab(open_window(db_path), patient)
    grid = tab.care_planning
    for topic in ("resuscitation", "ventilatory_support", "nutrition_hydration", "place_of_death"):
        assert grid.cells[topic]["decision"].text() == "Not yet discussed"
        assert grid.buttons[topic].text() == "Record…"
    assert "Not yet discussed: resuscitation status, ventilatory support" in grid.summary.text()


def test_decision_recorded_through_the_grid_is_there_after_reopening(open_window, db_path, patient, qtbot):
    window = open_window(db_path)
    grid = palliative_tab(window, patient).care_planning
    click(qtbot, grid.buttons["resuscitation"])
    dialog = window.current_dialog
    fields = dialog.form.fields
    qtbot.keyClicks(fields["decision"], "Do not attempt CPR")
    fields["discussed_on"].set_value(date.today() - timedelta(days=2))
    fields["document"].setCurrentText("ReSPECT form")
    qtbot.keyClicks(fields["proxy_name"], "Sam Example (spouse)")
    click(qtbot, dialog.save_button)
    assert window.current_dialog is None, dialog.form.errors

    assert grid.cells["resuscitation"]["decision"].text() == "Do not attempt CPR"
    assert grid.buttons["resuscitation"].text() == "Edit…"
    window.close()

    again = palliative_tab(open_window(db_path), patient).care_planning
    cells = again.cells["resuscitation"]
    assert cells["decision"].text() == "Do not attempt CPR"
    assert cells["discussed_on"].text() == f"{date.today() - timedelta(days=2):%d %b %Y}"
    assert cells["document"].text() == "ReSPECT form"
    assert cells["proxy_name"].text() == "Sam Example (spouse)"
    assert again.cells["place_of_death"]["decision"].text() == "Not yet discussed"
    assert "resuscitation" not in again.summary.text().lower()
    stored = rows(db_path, CarePlanningDecision)
    assert [(r.topic, r.created_by) for r in stored] == [("resuscitation", "gui.clinician")]


def test_decision_without_text_or_with_a_future_date_is_refused_at_the_field(open_window, db_path, patient, qtbot):
    window = open_window(db_path)
    grid = palliative_tab(window, patient).care_planning
    click(qtbot, grid.buttons["place_of_death"])
    dialog = window.current_dialog
    click(qtbot, dialog.save_button)
    assert dialog.isVisible()
    assert "Enter the decision" in dialog.form.error_text("decision")

    qtbot.keyClicks(dialog.form.fields["decision"], "Home")
    dialog.form.fields["discussed_on"].set_value(date.today() + timedelta(days=5))
    click(qtbot, dialog.save_button)
    assert dialog.isVisible()
    assert "future" in dialog.form.error_text("discussed_on")
    assert count(db_path, CarePlanningDecision) == 0


def test_editing_a_decision_changed_elsewhere_is_refused_and_the_user_told(
        open_window, db_path, db, patient, qtbot, answers):
    with db.transaction() as session:
        row = patient_records.record_for_patient(session, CarePlanningDecision, patient.id,
                                                 {"topic": "ventilatory_support", "decision": "NIV yes"}, OTHER)
        row_id = row.id
    window = open_window(db_path)
    grid = palliative_tab(window, patient).care_planning
    assert grid.cells["ventilatory_support"]["decision"].text() == "NIV yes"
    click(qtbot, grid.buttons["ventilatory_support"])
    dialog = window.current_dialog
    assert dialog.form.fields["decision"].text() == "NIV yes"

    with db.transaction() as session:
        patient_records.edit_patient_record(session, CarePlanningDecision, row_id, 1,
                                            {"decision": "NIV yes; no tracheostomy"}, OTHER)
    dialog.form.fields["decision"].setText("No ventilation")
    click(qtbot, dialog.save_button)

    assert window.current_dialog is None
    assert "was changed by other.workstation" in answers.texts()
    assert grid.cells["ventilatory_support"]["decision"].text() == "NIV yes; no tracheostomy"
    assert [r.decision for r in rows(db_path, CarePlanningDecision)] == ["NIV yes; no tracheostomy"]


def test_a_topic_recorded_meanwhile_elsewhere_is_not_recorded_twice(open_window, db_path, db, patient, qtbot, answers):
    window = open_window(db_path)
    grid = palliative_tab(window, patient).care_planning
    click(qtbot, grid.buttons["nutrition_hydration"])
    dialog = window.current_dialog
    with db.transaction() as session:
        patient_records.record_for_patient(session, CarePlanningDecision, patient.id,
                                           {"topic": "nutrition_hydration", "decision": "Gastrostomy accepted"}, OTHER)
    qtbot.keyClicks(dialog.form.fields["decision"], "No tube feeding")
    click(qtbot, dialog.save_button)

    assert window.current_dialog is None
    assert "was recorded by other.workstation" in answers.texts()
    assert grid.cells["nutrition_hydration"]["decision"].text() == "Gastrostomy accepted"
    assert count(db_path, CarePlanningDecision) == 1


# ---------------------------------------------------------------- hospice


def test_hospice_added_with_its_service_is_listed_after_reopening(open_window, db_path, patient, qtbot):
    window = open_window(db_path)
    tab = palliative_tab(window, patient)
    assert not tab.hospice.empty_label.isHidden()
    click(qtbot, tab.hospice.add_button)
    dialog = window.current_dialog
    qtbot.keyClicks(dialog.form.fields["detail"], "St Example Hospice")
    dialog.form.fields["started_on"].set_value(date.today() - timedelta(days=10))
    click(qtbot, dialog.save_button)
    assert window.current_dialog is None, dialog.form.errors
    window.close()

    again = palliative_tab(open_window(db_path), patient).hospice
    assert again.model.rowCount() == 1
    assert again.model.index(0, 0).data() == "St Example Hospice"
    assert again.model.index(0, 2).data() == "in place"
    stored = rows(db_path, Intervention)
    assert [(r.kind, r.detail) for r in stored] == [("hospice", "St Example Hospice")]
    assert count(db_path, PalliativeReview) == 0


# ---------------------------------------------------------------- the review on the visit


def choose(combo, label: str) -> None:  # noqa: ANN001
    index = combo.findText(label)
    assert index >= 0, label
    combo.setCurrentIndex(index)


def review_on_a_visit(open_window, db_path, patient, qtbot, day: date):  # noqa: ANN001, ANN201
    window = open_window(db_path)
    window.patient_list.select(patient.id)
    make_visit(qtbot, window, day)
    return window, window.tabs.show_tab("Palliative")


def test_review_entered_on_the_visit_is_there_after_reopening(open_window, db_path, patient, qtbot):
    day = date.today() - timedelta(days=1)
    window, tab = review_on_a_visit(open_window, db_path, patient, qtbot, day)
    fields = tab.review.fields
    fields["referral_date"].set_value(day - timedelta(days=30))
    choose(fields["pain"], "Mild")
    choose(fields["secretions"], "Severe")
    choose(fields["caregiver_support_offered"], "Yes")
    qtbot.keyClicks(fields["caregiver_support"], "Carer's assessment booked")
    click(qtbot, tab.review.save_button)
    assert tab.review.forms.general_error.text() == ""
    window.close()

    again = open_window(db_path)
    again.patient_list.select(patient.id)
    review = again.tabs.show_tab("Palliative").review
    assert review.model_.rowCount() == 1
    texts = [review.model_.index(0, c).data() for c in range(review.model_.columnCount())]
    # Visit, referred, pain, spasticity, mood, sleep, secretions, support offered.
    assert texts[:8] == [f"{day:%d %b %Y}", f"{day - timedelta(days=30):%d %b %Y}", "Mild", "—", "—", "—",
                         "Severe", "Yes"]
    (row,) = rows(db_path, PalliativeReview)
    assert (row.pain, row.spasticity, row.secretions, row.caregiver_support_offered) == ("mild", None, "severe", True)
    assert row.caregiver_support == "Carer's assessment booked"


def test_a_new_review_starts_from_the_referral_date_already_recorded(open_window, db_path, patient, qtbot):
    referred = date.today() - timedelta(days=90)
    window, tab = review_on_a_visit(open_window, db_path, patient, qtbot, date.today() - timedelta(days=60))
    tab.review.fields["referral_date"].set_value(referred)
    choose(tab.review.fields["mood"], "Moderate")
    assert tab.save_current() is True
    make_visit(qtbot, window, date.today())
    tab = window.tabs.show_tab("Palliative")
    assert "new palliative care review" in tab.review.visit_label.text()
    assert tab.review.fields["referral_date"].value() == referred
    assert tab.review.fields["mood"].value() is None


def test_referral_in_the_future_is_refused_at_the_field(open_window, db_path, patient, qtbot):
    window, tab = review_on_a_visit(open_window, db_path, patient, qtbot, date.today())
    tab.review.fields["referral_date"].set_value(date.today() + timedelta(days=7))
    choose(tab.review.fields["pain"], "None")
    click(qtbot, tab.review.save_button)
    assert "future" in tab.review.forms.error_text("referral_date")
    assert count(db_path, PalliativeReview) == 0


def test_stale_edit_of_a_review_is_refused_and_the_user_told(open_window, db, db_path, patient, qtbot, answers):
    from als_desktop.services import visits

    window, tab = review_on_a_visit(open_window, db_path, patient, qtbot, date.today())
    choose(tab.review.fields["sleep"], "Mild")
    click(qtbot, tab.review.save_button)
    (row,) = rows(db_path, PalliativeReview)
    with db.transaction() as session:
        visits.edit_record(session, PalliativeReview, row.id, row.version, {"sleep": "severe"}, OTHER)
    choose(tab.review.fields["sleep"], "None")
    click(qtbot, tab.review.save_button)
    assert "was changed by other.workstation" in answers.texts()
    assert [r.sleep for r in rows(db_path, PalliativeReview)] == ["severe"]
    assert tab.review.fields["sleep"].value() == "severe"

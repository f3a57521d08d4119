"""Pulmonary tab: the respiratory assessment on the visit (CO₂ in mmHg or kPa), NIV and cough
assist kept as interventions in the same save, driven through the widgets on a real file."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import func, select

from als_desktop.config import sqlite_url
from als_desktop.db import open_database
from als_desktop.models import Intervention, RespiratoryAssessment
from als_desktop.services import patient_records, visits
from als_desktop.views.tabs.pulmonary_fields import Co2Field, both_units

from gui_helpers import make_visit

OTHER = "other.workstation"
VISIT_DAY = date.today() - timedelta(days=1)


def stored(path, model) -> list:  # noqa: ANN001
    database = open_database(sqlite_url(path), migrate=False)
    try:
        with database.reading() as session:
            found = session.scalars(select(model).order_by(model.created_at)).all()
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


def type_into(qtbot, field, text: str) -> None:  # noqa: ANN001
    edit = field.edit
    edit.clear()
    qtbot.keyClicks(edit, text)


def choose(combo, label: str) -> None:  # noqa: ANN001
    index = combo.findText(label)
    assert index >= 0, label
    combo.setCurrentIndex(index)


def save(qtbot, tab) -> None:  # noqa: ANN001
    qtbot.mouseClick(tab.assessment.save_button, Qt.MouseButton.LeftButton)


def pulmonary_on_a_visit(open_window, db_path, patient, qtbot):  # noqa: ANN001, ANN201
    window = open_window(db_path)
    window.patient_list.select(patient.id)
    make_visit(qtbot, window, VISIT_DAY)
    return window, window.tabs.show_tab("Pulmonary")


def history_cell(tab, row: int, title: str) -> str:  # noqa: ANN001
    model = tab.assessment.model_
    column = next(i for i, c in enumerate(model.columns) if c.title == title)
    return model.index(row, column).data()


# ---------------------------------------------------------------- the CO₂ input


def test_co2_typed_in_kpa_is_stored_in_mmhg_and_shown_in_both_units(qtbot):
    field = Co2Field()
    qtbot.addWidget(field)
    qtbot.keyClicks(field.edit, "6")
    assert field.value() == 6.0  # mmHg unless kPa is chosen
    field.unit.setCurrentText("kPa")
    assert field.value() == pytest.approx(45.00372)
    assert field.shown.text() == "= 45.0 mmHg (6.00 kPa)"
    assert field.edit.accessibleName() == "CO₂ (kPa)"
    field.set_value(45.00372)
    assert field.edit.text() == "6.00"
    assert both_units(None) == "—"


def test_co2_out_of_range_in_kpa_is_explained_in_kpa(qtbot):
    field = Co2Field()
    qtbot.addWidget(field)
    field.unit.setCurrentText("kPa")
    qtbot.keyClicks(field.edit, "25")
    with pytest.raises(ValueError, match=r"between 1\.3 and 20\.0 kPa .*entered 25 kPa"):
        field.value()
    field.edit.setText("six")
    with pytest.raises(ValueError, match="must be a number in kPa"):
        field.value()


# ---------------------------------------------------------------- the visit form


def test_full_assessment_with_niv_started_is_saved_and_seen_after_reopening(open_window, db_path, patient, qtbot):
    window, tab = pulmonary_on_a_visit(open_window, db_path, patient, qtbot)
    fields = tab.assessment.fields
    type_into(qtbot, fields["fvc_percent_sitting"], "48")
    type_into(qtbot, fields["fvc_percent_supine"], "40")
    type_into(qtbot, fields["snip_cmh2o"], "38")
    type_into(qtbot, fields["mip_cmh2o"], "55")
    type_into(qtbot, fields["peak_cough_flow_l_min"], "250")
    type_into(qtbot, fields["spo2_percent"], "93")
    type_into(qtbot, fields["oximetry_minutes_le88"], "12")
    type_into(qtbot, fields["oximetry_recording_hours"], "7.5")
    fields["co2_mmhg"].unit.setCurrentText("kPa")
    type_into(qtbot, fields["co2_mmhg"], "6,1")
    choose(fields["co2_source"], "Arterial (PaCO₂)")
    choose(fields["orthopnoea"], "Yes")
    choose(fields["weak_cough"], "No")
    assert not fields["niv_started_on"].isVisibleTo(tab)  # asked only once NIV is started
    choose(fields["niv_status"], "Started")
    assert fields["niv_started_on"].isVisibleTo(tab)
    fields["niv_started_on"].set_value(VISIT_DAY)
    type_into(qtbot, fields["niv_hours_per_day"], "8")
    choose(fields["cough_assist_in_use"], "Yes")
    fields["cough_assist_started_on"].set_value(VISIT_DAY)
    choose(fields["tracheostomy_discussed"], "No")
    save(qtbot, tab)
    assert tab.assessment.forms.general_error.text() == ""
    window.close()

    again = open_window(db_path)
    again.patient_list.select(patient.id)
    tab = again.tabs.show_tab("Pulmonary")
    assert tab.assessment.model_.rowCount() == 1
    assert history_cell(tab, 0, "FVC sitting (% predicted)") == "48"
    assert history_cell(tab, 0, "CO₂") == "45.8 mmHg (6.10 kPa)"
    assert history_cell(tab, 0, "Orthopnoea") == "Yes"
    assert history_cell(tab, 0, "NIV") == "Started"
    # The visit's form opens on the stored assessment, NIV and cough assist from the interventions.
    fields = tab.assessment.fields
    assert fields["snip_cmh2o"].text() == "38"
    assert fields["niv_hours_per_day"].text() == "8"
    assert fields["niv_started_on"].value() == VISIT_DAY
    assert fields["cough_assist_in_use"].value() is True
    assert "NIV since" in tab.in_place.text()
    kinds = {row.values["kind"]: row for row in tab.interventions.rows}
    assert set(kinds) == {"niv", "cough_assist"}

    (row,) = stored(db_path, RespiratoryAssessment)
    assert row.co2_mmhg == pytest.approx(6.1 * 7.50062)
    assert (row.mip_cmh2o, row.orthopnoea, row.weak_cough, row.morning_headache) == (55, True, False, None)
    niv, cough = sorted(stored(db_path, Intervention), key=lambda i: i.kind)[::-1]
    assert (niv.kind, niv.started_on, niv.niv_hours_per_day) == ("niv", VISIT_DAY, 8)
    assert (cough.kind, cough.started_on) == ("cough_assist", VISIT_DAY)


def test_save_shortcut_saves_the_visit_form(open_window, db_path, patient, qtbot):
    window, tab = pulmonary_on_a_visit(open_window, db_path, patient, qtbot)
    type_into(qtbot, tab.assessment.fields["spo2_percent"], "96")
    assert tab.save_current() is True
    assert [r.spo2_percent for r in stored(db_path, RespiratoryAssessment)] == [96]


@pytest.mark.parametrize(("field", "text", "message"), [
    ("spo2_percent", "120", "between 50 and 100 %"),
    ("mip_cmh2o", "-55", "between 0 and 250 cmH₂O"),
    ("fvc_percent_supine", "many", "must be a number"),
])
def test_implausible_value_is_refused_at_its_field_and_nothing_saved(
        open_window, db_path, patient, qtbot, field, text, message):
    window, tab = pulmonary_on_a_visit(open_window, db_path, patient, qtbot)
    type_into(qtbot, tab.assessment.fields["fvc_percent_sitting"], "70")
    type_into(qtbot, tab.assessment.fields[field], text)
    save(qtbot, tab)
    assert message in tab.assessment.forms.error_text(field)
    assert tab.assessment.fields[field].text() == text  # kept for correction
    assert count(db_path, RespiratoryAssessment) == 0


def test_niv_started_without_its_date_saves_nothing_not_even_the_assessment(open_window, db_path, patient, qtbot):
    window, tab = pulmonary_on_a_visit(open_window, db_path, patient, qtbot)
    fields = tab.assessment.fields
    type_into(qtbot, fields["fvc_percent_sitting"], "45")
    choose(fields["niv_status"], "Started")
    type_into(qtbot, fields["niv_hours_per_day"], "6")
    save(qtbot, tab)
    assert "Enter the date NIV was started" in tab.assessment.forms.error_text("niv_started_on")
    assert count(db_path, RespiratoryAssessment) == 0
    assert count(db_path, Intervention) == 0

    fields["niv_started_on"].set_value(VISIT_DAY)
    type_into(qtbot, fields["niv_hours_per_day"], "30")
    save(qtbot, tab)
    assert "between 0 and 24 h/day" in tab.assessment.forms.error_text("niv_hours_per_day")
    assert count(db_path, RespiratoryAssessment) == 0

    fields["niv_started_on"].set_value(date.today() + timedelta(days=3))
    type_into(qtbot, fields["niv_hours_per_day"], "6")
    save(qtbot, tab)
    assert "future" in tab.assessment.forms.error_text("niv_started_on")
    assert count(db_path, RespiratoryAssessment) == 0
    assert count(db_path, Intervention) == 0


def test_niv_already_in_place_is_updated_not_recorded_twice(open_window, db, db_path, patient, qtbot):
    started = VISIT_DAY - timedelta(days=60)
    with db.transaction() as session:
        patient_records.record_for_patient(session, Intervention, patient.id,
                                           {"kind": "niv", "started_on": started, "niv_hours_per_day": 6.0}, OTHER)
    window, tab = pulmonary_on_a_visit(open_window, db_path, patient, qtbot)
    fields = tab.assessment.fields
    assert fields["niv_started_on"].value() == started
    choose(fields["niv_status"], "Started")
    type_into(qtbot, fields["niv_hours_per_day"], "10")
    save(qtbot, tab)
    (niv,) = stored(db_path, Intervention)
    assert (niv.started_on, niv.niv_hours_per_day, niv.updated_by) == (started, 10, "gui.clinician")
    assert count(db_path, RespiratoryAssessment) == 1


def test_niv_in_place_cannot_silently_become_declined(open_window, db, db_path, patient, qtbot):
    with db.transaction() as session:
        patient_records.record_for_patient(session, Intervention, patient.id,
                                           {"kind": "niv", "started_on": VISIT_DAY, "niv_hours_per_day": 6.0}, OTHER)
    window, tab = pulmonary_on_a_visit(open_window, db_path, patient, qtbot)
    choose(tab.assessment.fields["niv_status"], "Declined")
    save(qtbot, tab)
    assert "NIV is recorded as in use since" in tab.assessment.forms.error_text("niv_status")
    assert count(db_path, RespiratoryAssessment) == 0


def test_stale_edit_of_the_assessment_is_refused_and_the_user_told(
        open_window, db, db_path, patient, qtbot, answers):
    window, tab = pulmonary_on_a_visit(open_window, db_path, patient, qtbot)
    type_into(qtbot, tab.assessment.fields["fvc_percent_sitting"], "80")
    save(qtbot, tab)
    (row,) = stored(db_path, RespiratoryAssessment)
    assert tab.assessment.fields["fvc_percent_sitting"].text() == "80"  # now editing the stored row

    with db.transaction() as session:
        visits.edit_record(session, RespiratoryAssessment, row.id, row.version, {"fvc_percent_sitting": 75}, OTHER)
    type_into(qtbot, tab.assessment.fields["fvc_percent_sitting"], "82")
    save(qtbot, tab)

    assert "was changed by other.workstation" in answers.texts()
    assert [r.fvc_percent_sitting for r in stored(db_path, RespiratoryAssessment)] == [75]
    assert tab.assessment.fields["fvc_percent_sitting"].text() == "75"  # the record as it now is


def test_niv_changed_elsewhere_meanwhile_refuses_the_whole_save(
        open_window, db, db_path, patient, qtbot, answers):
    with db.transaction() as session:
        niv = patient_records.record_for_patient(session, Intervention, patient.id,
                                                 {"kind": "niv", "started_on": VISIT_DAY, "niv_hours_per_day": 6.0},
                                                 OTHER)
        niv_id = niv.id
    window, tab = pulmonary_on_a_visit(open_window, db_path, patient, qtbot)
    fields = tab.assessment.fields
    choose(fields["niv_status"], "Started")
    type_into(qtbot, fields["niv_hours_per_day"], "12")
    with db.transaction() as session:
        patient_records.edit_patient_record(session, Intervention, niv_id, 1, {"niv_hours_per_day": 9.0}, OTHER)
    save(qtbot, tab)

    assert "was changed by other.workstation" in answers.texts()
    assert [i.niv_hours_per_day for i in stored(db_path, Intervention)] == [9.0]
    assert count(db_path, RespiratoryAssessment) == 0


def test_fvc_entry_is_reachable_as_before(open_window, db_path, patient, qtbot):
    window, tab = pulmonary_on_a_visit(open_window, db_path, patient, qtbot)
    qtbot.keyClicks(tab.fvc.input.edit, "64")
    qtbot.mouseClick(tab.fvc.record_button, Qt.MouseButton.LeftButton)
    assert tab.fvc.model.index(0, 1).data() == "64"
    assert tab.fvc.form.error_text("fvc_percent_sitting") == ""

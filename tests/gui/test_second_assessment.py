"""A visit form saved after another workstation recorded the same assessment on that visit: the
form says who recorded it, keeps what was typed and saves nothing, also when both saved at the
same instant; Undo changes then shows the stored assessment to correct."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import event, select

from als_desktop.config import sqlite_url
from als_desktop.db import open_database
from als_desktop.models import RespiratoryAssessment, SlpAssessment
from als_desktop.services import visits

from gui_helpers import make_visit

OTHER = "other.workstation"
VISIT_DAY = date.today() - timedelta(days=1)

# Tab, its model, a field typed here, the value typed here, the value the other workstation stored.
CASES = [
    ("Pulmonary", RespiratoryAssessment, "fvc_percent_sitting", "64", 71.0),
    ("SLP", SlpAssessment, "intelligibility_percent", "55", 90.0),
]


def stored(path, model) -> list:  # noqa: ANN001
    database = open_database(sqlite_url(path), migrate=False)
    try:
        with database.reading() as session:
            found = session.scalars(select(model).order_by(model.created_at)).all()
            session.expunge_all()
            return found
    finally:
        database.close()


def form_on_a_new_visit(open_window, db_path, patient, qtbot, title):  # noqa: ANN001, ANN201
    window = open_window(db_path)
    window.patient_list.select(patient.id)
    make_visit(qtbot, window, VISIT_DAY)
    tab = window.tabs.show_tab(title)
    assert tab.assessment.target.row is None  # an empty form for a new assessment
    return window, tab


def type_and_save(qtbot, tab, field: str, text: str) -> None:  # noqa: ANN001
    edit = tab.assessment.fields[field].edit
    edit.clear()
    qtbot.keyClicks(edit, text)
    qtbot.mouseClick(tab.assessment.save_button, Qt.MouseButton.LeftButton)


@pytest.mark.parametrize(("title", "model", "field", "typed", "theirs"), CASES, ids=[c[0] for c in CASES])
def test_saving_over_an_assessment_recorded_meanwhile_is_refused_with_who_recorded_it(
        open_window, db, db_path, patient, qtbot, answers, title, model, field, typed, theirs):
    _window, tab = form_on_a_new_visit(open_window, db_path, patient, qtbot, title)
    with db.transaction() as session:
        visits.record_on_visit(session, model, tab.visit.id, {field: theirs}, OTHER)

    type_and_save(qtbot, tab, field, typed)

    general = tab.assessment.forms.general_error
    assert general.isVisibleTo(tab)
    assert general.text().startswith(f"This visit already has a {tab.assessment.what} (recorded by {OTHER} ")
    assert general.text().endswith("correct that one instead.")
    assert answers.seen == []  # said on the form, no message box, no traceback
    assert tab.assessment.fields[field].text() == typed  # what was typed is kept
    assert [(row.created_by, getattr(row, field)) for row in stored(db_path, model)] == [(OTHER, theirs)]

    qtbot.mouseClick(tab.assessment.undo_button, Qt.MouseButton.LeftButton)
    assert tab.assessment.target.row is not None and tab.assessment.target.row.recorded_by == OTHER
    assert tab.assessment.fields[field].value() == theirs


def test_two_workstations_saving_at_the_same_instant_the_later_is_told_not_crashed(
        open_window, db, db_path, patient, qtbot, answers):
    window, tab = form_on_a_new_visit(open_window, db_path, patient, qtbot, "Pulmonary")

    def other_workstation_saves_now(*_args) -> None:  # noqa: ANN002
        with db.transaction() as session:
            visits.record_on_visit(session, RespiratoryAssessment, tab.visit.id, {"fvc_percent_sitting": 71.0}, OTHER)

    # The other save lands after this one checked the visit and before it writes.
    event.listen(window.database.sessions, "before_flush", other_workstation_saves_now, once=True)
    type_and_save(qtbot, tab, "fvc_percent_sitting", "64")

    message = tab.assessment.forms.general_error.text()
    assert f"This visit already has a respiratory assessment: {OTHER} saved one at " in message
    assert "while you were saving. Yours was not saved" in message
    assert answers.seen == []
    assert tab.assessment.fields["fvc_percent_sitting"].text() == "64"
    assert [(row.created_by, row.fvc_percent_sitting) for row in stored(db_path, RespiratoryAssessment)] == [
        (OTHER, 71.0)]

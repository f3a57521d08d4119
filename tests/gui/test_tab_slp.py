"""The SLP tab: speech, communication and swallowing entered on a visit, through the widgets."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import func, select

from als_desktop.models import SlpAssessment
from als_desktop.services import visits

VISIT_DAY = date(2024, 3, 1)


@pytest.fixture
def visit(db, patient):  # noqa: ANN001, ANN201
    with db.transaction() as session:
        return visits.create_visit(session, patient.id, {"visit_date": VISIT_DAY}, "setup")


def slp_rows(db):  # noqa: ANN001, ANN201
    with db.reading() as session:
        return session.scalars(select(SlpAssessment).order_by(SlpAssessment.created_at)).all()


def slp_count(db) -> int:  # noqa: ANN001
    with db.reading() as session:
        return session.scalar(select(func.count()).select_from(SlpAssessment))


def open_slp(open_window, db_path, patient):  # noqa: ANN001, ANN201
    window = open_window(db_path)
    window.patient_list.select(patient.id)
    return window, window.tabs.show_tab("SLP").assessment


def choose(combo, text: str) -> None:  # noqa: ANN001
    index = combo.findText(text)
    assert index >= 0, f"{text!r} is not a choice"
    combo.setCurrentIndex(index)


def type_into(qtbot, field, text: str) -> None:  # noqa: ANN001
    target = getattr(field, "edit", field)
    target.clear()
    qtbot.keyClicks(target, text)


def test_enter_save_and_see_it_after_reopening(open_window, db_path, db, patient, visit, qtbot):
    window, form = open_slp(open_window, db_path, patient)
    fields = form.fields
    assert "new speech and swallowing assessment" in form.visit_label.text()
    type_into(qtbot, fields["intelligibility_percent"], "85")
    type_into(qtbot, fields["speaking_rate_wpm"], "110")
    choose(fields["aac_status"], "Planned")
    choose(fields["voice_banking"], "Yes")
    type_into(qtbot, fields["eat10_score"], "12")
    choose(fields["iddsi_drink_level"], "2 Mildly thick")
    choose(fields["iddsi_food_level"], "5 Minced & moist")
    choose(fields["chin_tuck"], "Yes")
    qtbot.keyClicks(fields["strategies"], "Small sips, double swallow")
    fields["slp_referral_date"].not_recorded.setChecked(False)
    fields["slp_referral_date"].date_edit.set_value(date(2024, 2, 20))
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)

    [row] = slp_rows(db)
    assert (row.intelligibility_percent, row.speaking_rate_wpm, row.aac_status, row.voice_banking) == (
        85, 110, "planned", True)
    assert (row.eat10_score, row.iddsi_drink_level, row.iddsi_food_level, row.chin_tuck) == (12, 2, 5, True)
    assert (row.slp_referral_date, row.aac_referral_date) == (date(2024, 2, 20), None)
    assert row.created_by == "gui.clinician"
    window.close()

    _window, form = open_slp(open_window, db_path, patient)
    assert "editing the speech and swallowing assessment recorded by gui.clinician" in form.visit_label.text()
    assert form.fields["eat10_score"].text() == "12"
    assert form.fields["iddsi_drink_level"].currentText() == "2 Mildly thick"
    assert form.fields["aac_status"].currentText() == "Planned"
    assert form.fields["strategies"].toPlainText() == "Small sips, double swallow"
    assert form.fields["aac_referral_date"].value() is None
    # The history shows the named levels and labels, not the stored codes.
    texts = [form.model_.index(0, column).data() for column in range(form.model_.columnCount())]
    assert {"85", "110", "Planned", "Yes", "12", "2 Mildly thick", "5 Minced & moist", "20 Feb 2024"} <= set(texts)


def test_eat10_cut_off_shown_with_its_source(open_window, db_path, patient, visit):
    _window, form = open_slp(open_window, db_path, patient)
    hint = form.forms.forms[1].holders["eat10_score"].findChildren(type(form.visit_label))
    assert any("≥ 3 abnormal (Belafsky et al., 2008)" in label.text() for label in hint)


def test_invalid_input_is_shown_at_the_field_and_nothing_saved(open_window, db_path, db, patient, visit, qtbot):
    _window, form = open_slp(open_window, db_path, patient)
    type_into(qtbot, form.fields["intelligibility_percent"], "150")
    type_into(qtbot, form.fields["eat10_score"], "3.5")
    type_into(qtbot, form.fields["speaking_rate_wpm"], "fast")
    assert form.save() is False
    assert form.forms.error_text("eat10_score") == "EAT-10 score must be a whole number (entered '3.5')."
    assert "Speaking rate must be a number in words/min" in form.forms.error_text("speaking_rate_wpm")
    # Every problem at once: the readable but implausible value is named too.
    assert "between 0 and 100 %" in form.forms.error_text("intelligibility_percent")
    assert slp_count(db) == 0

    # Once readable, the service's range check speaks at the field too.
    type_into(qtbot, form.fields["eat10_score"], "41")
    type_into(qtbot, form.fields["speaking_rate_wpm"], "100")
    assert form.save() is False
    assert "between 0 and 100 %" in form.forms.error_text("intelligibility_percent")
    assert "between 0 and 40 /40" in form.forms.error_text("eat10_score")
    assert form.forms.error_text("speaking_rate_wpm") == ""
    assert slp_count(db) == 0
    # The input stays for the user to correct.
    assert form.fields["intelligibility_percent"].text() == "150"


def test_future_referral_date_refused_at_the_field(open_window, db_path, db, patient, visit, qtbot):
    _window, form = open_slp(open_window, db_path, patient)
    type_into(qtbot, form.fields["eat10_score"], "4")
    form.fields["aac_referral_date"].not_recorded.setChecked(False)
    form.fields["aac_referral_date"].date_edit.set_value(date(2099, 1, 1))
    assert form.save() is False
    assert "cannot be in the future" in form.forms.error_text("aac_referral_date")
    assert slp_count(db) == 0


def test_stale_edit_is_refused_and_the_user_told(open_window, db_path, db, patient, visit, qtbot, answers):
    with db.transaction() as session:
        stored = visits.record_on_visit(session, SlpAssessment, visit.id, {"eat10_score": 5}, "setup")
    _window, form = open_slp(open_window, db_path, patient)
    assert form.fields["eat10_score"].text() == "5"

    # Meanwhile a colleague changes the same assessment on another workstation.
    with db.transaction() as session:
        visits.edit_record(session, SlpAssessment, stored.id, stored.version, {"eat10_score": 9}, "colleague")

    type_into(qtbot, form.fields["eat10_score"], "20")
    assert form.save() is False
    assert "was changed by colleague" in answers.texts()
    [row] = slp_rows(db)
    assert (row.eat10_score, row.updated_by) == (9, "colleague")
    # The form now shows the colleague's entry.
    assert form.fields["eat10_score"].text() == "9"


def test_ctrl_s_saves_the_visible_tab(open_window, db_path, db, patient, visit, qtbot):
    window, form = open_slp(open_window, db_path, patient)
    type_into(qtbot, form.fields["speaking_rate_wpm"], "95")
    window.save_action.trigger()
    [row] = slp_rows(db)
    assert row.speaking_rate_wpm == 95

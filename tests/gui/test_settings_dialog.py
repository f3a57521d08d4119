"""The clinic Settings dialog: values the reference leaves to the clinic, stored in the database."""

from __future__ import annotations

from datetime import date

import pytest
from clinic_builders import add_patient, add_visit, record
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QLabel

from als_desktop.clinical.settings import DEFINITIONS
from als_desktop.models import WeightMeasurement
from als_desktop.services.decision_support import prompts_for
from als_desktop.services.queries_settings import setting_changes
from als_desktop.services.settings import load_settings, save_settings
from als_desktop.views.settings_dialog import open_settings

TODAY = date(2024, 6, 30)
EARLY = "early_weight_loss_percent"
LEFT = Qt.MouseButton.LeftButton


def type_number(dialog, key: str, text: str) -> None:
    edit = dialog.form.fields[key].edit
    edit.clear()
    edit.setText(text)


def save(qtbot, dialog) -> None:
    qtbot.mouseClick(dialog.save_button, LEFT)


@pytest.fixture
def window(open_window, db_path, db):
    return open_window(db_path, today=TODAY)


def test_every_setting_shows_label_unit_default_and_source(window):
    dialog = open_settings(window)
    assert dialog.isVisible()
    assert window.current_dialog is dialog  # non-blocking: the window keeps running
    for key, definition in DEFINITIONS.items():
        hint = dialog.form.fields[key].toolTip()
        assert "Default:" in hint
        assert definition.source in hint
        assert "Never changed" in hint
    early = dialog.form.fields[EARLY]
    assert early.text() == "5"
    assert early.unit == "% of reference weight"
    assert dialog.form.fields["alt_stop_rule"].currentText() == "more than 5 × upper limit of normal (> 5)"


def test_saving_a_new_early_warning_stores_it_with_author(qtbot, window, db):
    dialog = open_settings(window)
    type_number(dialog, EARLY, "7")
    save(qtbot, dialog)
    assert not dialog.isVisible()
    with db.reading() as session:
        assert load_settings(session).early_weight_loss_percent == 7.0
        changes = setting_changes(session)
    assert changes[EARLY].updated_by == "gui.clinician"
    # Untouched settings keep no row: their default stays in force.
    assert set(changes) == {EARLY}
    assert "saved" in window.statusBar().currentMessage()

    reopened = open_settings(window)
    assert reopened.form.fields[EARLY].text() == "7"
    assert "Last changed by gui.clinician" in reopened.form.fields[EARLY].toolTip()


def test_enter_saves_and_never_restores_the_defaults(qtbot, window, db):
    with db.transaction() as session:
        save_settings(session, {"speaking_rate_wpm": 100}, "other.clinician")
    dialog = open_settings(window)
    qtbot.waitUntil(lambda: dialog.form.fields[EARLY].edit.hasFocus())
    type_number(dialog, EARLY, "6")
    qtbot.keyClick(dialog.form.fields[EARLY].edit, Qt.Key.Key_Return)
    assert not dialog.isVisible()
    with db.reading() as session:
        settings = load_settings(session)
    assert (settings.early_weight_loss_percent, settings.speaking_rate_wpm) == (6.0, 100.0)


def test_out_of_range_value_gets_its_message_and_nothing_is_saved(qtbot, window, db):
    dialog = open_settings(window)
    type_number(dialog, EARLY, "50")
    dialog.form.fields["edaravone_dose_pattern"].set_value("weekdays")
    save(qtbot, dialog)
    assert dialog.isVisible()  # input kept for correction
    message = dialog.form.error_text(EARLY)
    assert "50 is outside 1 to 10" in message
    assert "Early weight-loss warning" in message
    with db.reading() as session:
        assert setting_changes(session) == {}
        assert load_settings(session).edaravone_dose_pattern == "consecutive"


def test_words_instead_of_a_number_are_refused_at_the_field(qtbot, window, db):
    dialog = open_settings(window)
    type_number(dialog, "speaking_rate_wpm", "fast")
    save(qtbot, dialog)
    assert "must be a number" in dialog.form.error_text("speaking_rate_wpm")
    with db.reading() as session:
        assert setting_changes(session) == {}


def test_choices_are_saved(qtbot, window, db):
    dialog = open_settings(window)
    dialog.form.fields["alt_stop_rule"].set_value(">= 5")
    dialog.form.fields["edaravone_dose_pattern"].set_value("weekdays")
    save(qtbot, dialog)
    with db.reading() as session:
        settings = load_settings(session)
    assert settings.alt_stop_rule == ">= 5"
    assert settings.edaravone_dose_pattern == "weekdays"


def test_restore_defaults_then_save_puts_defaults_back(qtbot, window, db):
    with db.transaction() as session:
        save_settings(session, {EARLY: 8, "speaking_rate_wpm": 100, "alt_stop_rule": ">= 5"}, "other.clinician")
    dialog = open_settings(window)
    assert dialog.form.fields[EARLY].text() == "8"
    assert "Last changed by other.clinician" in dialog.form.fields[EARLY].toolTip()
    restore = dialog.buttons.button(QDialogButtonBox.StandardButton.RestoreDefaults)
    qtbot.mouseClick(restore, LEFT)
    assert dialog.form.fields[EARLY].text() == "5"
    assert dialog.form.fields["speaking_rate_wpm"].text() == "120"
    with db.reading() as session:  # nothing stored until Save
        assert load_settings(session).early_weight_loss_percent == 8.0
    save(qtbot, dialog)
    with db.reading() as session:
        settings = load_settings(session)
        changes = setting_changes(session)
    assert (settings.early_weight_loss_percent, settings.speaking_rate_wpm, settings.alt_stop_rule) == (5.0, 120.0, "> 5")
    assert changes[EARLY].updated_by == "gui.clinician"


def test_cancel_stores_nothing(qtbot, window, db):
    dialog = open_settings(window)
    type_number(dialog, EARLY, "7")
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel), LEFT)
    with db.reading() as session:
        assert load_settings(session).early_weight_loss_percent == 5.0


def test_moving_the_early_warning_from_5_to_7_changes_the_prompts_of_a_patient_losing_6_percent(qtbot, window, db):
    patient_id = add_patient(db, "MRN-8001", "Sam", "Weigh", height_cm=175.0, premorbid_weight_kg=100.0,
                             diagnosis_date=date(2024, 1, 10))
    visit_id = add_visit(db, patient_id, date(2024, 6, 1))
    record(db, visit_id, WeightMeasurement, {"weight_kg": 94.0})  # 6 % below the reference weight

    def early_prompt():
        with db.reading() as session:
            prompts = prompts_for(session, patient_id, TODAY)
        return next((p for p in prompts if p.rule_id == "NUT-WEIGHT-EARLY"), None)

    before = early_prompt()
    assert before is not None
    assert any("5 % of reference weight" in shown for shown in before.settings)

    dialog = open_settings(window)
    type_number(dialog, EARLY, "7")
    save(qtbot, dialog)
    assert early_prompt() is None

    dialog = open_settings(window)
    type_number(dialog, EARLY, "5")
    save(qtbot, dialog)
    assert early_prompt() is not None


def shown_texts(widget) -> str:
    return "\n".join(label.text() for label in widget.findChildren(QLabel) if label.isVisibleTo(widget))


def test_the_open_patient_prompts_follow_the_new_setting_at_once(qtbot, window, db):
    patient_id = add_patient(db, "MRN-8002", "Kim", "Scale", height_cm=170.0, premorbid_weight_kg=100.0,
                             diagnosis_date=date(2024, 1, 10))
    record(db, add_visit(db, patient_id, date(2024, 6, 1)), WeightMeasurement, {"weight_kg": 94.0})
    window.record_changed()
    window.patient_list.select(patient_id)
    overview = window.tabs.show_tab("Overview")
    qtbot.waitUntil(lambda: "Weight loss is 6 %" in shown_texts(overview))

    dialog = open_settings(window)
    type_number(dialog, EARLY, "7")
    save(qtbot, dialog)
    overview = window.tabs.show_tab("Overview")
    # Replaced prompt rows go, and new ones appear, at later turns of the event loop.
    qtbot.waitUntil(lambda: "Weight loss is 6 %" not in shown_texts(overview)
                    and "Advance care planning not yet discussed" in shown_texts(overview))

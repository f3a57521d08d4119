"""The clinic's contact details in the Settings dialog: entered once, saved with the settings in
one transaction, a too-long entry refused at its field."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QLabel

from als_desktop.reports.content import ClinicDetails
from als_desktop.services.clinic_details import load_clinic_details, save_clinic_details
from als_desktop.services.queries_settings import setting_changes
from als_desktop.services.settings import load_settings
from als_desktop.views.settings_dialog import open_settings

TODAY = date(2024, 6, 30)
EARLY = "early_weight_loss_percent"
LEFT = Qt.MouseButton.LeftButton
NAME = "Riverside ALS Clinic"
TELEPHONE = "01632 960 123"


def type_into(dialog, name: str, text: str) -> None:
    edit = dialog.form.fields[name]
    edit = getattr(edit, "edit", edit)  # a number field wraps its line edit
    edit.clear()
    edit.insert(text)  # as typed or pasted


def save(qtbot, dialog) -> None:
    qtbot.mouseClick(dialog.save_button, LEFT)


def stored(db) -> tuple[ClinicDetails, dict]:
    with db.reading() as session:
        return load_clinic_details(session), setting_changes(session)


@pytest.fixture
def window(open_window, db_path, db):
    return open_window(db_path, today=TODAY)


def test_the_details_are_a_group_of_empty_fields_under_the_settings(window):
    dialog = open_settings(window)
    labels = [label.text() for label in dialog.findChildren(QLabel) if label.isVisibleTo(dialog)]
    assert any("Clinic details" in text for text in labels)
    for name in ("clinic_name", "clinic_telephone", "clinic_email", "clinic_address"):
        assert dialog.form.fields[name].text() == ""
    assert list(dialog.form.fields).index("clinic_name") > list(dialog.form.fields).index(EARLY)


def test_entering_name_and_telephone_saves_them_and_they_are_shown_again(qtbot, window, db):
    dialog = open_settings(window)
    type_into(dialog, "clinic_name", f"  {NAME}  ")
    type_into(dialog, "clinic_telephone", TELEPHONE)
    save(qtbot, dialog)
    assert not dialog.isVisible()
    details, changes = stored(db)
    assert details == ClinicDetails(NAME, TELEPHONE)
    assert changes["clinic.name"].updated_by == "gui.clinician"
    with db.reading() as session:  # the clinical settings are untouched: still their defaults, no rows
        assert load_settings(session).early_weight_loss_percent == 5.0
    assert set(changes) == {"clinic.name", "clinic.telephone"}
    assert "saved" in window.statusBar().currentMessage()

    reopened = open_settings(window)
    assert reopened.form.fields["clinic_name"].text() == NAME
    assert reopened.form.fields["clinic_telephone"].text() == TELEPHONE


def test_a_too_long_telephone_is_refused_at_its_field_and_nothing_is_saved(qtbot, window, db):
    dialog = open_settings(window)
    type_into(dialog, EARLY, "7")
    type_into(dialog, "clinic_name", NAME)
    type_into(dialog, "clinic_telephone", "01632 960 123 or 01632 960 456 (evenings)")  # 41 characters
    save(qtbot, dialog)
    assert dialog.isVisible()  # input kept for correction
    assert dialog.form.error_text("clinic_telephone") == "Telephone is too long: 41 characters, at most 40."
    assert dialog.form.fields["clinic_telephone"].text() == "01632 960 123 or 01632 960 456 (evenings)"
    assert dialog.form.error_text("clinic_name") == "" and dialog.form.error_text(EARLY) == ""
    assert stored(db) == (ClinicDetails(), {})  # neither the details nor the setting

    type_into(dialog, "clinic_telephone", "01632 960 123 (evenings 01632 960 456)")
    save(qtbot, dialog)
    assert not dialog.isVisible()
    details, _ = stored(db)
    assert details == ClinicDetails(NAME, "01632 960 123 (evenings 01632 960 456)")
    with db.reading() as session:
        assert load_settings(session).early_weight_loss_percent == 7.0


def test_a_wrong_setting_and_a_too_long_name_are_both_shown_and_nothing_is_saved(qtbot, window, db):
    dialog = open_settings(window)
    type_into(dialog, EARLY, "50")
    type_into(dialog, "clinic_name", "N" * 121)
    save(qtbot, dialog)
    assert "50 is outside 1 to 10" in dialog.form.error_text(EARLY)
    assert dialog.form.error_text("clinic_name") == "Clinic name is too long: 121 characters, at most 120."
    assert stored(db) == (ClinicDetails(), {})


def test_clearing_a_field_clears_only_that_detail(qtbot, window, db):
    with db.transaction() as session:
        save_clinic_details(session, {"name": NAME, "telephone": TELEPHONE, "email": "als@example.org"}, "other.clerk")
    dialog = open_settings(window)
    assert dialog.form.fields["clinic_email"].text() == "als@example.org"
    type_into(dialog, "clinic_email", "")
    save(qtbot, dialog)
    details, _ = stored(db)
    assert details == ClinicDetails(NAME, TELEPHONE)


def test_restore_defaults_keeps_the_details(qtbot, window, db):
    with db.transaction() as session:
        save_clinic_details(session, {"name": NAME}, "other.clerk")
    dialog = open_settings(window)
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.RestoreDefaults), LEFT)
    assert dialog.form.fields["clinic_name"].text() == NAME
    save(qtbot, dialog)
    assert stored(db)[0] == ClinicDetails(name=NAME)


def test_a_colleagues_change_to_another_detail_made_meanwhile_is_kept(qtbot, window, db):
    dialog = open_settings(window)
    with db.transaction() as session:  # another workstation, while the dialog is open
        save_clinic_details(session, {"telephone": TELEPHONE}, "other.clerk")
    type_into(dialog, "clinic_name", NAME)
    save(qtbot, dialog)
    assert stored(db)[0] == ClinicDetails(NAME, TELEPHONE)


def test_cancel_stores_nothing(qtbot, window, db):
    dialog = open_settings(window)
    type_into(dialog, "clinic_name", NAME)
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel), LEFT)
    assert stored(db) == (ClinicDetails(), {})


def cut_off_labels(dialog) -> list[str]:
    """Visible wrapped labels given less height than their lines need."""
    return [label.text() for label in dialog.findChildren(QLabel)
            if label.isVisible() and label.wordWrap() and label.height() < label.heightForWidth(label.width())]


def test_no_line_of_the_dialog_is_cut_off_with_the_details_added(qtbot, window):
    # The test screen is 800 pixels high: two thirds of it, where Qt stops sizing a dialog,
    # is less than the settings and the details need.
    dialog = open_settings(window)
    qtbot.waitExposed(dialog)
    assert cut_off_labels(dialog) == []
    type_into(dialog, "clinic_telephone", "0" * 41)
    save(qtbot, dialog)
    assert dialog.form.error_text("clinic_telephone")
    assert cut_off_labels(dialog) == []

"""Steps a user takes in the window, done through the widgets."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt


def fill_new_patient(qtbot, dialog, *, mrn: str, given: str, family: str, born: date,  # noqa: ANN001
                     onset: date | None = None) -> None:
    fields = dialog.form.fields
    qtbot.keyClicks(fields["mrn"], mrn)
    qtbot.keyClicks(fields["given_name"], given)
    qtbot.keyClicks(fields["family_name"], family)
    fields["date_of_birth"].set_value(born)
    fields["sex"].setCurrentIndex(fields["sex"].findText("Male"))
    qtbot.keyClicks(fields["height_cm"].edit, "172")
    qtbot.keyClicks(fields["premorbid_weight_kg"].edit, "80")
    if onset is not None:
        fields["onset_date"].set_value(onset)
        fields["onset_region"].setCurrentIndex(fields["onset_region"].findText("Lower limb"))


def make_visit(qtbot, window, visit_date: date, site: str | None = None) -> None:  # noqa: ANN001
    window.new_visit_action.trigger()
    dialog = window.current_dialog
    dialog.form.fields["visit_date"].set_value(visit_date)
    if site:
        field = dialog.form.fields["site"]
        field.lineEdit().clear()
        qtbot.keyClicks(field.lineEdit(), site)
    qtbot.keyClicks(dialog.form.fields["clinicians"], "Dr Lee")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert window.current_dialog is None, dialog.form.errors


def record_value(qtbot, section, text: str, clear: bool = False) -> None:  # noqa: ANN001
    """Type a value into a measurement section and press its Record button."""
    if clear:
        section.input.edit.clear()
    qtbot.keyClicks(section.input.edit, text)
    qtbot.mouseClick(section.record_button, Qt.MouseButton.LeftButton)

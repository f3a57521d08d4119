"""A family name that looks like HTML is shown as the characters typed, never as markup: in the
patient header, the patient list, dialogs, message boxes, the history and tooltips."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import Qt as QtGuiQt  # Qt::mightBeRichText lives in QtGui
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QLabel

from als_desktop.services import patients, visits
from als_desktop.views import messages
from als_desktop.views.history_dialog import HistoryDialog
from als_desktop.views.widgets import plain, plain_tooltip

MARKUP = "<font size=40 color=red>X</font>"
BOLD = "<b>X</b>"


@pytest.fixture
def marked_patient(db):
    with db.transaction() as session:
        patient = patients.create_patient(session, {
            "mrn": "MRN-0666", "given_name": BOLD, "family_name": MARKUP,
            "date_of_birth": date(1960, 5, 1), "sex": "male",
        }, "setup")
        visits.create_visit(session, patient.id, {"visit_date": date(2024, 3, 4), "site": BOLD}, "setup")
        return patient


def names_the_patient(text: str) -> bool:
    """The family name is shown in capitals in lists and headers: compare without case."""
    return MARKUP.lower() in text.lower()


def shown_as_markup(label: QLabel) -> bool:
    """Would Qt draw this label's text as HTML?"""
    text_format = label.textFormat()
    return text_format == Qt.TextFormat.RichText or (
        text_format == Qt.TextFormat.AutoText and QtGuiQt.mightBeRichText(label.text()))


def test_the_header_shows_the_name_as_typed(open_window, db_path, marked_patient, qtbot) -> None:
    window = open_window(db_path)
    window.patient_list.select(marked_patient.id)
    qtbot.waitUntil(lambda: names_the_patient(window.header.name.text()))

    name = window.header.name
    assert name.textFormat() == Qt.TextFormat.PlainText
    assert names_the_patient(name.text()) and BOLD in name.text()
    # Drawn as markup, size=40 would make the line several times taller than a line of text.
    assert name.sizeHint().height() < 3 * name.fontMetrics().height()
    assert not shown_as_markup(window.header.facts.values["MRN"])


def test_no_label_in_the_window_reads_the_name_as_markup(open_window, db_path, marked_patient, qtbot) -> None:
    window = open_window(db_path)
    window.patient_list.select(marked_patient.id)
    qtbot.waitUntil(lambda: names_the_patient(window.header.name.text()))
    for tab in ("Overview", "Neurology", "Nutrition", "Pulmonary", "SLP", "Palliative", "Team plan"):
        window.tabs.show_tab(tab)
        qtbot.wait(10)

    showing_user_text = [label for label in window.findChildren(QLabel)
                         if names_the_patient(label.text()) or BOLD in label.text()]
    assert showing_user_text, "the name or the site is shown somewhere"
    assert [label.text() for label in showing_user_text if shown_as_markup(label)] == []

    # The patient list is a table: its cells are plain text, with the name as typed.
    model = window.patient_list.table.model()
    cells = [str(model.index(row, column).data()) for row in range(model.rowCount())
             for column in range(model.columnCount())]
    assert any(names_the_patient(cell) for cell in cells)


def test_a_dialog_naming_the_patient_shows_the_name_as_typed(open_window, db_path, marked_patient, qtbot) -> None:
    window = open_window(db_path)
    window.patient_list.select(marked_patient.id)
    qtbot.waitUntil(lambda: names_the_patient(window.header.name.text()))

    dialog = window.void_patient()
    intro = [label for label in dialog.findChildren(QLabel) if names_the_patient(label.text())]
    assert intro and not any(shown_as_markup(label) for label in intro)
    dialog.reject()


def test_the_history_names_the_patient_as_typed(db, marked_patient, qtbot) -> None:
    dialog = HistoryDialog(None, db, "gui.clinician", patient_id=marked_patient.id)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: names_the_patient(dialog.heading.text()))
    assert not shown_as_markup(dialog.heading)


def test_a_message_box_shows_its_text_and_detail_as_typed(qtbot) -> None:
    message = messages.Message(messages.WARNING, "Patient not saved",
                               f"Family name {MARKUP} is already recorded.", ("OK",),
                               detail=f"Given name {BOLD} was kept in the form.")
    previous = messages.answer_with(None)
    try:
        box, pushed = messages.message_box(None, message)
    finally:
        messages.answer_with(previous)
    qtbot.addWidget(box)
    assert box.textFormat() == Qt.TextFormat.PlainText
    assert box.text() == message.text
    labels = {label.objectName(): label for label in box.findChildren(QLabel)}
    assert labels["qt_msgbox_label"].textFormat() == Qt.TextFormat.PlainText
    detail = labels["qt_msgbox_informativelabel"]
    assert detail.text() == message.detail and not shown_as_markup(detail)
    assert list(pushed.values()) == ["OK"]


def test_a_tooltip_shows_typed_text_as_typed() -> None:
    typed = f"{MARKUP} & {BOLD}\nSource: team"
    document = QTextDocument()
    document.setHtml(plain_tooltip(typed))
    assert document.toPlainText() == typed.replace("\n", "\u2028") or document.toPlainText() == typed
    assert plain_tooltip("") == ""


def test_plain_makes_a_label_plain(qtbot) -> None:
    label = plain(QLabel(MARKUP))
    qtbot.addWidget(label)
    assert not shown_as_markup(label)
    assert shown_as_markup(QLabel(MARKUP)), "without it, Qt would read the name as HTML"

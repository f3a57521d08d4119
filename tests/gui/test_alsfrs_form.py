"""The ALSFRS-R form on its own: wording, keyboard scoring, live total and subscores."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from als_desktop.clinical.alsfrs import ITEMS
from als_desktop.clinical.alsfrs_wording import OPTIONS
from als_desktop.views.alsfrs_form import AlsfrsForm


@pytest.fixture
def form(qtbot):  # noqa: ANN001, ANN201
    widget = AlsfrsForm()
    qtbot.addWidget(widget)
    widget.resize(1100, 900)
    widget.show()
    qtbot.waitExposed(widget)
    widget.activateWindow()
    return widget


def type_scores(qtbot, form: AlsfrsForm, digits: str) -> None:  # noqa: ANN001
    """Focus item 1 and type the digits, as a clinician scoring item after item."""
    form.items["speech"].setFocus()
    for digit in digits:
        target = QApplication.focusWidget() or form.items["speech"]
        qtbot.keyClicks(target, digit)


def test_every_item_shows_the_standard_wording_of_every_option(form):
    for item in ITEMS:
        choice = form.items[item]
        wording_key = "cutting_food_5a" if item == "cutting_food" else item
        assert {score: label.text() for score, label in choice.wording.items()} == OPTIONS[wording_key]
    assert form.items["orthopnea"].wording[1].text() == "Can only sleep sitting up"


def test_switching_to_5b_shows_the_gastrostomy_wording(form):
    form.form_5b.setChecked(True)
    item5 = form.items["cutting_food"]
    assert item5.wording[2].text() == "Some help needed with closures and fasteners"
    assert item5.title.text().startswith("5b.")
    assert form.values()["cutting_form"] == "5b"
    form.form_5a.setChecked(True)
    assert item5.wording[0].text() == "Needs to be fed"


def test_digits_score_each_item_and_move_on_with_a_live_total(form, qtbot):
    assert form.total_text() == "not recorded"
    type_scores(qtbot, form, "432")
    assert [form.items[i].value() for i in ITEMS[:4]] == [4, 3, 2, None]
    assert form.items["handwriting"].hasFocus()
    assert form.subscore_text("bulbar") == "9 / 12"
    assert form.subscore_text("fine_motor") == "not recorded"
    assert "not recorded (9 of 12 items not scored)" in form.summary.text()

    for digit in "444321043":
        qtbot.keyClicks(QApplication.focusWidget(), digit)
    assert form.total_text() == "34 / 48"
    assert form.subscore_text("respiratory") == "7 / 12"
    assert "Total: 34 / 48" in form.summary.text()
    assert form.notes.hasFocus()  # after item 12 the focus goes to the notes


def test_five_to_nine_are_ignored_with_a_hint(form, qtbot):
    speech = form.items["speech"]
    speech.setFocus()
    qtbot.keyClicks(speech, "7")
    assert speech.value() is None
    assert speech.hasFocus()  # stays on the item to be scored
    assert "scored 0 to 4" in speech.error.text() and "7" in speech.error.text()
    qtbot.keyClicks(speech, "5")
    assert speech.value() is None
    qtbot.keyClicks(speech, "2")
    assert speech.value() == 2
    assert not speech.error.isVisible()


def test_backspace_clears_an_item_and_the_total(form, qtbot):
    form.set_values({item: 4 for item in ITEMS})
    assert form.total_text() == "48 / 48"
    walking = form.items["walking"]
    walking.setFocus()
    qtbot.keyClick(walking, Qt.Key.Key_Backspace)
    assert walking.value() is None
    assert form.total_text() == "not recorded"
    assert form.subscore_text("gross_motor") == "not recorded"
    assert form.subscore_text("bulbar") == "12 / 12"


def test_clicking_the_wording_chooses_the_option(form, qtbot):
    choice = form.items["dyspnea"]
    qtbot.mouseClick(choice.wording[1], Qt.MouseButton.LeftButton)
    assert choice.value() == 1
    assert form.values()["dyspnea"] == 1

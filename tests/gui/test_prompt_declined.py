"""A prompt the patient declined, through the real card: "Declined…" (only on prompts to plan,
start or assess for care) records the answer with an optional note, and the card turns into a
dated fact on the tab and the Overview; the answer is listed, so it can be withdrawn, which
brings the prompt back."""

from __future__ import annotations

import pytest
from clinic_builders import TODAY, open_tab, prompted_patient, shown
from PySide6.QtWidgets import QLabel
from sqlalchemy import select

from als_desktop.models import PromptResponse


@pytest.fixture
def patient_id(db):
    return prompted_patient(db, "MRN-8301", "Declining")


def stored(db) -> list[PromptResponse]:
    with db.reading() as session:
        return list(session.scalars(select(PromptResponse)))


def test_declined_through_the_card_becomes_a_dated_fact(open_window, db_path, db, patient_id, qtbot):
    window, tab = open_tab(open_window, db_path, patient_id, "Palliative")
    panel = tab.prompts_panel
    card = panel.row_for("PAL-REFERRAL")
    assert card.decline_button is not None and not card.decline_button.isHidden()
    assert card.decline_button.text() == "Declined…"
    # Monitoring and information are never offered a decline.
    overview = window.tabs.show_tab("Overview").prompts_panel
    assert overview.row_for("RESP-TESTS-DUE").decline_button is None
    assert overview.row_for("PAL-CAREGIVER-SUPPORT").decline_button is None
    window.tabs.show_tab("Palliative")

    card.decline_button.click()
    dialog = window.current_dialog
    assert dialog.windowTitle() == "Declined by the patient" and dialog.isVisible()
    intro = " ".join(label.text() for label in dialog.findChildren(QLabel))
    assert f"Records that the patient declined this on {TODAY:%d %b %Y}." in intro
    dialog.form.fields["reason"].setText("Prefers to wait until after the summer")
    dialog.save()
    qtbot.waitUntil(lambda: not dialog.isVisible())

    [response] = stored(db)
    assert (response.rule_id, response.response, response.reason, response.created_by) == (
        "PAL-REFERRAL", "declined", "Prefers to wait until after the summer", window.author.name)
    qtbot.waitUntil(lambda: "PAL-REFERRAL-DECLINED" in shown(panel))
    assert "PAL-REFERRAL" not in shown(panel)
    fact = panel.row_for("PAL-REFERRAL-DECLINED")
    assert fact.severity.text() == "INFO" and fact.decline_button is None
    assert fact.message.text().startswith(f"Palliative care referral declined on {TODAY:%d %b %Y}")
    assert "Prefers to wait until after the summer" in fact.details.text()
    overview = window.tabs.show_tab("Overview").prompts_panel
    assert "PAL-REFERRAL-DECLINED" in shown(overview) and "PAL-REFERRAL" not in shown(overview)

    # The answer is listed as the patient's decline, and withdrawing it brings the prompt back.
    panel = window.tabs.show_tab("Palliative").prompts_panel
    panel.answered_button.click()
    answered = window.current_dialog
    row = answered.row_for("PAL-REFERRAL")
    assert f"Declined by the patient; recorded by {window.author.name} on " in row.details.text()
    row.reopen_button.click()
    answered.reopen_dialog.form.fields["reason"].setText("Recorded for the wrong patient")
    answered.reopen_dialog.save()
    qtbot.waitUntil(lambda: "PAL-REFERRAL" in shown(panel))
    assert "PAL-REFERRAL-DECLINED" not in shown(panel)
    answered.reject()

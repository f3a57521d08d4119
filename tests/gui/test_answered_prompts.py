"""Answered prompts in the window: each prompts panel lists the prompts its answers hide, and a
clinician can reopen one (with a reason) so it shows on the tab again."""

from __future__ import annotations

from datetime import date

import pytest
from clinic_builders import open_tab, prompted_patient, shown
from PySide6.QtWidgets import QLabel
from sqlalchemy import select

from als_desktop.clinical.rules import RULES_BY_ID
from als_desktop.models import (
    PromptResponse,
    TeamAction,
)
from als_desktop.services import decision_support
from als_desktop.views.answered_prompts import AnsweredPromptsDialog

@pytest.fixture
def patient_id(db):
    return prompted_patient(db, "MRN-8201", "Answered")


def stored(db) -> list[PromptResponse]:
    with db.reading() as session:
        return list(session.scalars(select(PromptResponse)))


def open_answered(window, panel) -> AnsweredPromptsDialog:
    assert panel.answered_button.isVisible()
    panel.answered_button.click()
    dialog = window.current_dialog
    assert isinstance(dialog, AnsweredPromptsDialog) and dialog.isVisible()
    return dialog


def test_acknowledge_then_reopen_with_a_reason_brings_the_prompt_back(open_window, db_path, db, patient_id, qtbot):
    window, tab = open_tab(open_window, db_path, patient_id, "Palliative")
    panel = tab.prompts_panel
    assert not panel.answered_button.isVisible()  # nothing answered yet
    panel.row_for("PAL-REFERRAL").acknowledge_button.click()
    assert "PAL-REFERRAL" not in shown(panel)
    assert panel.answered_button.isVisible() and panel.answered_button.text() == "Answered (1)…"

    dialog = open_answered(window, panel)
    assert dialog.windowTitle() == "Answered prompts — Palliative care"
    row = dialog.row_for("PAL-REFERRAL")
    assert row.title.text() == RULES_BY_ID["PAL-REFERRAL"].title
    assert f"Acknowledged by {window.author.name} on " in row.details.text()

    row.reopen_button.click()
    reopen = dialog.reopen_dialog
    assert reopen.windowTitle() == "Reopen prompt" and reopen.isVisible()
    reopen.save()  # no reason
    assert reopen.isVisible() and "reason for reopening" in reopen.form.error_text("reason")
    assert stored(db)[0].voided_at is None and "PAL-REFERRAL" not in shown(panel)

    reopen.form.fields["reason"].setText("Acknowledged by mistake: referral not yet discussed")
    reopen.save()
    qtbot.waitUntil(lambda: not reopen.isVisible())
    qtbot.waitUntil(lambda: "PAL-REFERRAL" in shown(panel))
    assert not panel.answered_button.isVisible()
    assert dialog.isVisible() and dialog.rows == [] and dialog.empty.isVisible()
    [response] = stored(db)
    assert (response.void_reason, response.voided_by) == (
        "Acknowledged by mistake: referral not yet discussed", window.author.name)
    assert response.response == "acknowledged"  # kept in the record, only withdrawn
    dialog.reject()
    assert "PAL-REFERRAL" in shown(window.tabs.show_tab("Overview").prompts_panel)


def test_each_tab_lists_its_own_answers_and_the_overview_all(open_window, db_path, db, patient_id):
    window, pulmonary = open_tab(open_window, db_path, patient_id, "Pulmonary")
    pulmonary.prompts_panel.row_for("RESP-NIV-NICE").defer_button.click()
    defer = window.current_dialog
    defer.form.fields["reason"].setText("Patient wants to discuss it at home first")
    defer.form.fields["deferred_until"].set_value(date(2024, 8, 1))
    defer.save()
    palliative = window.tabs.show_tab("Palliative")
    palliative.prompts_panel.row_for("PAL-REFERRAL").acknowledge_button.click()

    assert palliative.prompts_panel.answered_button.text() == "Answered (1)…"
    pulmonary = window.tabs.show_tab("Pulmonary")
    dialog = open_answered(window, pulmonary.prompts_panel)
    assert [row.entry.rule_id for row in dialog.rows] == ["RESP-NIV-NICE"]
    details = dialog.row_for("RESP-NIV-NICE").details.text()
    assert "Deferred by gui.clinician" in details and "until 01 Aug 2024" in details
    assert "Patient wants to discuss it at home first" in details
    dialog.reject()

    overview = window.tabs.show_tab("Overview")
    assert overview.prompts_panel.answered_button.text() == "Answered (2)…"
    dialog = open_answered(window, overview.prompts_panel)
    assert dialog.windowTitle() == "Answered prompts"
    assert [row.entry.rule_id for row in dialog.rows] == ["PAL-REFERRAL", "RESP-NIV-NICE"]  # newest first
    assert dialog.row_for("RESP-NIV-NICE").title.text().startswith("Pulmonary / respiratory: ")
    dialog.reject()
    assert not window.tabs.show_tab("Nutrition").prompts_panel.answered_button.isVisible()


def test_reopening_a_team_action_prompt_says_the_action_stays_and_leaves_it(open_window, db_path, db, patient_id):
    window, tab = open_tab(open_window, db_path, patient_id, "Nutrition")
    panel = tab.prompts_panel
    panel.row_for("NUT-GASTROSTOMY-10PC").action_button.click()
    action = window.current_dialog
    action.form.fields["due_on"].set_value(date(2024, 7, 15))
    action.save()
    assert "NUT-GASTROSTOMY-10PC" not in shown(panel)

    dialog = open_answered(window, panel)
    row = dialog.row_for("NUT-GASTROSTOMY-10PC")
    assert "Team action created by gui.clinician" in row.details.text()
    assert "stays on the team plan" in row.details.text()
    row.reopen_button.click()
    reopen = dialog.reopen_dialog
    assert "does not cancel it" in " ".join(label.text() for label in reopen.findChildren(QLabel))
    reopen.form.fields["reason"].setText("Action was meant for the next visit's weight")
    reopen.save()

    assert "NUT-GASTROSTOMY-10PC" in shown(panel)
    with db.reading() as session:
        [team_action] = session.scalars(select(TeamAction)).all()
        assert (team_action.status, team_action.voided_at) == ("open", None)


def test_a_prompt_reopened_meanwhile_elsewhere_is_explained_and_the_list_reloads(
        open_window, db_path, db, patient_id, answers):
    window, tab = open_tab(open_window, db_path, patient_id, "Palliative")
    panel = tab.prompts_panel
    panel.row_for("PAL-REFERRAL").acknowledge_button.click()
    dialog = open_answered(window, panel)
    dialog.row_for("PAL-REFERRAL").reopen_button.click()
    reopen = dialog.reopen_dialog

    # Meanwhile a colleague reopens it at another workstation.
    [response] = stored(db)
    with db.transaction() as session:
        decision_support.reopen(session, response.id, response.version, "Wrong patient", "other.clinician")

    reopen.form.fields["reason"].setText("Acknowledged by mistake")
    reopen.save()
    assert not reopen.isVisible()
    assert "already reopened by other.clinician" in answers.seen[-1].text
    assert answers.seen[-1].title == "Reopening not saved"
    assert dialog.rows == [] and "PAL-REFERRAL" in shown(panel)
    assert stored(db)[0].void_reason == "Wrong patient"  # the colleague's reason stands


def test_an_answer_changed_meanwhile_is_not_reopened(open_window, db_path, db, patient_id, answers):
    window, tab = open_tab(open_window, db_path, patient_id, "Palliative")
    panel = tab.prompts_panel
    panel.row_for("PAL-REFERRAL").acknowledge_button.click()
    dialog = open_answered(window, panel)
    dialog.row_for("PAL-REFERRAL").reopen_button.click()
    reopen = dialog.reopen_dialog

    with db.transaction() as session:  # a colleague edits the answer at another workstation
        changed = session.scalars(select(PromptResponse)).one()
        changed.reason, changed.updated_by = "Discussed with the family", "other.clinician"

    reopen.form.fields["reason"].setText("Acknowledged by mistake")
    reopen.save()
    assert "changed by other.clinician" in answers.seen[-1].text
    assert "Nothing was reopened" in answers.seen[-1].text
    assert stored(db)[0].voided_at is None
    assert "PAL-REFERRAL" not in shown(panel)
    # The list shows the answer as it now is, ready to be reopened again.
    assert "Discussed with the family" in dialog.row_for("PAL-REFERRAL").details.text()

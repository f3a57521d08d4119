"""The Overview's team actions: a prompt's action is listed, marked done with a note, cancelled,
reopened, made by hand; overdue is marked; each change is in the action's history."""

from __future__ import annotations

import json
from datetime import date

import pytest
from clinic_builders import TODAY, add_patient, add_visit, open_tab, prompted_patient
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel
from sqlalchemy import select

from als_desktop.models import TeamAction
from als_desktop.models.history import ChangeEntry
from als_desktop.services import team_actions
from als_desktop.views.saving import Outcome
from als_desktop.views.team_actions_panel import OVERDUE, OVERDUE_COLOUR

SETUP = "setup.clinician"


def add_action(db, patient_id, due_on, description="Refer to the wheelchair service", owner="palliative"):
    with db.transaction() as session:
        return team_actions.create_action(session, patient_id, owner, description, due_on, SETUP, today=TODAY)


def stored(db, action_id) -> TeamAction:
    with db.reading() as session:
        return session.get(TeamAction, action_id)


def last_entry(db, action_id) -> ChangeEntry:
    with db.reading() as session:
        return session.scalars(select(ChangeEntry).where(ChangeEntry.row_id == action_id)
                               .order_by(ChangeEntry.seq.desc())).first()


def cell(panel, row: int, column: str, role=Qt.ItemDataRole.DisplayRole):
    titles = [c.title for c in panel.model.columns]
    return panel.model.data(panel.model.index(row, titles.index(column)), role)


@pytest.fixture
def patient_id(db):
    pid = add_patient(db, "MRN-7201", "Jo", "Actioned", onset_date=date(2023, 1, 15))
    add_visit(db, pid, date(2024, 6, 3))
    return pid


def test_open_actions_are_listed_with_the_overdue_one_marked(open_window, db_path, db, patient_id):
    overdue = add_action(db, patient_id, date(2024, 6, 29), "Chase the hospice referral")
    due_today = add_action(db, patient_id, TODAY, "Order a shower chair", owner="occupational_therapy")
    _window, overview = open_tab(open_window, db_path, patient_id, "Overview")
    panel = overview.team_actions_panel

    assert panel.isVisible() and panel.table.isVisible()
    assert panel.title() == "Team actions (2 open, 1 overdue)"
    assert [row.id for row in panel.model.rows] == [overdue, due_today]
    assert cell(panel, 0, "Due") == f"29 Jun 2024  {OVERDUE}"
    assert cell(panel, 0, "Due", Qt.ItemDataRole.ForegroundRole).color().name() == OVERDUE_COLOUR
    assert cell(panel, 1, "Due") == "30 Jun 2024"  # due today: not overdue yet
    assert cell(panel, 1, "Due", Qt.ItemDataRole.ForegroundRole) is None
    assert (cell(panel, 0, "Owner"), cell(panel, 0, "Action"), cell(panel, 0, "Status and note")) == (
        "Palliative care", "Chase the hospice referral", "Open")
    assert "Made by setup.clinician" in cell(panel, 0, "Action", Qt.ItemDataRole.ToolTipRole)
    # Nothing selected: only New… can be used.
    assert panel.new_button.isEnabled()
    assert not (panel.done_button.isEnabled() or panel.cancel_button.isEnabled() or panel.reopen_button.isEnabled())


def test_mark_done_with_a_note_then_reopen_with_a_reason(open_window, db_path, db, patient_id):
    action_id = add_action(db, patient_id, date(2024, 6, 1))
    window, overview = open_tab(open_window, db_path, patient_id, "Overview")
    panel = overview.team_actions_panel
    panel.select(action_id)
    assert panel.done_button.isEnabled() and not panel.reopen_button.isEnabled()

    panel.done_button.click()
    dialog = window.current_dialog
    assert dialog.windowTitle() == "Mark team action done"
    assert any("Refer to the wheelchair service" in label.text() for label in dialog.findChildren(QLabel))
    assert dialog.form.fields["completed_on"].value() == TODAY  # the window's day, not the computer's
    dialog.form.fields["note"].set_value("Referral sent 28 Jun")
    assert dialog.save() is Outcome.SAVED

    action = stored(db, action_id)
    assert (action.status, action.completed_on, action.updated_by) == ("done", TODAY, window.author.name)
    entry = last_entry(db, action_id)
    assert (entry.actor, entry.reason, json.loads(entry.fields)["status"]) == (
        window.author.name, "Referral sent 28 Jun", ["open", "done"])
    panel = window.tabs.show_tab("Overview").team_actions_panel
    assert panel.title() == "Team actions"
    assert panel.summary.text() == "None open; 1 done or cancelled in the last 90 days."
    assert cell(panel, 0, "Status and note") == f"Done 30 Jun 2024 ({window.author.name}): Referral sent 28 Jun"
    assert OVERDUE not in cell(panel, 0, "Due")  # done: no longer overdue

    panel.select(action_id)
    assert panel.reopen_button.isEnabled() and not panel.done_button.isEnabled()
    panel.history_button.click()  # the note is in the action's history, beside the change
    history = window.current_dialog
    newest = {history.model.columns[c].title: history.model.data(history.model.index(0, c))
              for c in range(history.model.columnCount())}
    assert (newest["Who"], newest["Reason"]) == (window.author.name, "Referral sent 28 Jun")
    assert "Status: Open → Done" in newest["Changes"]
    history.close()
    panel.reopen_button.click()
    dialog = window.current_dialog
    assert dialog.windowTitle() == "Reopen team action"
    assert dialog.save() is Outcome.INVALID  # a reason is required: nothing is written
    assert "Say why the action is reopened" in dialog.form.errors["note"].text()
    assert stored(db, action_id).status == "done"
    dialog.form.fields["note"].set_value("The referral bounced back")
    assert dialog.save() is Outcome.SAVED

    assert (stored(db, action_id).status, stored(db, action_id).completed_on) == ("open", None)
    assert last_entry(db, action_id).reason == "The referral bounced back"
    panel = window.tabs.show_tab("Overview").team_actions_panel
    assert panel.title() == "Team actions (1 open, 1 overdue)"
    assert cell(panel, 0, "Status and note") == f"Reopened {date.today():%d %b %Y} ({window.author.name}): The referral bounced back"
    assert cell(panel, 0, "Due") == f"01 Jun 2024  {OVERDUE}"


def test_cancel_needs_a_note(open_window, db_path, db, patient_id):
    action_id = add_action(db, patient_id, None)
    window, overview = open_tab(open_window, db_path, patient_id, "Overview")
    panel = overview.team_actions_panel
    panel.select(action_id)
    panel.cancel_button.click()
    dialog = window.current_dialog
    assert dialog.windowTitle() == "Cancel team action"
    assert dialog.save() is Outcome.INVALID
    assert "Say why the action is cancelled" in dialog.form.errors["note"].text()
    assert stored(db, action_id).status == "open"
    dialog.form.fields["note"].set_value("Patient declined")
    assert dialog.save() is Outcome.SAVED

    assert stored(db, action_id).status == "cancelled"
    assert last_entry(db, action_id).reason == "Patient declined"
    panel = window.tabs.show_tab("Overview").team_actions_panel
    assert cell(panel, 0, "Status and note") == f"Cancelled {date.today():%d %b %Y} ({window.author.name}): Patient declined"
    assert cell(panel, 0, "Due") == "no due date"


def test_a_stale_list_is_refused_and_read_again(open_window, db_path, db, patient_id, answers):
    action_id = add_action(db, patient_id, TODAY)
    window, overview = open_tab(open_window, db_path, patient_id, "Overview")
    panel = overview.team_actions_panel
    panel.select(action_id)
    with db.transaction() as session:  # another workstation closes it meanwhile
        team_actions.cancel(session, action_id, 1, "Duplicate of another action", "other.nurse", today=TODAY)
    panel.done_button.click()
    assert window.current_dialog.save() is Outcome.STALE
    assert "other.nurse" in answers.texts()
    assert stored(db, action_id).status == "cancelled"
    panel = window.tabs.show_tab("Overview").team_actions_panel
    assert cell(panel, 0, "Status and note").startswith("Cancelled ")


def test_new_action_by_hand_is_listed_open(open_window, db_path, db, patient_id):
    window, overview = open_tab(open_window, db_path, patient_id, "Overview")
    panel = overview.team_actions_panel
    assert not panel.table.isVisible() and panel.summary.isVisible() and panel.summary.text() == "None open."
    panel.new_button.click()
    dialog = window.current_dialog
    assert dialog.windowTitle().startswith("New team action — ACTIONED, Jo")
    assert dialog.save() is Outcome.INVALID  # no action typed
    assert dialog.form.errors["description"].text()
    dialog.form.fields["owner_discipline"].set_value("physiotherapy")
    dialog.form.fields["description"].set_value("Assess for a powered wheelchair")
    dialog.form.fields["due_on"].set_value(date(2024, 7, 31))
    assert dialog.save() is Outcome.SAVED

    with db.reading() as session:
        [action] = session.scalars(select(TeamAction).where(TeamAction.patient_id == patient_id)).all()
    assert (action.owner_discipline, action.description, action.due_on, action.status, action.created_by) == (
        "physiotherapy", "Assess for a powered wheelchair", date(2024, 7, 31), "open", window.author.name)
    assert action.visit_id is not None  # made on the visit shown
    panel = window.tabs.show_tab("Overview").team_actions_panel
    assert panel.title() == "Team actions (1 open)" and cell(panel, 0, "Owner") == "Physical therapy"


def test_an_action_made_from_a_prompt_appears_with_its_source(open_window, db_path, db):
    patient_id = prompted_patient(db, "MRN-7202", "Prompted")
    window, overview = open_tab(open_window, db_path, patient_id, "Overview")
    prompt_row = overview.prompts_panel.row_for("PAL-REFERRAL")
    prompt_row.action_button.click()
    dialog = window.current_dialog
    dialog.form.fields["due_on"].set_value(date(2024, 6, 15))
    assert dialog.save() is Outcome.SAVED

    panel = window.tabs.show_tab("Overview").team_actions_panel
    [row] = panel.model.rows
    assert (row.rule_id, row.owner_discipline, row.overdue) == ("PAL-REFERRAL", "palliative", True)
    assert "From a prompt; source:" in cell(panel, 0, "Action", Qt.ItemDataRole.ToolTipRole)
    panel.select(row.id)
    assert panel.history_button.isEnabled()

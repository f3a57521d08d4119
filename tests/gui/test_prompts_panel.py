"""Prompts in the window: on the Overview (all) and on the owning tab (its own), and the
clinician's answers to them (acknowledge, defer with a reason, team action)."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from clinic_builders import (
    TODAY,
    CarePlanningDecision,
    add_visit,
    open_tab,
    prompted_patient,
    record_for_patient,
    shown,
)
from sqlalchemy import select

from als_desktop.models import (
    PromptResponse,
    TeamAction,
    WeightMeasurement,
)


@pytest.fixture
def patient_id(db):
    return prompted_patient(db, "MRN-8101", "Prompted")



def responses(db) -> list[PromptResponse]:
    with db.reading() as session:
        return list(session.scalars(select(PromptResponse)))


def test_overview_shows_every_prompt_and_each_tab_only_its_own(open_window, db_path, patient_id):
    window, overview = open_tab(open_window, db_path, patient_id, "Overview")
    on_overview = shown(overview.prompts_panel)
    assert {"NUT-GASTROSTOMY-10PC", "PAL-REFERRAL", "RESP-NIV-NICE"} <= set(on_overview)
    # The owner is named on the Overview; severity is a word as well as a colour.
    row = overview.prompts_panel.row_for("RESP-NIV-NICE")
    assert row.severity.text() == "ACTION"
    assert row.message.text().startswith("Pulmonary / respiratory: Discuss non-invasive ventilation")
    assert "FVC 48 % &lt; 50 %" in row.details.text() and "NICE NG42 (2016)" in row.details.text()
    due = overview.prompts_panel.row_for("RESP-TESTS-DUE")
    assert due.severity.text() == "DUE" and "(due 16 Apr 2024)" in due.message.text()
    setting = overview.prompts_panel.row_for("NUT-WEIGHT-EARLY")
    assert "Clinic setting in force</b> 5 % of reference weight" in setting.details.text()

    for title, code in (("Nutrition", "nutrition"), ("Pulmonary", "pulmonary"), ("Palliative", "palliative")):
        panel = window.tabs.show_tab(title).prompts_panel
        assert shown(panel) == [p for p in on_overview if overview.prompts_panel.row_for(p).prompt.discipline == code]
        assert shown(panel), title
        assert panel.isVisible() and not panel.empty.isVisible()
    # The diagnostic delay is a fact on the Overview, not a prompt: no neurology prompt here.
    for title in ("SLP", "Neurology"):
        empty = window.tabs.show_tab(title).prompts_panel
        assert shown(empty) == [] and empty.empty.isVisible() and empty.empty.text() == "No prompts in force."


def test_acknowledge_hides_the_prompt_and_records_who_and_when(open_window, db_path, db, patient_id):
    window, tab = open_tab(open_window, db_path, patient_id, "Palliative")
    assert "PAL-REFERRAL" in shown(tab.prompts_panel)
    tab.prompts_panel.row_for("PAL-REFERRAL").acknowledge_button.click()

    assert "PAL-REFERRAL" not in shown(tab.prompts_panel)
    assert "PAL-REFERRAL" not in shown(window.tabs.show_tab("Overview").prompts_panel)
    assert window.author.name == "gui.clinician"  # the window's user, not the one who set up the record
    [stored] = responses(db)
    assert (stored.rule_id, stored.response, stored.created_by) == ("PAL-REFERRAL", "acknowledged", window.author.name)
    assert stored.created_at is not None and stored.patient_id == patient_id


def test_defer_needs_a_reason_and_stores_nothing_without_one(open_window, db_path, db, patient_id, qtbot):
    window, tab = open_tab(open_window, db_path, patient_id, "Pulmonary")
    dialog = tab.prompts_panel.row_for("RESP-NIV-NICE").defer_button.click() or window.current_dialog
    assert dialog.windowTitle() == "Defer prompt"
    dialog.save()
    assert dialog.isVisible()
    assert "reason" in dialog.form.error_text("reason").lower()
    assert responses(db) == []
    assert "RESP-NIV-NICE" in shown(tab.prompts_panel)

    dialog.form.fields["reason"].setText("Patient wants to discuss it at home first")
    dialog.form.fields["deferred_until"].set_value(date(2024, 8, 1))
    dialog.save()
    assert not dialog.isVisible()
    [stored] = responses(db)
    assert (stored.response, stored.reason, stored.deferred_until) == (
        "deferred", "Patient wants to discuss it at home first", date(2024, 8, 1))
    assert "RESP-NIV-NICE" not in shown(tab.prompts_panel)


def test_a_defer_date_in_the_past_is_refused_at_the_field(open_window, db_path, db, patient_id):
    window, tab = open_tab(open_window, db_path, patient_id, "Pulmonary")
    tab.prompts_panel.row_for("RESP-NIV-NICE").defer_button.click()
    dialog = window.current_dialog
    dialog.form.fields["reason"].setText("Waiting for the sleep study")
    dialog.form.fields["deferred_until"].set_value(date(2024, 6, 1))
    dialog.save()
    assert dialog.isVisible() and "later date than today" in dialog.form.error_text("deferred_until")
    assert responses(db) == []


def test_team_action_is_created_with_owner_and_due_date(open_window, db_path, db, patient_id):
    window, tab = open_tab(open_window, db_path, patient_id, "Nutrition")
    tab.prompts_panel.row_for("NUT-GASTROSTOMY-10PC").action_button.click()
    dialog = window.current_dialog
    assert dialog.windowTitle() == "Create team action"
    assert dialog.form.fields["owner_discipline"].value() == "nutrition"
    assert dialog.form.fields["description"].value().startswith("Weight loss is above 10 %")
    dialog.form.fields["owner_discipline"].set_value("gastroenterology")
    dialog.form.fields["due_on"].set_value(date(2024, 7, 15))
    dialog.save()
    assert not dialog.isVisible()

    with db.reading() as session:
        [action] = session.scalars(select(TeamAction)).all()
        [stored] = session.scalars(select(PromptResponse)).all()
        assert (action.owner_discipline, action.due_on, action.rule_id, action.created_by) == (
            "gastroenterology", date(2024, 7, 15), "NUT-GASTROSTOMY-10PC", window.author.name)
        assert action.description.startswith("Weight loss is above 10 %")
        assert action.source.startswith("ALS management guide")
        assert (stored.response, stored.team_action_id) == ("action_created", action.id)
    assert "NUT-GASTROSTOMY-10PC" not in shown(tab.prompts_panel)


def test_a_team_action_needs_a_description(open_window, db_path, db, patient_id):
    window, tab = open_tab(open_window, db_path, patient_id, "Nutrition")
    tab.prompts_panel.row_for("NUT-GASTROSTOMY-10PC").action_button.click()
    dialog = window.current_dialog
    dialog.form.fields["description"].set_value("")
    dialog.save()
    assert dialog.isVisible() and dialog.form.error_text("description")
    assert responses(db) == []


def test_a_prompt_that_no_longer_fires_is_explained_and_the_panel_reloads(
        open_window, db_path, db, patient_id, answers):
    _window, tab = open_tab(open_window, db_path, patient_id, "Palliative")
    row = tab.prompts_panel.row_for("PAL-ACP")
    # Meanwhile someone records every advance care planning decision elsewhere.
    for topic in ("resuscitation", "ventilatory_support", "nutrition_hydration", "place_of_death"):
        record_for_patient(db, patient_id, CarePlanningDecision, {
            "topic": topic, "decision": "Discussed with the family", "discussed_on": date(2024, 6, 3)})
    row.acknowledge_button.click()
    assert "no longer applies" in answers.seen[-1].text
    assert responses(db) == []
    assert "PAL-ACP" not in shown(tab.prompts_panel)


def test_a_prompt_never_blocks_recording(open_window, db_path, db, patient_id, qtbot):
    _window, tab = open_tab(open_window, db_path, patient_id, "Nutrition")
    assert "NUT-GASTROSTOMY-10PC" in shown(tab.prompts_panel)
    tab.weight.input.edit.setText("59.5")
    tab.weight.record()
    with db.reading() as session:
        assert 59.5 in session.scalars(select(WeightMeasurement.weight_kg)).all()
    assert "NUT-GASTROSTOMY-10PC" in shown(tab.prompts_panel)


def test_clinic_menu_opens_settings_and_the_worklist(open_window, db_path, patient_id, qtbot):
    window = open_window(db_path, today=TODAY)
    window.settings_action.trigger()
    dialog = window.current_dialog
    assert dialog is not None and "settings" in dialog.windowTitle().lower()
    dialog.reject()

    worklist = pytest.importorskip("als_desktop.views.worklist", reason="the worklist window is not built yet")
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window, Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    view = window.findChild(worklist.WorklistView)
    assert view is not None and view.isVisible()
    assert view.wait_for_reading(10_000)
    view.close()


def test_show_patient_visit_opens_the_patient_on_that_visit(open_window, db_path, db, patient_id):
    later = add_visit(db, patient_id, date(2024, 5, 2))
    window = open_window(db_path, today=TODAY)
    assert window.patient is None
    window.show_patient_visit(patient_id)
    assert window.patient.id == patient_id and window.current_visit().id == later  # the latest visit
    earlier = window.visit_rows[-1].id
    window.show_patient_visit(patient_id, earlier)
    assert window.current_visit().id == earlier
    assert window.tabs.visit.id == earlier  # the tabs show that visit too


def test_an_estimate_beside_a_prompt_has_its_own_line_and_is_never_read_as_a_measurement():
    from als_desktop.clinical.prompts import Prompt, Severity
    from als_desktop.views.prompts_panel import PromptRow

    prompt = Prompt(
        "RESP-NIV-SYMPTOMS", "pulmonary", Severity.ACTION, "Consider NIV.", "the guide",
        (("Symptoms", "orthopnoea"), ("Estimate", "FVC reaches 50 % predicted around Jul 2028 (…).")),
    )
    lines = PromptRow.details_html(prompt).split("<br>")
    assert lines[0] == "<b>Because</b> Symptoms orthopnoea"
    assert lines[1] == "<b>Estimate</b> <i>FVC reaches 50 % predicted around Jul 2028 (…).</i>"

"""The team care plan's content, filled from a record kept in a real database file.

The record (tests/reports/conftest.py) has four earlier visits and one full visit; the plan of a
visit must show that visit's findings, the actions and prompts in force on the plan's day, and
nothing voided.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

import als_desktop
from als_desktop.clinical import sources
from als_desktop.db import Database
from als_desktop.models import (
    AlsfrsAssessment,
    Medication,
    Patient,
    RespiratoryAssessment,
    Visit,
)
from als_desktop.reports.content import DisciplineSection, Fact, PlanAction, TeamPlan
from als_desktop.services import decision_support, patient_records, patients, visits
from als_desktop.services.errors import NotFoundError
from als_desktop.services.team_plan import team_plan_for, team_present, visit_on

AUTHOR = "test.clinician"


# ---------------------------------------------------------------------------- helpers


def section(plan: TeamPlan, code: str) -> DisciplineSection:
    return next(s for s in plan.sections if s.discipline == code)


def findings(plan: TeamPlan, code: str) -> dict[str, str]:
    return {fact.label: fact.value for fact in section(plan, code).findings}


def fact(facts: tuple[Fact, ...], label: str) -> Fact:
    return next(f for f in facts if f.label == label)


def action(plan: TeamPlan, rule_id: str | None = None, description: str | None = None) -> PlanAction:
    found = [a for a in plan.actions
             if (rule_id is None or a.rule_id == rule_id) and (description is None or a.description == description)]
    assert len(found) == 1, f"expected one action for {rule_id or description}, found {found}"
    return found[0]


def every_text(plan: TeamPlan) -> str:
    """Every word the plan would print, to show that something is nowhere in it."""
    parts: list[str] = []
    for f in (*plan.disease, *plan.liver_tests, *(f for s in plan.sections for f in s.findings)):
        parts += [f.label, f.value]
    for a in plan.actions:
        parts += [a.description, a.source, a.estimate or ""]
    for m in plan.medications:
        parts += [m.drug, m.detail, *(f"{f.label} {f.value}" for f in m.schedule)]
    for c in plan.care_planning:
        parts += [c.topic, c.status, c.detail]
    parts += [*plan.visit.team_present, plan.visit.notes or ""]
    return "\n".join(parts)


def plan_of(db: Database, plan_record, **options) -> TeamPlan:
    with db.transaction() as session:
        return team_plan_for(session, plan_record.patient_id, today=plan_record.today, **options)


# ---------------------------------------------------------------------------- identity and visit


def test_identity_visit_and_team_present(team_plan: TeamPlan, plan_record) -> None:
    identity = team_plan.identity
    assert (identity.name, identity.mrn, identity.sex) == ("TESTCASE, Morgan", "PLAN-0001", "Male")
    assert identity.date_of_birth == date(1958, 7, 3)
    assert identity.age_years == 67
    assert identity.deceased_on is None

    assert team_plan.visit.visit_date == plan_record.visit_date  # the latest live visit, not the voided later one
    assert team_plan.visit.site == "Northside outreach"
    assert team_plan.visit.team_present == (
        "Dr Ada Neuro (neurology)", "Ben Speech (SLP)", "Cara Diet (dietitian)", "Dee Lung (respiratory)",
    )
    assert team_plan.visit.notes == "Joint review with family present."
    assert team_plan.as_of == plan_record.today
    assert team_plan.generated_at == plan_record.generated_at
    assert team_plan.program_version == als_desktop.__version__


def test_team_present_is_split_on_commas_semicolons_and_lines() -> None:
    assert team_present(" Dr A ; B, C\n\nD ,") == ("Dr A", "B", "C", "D")
    assert team_present(None) == ()
    assert team_present("  ") == ()


def test_disease_summary_with_sources(team_plan: TeamPlan) -> None:
    disease = team_plan.disease
    assert [f.label for f in disease] == [
        "Symptom onset", "Diagnosis", "Diagnostic delay", "Onset region", "Diagnostic criteria",
        "King's stage", "MiToS stage", "ΔFRS",
    ]
    assert fact(disease, "Symptom onset").value == "10 May 2024"
    assert fact(disease, "Diagnosis").value == "14 Jan 2025"
    assert fact(disease, "Diagnostic delay").value == "8.2 months"
    assert fact(disease, "Onset region").value == "Lower limb"
    kings = fact(disease, "King's stage")
    assert kings.value.startswith("3: bulbar, upper limb, lower limb")
    assert "12 Mar 2026" in kings.value  # which ALSFRS-R the stage comes from
    assert kings.source == sources.KINGS
    assert fact(disease, "MiToS stage").value.startswith("0: no domain lost")
    assert fact(disease, "MiToS stage").source == sources.MITOS
    # (48 − 36) / 22.07 months = 0.54: intermediate (Kimura)
    delta = fact(disease, "ΔFRS")
    assert delta.value.startswith("0.54 points/month: intermediate progression")
    assert delta.source == sources.DELTA_FRS


# ---------------------------------------------------------------------------- findings of the visit


def test_sections_in_order_then_other_owners_of_open_actions(team_plan: TeamPlan) -> None:
    codes = [s.discipline for s in team_plan.sections]
    assert codes == ["neurology", "slp", "nutrition", "pulmonary", "palliative", "physiotherapy",
                     "occupational_therapy"]
    # Occupational therapy's only action is done: its section lists it as recently closed, no open action.
    assert section(team_plan, "occupational_therapy").actions == ()
    assert section(team_plan, "slp").title == "Speech-language pathology"
    assert section(team_plan, "physiotherapy").findings == ()


def test_findings_are_those_of_the_visit_with_units(team_plan: TeamPlan) -> None:
    neurology = findings(team_plan, "neurology")
    assert neurology["ALSFRS-R total"] == "36 / 48"
    assert neurology["ALSFRS-R bulbar"] == "9 / 12"
    assert neurology["ALSFRS-R gross motor"] == "7 / 12"

    slp = findings(team_plan, "slp")
    assert slp["Speech intelligibility"] == "70 %"  # not the earlier visit's 90 %
    assert slp["Speaking rate"] == "105 words/min"
    assert slp["AAC status"] == "Planned"
    assert slp["EAT-10 score"].startswith("12 / 40")
    assert slp["IDDSI drinks"] == "1 Slightly thick"
    assert slp["IDDSI foods"] == "6 Soft & bite-sized"

    nutrition = findings(team_plan, "nutrition")
    assert nutrition["Weight"] == "75 kg"
    assert nutrition["BMI"] == "24.5 kg/m² (height 175 cm)"
    assert nutrition["Weight change"] == "6.2 % lost against the premorbid (usual) weight 80 kg"
    assert nutrition["Gastrostomy status"] == "Discussed"  # not the earlier visit's "Not discussed"
    assert nutrition["Oral supplements (ONS)"] == "Yes: Two bottles a day"

    pulmonary = findings(team_plan, "pulmonary")
    assert pulmonary["FVC sitting"] == "64 % predicted"
    assert pulmonary["FVC supine"] == "55 % predicted"
    assert pulmonary["SNIP"] == "52 cmH₂O"
    assert pulmonary["MIP"] == "62 cmH₂O"
    assert pulmonary["Peak cough flow"] == "240 L/min"
    assert pulmonary["SpO₂ (awake)"] == "95 %"
    assert pulmonary["CO₂"] == "44 mmHg (5.87 kPa), Arterial (PaCO₂)"
    assert pulmonary["Respiratory symptoms"] == "Dyspnoea on exertion, weak cough"
    assert pulmonary["NIV status"] == "Not indicated"
    assert pulmonary["Cough assist (MI-E) started"] == "12 Mar 2026 (Home loan device)"

    palliative = findings(team_plan, "palliative")
    assert palliative["Referred to palliative care"] == "12 Mar 2026"
    assert palliative["Pain"] == "Mild"  # not the earlier visit's "Severe"
    assert palliative["Caregiver support offered"] == "Yes"


def test_plan_of_an_earlier_visit_shows_that_visits_findings(db: Database, plan_record) -> None:
    earlier_id = plan_record.earlier_visit_ids[-1]
    plan = plan_of(db, plan_record, visit_id=earlier_id)

    assert plan.visit.visit_date == plan_record.earlier_visit_dates[-1]
    assert plan.visit.team_present == ("Dr Old Visit",)
    assert findings(plan, "neurology")["ALSFRS-R total"] == "41 / 48"
    assert findings(plan, "slp") == {"Speech intelligibility": "90 %", "Speaking rate": "140 words/min"}
    assert findings(plan, "nutrition")["Weight"] == "76 kg"
    assert findings(plan, "nutrition")["Gastrostomy status"] == "Not discussed"
    assert findings(plan, "pulmonary") == {"FVC sitting": "70 % predicted", "SNIP": "70 cmH₂O"}
    assert findings(plan, "palliative") == {"Pain": "Severe", "Caregiver support offered": "No"}
    # Measures and prompts are as the record stood that day: the stage comes from that visit's
    # form, not from the later one (issue: a plan of a past visit reads nothing recorded later).
    from als_desktop.clinical.rules_common import shown_date

    stage = fact(plan.disease, "King's stage").value
    assert shown_date(plan_record.earlier_visit_dates[-1]) in stage and "12 Mar 2026" not in stage
    assert plan.as_of == plan_record.earlier_visit_dates[-1]


def test_a_discipline_that_recorded_nothing_has_an_empty_section(db: Database, plan_record) -> None:
    plan = plan_of(db, plan_record, visit_id=plan_record.earlier_visit_ids[0])
    assert findings(plan, "slp") == {}
    assert findings(plan, "palliative") == {}
    assert [s.discipline for s in plan.sections][:5] == ["neurology", "slp", "nutrition", "pulmonary", "palliative"]


def test_voided_values_are_nowhere_in_the_plan(team_plan: TeamPlan, plan_record) -> None:
    text = every_text(team_plan)
    assert f"{plan_record.voided_weight_kg:g} kg" not in text
    assert "Dr Wrong Patient" not in text
    assert "Entered in error" not in text  # a voided advance care planning decision
    assert [f.value for f in section(team_plan, "nutrition").findings].count("75 kg") == 1
    weights = [point.value for point in team_plan.trends.weight.weight.points]
    assert weights == [79.0, 78.0, 77.0, 76.0, 75.0]  # neither the voided weight nor the voided visit's


# ---------------------------------------------------------------------------- actions and prompts


def test_open_team_actions_with_owner_due_date_and_source(team_plan: TeamPlan, plan_record) -> None:
    physio = action(team_plan, description=plan_record.physio_action)
    assert (physio.owner, physio.owner_label, physio.kind) == ("physiotherapy", "Physical therapy", "action")
    assert physio.due_on == date(2026, 4, 1)
    assert physio.source == "team action by plan.clinician"
    assert physio in section(team_plan, "physiotherapy").actions

    assert plan_record.done_action not in every_text(team_plan)  # not among the open actions


def test_a_prompt_turned_into_a_team_action_is_shown_once(team_plan: TeamPlan, plan_record) -> None:
    weight = action(team_plan, rule_id="NUT-WEIGHT-EARLY")  # the prompt still fires, but only the action shows
    assert weight.kind == "action"
    assert weight.description == plan_record.weight_action
    assert weight.due_on == date(2026, 4, 15)
    assert weight.source.startswith("ALS management guide")
    assert weight in section(team_plan, "nutrition").actions
    # The projection goes with it: five weights over a year, falling towards the 10 % line.
    assert weight.estimate is not None
    assert weight.estimate.startswith("Estimate: weight reaches 10 % loss (72.0 kg) around")


def test_prompts_in_force_with_source_due_date_and_estimate(team_plan: TeamPlan) -> None:
    alt = action(team_plan, rule_id="NEU-RILUZOLE-ALT-DUE")
    assert (alt.kind, alt.owner, alt.severity) == ("prompt", "neurology", "due")
    assert alt.due_on == date(2026, 4, 1)  # the 12-month test after a start on 1 Apr 2025
    assert alt.source.startswith(sources.RILUZOLE_SMPC)
    assert alt.estimate is None

    niv = action(team_plan, rule_id="RESP-NIV-NICE")  # one card for every NIV criterion
    assert (niv.kind, niv.owner, niv.severity) == ("prompt", "pulmonary", "action")
    assert niv.source.startswith(sources.GUIDE)
    assert niv in section(team_plan, "pulmonary").actions
    # FVC 88, 81, 75, 70, 64 % over a year: about 2 % a month, 50 % around Oct 2026.
    assert niv.estimate == team_plan.trends.respiratory.estimate.text()
    assert niv.estimate.startswith("Estimate: FVC reaches 50 % predicted around Oct 2026")

    planning = action(team_plan, rule_id="PAL-ACP")
    assert planning.estimate is None


def test_an_acknowledged_prompt_is_not_on_the_plan(db: Database, plan_record) -> None:
    with db.transaction() as session:
        decision_support.respond(session, plan_record.patient_id, "PAL-ACP", "acknowledged", AUTHOR,
                                 today=plan_record.today)
    plan = plan_of(db, plan_record)
    assert all(a.rule_id != "PAL-ACP" for a in plan.actions)
    assert any(a.rule_id == "NEU-RILUZOLE-ALT-DUE" for a in plan.actions)


def test_no_estimate_without_enough_points(db: Database) -> None:
    with db.transaction() as session:
        patient_id = patients.create_patient(session, {
            "mrn": "FEW-1", "given_name": "Few", "family_name": "Points", "date_of_birth": date(1960, 1, 1),
            "onset_date": date(2025, 1, 1),
        }, AUTHOR, today=date(2026, 3, 20)).id
    for day, fvc in ((date(2026, 1, 8), 70.0), (date(2026, 3, 12), 60.0)):
        with db.transaction() as session:
            visit = visits.create_visit(session, patient_id, {"visit_date": day}, AUTHOR, today=date(2026, 3, 20))
            visits.record_on_visit(session, RespiratoryAssessment, visit.id,
                                   {"fvc_percent_sitting": fvc, "orthopnoea": True}, AUTHOR, today=date(2026, 3, 20))
    with db.transaction() as session:
        plan = team_plan_for(session, patient_id, today=date(2026, 3, 20))
    niv = action(plan, rule_id="RESP-NIV-NICE")
    assert niv.estimate is None
    assert plan.trends.respiratory.estimate is None


# ---------------------------------------------------------------------------- medicines and planning


def test_active_medicines_with_their_schedule(team_plan: TeamPlan) -> None:
    drugs = {m.drug: m for m in team_plan.medications}
    assert set(drugs) == {"riluzole", "baclofen"}  # amitriptyline was stopped in Dec 2025
    riluzole = drugs["riluzole"]
    assert riluzole.detail == "50 mg, oral, twice daily"
    assert riluzole.started_on == date(2025, 4, 1)
    assert riluzole.schedule == (Fact("Next liver test (ALT) due", "01 Apr 2026", sources.RILUZOLE_SMPC),)
    assert drugs["baclofen"].schedule == ()


def test_latest_liver_tests_against_the_upper_limit(team_plan: TeamPlan) -> None:
    assert [(f.label, f.value) for f in team_plan.liver_tests] == [
        ("Taken 02 Jan 2026", "ALT 40 U/L: 1 × ULN (40 U/L)"),
        ("Taken 01 Oct 2025", "ALT 34 U/L: 0.85 × ULN (40 U/L)"),
        ("Taken 01 Jul 2025", "ALT 35 U/L: 0.88 × ULN (40 U/L)"),
    ]


def test_tofersen_and_edaravone_schedules(db: Database, plan_record) -> None:
    today = plan_record.today
    with db.transaction() as session:
        tofersen = patient_records.record_for_patient(session, Medication, plan_record.patient_id, {
            "drug_name": "Tofersen", "category": "disease_modifying", "dose_amount": 100.0, "dose_unit": "mg",
            "route": "intrathecal", "started_on": date(2026, 2, 1),
        }, AUTHOR, today=today)
        for given in (date(2026, 2, 1), date(2026, 2, 15), date(2026, 3, 1)):
            patient_records.record_dose(session, tofersen.id, {"given_on": given}, AUTHOR, today=today)
        patient_records.record_for_patient(session, Medication, plan_record.patient_id, {
            "drug_name": "edaravone", "category": "disease_modifying", "route": "iv", "started_on": date(2026, 1, 5),
        }, AUTHOR, today=today)
    plan = plan_of(db, plan_record)
    drugs = {m.drug: m for m in plan.medications}
    # Three loading doses given: the next is 28 days after the last (Qalsody label).
    assert drugs["Tofersen"].schedule == (
        Fact("Next dose due", "29 Mar 2026", sources.TOFERSEN_LABEL),
        Fact("Last dose given", "01 Mar 2026"),
    )
    assert drugs["Tofersen"].detail == "100 mg, intrathecal"
    # Cycles of 28 days from 5 Jan 2026: the next after 20 Mar starts on 30 Mar.
    assert drugs["edaravone"].schedule == (Fact("Next 28-day cycle starts", "30 Mar 2026", sources.EDARAVONE_LABEL),)
    assert drugs["edaravone"].detail == "intravenous"


def test_care_planning_status_of_every_topic(team_plan: TeamPlan, plan_record) -> None:
    lines = {line.topic: line for line in team_plan.care_planning}
    assert list(lines) == [
        "Resuscitation status", "Ventilatory support (NIV, tracheostomy)",
        "Artificial nutrition and hydration", "Preferred place of death",
    ]
    ventilation = lines["Ventilatory support (NIV, tracheostomy)"]
    assert ventilation.status == f"{plan_record.ventilation_decision} (discussed 12 Mar 2026)"
    assert ventilation.detail == "Document: Advance directive; proxy: Sam Testcase"
    assert lines["Resuscitation status"].status == "Not yet discussed"


def test_trends_are_part_of_the_plan(team_plan: TeamPlan) -> None:
    fvc = [point.value for point in team_plan.trends.respiratory.fvc_sitting.points]
    assert fvc == [88.0, 81.0, 75.0, 70.0, 64.0]
    assert team_plan.trends.today == team_plan.as_of


# ---------------------------------------------------------------------------- choosing the visit


def test_no_visit_is_a_clear_error(db: Database) -> None:
    with db.transaction() as session:
        patient_id = patients.create_patient(session, {
            "mrn": "NOVISIT-1", "given_name": "No", "family_name": "Visit", "date_of_birth": date(1970, 2, 2),
        }, AUTHOR).id
    with db.transaction() as session, pytest.raises(NotFoundError, match="NOVISIT-1 has no visit recorded"):
        team_plan_for(session, patient_id)


def test_voided_visit_or_another_patients_visit_is_refused(db: Database, plan_record) -> None:
    with db.transaction() as session:
        other = patients.create_patient(session, {
            "mrn": "OTHER-1", "given_name": "Other", "family_name": "Person", "date_of_birth": date(1970, 2, 2),
        }, AUTHOR)
        other_visit = visits.create_visit(session, other.id, {"visit_date": date(2026, 1, 5)}, AUTHOR)
    for visit_id in (plan_record.voided_visit_id, other_visit.id):
        with db.transaction() as session, pytest.raises(NotFoundError, match="PLAN-0001"):
            team_plan_for(session, plan_record.patient_id, visit_id=visit_id)


def test_voided_patient_is_refused(db: Database, plan_record) -> None:
    with db.transaction() as session:
        patient = session.get(Patient, plan_record.patient_id)
        patients.void_patient(session, patient.id, patient.version, "registered twice", AUTHOR)
    with db.transaction() as session, pytest.raises(NotFoundError):
        team_plan_for(session, plan_record.patient_id)
    with db.transaction() as session, pytest.raises(NotFoundError):
        visit_on(session, plan_record.patient_id, plan_record.visit_date)


def test_visit_on_a_date(db: Database, plan_record) -> None:
    with db.transaction() as session:
        found = visit_on(session, plan_record.patient_id, plan_record.visit_date)
        assert found.id == plan_record.visit_id
        assert found.site == "Northside outreach"
        with pytest.raises(NotFoundError, match="No visit on 19 Nov 2023 for MRN PLAN-0001"):
            visit_on(session, plan_record.patient_id, date(2023, 11, 19))
        with pytest.raises(NotFoundError, match="No visit on 16 Mar 2026"):  # that visit was voided
            visit_on(session, plan_record.patient_id, plan_record.voided_visit_date)


# ---------------------------------------------------------------------------- reading only, days


def test_making_a_plan_writes_nothing(db: Database, plan_record) -> None:
    with db.transaction() as session:
        team_plan_for(session, plan_record.patient_id, today=plan_record.today)
        assert not session.new and not session.dirty and not session.deleted
    with db.transaction() as session:
        versions = {v.id: v.version for v in session.query(Visit)}
        team_plan_for(session, plan_record.patient_id, today=plan_record.today)
        session.flush()
        assert {v.id: v.version for v in session.query(Visit)} == versions


def test_defaults_today_and_now_in_utc(db: Database, plan_record) -> None:
    before = datetime.now(UTC)
    with db.transaction() as session:
        plan = team_plan_for(session, plan_record.patient_id)
    assert plan.as_of == date.today()
    assert plan.generated_at.tzinfo is not None
    assert before <= plan.generated_at <= datetime.now(UTC)
    with db.transaction() as session, pytest.raises(ValueError, match="timezone-aware"):
        team_plan_for(session, plan_record.patient_id, generated_at=datetime(2026, 3, 20, 12, 0))


def test_deceased_patient_has_no_next_doses_or_prompts(db: Database, plan_record) -> None:
    with db.transaction() as session:
        patient = session.get(Patient, plan_record.patient_id)
        patients.update_patient(session, patient.id, patient.version, {"date_of_death": date(2026, 3, 18)}, AUTHOR,
                                today=plan_record.today)
    plan = plan_of(db, plan_record)
    assert plan.identity.deceased_on == date(2026, 3, 18)
    assert plan.identity.age_years == 67
    assert all(a.kind == "action" for a in plan.actions)
    riluzole = next(m for m in plan.medications if m.drug == "riluzole")
    assert riluzole.schedule == ()


def test_an_incomplete_alsfrs_r_gives_no_total(db: Database, plan_record) -> None:
    with db.transaction() as session:
        visit = visits.create_visit(session, plan_record.patient_id, {"visit_date": date(2026, 3, 19)}, AUTHOR,
                                    today=plan_record.today)
        visits.record_on_visit(session, AlsfrsAssessment, visit.id, {"speech": 2, "salivation": 3}, AUTHOR,
                               today=plan_record.today)
    plan = plan_of(db, plan_record)
    assert plan.visit.visit_date == date(2026, 3, 19)
    assert findings(plan, "neurology") == {"ALSFRS-R total": "incomplete: 2 of 12 items scored"}
    # The stages still come from the latest complete form, and say which one.
    assert "12 Mar 2026" in fact(plan.disease, "King's stage").value

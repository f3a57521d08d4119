"""A prompt the patient declined (reference section 11): quiet while the decline stands, shown
as a fact with its date, back (saying what worsened) when its measure is worse than at the
decision, an equal value staying quiet. Only prompts to plan, start or assess for care can be
declined; monitoring prompts are refused. Through the rules on plain snapshots, then through the
service on a real database file."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, date, datetime

import pytest
from decision_helpers import AUTHOR
from sqlalchemy import select, update

from als_desktop.clinical import rules
from als_desktop.clinical.alsfrs import ITEMS
from als_desktop.clinical.prompts import Prompt, Severity
from als_desktop.clinical.respiratory import Measures
from als_desktop.clinical.settings import ClinicSettings
from als_desktop.clinical.snapshot import (
    AlsfrsEntry,
    DeclinedPrompt,
    InterventionEntry,
    NutritionEntry,
    PatientSnapshot,
    RespiratoryEntry,
    SlpEntry,
    WeightEntry,
)
from als_desktop.db import Database
from als_desktop.models import Medication, Patient, PromptResponse, RespiratoryAssessment, Visit
from als_desktop.services import visits
from als_desktop.services.decision_support import prompts_for, respond, summary_for
from als_desktop.services.errors import ValidationError
from als_desktop.services.patient_records import record_for_patient

DEFAULTS = ClinicSettings()
DECIDED = date(2024, 3, 1)  # the day the decline was recorded
BEFORE = date(2024, 2, 20)  # the visit that raised the prompt
AFTER = date(2024, 5, 20)  # a later visit
TODAY = date(2024, 6, 1)
NORMAL = dict.fromkeys(ITEMS, 4)


def snap(declined: str | None = None, **kw: object) -> PatientSnapshot:
    base: dict[str, object] = {"today": TODAY, "date_of_birth": date(1960, 1, 1), "diagnosis_date": date(2023, 6, 1)}
    if declined:
        base["declined"] = (DeclinedPrompt(declined, DECIDED, "wants to think about it"),)
    base.update(kw)
    return PatientSnapshot(**base)  # type: ignore[arg-type]


def fired(snapshot: PatientSnapshot) -> dict[str, Prompt]:
    return {p.rule_id: p for p in rules.prompts_for(snapshot, DEFAULTS)}


def speech(before: int, after: int | None = None) -> dict[str, object]:
    entries = [AlsfrsEntry(BEFORE, {**NORMAL, "speech": before}, "5a")]
    if after is not None:
        entries.append(AlsfrsEntry(AFTER, {**NORMAL, "speech": after}, "5a"))
    return {"alsfrs": tuple(entries)}


def rate(before: float, after: float | None = None) -> dict[str, object]:
    entries = [SlpEntry(BEFORE, speaking_rate_wpm=before)]
    if after is not None:
        entries.append(SlpEntry(AFTER, speaking_rate_wpm=after))
    return {"slp": tuple(entries), **speech(4)}


def pcf(before: float, after: float | None = None) -> dict[str, object]:
    entries = [RespiratoryEntry(BEFORE, Measures(peak_cough_flow_l_min=before))]
    if after is not None:
        entries.append(RespiratoryEntry(AFTER, Measures(peak_cough_flow_l_min=after)))
    return {"respiratory": tuple(entries)}


def weight(before: float, after: float | None = None) -> dict[str, object]:
    entries = [WeightEntry(BEFORE, before)] + ([WeightEntry(AFTER, after)] if after is not None else [])
    return {"weights": tuple(entries), "premorbid_weight_kg": 100.0}


def fvc(before: float, after: float | None = None) -> dict[str, object]:
    entries = [RespiratoryEntry(BEFORE, Measures(fvc_percent=before), niv_status="started")]
    if after is not None:
        entries.append(RespiratoryEntry(AFTER, Measures(fvc_percent=after)))
    return {"respiratory": tuple(entries)}


@dataclass(frozen=True)
class Case:
    rule_id: str
    record: object  # (before, after) -> snapshot fields
    raised: float  # the value that raised the prompt
    worse: float
    better: float
    decision: str  # as the fact names it
    worsened: str  # what the returned card says


CASES = [
    Case("SLP-AAC-PLANNING", speech, 3, 2, 4, "AAC planning (voice and message banking)", "ALSFRS-R speech 3 → 2 of 4"),
    Case("SLP-AAC-DEVICE", speech, 2, 1, 3, "AAC device assessment", "ALSFRS-R speech 2 → 1 of 4"),
    Case("SLP-SPEAKING-RATE", rate, 110, 95, 118, "AAC planning for the speaking rate",
         "speaking rate 110 → 95 words/min"),
    Case("RESP-COUGH-ASSIST", pcf, 250, 240, 260, "Cough assist", "Peak cough flow 250 → 240 L/min"),
    Case("NUT-WEIGHT-EARLY", weight, 94, 93, 94.5, "Oral nutritional supplements", "Weight loss 6 → 7 %"),
    Case("RESP-TRACHEOSTOMY-DISCUSS", fvc, 60, 55, 62, "Tracheostomy discussion", "FVC 60 → 55 % predicted"),
]
IDS = [case.rule_id for case in CASES]


def test_the_declinable_rules_are_the_section_11_list_and_nothing_that_monitors() -> None:
    assert rules.DECLINABLE_RULE_IDS == {*IDS, "PAL-REFERRAL"}
    monitoring = {"NEU-RILUZOLE-ALT-DUE", "NEU-RILUZOLE-ALT-OVERDUE", "RESP-TESTS-DUE", "NEU-EDARAVONE-CYCLE",
                  "NEU-TOFERSEN-DOSE", "NEU-TOFERSEN-OVERDUE"}
    assert monitoring <= set(rules.RULES_BY_ID) and not monitoring & rules.DECLINABLE_RULE_IDS
    for rule_id in rules.DECLINABLE_RULE_IDS:
        fact = rules.RULES_BY_ID[f"{rule_id}-DECLINED"]
        assert fact.severity is Severity.INFO and fact.discipline == rules.RULES_BY_ID[rule_id].discipline


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_a_declined_prompt_gives_way_to_a_dated_fact(case: Case) -> None:
    undeclined = fired(snap(**case.record(case.raised)))
    assert undeclined[case.rule_id].declinable  # the card offers "Declined…"
    assert f"{case.rule_id}-DECLINED" not in undeclined

    shown = fired(snap(case.rule_id, **case.record(case.raised)))
    assert case.rule_id not in shown
    fact = shown[f"{case.rule_id}-DECLINED"]
    assert fact.severity is Severity.INFO
    assert fact.message.startswith(f"{case.decision} declined on 01 Mar 2024; it comes back when the ")
    assert fact.message.endswith(" than at the decision.")
    assert (case.decision, "declined (01 Mar 2024)") in fact.values
    assert ("Note", "wants to think about it") in fact.values
    assert "section 11" in fact.source


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_it_comes_back_only_when_its_measure_is_worse_than_at_the_decision(case: Case) -> None:
    for same_or_better in (case.raised, case.better):  # equal: still quiet
        quiet = fired(snap(case.rule_id, **case.record(case.raised, same_or_better)))
        assert case.rule_id not in quiet, same_or_better
    back = fired(snap(case.rule_id, **case.record(case.raised, case.worse)))
    assert f"{case.rule_id}-DECLINED" not in back
    card = back[case.rule_id]
    [(label, value)] = [(label, value) for label, value in card.values if label.endswith("declined")]
    assert label == f"{case.decision} declined"
    assert value == f"01 Mar 2024; since then {case.worsened} (measured 20 May 2024)"


def test_a_measure_taken_on_the_day_of_the_decision_is_its_baseline() -> None:
    on_the_day = snap("RESP-COUGH-ASSIST", respiratory=(
        RespiratoryEntry(BEFORE, Measures(peak_cough_flow_l_min=250)),
        RespiratoryEntry(DECIDED, Measures(peak_cough_flow_l_min=230)),
    ))
    assert "RESP-COUGH-ASSIST" not in fired(on_the_day)
    fact = fired(on_the_day)["RESP-COUGH-ASSIST-DECLINED"]
    assert ("Peak cough flow at the decision", "230 L/min (measured 01 Mar 2024)") in fact.values


def test_the_speaking_rate_prompt_also_comes_back_on_a_lower_speech_item() -> None:
    s = snap("SLP-SPEAKING-RATE", slp=(SlpEntry(BEFORE, speaking_rate_wpm=110), SlpEntry(AFTER, speaking_rate_wpm=112)),
             alsfrs=(AlsfrsEntry(BEFORE, NORMAL, "5a"), AlsfrsEntry(AFTER, {**NORMAL, "speech": 3}, "5a")))
    card = fired(s)["SLP-SPEAKING-RATE"]
    assert ("AAC planning for the speaking rate declined",
            "01 Mar 2024; since then ALSFRS-R speech 4 → 3 of 4 (measured 20 May 2024)") in card.values


def test_a_declined_palliative_referral_stays_a_fact_whatever_happens() -> None:
    s = snap("PAL-REFERRAL", **speech(3, 1))
    shown = fired(s)
    assert "PAL-REFERRAL" not in shown
    assert shown["PAL-REFERRAL-DECLINED"].message == (
        "Palliative care referral declined on 01 Mar 2024; it stays declined until the answer is withdrawn "
        "(no measure brings it back).")
    assert "PAL-REFERRAL" in fired(replace(s, declined=()))


def test_the_fact_goes_once_the_care_is_in_place() -> None:
    s = snap("RESP-COUGH-ASSIST", **pcf(250),
             interventions=(InterventionEntry("cough_assist", AFTER),))
    assert not {"RESP-COUGH-ASSIST", "RESP-COUGH-ASSIST-DECLINED"} & set(fired(s))


def test_declined_supplements_do_not_quiet_the_review_of_a_gastrostomy_feed() -> None:
    s = snap("NUT-WEIGHT-EARLY", **weight(94), nutrition=(NutritionEntry(AFTER, gastrostomy_status="placed"),))
    card = fired(s)["NUT-WEIGHT-EARLY"]
    assert "feeding regimen" in card.message and not card.declinable
    assert "NUT-WEIGHT-EARLY-DECLINED" not in fired(s)


def test_a_decline_recorded_after_the_snapshot_day_does_not_count() -> None:
    later = snap(**pcf(250), declined=(DeclinedPrompt("RESP-COUGH-ASSIST", date(2024, 7, 1)),))
    assert "RESP-COUGH-ASSIST" in fired(later)


def test_monitoring_and_information_prompts_are_not_offered_a_decline() -> None:
    s = snap(respiratory=(RespiratoryEntry(date(2023, 6, 1), Measures(fvc_percent=80, peak_cough_flow_l_min=150)),))
    shown = fired(s)
    assert not shown["RESP-TESTS-DUE"].declinable and not shown["RESP-COUGH-INEFFECTIVE"].declinable


# ---------------------------------------------------------------------------- through the service

SERVICE_DAY = date(2025, 6, 2)


def pcf_visit(db: Database, patient: Patient, day: date, value: float) -> None:
    with db.transaction() as session:
        visit = visits.create_visit(session, patient.id, {"visit_date": day}, AUTHOR, today=day)
        visits.record_on_visit(session, RespiratoryAssessment, visit.id,
                               {"fvc_percent_sitting": 80.0, "peak_cough_flow_l_min": value}, AUTHOR, today=day)


def recorded_on(db: Database, day: date) -> None:
    """Every answer as if recorded at noon on `day` (the clock of the day the clinic saw the patient)."""
    with db.transaction() as session:
        session.execute(update(PromptResponse).values(created_at=datetime(day.year, day.month, day.day, 12, tzinfo=UTC)))


def shown_ids(db: Database, patient: Patient, today: date) -> list[str]:
    with db.reading() as session:
        return [p.rule_id for p in prompts_for(session, patient.id, today)]


def test_declined_through_the_service_and_back_when_the_cough_is_weaker(db: Database, patient: Patient) -> None:
    pcf_visit(db, patient, date(2025, 5, 30), 250)
    with db.transaction() as session:
        respond(session, patient.id, "RESP-COUGH-ASSIST", "declined", AUTHOR, reason=" not now ", today=SERVICE_DAY)
    recorded_on(db, SERVICE_DAY)
    with db.reading() as session:
        [stored] = session.scalars(select(PromptResponse)).all()
        assert (stored.response, stored.reason) == ("declined", "not now")
        summary = summary_for(session, patient.id, SERVICE_DAY)
    ids = [p.rule_id for p in summary.prompts]
    assert "RESP-COUGH-ASSIST" not in ids and "RESP-COUGH-ASSIST-DECLINED" in ids
    # The answer is listed, so it can be withdrawn (which would show the prompt at once).
    [answered] = summary.answered
    assert (answered.rule_id, answered.response, answered.raised_today) == ("RESP-COUGH-ASSIST", "declined", True)

    later = date(2025, 8, 4)
    pcf_visit(db, patient, date(2025, 8, 1), 250)  # the same value: still declined
    assert "RESP-COUGH-ASSIST-DECLINED" in shown_ids(db, patient, later)
    pcf_visit(db, patient, date(2025, 8, 4), 249)
    assert "RESP-COUGH-ASSIST" in shown_ids(db, patient, later)
    assert "RESP-COUGH-ASSIST-DECLINED" not in shown_ids(db, patient, later)


def test_a_summary_of_a_day_before_the_decline_shows_the_prompt(db: Database, patient: Patient) -> None:
    pcf_visit(db, patient, date(2025, 5, 30), 250)
    with db.transaction() as session:
        respond(session, patient.id, "RESP-COUGH-ASSIST", "declined", AUTHOR, today=SERVICE_DAY)
    recorded_on(db, SERVICE_DAY)
    with db.reading() as session:
        before = summary_for(session, patient.id, date(2025, 6, 1), recorded_by=date(2025, 6, 1))
    assert "RESP-COUGH-ASSIST" in [p.rule_id for p in before.prompts]


@pytest.mark.parametrize("rule_id", ["RESP-TESTS-DUE", "NEU-RILUZOLE-ALT-OVERDUE", "PAL-CAREGIVER-SUPPORT"])
def test_monitoring_prompts_refuse_a_decline_and_nothing_is_stored(db: Database, patient: Patient, rule_id: str) -> None:
    with db.transaction() as session:
        record_for_patient(session, Medication, patient.id, {"drug_name": "Riluzole", "category": "disease_modifying",
                                                              "started_on": date(2025, 5, 1)}, AUTHOR, today=SERVICE_DAY)
    assert rule_id in shown_ids(db, patient, SERVICE_DAY)
    with pytest.raises(ValidationError) as refused, db.transaction() as session:
        respond(session, patient.id, rule_id, "declined", AUTHOR, today=SERVICE_DAY)
    assert "Only a prompt to plan, start or assess for care can be declined" in refused.value.errors["response"]
    with db.reading() as session:
        assert session.scalars(select(PromptResponse)).all() == []
    assert rule_id in shown_ids(db, patient, SERVICE_DAY)


def test_niv_is_declined_in_its_status_not_as_an_answer(db: Database, patient: Patient) -> None:
    with db.transaction() as session:
        visit = visits.create_visit(session, patient.id, {"visit_date": date(2025, 5, 30)}, AUTHOR, today=SERVICE_DAY)
        visits.record_on_visit(session, RespiratoryAssessment, visit.id, {"fvc_percent_sitting": 45.0}, AUTHOR,
                               today=SERVICE_DAY)
    with pytest.raises(ValidationError) as refused, db.transaction() as session:
        respond(session, patient.id, "RESP-NIV-NICE", "declined", AUTHOR, today=SERVICE_DAY)
    assert "the NIV status on the Pulmonary tab" in refused.value.errors["response"]
    with db.reading() as session:
        assert session.scalars(select(PromptResponse)).all() == []
        assert session.scalars(select(Visit)).all()  # the record itself untouched

"""The team care plan's medicines (with their monitoring and dosing schedules), recent liver
tests and advance care planning status, read from the stored record as of the plan's day."""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from als_desktop.clinical import medications as schedules
from als_desktop.clinical.measures import PatientMeasures
from als_desktop.clinical.rules_common import num, shown_date
from als_desktop.domain import vocab
from als_desktop.models import CarePlanningDecision, LiverTest, Medication, Patient
from als_desktop.reports.content import CarePlanningLine, Fact, MedicationLine

LIVER_TESTS_SHOWN = 3


# ---------------------------------------------------------------------------- medicines


def _active(medication: Medication, as_of: date) -> bool:
    started = medication.started_on is None or medication.started_on <= as_of
    return started and (medication.stopped_on is None or medication.stopped_on > as_of)


def _detail(medication: Medication) -> str:
    dose = " ".join(part for part in (
        num(medication.dose_amount, 3) if medication.dose_amount is not None else "", medication.dose_unit or "",
    ) if part)
    route = vocab.label(vocab.ROUTE, medication.route).lower() if medication.route else ""
    parts = [part for part in (dose, route, (medication.frequency or "").strip()) if part]
    return ", ".join(parts) if parts else "Dose not recorded"


def _next_due(name: str, medication: Medication, m: PatientMeasures) -> Fact | None:
    """The next test, cycle or dose of a disease-modifying medicine, from the derived measures."""
    if "riluzole" in name and medication.started_on is not None:
        due = shown_date(m.riluzole_next_alt) if m.riluzole_next_alt else "periodically: the first year's tests are done"
        return Fact("Next liver test (ALT) due", due, schedules.RILUZOLE_SOURCE)
    if "edaravone" in name and m.edaravone_next_cycle is not None:
        return Fact("Next 28-day cycle starts", shown_date(m.edaravone_next_cycle), schedules.EDARAVONE_SOURCE)
    if "tofersen" in name:
        due = shown_date(m.tofersen_next_dose) if m.tofersen_next_dose else "No dose recorded yet"
        return Fact("Next dose due", due, schedules.TOFERSEN_SOURCE)
    return None


def _schedule(medication: Medication, m: PatientMeasures, as_of: date, deceased: bool) -> tuple[Fact, ...]:
    facts: list[Fact] = []
    # Nothing is due any more for a patient who has died.
    next_due = None if deceased else _next_due(medication.drug_name.strip().lower(), medication, m)
    if next_due is not None:
        facts.append(next_due)
    given = [dose.given_on for dose in medication.doses if not dose.is_voided and dose.given_on <= as_of]
    if given:
        facts.append(Fact("Last dose given", shown_date(max(given))))
    return tuple(facts)


def medication_lines(session: Session, patient: Patient, m: PatientMeasures, as_of: date) -> tuple[MedicationLine, ...]:
    deceased = patient.date_of_death is not None
    rows = session.scalars(
        select(Medication)
        .where(Medication.patient_id == patient.id, Medication.voided_at.is_(None))
        .order_by(Medication.category, Medication.drug_name, Medication.started_on)
    )
    return tuple(
        MedicationLine(row.drug_name.strip(), _detail(row), row.started_on, _schedule(row, m, as_of, deceased))
        for row in rows if _active(row, as_of)
    )


def liver_test_facts(session: Session, patient_id: uuid.UUID, as_of: date) -> tuple[Fact, ...]:
    rows = session.scalars(
        select(LiverTest)
        .where(LiverTest.patient_id == patient_id, LiverTest.voided_at.is_(None), LiverTest.taken_on <= as_of)
        .order_by(LiverTest.taken_on.desc(), LiverTest.created_at.desc())
        .limit(LIVER_TESTS_SHOWN)
    )
    facts = []
    for test in rows:
        multiple = schedules.alt_multiple_of_uln(test.alt_u_l, test.alt_uln_u_l)
        # Two decimals, as the stop prompt shows it: 5.04 × must not read as 5.0 ×.
        facts.append(Fact(
            f"Taken {shown_date(test.taken_on)}",
            f"ALT {num(test.alt_u_l)} U/L: {num(multiple, 2)} × ULN ({num(test.alt_uln_u_l)} U/L)",
        ))
    return tuple(facts)


# ---------------------------------------------------------------------------- advance care planning


def care_planning_lines(session: Session, patient_id: uuid.UUID) -> tuple[CarePlanningLine, ...]:
    rows = list(session.scalars(
        select(CarePlanningDecision)
        .where(CarePlanningDecision.patient_id == patient_id, CarePlanningDecision.voided_at.is_(None))
        # Newest discussion first; an undated row counts as older than any dated one.
        .order_by(CarePlanningDecision.discussed_on.is_(None), CarePlanningDecision.discussed_on.desc(),
                  CarePlanningDecision.created_at.desc())
    ))
    lines = []
    for topic, title in vocab.ACP_TOPIC.items():
        about = [row for row in rows if row.topic == topic]
        decided = next((row for row in about if row.decision and row.decision.strip()), None)
        if decided is not None:
            when = f"discussed {shown_date(decided.discussed_on)}" if decided.discussed_on else "date not recorded"
            status = f"{decided.decision.strip().rstrip('.')} ({when})"
            shown = decided
        elif about:
            shown = about[0]
            when = f" {shown_date(shown.discussed_on)}" if shown.discussed_on else ""
            status = f"Discussed{when}: no decision recorded"
        else:
            lines.append(CarePlanningLine(title, "Not yet discussed"))
            continue
        detail = "; ".join(part for part in (
            f"document: {shown.document.strip()}" if shown.document and shown.document.strip() else "",
            f"proxy: {shown.proxy_name.strip()}" if shown.proxy_name and shown.proxy_name.strip() else "",
        ) if part)
        lines.append(CarePlanningLine(title, status, detail[:1].upper() + detail[1:]))
    return tuple(lines)

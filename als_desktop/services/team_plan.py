"""Fill a team care plan (reports.content.TeamPlan) from the stored record.

The findings are those recorded on the chosen visit; the derived measures, the prompts in force
and the trends are as of the day the plan is made (`today`), as the window shows them that day,
except for a plan of an earlier visit, which reads the record as it stood on that visit's day.
Everything is read through the caller's session and nothing is written. The findings of each
discipline are worded in team_plan_findings, the medicines and advance care planning in
team_plan_treatment.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable
from datetime import UTC, date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

import als_desktop
from als_desktop.clinical import sources
from als_desktop.clinical.measures import PatientMeasures
from als_desktop.clinical.prompts import Prompt
from als_desktop.clinical.rules_common import ESTIMATE, num, shown_date
from als_desktop.clinical.timing import age_in_years
from als_desktop.clinical.trends import patient_trends
from als_desktop.domain import vocab
from als_desktop.models import Patient, Visit
from als_desktop.reports.content import (
    ClosedAction,
    DisciplineSection,
    Fact,
    Identity,
    PlanAction,
    TeamPlan,
    VisitInfo,
)

from .clinic_details import plan_clinic
from .decision_support import summary_for
from .errors import NotFoundError
from .queries import VisitRow
from .team_actions import ActionRow, actions_for_plan
from .team_plan_estimates import research_estimates
from .team_plan_findings import VisitContext, findings_of_visit
from .team_plan_treatment import care_planning_lines, liver_test_facts, medication_lines

# Every plan has these sections, in this order, even when one recorded nothing on the visit.
CORE_DISCIPLINES = ("neurology", "slp", "nutrition", "pulmonary", "palliative")

_NAME_SEPARATORS = re.compile(r"[,;\n]+")


def team_plan_for(
    session: Session,
    patient_id: uuid.UUID,
    *,
    visit_id: uuid.UUID | None = None,
    today: date | None = None,
    generated_at: datetime | None = None,
) -> TeamPlan:
    """The team care plan of one visit (the latest when `visit_id` is None).

    Raises NotFoundError for a patient not in the record (or voided), a patient without any
    visit, or a visit that is not this patient's live visit."""
    as_of = today or date.today()
    if generated_at is None:
        generated_at = datetime.now(UTC)
    elif generated_at.tzinfo is None:
        raise ValueError("generated_at must be timezone-aware")

    patient = _live_patient(session, patient_id)
    visit = _chosen_visit(session, patient, visit_id)
    # A plan of an earlier visit reads the record as it stood that day: nothing measured,
    # answered or decided later counts (a later FVC must not fire criteria on an earlier day).
    recorded_by = visit.visit_date if _later_visit_exists(session, patient, visit) else None
    if recorded_by is not None:
        as_of = min(as_of, recorded_by)

    summary = summary_for(session, patient.id, as_of, recorded_by=recorded_by)
    measures = summary.measures
    trends = patient_trends(summary.snapshot, summary.settings)

    findings = findings_of_visit(session, VisitContext(
        visit.id, visit.visit_date, patient.id, patient.height_cm, measures.reference_weight,
    ))
    # The estimates a rule shows beside its prompt, also beside a team action made from it.
    estimates = {prompt.rule_id: estimate for prompt in summary.fired if (estimate := _estimate_of(prompt))}
    # Open actions with the overdue marked, and those closed lately: the plan shows them seen through.
    listed = actions_for_plan(session, patient.id, as_of, recorded_by=recorded_by)
    actions = _team_actions(listed.open, estimates) + _prompt_actions(summary.prompts, listed.open, estimates)
    closed = [_closed_action(row) for row in listed.recently_closed]

    return TeamPlan(
        identity=_identity(patient, as_of),
        visit=_visit_info(visit),
        as_of=as_of,
        disease=_disease(patient, measures),
        sections=_sections(findings, actions, closed),
        medications=medication_lines(session, patient, measures, as_of),
        liver_tests=liver_test_facts(session, patient.id, as_of),
        care_planning=care_planning_lines(session, patient.id),
        trends=trends,
        program_version=als_desktop.__version__,
        generated_at=generated_at,
        clinic=plan_clinic(session),
        research_estimates=research_estimates(summary.snapshot),
        closed_within_days=listed.closed_within_days,
    )


def visit_on(session: Session, patient_id: uuid.UUID, visit_date: date) -> VisitRow:
    """The patient's live visit on `visit_date` (for `report MRN --visit DATE`)."""
    patient = _live_patient(session, patient_id)
    visit = session.scalars(
        select(Visit)
        .where(Visit.patient_id == patient.id, Visit.visit_date == visit_date, Visit.voided_at.is_(None))
        .order_by(Visit.created_at.desc())
    ).first()
    if visit is None:
        raise NotFoundError(f"No visit on {shown_date(visit_date)} for MRN {patient.mrn}.")
    return _visit_row(visit)


# ---------------------------------------------------------------------------- patient and visit


def _live_patient(session: Session, patient_id: uuid.UUID) -> Patient:
    patient = session.get(Patient, patient_id)
    if patient is None or patient.is_voided:
        raise NotFoundError("This patient record no longer exists (or was voided).")
    return patient


def _chosen_visit(session: Session, patient: Patient, visit_id: uuid.UUID | None) -> Visit:
    if visit_id is not None:
        visit = session.get(Visit, visit_id)
        if visit is None or visit.patient_id != patient.id or visit.is_voided:
            raise NotFoundError(f"That visit is not in the record of MRN {patient.mrn} (or was voided).")
        return visit
    latest = session.scalars(
        select(Visit)
        .where(Visit.patient_id == patient.id, Visit.voided_at.is_(None))
        .order_by(Visit.visit_date.desc(), Visit.created_at.desc())
    ).first()
    if latest is None:
        raise NotFoundError(
            f"MRN {patient.mrn} has no visit recorded yet: record a visit before making a team plan."
        )
    return latest


def _later_visit_exists(session: Session, patient: Patient, visit: Visit) -> bool:
    later = session.scalars(
        select(Visit.id)
        .where(Visit.patient_id == patient.id, Visit.voided_at.is_(None), Visit.visit_date > visit.visit_date)
        .limit(1)
    ).first()
    return later is not None


def _visit_row(visit: Visit) -> VisitRow:
    return VisitRow(id=visit.id, version=visit.version, visit_date=visit.visit_date, site=visit.site,
                    clinicians=visit.clinicians, notes=visit.notes)


def _identity(patient: Patient, as_of: date) -> Identity:
    return Identity(
        name=patient.display_name,
        mrn=patient.mrn,
        date_of_birth=patient.date_of_birth,
        age_years=age_in_years(patient.date_of_birth, patient.date_of_death or as_of),
        sex=vocab.label(vocab.SEX, patient.sex),
        deceased_on=patient.date_of_death,
    )


def team_present(clinicians: str | None) -> tuple[str, ...]:
    """The visit's clinicians, one per name: typed separated by commas, semicolons or lines."""
    if not clinicians:
        return ()
    return tuple(name.strip() for name in _NAME_SEPARATORS.split(clinicians) if name.strip())


def _visit_info(visit: Visit) -> VisitInfo:
    notes = visit.notes.strip() if visit.notes and visit.notes.strip() else None
    return VisitInfo(visit.visit_date, visit.site, team_present(visit.clinicians), notes)


# ---------------------------------------------------------------------------- disease summary


def _disease(patient: Patient, m: PatientMeasures) -> tuple[Fact, ...]:
    not_recorded = "Not recorded"
    facts = [
        Fact("Symptom onset", shown_date(patient.onset_date) if patient.onset_date else not_recorded),
        Fact("Diagnosis", shown_date(patient.diagnosis_date) if patient.diagnosis_date else not_recorded),
        Fact("Diagnostic delay",
             f"{num(m.diagnostic_delay_months)} months" if m.diagnostic_delay_months is not None
             else "Needs onset and diagnosis dates"),
        Fact("Onset region", vocab.label(vocab.ONSET_REGION, patient.onset_region, not_recorded)),
    ]
    if patient.diagnostic_criteria:
        facts.append(Fact("Diagnostic criteria", vocab.label(vocab.DIAGNOSTIC_CRITERIA, patient.diagnostic_criteria)))
    from_form = f" (ALSFRS-R of {shown_date(m.alsfrs.visit_date)})" if m.alsfrs else ""
    needs_form = "Needs a complete ALSFRS-R"
    if m.kings is not None:
        failure = ("respiratory failure" if m.kings.stage == "4B"
                   else "nutritional failure" if m.kings.stage == "4A"
                   else ", ".join(m.kings.regions) or "no region involved")
        facts.append(Fact("King's stage", f"{m.kings.stage}: {failure}{from_form}", m.kings.source))
    else:
        facts.append(Fact("King's stage", needs_form, sources.KINGS))
    if m.mitos is not None:
        lost = ", ".join(m.mitos.domains_lost) or "no domain lost"
        facts.append(Fact("MiToS stage", f"{m.mitos.stage}: {lost}{from_form}", m.mitos.source))
    else:
        facts.append(Fact("MiToS stage", needs_form, sources.MITOS))
    if m.delta_frs is not None and m.progression_band is not None:
        facts.append(Fact("ΔFRS", f"{m.delta_frs:.2f} points/month: {m.progression_band} progression{from_form}",
                          sources.DELTA_FRS))
    else:
        facts.append(Fact("ΔFRS", "Needs the onset date and a complete ALSFRS-R", sources.DELTA_FRS))
    return tuple(facts)


# ---------------------------------------------------------------------------- actions


def _estimate_of(prompt: Prompt) -> str | None:
    """The projections the rule put beside its prompt, worded as the plots word them."""
    return " ".join(f"Estimate: {value}" for label, value in prompt.values if label == ESTIMATE) or None


def _team_actions(rows: list[ActionRow], estimates: dict[str, str]) -> list[PlanAction]:
    return [
        PlanAction(
            owner=action.owner_discipline,
            owner_label=action.owner_label,
            description=action.description,
            due_on=action.due_on,
            source=action.source or f"team action by {action.created_by}",
            kind="action",
            rule_id=action.rule_id,
            estimate=estimates.get(action.rule_id) if action.rule_id else None,
            overdue=action.overdue,
        )
        for action in rows
    ]


def _closed_action(row: ActionRow) -> ClosedAction:
    return ClosedAction(
        owner=row.owner_discipline,
        owner_label=row.owner_label,
        description=row.description,
        status=row.status_label,
        closed_on=row.closed_on,
        closed_by=row.last_change.by if row.last_change is not None else None,
        note=row.note,
    )


def _prompt_actions(
    prompts: Iterable[Prompt], team_actions: list[ActionRow], estimates: dict[str, str]
) -> list[PlanAction]:
    # A prompt the team already turned into an open action is shown once: as that action.
    covered = {action.rule_id for action in team_actions if action.rule_id}
    return [
        PlanAction(
            owner=prompt.discipline,
            owner_label=vocab.label(vocab.DISCIPLINE, prompt.discipline),
            description=prompt.message,
            due_on=prompt.due_on,
            source=prompt.source,
            kind="prompt",
            rule_id=prompt.rule_id,
            severity=prompt.severity.value,
            estimate=estimates.get(prompt.rule_id),
            values=tuple(prompt.values),
            criteria=tuple(prompt.criteria),
        )
        for prompt in prompts
        if prompt.rule_id not in covered
    ]


def _sections(
    findings: dict[str, tuple[Fact, ...]], actions: list[PlanAction], closed: list[ClosedAction]
) -> tuple[DisciplineSection, ...]:
    owners = {action.owner for action in actions} | {action.owner for action in closed}
    codes = [*CORE_DISCIPLINES, *(code for code in vocab.DISCIPLINE if code in owners and code not in CORE_DISCIPLINES)]
    return tuple(
        DisciplineSection(
            discipline=code,
            title=vocab.label(vocab.DISCIPLINE, code),
            findings=findings.get(code, ()),
            actions=tuple(action for action in actions if action.owner == code),
            recently_closed=tuple(action for action in closed if action.owner == code),
        )
        for code in codes
    )

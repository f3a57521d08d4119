"""The clinic day: the visits on one date and which disciplines have recorded on each.

A coordinator runs the day from this list, so it is answered in two queries whatever the
number of patients: one for the visits with a yes/no per discipline, one for the sites.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from sqlalchemy import ColumnElement, exists, select
from sqlalchemy.orm import Session

from als_desktop.models import (
    AlsfrsAssessment,
    NutritionAssessment,
    PalliativeReview,
    Patient,
    RespiratoryAssessment,
    SlpAssessment,
    Visit,
    WeightMeasurement,
)


@dataclass(frozen=True)
class Discipline:
    code: str
    label: str
    # What counts as this discipline having recorded on a visit (any one of these rows).
    records: tuple[type, ...]
    what: str


# The five disciplines that record on a visit, in the order of the window's tabs.
DISCIPLINES: tuple[Discipline, ...] = (
    Discipline("neurology", "Neurology", (AlsfrsAssessment,), "ALSFRS-R"),
    Discipline("slp", "SLP", (SlpAssessment,), "SLP assessment"),
    Discipline("nutrition", "Nutrition", (WeightMeasurement, NutritionAssessment), "weight or nutrition assessment"),
    Discipline("pulmonary", "Pulmonary", (RespiratoryAssessment,), "respiratory assessment"),
    Discipline("palliative", "Palliative", (PalliativeReview,), "palliative review"),
)


def _recorded(discipline: Discipline, visit_id: ColumnElement) -> ColumnElement[bool]:
    """True when a row of the discipline (not voided) is on the visit."""
    clauses = [
        exists().where(model.visit_id == visit_id, model.voided_at.is_(None))
        for model in discipline.records
    ]
    condition = clauses[0]
    for clause in clauses[1:]:
        condition = condition | clause
    return condition.label(discipline.code)


def recorded_on_visit(session: Session, visit_id: uuid.UUID) -> frozenset[str]:
    """Codes of the disciplines that have recorded on one visit."""
    row = session.execute(
        select(*(_recorded(d, Visit.id) for d in DISCIPLINES)).where(Visit.id == visit_id)
    ).first()
    if row is None:
        return frozenset()
    return frozenset(d.code for d in DISCIPLINES if getattr(row, d.code))


@dataclass(frozen=True)
class ClinicDayRow:
    visit_id: uuid.UUID
    visit_version: int
    patient_id: uuid.UUID
    mrn: str
    given_name: str
    family_name: str
    site: str
    clinicians: str | None
    recorded: frozenset[str]

    @property
    def display_name(self) -> str:
        return f"{self.family_name.upper()}, {self.given_name}"

    @property
    def outstanding(self) -> tuple[str, ...]:
        """Codes of the disciplines not yet recorded, in tab order."""
        return tuple(d.code for d in DISCIPLINES if d.code not in self.recorded)


@dataclass(frozen=True)
class ClinicDay:
    day: date
    site: str | None
    rows: list[ClinicDayRow]
    # Every site with a visit that day (for the filter), whichever site is chosen.
    sites: list[str]

    def outstanding_by_discipline(self) -> dict[str, int]:
        return {d.code: sum(d.code not in row.recorded for row in self.rows) for d in DISCIPLINES}

    @property
    def outstanding_total(self) -> int:
        return sum(len(row.outstanding) for row in self.rows)


def clinic_day(session: Session, day: date, site: str | None = None) -> ClinicDay:
    """The visits on `day` (at `site` when given) of patients still in the record, by name."""
    on_day = [Visit.visit_date == day, Visit.voided_at.is_(None), Patient.voided_at.is_(None)]
    query = (
        select(
            Visit.id, Visit.version, Visit.site, Visit.clinicians, Patient.id.label("patient_id"),
            Patient.mrn, Patient.given_name, Patient.family_name,
            *(_recorded(d, Visit.id) for d in DISCIPLINES),
        )
        .join(Patient, Visit.patient_id == Patient.id)
        .where(*on_day)
        .order_by(Patient.family_name, Patient.given_name, Visit.created_at)
    )
    if site:
        query = query.where(Visit.site == site)
    rows = [
        ClinicDayRow(
            visit_id=row.id, visit_version=row.version, patient_id=row.patient_id, mrn=row.mrn,
            given_name=row.given_name, family_name=row.family_name, site=row.site,
            clinicians=row.clinicians,
            recorded=frozenset(d.code for d in DISCIPLINES if getattr(row, d.code)),
        )
        for row in session.execute(query)
    ]
    sites = list(session.scalars(
        select(Visit.site).join(Patient, Visit.patient_id == Patient.id).where(*on_day).distinct().order_by(Visit.site)
    ))
    return ClinicDay(day, site, rows, sites)


__all__ = ["DISCIPLINES", "ClinicDay", "ClinicDayRow", "Discipline", "clinic_day", "recorded_on_visit"]

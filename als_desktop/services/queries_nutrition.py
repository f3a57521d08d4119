"""What the Nutrition tab shows besides its assessments: weights, height and the gastrostomy."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from als_desktop.clinical import nutrition
from als_desktop.models import Intervention, Patient

from .queries import weights_of

GASTROSTOMY = "gastrostomy"


@dataclass(frozen=True)
class Gastrostomy:
    """The gastrostomy in place (not ended, not voided); `version` for an edit."""

    id: uuid.UUID
    version: int
    type: str | None  # PEG, RIG, PIG
    placed_on: date
    recorded_by: str


@dataclass(frozen=True)
class NutritionFacts:
    height_cm: float | None
    visit_weight_kg: float | None  # the weight recorded on the selected visit
    bmi: float | None
    reference: nutrition.ReferenceWeight | None
    weight_loss_percent: float | None
    gastrostomy: Gastrostomy | None


def gastrostomy_in_place(session: Session, patient_id: uuid.UUID) -> Gastrostomy | None:
    row = session.scalars(
        select(Intervention)
        .where(Intervention.patient_id == patient_id, Intervention.kind == GASTROSTOMY,
               Intervention.voided_at.is_(None), Intervention.ended_on.is_(None))
        .order_by(Intervention.started_on.desc(), Intervention.created_at.desc())
    ).first()
    if row is None:
        return None
    return Gastrostomy(row.id, row.version, row.detail, row.started_on, row.created_by)


def nutrition_facts(session: Session, patient_id: uuid.UUID, visit_id: uuid.UUID | None) -> NutritionFacts:
    """BMI and weight loss on the visit, against the reference weight the clinic uses
    (premorbid, else the first weight in the record)."""
    patient = session.get(Patient, patient_id)
    weights = weights_of(session, patient_id)  # newest visit first, voided left out
    on_visit = next((w.value for w in weights if w.visit_id == visit_id), None)
    reference = nutrition.reference_weight(patient.premorbid_weight_kg, weights[-1].value if weights else None)
    return NutritionFacts(
        height_cm=patient.height_cm,
        visit_weight_kg=on_visit,
        bmi=nutrition.bmi(on_visit, patient.height_cm),
        reference=reference,
        weight_loss_percent=nutrition.weight_loss_percent(reference, on_visit),
        gastrostomy=gastrostomy_in_place(session, patient_id),
    )

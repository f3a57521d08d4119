"""Build a small clinic through the services, as the clinicians would have recorded it."""

from __future__ import annotations

import uuid
from datetime import date

from als_desktop.db import Database
from als_desktop.models import (
    AlsfrsAssessment,
    CarePlanningDecision,
    Intervention,
    NutritionAssessment,
    PalliativeReview,
    RespiratoryAssessment,
    SlpAssessment,
    WeightMeasurement,
)
from als_desktop.services import patient_records, patients, visits

SETUP = "setup.clinician"
TODAY = date(2024, 6, 30)

# The reference's worked example: total 44; bulbar 12, fine motor 10, gross motor 10, respiratory 12.
WORKED_EXAMPLE = dict(zip(
    ("speech", "salivation", "swallowing", "handwriting", "cutting_food", "dressing_hygiene",
     "turning_in_bed", "walking", "climbing_stairs", "dyspnea", "orthopnea", "respiratory_insufficiency"),
    (4, 4, 4, 3, 3, 4, 4, 3, 3, 4, 4, 4), strict=True,
))


def add_patient(db: Database, mrn: str, given: str, family: str, **extra) -> uuid.UUID:  # noqa: ANN003
    values = {"mrn": mrn, "given_name": given, "family_name": family, "date_of_birth": date(1960, 5, 1),
              "sex": "female", **extra}
    with db.transaction() as session:
        return patients.create_patient(session, values, SETUP, today=TODAY).id


def add_visit(db: Database, patient_id: uuid.UUID, day: date, site: str | None = None) -> uuid.UUID:
    values = {"visit_date": day, **({"site": site} if site else {})}
    with db.transaction() as session:
        return visits.create_visit(session, patient_id, values, SETUP, today=TODAY).id


# What each discipline records on a visit in these tests.
DISCIPLINE_RECORDS = {
    "neurology": (AlsfrsAssessment, {**WORKED_EXAMPLE, "cutting_form": "5a"}),
    "slp": (SlpAssessment, {"aac_status": "planned"}),
    "nutrition": (WeightMeasurement, {"weight_kg": 64.0}),
    "pulmonary": (RespiratoryAssessment, {"fvc_percent_sitting": 78.0, "niv_status": "discussed"}),
    "palliative": (PalliativeReview, {"pain": "mild"}),
}


def record(db: Database, visit_id: uuid.UUID, model: type, values: dict) -> uuid.UUID:
    with db.transaction() as session:
        return visits.record_on_visit(session, model, visit_id, values, SETUP, today=TODAY).id


def record_disciplines(db: Database, visit_id: uuid.UUID, *codes: str) -> None:
    for code in codes:
        model, values = DISCIPLINE_RECORDS[code]
        record(db, visit_id, model, values)


def record_for_patient(db: Database, patient_id: uuid.UUID, model: type, values: dict) -> uuid.UUID:
    with db.transaction() as session:
        return patient_records.record_for_patient(session, model, patient_id, values, SETUP, today=TODAY).id


__all__ = [
    "CarePlanningDecision", "Intervention", "NutritionAssessment", "SETUP", "TODAY", "WORKED_EXAMPLE",
    "add_patient", "add_visit", "record", "record_disciplines", "record_for_patient",
]


def prompted_patient(db: Database, mrn: str, family: str) -> uuid.UUID:
    """A patient whose record raises prompts in several disciplines as of TODAY: weight 60 kg of
    a premorbid 70 kg, FVC 48 %, nothing yet from palliative care."""
    pid = add_patient(db, mrn, "Robin", family, height_cm=168.0, premorbid_weight_kg=70.0,
                      onset_date=date(2023, 1, 15), diagnosis_date=date(2023, 11, 2))
    visit = add_visit(db, pid, date(2024, 1, 15))
    record(db, visit, AlsfrsAssessment, {**WORKED_EXAMPLE, "cutting_form": "5a"})
    record(db, visit, WeightMeasurement, {"weight_kg": 60.0})
    record(db, visit, RespiratoryAssessment, {"fvc_percent_sitting": 48.0})
    return pid


def open_tab(open_window, db_path, patient_id: uuid.UUID, title: str):  # noqa: ANN001, ANN201
    """The window on `db_path` as of TODAY, showing `title` for the patient: (window, tab)."""
    window = open_window(db_path, today=TODAY)
    window.patient_list.select(patient_id)
    return window, window.tabs.show_tab(title)


def shown(panel) -> list[str]:  # noqa: ANN001
    """The rule ids a prompts panel shows, in order."""
    return [row.prompt.rule_id for row in panel.rows]

"""The respiratory assessment of a visit with the NIV and cough assist it reports.

NIV started and cough assist in use are asked with the assessment because that is where the
respiratory team decides them, but they are interventions of the patient (with their start
date), written in the same transaction as the assessment: refused together or saved together.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from als_desktop.models import Intervention, RespiratoryAssessment

from . import patient_records
from .assessments import day_text, renamed, save_on_visit
from .errors import ValidationError
from .queries_pulmonary import InterventionEntry

# Asked on the assessment, kept on the interventions.
NIV_STARTED_ON = "niv_started_on"
NIV_HOURS = "niv_hours_per_day"
COUGH_ASSIST_IN_USE = "cough_assist_in_use"
COUGH_ASSIST_STARTED_ON = "cough_assist_started_on"
INTERVENTION_FIELDS = (NIV_STARTED_ON, NIV_HOURS, COUGH_ASSIST_IN_USE, COUGH_ASSIST_STARTED_ON)

# An NIV status that says NIV is not in use.
NOT_IN_USE = ("not_indicated", "declined", "discussed")


def save_respiratory(
    session: Session, visit_id: uuid.UUID, values: Mapping[str, Any], author: str, *,
    row_id: uuid.UUID | None = None, version: int | None = None,
    niv_seen: InterventionEntry | None = None, cough_assist_seen: InterventionEntry | None = None,
    today: date | None = None,
) -> RespiratoryAssessment:
    """Record or correct the visit's respiratory assessment with its NIV and cough assist.

    NIV status "started" records NIV from `niv_started_on` (with `niv_hours_per_day`), or
    corrects the NIV in place; `cough_assist_in_use` True does the same from
    `cough_assist_started_on`. `niv_seen` and `cough_assist_seen` are the interventions in
    place as the caller saw them: a correction quotes their version, so a change made meanwhile
    elsewhere is refused rather than overwritten.
    """
    assessment = {name: value for name, value in values.items() if name not in INTERVENTION_FIELDS}
    row = save_on_visit(session, "respiratory", visit_id, assessment, author, row_id=row_id, version=version,
                        today=today)
    patient_id = row.visit.patient_id  # type: ignore[attr-defined]
    _save_niv(session, patient_id, values, niv_seen, author, today)
    _save_cough_assist(session, patient_id, values, cough_assist_seen, author, today)
    return row  # type: ignore[return-value]


def _save_niv(session: Session, patient_id: uuid.UUID, values: Mapping[str, Any], seen: InterventionEntry | None,
              author: str, today: date | None) -> None:
    status = values.get("niv_status")
    if status != "started":
        if seen is not None and status in NOT_IN_USE:
            raise ValidationError({"niv_status": (
                f"NIV is recorded as in use since {day_text(seen.started_on)}. If it was stopped, "
                "give its end date in the interventions list below first.")})
        return
    change = {"started_on": values.get(NIV_STARTED_ON), "niv_hours_per_day": values.get(NIV_HOURS)}
    if change["started_on"] is None:
        raise ValidationError({NIV_STARTED_ON: "Enter the date NIV was started (NIV status is “Started”)."})
    try:
        if seen is None:
            patient_records.record_for_patient(session, Intervention, patient_id, {"kind": "niv", **change}, author,
                                               today=today)
        elif (seen.started_on, seen.niv_hours_per_day) != (change["started_on"], change["niv_hours_per_day"]):
            patient_records.edit_patient_record(session, Intervention, seen.id, seen.version, change, author,
                                                today=today)
    except ValidationError as error:
        raise renamed(error, {"started_on": NIV_STARTED_ON}) from None


def _save_cough_assist(session: Session, patient_id: uuid.UUID, values: Mapping[str, Any],
                       seen: InterventionEntry | None, author: str, today: date | None) -> None:
    in_use, since = values.get(COUGH_ASSIST_IN_USE), values.get(COUGH_ASSIST_STARTED_ON)
    if in_use is False and seen is not None:
        raise ValidationError({COUGH_ASSIST_IN_USE: (
            f"Cough assist is recorded as in use since {day_text(seen.started_on)}. If it was stopped, "
            "give its end date in the interventions list below.")})
    if in_use is not True:
        return
    if since is None:
        raise ValidationError({COUGH_ASSIST_STARTED_ON: "Enter the date cough assist was started."})
    try:
        if seen is None:
            patient_records.record_for_patient(session, Intervention, patient_id,
                                               {"kind": "cough_assist", "started_on": since}, author, today=today)
        elif seen.started_on != since:
            patient_records.edit_patient_record(session, Intervention, seen.id, seen.version,
                                                {"started_on": since}, author, today=today)
    except ValidationError as error:
        raise renamed(error, {"started_on": COUGH_ASSIST_STARTED_ON}) from None

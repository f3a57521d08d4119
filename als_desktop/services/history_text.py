"""The words of the change history: each field's label, each stored value as a clinician reads
it, and a short name for the row an entry is about ("weight of the visit of 03 Mar 2026").

The history keeps values as the record file writes them (JSON: dates as ISO text, times in
UTC, codes, ids); this module turns them back into what the screens show: vocabulary labels,
numbers with their units, dates as "03 Mar 2026", times in the workstation's local time, and
links to other rows as the row they name.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from sqlalchemy import Boolean, Date

from als_desktop.clinical import alsfrs
from als_desktop.domain import vocab
from als_desktop.domain.limits import LIMITS
from als_desktop.models import (
    AlsfrsAssessment,
    CarePlanningDecision,
    ClinicSetting,
    Intervention,
    LiverTest,
    Medication,
    MedicationDose,
    Patient,
    PromptResponse,
    TeamAction,
    Visit,
)
from als_desktop.models.base import UTCDateTime

from . import records

NOTHING = "—"

# Columns that point at another row: shown as the row they name, not as an id.
LINKS = ("patient_id", "visit_id", "medication_id", "team_action_id")

# The ALSFRS-R items by their number on the form.
ALSFRS_ITEM_LABELS = {item: f"ALSFRS-R {number} {item.replace('_', ' ')}"
                      for number, item in enumerate(alsfrs.ITEMS, start=1)}

FIELD_LABELS: dict[str, str] = {
    # patient
    "mrn": "MRN", "given_name": "Given name", "family_name": "Family name", "date_of_birth": "Date of birth",
    "sex": "Sex", "onset_date": "Symptom onset", "onset_region": "Onset region",
    "diagnosis_date": "Diagnosis date", "diagnostic_criteria": "Diagnostic criteria",
    "c9orf72_status": "C9orf72", "sod1_status": "SOD1", "other_genetics": "Other genetic findings",
    "ftd": "Frontotemporal dementia", "ecas_date": "ECAS date", "date_of_death": "Date of death",
    "notes": "Notes",
    # visit and the rows on it
    "patient_id": "Patient", "visit_id": "Visit", "visit_date": "Visit date", "site": "Site",
    "clinicians": "Clinicians", "cutting_form": "ALSFRS-R item 5 form",
    # nutrition
    "gastrostomy_status": "Gastrostomy", "oral_supplements": "Oral supplements",
    "oral_supplements_detail": "Supplements", "texture_advice": "Texture advice", "meal_advice": "Meal advice",
    # respiratory
    "co2_source": "CO₂ sample", "dyspnoea_on_exertion": "Dyspnoea on exertion", "orthopnoea": "Orthopnoea",
    "morning_headache": "Morning headache", "daytime_sleepiness": "Daytime sleepiness",
    "disturbed_sleep": "Disturbed sleep", "weak_cough": "Weak cough", "niv_status": "NIV",
    "tracheostomy_discussed": "Tracheostomy discussed",
    # speech and swallowing
    "aac_status": "AAC", "voice_banking": "Voice banking", "chin_tuck": "Chin tuck",
    "strategies": "Strategies", "slp_referral_date": "SLP referral", "aac_referral_date": "AAC referral",
    # palliative care
    "referral_date": "Palliative care referral", "pain": "Pain", "spasticity": "Spasticity", "mood": "Mood",
    "sleep": "Sleep", "secretions": "Secretions", "caregiver_support_offered": "Caregiver support offered",
    "caregiver_support": "Caregiver support",
    # medicines
    "medication_id": "Medicine", "drug_name": "Medicine", "category": "Category", "indication": "Indication",
    "dose_unit": "Dose unit", "frequency": "Frequency", "route": "Route", "stop_reason": "Reason stopped",
    # interventions, advance care planning, team actions, prompts
    "kind": "Intervention", "detail": "Detail", "topic": "Topic", "decision": "Decision",
    "document": "Document", "proxy_name": "Proxy", "owner_discipline": "Owner", "description": "Action",
    "status": "Status", "source": "Source", "rule_id": "Prompt", "response": "Response", "reason": "Reason",
    "deferred_until": "Deferred until", "prompt_due_on": "Prompt due", "team_action_id": "Team action",
    # clinic settings
    "key": "Setting", "value": "Value",
    # voiding
    "voided_at": "Voided at", "voided_by": "Voided by", "void_reason": "Reason for voiding",
}


def field_label(model: type, field: str) -> str:
    if model is AlsfrsAssessment and field in ALSFRS_ITEM_LABELS:
        return ALSFRS_ITEM_LABELS[field]
    if field in FIELD_LABELS:
        return FIELD_LABELS[field]
    if field in LIMITS:
        return LIMITS[field].label
    column = model.__table__.columns.get(field)
    if column is not None and isinstance(column.type, Date):
        return records.date_label(field)
    return field.replace("_", " ").capitalize()


def value_text(model: type, field: str, value: Any, links: Mapping[str, str]) -> str:
    """A stored value (as the history keeps it) the way the screens show it."""
    if value is None or value == "":
        return NOTHING
    if field in LINKS:
        return links.get(str(value), "another entry")
    column = model.__table__.columns.get(field)
    kind = column.type if column is not None else None
    if isinstance(kind, UTCDateTime):
        return time_text(value)
    if isinstance(kind, Date):
        return day_text(value)
    if isinstance(kind, Boolean) or isinstance(value, bool):
        return "Yes" if value else "No"
    if field in records.CODES:
        return vocab.label(records.CODES[field], value)
    if field in LIMITS and isinstance(value, (int, float)):
        limit = LIMITS[field]
        shown = f"{value:.{limit.decimals}f}".rstrip("0").rstrip(".") if limit.decimals else f"{value:.0f}"
        return f"{shown} {limit.unit}".strip()
    return str(value)


def day_text(value: date | str | None) -> str:
    if value is None:
        return NOTHING
    try:
        day = value if isinstance(value, date) else date.fromisoformat(str(value))
    except ValueError:
        return str(value)
    return f"{day:%d %b %Y}"


def time_text(value: datetime | str | None) -> str:
    """A moment in the workstation's local time (the history keeps UTC)."""
    if value is None:
        return NOTHING
    try:
        moment = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    except ValueError:
        return str(value)
    return f"{moment.astimezone():%d %b %Y %H:%M}"


# ---------------------------------------------------------------------------- naming a row


def describe(row: Any, visit_days: Mapping[uuid.UUID, date], drugs: Mapping[uuid.UUID, str]) -> str:
    """A short name for a row: "weight of the visit of 03 Mar 2026", "medicine riluzole, started …".

    `visit_days` and `drugs` name the visits and medicines of the row's patient."""
    model = type(row)
    name = records.record_name(model)
    if isinstance(row, Patient):
        return f"patient record of {row.display_name} ({row.mrn})"
    if isinstance(row, Visit):
        return f"visit of {day_text(row.visit_date)} ({row.site})"
    if isinstance(row, MedicationDose):
        drug = drugs.get(row.medication_id, "a medicine")
        return f"dose of {drug} given on {day_text(row.given_on)}"
    if isinstance(row, Medication):
        started = f", started {day_text(row.started_on)}" if row.started_on else ""
        return f"medicine {row.drug_name}{started}"
    if isinstance(row, LiverTest):
        return f"liver test of {day_text(row.taken_on)}"
    if isinstance(row, Intervention):
        return f"intervention {vocab.label(vocab.INTERVENTION_KIND, row.kind)}, started {day_text(row.started_on)}"
    if isinstance(row, CarePlanningDecision):
        return f"advance care planning decision on {vocab.in_sentence(vocab.label(vocab.ACP_TOPIC, row.topic))}"
    if isinstance(row, TeamAction):
        words = row.description if len(row.description) <= 60 else row.description[:57].rstrip() + "…"
        return f"team action “{words}” ({vocab.label(vocab.DISCIPLINE, row.owner_discipline)})"
    if isinstance(row, PromptResponse):
        return f"response to the prompt “{prompt_title(row.rule_id)}”"
    if isinstance(row, ClinicSetting):
        return f"clinic setting “{setting_label(row.key)}”"
    visit_id = getattr(row, "visit_id", None)
    if visit_id is not None:
        day = visit_days.get(visit_id)
        return f"{name} of the visit of {day_text(day)}" if day else name
    return name


def setting_label(key: str) -> str:
    """A clinic setting or clinic detail by the name the Settings dialog gives it."""
    from als_desktop.clinical.settings import DEFINITIONS

    from .clinic_details import FIELDS, KEY_PREFIX

    if key in DEFINITIONS:
        definition = DEFINITIONS[key]
        return f"{definition.label} ({definition.unit})" if definition.unit else definition.label
    detail = FIELDS.get(key.removeprefix(KEY_PREFIX))
    return detail.label if detail is not None and key.startswith(KEY_PREFIX) else key


def prompt_title(rule_id: str) -> str:
    # The rule table is pure Python but large: read only when a prompt's response is named.
    from als_desktop.clinical.rules import RULES_BY_ID

    rule = RULES_BY_ID.get(rule_id)
    return rule.title if rule is not None else rule_id


def links_for(visit_days: Mapping[uuid.UUID, date], drugs: Mapping[uuid.UUID, str],
              named: Mapping[uuid.UUID, str]) -> dict[str, str]:
    """How a link to another row of the patient reads: "visit of 03 Mar 2026", "riluzole", or
    the row's name in `named` (a team action, the patient)."""
    links = {str(row_id): name for row_id, name in named.items()}
    links.update({str(visit_id): f"visit of {day_text(day)}" for visit_id, day in visit_days.items()})
    links.update({str(medication_id): drug for medication_id, drug in drugs.items()})
    return links

"""The kinds of clinical record by name, so callers outside services never handle model classes.

A view says "weight" or "nutrition"; services turn the name into its table. The names are the
ones the change history and the record file use.
"""

from __future__ import annotations

from als_desktop.models import (
    AlsfrsAssessment,
    CarePlanningDecision,
    ClinicSetting,
    Intervention,
    LiverTest,
    Medication,
    MedicationDose,
    NutritionAssessment,
    PalliativeReview,
    Patient,
    PromptResponse,
    RespiratoryAssessment,
    SlpAssessment,
    TeamAction,
    Visit,
    WeightMeasurement,
)

MODELS: dict[str, type] = {
    "patient": Patient,
    "visit": Visit,
    "alsfrs": AlsfrsAssessment,
    "weight": WeightMeasurement,
    "nutrition": NutritionAssessment,
    "respiratory": RespiratoryAssessment,
    "slp": SlpAssessment,
    "palliative": PalliativeReview,
    "medication": Medication,
    "dose": MedicationDose,
    "liver_test": LiverTest,
    "intervention": Intervention,
    "care_planning": CarePlanningDecision,
    "team_action": TeamAction,
    "prompt_response": PromptResponse,
    "clinic_setting": ClinicSetting,
}
# Each kind as it reads in a sentence.
NAMES: dict[str, str] = {
    "patient": "patient record",
    "visit": "visit",
    "alsfrs": "ALSFRS-R assessment",
    "weight": "weight",
    "nutrition": "nutrition assessment",
    "respiratory": "respiratory assessment",
    "slp": "speech and swallowing assessment",
    "palliative": "palliative care review",
    "medication": "medication",
    "dose": "dose",
    "liver_test": "liver test",
    "intervention": "intervention",
    "care_planning": "advance care planning decision",
    "team_action": "team action",
    "prompt_response": "response to a prompt",
    "clinic_setting": "clinic setting",
}
KINDS: dict[type, str] = {model: kind for kind, model in MODELS.items()}
BY_TABLE: dict[str, str] = {model.__tablename__: kind for kind, model in MODELS.items()}


def model_of(kind: str) -> type:
    try:
        return MODELS[kind]
    except KeyError:
        raise ValueError(f"'{kind}' is not a kind of clinical record") from None


def name_of(kind: str) -> str:
    """The kind as it reads in a sentence: "speech and swallowing assessment"."""
    return NAMES[kind]


def kind_of(model_or_row: object) -> str:
    model = model_or_row if isinstance(model_or_row, type) else type(model_or_row)
    return KINDS[model]


def kind_of_table(table: str) -> str:
    return BY_TABLE[table]

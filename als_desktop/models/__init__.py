"""The clinic record as SQLAlchemy 2 typed ORM classes, one module per area."""

from .accounts import Account
from .base import Base, ClinicalRecord, utc_now
from .care import CarePlanningDecision, Intervention, TeamAction
from .decision import PROMPT_RESPONSE, PromptResponse
from .history import ChangeEntry
from .medication import LiverTest, Medication, MedicationDose
from .neurology import ALSFRS_ITEMS, AlsfrsAssessment
from .nutrition import NutritionAssessment, WeightMeasurement
from .palliative import SYMPTOM_BURDEN, PalliativeReview
from .patient import Patient
from .respiratory import (
    RESPIRATORY_MEASURES,
    RESPIRATORY_SYMPTOMS,
    RespiratoryAssessment,
)
from .settings import ClinicSetting
from .slp import SlpAssessment
from .visit import Visit

__all__ = [
    "ALSFRS_ITEMS",
    "PROMPT_RESPONSE",
    "RESPIRATORY_MEASURES",
    "RESPIRATORY_SYMPTOMS",
    "SYMPTOM_BURDEN",
    "Account",
    "AlsfrsAssessment",
    "Base",
    "CarePlanningDecision",
    "ChangeEntry",
    "ClinicSetting",
    "ClinicalRecord",
    "Intervention",
    "LiverTest",
    "Medication",
    "MedicationDose",
    "NutritionAssessment",
    "PalliativeReview",
    "Patient",
    "PromptResponse",
    "RespiratoryAssessment",
    "SlpAssessment",
    "TeamAction",
    "Visit",
    "WeightMeasurement",
    "utc_now",
]

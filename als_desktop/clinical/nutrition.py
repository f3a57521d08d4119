"""BMI and weight loss against the stated reference weight (reference section 3)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from . import sources

UNDERWEIGHT_BMI = 18.5  # WHO: BMI < 18.5 is underweight.
UNDERWEIGHT_SOURCE = sources.WHO_BMI

# The guide: weight loss > 10 % → gastrostomy (about 2.5 times higher mortality).
GASTROSTOMY_WEIGHT_LOSS_PERCENT = 10.0
GASTROSTOMY_WEIGHT_LOSS_SOURCE = f"{sources.GUIDE}: gastrostomy when weight loss > 10 %"

ReferenceBasis = Literal["premorbid", "first recorded"]


def bmi(weight_kg: float | None, height_cm: float | None) -> float | None:
    if weight_kg is None or not height_cm:
        return None
    metres = height_cm / 100
    return weight_kg / (metres * metres)


def is_underweight(bmi_value: float | None) -> bool | None:
    return None if bmi_value is None else bmi_value < UNDERWEIGHT_BMI


@dataclass(frozen=True)
class ReferenceWeight:
    weight_kg: float
    basis: ReferenceBasis

    @property
    def description(self) -> str:
        if self.basis == "premorbid":
            return f"premorbid (usual) weight {self.weight_kg:g} kg"
        return f"first recorded weight {self.weight_kg:g} kg (no premorbid weight recorded)"


def reference_weight(premorbid_kg: float | None, first_recorded_kg: float | None) -> ReferenceWeight | None:
    """The premorbid weight; where none is recorded, the first weight in the record."""
    if premorbid_kg is not None:
        return ReferenceWeight(premorbid_kg, "premorbid")
    if first_recorded_kg is not None:
        return ReferenceWeight(first_recorded_kg, "first recorded")
    return None


def weight_loss_percent(reference: ReferenceWeight | None, current_kg: float | None) -> float | None:
    """(reference − current) / reference × 100; positive means weight lost."""
    if reference is None or current_kg is None:
        return None
    return (reference.weight_kg - current_kg) / reference.weight_kg * 100


def weight_at_loss(reference: ReferenceWeight, loss_percent: float) -> float:
    """The weight (kg) at which `loss_percent` of the reference weight has been lost."""
    return reference.weight_kg * (1 - loss_percent / 100)

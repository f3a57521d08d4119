"""Plausible ranges for every number a clinician types.

These are input checks against typing errors (a weight of 900 kg, an FVC of -3 %), not clinical
thresholds: decision thresholds live in `als_desktop.clinical` with their sources. Each range
is defined here once; the service layer checks it, the database mirrors it as a CHECK
constraint and the forms use it to size their inputs.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, timedelta


@dataclass(frozen=True)
class Limit:
    label: str
    unit: str
    low: float
    high: float
    decimals: int = 0
    # Scores and counts stored in whole-number columns: 2.5 is a typing error, never rounded.
    whole: bool = False

    def message(self, value: object) -> str | None:
        """None when the value is plausible, otherwise the sentence shown at the field."""
        unit = f" {self.unit}" if self.unit else ""
        # int and float only: what the forms, JSON and both databases hold the same way.
        if isinstance(value, bool) or not isinstance(value, int | float):
            return f"{self.label} must be a number (entered {value!r:.40})."
        try:
            number = float(value)
        except OverflowError:
            number = math.inf
        if not math.isfinite(number):
            return f"{self.label} must be a number within its range (entered {str(value)[:40]})."
        if self.whole and not number.is_integer():
            return f"{self.label} must be a whole number (entered {number:g}{unit})."
        if self.low <= number <= self.high:
            return None
        shown = f"{number:g}"
        return (
            f"{self.label} must be between {self.low:g} and {self.high:g}{unit}"
            f" (entered {shown}{unit})."
        )


ALSFRS_ITEM = Limit("ALSFRS-R item", "", 0, 4, whole=True)

LIMITS: dict[str, Limit] = {
    # patient
    "height_cm": Limit("Height", "cm", 100, 250, 1),
    "premorbid_weight_kg": Limit("Premorbid weight", "kg", 20, 300, 1),
    "ecas_total": Limit("ECAS total", "/136", 0, 136, whole=True),
    # nutrition
    "weight_kg": Limit("Weight", "kg", 20, 300, 1),
    # respiratory
    "fvc_percent_sitting": Limit("FVC sitting", "% predicted", 0, 200),
    "fvc_percent_supine": Limit("FVC supine", "% predicted", 0, 200),
    "snip_cmh2o": Limit("SNIP", "cmH₂O", 0, 200),
    "mip_cmh2o": Limit("MIP", "cmH₂O", 0, 250),
    "peak_cough_flow_l_min": Limit("Peak cough flow", "L/min", 0, 1000),
    "spo2_percent": Limit("SpO₂", "%", 50, 100),
    "oximetry_minutes_le88": Limit("Overnight time at SpO₂ ≤ 88 %", "min", 0, 1440),
    "oximetry_recording_hours": Limit("Oximetry recording length", "h", 0, 24, 1),
    "co2_mmhg": Limit("CO₂", "mmHg", 10, 150, 1),
    "niv_hours_per_day": Limit("NIV use", "h/day", 0, 24, 1),
    # speech and swallowing
    "intelligibility_percent": Limit("Speech intelligibility", "%", 0, 100),
    "speaking_rate_wpm": Limit("Speaking rate", "words/min", 0, 400),
    "eat10_score": Limit("EAT-10 score", "/40", 0, 40, whole=True),
    "iddsi_drink_level": Limit("IDDSI drink level", "", 0, 4, whole=True),
    "iddsi_food_level": Limit("IDDSI food level", "", 3, 7, whole=True),
    # medication and liver tests
    "dose_amount": Limit("Dose", "", 0.001, 100000, 3),
    "alt_u_l": Limit("ALT", "U/L", 0, 10000),
    "alt_uln_u_l": Limit("ALT upper limit of normal", "U/L", 1, 500),
}

# A date of birth before this is a typing error (1800 for 1980), not a statement about age: the
# forms' date inputs start here too.
EARLIEST_BIRTH = date(1900, 1, 1)

# How far ahead of this workstation's clock a timestamp in an imported file may be: another
# workstation's clock may run a little fast; more than this is a wrong clock or a wrong file.
CLOCK_TOLERANCE = timedelta(minutes=10)

# A row's version counts its saves: it starts at 1.
FIRST_VERSION = 1


def check(field: str, value: object) -> str | None:
    """Message for an implausible value of `field`; None when fine or not recorded."""
    if value is None:
        return None
    return LIMITS[field].message(value)

"""Plausible ranges for every number a clinician types.

These are input checks against typing errors (a weight of 900 kg, an FVC of -3 %), not clinical
thresholds: decision thresholds live in `als_desktop.clinical` with their sources. Each range
is defined here once; the service layer checks it, the database mirrors it as a CHECK
constraint and the forms use it to size their inputs.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Limit:
    label: str
    unit: str
    low: float
    high: float
    decimals: int = 0

    def message(self, value: float) -> str | None:
        """None when the value is plausible, otherwise the sentence shown at the field."""
        if self.low <= value <= self.high:
            return None
        unit = f" {self.unit}" if self.unit else ""
        shown = f"{value:g}"
        return (
            f"{self.label} must be between {self.low:g} and {self.high:g}{unit}"
            f" (entered {shown}{unit})."
        )


ALSFRS_ITEM = Limit("ALSFRS-R item", "", 0, 4)

LIMITS: dict[str, Limit] = {
    # patient
    "height_cm": Limit("Height", "cm", 100, 250, 1),
    "premorbid_weight_kg": Limit("Premorbid weight", "kg", 20, 300, 1),
    "ecas_total": Limit("ECAS total", "/136", 0, 136),
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
    "eat10_score": Limit("EAT-10 score", "/40", 0, 40),
    "iddsi_drink_level": Limit("IDDSI drink level", "", 0, 4),
    "iddsi_food_level": Limit("IDDSI food level", "", 3, 7),
    # medication and liver tests
    "dose_amount": Limit("Dose", "", 0.001, 100000, 3),
    "alt_u_l": Limit("ALT", "U/L", 0, 10000),
    "alt_uln_u_l": Limit("ALT upper limit of normal", "U/L", 1, 500),
}


def check(field: str, value: float | None) -> str | None:
    """Message for an implausible value of `field`; None when fine or not recorded."""
    if value is None:
        return None
    return LIMITS[field].message(value)

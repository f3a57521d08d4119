"""How numbers read on screen, the same wherever they are shown.

A weight is read to 0.1 kg (a BMI to 0.1 kg/m²) and a percentage (weight loss, FVC, SpO₂) to 0.1 %, always with
that decimal, so "64.0 kg" on the Overview and "64.0" in the weight history are seen as the
same value. Other measures keep the precision their field records (`limits.LIMITS`), with
trailing zeros dropped: "38 cmH₂O", "6.9 h".
"""

from __future__ import annotations

MINUS = "−"  # a real minus sign: a hyphen is easily lost beside a digit
NOT_RECORDED = "—"
KG_DECIMALS = 1
PERCENT_DECIMALS = 1


def fixed(value: float, decimals: int) -> str:
    """`value` with exactly `decimals` decimals and a real minus sign ("−3.0")."""
    text = f"{value:.{decimals}f}"
    if text.lstrip("-").strip("0.") == "":
        text = text.lstrip("-")  # -0.0 reads as 0.0
    return text.replace("-", MINUS)


def trimmed(value: float, decimals: int) -> str:
    """`value` to at most `decimals` decimals, trailing zeros dropped ("80", "6.9")."""
    text = fixed(value, decimals)
    return text.rstrip("0").rstrip(".") if "." in text else text


def is_fixed_unit(unit: str) -> bool:
    """Units always shown with one decimal: kilograms (and BMI, kg/m²) and percentages."""
    unit = unit.strip()
    return unit.startswith(("kg", "%"))


def digits(value: float, unit: str = "", decimals: int = 1) -> str:
    """The number alone, as `number` shows it (for a table whose column title names the unit)."""
    if is_fixed_unit(unit):
        return fixed(value, KG_DECIMALS if unit.strip().startswith("kg") else PERCENT_DECIMALS)
    return trimmed(value, decimals)


def number(value: float | None, unit: str = "", decimals: int = 1) -> str:
    """A measured or derived value with its unit; kg and % always to one decimal."""
    if value is None:
        return NOT_RECORDED
    return f"{digits(value, unit, decimals)} {unit}".strip()


def kg(value: float | None) -> str:
    return number(value, "kg")


def percent(value: float | None, unit: str = "%") -> str:
    return number(value, unit)


def change(delta: float | None, unit: str = "", decimals: int = 1) -> str:
    """A change between two values, always signed: "+1.5 kg", "−3", "±0"."""
    if delta is None:
        return NOT_RECORDED
    shown = digits(abs(delta), unit, decimals)
    if shown.strip("0.") == "":
        sign = "±"
    else:
        sign = "+" if delta > 0 else MINUS
    return f"{sign}{shown} {unit}".strip()

"""Clinic settings: the values the reference marks as a clinic's choice.

Each has its default and the source it comes from; the program stores a clinic's own values
in the database, edits them in a Settings dialog and shows the value in force beside every
prompt it drives.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

from . import sources
from .medications import (
    DEFAULT_ALT_STOP_RULE,
    DEFAULT_DOSE_PATTERN,
    AltStopRule,
    DosePattern,
)


@dataclass(frozen=True)
class SettingDefinition:
    key: str
    label: str
    unit: str
    choices: tuple[str, ...] | None  # None: a number
    low: float | None
    high: float | None
    source: str


DEFINITIONS: dict[str, SettingDefinition] = {
    "early_weight_loss_percent": SettingDefinition(
        "early_weight_loss_percent", "Early weight-loss warning at", "% of reference weight",
        None, 1, 10, "clinic setting (default 5 %); the guide: intervene before weight loss > 10 %",
    ),
    "speaking_rate_wpm": SettingDefinition(
        "speaking_rate_wpm", "Speaking-rate warning below", "words/min",
        None, 60, 200, f"clinic setting (default 120); {sources.BALL_BEUKELMAN}",
    ),
    "alt_stop_rule": SettingDefinition(
        "alt_stop_rule", "Stop riluzole when ALT is", "× upper limit of normal",
        ("> 5", ">= 5"), None, None, f"clinic setting (default > 5); {sources.RILUZOLE_SMPC}",
    ),
    "edaravone_dose_pattern": SettingDefinition(
        "edaravone_dose_pattern", "Edaravone later cycles: the 10 dose days are", "",
        ("consecutive", "weekdays"), None, None, f"clinic setting (default consecutive); {sources.EDARAVONE_LABEL}",
    ),
}


@dataclass(frozen=True)
class ClinicSettings:
    early_weight_loss_percent: float = 5.0
    speaking_rate_wpm: float = 120.0
    alt_stop_rule: AltStopRule = DEFAULT_ALT_STOP_RULE
    edaravone_dose_pattern: DosePattern = DEFAULT_DOSE_PATTERN

    def shown(self, key: str) -> str:
        """The value in force as a prompt shows it, e.g. 'setting: 5 % of reference weight'."""
        definition = DEFINITIONS[key]
        value = getattr(self, key)
        text = f"{value:g}" if isinstance(value, float) else str(value)
        return f"setting: {text} {definition.unit}".rstrip()


assert {f.name for f in fields(ClinicSettings)} == set(DEFINITIONS), "every setting needs its definition"

"""Prompts: what the record says is due, each with its owner, severity and source.

A rule reads a PatientSnapshot and the clinic settings and returns a Prompt or None. The rule
table (`rules.RULES`) is the single list of what the program prompts; docs/clinical.md is
generated from it. A prompt informs: it never blocks recording.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from .care_state import Declinable
from .settings import ClinicSettings
from .snapshot import PatientSnapshot


class Severity(StrEnum):
    URGENT = "urgent"  # act now (e.g. ineffective cough, ALT above the stop threshold)
    ACTION = "action"  # a decision or referral is due
    DUE = "due"  # a scheduled test or dose
    INFO = "info"  # worth knowing (e.g. care declined, a medicine outside its label)


SEVERITY_ORDER = {Severity.URGENT: 0, Severity.ACTION: 1, Severity.DUE: 2, Severity.INFO: 3}


@dataclass(frozen=True)
class Prompt:
    rule_id: str
    discipline: str  # vocab.DISCIPLINE code of the owner
    severity: Severity
    message: str
    source: str
    values: tuple[tuple[str, str], ...] = ()  # what triggered it, as (label, shown value)
    settings: tuple[str, ...] = ()  # settings in force, as ClinicSettings.shown() text
    due_on: date | None = None
    # One decision, one card: each criterion met for it, as (what was met, its source).
    criteria: tuple[tuple[str, str], ...] = ()
    # The patient can decline what it asks for (reference section 11): the card offers "Declined…".
    declinable: bool = False


Evaluate = Callable[[PatientSnapshot, ClinicSettings], Prompt | None]


@dataclass(frozen=True)
class Rule:
    rule_id: str
    discipline: str
    severity: Severity
    title: str
    logic: str  # plain-language statement of when it fires, for docs/clinical.md
    source: str
    evaluate: Evaluate
    setting_keys: tuple[str, ...] = ()
    declinable: Declinable | None = None  # what a "declined" answer quiets, and what brings it back


def evaluate_all(rules: tuple[Rule, ...], snapshot: PatientSnapshot, settings: ClinicSettings) -> list[Prompt]:
    """Every prompt that fires, most urgent first (then by due date, then rule id)."""
    if snapshot.deceased:
        return []
    fired = [prompt for rule in rules if (prompt := rule.evaluate(snapshot, settings)) is not None]
    return sorted(fired, key=lambda p: (SEVERITY_ORDER[p.severity], p.due_on or date.max, p.rule_id))

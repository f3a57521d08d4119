"""Building blocks of the rule table: a rule is declared once with its metadata and a check.

A check reads the snapshot, the settings and the derived measures and returns a Finding (the
message, the values that triggered it, a due date) or None; `rule` wraps it into a Rule whose
Prompt carries the owner, severity, source and the settings in force.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from .measures import PatientMeasures, cached
from .projection import Estimate
from .prompts import Prompt, Rule, Severity
from .settings import ClinicSettings
from .snapshot import PatientSnapshot


@dataclass(frozen=True)
class Finding:
    message: str
    values: tuple[tuple[str, str], ...] = ()
    due_on: date | None = None
    criteria: tuple[tuple[str, str], ...] = ()  # (what was met, its source)
    source: str | None = None  # the sources of the criteria met, when narrower than the rule's


Check = Callable[[PatientSnapshot, ClinicSettings, PatientMeasures], Finding | None]


def rule(
    rule_id: str,
    discipline: str,
    severity: Severity,
    title: str,
    logic: str,
    source: str,
    setting_keys: tuple[str, ...] = (),
) -> Callable[[Check], Rule]:
    def wrap(check: Check) -> Rule:
        def evaluate(snapshot: PatientSnapshot, settings: ClinicSettings) -> Prompt | None:
            finding = check(snapshot, settings, cached(snapshot, settings))
            if finding is None:
                return None
            return Prompt(
                rule_id, discipline, severity, finding.message, finding.source or source, finding.values,
                tuple(settings.shown(key) for key in setting_keys), finding.due_on, finding.criteria,
            )

        return Rule(rule_id, discipline, severity, title, logic, source, evaluate, setting_keys)

    return wrap


def shown_date(day: date) -> str:
    """A date as every screen and report shows it: 19 Nov 2023 (never ambiguous day/month)."""
    return f"{day:%d %b %Y}"


def num(value: float, digits: int = 1) -> str:
    """A number as a clinician reads it: 11.2, 80, 49.5."""
    text = f"{value:.{digits}f}".rstrip("0").rstrip(".")
    return text or "0"


ESTIMATE = "Estimate"  # the label of a prompt's value that is a projection, not a measurement


def with_estimates(values: tuple[tuple[str, str], ...], *estimates: Estimate | None) -> tuple[tuple[str, str], ...]:
    """`values` and, after them, each projection there is (the one the trend plot draws)."""
    return values + tuple((ESTIMATE, e.summary()) for e in estimates if e is not None)


def measured(value: str, on: date | None) -> str:
    return f"{value} (measured {shown_date(on)})" if on else value

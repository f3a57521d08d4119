"""The rule table: every prompt the program raises, with its owner, severity, logic and source.

docs/clinical.md is generated from this table (python -m als_desktop.clinical.docs). The
rules themselves live by discipline in rules_nutrition, rules_respiratory, rules_neurology
and rules_care; each reads the snapshot and the derived measures (measures.derive) only.
Missing data never fires a numeric rule; deceased patients get no prompts (evaluate_all).
"""

from __future__ import annotations

from . import rules_care, rules_neurology, rules_nutrition, rules_respiratory
from .prompts import Prompt, Rule, evaluate_all
from .settings import ClinicSettings
from .snapshot import PatientSnapshot

RULES: tuple[Rule, ...] = (
    *rules_neurology.RULES,
    *rules_respiratory.RULES,
    *rules_nutrition.RULES,
    *rules_care.RULES,
)

RULES_BY_ID: dict[str, Rule] = {r.rule_id: r for r in RULES}
assert len(RULES_BY_ID) == len(RULES), "rule ids must be unique"


def prompts_for(snapshot: PatientSnapshot, settings: ClinicSettings) -> list[Prompt]:
    """Every prompt for one patient, most urgent first."""
    return evaluate_all(RULES, snapshot, settings)

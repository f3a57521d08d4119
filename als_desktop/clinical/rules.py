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

# Where the reference gives no number, no number is invented; what the rules do instead.
REFERENCE_GAPS: tuple[str, ...] = (
    ("'Significant dysphagia' (gastrostomy indication) is not defined: no prompt fires on "
    "dysphagia severity alone; dysphagia (ALSFRS-R swallowing < 4) feeds the gastrostomy-timing "
    "prompt only."),
    ("'FVC approaching 50 %' has no number: the gastrostomy-timing prompt fires with any recorded "
    "FVC and says whether FVC is still above 50 % (EFNS 2012)."),
    ("Tracheostomy discussion 'as the disease progresses' has no stage or number: NIV in use "
    "without a recorded tracheostomy or ventilatory-support discussion is the trigger."),
    ("Riluzole ALT after the first year is 'periodically' without an interval: no date is "
    "prompted after the 12-month test."),
    ("SpO₂ < 94 % applies 'with no lung disease', which the record does not hold: the blood-gas "
    "prompt says so in its message."),
    ("The 'about 12 months' diagnostic delay is context only: the delay is a fact shown for "
    "every patient with onset and diagnosis dates (Overview, team plan), never graded and "
    "never a prompt."),
    ("A declined decision has no review interval in the sources: a declined prompt returns "
    "only when its measure is lower than at the decision, by any amount."),
    ("NIV and gastrostomy are declined in their own status (respiratory and nutrition records); "
    "AAC planning and device assessment, the speaking-rate AAC advice, cough assist, oral "
    "supplements, the palliative referral and the tracheostomy discussion are declined as the "
    "prompt's answer. A declined palliative referral has no measure to come back on: it stays a "
    "dated fact until the answer is withdrawn."),
    ("The FVC trend plot draws an 80 % predicted line as the clinic asked, but the reference "
    "gives it no source: it is a visual reference only and no prompt uses it."),
    ("The reference gives no method for projecting FVC or weight: the estimates use the "
    "program's own statistical choices (see 'Estimates' above) and are always labelled as such."),
)

RULES_BY_ID: dict[str, Rule] = {r.rule_id: r for r in RULES}
assert len(RULES_BY_ID) == len(RULES), "rule ids must be unique"

# The rules a patient can decline as the prompt's answer (declared `declinable` in the table).
DECLINABLE_RULE_IDS: frozenset[str] = frozenset(r.rule_id for r in RULES if r.declinable is not None)
# Care declined in its own status, not as a prompt's answer: where the team records it.
DECLINED_IN_STATUS: dict[str, str] = {
    "RESP-NIV-NICE": "the NIV status on the Pulmonary tab",
    "NUT-GASTROSTOMY-10PC": "the gastrostomy status on the Nutrition tab",
    "NUT-GASTROSTOMY-TIMING": "the gastrostomy status on the Nutrition tab",
}

# Cards merged into one (one decision, one card): an answer given to a former card counts for
# the card that replaced it. Team actions keep the rule id they were made from.
RULE_ID_ALIASES: dict[str, str] = {
    "RESP-NIV-SYMPTOMS": "RESP-NIV-NICE",
    "RESP-NIV-CMS": "RESP-NIV-NICE",
    "RESP-NIV-BULBAR": "RESP-NIV-NICE",
    "PAL-ACP-RESUSCITATION": "PAL-ACP",
    "PAL-ACP-VENTILATORY-SUPPORT": "PAL-ACP",
    "PAL-ACP-NUTRITION-HYDRATION": "PAL-ACP",
    "PAL-ACP-PLACE-OF-DEATH": "PAL-ACP",
}
# Rules removed without a successor: answers to them no longer hide or list anything.
RETIRED_RULE_IDS: frozenset[str] = frozenset({"NEU-DIAGNOSTIC-DELAY"})
assert set(RULE_ID_ALIASES.values()) <= set(RULES_BY_ID), "an alias must name a rule in the table"
assert not set(RULE_ID_ALIASES) & set(RULES_BY_ID), "a former id must not be reused"


def current_rule_id(rule_id: str) -> str | None:
    """The rule an answer given to `rule_id` now applies to (None: the rule was retired)."""
    if rule_id in RETIRED_RULE_IDS:
        return None
    return RULE_ID_ALIASES.get(rule_id, rule_id)


def prompts_for(snapshot: PatientSnapshot, settings: ClinicSettings) -> list[Prompt]:
    """Every prompt for one patient, most urgent first."""
    return evaluate_all(RULES, snapshot, settings)

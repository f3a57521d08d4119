"""Building blocks of the rule table: a rule is declared once with its metadata and a check.

A check reads the snapshot, the settings and the derived measures and returns a Finding (the
message, the values that triggered it, a due date) or None; `rule` wraps it into a Rule whose
Prompt carries the owner, severity, source and the settings in force.

A rule declared `declinable` (care_state.Declinable) is quiet while the patient's "declined"
answer is in force, and comes back, saying what worsened, when one of its measures is worse
than at the decision; `declined_fact` makes the companion rule that shows the decision as a
fact with its date meanwhile. Both read the same check, so they never disagree.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from .care_state import Declinable, worsening_text
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
    # False for a variant of a declinable rule that is not about starting care (e.g. a review
    # of care in place): a "declined" answer neither quiets it nor is offered.
    declinable: bool = True


Check = Callable[[PatientSnapshot, ClinicSettings, PatientMeasures], Finding | None]


def rule(
    rule_id: str,
    discipline: str,
    severity: Severity,
    title: str,
    logic: str,
    source: str,
    setting_keys: tuple[str, ...] = (),
    declinable: Declinable | None = None,
) -> Callable[[Check], Rule]:
    if declinable is not None:
        logic += (f" The patient can decline it: while declined it is not raised ({rule_id}-DECLINED shows "
                  f"the decision with its date), and {declinable.returns_when()}.")

    def wrap(check: Check) -> Rule:
        def evaluate(snapshot: PatientSnapshot, settings: ClinicSettings) -> Prompt | None:
            m = cached(snapshot, settings)
            finding = check(snapshot, settings, m)
            if finding is None:
                return None
            can_decline = declinable is not None and finding.declinable
            values = finding.values
            declined_on = m.care.declined_prompts.get(rule_id) if can_decline else None
            if declinable is not None and declined_on is not None:
                worsening = declinable.worsening(snapshot, m, declined_on)
                if worsening is None:
                    return None  # the decision stands: declined_fact shows it
                values = ((f"{declinable.decision} declined",
                           f"{shown_date(declined_on)}; since then {worsening_text(worsening)}"),) + values
            return Prompt(
                rule_id, discipline, severity, finding.message, finding.source or source, values,
                tuple(settings.shown(key) for key in setting_keys), finding.due_on, finding.criteria,
                can_decline,
            )

        made = Rule(rule_id, discipline, severity, title, logic, source, evaluate, setting_keys, declinable)
        if declinable is not None:
            _DECLINABLE_CHECKS[rule_id] = check
        return made

    return wrap


_DECLINABLE_CHECKS: dict[str, Check] = {}  # rule id -> its check, for declined_fact
DECLINED_SOURCE = "Clinical reference section 11: a declined decision is shown as a fact with its date"


def declined_fact_id(rule_id: str) -> str:
    return f"{rule_id}-DECLINED"


def declined_fact(base: Rule) -> Rule:
    """The fact shown instead of a declinable prompt while the patient's decline stands: raised
    when the prompt would fire but for the decline (so not once the care is in place, nor once
    what triggered it has gone)."""
    declinable = base.declinable
    assert declinable is not None, f"{base.rule_id} cannot be declined"
    check = _DECLINABLE_CHECKS[base.rule_id]
    fact_id = declined_fact_id(base.rule_id)

    def evaluate(snapshot: PatientSnapshot, settings: ClinicSettings) -> Prompt | None:
        m = cached(snapshot, settings)
        declined_on = m.care.declined_prompts.get(base.rule_id)
        if declined_on is None:
            return None
        finding = check(snapshot, settings, m)
        if finding is None or not finding.declinable or declinable.worsening(snapshot, m, declined_on):
            return None
        values: tuple[tuple[str, str], ...] = ((declinable.decision, f"declined ({shown_date(declined_on)})"),)
        note = next((d.note for d in snapshot.declined if d.rule_id == base.rule_id and d.note), None)
        if note:
            values += (("Note", note),)
        for measure in declinable.returns_on:
            found = measure.at_decision(snapshot, m, declined_on)
            if found is not None:
                values += ((f"{measure.label} at the decision", measured(f"{num(found[0])} {measure.unit}", found[1])),)
        return Prompt(
            fact_id, base.discipline, Severity.INFO,
            f"{declinable.decision} declined on {shown_date(declined_on)}; {declinable.returns_when()}.",
            DECLINED_SOURCE, values,
        )

    return Rule(
        fact_id, base.discipline, Severity.INFO, f"{declinable.decision} declined",
        (f"{base.rule_id} would fire but the patient's decline is in force: the decision is shown with "
         f"its date, and {declinable.returns_when()}."),
        DECLINED_SOURCE, evaluate,
    )


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

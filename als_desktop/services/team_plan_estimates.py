"""Research estimates for the team's copy of the plan, the Overview and `summary --json`.

Only the ENCALS survival model (reference section 10) for now. It is read from the same
snapshot as the prompts, so it uses only what was recorded up to the plan's day. The family's
copy never shows it.
"""

from __future__ import annotations

from als_desktop.clinical.prognosis import SOURCE
from als_desktop.clinical.prognosis_record import (
    EncalsOutcome,
    encals_from_record,
    encals_lines,
)
from als_desktop.clinical.snapshot import PatientSnapshot
from als_desktop.reports.content import Fact, ResearchEstimate

ENCALS_TITLE = "Research estimate (ENCALS)"


def encals_outcome(snapshot: PatientSnapshot) -> EncalsOutcome:
    return encals_from_record(snapshot)


def encals_estimate(snapshot: PatientSnapshot) -> ResearchEstimate:
    outcome = encals_from_record(snapshot)
    return ResearchEstimate(
        title=ENCALS_TITLE,
        lines=tuple(Fact(label, value) for label, value in encals_lines(outcome)),
        source=SOURCE,
        estimated=outcome.estimate is not None,
    )


def research_estimates(snapshot: PatientSnapshot) -> tuple[ResearchEstimate, ...]:
    return (encals_estimate(snapshot),)

"""What a team care plan says, as plain values: filled from the record by
`services.team_plan`, laid out by `reports.team_plan` (and, in plain words, the family copy).

Nothing here imports reportlab, Qt or SQLAlchemy, so the content is tested without drawing
it, and a later export (FHIR CarePlan, say) can read the same values.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from als_desktop.clinical.trends import PatientTrends


@dataclass(frozen=True)
class Fact:
    """One labelled value: 'FVC sitting' → '62 % predicted'; `source` cites where a derived
    value or threshold comes from ("" for a plain recorded value)."""

    label: str
    value: str
    source: str = ""


@dataclass(frozen=True)
class Identity:
    name: str  # as the header shows it: "FAMILY, Given"
    mrn: str
    date_of_birth: date
    age_years: int
    sex: str  # vocab label
    deceased_on: date | None = None


@dataclass(frozen=True)
class VisitInfo:
    visit_date: date
    site: str
    team_present: tuple[str, ...]  # from the visit's "clinicians", one name (and role) each
    notes: str | None = None


@dataclass(frozen=True)
class PlanAction:
    """Something one discipline will do next: an open team action, or a prompt in force."""

    owner: str  # vocab.DISCIPLINE code
    owner_label: str  # vocab.DISCIPLINE label
    description: str
    due_on: date | None
    source: str  # citation, or "team action" with its author for a clinician's own action
    kind: str  # "action" (a recorded team action) or "prompt" (raised by the record today)
    rule_id: str | None = None  # the prompt's rule (never printed on the family copy)
    severity: str | None = None  # prompts.Severity value for a prompt
    estimate: str | None = None  # the projection beside a prompt, e.g. FVC reaching 50 %
    overdue: bool = False  # an open team action due before the plan's day
    values: tuple[tuple[str, str], ...] = ()  # a prompt's (label, value) pairs, as the rule gave them
    # Each criterion met, with its own source (one card for one decision, e.g. NIV).
    criteria: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class ClosedAction:
    """A team action done or cancelled recently, so the team sees it was seen through."""

    owner: str  # vocab.DISCIPLINE code
    owner_label: str
    description: str
    status: str  # vocab.ACTION_STATUS label: "Done" or "Cancelled"
    closed_on: date | None
    closed_by: str | None
    note: str | None = None


@dataclass(frozen=True)
class DisciplineSection:
    discipline: str  # vocab.DISCIPLINE code
    title: str  # vocab.DISCIPLINE label
    findings: tuple[Fact, ...]  # what this visit recorded; empty: not assessed at this visit
    actions: tuple[PlanAction, ...]
    recently_closed: tuple[ClosedAction, ...] = ()


@dataclass(frozen=True)
class MedicationLine:
    drug: str
    detail: str  # dose, route, frequency as recorded
    started_on: date | None
    schedule: tuple[Fact, ...]  # e.g. "Next ALT (liver test) due", "Next infusion cycle"


@dataclass(frozen=True)
class CarePlanningLine:
    topic: str  # vocab.ACP_TOPIC label
    status: str  # decision and date, or "Not yet discussed"
    detail: str = ""  # document, proxy


@dataclass(frozen=True)
class ClinicDetails:
    """The clinic's own contact details, as entered in Settings; "" where not set."""

    name: str = ""
    telephone: str = ""
    email: str = ""
    address: str = ""  # one line

    @property
    def is_blank(self) -> bool:
        return not (self.name or self.telephone or self.email or self.address)


@dataclass(frozen=True)
class ResearchEstimate:
    """A published model's estimate for the team's copy only (never the family's): its lines,
    or what is missing for it, with the model's source."""

    title: str
    lines: tuple[Fact, ...]
    source: str
    estimated: bool


@dataclass(frozen=True)
class TeamPlan:
    identity: Identity
    visit: VisitInfo
    as_of: date  # the day the record was read for (measures and prompts are as of then)
    disease: tuple[Fact, ...]  # onset, diagnosis, delay, region, King's, MiToS, ΔFRS
    sections: tuple[DisciplineSection, ...]  # neurology, SLP, nutrition, pulmonary, palliative, then others with actions
    medications: tuple[MedicationLine, ...]
    liver_tests: tuple[Fact, ...]  # recent ALT results against the upper limit of normal
    care_planning: tuple[CarePlanningLine, ...]
    trends: PatientTrends
    program_version: str
    generated_at: datetime  # timezone-aware
    clinic: ClinicDetails | None = None  # None: the clinic has entered no contact details
    research_estimates: tuple[ResearchEstimate, ...] = ()  # team's copy only
    closed_within_days: int | None = None  # how far back the sections' recently_closed reach

    @property
    def actions(self) -> tuple[PlanAction, ...]:
        return tuple(action for section in self.sections for action in section.actions)

"""The clinic worklist: what is due or overdue across every patient, most urgent first.

Each prompt in force (after the team's responses) is one row, owned by a discipline, with the
site of the patient's latest visit so each site can work its own list; beside the prompts, the
clinic's open team actions. Deceased and voided patients are never listed. The whole clinic is
read in a fixed number of queries (see services.snapshots), so the list stays quick on a large
clinic. A coordinator works it grouped by patient or by owner discipline (`groups`), narrowed to
what is overdue or urgent, with counts per discipline and per site.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from als_desktop.clinical.prompts import SEVERITY_ORDER, Rule, Severity, evaluate_all
from als_desktop.db.unreadable import plain_rows
from als_desktop.domain.vocab import DISCIPLINE
from als_desktop.models import Patient

from .decision_support import default_rules, is_answered, responses_in_force
from .queries import latest_visit_sites
from .settings import load_settings
from .snapshots import collector_paused, snapshots_for_all
from .team_actions import ClinicActionRow, open_actions

BY_PATIENT = "patient"
BY_DISCIPLINE = "discipline"
GROUPINGS = {BY_PATIENT: "Patient", BY_DISCIPLINE: "Discipline"}


class Cancelled(Exception):
    """The worklist was no longer wanted (the user cancelled it while it was being read)."""


@dataclass(frozen=True)
class WorklistRow:
    patient_id: uuid.UUID
    mrn: str
    given_name: str
    family_name: str
    site: str | None  # of the latest visit; None before the first visit
    rule_id: str
    discipline: str  # vocab.DISCIPLINE code of the owner
    severity: Severity
    message: str
    source: str
    due_on: date | None
    overdue: bool
    values: tuple[tuple[str, str], ...] = ()  # what triggered it, as (label, shown value)
    criteria: tuple[tuple[str, str], ...] = ()  # each criterion met, as (what was met, its source)

    @property
    def display_name(self) -> str:
        return f"{self.family_name.upper()}, {self.given_name}"

    @property
    def discipline_label(self) -> str:
        return DISCIPLINE.get(self.discipline, self.discipline)

    @property
    def urgent(self) -> bool:
        return self.severity == Severity.URGENT


@dataclass(frozen=True)
class Count:
    """How much of the list one discipline or one site holds."""

    name: str  # the discipline's label or the site's name
    prompts: int
    overdue: int  # prompts overdue
    urgent: int
    actions: int  # open team actions
    actions_overdue: int


@dataclass(frozen=True)
class Worklist:
    today: date
    rows: list[WorklistRow]
    sites: list[str] = field(default_factory=list)  # every site of a listed patient, for the filter
    disciplines: list[str] = field(default_factory=list)  # owners with at least one row, in vocab order
    discipline: str | None = None  # the filters applied
    site: str | None = None
    actions: list[ClinicActionRow] = field(default_factory=list)  # open team actions, overdue first
    overdue_only: bool = False
    urgent_only: bool = False

    def filtered(self, discipline: str | None = None, site: str | None = None, *,
                 overdue_only: bool = False, urgent_only: bool = False) -> Worklist:
        """The rows of one owner discipline and/or one site (None: all), keeping the choices.

        `overdue_only` keeps the overdue prompts and team actions; `urgent_only` the urgent
        prompts (a team action has no severity: it stays, narrowed by the other filters)."""
        rows = [row for row in self.rows
                if (discipline is None or row.discipline == discipline) and (site is None or row.site == site)
                and (not overdue_only or row.overdue) and (not urgent_only or row.urgent)]
        actions = [action for action in self.actions
                   if (discipline is None or action.owner_discipline == discipline)
                   and (site is None or action.site == site) and (not overdue_only or action.overdue)]
        return replace(self, rows=rows, actions=actions, discipline=discipline, site=site,
                       overdue_only=overdue_only, urgent_only=urgent_only)

    @property
    def overdue_count(self) -> int:
        return sum(row.overdue for row in self.rows)

    @property
    def urgent_count(self) -> int:
        return sum(row.urgent for row in self.rows)

    @property
    def patient_count(self) -> int:
        return len({row.patient_id for row in self.rows})

    @property
    def actions_overdue_count(self) -> int:
        return sum(action.overdue for action in self.actions)

    def counts_by_discipline(self) -> list[Count]:
        """Per owner discipline with anything listed, in the vocabulary's order."""
        owners = {row.discipline for row in self.rows} | {action.owner_discipline for action in self.actions}
        return [self._count(DISCIPLINE.get(code, code),
                            [row for row in self.rows if row.discipline == code],
                            [action for action in self.actions if action.owner_discipline == code])
                for code in [*DISCIPLINE, *sorted(owners - set(DISCIPLINE))] if code in owners]

    def counts_by_site(self) -> list[Count]:
        """Per site of the patients' latest visits, by name ("No visit yet" last)."""
        sites = {row.site for row in self.rows} | {action.site for action in self.actions}
        named = sorted((site for site in sites if site), key=str.casefold)
        return [self._count(site or NO_SITE, [row for row in self.rows if row.site == site],
                            [action for action in self.actions if action.site == site])
                for site in [*named, *([None] if None in sites else [])]]

    @staticmethod
    def _count(name: str, rows: list[WorklistRow], actions: list[ClinicActionRow]) -> Count:
        return Count(name, len(rows), sum(row.overdue for row in rows), sum(row.urgent for row in rows),
                     len(actions), sum(action.overdue for action in actions))


NO_SITE = "No visit yet"


@dataclass(frozen=True)
class WorklistGroup:
    """One patient's (or one discipline's) prompts, in the order they were given."""

    key: str  # the patient's id as text, or the discipline code
    title: str  # "DOE, Jane · MRN-0001 · Riverside clinic", or "Neurology"
    rows: list[WorklistRow]

    @property
    def overdue_count(self) -> int:
        return sum(row.overdue for row in self.rows)

    @property
    def urgent_count(self) -> int:
        return sum(row.urgent for row in self.rows)

    @property
    def summary(self) -> str:
        """'3 prompts: 1 urgent, 2 overdue'."""
        count = len(self.rows)
        text = f"{count} prompt{'s' if count != 1 else ''}"
        parts = [f"{self.urgent_count} urgent"] if self.urgent_count else []
        parts += [f"{self.overdue_count} overdue"] if self.overdue_count else []
        return f"{text}: {', '.join(parts)}" if parts else text


def groups(rows: list[WorklistRow], by: str) -> list[WorklistGroup]:
    """The rows grouped by patient or by owner discipline; groups come in the order of their
    first row, so a list sorted most urgent first leads with the patient (or discipline) whose
    prompt is most urgent, and within a group the rows keep their order."""
    if by not in GROUPINGS:
        raise ValueError(f"unknown grouping {by!r}")
    grouped: dict[str, WorklistGroup] = {}
    for row in rows:
        key = str(row.patient_id) if by == BY_PATIENT else row.discipline
        group = grouped.get(key)
        if group is None:
            title = (f"{row.display_name} · {row.mrn} · {row.site or NO_SITE}" if by == BY_PATIENT
                     else row.discipline_label)
            group = grouped[key] = WorklistGroup(key, title, [])
        group.rows.append(row)
    return list(grouped.values())


def urgency(row: WorklistRow) -> tuple:
    """Severity first, then overdue before not yet due, then the earliest due date (none last)."""
    return (SEVERITY_ORDER[row.severity], not row.overdue, row.due_on or date.max,
            row.family_name.casefold(), row.given_name.casefold(), row.mrn, row.rule_id)


def worklist(
    session: Session,
    today: date,
    discipline: str | None = None,
    site: str | None = None,
    rules: tuple[Rule, ...] | None = None,
    cancelled: Callable[[], bool] = lambda: False,
) -> Worklist:
    """Every prompt in force for a living patient, filtered by owner discipline and site.

    The same prompts as decision_support.prompts_for_all, read for living patients only; the
    rules run once per patient. `cancelled` is asked now and then: when it answers True,
    Cancelled is raised and nothing is returned."""
    with collector_paused():  # a great many small objects, no cycles: see snapshots
        return _worklist(session, today, discipline, site, rules, cancelled)


def _worklist(
    session: Session, today: date, discipline: str | None, site: str | None,
    rules: tuple[Rule, ...] | None, cancelled: Callable[[], bool],
) -> Worklist:
    rules = rules if rules is not None else default_rules()
    settings = load_settings(session)
    responses = responses_in_force(session)
    patients = _patients(session)
    if cancelled():
        raise Cancelled
    snapshots = snapshots_for_all(session, today, living_only=True)
    rows = []
    for number, (patient_id, snapshot) in enumerate(snapshots.items()):
        if number % 500 == 0 and cancelled():
            raise Cancelled
        facts = patients.get(patient_id)
        if facts is None:
            continue
        mrn, given_name, family_name, latest_site = facts
        for prompt in evaluate_all(rules, snapshot, settings):
            if responses and is_answered(prompt, responses.get((patient_id, prompt.rule_id)), today):
                continue
            rows.append(WorklistRow(
                patient_id, mrn, given_name, family_name, latest_site, prompt.rule_id, prompt.discipline,
                prompt.severity, prompt.message, prompt.source, prompt.due_on,
                prompt.due_on is not None and prompt.due_on < today,
                tuple(prompt.values), tuple(prompt.criteria),
            ))
    rows.sort(key=urgency)
    actions = open_actions(session, today)
    sites = sorted({row.site for row in rows if row.site} | {action.site for action in actions if action.site})
    owners = {row.discipline for row in rows} | {action.owner_discipline for action in actions}
    whole = Worklist(today, rows, sites, [code for code in DISCIPLINE if code in owners], actions=actions)
    return whole.filtered(discipline, site)


def _patients(session: Session) -> dict[uuid.UUID, tuple[str, str, str, str | None]]:
    """MRN, names and latest visit's site of each living patient, in one query."""
    latest = latest_visit_sites()
    query = (
        select(Patient.id, Patient.mrn, Patient.given_name, Patient.family_name, latest.c.site)
        .outerjoin(latest, (latest.c.patient_id == Patient.id) & (latest.c.n == 1))
        .where(Patient.voided_at.is_(None), Patient.date_of_death.is_(None))
    )
    return {row[0]: tuple(row[1:]) for row in plain_rows(session, query)}


__all__ = [
    "BY_DISCIPLINE", "BY_PATIENT", "GROUPINGS", "NO_SITE", "Cancelled", "Count", "Worklist", "WorklistGroup",
    "WorklistRow", "groups", "urgency", "worklist",
]

"""The clinic worklist: what is due or overdue across every patient, most urgent first.

Each prompt in force (after the team's responses) is one row, owned by a discipline, with the
site of the patient's latest visit so each site can work its own list. Deceased and voided
patients are never listed. The whole clinic is read in a fixed number of queries (see
services.snapshots), so the list stays quick on a large clinic.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from als_desktop.clinical.prompts import SEVERITY_ORDER, Rule, Severity, evaluate_all
from als_desktop.db.unreadable import plain_rows
from als_desktop.domain.vocab import DISCIPLINE
from als_desktop.models import Patient, Visit

from .decision_support import default_rules, is_answered, responses_in_force
from .settings import load_settings
from .snapshots import collector_paused, snapshots_for_all


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

    @property
    def display_name(self) -> str:
        return f"{self.family_name.upper()}, {self.given_name}"

    @property
    def discipline_label(self) -> str:
        return DISCIPLINE.get(self.discipline, self.discipline)


@dataclass(frozen=True)
class Worklist:
    today: date
    rows: list[WorklistRow]
    sites: list[str] = field(default_factory=list)  # every site of a listed patient, for the filter
    disciplines: list[str] = field(default_factory=list)  # owners with at least one row, in vocab order
    discipline: str | None = None  # the filters applied
    site: str | None = None

    def filtered(self, discipline: str | None = None, site: str | None = None) -> Worklist:
        """The rows of one owner discipline and/or one site (None: all), keeping the choices."""
        rows = [row for row in self.rows
                if (discipline is None or row.discipline == discipline) and (site is None or row.site == site)]
        return replace(self, rows=rows, discipline=discipline, site=site)

    @property
    def overdue_count(self) -> int:
        return sum(row.overdue for row in self.rows)

    @property
    def patient_count(self) -> int:
        return len({row.patient_id for row in self.rows})


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
            ))
    rows.sort(key=urgency)
    sites = sorted({row.site for row in rows if row.site})
    owners = {row.discipline for row in rows}
    whole = Worklist(today, rows, sites, [code for code in DISCIPLINE if code in owners])
    return whole.filtered(discipline, site)


def _patients(session: Session) -> dict[uuid.UUID, tuple[str, str, str, str | None]]:
    """MRN, names and latest visit's site of each living patient, in one query."""
    latest = (
        select(Visit.patient_id, Visit.site,
               func.row_number().over(partition_by=Visit.patient_id,
                                      order_by=(Visit.visit_date.desc(), Visit.created_at.desc())).label("n"))
        .where(Visit.voided_at.is_(None))
        .subquery()
    )
    query = (
        select(Patient.id, Patient.mrn, Patient.given_name, Patient.family_name, latest.c.site)
        .outerjoin(latest, (latest.c.patient_id == Patient.id) & (latest.c.n == 1))
        .where(Patient.voided_at.is_(None), Patient.date_of_death.is_(None))
    )
    return {row[0]: tuple(row[1:]) for row in plain_rows(session, query)}


__all__ = ["Cancelled", "Worklist", "WorklistRow", "urgency", "worklist"]

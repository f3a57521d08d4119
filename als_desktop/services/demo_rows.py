"""The demo clinic's rows waiting to be written, and the small date and number helpers its
builders share."""

from __future__ import annotations

import calendar
import random
import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy.orm import Session

from als_desktop.domain.limits import LIMITS
from als_desktop.models import (
    AlsfrsAssessment,
    CarePlanningDecision,
    Intervention,
    LiverTest,
    Medication,
    MedicationDose,
    NutritionAssessment,
    PalliativeReview,
    Patient,
    RespiratoryAssessment,
    SlpAssessment,
    TeamAction,
    Visit,
    WeightMeasurement,
)

from . import writer

AUTHOR = "demo"
DAYS_PER_MONTH = 365.25 / 12
# Parents before children, so foreign keys hold at every chunk.
INSERT_ORDER = (
    Patient, Visit, AlsfrsAssessment, WeightMeasurement, NutritionAssessment,
    RespiratoryAssessment, SlpAssessment, PalliativeReview, Medication, MedicationDose,
    LiverTest, Intervention, CarePlanningDecision, TeamAction,
)
DEMO_SOURCE = "demo clinic (synthetic patients)"


@dataclass
class Rows:
    """Rows waiting to be inserted, per model; every row of a model has every column."""

    rng: random.Random
    pending: dict[type, list[dict[str, Any]]] = field(default_factory=dict)
    count: int = 0
    # Whose record each visit and medicine belongs to, for the history entries of their rows.
    owners: dict[uuid.UUID, uuid.UUID] = field(default_factory=dict)

    def add(self, model: type, when: datetime, **values: Any) -> uuid.UUID:
        row = dict.fromkeys(model.__table__.columns.keys())
        row_id = uuid.UUID(int=self.rng.getrandbits(128), version=4)
        row.update(values, id=row_id, version=1, created_at=when, created_by=AUTHOR,
                   updated_at=values.get("updated_at", when), updated_by=AUTHOR)
        self.pending.setdefault(model, []).append(row)
        self.count += 1
        if model in (Visit, Medication):
            self.owners[row_id] = values["patient_id"]
        return row_id

    def waiting(self, model: type) -> int:
        """How many rows of `model` wait: a mark to `drop_since` later."""
        return len(self.pending.get(model, ()))

    def drop_since(self, model: type, mark: int) -> None:
        """Forget the rows of `model` added after `mark` (taken with `waiting`)."""
        rows = self.pending.get(model, [])
        self.count -= max(0, len(rows) - mark)
        del rows[mark:]

    def patient_of(self, row: dict[str, Any]) -> uuid.UUID | None:
        if "mrn" in row:
            return row["id"]
        if row.get("patient_id") is not None:
            return row["patient_id"]
        return self.owners.get(row.get("visit_id") or row.get("medication_id"))

    def write(self, session: Session, actor: writer.Actor) -> None:
        for model in INSERT_ORDER:
            rows = self.pending.pop(model, None)
            if rows:
                writer.insert_many(session, model, rows, actor, patient_of=self.patient_of, source=DEMO_SOURCE)
        self.count = 0


def clamp(value: float, low: float, high: float) -> float:
    return max(low, min(high, value))


def within(field_name: str, value: float) -> float:
    """`value` kept inside the plausible range of `field_name`, rounded as the form shows it."""
    limit = LIMITS[field_name]
    return round(clamp(value, limit.low, limit.high), limit.decimals)


def days(n: float) -> timedelta:
    return timedelta(days=round(n))


def months(n: float) -> timedelta:
    return timedelta(days=round(n * DAYS_PER_MONTH))


def add_calendar_months(start: date, count: int) -> date:
    index = start.month - 1 + count
    year, month = start.year + index // 12, index % 12 + 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def working_day(day: date, earliest: date = date.min, latest: date = date.max) -> date:
    """`day`, or when it falls on a weekend a weekday of the week before (Saturday) or after
    (Sunday), kept between `earliest` and `latest` where the week allows: the clinic sees its
    patients Monday to Friday. The weekday chosen turns with the week, so that moved visits
    spread over the whole week instead of piling up on Fridays and Mondays."""
    if day.weekday() < 5:
        return day
    weekday = (day.toordinal() // 7 + day.weekday()) % 5
    before = day - timedelta(days=day.weekday() - weekday)
    after = before + timedelta(days=7)
    for moved in ((after, before) if day.weekday() == 6 else (before, after)):
        if earliest <= moved <= latest:
            return moved
    friday, monday = day - timedelta(days=day.weekday() - 4), day + timedelta(days=7 - day.weekday())
    return monday if earliest <= monday <= latest else friday


def weighted(rng: random.Random, choices: dict[str, float]) -> str:
    return rng.choices(list(choices), weights=list(choices.values()))[0]


def clinic_time(rng: random.Random, day: date) -> datetime:
    """A moment of clinic hours (09:00-16:45 UTC) on `day`, as a stored timestamp."""
    return datetime.combine(day, time(9), tzinfo=UTC) + timedelta(minutes=15 * rng.randrange(32))

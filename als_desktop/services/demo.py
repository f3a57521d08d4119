"""A synthetic demo clinic: realistic-looking patients for every screen, and no real person.

Each patient's whole course is drawn from one random generator seeded by the demo seed and
the patient's number, so the same seed on the same day gives the same rows (UUIDs and
timestamps included), and adding more demo patients later continues the numbering without
clashing. The course is simulated in "disease progress" (demo_course.py), so the numbers of one
visit agree with each other and with the interventions placed (demo_visit.py, demo_patient.py,
demo_medicines.py).

The clinic gives care the way a real one does, guided by the clinical reference: when a
patient's record crosses the guide's triggers it usually starts the care (AAC as speech falls,
cough assist when peak cough flow is low, NIV discussed when breathing symptoms or the NICE or
CMS criteria appear and started or declined at the next visit, gastrostomy discussed early and
placed around the weight-loss trigger, palliative care and advance care planning from
diagnosis), and it sees most of its team actions through. So the prompts left open are the
ones a real clinic would still have (benchmarks/prompt_load.py counts them).

The clinic works Monday to Friday: every past visit, with everything measured at it, falls on
a working day. Today the clinic is running: about one living patient in six (at least one
when anyone is alive), those longest since their last visit, has a visit today, so Clinic day
opens with patients in it. The day is under way: the first patients have been seen by every
discipline, the next by some, the last have only arrived (the disciplines visit them in no
fixed order). When the demo is opened on a Saturday or Sunday, today is still the clinic day
(the one exception to the working week): whoever opens the demo expects Clinic day to show an
example of a day whatever the date, and a clinic on the following Monday would hold visits not
yet happened. The choice of who comes and how far the day has gone is drawn from the seed,
the day and the first patient number, so it too is the same every time.

Rows go into the tables through the writer's bulk insert (`writer.insert_many`), in chunks,
inside one transaction: checked field by field and each with its change-history entry, but
without the per-row round trips that would take minutes for a 2,000-patient clinic.
"""

from __future__ import annotations

import random
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from als_desktop.db import Database
from als_desktop.models import Patient

from . import demo_accounts, writer
from .clinic_day import DISCIPLINES
from .demo_patient import MRN_PREFIX, PatientBuilder
from .demo_rows import AUTHOR, Rows

__all__ = ["MRN_PREFIX", "clinic_day_size", "next_number", "populate"]

CHUNK_ROWS = 20_000
# Share of the living patients at today's clinic; in a 120-patient demo, about 65 are alive.
TODAY_SHARE = 1 / 6
# How far the day has gone: the share of today's patients seen by every discipline, and by
# some; the rest have only arrived.
SEEN_BY_ALL, SEEN_BY_SOME = 0.4, 0.35


def next_number(session: Session) -> int:
    """The number after the highest DEMO MRN already in the database."""
    mrns = session.scalars(select(Patient.mrn).where(Patient.mrn.like(f"{MRN_PREFIX}%")))
    numbers = [int(mrn[len(MRN_PREFIX):]) for mrn in mrns if mrn[len(MRN_PREFIX):].isdigit()]
    return max(numbers, default=0) + 1


def clinic_day_size(living: int) -> int:
    """How many of `living` patients come to today's clinic."""
    return max(1, round(living * TODAY_SHARE)) if living else 0


def book_clinic_day(builders: list[PatientBuilder], rng: random.Random) -> dict[int, tuple[str, ...]]:
    """Book today's clinic among the drawn patients; for each patient booked (by number), the
    codes of the disciplines that have recorded on today's visit so far."""
    living = [b for b in builders if b.death is None]
    due = sorted(living, key=lambda b: (-b.days_since_last_visit, b.number))[:clinic_day_size(len(living))]
    rng.shuffle(due)  # the order they arrive in
    codes = [d.code for d in DISCIPLINES]
    seen: dict[int, tuple[str, ...]] = {}
    for place, builder in enumerate(due):
        builder.book_today()
        if place < round(len(due) * SEEN_BY_ALL):
            seen[builder.number] = tuple(codes)
        elif place < round(len(due) * (SEEN_BY_ALL + SEEN_BY_SOME)):
            seen[builder.number] = tuple(rng.sample(codes, rng.randint(1, len(codes) - 1)))
        else:
            seen[builder.number] = ()
    return seen


def populate(database: Database, patients: int, seed: int = 1, today: date | None = None) -> int:
    """Add `patients` synthetic patients (MRNs DEMO-nnnnn) in one transaction; returns how many."""
    if patients < 0:
        raise ValueError("the number of demo patients cannot be negative")
    today = today or date.today()
    actor = writer.Actor(AUTHOR, writer.this_workstation())
    with database.transaction() as session:
        first = next_number(session)
        rows = Rows(random.Random())
        builders = []
        for number in range(first, first + patients):
            builder = PatientBuilder(random.Random(f"als-desktop-demo:{seed}:{number}"), number, today, rows)
            builder.draw()
            builders.append(builder)
        seen_today = book_clinic_day(builders, random.Random(f"als-desktop-demo:{seed}:{today}:{first}"))
        for builder in builders:
            rows.rng = builder.rng
            builder.record(seen_today.get(builder.number, ()))
            if rows.count >= CHUNK_ROWS:
                rows.write(session, actor)
        rows.write(session, actor)
        demo_accounts.add_demo_accounts(session, MRN_PREFIX, actor.workstation)
    return patients

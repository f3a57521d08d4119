"""One synthetic patient: identity, disease course, visit schedule and whole record.

A patient is drawn first (`PatientBuilder.draw`: identity, course, the quarterly visits up to
yesterday) and recorded after (`record`), so that the clinic can choose who comes to today's
clinic from every patient drawn before any row is written. Both steps take their numbers from
the patient's own generator, in the same order, so the same seed gives the same patient.
"""

from __future__ import annotations

import math
import random
import uuid
from datetime import date

from als_desktop.domain.vocab import SITE_MAIN
from als_desktop.models import CarePlanningDecision, Patient

from .demo_course import DOMAIN_WEIGHTS, ONSET_REGIONS, Course, State
from .demo_medicines import MedicineRecorder
from .demo_rows import (
    Rows,
    clamp,
    clinic_time,
    days,
    months,
    weighted,
    within,
    working_day,
)
from .demo_visit import VisitRecorder

MRN_PREFIX = "DEMO-"
OUTREACH_SITES = ("Outreach: Northfield", "Outreach: Eastbrook", "Outreach: Riverside")
# Below this many days since the last visit, a patient booked for today's clinic has that last
# visit moved to today rather than a second one so soon after it.
SHORTEST_FOLLOW_UP_DAYS = 45
# Advance care planning is discussed at one of the first visits after diagnosis.
EARLY_VISITS = 3

GIVEN_NAMES = {
    "female": ("Anna", "Beatrice", "Carmen", "Dana", "Elena", "Fiona", "Grace", "Hana", "Ines",
               "Judith", "Karin", "Leila", "Maria", "Nadia", "Olga", "Priya", "Rosa", "Sofia",
               "Teresa", "Ursula", "Vera", "Wendy", "Yasmin", "Zofia", "Helen", "Margaret"),
    "male": ("Adam", "Bruno", "Carlos", "David", "Emil", "Farid", "George", "Henrik", "Ivan",
             "James", "Kenji", "Luis", "Martin", "Nikolai", "Omar", "Pavel", "Rafael", "Samuel",
             "Thomas", "Umar", "Victor", "William", "Yusuf", "Zoran", "Peter", "Robert"),
}
FAMILY_NAMES = (
    "Abbott", "Baker", "Castillo", "Dimitrov", "Eriksen", "Fischer", "Garcia", "Hughes", "Ivanova",
    "Jensen", "Kowalski", "Lambert", "Moreau", "Nakamura", "Okafor", "Petrov", "Quinn", "Rossi",
    "Schmidt", "Tanaka", "Underwood", "Varga", "Walsh", "Xu", "Young", "Zimmermann", "Haddad",
    "Lindqvist", "Mensah", "Novak", "O'Brien", "Patel", "Reyes", "Silva", "Turner", "Weber",
)


class PatientBuilder(VisitRecorder):
    """Draws one patient and writes their whole record into `rows`."""

    def __init__(self, rng: random.Random, number: int, today: date, rows: Rows) -> None:
        self.rng = rng
        self.number = number
        self.today = today
        self.rows = rows
        self.state = State()

    # -- identity, disease and schedule

    def draw(self) -> None:
        rng, today = self.rng, self.today
        sex = "male" if rng.random() < 0.6 else "female"
        region = weighted(rng, ONSET_REGIONS)
        rate_scale = 1.2 if region in ("bulbar", "respiratory") else 1.0
        delay = rng.uniform(8, 18)
        diagnosis = today - days(rng.uniform(21, 6 * 365))
        onset = diagnosis - months(delay)
        age = clamp(rng.gauss(63, 10), 35, 86)
        born = onset - days(age * 365.25)
        # ΔFRS (points/month): about 40 % slow, 40 % intermediate, 20 % fast.
        rate = clamp(rng.lognormvariate(math.log(0.6), 0.6) * rate_scale, 0.12, 3.0)
        total_loss = rng.uniform(26, 40)
        survival = max(total_loss / rate, delay + rng.uniform(3, 9))
        tracheostomy = rng.random() < 0.05
        if tracheostomy:
            survival += rng.uniform(12, 36)
        death = onset + months(survival)
        self.death = death if death < today else None

        weights = [w * rng.uniform(0.7, 1.3) for w in DOMAIN_WEIGHTS[region]]
        self.course = Course(
            rng=rng, onset=onset, survival_months=survival, region=region,
            weights=tuple(w / sum(weights) for w in weights),
            total_loss=total_loss,
            fvc_base=clamp(rng.gauss(95, 12), 65, 125),
            fvc_shape={"respiratory": 0.7, "bulbar": 1.2}.get(region, 1.5),
            weight_loss_at_end=rng.uniform(0.04, 0.2) + (0.08 if region == "bulbar" else 0),
            bulbar_cough=0.8 if region == "bulbar" else 1.0,
            tracheostomy_wanted=tracheostomy,
        )
        if tracheostomy:
            # Past expected death the course is carried by the ventilator: slow it down.
            self.course.survival_months = survival - 18

        self.height = within("height_cm", rng.gauss(176, 7) if sex == "male" else rng.gauss(163, 6))
        bmi = clamp(rng.gauss(26, 4), 18.5, 40)
        self.premorbid = within("premorbid_weight_kg", bmi * (self.height / 100) ** 2)
        self.sex, self.born, self.diagnosis = sex, born, diagnosis
        self.visit_days = self.schedule(diagnosis)

    def schedule(self, diagnosis: date) -> list[date]:
        """About quarterly visits from diagnosis to yesterday (or the day before death), each
        on a working day."""
        last = min(self.today - days(1), (self.death or self.today) - days(1))
        visits = [working_day(min(diagnosis + days(self.rng.uniform(0, 14)), last), diagnosis, last)]
        while True:
            following = visits[-1] + days(91 + self.rng.gauss(0, 10))
            if following > last:
                return visits
            visits.append(working_day(following, visits[-1] + days(1), last))

    @property
    def days_since_last_visit(self) -> int:
        return (self.today - self.visit_days[-1]).days

    def book_today(self) -> None:
        """Put the patient on today's clinic."""
        if self.days_since_last_visit < SHORTEST_FOLLOW_UP_DAYS:
            self.visit_days[-1] = self.today
        else:
            self.visit_days.append(self.today)

    # -- the record

    def record(self, seen_today: tuple[str, ...] = ()) -> None:
        """Write the patient's record; on a visit today only the disciplines in `seen_today`
        have recorded so far."""
        today, visit_days = self.today, self.visit_days
        self.patient_id = self.patient_row(self.sex, self.born, self.course.onset, self.course.region,
                                           self.diagnosis, visit_days[0])
        self.sites = self.choose_sites()
        visit_ids = [
            self.visit_in_progress(day, index, seen_today) if day == today else self.visit(day, index)
            for index, day in enumerate(visit_days)
        ]
        # What was started or decided is in the record up to yesterday; today's clinic has
        # not finished.
        past = [day for day in visit_days if day < today] or visit_days
        MedicineRecorder(self.rng, self.rows, self.patient_id).record(
            self.diagnosis, past, min(self.death or today, today - days(1)), self.course.region,
            self.sod1_positive)
        self.care_planning(past, visit_ids)
        self.hospice()
        self.end_ventilation()

    def patient_row(self, sex: str, born: date, onset: date, region: str, diagnosis: date,
                    first_visit: date) -> uuid.UUID:
        rng = self.rng
        c9 = weighted(rng, {"negative": 70, "positive": 8, "not_tested": 15, "pending": 5, "vus": 2})
        sod1 = weighted(rng, {"negative": 72, "positive": 3, "not_tested": 20, "pending": 3, "vus": 2})
        self.sod1_positive = sod1 == "positive"
        ftd_chance = 0.4 if c9 == "positive" else 0.06
        ftd = "yes" if rng.random() < ftd_chance else weighted(rng, {"no": 85, "unknown": 15})
        ecas = None
        if rng.random() < 0.7:
            ecas = int(clamp(rng.gauss(85, 12) if ftd == "yes" else rng.gauss(115, 9), 40, 136))
        panel = None
        if c9 == "negative" and rng.random() < 0.3:
            panel = "Panel of 30 ALS genes: no other pathogenic variant."
        created = clinic_time(rng, first_visit)
        updated = created
        if self.death:
            # The death is recorded a few days after it happened.
            recorded = min(self.death + days(rng.uniform(1, 10)), self.today - days(1))
            updated = max(created, clinic_time(rng, recorded))
        return self.rows.add(
            Patient, created, updated_at=updated,
            mrn=f"{MRN_PREFIX}{self.number:05d}",
            given_name=rng.choice(GIVEN_NAMES[sex]),
            family_name=rng.choice(FAMILY_NAMES),
            date_of_birth=born, sex=sex, height_cm=self.height, premorbid_weight_kg=self.premorbid,
            onset_date=onset, onset_region=region, diagnosis_date=diagnosis,
            diagnostic_criteria=weighted(rng, {"gold_coast": 40, "el_escorial_definite": 20,
                                               "el_escorial_probable": 20, "el_escorial_probable_lab": 10,
                                               "el_escorial_possible": 10}),
            c9orf72_status=c9, sod1_status=sod1,
            other_genetics=panel,
            ftd=ftd, ecas_total=ecas, ecas_date=first_visit if ecas is not None else None,
            date_of_death=self.death,
            notes=None,
        )

    def choose_sites(self) -> list[str]:
        # One patient in five lives far away and alternates outreach and main-clinic visits.
        if self.rng.random() < 0.2:
            return [SITE_MAIN, self.rng.choice(OUTREACH_SITES)]
        return [SITE_MAIN]

    # -- patient-level records

    def end_ventilation(self) -> None:
        if self.state.niv_row is not None and self.death and self.state.niv_row["ended_on"] is None:
            self.state.niv_row["ended_on"] = self.death

    def hospice(self) -> None:
        if self.death and self.rng.random() < 0.6:
            self.intervention("hospice", self.death - days(self.rng.uniform(14, 90)),
                              detail=self.rng.choice(("Community hospice team", "Inpatient hospice")))

    def care_planning(self, visit_days: list[date], visit_ids: list[uuid.UUID]) -> None:
        # Advance care planning begins early (the guide): most patients talk it through over
        # their first visits; a few have not yet, or leave a topic for later.
        rng = self.rng
        if rng.random() >= 0.9:
            return
        proxy = f"{rng.choice(GIVEN_NAMES[rng.choice(('female', 'male'))])} {rng.choice(FAMILY_NAMES)}"
        gastrostomy_declined = self.state.gastrostomy == "declined"
        decisions = {
            "resuscitation": rng.choice(("Do not attempt cardiopulmonary resuscitation.",
                                         "For cardiopulmonary resuscitation; to review.")),
            "ventilatory_support": "Accepts NIV and tracheostomy." if self.course.tracheostomy_wanted
            else rng.choice(("Accepts NIV; declines tracheostomy.", "Declines invasive ventilation.")),
            "nutrition_hydration": "Declines gastrostomy." if gastrostomy_declined
            else "Accepts gastrostomy when advised.",
            "place_of_death": rng.choice(("Home.", "Hospice.", "Hospital.")),
        }
        for topic, decision in decisions.items():
            if rng.random() < 0.12:
                continue
            index = rng.randrange(min(len(visit_days), EARLY_VISITS))
            day = visit_days[index]
            self.rows.add(
                CarePlanningDecision, clinic_time(rng, day), patient_id=self.patient_id, topic=topic,
                decision=decision, discussed_on=day,
                document=rng.choice((None, "ReSPECT form", "Advance directive", "POLST")),
                proxy_name=proxy if rng.random() < 0.6 else None, notes=None,
            )

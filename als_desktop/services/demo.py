"""A synthetic demo clinic: realistic-looking patients for every screen, and no real person.

Each patient's whole course is drawn from one random generator seeded by the demo seed and
the patient's number, so the same seed on the same day gives the same rows (UUIDs and
timestamps included), and adding more demo patients later continues the numbering without
clashing. The course is simulated in "disease progress" p (0 at onset, 1 at the expected
death): ALSFRS-R, FVC, weight, speech and swallowing all follow p, so the numbers of one visit
agree with each other and with the interventions placed.

Rows go into the tables through the writer's bulk insert (`writer.insert_many`), in chunks,
inside one transaction: checked field by field and each with its change-history entry, but
without the per-row round trips that would take minutes for a 2,000-patient clinic.
"""

from __future__ import annotations

import calendar
import math
import random
import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from als_desktop.db import Database
from als_desktop.domain.limits import LIMITS
from als_desktop.domain.vocab import SITE_MAIN
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

MRN_PREFIX = "DEMO-"
AUTHOR = "demo"
DAYS_PER_MONTH = 365.25 / 12
OUTREACH_SITES = ("Outreach: Northfield", "Outreach: Eastbrook", "Outreach: Riverside")
# Parents before children, so foreign keys hold at every chunk.
INSERT_ORDER = (
    Patient, Visit, AlsfrsAssessment, WeightMeasurement, NutritionAssessment,
    RespiratoryAssessment, SlpAssessment, PalliativeReview, Medication, MedicationDose,
    LiverTest, Intervention, CarePlanningDecision, TeamAction,
)
CHUNK_ROWS = 20_000
DEMO_SOURCE = "demo clinic (synthetic patients)"

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
CLINICIANS = {
    "neurology": ("Dr Amadi", "Dr Brennan", "Dr Castell"),
    "nursing": ("Nurse Dahl", "Nurse Evans"),
    "slp": ("SLP Fontaine", "SLP Greer"),
    "nutrition": ("Dietitian Holm", "Dietitian Iqbal"),
    "pulmonary": ("Dr Jovanovic", "Physio Kerr"),
}
ONSET_REGIONS = {"bulbar": 28, "upper_limb": 32, "lower_limb": 33, "respiratory": 3, "trunk": 2,
                 "generalised": 1, "cognitive": 1}
# Share of the non-respiratory ALSFRS-R loss falling on the bulbar, fine-motor and
# gross-motor domains, by onset region: the region of onset goes first.
DOMAIN_WEIGHTS = {
    "bulbar": (0.6, 0.2, 0.2),
    "upper_limb": (0.2, 0.5, 0.3),
    "lower_limb": (0.2, 0.25, 0.55),
    "respiratory": (0.3, 0.3, 0.4),
    "trunk": (0.2, 0.3, 0.5),
    "generalised": (0.34, 0.33, 0.33),
    "cognitive": (0.4, 0.3, 0.3),
}
DOMAIN_ITEMS = (
    ("speech", "swallowing", "salivation"),
    ("handwriting", "cutting_food", "dressing_hygiene"),
    ("walking", "climbing_stairs", "turning_in_bed"),
)
# Which item of a domain loses each successive point: the leading item first, all three
# reaching 0 together at 12 points.
POINT_ORDER = (0, 0, 1, 0, 1, 2, 0, 1, 2, 1, 2, 2)


# ---------------------------------------------------------------------------- the rows


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


# ---------------------------------------------------------------------------- small helpers


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


def weighted(rng: random.Random, choices: dict[str, float]) -> str:
    return rng.choices(list(choices), weights=list(choices.values()))[0]


def clinic_time(rng: random.Random, day: date) -> datetime:
    """A moment of clinic hours (09:00-16:45 UTC) on `day`, as a stored timestamp."""
    return datetime.combine(day, time(9), tzinfo=UTC) + timedelta(minutes=15 * rng.randrange(32))


# ---------------------------------------------------------------------------- the patient


@dataclass
class Course:
    """One synthetic patient's disease, drawn once; visits read their state from it."""

    rng: random.Random
    onset: date
    survival_months: float  # onset to expected death (with tracheostomy: longer)
    region: str
    weights: tuple[float, float, float]
    total_loss: float  # ALSFRS-R points lost by expected death
    fvc_base: float
    fvc_shape: float
    weight_loss_at_end: float  # fraction of premorbid weight lost by expected death
    bulbar_cough: float
    tracheostomy_wanted: bool

    def progress(self, day: date) -> float:
        return max(0.0, (day - self.onset).days / DAYS_PER_MONTH / self.survival_months)

    def domain_losses(self, p: float) -> list[int]:
        """Points lost in the bulbar, fine-motor and gross-motor domains (0-12 each)."""
        loss = max(0.0, self.total_loss * 0.8 * min(p, 1.05) + self.rng.gauss(0, 0.6))
        shares = [loss * weight for weight in self.weights]
        # Spill what a saturated domain cannot lose onto the others.
        for _ in range(3):
            excess = sum(max(0.0, share - 12) for share in shares)
            open_domains = [i for i, share in enumerate(shares) if share < 12]
            shares = [min(12.0, share) for share in shares]
            if not excess or not open_domains:
                break
            for i in open_domains:
                shares[i] += excess / len(open_domains)
        return [int(clamp(round(share), 0, 12)) for share in shares]

    def fvc(self, p: float) -> float:
        decline = 0.85 * min(p, 1.0) ** self.fvc_shape
        return within("fvc_percent_sitting", self.fvc_base * (1 - decline) + self.rng.gauss(0, 3))


def item_scores(losses: list[int]) -> dict[str, int]:
    scores = {}
    for loss, items in zip(losses, DOMAIN_ITEMS, strict=True):
        item_loss = [0, 0, 0]
        for point in range(loss):
            item_loss[POINT_ORDER[point]] += 1
        scores.update({item: 4 - lost for item, lost in zip(items, item_loss, strict=True)})
    return scores


def breathing_items(rng: random.Random, fvc: float, ventilation: str, niv_hours: float) -> dict[str, int]:
    """Items 10-12 as they go with the measured FVC and the ventilation in use."""
    drop = clamp((95 - fvc) / 17 + rng.gauss(0, 0.4), 0, 4)
    if ventilation == "tracheostomy":
        insufficiency = 0
    elif ventilation == "started":
        insufficiency = 3 if niv_hours < 8 else 2 if niv_hours <= 16 else 1
    else:
        insufficiency = 4
    return {
        "dyspnea": int(round(4 - drop)),
        "orthopnea": int(round(clamp(4 - drop * 0.8, 0, 4))),
        "respiratory_insufficiency": insufficiency,
    }


@dataclass
class State:
    """What has happened to the patient so far, carried from visit to visit."""

    gastrostomy: str = "not_discussed"
    gastrostomy_on: date | None = None
    weight_loss_at_gastrostomy: float = 0.0
    ventilation: str = "not_indicated"
    niv_hours: float = 0.0
    niv_row: dict | None = None
    aac: str = "not_needed"
    cough_assist: bool = False
    aac_device: bool = False
    palliative_referral: date | None = None
    slp_referral: date | None = None
    aac_referral: date | None = None
    actions: set[str] = field(default_factory=set)


class PatientBuilder:
    """Draws one patient and writes their whole record into `rows`."""

    def __init__(self, rng: random.Random, number: int, today: date, rows: Rows) -> None:
        self.rng = rng
        self.number = number
        self.today = today
        self.rows = rows
        self.state = State()

    # -- identity and disease

    def build(self) -> None:
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
        visit_days = self.visit_days(diagnosis)
        self.patient_id = self.patient_row(sex, born, onset, region, diagnosis, visit_days[0])
        self.sites = self.choose_sites()
        visit_ids = [self.visit(day, index) for index, day in enumerate(visit_days)]
        self.medications(diagnosis, visit_days)
        self.care_planning(visit_days, visit_ids)
        self.hospice()
        self.end_ventilation()

    def visit_days(self, diagnosis: date) -> list[date]:
        last = min(self.today - days(1), (self.death or self.today) - days(1))
        visits = [min(diagnosis + days(self.rng.uniform(0, 14)), last)]
        while True:
            following = visits[-1] + days(91 + self.rng.gauss(0, 10))
            if following > last:
                return visits
            visits.append(following)

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

    # -- one visit

    def visit(self, day: date, index: int) -> uuid.UUID:
        rng, course, state = self.rng, self.course, self.state
        when = clinic_time(rng, day)
        team = [rng.choice(CLINICIANS["neurology"]), rng.choice(CLINICIANS["nursing"])]
        team += [rng.choice(CLINICIANS[d]) for d in ("slp", "nutrition", "pulmonary") if rng.random() < 0.7]
        visit_id = self.rows.add(
            Visit, when, patient_id=self.patient_id, visit_date=day,
            site=self.sites[index % len(self.sites)], clinicians=", ".join(team),
            notes="First visit after diagnosis." if index == 0 else None,
        )
        p = course.progress(day)
        scores = item_scores(course.domain_losses(p))
        fvc = course.fvc(p)
        weight_loss = self.weight_loss(p)
        weight = within("weight_kg", self.premorbid * (1 - weight_loss) + rng.gauss(0, 0.6))

        self.respiratory(visit_id, day, when, fvc, scores, p)
        scores.update(breathing_items(rng, fvc, state.ventilation, state.niv_hours))
        self.nutrition(visit_id, day, when, scores, weight_loss, fvc)
        self.rows.add(AlsfrsAssessment, when + timedelta(minutes=5), visit_id=visit_id,
                      cutting_form="5b" if state.gastrostomy == "placed" else "5a", notes=None, **scores)
        self.weight(visit_id, when, weight)
        if scores["speech"] < 4 or scores["swallowing"] < 4 or rng.random() < 0.4:
            self.slp(visit_id, day, when, scores)
        if rng.random() < 0.3 + 0.6 * min(p, 1):
            self.palliative(visit_id, day, when, scores, p)
        return visit_id

    def weight_loss(self, p: float) -> float:
        loss = self.course.weight_loss_at_end * min(p, 1.1) ** 1.3
        if self.state.gastrostomy == "placed":
            # Feeding by gastrostomy stops the loss and wins a little back.
            return max(0.0, self.state.weight_loss_at_gastrostomy - 0.02)
        return loss

    def weight(self, visit_id: uuid.UUID, when: datetime, weight: float) -> None:
        self.rows.add(WeightMeasurement, when + timedelta(minutes=2), visit_id=visit_id,
                      weight_kg=weight, notes=None)
        if self.rng.random() < 0.01:
            # Now and then a weight typed twice, voided as a real clinic would.
            voided = when + timedelta(minutes=20)
            self.rows.add(WeightMeasurement, when + timedelta(minutes=3), updated_at=voided,
                          visit_id=visit_id, weight_kg=weight, notes=None, voided_at=voided,
                          voided_by=AUTHOR, void_reason="Entered twice.")

    # -- disciplines

    def respiratory(self, visit_id: uuid.UUID, day: date, when: datetime, fvc: float,
                    scores: dict[str, int], p: float) -> None:
        rng, state, course = self.rng, self.state, self.course
        self.advance_ventilation(day, fvc)
        pcf = within("peak_cough_flow_l_min", fvc * 4.6 * course.bulbar_cough + rng.gauss(0, 25))
        # Supine FVC, CO2 and overnight oximetry are measured only some of the time.
        supine = co2 = co2_source = minutes_le88 = recording_hours = None
        if rng.random() < 0.3:
            supine = within("fvc_percent_supine", fvc * rng.uniform(0.75, 0.95))
        if fvc < 60 and rng.random() < 0.5:
            co2 = within("co2_mmhg", 38 + max(0, 60 - fvc) * 0.3 + rng.gauss(0, 2))
            co2_source = weighted(rng, {"venous": 50, "arterial": 30, "transcutaneous": 20})
        if fvc < 70 and rng.random() < 0.4:
            minutes_le88 = within("oximetry_minutes_le88", max(0, 50 - fvc) * 1.5 + rng.uniform(0, 8))
            recording_hours = within("oximetry_recording_hours", rng.uniform(6, 9))
        ventilated = state.ventilation in ("started", "tracheostomy")
        self.rows.add(
            RespiratoryAssessment, when + timedelta(minutes=10), visit_id=visit_id,
            fvc_percent_sitting=fvc,
            fvc_percent_supine=supine,
            snip_cmh2o=within("snip_cmh2o", fvc * 0.8 + rng.gauss(0, 6)),
            mip_cmh2o=within("mip_cmh2o", fvc * 0.85 + rng.gauss(0, 6)),
            peak_cough_flow_l_min=pcf,
            spo2_percent=within("spo2_percent", 97 - max(0, 45 - fvc) * 0.15 + rng.gauss(0, 0.8)),
            oximetry_minutes_le88=minutes_le88,
            oximetry_recording_hours=recording_hours,
            co2_mmhg=co2,
            co2_source=co2_source,
            dyspnoea_on_exertion=fvc < 75 or (scores["walking"] < 3 and rng.random() < 0.3),
            orthopnoea=fvc < 55,
            morning_headache=fvc < 45 and rng.random() < 0.5,
            daytime_sleepiness=fvc < 50 and rng.random() < 0.6,
            disturbed_sleep=fvc < 60 and rng.random() < 0.5,
            weak_cough=pcf < 270,
            niv_status=state.ventilation,
            tracheostomy_discussed=True if ventilated and p > 0.7 else None,
            notes=None,
        )
        if pcf < 270 and not state.cough_assist and rng.random() < 0.7:
            state.cough_assist = True
            self.intervention("cough_assist", day + days(rng.uniform(7, 30)),
                              detail="Mechanical insufflation-exsufflation")
            self.action(day, visit_id, "cough", "physiotherapy",
                        "Train patient and carer on the cough assist device.",
                        "Peak cough flow < 270 L/min: cough assist (clinical reference, section 4).")

    def advance_ventilation(self, day: date, fvc: float) -> None:
        """NIV discussed once FVC falls below 50 % (NICE NG42), started or declined next visit."""
        rng, state = self.rng, self.state
        if state.ventilation == "started":
            state.niv_hours = round(clamp(6 + (50 - fvc) * 0.45, 4, 24), 1)
            state.niv_row["niv_hours_per_day"] = state.niv_hours
            if self.course.tracheostomy_wanted and fvc < 25:
                state.ventilation = "tracheostomy"
                self.intervention("tracheostomy", day, detail="Tracheostomy ventilation")
                state.niv_row["ended_on"] = day
        elif state.ventilation == "discussed":
            if rng.random() < 0.8 or self.course.tracheostomy_wanted:
                state.ventilation = "started"
                state.niv_hours = 6.0
                started = min(day, self.today - days(1))
                state.niv_row = self.intervention("niv", started, detail="Bilevel NIV, nasal mask", niv_hours_per_day=6.0)
            else:
                state.ventilation = "declined"
        elif state.ventilation == "not_indicated" and fvc < 50:
            state.ventilation = "discussed"
            self.action(day, None, "niv", "pulmonary", "Refer for NIV set-up.",
                        "NICE NG42: FVC < 50 % → discuss NIV and refer to respiratory services.")

    def nutrition(self, visit_id: uuid.UUID, day: date, when: datetime, scores: dict[str, int],
                  weight_loss: float, fvc: float) -> None:
        rng, state = self.rng, self.state
        if state.gastrostomy == "not_discussed" and (scores["swallowing"] <= 2 or weight_loss >= 0.1):
            state.gastrostomy = "discussed"
            self.action(day, visit_id, "gastrostomy", "gastroenterology", "Assess for gastrostomy.",
                        "Weight loss > 10 % or significant dysphagia: gastrostomy (clinical reference, section 3).")
        elif state.gastrostomy == "discussed":
            state.gastrostomy = weighted(rng, {"planned": 75, "declined": 15, "discussed": 10})
        elif state.gastrostomy == "planned":
            placed = min(day - days(rng.uniform(10, 40)), self.today - days(1))
            state.gastrostomy = "placed"
            state.gastrostomy_on = placed
            state.weight_loss_at_gastrostomy = weight_loss
            # With poor respiratory function RIG is preferred (clinical reference, section 3).
            self.intervention("gastrostomy", placed, detail="PEG" if fvc > 50 else "RIG")
        supplements = weight_loss >= 0.05 and state.gastrostomy != "placed"
        if rng.random() < 0.85:
            self.rows.add(
                NutritionAssessment, when + timedelta(minutes=15), visit_id=visit_id,
                gastrostomy_status=state.gastrostomy,
                oral_supplements=supplements,
                oral_supplements_detail="Two high-energy drinks a day." if supplements else None,
                texture_advice="Soft, moist foods; thickened drinks as advised by SLP." if scores["swallowing"] < 4 else None,
                meal_advice="Small, frequent, calorie-enriched meals." if weight_loss >= 0.03 else None,
                notes=None,
            )

    def slp(self, visit_id: uuid.UUID, day: date, when: datetime, scores: dict[str, int]) -> None:
        rng, state = self.rng, self.state
        speech, swallowing = scores["speech"], scores["swallowing"]
        intelligibility = {4: (95, 100), 3: (80, 95), 2: (50, 80), 1: (15, 50), 0: (0, 10)}[speech]
        rate = {4: (150, 190), 3: (115, 150), 2: (75, 115), 1: (25, 70), 0: None}[speech]
        next_aac = {4: "not_needed", 3: "banking_done", 2: "low_tech", 1: "high_tech", 0: "high_tech"}[speech]
        order = ("not_needed", "planned", "banking_done", "low_tech", "high_tech")
        if order.index(next_aac) > order.index(state.aac):
            state.aac = "planned" if state.aac == "not_needed" and speech == 3 and rng.random() < 0.5 else next_aac
        if (speech < 4 or swallowing < 4) and state.slp_referral is None:
            state.slp_referral = day
        if speech <= 2 and state.aac_referral is None:
            state.aac_referral = day
        if state.aac == "high_tech" and not state.aac_device:
            state.aac_device = True
            self.intervention("aac_device", day + days(rng.uniform(14, 45)),
                              detail=rng.choice(("Eye-gaze communication device", "Tablet with text-to-speech app")))
        if speech == 3:
            self.action(day, visit_id, "banking", "slp", "Offer voice and message banking.",
                        "ALSFRS-R speech ≤ 3 → AAC planning (clinical reference, section 5).")
        eat10 = {4: (0, 2), 3: (3, 10), 2: (10, 20), 1: (20, 30), 0: (30, 40)}[swallowing]
        self.rows.add(
            SlpAssessment, when + timedelta(minutes=20), visit_id=visit_id,
            intelligibility_percent=float(rng.randint(*intelligibility)),
            speaking_rate_wpm=float(rng.randint(*rate)) if rate else None,
            aac_status=state.aac,
            voice_banking=state.aac in ("banking_done", "low_tech", "high_tech") or None,
            eat10_score=rng.randint(*eat10),
            iddsi_drink_level={4: 0, 3: 0, 2: 2, 1: 3, 0: 4}[swallowing],
            iddsi_food_level={4: 7, 3: 6, 2: 5, 1: 4, 0: 4}[swallowing],
            chin_tuck=swallowing <= 3 or None,
            strategies="Chin tuck; small sips; upright for 30 minutes after meals." if swallowing <= 3 else None,
            slp_referral_date=state.slp_referral if state.slp_referral and state.slp_referral <= day else None,
            aac_referral_date=state.aac_referral,
            notes=None,
        )

    def palliative(self, visit_id: uuid.UUID, day: date, when: datetime, scores: dict[str, int], p: float) -> None:
        rng, state = self.rng, self.state
        if state.palliative_referral is None:
            state.palliative_referral = day
            self.action(day, visit_id, "palliative", "palliative", "Palliative care introduction visit.",
                        "Integrate palliative care from diagnosis; refer early (clinical reference, section 7).")

        def severity(level: float) -> str:
            return ("none", "mild", "moderate", "severe")[int(clamp(level + rng.gauss(0, 0.5), 0, 3))]

        limbs = 8 - min(scores["walking"] + scores["handwriting"], 8)
        self.rows.add(
            PalliativeReview, when + timedelta(minutes=30), visit_id=visit_id,
            referral_date=state.palliative_referral,
            pain=severity(p * 1.5), spasticity=severity(limbs / 3), mood=severity(p),
            sleep=severity(p * 1.2), secretions=severity((4 - scores["salivation"]) * 0.8),
            caregiver_support_offered=p > 0.4,
            caregiver_support="Carer's assessment arranged; respite discussed." if p > 0.4 else None,
            notes=None,
        )

    # -- patient-level records

    def intervention(self, kind: str, started: date, **values: Any) -> dict:
        started = min(started, self.today - days(1), self.death or self.today)
        self.rows.add(Intervention, clinic_time(self.rng, started), patient_id=self.patient_id,
                      kind=kind, started_on=started, **{"ended_on": None, "niv_hours_per_day": None,
                                                          "notes": None, "detail": None, **values})
        return self.rows.pending[Intervention][-1]

    def end_ventilation(self) -> None:
        if self.state.niv_row is not None and self.death and self.state.niv_row["ended_on"] is None:
            self.state.niv_row["ended_on"] = self.death

    def hospice(self) -> None:
        if self.death and self.rng.random() < 0.6:
            self.intervention("hospice", self.death - days(self.rng.uniform(14, 90)),
                              detail=self.rng.choice(("Community hospice team", "Inpatient hospice")))

    def action(self, day: date, visit_id: uuid.UUID | None, key: str, owner: str, text: str, source: str) -> None:
        """A team action, once per patient and topic; done unless still recent."""
        if key in self.state.actions:
            return
        self.state.actions.add(key)
        due = day + days(self.rng.choice((14, 28, 42)))
        done = due < self.today - days(14) and self.rng.random() < 0.9
        completed = due - days(self.rng.uniform(0, 10)) if done else None
        when = clinic_time(self.rng, day)
        self.rows.add(TeamAction, when,
                      updated_at=clinic_time(self.rng, completed) if completed else when,
                      patient_id=self.patient_id, visit_id=visit_id, owner_discipline=owner,
                      description=text, due_on=due, status="done" if done else "open",
                      completed_on=completed, source=source, rule_id=None)

    def medications(self, diagnosis: date, visit_days: list[date]) -> None:
        rng = self.rng
        end = min(self.death or self.today, self.today - days(1))
        if rng.random() < 0.85:
            self.riluzole(max(diagnosis, visit_days[0]) + days(rng.uniform(0, 21)), end)
        if rng.random() < 0.12:
            self.edaravone(visit_days[0] + days(rng.uniform(14, 120)), end)
        if self.sod1_positive:
            self.tofersen(visit_days[0] + days(rng.uniform(14, 60)), end)
        self.symptomatic(visit_days, end)

    def medication(self, started: date, stopped: date | None, **values: Any) -> uuid.UUID:
        row = {"indication": None, "dose_amount": None, "dose_unit": None, "frequency": None,
               "route": None, "stop_reason": None, "notes": None, **values}
        created = clinic_time(self.rng, started)
        updated = clinic_time(self.rng, stopped) if stopped else created
        return self.rows.add(Medication, created, updated_at=max(created, updated), patient_id=self.patient_id,
                             started_on=started, stopped_on=stopped, **row)

    def riluzole(self, started: date, end: date) -> None:
        rng = self.rng
        if started > end:
            return
        baseline, uln = clamp(rng.gauss(22, 7), 8, 60), 35.0 if rng.random() < 0.5 else 45.0
        raised_at = rng.choice((1, 2, 3)) if rng.random() < 0.1 else None
        stop_for_alt = rng.random() < 0.015
        tests, stopped, reason = [], None, None
        for step in [0, 1, 2, 3, 6, 9, 12] + list(range(18, 121, 6)):
            taken = add_calendar_months(started, step)
            if taken > end:
                break
            alt = baseline + rng.gauss(0, 3)
            if step == raised_at:
                alt = uln * rng.uniform(1.5, 3) if not stop_for_alt else uln * rng.uniform(5.5, 7)
            tests.append((taken, within("alt_u_l", alt)))
            if stop_for_alt and step == raised_at:
                stopped, reason = taken, "ALT above 5 × upper limit of normal."
                break
        if stopped is None and rng.random() < 0.05:
            stopped = min(started + days(rng.uniform(20, 200)), end)
            reason = rng.choice(("Nausea.", "Asthenia."))
        self.medication(started, stopped, drug_name="riluzole", category="disease_modifying", indication="als",
                        dose_amount=50.0, dose_unit="mg", frequency="twice daily", route="oral", stop_reason=reason)
        for taken, alt in tests:
            self.rows.add(LiverTest, clinic_time(rng, taken), patient_id=self.patient_id, taken_on=taken,
                          alt_u_l=alt, alt_uln_u_l=uln, notes=None)

    def edaravone(self, started: date, end: date) -> None:
        rng = self.rng
        if started > end:
            return
        oral = rng.random() < 0.5
        cycles = rng.randint(3, 14)
        # Cycle 1: 14 daily doses; later cycles: the first 10 days of each 28-day cycle.
        offsets = list(range(14)) + [28 * c + d for c in range(1, cycles) for d in range(10)]
        given = [started + days(o) for o in offsets if started + days(o) <= end]
        stopped = None
        if started + days(28 * cycles) <= end:
            stopped = started + days(28 * cycles)
        medication_id = self.medication(
            started, stopped, drug_name="edaravone", category="disease_modifying", indication="als",
            dose_amount=105.0 if oral else 60.0, dose_unit="mg",
            frequency="each morning after an overnight fast, in 28-day cycles" if oral else "over 60 minutes, in 28-day cycles",
            route="oral" if oral else "iv",
            stop_reason=rng.choice(("Burden of treatment.", "Patient's choice.")) if stopped else None)
        self.doses(medication_id, given)

    def tofersen(self, started: date, end: date) -> None:
        if started > end:
            return
        given, day = [], started
        for loading in (0, 14, 28):
            day = started + days(loading)
            if day <= end:
                given.append(day)
        while True:
            # A late maintenance dose moves the next one to 28 days after the dose given.
            day = day + days(28 + (self.rng.randint(2, 7) if self.rng.random() < 0.1 else 0))
            if day > end:
                break
            given.append(day)
        medication_id = self.medication(started, None, drug_name="tofersen", category="disease_modifying",
                                        indication="als", dose_amount=100.0, dose_unit="mg",
                                        frequency="loading doses then every 28 days", route="intrathecal")
        self.doses(medication_id, given)

    def doses(self, medication_id: uuid.UUID, given: list[date]) -> None:
        for day in given:
            self.rows.add(MedicationDose, clinic_time(self.rng, day), medication_id=medication_id,
                          given_on=day, notes=None)

    def symptomatic(self, visit_days: list[date], end: date) -> None:
        rng = self.rng
        region = self.course.region
        drugs = (
            # drug, indication, amount, unit, frequency, route, chance
            ("baclofen", "spasticity", 10.0, "mg", "three times daily", "oral", 0.4 if "limb" in region else 0.2),
            ("mexiletine", "cramps", 150.0, "mg", "twice daily", "oral", 0.2),
            ("glycopyrronium", "sialorrhoea", 1.0, "mg", "three times daily", "oral", 0.3 if region == "bulbar" else 0.1),
            ("hyoscine hydrobromide", "sialorrhoea", 1.5, "mg", "patch every 72 hours", "transdermal", 0.1),
            ("dextromethorphan/quinidine", "pseudobulbar_affect", 20.0, "mg", "twice daily", "oral",
             0.2 if region == "bulbar" else 0.03),
            ("sertraline", "mood", 50.0, "mg", "once daily", "oral", 0.2),
            ("paracetamol", "pain", 1000.0, "mg", "up to four times daily", "oral", 0.2),
            ("melatonin", "sleep", 2.0, "mg", "at night", "oral", 0.1),
        )
        for drug, indication, amount, unit, frequency, route, chance in drugs:
            if rng.random() >= chance:
                continue
            started = min(rng.choice(visit_days) + days(rng.uniform(0, 7)), end)
            stopped = None
            if rng.random() < 0.2 and started + days(60) < end:
                stopped = started + days(rng.uniform(60, 300))
                stopped = min(stopped, end)
            self.medication(started, stopped, drug_name=drug, category="symptomatic", indication=indication,
                            dose_amount=amount, dose_unit=unit, frequency=frequency, route=route,
                            stop_reason="No longer needed." if stopped else None)

    def care_planning(self, visit_days: list[date], visit_ids: list[uuid.UUID]) -> None:
        rng = self.rng
        if rng.random() >= 0.7:
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
            if rng.random() < 0.3:
                continue
            index = rng.randrange(len(visit_days))
            day = visit_days[index]
            self.rows.add(
                CarePlanningDecision, clinic_time(rng, day), patient_id=self.patient_id, topic=topic,
                decision=decision, discussed_on=day,
                document=rng.choice((None, "ReSPECT form", "Advance directive", "POLST")),
                proxy_name=proxy if rng.random() < 0.6 else None, notes=None,
            )


# ---------------------------------------------------------------------------- entry point


def next_number(session: Session) -> int:
    """The number after the highest DEMO MRN already in the database."""
    mrns = session.scalars(select(Patient.mrn).where(Patient.mrn.like(f"{MRN_PREFIX}%")))
    numbers = [int(mrn[len(MRN_PREFIX):]) for mrn in mrns if mrn[len(MRN_PREFIX):].isdigit()]
    return max(numbers, default=0) + 1


def populate(database: Database, patients: int, seed: int = 1, today: date | None = None) -> int:
    """Add `patients` synthetic patients (MRNs DEMO-nnnnn) in one transaction; returns how many."""
    if patients < 0:
        raise ValueError("the number of demo patients cannot be negative")
    today = today or date.today()
    actor = writer.Actor(AUTHOR, writer.this_workstation())
    with database.transaction() as session:
        first = next_number(session)
        rows = Rows(random.Random())
        for number in range(first, first + patients):
            rng = random.Random(f"als-desktop-demo:{seed}:{number}")
            rows.rng = rng
            PatientBuilder(rng, number, today, rows).build()
            if rows.count >= CHUNK_ROWS:
                rows.write(session, actor)
        rows.write(session, actor)
    return patients

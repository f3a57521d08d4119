"""One visit of a synthetic patient: what each discipline records on it, and the interventions
and team actions its findings lead to."""

from __future__ import annotations

import random
import uuid
from datetime import date, datetime, timedelta
from typing import Any

from als_desktop.models import (
    AlsfrsAssessment,
    Intervention,
    NutritionAssessment,
    PalliativeReview,
    RespiratoryAssessment,
    SlpAssessment,
    TeamAction,
    Visit,
    WeightMeasurement,
)

from .clinic_day import DISCIPLINES
from .demo_course import Course, State, breathing_items, item_scores
from .demo_rows import AUTHOR, Rows, clamp, clinic_time, days, weighted, within

CLINICIANS = {
    "neurology": ("Dr Amadi", "Dr Brennan", "Dr Castell"),
    "nursing": ("Nurse Dahl", "Nurse Evans"),
    "slp": ("SLP Fontaine", "SLP Greer"),
    "nutrition": ("Dietitian Holm", "Dietitian Iqbal"),
    "pulmonary": ("Dr Jovanovic", "Physio Kerr"),
}


class VisitRecorder:
    """Records visits into `rows` from the patient's course; the patient builder sets the
    patient's identity and course before the first visit."""

    rng: random.Random
    today: date
    rows: Rows
    state: State
    course: Course
    patient_id: uuid.UUID
    death: date | None
    premorbid: float
    sites: list[str]

    def visit(self, day: date, index: int, whole_team: bool = False) -> uuid.UUID:
        """One visit and what each discipline records on it; SLP and palliative care see the
        patient when there is a need (or now and then), unless `whole_team` sees everyone."""
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
        if scores["speech"] < 4 or scores["swallowing"] < 4 or rng.random() < 0.4 or whole_team:
            self.slp(visit_id, day, when, scores)
        if rng.random() < 0.3 + 0.6 * min(p, 1) or whole_team:
            self.palliative(visit_id, day, when, scores, p)
        return visit_id

    def visit_in_progress(self, day: date, index: int, seen: tuple[str, ...]) -> uuid.UUID:
        """A visit of the clinic running today, recorded so far only by the disciplines in
        `seen` (codes of clinic_day.DISCIPLINES): the others have not seen the patient yet, and
        the team's actions are agreed when every discipline has."""
        disciplines = {d.code: d.records for d in DISCIPLINES}
        marks = {model: self.rows.waiting(model) for records in disciplines.values() for model in records}
        marks[TeamAction] = self.rows.waiting(TeamAction)
        # Today's clinic is a multidisciplinary one: every discipline sees every patient.
        visit_id = self.visit(day, index, whole_team=True)
        for code, records in disciplines.items():
            if code not in seen:
                for model in records:
                    self.rows.drop_since(model, marks[model])
        if set(disciplines) - set(seen):
            self.rows.drop_since(TeamAction, marks[TeamAction])
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
            self.intervention("cough_assist", day + days(rng.uniform(7, 30)), not_before=day,
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
            self.intervention("aac_device", day + days(rng.uniform(14, 45)), not_before=day,
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

    # -- what the findings lead to

    def intervention(self, kind: str, started: date, not_before: date | None = None,
                     **values: Any) -> dict | None:
        """An intervention started on `started`, or as late as the record reaches (yesterday,
        or the death); none when that would be before the visit that led to it (`not_before`):
        one found needed at today's clinic has not started yet."""
        started = min(started, self.today - days(1), self.death or self.today)
        if not_before is not None and started < not_before:
            return None
        self.rows.add(Intervention, clinic_time(self.rng, started), patient_id=self.patient_id,
                      kind=kind, started_on=started, **{"ended_on": None, "niv_hours_per_day": None,
                                                          "notes": None, "detail": None, **values})
        return self.rows.pending[Intervention][-1]

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

"""One visit of a synthetic patient: what each discipline records on it, and the interventions
and team actions its findings lead to."""

from __future__ import annotations

import random
import uuid
from datetime import date, datetime, timedelta
from typing import Any

from als_desktop.clinical import respiratory as resp
from als_desktop.clinical.nutrition import GASTROSTOMY_WEIGHT_LOSS_PERCENT
from als_desktop.clinical.rules_nutrition import EFNS_FVC_PERCENT
from als_desktop.clinical.settings import ClinicSettings
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

# The clinic runs on the default settings: its dietitian acts at the early-warning weight loss.
EARLY_WEIGHT_LOSS_PERCENT = ClinicSettings().early_weight_loss_percent

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

        self.respiratory(visit_id, day, when, fvc, scores)
        scores.update(breathing_items(rng, fvc, state.ventilation, state.niv_hours))
        self.nutrition(visit_id, day, when, scores, weight_loss, fvc)
        self.rows.add(AlsfrsAssessment, when + timedelta(minutes=5), visit_id=visit_id,
                      cutting_form="5b" if state.gastrostomy == "placed" else "5a", notes=None, **scores)
        self.weight(visit_id, when, weight)
        if scores["speech"] < 4 or scores["swallowing"] < 4 or rng.random() < 0.4 or whole_team:
            self.slp(visit_id, day, when, scores)
        # Palliative care is integrated from diagnosis (the guide): most patients meet the team
        # at their first visit, and more often as the disease advances.
        if rng.random() < (0.85 if index == 0 else 0.3 + 0.6 * min(p, 1)) or whole_team:
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
                    scores: dict[str, int]) -> None:
        rng, state, course = self.rng, self.state, self.course
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
        measures = resp.Measures(
            fvc_percent=fvc,
            snip_cmh2o=within("snip_cmh2o", fvc * 0.8 + rng.gauss(0, 6)),
            mip_cmh2o=within("mip_cmh2o", fvc * 0.85 + rng.gauss(0, 6)),
            spo2_percent=within("spo2_percent", 97 - max(0, 45 - fvc) * 0.15 + rng.gauss(0, 0.8)),
            co2_mmhg=co2, co2_arterial=co2_source == "arterial",
            overnight_minutes_le88=minutes_le88, oximetry_recording_hours=recording_hours,
            peak_cough_flow_l_min=pcf,
        )
        symptoms = {
            "dyspnoea_on_exertion": fvc < 75 or (scores["walking"] < 3 and rng.random() < 0.3),
            "orthopnoea": fvc < 55,
            "morning_headache": fvc < 45 and rng.random() < 0.5,
            "daytime_sleepiness": fvc < 50 and rng.random() < 0.6,
            "disturbed_sleep": fvc < 60 and rng.random() < 0.5,
            "weak_cough": resp.cough_assist_indicated(pcf),
        }
        # Invasive ventilation is discussed once NIV is in use (the guide: as the disease
        # progresses), at the visit after it started for most patients.
        if state.ventilation in ("started", "tracheostomy") and rng.random() < 0.8:
            state.tracheostomy_discussed = True
        self.advance_ventilation(day, measures, any(symptoms.values()))
        self.rows.add(
            RespiratoryAssessment, when + timedelta(minutes=10), visit_id=visit_id,
            fvc_percent_sitting=fvc,
            fvc_percent_supine=supine,
            snip_cmh2o=measures.snip_cmh2o,
            mip_cmh2o=measures.mip_cmh2o,
            peak_cough_flow_l_min=pcf,
            spo2_percent=measures.spo2_percent,
            oximetry_minutes_le88=minutes_le88,
            oximetry_recording_hours=recording_hours,
            co2_mmhg=co2,
            co2_source=co2_source,
            niv_status=state.ventilation,
            tracheostomy_discussed=True if state.tracheostomy_discussed else None,
            notes=None,
            **symptoms,
        )
        # The physiotherapist starts cough assist for nearly everyone whose cough flow calls
        # for it; the few left are still waiting for the device at the next visit.
        wanted = resp.cough_assist_indicated(pcf) and not state.cough_assist and rng.random() < 0.9
        if wanted and self.intervention("cough_assist", day + days(rng.uniform(3, 21)), not_before=day,
                                        detail="Mechanical insufflation-exsufflation") is not None:
            state.cough_assist = True
            self.action(day, visit_id, "cough", "physiotherapy",
                        "Train patient and carer on the cough assist device.",
                        "Peak cough flow < 270 L/min: cough assist (clinical reference, section 4).")

    def advance_ventilation(self, day: date, measures: resp.Measures, symptomatic: bool) -> None:
        """NIV discussed as soon as respiratory symptoms develop (the guide) or the NICE or CMS
        criteria are met, then started, or declined, at the next visit; a patient who declined
        may accept later, once FVC has fallen below the NICE line."""
        rng, state = self.rng, self.state
        if state.ventilation == "started":
            fvc = measures.fvc_percent or 0.0
            state.niv_hours = round(clamp(6 + (50 - fvc) * 0.45, 4, 24), 1)
            state.niv_row["niv_hours_per_day"] = state.niv_hours
            if self.course.tracheostomy_wanted and fvc < 25:
                state.ventilation = "tracheostomy"
                self.intervention("tracheostomy", day, detail="Tracheostomy ventilation")
                state.niv_row["ended_on"] = day
        elif state.ventilation == "discussed":
            if rng.random() < 0.85 or self.course.tracheostomy_wanted:
                self.start_niv(day)
            else:
                state.ventilation = "declined"
        elif state.ventilation == "declined":
            if resp.nice_niv_discussion(measures) and rng.random() < 0.3:
                self.start_niv(day)
        elif symptomatic or resp.nice_niv_discussion(measures) or resp.cms_niv_criteria(measures):
            state.ventilation = "discussed"
            self.action(day, None, "niv", "pulmonary", "Refer for NIV set-up.",
                        "Respiratory symptoms, or NICE NG42 / CMS criteria met: discuss NIV (clinical reference, section 4).")

    def start_niv(self, day: date) -> None:
        state = self.state
        state.ventilation = "started"
        state.niv_hours = 6.0
        started = min(day, self.today - days(1))
        state.niv_row = self.intervention("niv", started, detail="Bilevel NIV, nasal mask", niv_hours_per_day=6.0)

    def nutrition(self, visit_id: uuid.UUID, day: date, when: datetime, scores: dict[str, int],
                  weight_loss: float, fvc: float) -> None:
        rng, state = self.rng, self.state
        self.advance_gastrostomy(day, visit_id, scores, weight_loss, fvc)
        supplements = weight_loss * 100 >= EARLY_WEIGHT_LOSS_PERCENT and state.gastrostomy != "placed"
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

    def advance_gastrostomy(self, day: date, visit_id: uuid.UUID, scores: dict[str, int],
                            weight_loss: float, fvc: float) -> None:
        """Gastrostomy discussed once dysphagia starts or weight loss reaches the early warning
        (before significant loss, the guide), decided at the next visit, and placed once
        dysphagia is marked, weight loss passes 10 % or FVC falls below 50 % (while placement is
        still safe; RIG then). Some decline; of those, some accept as dysphagia or loss worsens."""
        rng, state = self.rng, self.state
        dysphagia, marked = scores["swallowing"] < 4, scores["swallowing"] <= 2
        loss_percent = weight_loss * 100
        needed = marked or loss_percent > GASTROSTOMY_WEIGHT_LOSS_PERCENT or fvc < EFNS_FVC_PERCENT
        if state.gastrostomy == "not_discussed" and (dysphagia or loss_percent >= EARLY_WEIGHT_LOSS_PERCENT):
            state.gastrostomy = "discussed"
            self.action(day, visit_id, "gastrostomy", "gastroenterology", "Assess for gastrostomy.",
                        "Dysphagia or weight loss: discuss gastrostomy while FVC > 50 % (clinical reference, section 3).")
        elif state.gastrostomy == "discussed":
            state.gastrostomy = weighted(rng, {"planned": 80, "declined": 20})
        elif state.gastrostomy == "declined" and needed and rng.random() < 0.3:
            state.gastrostomy = "planned"
        elif state.gastrostomy == "planned" and needed:
            placed = min(day - days(rng.uniform(10, 40)), self.today - days(1))
            state.gastrostomy = "placed"
            state.gastrostomy_on = placed
            state.weight_loss_at_gastrostomy = weight_loss
            # With poor respiratory function RIG is preferred (clinical reference, section 3).
            self.intervention("gastrostomy", placed, detail="PEG" if fvc > EFNS_FVC_PERCENT else "RIG")

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

        # Support for the family carer is offered early, and is part of the care once offered.
        if not state.caregiver_support and rng.random() < 0.5 + p:
            state.caregiver_support = True
        limbs = 8 - min(scores["walking"] + scores["handwriting"], 8)
        self.rows.add(
            PalliativeReview, when + timedelta(minutes=30), visit_id=visit_id,
            referral_date=state.palliative_referral,
            pain=severity(p * 1.5), spasticity=severity(limbs / 3), mood=severity(p),
            sleep=severity(p * 1.2), secretions=severity((4 - scores["salivation"]) * 0.8),
            caregiver_support_offered=state.caregiver_support,
            caregiver_support="Carer's assessment arranged; respite discussed." if state.caregiver_support else None,
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
        """A team action, once per patient and topic. The team sees most through: nearly every
        action due more than three months ago is done, most of those due more than two weeks
        ago, about half of those due since, and a few before their due date; the rest are open,
        some of them overdue. A patient's death cancels what was still open."""
        if key in self.state.actions:
            return
        self.state.actions.add(key)
        rng = self.rng
        due = day + days(rng.choice((14, 28, 42)))
        yesterday = self.today - days(1)
        done_early = rng.random()
        if due < self.today - days(90):
            done = done_early < 0.99
        elif due < self.today - days(14):
            done = done_early < 0.85
        elif due < self.today:
            done = done_early < 0.5
        else:
            done = done_early < 0.2
        status, completed = "open", None
        if done:
            completed = min(max(day + days(1), due - days(rng.uniform(0, 10))), yesterday)
            status = "done" if completed > day else "open"
        if self.death and (status == "open" or (completed and completed > self.death)):
            status, completed = "cancelled", min(self.death, yesterday)
        if status == "open":
            completed = None
        when = clinic_time(rng, day)
        self.rows.add(TeamAction, when,
                      updated_at=max(when, clinic_time(rng, completed)) if completed else when,
                      patient_id=self.patient_id, visit_id=visit_id, owner_discipline=owner,
                      description=text, due_on=due, status=status, completed_on=completed,
                      source=source, rule_id=None)

"""The demo clinic: the same for a seed and a day, plausible, and with data for every screen."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import select

from als_desktop.config import sqlite_url
from als_desktop.db import Database, open_database
from als_desktop.domain import vocab
from als_desktop.domain.limits import LIMITS
from als_desktop.models import (
    ALSFRS_ITEMS,
    AlsfrsAssessment,
    Base,
    Intervention,
    LiverTest,
    Medication,
    NutritionAssessment,
    Patient,
    RespiratoryAssessment,
    TeamAction,
    Visit,
)
from als_desktop.services import demo
from als_desktop.services.checks import Problems
from als_desktop.services.clinic_day import DISCIPLINES, clinic_day
from als_desktop.services.exchange import export_patient
from als_desktop.services.records import PROTECTED, check_fields

from cli_helpers import DEMO_DAY, DEMO_PATIENTS, make_demo, row_counts


def export_all(database: Database) -> str:
    with database.reading() as session:
        mrns = session.scalars(select(Patient.mrn).order_by(Patient.mrn)).all()
        return json.dumps([export_patient(session, mrn) for mrn in mrns], sort_keys=True)


def test_same_seed_and_day_give_identical_clinics(tmp_path: Path, demo_db: Database) -> None:
    again = make_demo(tmp_path / "again.sqlite")
    try:
        assert export_all(again) == export_all(demo_db)
    finally:
        again.close()


def test_another_seed_gives_other_patients(tmp_path: Path, demo_db: Database) -> None:
    other = make_demo(tmp_path / "other.sqlite", patients=5, seed=2)
    try:
        with other.reading() as a, demo_db.reading() as b:
            assert export_patient(a, "DEMO-00001") != export_patient(b, "DEMO-00001")
    finally:
        other.close()


def test_more_demo_patients_continue_the_numbering(tmp_path: Path) -> None:
    database = make_demo(tmp_path / "grow.sqlite", patients=3)
    try:
        assert demo.populate(database, 2, seed=1, today=DEMO_DAY) == 2
        with database.reading() as session:
            mrns = session.scalars(select(Patient.mrn).order_by(Patient.mrn)).all()
            assert mrns == [f"DEMO-{n:05d}" for n in range(1, 6)]
            assert len(set(session.scalars(select(Visit.id)).all())) == session.query(Visit).count()
    finally:
        database.close()


def test_every_discipline_has_rows(demo_db: Database) -> None:
    counts = row_counts(demo_db)
    assert counts["patients"] == DEMO_PATIENTS
    # A new demo clinic runs on the default settings, and nobody has answered its prompts yet.
    not_filled = {"alembic_version", "clinic_settings", "prompt_responses"}
    empty = [table for table, count in counts.items() if count == 0 and table not in not_filled]
    assert empty == []
    assert counts["visits"] > 4 * DEMO_PATIENTS  # quarterly visits over years


def test_every_row_passes_the_service_checks(demo_db: Database) -> None:
    """Ranges and codes as the forms check them: the demo holds nothing a clinician could not enter."""
    with demo_db.reading() as session:
        for mapper in Base.registry.mappers:
            model = mapper.class_
            for row in session.scalars(select(model)):
                values = {column.key: getattr(row, column.key) for column in model.__table__.columns
                          if column.key not in PROTECTED}
                problems = Problems()
                check_fields(model, values, problems, creating=True)
                assert problems.errors == {}, (model.__name__, row.id)


def test_dates_follow_the_course_of_the_disease(demo_db: Database) -> None:
    with demo_db.reading() as session:
        patients = session.scalars(select(Patient)).all()
        for patient in patients:
            assert patient.date_of_birth < patient.onset_date < patient.diagnosis_date < DEMO_DAY
            delay_months = (patient.diagnosis_date - patient.onset_date).days / 30.4375
            assert 7.9 < delay_months < 18.1
            visits = patient.visits
            assert visits, patient.mrn
            # Only the living come to today's clinic, and today is their last visit.
            assert all(visit.visit_date < DEMO_DAY for visit in visits[:-1])
            assert visits[-1].visit_date < DEMO_DAY or not patient.date_of_death
            if patient.date_of_death:
                assert visits[-1].visit_date < patient.date_of_death < DEMO_DAY
            for earlier, later in zip(visits, visits[1:], strict=False):
                assert 40 < (later.visit_date - earlier.visit_date).days < 140  # about quarterly
            for row in patient.interventions + patient.medications:
                start = row.started_on
                assert patient.onset_date <= start < DEMO_DAY
                if patient.date_of_death:
                    assert start <= patient.date_of_death
            age = (patient.onset_date - patient.date_of_birth).days / 365.25
            assert 34 < age < 87


def test_a_realistic_clinic(demo_db: Database) -> None:
    with demo_db.reading() as session:
        patients = session.scalars(select(Patient)).all()
        regions = [patient.onset_region for patient in patients]
        assert 0.1 < regions.count("bulbar") / len(regions) < 0.45
        assert regions.count("upper_limb") + regions.count("lower_limb") > len(regions) / 2
        assert 0 < sum(patient.date_of_death is not None for patient in patients) < len(patients)
        kinds = {row.kind for row in session.scalars(select(Intervention))}
        assert {"gastrostomy", "niv", "cough_assist", "aac_device", "hospice"} <= kinds
        assert {row.detail for row in session.scalars(select(Intervention).where(Intervention.kind == "gastrostomy"))} <= set(vocab.GASTROSTOMY_TYPE)
        drugs = {row.drug_name for row in session.scalars(select(Medication))}
        assert {"riluzole", "edaravone"} <= drugs
        assert any(visit.site.startswith("Outreach: ") for visit in session.scalars(select(Visit)))
        assert session.scalars(select(NutritionAssessment).where(NutritionAssessment.gastrostomy_status == "placed")).first()


def test_progression_rates_are_spread(demo_db: Database) -> None:
    """ΔFRS at the first visit (Kimura): slow, intermediate and fast progressors all present."""
    bands = set()
    with demo_db.reading() as session:
        for patient in session.scalars(select(Patient)):
            first = patient.visits[0]
            if not first.alsfrs:  # first seen at today's clinic, not yet by neurology
                continue
            total = sum(first.alsfrs[0].scores().values())
            months = (first.visit_date - patient.onset_date).days / 30.4375
            rate = (48 - total) / months
            bands.add("slow" if rate < 0.5 else "intermediate" if rate < 1.0 else "fast")
    assert bands == {"slow", "intermediate", "fast"}


def test_measurements_agree_with_each_other(demo_db: Database) -> None:
    with demo_db.reading() as session:
        for patient in session.scalars(select(Patient)):
            gastrostomy = [row.started_on for row in patient.interventions if row.kind == "gastrostomy"]
            first_fvc = last_fvc = None
            for visit in patient.visits:
                if visit.visit_date == DEMO_DAY and not visit.alsfrs:
                    continue  # at today's clinic, neurology has not seen the patient yet
                alsfrs = visit.alsfrs[0]
                assert all(0 <= score <= 4 for score in alsfrs.scores().values())
                # Item 5 on form 5b only once a gastrostomy is in place.
                if alsfrs.cutting_form == "5b":
                    assert gastrostomy and gastrostomy[0] <= visit.visit_date
                if visit.visit_date == DEMO_DAY and not visit.respiratory:
                    continue
                respiratory: RespiratoryAssessment = visit.respiratory[0]
                if respiratory.niv_status == "started":
                    assert alsfrs.respiratory_insufficiency in (1, 2, 3)
                if respiratory.niv_status == "tracheostomy":
                    assert alsfrs.respiratory_insufficiency == 0
                first_fvc = respiratory.fvc_percent_sitting if first_fvc is None else first_fvc
                last_fvc = respiratory.fvc_percent_sitting
                weights = [row.weight_kg for row in visit.weights if not row.is_voided]
                assert (weights or visit.visit_date == DEMO_DAY) and all(20 <= w <= 300 for w in weights)
            if len(patient.visits) >= 8:
                assert last_fvc < first_fvc  # FVC declines over two years


def test_values_within_limits_in_every_table(demo_db: Database) -> None:
    with demo_db.reading() as session:
        for mapper in Base.registry.mappers:
            table = mapper.class_.__table__
            for name, limit in LIMITS.items():
                if name in table.columns:
                    column = table.columns[name]
                    low = session.scalar(select(column).where(column.is_not(None)).order_by(column).limit(1))
                    high = session.scalar(select(column).where(column.is_not(None)).order_by(column.desc()).limit(1))
                    if low is not None:
                        assert limit.low <= low <= high <= limit.high, (table.name, name)
        items = [getattr(AlsfrsAssessment, item) for item in ALSFRS_ITEMS]
        for item in items:
            assert session.scalar(select(item).order_by(item.desc()).limit(1)) <= 4


def test_a_large_clinic_is_quick(tmp_path: Path) -> None:
    """400 patients here (2,000 are timed in the report): well under the minute budget."""
    import time

    database = open_database(sqlite_url(tmp_path / "big.sqlite"))
    try:
        started = time.perf_counter()
        demo.populate(database, 400, seed=7, today=date(2026, 1, 5))
        assert time.perf_counter() - started < 12
        assert row_counts(database)["patients"] == 400
    finally:
        database.close()


def test_visits_and_what_is_measured_at_them_fall_on_working_days(demo_db: Database) -> None:
    assert DEMO_DAY.weekday() < 5
    with demo_db.reading() as session:
        visits = session.scalars(select(Visit)).all()
        assert sorted({visit.visit_date.weekday() for visit in visits}) == [0, 1, 2, 3, 4]
        for visit in visits:
            rows = visit.alsfrs + visit.weights + visit.respiratory
            assert all(row.created_at.date() == visit.visit_date for row in rows), visit.id
        assert all(test.taken_on.weekday() < 5 for test in session.scalars(select(LiverTest)))


def test_the_clinic_is_running_today(demo_db: Database) -> None:
    """Clinic day opens with patients: the living ones longest since their last visit, some
    seen by every discipline, some by a few, some only arrived."""
    with demo_db.reading() as session:
        day = clinic_day(session, DEMO_DAY)
        patients = session.scalars(select(Patient)).all()
        living = [patient for patient in patients if patient.date_of_death is None]
        assert len(day.rows) == demo.clinic_day_size(len(living)) >= 1
        booked = {row.patient_id for row in day.rows}
        assert booked <= {patient.id for patient in living}
        outstanding = sorted(len(row.outstanding) for row in day.rows)
        assert outstanding[0] == 0 and outstanding[-1] == len(DISCIPLINES)
        # Nothing started today is in the record before the clinic has finished.
        assert all(row.started_on < DEMO_DAY for row in session.scalars(select(Intervention)))
        for patient in living:
            if patient.id not in booked:
                assert patient.visits[-1].visit_date < DEMO_DAY


def test_clinic_day_size_scales_with_the_living() -> None:
    assert demo.clinic_day_size(0) == 0
    assert demo.clinic_day_size(1) == 1
    assert 8 <= demo.clinic_day_size(65) <= 14  # about the living in a 120-patient demo


def clinic_on(database: Database, day: date) -> list[tuple[str, str, frozenset[str]]]:
    with database.reading() as session:
        return [(row.mrn, row.site, row.recorded) for row in clinic_day(session, day).rows]


def test_a_demo_opened_on_a_weekend_still_has_its_clinic_day(tmp_path: Path) -> None:
    """Opened on a Saturday, today is the clinic day (the module's documented choice): the
    only weekend visits are today's, and the same seed and day give the same day."""
    saturday = date(2025, 6, 7)
    first = make_demo(tmp_path / "first.sqlite", patients=120, today=saturday)
    again = make_demo(tmp_path / "again.sqlite", patients=120, today=saturday)
    try:
        with first.reading() as session:
            weekend = {day for day in session.scalars(select(Visit.visit_date)) if day.weekday() >= 5}
        assert weekend == {saturday}
        day = clinic_on(first, saturday)
        assert 8 <= len(day) <= 14
        assert clinic_on(again, saturday) == day
    finally:
        first.close()
        again.close()


# -- care given as a real clinic gives it (clinical reference sections 3-5, 7 and 11)


def past_visits(patient: Patient) -> list[Visit]:
    """The visits before today's clinic, which has not finished."""
    return [visit for visit in patient.visits if visit.visit_date < DEMO_DAY]


def test_most_old_team_actions_are_closed_and_a_few_stay_open(demo_db: Database) -> None:
    with demo_db.reading() as session:
        actions = session.scalars(select(TeamAction)).all()
        deaths = {patient.id: patient.date_of_death for patient in session.scalars(select(Patient))}
    old = [action for action in actions if action.due_on < DEMO_DAY - timedelta(days=90)]
    assert len(old) > 50
    assert sum(action.status != "open" for action in old) >= 0.95 * len(old)
    still_open = [action for action in actions if action.status == "open"]
    assert 0 < len(still_open) <= 0.1 * len(actions)
    assert any(action.due_on < DEMO_DAY for action in still_open)  # some overdue
    for action in actions:
        death = deaths[action.patient_id]
        if action.status == "open":
            assert action.completed_on is None and death is None
            continue
        # Closed after it was agreed, before today, and never after the patient's death.
        assert action.created_at.date() < action.completed_on < DEMO_DAY, action.id
        assert death is None or action.completed_on <= death
        assert action.status == "done" or death is not None  # only a death cancels


def test_speech_lost_means_aac_in_use(demo_db: Database) -> None:
    """Every patient whose ALSFRS-R speech item fell to 1 or 0 uses AAC (the record has no
    'declined' for AAC)."""
    with demo_db.reading() as session:
        lost_speech = 0
        for patient in session.scalars(select(Patient)):
            visits = past_visits(patient)
            lost = [visit for visit in visits if visit.alsfrs and visit.alsfrs[0].speech <= 1]
            if not lost:
                continue
            lost_speech += 1
            statuses = [visit.slp[0].aac_status for visit in visits
                        if visit.slp and visit.visit_date >= lost[0].visit_date]
            device = any(row.kind == "aac_device" for row in patient.interventions)
            assert device or statuses[-1] in ("low_tech", "high_tech"), patient.mrn
        assert lost_speech >= 5


def test_breathing_criteria_lead_to_niv_and_low_cough_flow_to_cough_assist(demo_db: Database) -> None:
    """FVC below 50 % (NICE NG42) is never left without an NIV decision on that visit; a peak
    cough flow below 270 L/min has cough assist in place by the next visit for nearly everyone."""
    with demo_db.reading() as session:
        low_fvc = low_cough = with_cough_assist = 0
        for patient in session.scalars(select(Patient)):
            visits = past_visits(patient)
            for visit in visits:
                for row in visit.respiratory:
                    if row.fvc_percent_sitting < 50:
                        low_fvc += 1
                        assert row.niv_status in ("discussed", "started", "declined", "tracheostomy"), visit.id
            weak = [visit for visit in visits[:-1]
                    if visit.respiratory and visit.respiratory[0].peak_cough_flow_l_min < 270]
            if weak:
                low_cough += 1
                with_cough_assist += any(row.kind == "cough_assist" and row.started_on <= visits[-1].visit_date
                                         for row in patient.interventions)
        assert low_fvc > 10 and low_cough > 10
        assert with_cough_assist >= 0.85 * low_cough


def test_weight_loss_leads_to_a_gastrostomy_decision_and_some_decline(demo_db: Database) -> None:
    """Weight loss above 10 % is never left with gastrostomy 'not discussed'; some patients
    decline gastrostomy or NIV, and the record says so."""
    with demo_db.reading() as session:
        heavy_loss, declined = 0, set()
        for patient in session.scalars(select(Patient)):
            for visit in past_visits(patient):
                weights = [row.weight_kg for row in visit.weights if not row.is_voided]
                for row in visit.nutrition:
                    if weights and (patient.premorbid_weight_kg - weights[0]) / patient.premorbid_weight_kg > 0.10:
                        heavy_loss += 1
                        assert row.gastrostomy_status != "not_discussed", visit.id
                    if row.gastrostomy_status == "declined":
                        declined.add(("gastrostomy", patient.mrn))
                declined |= {("niv", patient.mrn) for row in visit.respiratory if row.niv_status == "declined"}
        assert heavy_loss > 5
        assert {kind for kind, _ in declined} == {"gastrostomy", "niv"}


def test_palliative_care_and_advance_care_planning_from_diagnosis(demo_db: Database) -> None:
    with demo_db.reading() as session:
        patients = [patient for patient in session.scalars(select(Patient)) if past_visits(patient)]
        referred = [patient for patient in patients
                    if any(review.referral_date for visit in past_visits(patient) for review in visit.palliative)]
        assert len(referred) >= 0.85 * len(patients)
        established = [patient for patient in patients if len(past_visits(patient)) >= 3]
        planned = [patient for patient in established if patient.care_planning]
        assert len(planned) >= 0.75 * len(established)

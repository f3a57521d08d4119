"""The bad inputs of issue 10, shared by every door's suite: the clinic they meet, the doors
(use-case functions and the record-file import) and the table of cases.

Each case is (door, field, value, words): the door is refused with a ValidationError keyed by
the field (for an import, the field's path in the file), whose message holds each of `words`
(the field named in words and the rule broken). The SQLite suite (tests/unit/test_bad_inputs.py)
and the PostgreSQL suite (tests/db/test_bad_inputs_postgres.py) drive the same cases.
"""

from __future__ import annotations

import copy
import hashlib
import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import inspect, select, table, text

from als_desktop.db import Database
from als_desktop.models import (
    AlsfrsAssessment,
    CarePlanningDecision,
    Intervention,
    LiverTest,
    Medication,
    NutritionAssessment,
    PalliativeReview,
    RespiratoryAssessment,
    SlpAssessment,
    TeamAction,
    WeightMeasurement,
)
from als_desktop.services import patient_records, patients, visits
from als_desktop.services.exchange import export_patient, import_patient_record

AUTHOR = "test.clinician"
MEGABYTE = "x" * 1_048_576
NEW_PATIENT = {"mrn": "MRN-NEW", "given_name": "Sam", "family_name": "Sample", "date_of_birth": date(1970, 5, 6)}
NAN, INF = math.nan, math.inf


# ---------------------------------------------------------------------------- the clinic they meet


def fill_clinic(database: Database) -> dict[str, Any]:
    """One patient with a visit holding a record of each kind, patient-level records, a second
    empty visit to record on, and a second patient (MRN-0002); returns the ids of what was made
    ("ids") and the first patient's exported record ("document")."""
    ids: dict[str, Any] = {}
    with database.transaction() as s:
        alex = patients.create_patient(s, {
            "mrn": "MRN-0001", "given_name": "Alex", "family_name": "Example",
            "date_of_birth": date(1961, 4, 12), "onset_date": date(2023, 1, 15),
            "diagnosis_date": date(2023, 11, 2), "ecas_total": 110}, AUTHOR)
        patients.create_patient(s, {"mrn": "MRN-0002", "given_name": "Bo", "family_name": "Other",
                                    "date_of_birth": date(1955, 1, 1)}, AUTHOR)
        first = visits.create_visit(s, alex.id, {"visit_date": date(2024, 3, 4)}, AUTHOR)
        second = visits.create_visit(s, alex.id, {"visit_date": date(2024, 6, 3)}, AUTHOR)
        ids.update(patient=alex.id, visit=first.id, empty_visit=second.id)
        on_visit = {
            AlsfrsAssessment: {"speech": 4, "swallowing": 3, "walking": 2},
            SlpAssessment: {"eat10_score": 5, "strategies": "Chin tuck"},
            WeightMeasurement: {"weight_kg": 70.0},
            RespiratoryAssessment: {"fvc_percent_sitting": 80.0},
            NutritionAssessment: {"texture_advice": "Soft diet"},
            PalliativeReview: {"pain": "mild"},
        }
        for model, values in on_visit.items():
            ids[model] = visits.record_on_visit(s, model, first.id, values, AUTHOR).id
        medicine = patient_records.record_for_patient(s, Medication, alex.id, {
            "drug_name": "riluzole", "category": "disease_modifying", "started_on": date(2023, 12, 1)}, AUTHOR)
        ids[Medication] = medicine.id
        ids[LiverTest] = patient_records.record_for_patient(s, LiverTest, alex.id, {
            "taken_on": date(2024, 1, 10), "alt_u_l": 30.0, "alt_uln_u_l": 40.0}, AUTHOR).id
    with database.reading() as s:
        document = export_patient(s, "MRN-0001")
    return {"ids": ids, "document": document}


@dataclass
class Clinic:
    database: Database
    ids: dict[str, Any]
    document: dict[str, Any]
    path: Path | None = None  # the SQLite file, when the clinic is one


def database_hash(database: Database) -> str:
    """SHA-256 of every row of every table, in a fixed order, on any database the program opens."""
    digest = hashlib.sha256()
    with database.engine.connect() as connection:
        names = sorted(inspect(connection).get_table_names())
        for name in names:
            rows = sorted(repr(tuple(row)) for row in connection.execute(select(text("*")).select_from(table(name))))
            digest.update(f"{name}:{len(rows)}\n".encode())
            for row in rows:
                digest.update(row.encode() + b"\n")
    return digest.hexdigest()


# ---------------------------------------------------------------------------- the doors

Door = Callable[[Any, Clinic, str, Any], Any]


def create_patient(s: Any, c: Clinic, field: str, value: Any) -> Any:
    return patients.create_patient(s, {**NEW_PATIENT, field: value}, AUTHOR)


def edit_patient(s: Any, c: Clinic, field: str, value: Any) -> Any:
    return patients.update_patient(s, c.ids["patient"], 1, {field: value}, AUTHOR)


def create_visit(s: Any, c: Clinic, field: str, value: Any) -> Any:
    return visits.create_visit(s, c.ids["patient"], {"visit_date": date(2024, 9, 2), field: value}, AUTHOR)


def edit_visit(s: Any, c: Clinic, field: str, value: Any) -> Any:
    return visits.update_visit(s, c.ids["visit"], 1, {field: value}, AUTHOR)


def record(model: type, base: dict[str, Any] | None = None) -> Door:
    def door(s: Any, c: Clinic, field: str, value: Any) -> Any:
        return visits.record_on_visit(s, model, c.ids["empty_visit"], {**(base or {}), field: value}, AUTHOR)
    return door


def edit(model: type) -> Door:
    def door(s: Any, c: Clinic, field: str, value: Any) -> Any:
        return visits.edit_record(s, model, c.ids[model], 1, {field: value}, AUTHOR)
    return door


def for_patient(model: type, base: dict[str, Any]) -> Door:
    def door(s: Any, c: Clinic, field: str, value: Any) -> Any:
        return patient_records.record_for_patient(s, model, c.ids["patient"], {**base, field: value}, AUTHOR)
    return door


def edit_for_patient(model: type) -> Door:
    def door(s: Any, c: Clinic, field: str, value: Any) -> Any:
        return patient_records.edit_patient_record(s, model, c.ids[model], 1, {field: value}, AUTHOR)
    return door


def dose(s: Any, c: Clinic, field: str, value: Any) -> Any:
    return patient_records.record_dose(s, c.ids[Medication], {"given_on": date(2024, 2, 1), field: value}, AUTHOR)


def import_file(s: Any, c: Clinic, path: str, value: Any) -> Any:
    """The exported record of MRN-0001 with the value at `path` (patient.visits[0].site …) replaced."""
    document = copy.deepcopy(c.document)
    *parents, last = re.findall(r"[^.\[\]]+", path)
    node: Any = document
    for part in parents:
        node = node[int(part)] if part.isdigit() else node[part]
    node[last] = value
    return import_patient_record(s, document, AUTHOR)


DOORS: dict[str, Door] = {
    "create patient": create_patient,
    "edit patient": edit_patient,
    "create visit": create_visit,
    "edit visit": edit_visit,
    "record ALSFRS-R": record(AlsfrsAssessment),
    "edit ALSFRS-R": edit(AlsfrsAssessment),
    "record SLP": record(SlpAssessment),
    "edit SLP": edit(SlpAssessment),
    "record weight": record(WeightMeasurement, {"weight_kg": 70.0}),
    "edit weight": edit(WeightMeasurement),
    "record respiratory": record(RespiratoryAssessment),
    "record nutrition": record(NutritionAssessment),
    "record palliative": record(PalliativeReview),
    "record medicine": for_patient(Medication, {"drug_name": "baclofen", "category": "symptomatic"}),
    "edit medicine": edit_for_patient(Medication),
    "record liver test": for_patient(LiverTest, {"taken_on": date(2024, 2, 1), "alt_u_l": 30.0, "alt_uln_u_l": 40.0}),
    "edit liver test": edit_for_patient(LiverTest),
    "record dose": dose,
    "record intervention": for_patient(Intervention, {"kind": "niv", "started_on": date(2024, 2, 1)}),
    "record decision": for_patient(CarePlanningDecision, {"topic": "place_of_death"}),
    "record team action": for_patient(TeamAction, {"owner_discipline": "slp", "description": "Review"}),
    "import": import_file,
}

# ---------------------------------------------------------------------------- the cases

CASES: list[tuple[str, str, Any, tuple[str, ...]]] = [
    # a new patient: names, MRN, dates, numbers, codes, free text
    ("create patient", "given_name", MEGABYTE, ("Given name", "too long", "1,048,576", "at most 100")),
    ("create patient", "given_name", "A\x00lex", ("Given name", "control character", "NUL")),
    ("create patient", "given_name", "Al\nex", ("Given name", "control character", "one line")),
    ("create patient", "given_name", "Al\rex", ("Given name", "control character", "carriage return")),
    ("create patient", "given_name", "Alex\x1b[31m", ("Given name", "control character", "ESC")),
    ("create patient", "given_name", "\u202eAlex", ("Given name", "direction override", "U+202E")),
    ("create patient", "given_name", "Al\u2066ex", ("Given name", "direction override", "U+2066")),
    ("create patient", "given_name", "Al\u202aex", ("Given name", "direction override")),
    ("create patient", "given_name", "\u200b", ("Given name", "invisible")),
    ("create patient", "given_name", "\u200b\u200c\u2060", ("Given name", "invisible")),
    ("create patient", "given_name", "\ufeff", ("Given name", "invisible")),
    ("create patient", "given_name", "\u3164", ("Given name", "invisible")),
    ("create patient", "given_name", "", ("Given name", "required")),
    ("create patient", "given_name", "   ", ("Given name", "required")),
    ("create patient", "given_name", None, ("Given name", "required")),
    ("create patient", "given_name", 42, ("Given name", "must be text")),
    ("create patient", "given_name", "\ud800", ("Given name", "broken character")),
    ("create patient", "family_name", "x" * 101, ("Family name", "too long", "101", "at most 100")),
    ("create patient", "family_name", "Do\te", ("Family name", "control character", "tab")),
    ("create patient", "family_name", "\u202dDoe", ("Family name", "direction override")),
    ("create patient", "family_name", "\u2069", ("Family name", "direction override")),
    ("create patient", "family_name", "Do\x7fe", ("Family name", "control character", "DEL")),
    ("create patient", "mrn", "M" * 500, ("MRN", "too long", "500", "at most 40")),
    ("create patient", "mrn", "M" * 41, ("MRN", "too long")),
    ("create patient", "mrn", "MRN\x00", ("MRN", "control character")),
    ("create patient", "mrn", "A\tB", ("MRN", "control character")),
    ("create patient", "mrn", "mrn-0001", ("MRN mrn-0001", "already belongs", "EXAMPLE, Alex", "capitals")),
    ("create patient", "mrn", "Mrn-0002", ("already belongs", "OTHER, Bo")),
    ("create patient", "mrn", " MRN-0001 ", ("already belongs", "EXAMPLE, Alex")),
    ("create patient", "mrn", "\u200b", ("MRN", "invisible")),
    ("create patient", "mrn", "", ("MRN", "required")),
    ("create patient", "date_of_birth", date(1800, 1, 1), ("Date of birth", "before 1900", "typing error")),
    ("create patient", "date_of_birth", date(1899, 12, 31), ("Date of birth", "before 1900")),
    ("create patient", "date_of_birth", "2024-02-30", ("Date of birth", "must be a date", "2024-02-30")),
    ("create patient", "date_of_birth", "garbage", ("Date of birth", "must be a date")),
    ("create patient", "date_of_birth", 20240101, ("Date of birth", "must be a date")),
    ("create patient", "date_of_birth", datetime(1960, 1, 1), ("Date of birth", "must be a date")),
    ("create patient", "date_of_birth", date(2999, 1, 1), ("Date of birth", "future")),
    ("create patient", "date_of_birth", None, ("Date of birth", "required")),
    ("create patient", "height_cm", "abc", ("Height", "must be a number", "abc")),
    ("create patient", "height_cm", "170cm", ("Height", "must be a number")),
    ("create patient", "height_cm", True, ("Height", "must be a number")),
    ("create patient", "height_cm", NAN, ("Height", "must be a number")),
    ("create patient", "height_cm", INF, ("Height", "must be a number")),
    ("create patient", "height_cm", -INF, ("Height", "must be a number")),
    ("create patient", "height_cm", [170], ("Height", "must be a number")),
    ("create patient", "height_cm", 10**400, ("Height", "must be a number")),
    ("create patient", "height_cm", 900, ("Height", "between 100 and 250")),
    ("create patient", "premorbid_weight_kg", "70", ("Premorbid weight", "must be a number")),
    ("create patient", "ecas_total", 100.5, ("ECAS total", "whole number", "100.5")),
    ("create patient", "ecas_total", "abc", ("ECAS total", "must be a number")),
    ("create patient", "ecas_total", False, ("ECAS total", "must be a number")),
    ("create patient", "ecas_total", 137, ("ECAS total", "between 0 and 136")),
    ("create patient", "sex", "robot", ("Sex", "'robot'", "not one of the recorded choices")),
    ("create patient", "sex", ["female"], ("Sex", "not one of the recorded choices")),
    ("create patient", "onset_region", {"bulbar": 1}, ("Onset region", "not one of the recorded choices")),
    ("create patient", "other_genetics", "x" * 2001, ("Other genetics", "too long", "at most 2,000")),
    ("create patient", "other_genetics", "C9\x1b", ("Other genetics", "control character", "ESC")),
    ("create patient", "notes", "x" * 4001, ("Notes", "too long", "at most 4,000")),
    ("create patient", "notes", "fine\x00", ("Notes", "control character", "NUL")),
    ("create patient", "notes", "ok \u202ebad", ("Notes", "direction override")),
    ("create patient", "onset_date", "yesterday", ("Onset date", "must be a date")),
    ("create patient", "onset_date", date(1960, 1, 1), ("Symptom onset", "date of birth")),
    ("create patient", "date_of_death", date(1960, 1, 1), ("Date of death", "date of birth")),
    ("create patient", "mrn", 12345, ("MRN", "must be text")),
    # editing a patient obeys every rule creating one does, and the dates of the stored record
    ("edit patient", "given_name", MEGABYTE, ("Given name", "too long", "1,048,576")),
    ("edit patient", "given_name", "\u200b", ("Given name", "invisible")),
    ("edit patient", "given_name", "A\x00", ("Given name", "control character")),
    ("edit patient", "given_name", "", ("Given name", "required")),
    ("edit patient", "family_name", "\u202eX", ("Family name", "direction override")),
    ("edit patient", "mrn", "mrn-0002", ("already belongs", "OTHER, Bo", "MRN-0002")),
    ("edit patient", "mrn", "M" * 41, ("MRN", "too long")),
    ("edit patient", "date_of_death", date(2024, 1, 1), ("Date of death", "visit of 03 Jun 2024")),
    ("edit patient", "date_of_death", date(2024, 5, 1), ("Date of death", "visit of 03 Jun 2024")),
    ("edit patient", "date_of_birth", date(2024, 5, 1), ("Date of birth", "after", "visit of 04 Mar 2024")),
    ("edit patient", "date_of_birth", date(2023, 12, 20), ("Date of birth", "after", "medicine started on 01 Dec 2023")),
    ("edit patient", "date_of_birth", date(1850, 1, 1), ("Date of birth", "before 1900")),
    ("edit patient", "date_of_birth", "2024-02-30", ("Date of birth", "must be a date")),
    ("edit patient", "date_of_birth", None, ("Date of birth", "required")),
    ("edit patient", "ecas_total", 12.5, ("ECAS total", "whole number")),
    ("edit patient", "height_cm", "tall", ("Height", "must be a number")),
    ("edit patient", "notes", "bell\x07", ("Notes", "control character")),
    ("edit patient", "version", 7, ("not a field",)),
    # visits
    ("create visit", "visit_date", "2024-02-30", ("Visit date", "must be a date")),
    ("create visit", "visit_date", "garbage", ("Visit date", "must be a date")),
    ("create visit", "visit_date", 20240101, ("Visit date", "must be a date")),
    ("create visit", "visit_date", None, ("Visit date", "required")),
    ("create visit", "visit_date", date(2999, 1, 1), ("Visit date", "future")),
    ("create visit", "visit_date", date(1950, 1, 1), ("Visit date", "date of birth")),
    ("create visit", "site", "x" * 101, ("Site", "too long")),
    ("create visit", "site", "Main\nclinic", ("Site", "control character")),
    ("create visit", "site", "\u200b", ("Site", "invisible")),
    ("create visit", "site", "", ("Site", "required")),
    ("create visit", "clinicians", "x" * 501, ("Clinicians", "too long", "at most 500")),
    ("create visit", "clinicians", "Dr A\x00", ("Clinicians", "control character")),
    ("create visit", "notes", "x" * 4001, ("Notes", "too long")),
    ("create visit", "notes", "\u2067x", ("Notes", "direction override")),
    ("edit visit", "visit_date", "garbage", ("Visit date", "must be a date")),
    ("edit visit", "visit_date", date(1950, 1, 1), ("Visit date", "date of birth")),
    ("edit visit", "site", "\u200b", ("Site", "invisible")),
    ("edit visit", "site", "", ("Site", "required")),
    ("edit visit", "clinicians", "\x1b", ("Clinicians", "control character")),
    # ALSFRS-R: whole scores from 0 to 4
    ("record ALSFRS-R", "speech", 2.5, ("ALSFRS-R item", "whole number", "2.5")),
    ("record ALSFRS-R", "swallowing", "abc", ("ALSFRS-R item", "must be a number")),
    ("record ALSFRS-R", "walking", True, ("ALSFRS-R item", "must be a number")),
    ("record ALSFRS-R", "dyspnea", NAN, ("ALSFRS-R item", "must be a number")),
    ("record ALSFRS-R", "orthopnea", 5, ("ALSFRS-R item", "between 0 and 4")),
    ("record ALSFRS-R", "salivation", "3", ("ALSFRS-R item", "must be a number")),
    ("record ALSFRS-R", "handwriting", INF, ("ALSFRS-R item", "must be a number")),
    ("record ALSFRS-R", "cutting_form", "5c", ("Cutting form", "not one of the recorded choices")),
    ("record ALSFRS-R", "notes", "x" * 4001, ("Notes", "too long")),
    ("edit ALSFRS-R", "speech", 2.5, ("ALSFRS-R item", "whole number")),
    ("edit ALSFRS-R", "turning_in_bed", "2", ("ALSFRS-R item", "must be a number")),
    ("edit ALSFRS-R", "respiratory_insufficiency", -1, ("ALSFRS-R item", "between 0 and 4")),
    ("edit ALSFRS-R", "climbing_stairs", NAN, ("ALSFRS-R item", "must be a number")),
    ("edit ALSFRS-R", "dressing_hygiene", 3.7, ("ALSFRS-R item", "whole number")),
    # speech and swallowing
    ("record SLP", "eat10_score", 12.5, ("EAT-10 score", "whole number", "12.5")),
    ("record SLP", "eat10_score", "abc", ("EAT-10 score", "must be a number")),
    ("record SLP", "eat10_score", 41, ("EAT-10 score", "between 0 and 40")),
    ("record SLP", "iddsi_drink_level", 2.5, ("IDDSI drink level", "whole number")),
    ("record SLP", "iddsi_food_level", "7", ("IDDSI food level", "must be a number")),
    ("record SLP", "intelligibility_percent", "90%", ("Speech intelligibility", "must be a number")),
    ("record SLP", "speaking_rate_wpm", NAN, ("Speaking rate", "must be a number")),
    ("record SLP", "strategies", "x" * 2001, ("Strategies", "too long")),
    ("record SLP", "aac_status", "telepathy", ("Aac status", "not one of the recorded choices")),
    ("record SLP", "voice_banking", "yes", ("Voice banking", "yes or no")),
    ("record SLP", "slp_referral_date", "2024-01-01", ("Slp referral date", "must be a date")),
    ("edit SLP", "eat10_score", 12.5, ("EAT-10 score", "whole number")),
    ("edit SLP", "strategies", "a\x00b", ("Strategies", "control character")),
    # weight
    ("record weight", "weight_kg", "12kg", ("Weight", "must be a number", "12kg")),
    ("record weight", "weight_kg", "abc", ("Weight", "must be a number")),
    ("record weight", "weight_kg", True, ("Weight", "must be a number")),
    ("record weight", "weight_kg", NAN, ("Weight", "must be a number")),
    ("record weight", "weight_kg", INF, ("Weight", "must be a number")),
    ("record weight", "weight_kg", 900, ("Weight", "between 20 and 300")),
    ("record weight", "notes", "\x1b[2J", ("Notes", "control character")),
    ("edit weight", "weight_kg", "70", ("Weight", "must be a number")),
    ("edit weight", "weight_kg", NAN, ("Weight", "must be a number")),
    # breathing, nutrition, palliative care
    ("record respiratory", "fvc_percent_sitting", "abc", ("FVC sitting", "must be a number")),
    ("record respiratory", "spo2_percent", NAN, ("SpO₂", "must be a number")),
    ("record respiratory", "co2_mmhg", INF, ("CO₂", "must be a number")),
    ("record respiratory", "niv_status", "maybe", ("Niv status", "not one of the recorded choices")),
    ("record respiratory", "orthopnoea", "no", ("Orthopnoea", "yes or no")),
    ("record respiratory", "notes", "\u202e", ("Notes", "direction override")),
    ("record nutrition", "gastrostomy_status", "x", ("Gastrostomy status", "not one of the recorded choices")),
    ("record nutrition", "oral_supplements", 1, ("Oral supplements", "yes or no")),
    ("record nutrition", "texture_advice", "x" * 2001, ("Texture advice", "too long")),
    ("record nutrition", "meal_advice", "a\x00", ("Meal advice", "control character")),
    ("record palliative", "pain", "agony", ("Pain", "not one of the recorded choices")),
    ("record palliative", "caregiver_support", "x" * 2001, ("Caregiver support", "too long")),
    ("record palliative", "referral_date", "soon", ("Referral date", "must be a date")),
    # medicines, liver tests, doses, interventions, decisions, team actions
    ("record medicine", "drug_name", "x" * 101, ("Medicine", "too long")),
    ("record medicine", "drug_name", "\u200b", ("Medicine", "invisible")),
    ("record medicine", "drug_name", "", ("Medicine", "required")),
    ("record medicine", "drug_name", "Rilu\x00zole", ("Medicine", "control character")),
    ("record medicine", "frequency", "x" * 61, ("Frequency", "too long", "at most 60")),
    ("record medicine", "dose_unit", "milligrams per kilogram", ("Dose unit", "too long")),
    ("record medicine", "category", "x", ("Category", "not one of the recorded choices")),
    ("record medicine", "stop_reason", "x" * 501, ("Stop reason", "too long")),
    ("record medicine", "started_on", "2024-02-30", ("Start date", "must be a date")),
    ("edit medicine", "drug_name", "\u200b", ("Medicine", "invisible")),
    ("edit medicine", "drug_name", "x" * 101, ("Medicine", "too long")),
    ("edit medicine", "frequency", "a\x00", ("Frequency", "control character")),
    ("edit medicine", "stopped_on", date(2023, 1, 1), ("Stop date", "start date")),
    ("record liver test", "alt_u_l", "abc", ("ALT", "must be a number")),
    ("record liver test", "alt_uln_u_l", NAN, ("ALT upper limit of normal", "must be a number")),
    ("record liver test", "taken_on", "garbage", ("Date taken", "must be a date")),
    ("record liver test", "notes", "\x1b", ("Notes", "control character")),
    ("edit liver test", "alt_u_l", "30", ("ALT", "must be a number")),
    ("record dose", "notes", "a\x00", ("Notes", "control character")),
    ("record dose", "notes", "x" * 4001, ("Notes", "too long")),
    ("record medicine", "dose_amount", "abc", ("Dose", "must be a number")),
    ("record medicine", "dose_amount", NAN, ("Dose", "must be a number")),
    ("record dose", "given_on", "x", ("Date given", "must be a date")),
    ("record intervention", "kind", "teleport", ("Kind", "not one of the recorded choices")),
    ("record intervention", "detail", "x" * 121, ("Detail", "too long", "at most 120")),
    ("record intervention", "detail", "a\nb", ("Detail", "control character")),
    ("record intervention", "started_on", None, ("Start date", "required")),
    ("record decision", "topic", "x", ("Topic", "not one of the recorded choices")),
    ("record decision", "decision", "x" * 2001, ("Decision", "too long")),
    ("record decision", "proxy_name", "\u202eX", ("Proxy decision-maker", "direction override")),
    ("record decision", "document", "x" * 121, ("Document", "too long")),
    ("record team action", "description", "x" * 2001, ("Action", "too long")),
    ("record team action", "description", "\u200b", ("Action", "invisible")),
    ("record team action", "owner_discipline", "x", ("Owner discipline", "not one of the recorded choices")),
    # the record file: the same rules, plus the row's own version, authorship and timestamps
    ("import", "patient.given_name", MEGABYTE, ("Given name", "too long")),
    ("import", "patient.given_name", "A\x00", ("Given name", "control character")),
    ("import", "patient.family_name", "\u202eX", ("Family name", "direction override")),
    ("import", "patient.given_name", "\u200b", ("Given name", "invisible")),
    ("import", "patient.mrn", "mrn-0002", ("already belongs", "OTHER, Bo")),
    ("import", "patient.date_of_birth", "1800-01-01", ("Date of birth", "before 1900")),
    ("import", "patient.version", -5, ("Version", "1 or more", "-5")),
    ("import", "patient.version", 0, ("Version", "1 or more")),
    ("import", "patient.created_by", "", ("Created by", "empty")),
    ("import", "patient.created_by", "   ", ("Created by", "empty")),
    ("import", "patient.updated_by", "", ("Updated by", "empty")),
    ("import", "patient.updated_by", "\u200b", ("Updated by", "invisible")),
    ("import", "patient.created_by", "x" * 81, ("Created by", "too long")),
    ("import", "patient.created_at", "2999-01-01T00:00:00+00:00", ("Created at", "future")),
    ("import", "patient.updated_at", "2999-01-01T00:00:00+00:00", ("Updated at", "future")),
    ("import", "patient.ecas_total", 100.5, ("ECAS total", "whole number")),
    ("import", "patient.notes", "x" * 4001, ("Notes", "too long")),
    ("import", "patient.visits[0].alsfrs[0].speech", 2.5, ("ALSFRS-R item", "whole number")),
    ("import", "patient.visits[0].slp[0].eat10_score", 12.5, ("EAT-10 score", "whole number")),
    ("import", "patient.visits[0].site", "\u200b", ("Site", "invisible")),
    ("import", "patient.visits[0].site", "a\nb", ("Site", "control character")),
    ("import", "patient.visits[0].visit_date", "2024-02-30", ("not a date",)),
    ("import", "patient.visits[0].visit_date", "20240101", ("not written as expected",)),
    ("import", "patient.visits[0].created_by", "\x1b[31m", ("Created by", "control character")),
    ("import", "patient.visits[0].version", -5, ("Version", "1 or more")),
    ("import", "patient.visits[0].base_version", 0, ("based on", "1 or more")),
    ("import", "patient.visits[0].weights[0].weight_kg", "12kg", ("number",)),
    ("import", "patient.visits[0].alsfrs[0].swallowing", True, ("whole number",)),
    ("import", "patient.medications[0].drug_name", "x" * 101, ("Medicine", "too long")),
    ("import", "patient.medications[0].frequency", "a\x00", ("Frequency", "control character")),
    ("import", "patient.liver_tests[0].alt_u_l", "abc", ("number",)),
]


def case_id(case: tuple[str, str, Any, tuple[str, ...]]) -> str:
    door, field, value, _words = case
    shown = repr(value)
    return f"{door}:{field}={shown[:24]}{'…' if len(shown) > 24 else ''}"


def assert_refused(clinic: Clinic, case: tuple[str, str, Any, tuple[str, ...]], state: Callable[[], str]) -> None:
    """The case's door refuses it with a message keyed by the field holding each of its words, and
    `state()` (a hash of every table) is the same before and after."""
    import pytest

    from als_desktop.services.errors import ValidationError

    door, field, value, words = case
    before = state()
    with pytest.raises(ValidationError) as refusal, clinic.database.transaction() as session:
        DOORS[door](session, clinic, field, value)
    errors = refusal.value.errors
    assert field in errors, errors
    message = errors[field].lower()
    for word in words:
        assert word.lower() in message, (word, errors[field])
    assert state() == before

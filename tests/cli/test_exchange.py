"""Patient record files: export → import → export is lossless; bad files are refused whole."""

from __future__ import annotations

import copy
import json
import shutil
import uuid
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from cli_helpers import row_counts
from sqlalchemy import func, select

from als_desktop.config import sqlite_url
from als_desktop.db import Database, open_database
from als_desktop.models import Patient, Visit, WeightMeasurement
from als_desktop.models.history import ChangeEntry
from als_desktop.services import records, visits
from als_desktop.services.errors import NotFoundError, ValidationError
from als_desktop.services.exchange import (
    FORMAT,
    export_patient,
    import_patient,
    import_patient_record,
)

AUTHOR = "test.importer"


@pytest.fixture
def clinic(tmp_path: Path, demo_file: Path) -> Iterator[Database]:
    """A private, writable copy of the demo clinic."""
    path = tmp_path / "clinic.sqlite"
    shutil.copy(demo_file, path)
    database = open_database(sqlite_url(path))
    yield database
    database.close()


@pytest.fixture
def fresh(tmp_path: Path) -> Iterator[Database]:
    database = open_database(sqlite_url(tmp_path / "fresh.sqlite"))
    yield database
    database.close()


def busiest_mrn(database: Database) -> str:
    """The demo patient with the most visits (at least a few, so paths like visits[2] exist)."""
    with database.reading() as session:
        mrn, count = session.execute(
            select(Patient.mrn, func.count(Visit.id)).join(Visit).group_by(Patient.id)
            .order_by(func.count(Visit.id).desc(), Patient.mrn).limit(1)
        ).one()
    assert count >= 4
    return mrn


def export(database: Database, mrn: str) -> dict[str, Any]:
    with database.reading() as session:
        return export_patient(session, mrn)


def import_into(database: Database, document: Any) -> Any:
    with database.transaction() as session:
        return import_patient_record(session, document, AUTHOR)


def test_export_then_import_into_a_fresh_database_then_export_is_identical(clinic: Database, fresh: Database) -> None:
    mrn = busiest_mrn(clinic)
    # Give the record edited and voided rows, so versions and void metadata travel too.
    with clinic.transaction() as session:
        patient = session.scalar(select(Patient).where(Patient.mrn == mrn))
        weight = patient.visits[1].weights[0]
        records.void_row(session, WeightMeasurement, weight.id, weight.version, "Wrong scale.", "nurse.a")
        visit = patient.visits[0]
        visits.update_visit(session, visit.id, visit.version, {"notes": "Came with daughter."}, "dr.b")
    original = export(clinic, mrn)

    result = import_into(fresh, original)
    assert result.created
    copied = export(fresh, mrn)
    assert json.dumps(copied, sort_keys=True) == json.dumps(original, sort_keys=True)
    # Each row came in through the writer: one history entry each, by the importer, naming the file.
    counts = row_counts(fresh)
    with fresh.reading() as session:
        entries = session.scalars(select(ChangeEntry)).all()
    assert len(entries) == sum(count for table, count in counts.items() if table != "change_history")
    assert {(entry.operation, entry.actor) for entry in entries} == {("create", AUTHOR)}
    assert all(entry.source.startswith("imported from a patient record file: created by ") for entry in entries)

    voided = original["patient"]["visits"][1]["weights"][0]
    assert voided["void_reason"] == "Wrong scale." and voided["voided_by"] == "nurse.a"
    assert original["patient"]["visits"][0]["version"] == 2


def without_base_versions(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: without_base_versions(item) for key, item in value.items() if key != "base_version"}
    if isinstance(value, list):
        return [without_base_versions(item) for item in value]
    return value


def test_a_version_1_file_is_still_read(demo_db: Database, fresh: Database) -> None:
    mrn = busiest_mrn(demo_db)
    document = export(demo_db, mrn)
    version_1 = {**without_base_versions(document), "format_version": 1}

    assert import_into(fresh, version_1).created
    assert export(fresh, mrn) == document  # written back as version 2, the same record
    assert not import_into(fresh, version_1).written
    # base_version is not a field of version 1: such a file is refused, not half read.
    version_1["patient"]["base_version"] = 1
    with pytest.raises(ValidationError) as refused:
        import_into(fresh, version_1)
    assert "'base_version' is not a field of this section." in refused.value.errors["patient.base_version"]


def test_every_patient_of_the_demo_clinic_survives_the_round_trip(demo_db: Database, fresh: Database) -> None:
    with demo_db.reading() as session:
        mrns = session.scalars(select(Patient.mrn)).all()
    for mrn in mrns:
        document = export(demo_db, mrn)
        import_into(fresh, document)
        assert export(fresh, mrn) == document, mrn
    # The same record; the accounts and the audit trail are each clinic's own.
    own = {"accounts", "change_history"}
    assert {table: count for table, count in row_counts(fresh).items() if table not in own} == \
        {table: count for table, count in row_counts(demo_db).items() if table not in own}


def test_the_document_is_complete_and_ordered(demo_db: Database) -> None:
    document = export(demo_db, busiest_mrn(demo_db))
    assert document["format"] == FORMAT and document["format_version"] == 2
    assert "exported" not in json.dumps(document)  # no export timestamp
    patient = document["patient"]
    assert uuid.UUID(patient["id"]) and date.fromisoformat(patient["date_of_birth"])
    assert patient["created_at"].endswith("+00:00")
    dates = [visit["visit_date"] for visit in patient["visits"]]
    assert dates == sorted(dates)
    visit = patient["visits"][0]
    assert set(visit) >= {"alsfrs", "weights", "nutrition", "respiratory", "slp", "palliative", "site", "version"}
    assert "patient_id" not in visit  # implied by the nesting
    assert set(patient) >= {"medications", "liver_tests", "interventions", "care_planning", "team_actions"}
    # Every row says which version its values are: the one stored when it was exported.
    rows = [patient, *patient["visits"], *(w for v in patient["visits"] for w in v["weights"]), *patient["medications"]]
    assert all(row["base_version"] == row["version"] for row in rows)


def test_unknown_mrn_is_reported(demo_db: Database) -> None:
    with demo_db.reading() as session, pytest.raises(NotFoundError, match="NOBODY"):
        export_patient(session, "NOBODY")


BAD_DOCUMENTS: list[tuple[str, Callable[[dict], None], str, str]] = [
    ("weight 900", lambda d: d["patient"]["visits"][2]["weights"].__setitem__(0, {**d["patient"]["visits"][2]["weights"][0], "weight_kg": 900}),
     "patient.visits[2].weights[0].weight_kg", "Weight must be between 20 and 300 kg (entered 900 kg)."),
    ("ALSFRS item 5 scored 5", lambda d: d["patient"]["visits"][0]["alsfrs"][0].update(cutting_food=5),
     "patient.visits[0].alsfrs[0].cutting_food", "ALSFRS-R item must be between 0 and 4 (entered 5)."),
    ("visit before birth", lambda d: d["patient"]["visits"][1].update(visit_date="1901-03-04"),
     "patient.visits[1].visit_date", "cannot be before the date of birth"),
    ("FVC -3", lambda d: d["patient"]["visits"][3]["respiratory"][0].update(fvc_percent_sitting=-3),
     "patient.visits[3].respiratory[0].fvc_percent_sitting", "FVC sitting must be between 0 and 200 % predicted (entered -3 % predicted)."),
    ("unknown onset region", lambda d: d["patient"].update(onset_region="elbow"),
     "patient.onset_region", "'elbow' is not one of the recorded choices"),
    ("unknown intervention", lambda d: d["patient"]["interventions"].append({"kind": "jetpack", "started_on": "2024-01-01"}),
     "patient.interventions[{last}].kind", "'jetpack' is not one of the recorded choices"),
    ("visit in the future", lambda d: d["patient"]["visits"][0].update(visit_date=(date.today() + timedelta(days=30)).isoformat()),
     "patient.visits[0].visit_date", "cannot be in the future"),
    ("missing family name", lambda d: d["patient"].pop("family_name"),
     "patient.family_name", "Family name is required."),
    ("unknown field", lambda d: d["patient"]["visits"][0].update(colour="red"),
     "patient.visits[0].colour", "'colour' is not a field"),
    ("weight as text", lambda d: d["patient"]["visits"][3]["weights"][0].update(weight_kg="heavy"),
     "patient.visits[3].weights[0].weight_kg", "must be a number"),
    ("impossible date", lambda d: d["patient"].update(date_of_birth="1950-02-30"),
     "patient.date_of_birth", "is not a date (YYYY-MM-DD)"),
    ("timestamp without offset", lambda d: d["patient"].update(created_at="2024-01-01T10:00:00"),
     "patient.created_at", "UTC offset"),
    ("void without reason", lambda d: d["patient"]["visits"][0]["weights"][0].update(voided_at="2024-01-01T10:00:00+00:00", voided_by="x", void_reason=None),
     "patient.visits[0].weights[0].void_reason", "needs the reason"),
    ("team action on a visit of nobody", lambda d: d["patient"]["team_actions"].append(
        {"owner_discipline": "slp", "description": "Call.", "visit_id": str(uuid.uuid4())}),
     "patient.team_actions[{last}].visit_id", "not in this patient's record"),
    ("stopped before started", lambda d: d["patient"]["medications"][0].update(stopped_on="1990-01-01"),
     "patient.medications[0].stopped_on", "cannot be before the start date"),
]


def last_index(document: dict, path: str) -> str:
    if "{last}" not in path:
        return path
    section = path.split(".")[1].split("[")[0]
    return path.format(last=len(document["patient"][section]) - 1)


@pytest.mark.parametrize(("case", "spoil", "path", "message"), BAD_DOCUMENTS, ids=[case[0] for case in BAD_DOCUMENTS])
def test_an_invalid_file_is_refused_naming_the_field(
    demo_db: Database, fresh: Database, case: str, spoil: Callable[[dict], None], path: str, message: str
) -> None:
    document = copy.deepcopy(export(demo_db, busiest_mrn(demo_db)))
    spoil(document)
    before = row_counts(fresh)
    with pytest.raises(ValidationError) as refused:
        import_into(fresh, document)
    path = last_index(document, path)
    assert path in refused.value.errors, refused.value.errors
    assert message in refused.value.errors[path]
    assert row_counts(fresh) == before


def test_every_problem_is_reported_at_once_and_an_existing_record_is_left_alone(
    demo_db: Database, fresh: Database
) -> None:
    document = export(demo_db, busiest_mrn(demo_db))
    import_into(fresh, document)
    spoiled = copy.deepcopy(document)
    spoiled["patient"]["given_name"] = "Renamed"  # a valid change that must not be saved either
    # Without a readable date of birth, "before birth" cannot be judged: leave that case out.
    cases = [case for case in BAD_DOCUMENTS if case[0] != "impossible date"]
    for _case, spoil, _path, _message in cases:
        spoil(spoiled)
    with pytest.raises(ValidationError) as refused:
        import_into(fresh, spoiled)
    for _case, _spoil, path, message in cases:
        assert message in refused.value.errors[last_index(spoiled, path)]
    assert export(fresh, document["patient"]["mrn"]) == document


@pytest.mark.parametrize(("change", "message"), [
    ({"format": "something-else"}, "not an ALS Clinic Desktop patient record"),
    ({"format_version": 3}, "format version 3; this program reads versions 1 and 2"),
    ({"format_version": "1"}, "format version \"1\""),
])
def test_unknown_format_or_version_is_refused(demo_db: Database, fresh: Database, change: dict, message: str) -> None:
    document = {**export(demo_db, busiest_mrn(demo_db)), **change}
    with pytest.raises(ValidationError) as refused:
        import_into(fresh, document)
    assert message in " ".join(refused.value.errors.values())
    assert row_counts(fresh)["patients"] == 0


def test_not_an_object_is_refused(fresh: Database) -> None:
    with pytest.raises(ValidationError, match="not an ALS Clinic Desktop patient record"):
        import_into(fresh, [1, 2, 3])


def test_importing_a_changed_file_updates_the_record(demo_db: Database, fresh: Database) -> None:
    mrn = busiest_mrn(demo_db)
    document = export(demo_db, mrn)
    import_into(fresh, document)

    changed = copy.deepcopy(document)
    weight = changed["patient"]["visits"][2]["weights"][0]
    weight.update(weight_kg=61.5, version=weight["version"] + 1, updated_by="dietitian.c",
                  updated_at="2025-05-01T10:30:00+00:00")
    changed["patient"]["visits"].append({"visit_date": "2025-05-20", "site": "Outreach: Northfield",
                                         "weights": [{"weight_kg": 60.0}]})
    result = import_into(fresh, changed)

    assert not result.created and (result.inserted, result.changed) == (2, 1)
    with fresh.reading() as session:
        stored = session.get(WeightMeasurement, uuid.UUID(weight["id"]))
        # The change is the importer's; the file's author is named in the history as its source.
        assert (stored.weight_kg, stored.version, stored.updated_by) == (61.5, weight["base_version"] + 1, AUTHOR)
        assert (stored.created_by, stored.created_at.isoformat()) == (weight["created_by"], weight["created_at"])
        entry = session.scalars(select(ChangeEntry).where(ChangeEntry.row_id == stored.id)
                                .order_by(ChangeEntry.seq.desc())).first()
        before = document["patient"]["visits"][2]["weights"][0]["weight_kg"]
        assert (entry.operation, entry.actor, json.loads(entry.fields)) == ("change", AUTHOR, {"weight_kg": [before, 61.5]})
        assert "last changed by dietitian.c at 2025-05-01T10:30:00+00:00" in entry.source
        new_visit = session.scalar(select(Visit).where(Visit.visit_date == date(2025, 5, 20)))
        assert new_visit.site == "Outreach: Northfield" and new_visit.created_by == AUTHOR
        assert new_visit.weights[0].weight_kg == 60.0
        assert session.scalar(select(func.count()).select_from(Patient)) == 1
    assert len(export(fresh, mrn)["patient"]["visits"]) == len(document["patient"]["visits"]) + 1


def test_an_mrn_of_another_patient_is_refused(demo_db: Database, fresh: Database) -> None:
    document = export(demo_db, busiest_mrn(demo_db))
    import_into(fresh, document)
    impostor = {"format": FORMAT, "format_version": 1, "patient": {
        "mrn": document["patient"]["mrn"], "given_name": "Other", "family_name": "Person",
        "date_of_birth": "1970-01-01"}}
    with pytest.raises(ValidationError) as refused:
        import_into(fresh, impostor)
    assert "already belongs to another patient" in refused.value.errors["patient.mrn"]
    assert row_counts(fresh)["patients"] == 1


def test_a_row_of_another_patient_cannot_be_moved_by_a_file(demo_db: Database, fresh: Database) -> None:
    with demo_db.reading() as session:
        first, second = session.scalars(select(Patient.mrn).order_by(Patient.mrn).limit(2)).all()
    one, two = export(demo_db, first), export(demo_db, second)
    import_into(fresh, one)
    two["patient"]["visits"][0]["id"] = one["patient"]["visits"][0]["id"]
    two["patient"]["team_actions"] = []  # they name the visit's old id
    with pytest.raises(ValidationError) as refused:
        import_into(fresh, two)
    assert "already stored under another patient" in refused.value.errors["patient.visits[0].id"]
    assert row_counts(fresh)["patients"] == 1


def test_a_hand_written_file_gets_identity_and_authorship(fresh: Database) -> None:
    document = {"format": FORMAT, "format_version": 1, "patient": {
        "mrn": "EXT-77", "given_name": "Ada", "family_name": "Written", "date_of_birth": "1958-07-14",
        "sex": "female", "onset_region": "bulbar",
        "visits": [{"visit_date": "2024-03-01", "site": "Main clinic",
                    "weights": [{"weight_kg": 64.2}], "respiratory": [{"fvc_percent_sitting": 71}]}],
    }}
    with fresh.transaction() as session:
        patient = import_patient(session, document, AUTHOR)
        assert patient.created_by == AUTHOR and patient.version == 1
        assert patient.visits[0].respiratory[0].fvc_percent_sitting == 71.0
        assert patient.visits[0].weights[0].updated_by == AUTHOR


def test_a_team_action_may_name_a_visit_already_stored(demo_db: Database, fresh: Database) -> None:
    """A file with only a new team action, for a visit the database already holds."""
    document = export(demo_db, busiest_mrn(demo_db))
    import_into(fresh, document)
    patient = document["patient"]
    addition = {"format": FORMAT, "format_version": 1, "patient": {
        key: patient[key] for key in ("id", "mrn", "given_name", "family_name", "date_of_birth")}}
    addition["patient"]["team_actions"] = [{"owner_discipline": "social_work", "description": "Benefits review.",
                                            "visit_id": patient["visits"][-1]["id"]}]
    import_into(fresh, addition)
    after = export(fresh, patient["mrn"])["patient"]
    # The file holds the patient's fields as stored: the patient row is not written at all.
    assert (after["version"], after["updated_by"], after["updated_at"]) == (
        patient["version"], patient["updated_by"], patient["updated_at"])
    assert (after["created_at"], after["created_by"]) == (patient["created_at"], patient["created_by"])
    actions = after["team_actions"]
    assert [a["description"] for a in actions].count("Benefits review.") == 1
    assert len(actions) == len(patient["team_actions"]) + 1

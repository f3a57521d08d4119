"""Import decides per row by the version the file was based on, and never loses newer data.

The clinic's scenario: a patient's record is exported; a colleague then corrects a weight, edits
the visit notes and voids a wrongly entered weight; the older file comes back. And the other
order: the file was edited (on an outreach laptop) while the clinic left those rows alone.
"""

from __future__ import annotations

import copy
import json
import uuid
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from cli_helpers import TEST_USER
from sqlalchemy import func, select

from als_desktop.db import Database
from als_desktop.models import Patient, Visit, WeightMeasurement
from als_desktop.models.history import ChangeEntry
from als_desktop.services import nutrition, visits
from als_desktop.services.exchange import (
    KEEP_CLINIC,
    TAKE_FILE,
    ImportConflict,
    export_patient,
    import_patient_record,
)

CLINIC = "test.clinician"  # who recorded the patient (tests/conftest.py)
COLLEAGUE = "nurse.ward"
LAPTOP = "dietitian.outreach"
IMPORTER = "clerk.import"
VISIT_DAY = date(2024, 3, 12)
LAPTOP_TIME = "2024-03-20T14:05:00+00:00"


@dataclass
class Record:
    patient: Patient
    visit_id: uuid.UUID
    weight_id: uuid.UUID  # corrected by the colleague
    wrong_id: uuid.UUID  # the wrongly entered weight, voided by the colleague


@pytest.fixture
def record(db: Database, patient: Patient) -> Record:
    with db.transaction() as session:
        visit = visits.create_visit(session, patient.id, {"visit_date": VISIT_DAY, "notes": "First visit."}, CLINIC)
        weight = nutrition.record_weight(session, visit.id, 71.0, CLINIC)
        wrong = nutrition.record_weight(session, visit.id, 58.0, CLINIC)
        return Record(patient, visit.id, weight.id, wrong.id)


def export(db: Database, mrn: str) -> dict[str, Any]:
    with db.reading() as session:
        return export_patient(session, mrn)


def colleague_changes(db: Database, record: Record) -> None:
    """A correction, an edited note and a void, made in the clinic after the export."""
    with db.transaction() as session:
        nutrition.correct_weight(session, record.weight_id, 1, 69.5, COLLEAGUE)
        visits.update_visit(session, record.visit_id, 1, {"notes": "Came with daughter."}, COLLEAGUE)
        nutrition.void_weight(session, record.wrong_id, 1, "Entered on the wrong patient.", COLLEAGUE)


def edited_on_laptop(row: dict[str, Any], **values: Any) -> None:
    """What a program editing the file does: new values, its version up, base kept."""
    row.update(values, version=row["version"] + 1, updated_by=LAPTOP, updated_at=LAPTOP_TIME)


def file_visit(document: dict[str, Any]) -> dict[str, Any]:
    return document["patient"]["visits"][0]


def file_weight(document: dict[str, Any], row_id: uuid.UUID) -> dict[str, Any]:
    return next(w for w in file_visit(document)["weights"] if w["id"] == str(row_id))


def as_version_1(document: dict[str, Any]) -> dict[str, Any]:
    """The same record as a format-1 file: no base_version (a row's version is its base)."""

    def strip(value: Any) -> Any:
        if isinstance(value, dict):
            return {key: strip(item) for key, item in value.items() if key != "base_version"}
        if isinstance(value, list):
            return [strip(item) for item in value]
        return value

    return {**strip(document), "format_version": 1}


def importing(db: Database, document: Any, resolution: str | None = None) -> Any:
    with db.transaction() as session:
        return import_patient_record(session, document, IMPORTER, resolution=resolution,
                                     source_name="alex.json")


def history_count(db: Database) -> int:
    with db.reading() as session:
        # Changes only: a refused import still leaves its sign-in and its refusal in the audit trail.
        return session.scalar(select(func.count()).select_from(ChangeEntry).where(ChangeEntry.operation != "event"))


def stored(db: Database, model: type, row_id: uuid.UUID) -> Any:
    with db.reading() as session:
        return session.get(model, row_id)


def entries_for(db: Database, row_id: uuid.UUID) -> list[ChangeEntry]:
    with db.reading() as session:
        return list(session.scalars(select(ChangeEntry).where(ChangeEntry.row_id == row_id).order_by(ChangeEntry.seq)))


def authorship(db: Database) -> dict[uuid.UUID, tuple[Any, ...]]:
    """Every row's version, creator and creation time."""
    with db.reading() as session:
        return {row.id: (row.version, row.created_by, row.created_at)
                for model in (Patient, Visit, WeightMeasurement) for row in session.scalars(select(model))}


def assert_colleague_changes_kept(db: Database, record: Record) -> None:
    weight = stored(db, WeightMeasurement, record.weight_id)
    assert (weight.weight_kg, weight.version, weight.updated_by) == (69.5, 2, COLLEAGUE)
    wrong = stored(db, WeightMeasurement, record.wrong_id)
    assert (wrong.is_voided, wrong.void_reason, wrong.version) == (True, "Entered on the wrong patient.", 2)
    visit = stored(db, Visit, record.visit_id)
    assert (visit.notes, visit.version, visit.updated_by) == ("Came with daughter.", 2, COLLEAGUE)


# ---------------------------------------------------------------------------- stale file first


def test_an_older_file_imported_again_loses_nothing_and_writes_nothing(db: Database, record: Record) -> None:
    older = export(db, record.patient.mrn)
    colleague_changes(db, record)
    before, entries = authorship(db), history_count(db)

    result = importing(db, older)

    assert_colleague_changes_kept(db, record)
    assert authorship(db) == before and history_count(db) == entries
    assert not result.written and not result.conflicts
    assert sorted(result.clinic_newer) == sorted([f"visit of {VISIT_DAY:%d %b %Y}",
                                                  f"weight of the visit of {VISIT_DAY:%d %b %Y}",
                                                  f"weight of the visit of {VISIT_DAY:%d %b %Y}"])


def test_a_row_changed_in_the_file_and_in_the_clinic_is_a_conflict_listed_by_the_command(
    db: Database, db_path: Path, record: Record, tmp_path: Path, run_cli
) -> None:
    older = export(db, record.patient.mrn)
    colleague_changes(db, record)
    edited_on_laptop(file_visit(older), notes="Walked in with a stick.")
    path = tmp_path / "alex.json"
    path.write_text(json.dumps(older), encoding="utf-8")
    before, entries = authorship(db), history_count(db)

    result = run_cli("import", str(path), "--database", str(db_path))

    assert result.returncode == 3, result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert "1 record changed both in this file and here since the file was written" in lines[0]
    assert lines[1] == (f"  visit of {VISIT_DAY:%d %b %Y}: changed here by {COLLEAGUE} on "
                        f"{stored(db, Visit, record.visit_id).updated_at.astimezone():%d %b %Y %H:%M} "
                        "(version 1 to 2) and in the file (version 1 to 2):")
    assert lines[2] == "    Notes: in the clinic Came with daughter.; in the file Walked in with a stick."
    assert "--keep-clinic" in result.stderr and "--take-file" in result.stderr
    # Only the row both sides changed is a conflict; nothing at all was written.
    assert "weight" not in result.stderr
    assert_colleague_changes_kept(db, record)
    assert authorship(db) == before and history_count(db) == entries


def test_keep_clinic_keeps_the_clinics_values_and_imports_the_rest(db: Database, record: Record) -> None:
    older = export(db, record.patient.mrn)
    colleague_changes(db, record)
    edited_on_laptop(file_visit(older), notes="Walked in with a stick.")
    file_visit(older)["weights"].append({"weight_kg": 68.0, "notes": "Outreach scale."})

    with pytest.raises(ImportConflict) as refused:
        importing(db, older)
    [conflict] = refused.value.conflicts
    assert (conflict.kind, conflict.changed_by, conflict.stored_version, conflict.base_version,
            conflict.file_version) == ("visit", COLLEAGUE, 2, 1, 2)
    assert [(f.field, f.clinic, f.file) for f in conflict.fields] == [
        ("notes", "Came with daughter.", "Walked in with a stick.")]
    entries = history_count(db)

    result = importing(db, older, KEEP_CLINIC)

    assert_colleague_changes_kept(db, record)
    assert (result.inserted, result.changed, result.resolution) == (1, 0, KEEP_CLINIC)
    assert history_count(db) == entries + 1  # the added weight only
    assert [e.operation for e in entries_for(db, record.visit_id)] == ["create", "change"]


def test_take_file_applies_the_files_values_as_a_change_by_the_importer(db: Database, record: Record) -> None:
    older = export(db, record.patient.mrn)
    colleague_changes(db, record)
    edited_on_laptop(file_visit(older), notes="Walked in with a stick.")

    result = importing(db, older, TAKE_FILE)

    visit = stored(db, Visit, record.visit_id)
    assert (visit.notes, visit.version, visit.updated_by, visit.created_by) == (
        "Walked in with a stick.", 3, IMPORTER, CLINIC)
    entry = entries_for(db, record.visit_id)[-1]
    assert (entry.operation, entry.actor, entry.version_before, entry.version_after) == ("change", IMPORTER, 2, 3)
    assert json.loads(entry.fields) == {"notes": ["Came with daughter.", "Walked in with a stick."]}
    assert f"last changed by {LAPTOP} at {LAPTOP_TIME}" in entry.source
    assert f"taken over the clinic's (changed here by {COLLEAGUE}" in entry.source
    assert result.changed == 1 and result.resolution == TAKE_FILE
    # The rows the file did not change keep the colleague's correction and void.
    weight = stored(db, WeightMeasurement, record.weight_id)
    assert (weight.weight_kg, weight.version) == (69.5, 2)
    assert stored(db, WeightMeasurement, record.wrong_id).is_voided


def test_take_file_never_undoes_a_void(db: Database, record: Record) -> None:
    older = export(db, record.patient.mrn)
    colleague_changes(db, record)
    # The laptop corrected the weight the clinic has since voided.
    edited_on_laptop(file_weight(older, record.wrong_id), weight_kg=59.0)
    entries = history_count(db)

    result = importing(db, older, TAKE_FILE)

    wrong = stored(db, WeightMeasurement, record.wrong_id)
    assert (wrong.is_voided, wrong.weight_kg, wrong.version, wrong.voided_by) == (True, 58.0, 2, COLLEAGUE)
    assert result.kept_voided == (f"weight of the visit of {VISIT_DAY:%d %b %Y}",)
    assert not result.conflicts and history_count(db) == entries


# ---------------------------------------------------------------------------- file edited, clinic unchanged


def test_a_file_edited_on_a_laptop_is_applied_with_the_laptop_author_as_provenance(
    db: Database, db_path: Path, record: Record, tmp_path: Path, run_cli
) -> None:
    document = export(db, record.patient.mrn)
    edited_on_laptop(file_weight(document, record.weight_id), weight_kg=70.2)
    edited_on_laptop(file_visit(document), notes="Seen at the outreach clinic.")
    edited_on_laptop(file_weight(document, record.wrong_id), voided_at=LAPTOP_TIME, voided_by=LAPTOP,
                     void_reason="Scale not calibrated.")
    path = tmp_path / "alex.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    created = authorship(db)

    # The author is the account signed in (--user), whatever the login name in the environment says.
    result = run_cli("import", str(path), "--database", str(db_path),
                     env={"LOGNAME": IMPORTER, "USER": IMPORTER, "ALS_DESKTOP_WORKSTATION": "front-desk"})

    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"Updated patient {record.patient.mrn}")
    assert "0 records added, 3 changed" in result.stdout
    weight = stored(db, WeightMeasurement, record.weight_id)
    assert (weight.weight_kg, weight.version, weight.updated_by) == (70.2, 2, TEST_USER)
    visit = stored(db, Visit, record.visit_id)
    assert (visit.notes, visit.version, visit.updated_by) == ("Seen at the outreach clinic.", 2, TEST_USER)
    wrong = stored(db, WeightMeasurement, record.wrong_id)
    assert (wrong.is_voided, wrong.voided_by, wrong.void_reason, wrong.version) == (
        True, LAPTOP, "Scale not calibrated.", 2)
    for row_id, operation in ((record.weight_id, "change"), (record.visit_id, "change"), (record.wrong_id, "void")):
        entry = entries_for(db, row_id)[-1]
        assert (entry.operation, entry.actor, entry.workstation) == (operation, TEST_USER, "front-desk")
        assert entry.source == f"imported from alex.json: last changed by {LAPTOP} at {LAPTOP_TIME}, version 2, " \
                               "based on version 1"
    # Who created each row, and when, is as it was.
    after = authorship(db)
    assert {row_id: rest[1:] for row_id, rest in after.items()} == {row_id: rest[1:] for row_id, rest in created.items()}


def test_importing_the_same_file_twice_changes_nothing_the_second_time(db: Database, record: Record) -> None:
    document = export(db, record.patient.mrn)
    edited_on_laptop(file_weight(document, record.weight_id), weight_kg=70.2)
    edited_on_laptop(file_visit(document), notes="Seen at the outreach clinic.")
    file_visit(document)["weights"].append({"weight_kg": 68.0})
    first = importing(db, document)
    assert (first.inserted, first.changed) == (1, 2)
    entries, rows = history_count(db), authorship(db)

    second = importing(db, document)

    assert not second.written and not second.conflicts and not second.clinic_newer
    assert history_count(db) == entries and authorship(db) == rows


def test_a_file_that_did_not_change_a_row_never_lowers_its_version(db: Database, record: Record) -> None:
    older = export(db, record.patient.mrn)
    colleague_changes(db, record)
    with db.transaction() as session:  # the correction corrected again: version 3
        nutrition.correct_weight(session, record.weight_id, 2, 69.0, COLLEAGUE)
    versions = {row_id: rest[0] for row_id, rest in authorship(db).items()}

    importing(db, older)
    importing(db, older, TAKE_FILE)  # nothing to take: the file changed none of them

    assert {row_id: rest[0] for row_id, rest in authorship(db).items()} == versions
    assert stored(db, WeightMeasurement, record.weight_id).weight_kg == 69.0


def test_a_hand_edited_row_without_a_new_version_applies_only_where_the_clinic_did_not_change(
    db: Database, record: Record
) -> None:
    """A format-1 file edited by hand (values changed, version left alone): the values are taken
    where the stored row is still at that version, and the clinic's newer row is kept elsewhere."""
    document = export(db, record.patient.mrn)
    with db.transaction() as session:
        nutrition.correct_weight(session, record.weight_id, 1, 69.5, COLLEAGUE)
    old = as_version_1(document)
    file_visit(old)["notes"] = "Typed into the file."
    file_weight(old, record.weight_id)["weight_kg"] = 72.0

    result = importing(db, old)

    assert stored(db, Visit, record.visit_id).notes == "Typed into the file."
    assert stored(db, WeightMeasurement, record.weight_id).weight_kg == 69.5
    assert result.changed == 1 and result.clinic_newer == (f"weight of the visit of {VISIT_DAY:%d %b %Y}",)


def test_a_conflict_seen_is_not_decided_for_one_that_arose_since(db: Database, record: Record) -> None:
    older = export(db, record.patient.mrn)
    colleague_changes(db, record)
    edited_on_laptop(file_visit(older), notes="Walked in with a stick.")
    with pytest.raises(ImportConflict) as first:
        importing(db, older)
    seen = frozenset(conflict.key for conflict in first.value.conflicts)
    with db.transaction() as session:  # meanwhile, another edit of the visit
        visits.update_visit(session, record.visit_id, 2, {"notes": "Came with son."}, COLLEAGUE)

    with (pytest.raises(ImportConflict, match="changed here while the conflicts were being looked at"),
          db.transaction() as session):
        import_patient_record(session, older, IMPORTER, resolution=TAKE_FILE, seen=seen)
    assert stored(db, Visit, record.visit_id).notes == "Came with son."


def test_base_version_above_version_is_refused(db: Database, record: Record) -> None:
    from als_desktop.services.errors import ValidationError

    document = copy.deepcopy(export(db, record.patient.mrn))
    file_visit(document)["base_version"] = 5
    with pytest.raises(ValidationError) as refused:
        importing(db, document)
    assert refused.value.errors == {"patient.visits[0].base_version": (
        "The version this row is based on (5) cannot be above its version (1).")}


def test_a_file_adding_a_second_live_decision_on_a_topic_is_refused_naming_it(db: Database, record: Record) -> None:
    from als_desktop.models import CarePlanningDecision
    from als_desktop.services import care_planning
    from als_desktop.services.errors import ValidationError

    document = export(db, record.patient.mrn)
    with db.transaction() as session:
        care_planning.record_decision(session, record.patient.id, "resuscitation", {"decision": "Full resuscitation."},
                                      COLLEAGUE)
    document["patient"]["care_planning"] = [{
        "id": str(uuid.uuid4()), "topic": "resuscitation", "decision": "Do not attempt resuscitation.",
        "version": 1, "base_version": 1,
    }]
    before = history_count(db)
    with pytest.raises(ValidationError) as refused:
        importing(db, document)
    [message] = [m for m in refused.value.errors.values() if "per topic" in m]
    assert "resuscitation status" in message and COLLEAGUE in message
    assert history_count(db) == before
    with db.reading() as session:
        assert session.scalar(select(func.count()).select_from(CarePlanningDecision)) == 1

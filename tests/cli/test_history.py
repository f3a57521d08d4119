"""`als-desktop history MRN`: every change to a patient's record, whichever door it came through
(the services the window uses, `als-desktop import`, `als-desktop demo`), newest first, as text
or as JSON; an unknown MRN is a clear refusal."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from cli_helpers import TEST_USER
from sqlalchemy import select

from als_desktop.cli_history import CHANGE_KEYS, ENTRY_KEYS
from als_desktop.config import sqlite_url
from als_desktop.db import open_database
from als_desktop.models import Patient, Visit, WeightMeasurement
from als_desktop.services import nutrition, patients, records, visits
from als_desktop.services.exchange import export_patient

WORKSTATION = {"ALS_DESKTOP_WORKSTATION": "NURSES-STATION-2"}


@pytest.fixture
def clinic(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, new_clinic: Callable[[Path], Path]) -> Path:
    """A clinic where a weight was recorded, corrected and voided through the services."""
    monkeypatch.setenv("ALS_DESKTOP_WORKSTATION", "CLINIC-PC-3")
    path = new_clinic(tmp_path / "clinic.sqlite")
    database = open_database(sqlite_url(path))
    try:
        with database.transaction() as session:
            patient = patients.create_patient(session, {"mrn": "MRN-7001", "given_name": "Robin", "family_name": "Hale",
                                                        "date_of_birth": date(1958, 2, 3), "sex": "male"}, "clerk.a")
            visit = visits.create_visit(session, patient.id, {"visit_date": date(2024, 3, 4)}, "clerk.a")
            weight = nutrition.record_weight(session, visit.id, 72.0, "nurse.b")
        with database.transaction() as session:
            nutrition.correct_weight(session, weight.id, 1, 70.5, "dietitian.c")
        with database.transaction() as session:
            records.void_row(session, WeightMeasurement, weight.id, 2, "Weighed in his coat", "nurse.d")
    finally:
        database.close()
    return path


def history(run_cli: Any, path: Path, mrn: str, *json_flag: str) -> subprocess.CompletedProcess[str]:
    result = run_cli("history", mrn, *json_flag, "--database", str(path))
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    return result


def entries(run_cli: Any, path: Path, mrn: str) -> list[dict[str, Any]]:
    return json.loads(history(run_cli, path, mrn, "--json").stdout)["entries"]


def test_changes_made_through_the_services_are_printed_newest_first(run_cli, clinic: Path) -> None:  # noqa: ANN001
    text = history(run_cli, clinic, "MRN-7001").stdout
    lines = text.splitlines()
    assert lines[0] == "History of HALE, Robin  MRN MRN-7001: 5 entries, newest first"
    expected = [  # newest first
        "  Voided: weight of the visit of 04 Mar 2024  (version 2 → 3)",
        "  Reason: Weighed in his coat",
        "  Changed: weight of the visit of 04 Mar 2024  (version 1 → 2)",
        "    Weight: 72 kg → 70.5 kg",
        "  Created: weight of the visit of 04 Mar 2024  (version 1)",
        "    Weight: 72 kg",
        "  Created: visit of 04 Mar 2024 (Main clinic)  (version 1)",
        "  Created: patient record of HALE, Robin (MRN-7001)  (version 1)",
        "    MRN: MRN-7001",
    ]
    positions = [lines.index(line) for line in expected]
    assert positions == sorted(positions)
    for actor in ("nurse.d", "dietitian.c", "nurse.b", "clerk.a"):
        assert any(line.endswith(f"  {actor} on CLINIC-PC-3") for line in lines), actor


def test_json_has_the_documented_shape(run_cli, clinic: Path) -> None:  # noqa: ANN001
    document = json.loads(history(run_cli, clinic, "MRN-7001", "--json").stdout)
    assert document["patient"] == {"mrn": "MRN-7001", "name": "HALE, Robin"}
    found = document["entries"]
    assert [entry["operation"] for entry in found] == ["void", "change", "create", "create", "create"]
    assert [entry["seq"] for entry in found] == sorted((entry["seq"] for entry in found), reverse=True)
    for entry in found:
        assert tuple(entry) == ENTRY_KEYS
        assert entry["recorded_at"].endswith("Z") and entry["workstation"] == "CLINIC-PC-3"
        for change in entry["changes"]:
            assert tuple(change) == CHANGE_KEYS
    voided, changed = found[0], found[1]
    assert (voided["what"], voided["kind"], voided["record"], voided["reason"]) == (
        "voided", "weight", "weight", "Weighed in his coat")
    assert voided["fields"]["void_reason"] == [None, "Weighed in his coat"]
    assert changed["fields"] == {"weight_kg": [72.0, 70.5]}
    assert changed["changes"] == [{"field": "weight_kg", "label": "Weight", "old": "72 kg", "new": "70.5 kg"}]
    assert (changed["version_before"], changed["version_after"]) == (1, 2)


def test_an_imported_record_is_in_the_history_with_who_imported_it(run_cli, clinic: Path,  # noqa: ANN001
                                                                    tmp_path: Path, new_clinic) -> None:
    record = tmp_path / "MRN-7001.json"
    exported = run_cli("export", "MRN-7001", "-o", str(record), "--database", str(clinic))
    assert exported.returncode == 0, exported.stderr
    fresh = tmp_path / "fresh.sqlite"
    new_clinic(fresh)  # an import never creates the database
    imported = run_cli("import", str(record), "--database", str(fresh), env=WORKSTATION)
    assert imported.returncode == 0, imported.stderr

    found = entries(run_cli, fresh, "MRN-7001")
    document = json.loads(record.read_text(encoding="utf-8"))
    in_file = {document["patient"]["id"], *(visit["id"] for visit in document["patient"]["visits"])}
    assert in_file <= {entry["row_id"] for entry in found}
    assert {entry["actor"] for entry in found} == {TEST_USER}
    assert {entry["workstation"] for entry in found} == {"NURSES-STATION-2"}
    assert {entry["operation"] for entry in found} == {"create"}

    # The clinic's copy takes a corrected visit note from the file: a change by the importer.
    document["patient"]["visits"][0]["notes"] = "Came with his daughter."
    record.write_text(json.dumps(document), encoding="utf-8")
    updated = run_cli("import", str(record), "--database", str(clinic), env=WORKSTATION)
    assert updated.returncode == 0, updated.stderr
    newest = entries(run_cli, clinic, "MRN-7001")[0]
    assert (newest["operation"], newest["kind"], newest["actor"]) == ("change", "visit", TEST_USER)
    assert newest["changes"] == [{"field": "notes", "label": "Notes", "old": "—", "new": "Came with his daughter."}]


def test_a_demo_patient_has_every_row_in_the_history(run_cli, tmp_path: Path) -> None:  # noqa: ANN001
    path = tmp_path / "demo.sqlite"
    made = run_cli("demo", "--patients", "2", "--database", str(path), env=WORKSTATION)
    assert made.returncode == 0, made.stderr
    found = entries(run_cli, path, "DEMO-00001")
    database = open_database(sqlite_url(path), create=False, migrate=False)
    try:
        with database.reading() as session:
            patient = session.scalar(select(Patient).where(Patient.mrn == "DEMO-00001"))
            visit_ids = set(session.scalars(select(Visit.id).where(Visit.patient_id == patient.id)))
            weight_ids = set(session.scalars(select(WeightMeasurement.id).join(Visit)
                                             .where(Visit.patient_id == patient.id)))
            whole = export_patient(session, "DEMO-00001")
    finally:
        database.close()
    rows = {entry["row_id"] for entry in found}
    assert {str(patient.id)} | {str(i) for i in visit_ids | weight_ids} <= rows
    assert len(rows) == len(found) == rows_in(whole)  # one entry per row: the demo creates each once
    assert {(entry["operation"], entry["actor"], entry["workstation"]) for entry in found} == {
        ("create", "demo", "NURSES-STATION-2")}
    assert all(entry["source"] for entry in found)

    text = history(run_cli, path, "DEMO-00001").stdout
    assert text.startswith(f"History of {whole['patient']['family_name'].upper()}, ")
    assert f": {len(found)} entries, newest first" in text.splitlines()[0]


def rows_in(document: dict[str, Any]) -> int:
    """How many stored rows a patient record file holds (every object with an id)."""
    def count(value: Any) -> int:
        if isinstance(value, dict):
            return ("id" in value) + sum(count(item) for item in value.values())
        if isinstance(value, list):
            return sum(count(item) for item in value)
        return 0

    return count(document["patient"])


def test_an_unknown_mrn_is_refused_with_a_message(run_cli, clinic: Path) -> None:  # noqa: ANN001
    result = run_cli("history", "MRN-9999", "--database", str(clinic))
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.strip() == "als-desktop: No patient with MRN MRN-9999."
    missing = run_cli("history", "MRN-7001", "--database", str(clinic.with_name("nothing-here.sqlite")))
    assert missing.returncode == 2 and "Traceback" not in missing.stderr


def test_clinic_wide_changes_are_in_the_clinic_history(run_cli, clinic: Path) -> None:  # noqa: ANN001
    from als_desktop.services.clinic_setup import save_clinic_setup

    database = open_database(sqlite_url(clinic))
    try:
        with database.transaction() as session:
            save_clinic_setup(session, {"speaking_rate_wpm": 110}, {"name": "Northfield ALS Clinic"}, "manager.e")
        with database.transaction() as session:
            save_clinic_setup(session, {"speaking_rate_wpm": 105}, {}, "manager.f")
    finally:
        database.close()
    text = history(run_cli, clinic, "--clinic").stdout
    assert text.startswith("History of the clinic settings and details:")
    newest = text.index("manager.f")
    assert newest < text.index("manager.e")
    assert "110" in text[newest:] and "105" in text[newest:]
    assert "Northfield ALS Clinic" in text
    assert "MRN-7001" not in text and "Weight" not in text  # a patient's changes are in their own history
    both = run_cli("history", "MRN-7001", "--clinic", "--database", str(clinic))
    assert both.returncode != 0 and "not both" in both.stderr

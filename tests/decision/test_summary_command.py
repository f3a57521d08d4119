"""`als-desktop summary MRN [--json]` run as a real process on a demo clinic."""

from __future__ import annotations

import json
import os
import re
import sqlite3
import subprocess
import sys
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest
from decision_helpers import AUTHOR, DEMO_DAY
from sqlalchemy import select

from als_desktop.cli import PROMPT_KEYS, SUMMARY_KEYS
from als_desktop.config import sqlite_url
from als_desktop.db import Database, open_database
from als_desktop.models import Patient
from als_desktop.services import accounts, patients
from als_desktop.services.decision_support import summary_for
from als_desktop.services.demo_accounts import DEMO_PASSWORD

Run = Callable[..., subprocess.CompletedProcess[str]]
AS_OF = DEMO_DAY.isoformat()


@pytest.fixture(scope="module")
def signin(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    """Signed in as the demo clinic's administrator (a password file only its owner can read)."""
    path = tmp_path_factory.mktemp("signin") / "password"
    path.write_text(DEMO_PASSWORD + "\n", encoding="utf-8")
    path.chmod(0o600)
    return ["--user", "admin", "--password-file", str(path)]


@pytest.fixture
def db(db_path: Path) -> Iterator[Database]:
    """A migrated database whose first administrator is 'admin', as in the demo clinic."""
    database = open_database(sqlite_url(db_path))
    with database.transaction() as session:
        accounts.create_first_administrator(session, "admin", "Test Administrator", DEMO_PASSWORD, "test")
    yield database
    database.close()


@pytest.fixture
def run_cli(home: Path, signin: list[str]) -> Run:
    def run(*args: str) -> subprocess.CompletedProcess[str]:
        environment = {**os.environ, "ALS_DESKTOP_HOME": str(home), "PYTHONIOENCODING": "utf-8"}
        environment.pop("ALS_DESKTOP_DATABASE", None)
        return subprocess.run([sys.executable, "-m", "als_desktop", *signin, *args], capture_output=True,
                              text=True, encoding="utf-8", env=environment, timeout=120,
                              stdin=subprocess.DEVNULL)

    return run


def mrns_with_prompts(clinic: Database) -> list[tuple[str, list[str]]]:
    with clinic.reading() as session:
        found = []
        for patient in session.scalars(select(Patient).order_by(Patient.mrn)):
            prompts = summary_for(session, patient.id, DEMO_DAY).prompts
            found.append((patient.mrn, [p.rule_id for p in prompts]))
    return found


def test_json_summary_has_the_documented_keys_and_the_prompts_the_window_shows(
    run_cli: Run, clinic_file: Path, clinic: Database
) -> None:
    mrn, rule_ids = next((mrn, ids) for mrn, ids in mrns_with_prompts(clinic) if len(ids) >= 2)
    result = run_cli("--database", str(clinic_file), "summary", mrn, "--json", "--as-of", AS_OF)
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    assert tuple(document) == SUMMARY_KEYS
    assert document["patient"]["mrn"] == mrn and document["as_of"] == AS_OF
    assert [p["rule_id"] for p in document["prompts"]] == rule_ids
    for prompt in document["prompts"]:
        assert tuple(prompt) == PROMPT_KEYS
        assert prompt["source"].strip() and prompt["message"].strip()
        assert prompt["severity"] in {"urgent", "action", "due", "info"}
        assert prompt["due_on"] is None or date.fromisoformat(prompt["due_on"])
    measures = document["measures"]
    assert measures["today"] == AS_OF
    for key in ("alsfrs", "kings", "mitos", "delta_frs", "weight_loss_percent", "fvc_sitting", "riluzole_next_alt"):
        assert key in measures
    assert document["settings"]["early_weight_loss_percent"] == 5.0


def test_readable_summary_is_aligned_with_units_and_sources(run_cli: Run, clinic_file: Path, clinic: Database) -> None:
    mrn, rule_ids = next((mrn, ids) for mrn, ids in mrns_with_prompts(clinic) if ids)
    result = run_cli("--database", str(clinic_file), "summary", mrn, "--as-of", AS_OF)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert mrn in lines[0] and lines[1] == f"As of {DEMO_DAY:%d %b %Y}"
    block = lines[lines.index("Measures") + 1:]
    block = block[:block.index("")]
    # Values start in one column: two spaces after the longest label.
    starts = {len(re.match(r"^  (\S.*?)\s{2,}", line).group(0)) for line in block if not line.startswith("    ")}
    assert len(starts) == 1
    text = result.stdout
    assert re.search(r"ALSFRS-R total\s+(\d+/48 \(|not recorded)", text)
    assert re.search(r"Weight loss\s+(\d+(\.\d+)? % of reference weight|not recorded)", text)
    assert f"Prompts ({len(rule_ids)})" in text
    assert text.count("      source: ") == len(rule_ids)


def test_a_patient_with_nothing_recorded_reads_not_recorded(run_cli: Run, db_path: Path, db: Database) -> None:
    with db.transaction() as session:
        patients.create_patient(session, {"mrn": "NEW-1", "given_name": "Robin", "family_name": "Blank",
                                          "date_of_birth": date(1970, 5, 1)}, AUTHOR)
    readable = run_cli("--database", str(db_path), "summary", "NEW-1", "--as-of", "2025-06-02")
    assert readable.returncode == 0, readable.stderr
    for label in ("ALSFRS-R total", "King's stage", "ΔFRS", "Latest weight", "BMI", "Weight loss", "FVC sitting"):
        assert re.search(rf"^  {re.escape(label)}\s+not recorded", readable.stdout, re.MULTILINE), label
    assert "Age" in readable.stdout and "55 years" in readable.stdout
    document = json.loads(run_cli("--database", str(db_path), "summary", "NEW-1", "--json",
                                  "--as-of", "2025-06-02").stdout)
    assert document["measures"]["alsfrs"] is None and document["measures"]["weight_loss_percent"] is None
    assert document["patient"]["date_of_birth"] == "1970-05-01"


def test_unknown_mrn_is_a_clear_error(run_cli: Run, clinic_file: Path) -> None:
    result = run_cli("--database", str(clinic_file), "summary", "NOBODY-9")
    assert result.returncode == 2
    assert result.stderr.strip() == "als-desktop: No patient with MRN NOBODY-9."
    assert result.stdout == "" and "Traceback" not in result.stderr


def test_a_missing_database_is_a_clear_error_and_is_not_created(run_cli: Run, tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.sqlite"
    result = run_cli("--database", str(missing), "summary", "DEMO-00001")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert not missing.exists()


def test_a_bad_date_is_a_usage_error(run_cli: Run, clinic_file: Path) -> None:
    result = run_cli("--database", str(clinic_file), "summary", "DEMO-00001", "--as-of", "02/06/2025")
    assert result.returncode == 2 and "YYYY-MM-DD" in result.stderr


def test_a_voided_patient_is_not_summarised(run_cli: Run, db_path: Path, db: Database) -> None:
    with db.transaction() as session:
        patient = patients.create_patient(session, {"mrn": "DUP-1", "given_name": "Robin", "family_name": "Twice",
                                                    "date_of_birth": date(1970, 5, 1)}, AUTHOR)
        patients.void_patient(session, patient.id, patient.version, "registered twice", AUTHOR)
    result = run_cli("--database", str(db_path), "summary", "DUP-1")
    assert result.returncode == 2 and "voided (registered twice)" in result.stderr


def record_and_trail(path: Path) -> tuple[dict[str, int], list[tuple[str, str, str]]]:
    """Rows per table of the record (not the trail), and the trail's events."""
    with sqlite3.connect(path) as connection:
        tables = [name for (name,) in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
                  if name != "change_history"]
        counts = {name: connection.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0] for name in tables}
        events = connection.execute("SELECT event, outcome, actor FROM change_history WHERE operation = 'event' "
                                    "ORDER BY seq").fetchall()
    connection.close()
    return counts, events


def test_summary_changes_nothing_but_adds_its_opening_to_the_trail(run_cli: Run, clinic_file: Path) -> None:
    counts, events = record_and_trail(clinic_file)
    assert run_cli("--database", sqlite_url(clinic_file), "summary", "DEMO-00001", "--as-of", AS_OF).returncode == 0
    after, events_after = record_and_trail(clinic_file)
    assert after == counts
    assert events_after == [*events, ("sign_in", "done", "admin"), ("open_record", "done", "admin")]

"""An import goes into an existing clinic; a new database is made only with --new-database."""

from __future__ import annotations

from pathlib import Path

from als_desktop.config import sqlite_url
from als_desktop.db import open_database
from als_desktop.services.exchange import export_patient


def test_a_missing_database_is_made_only_when_asked(run_cli, db, patient, tmp_path: Path) -> None:  # noqa: ANN001
    record = tmp_path / "alex.json"
    assert run_cli("export", patient.mrn, "-o", str(record), "--database", str(db.path)).returncode == 0
    elsewhere = tmp_path / "copy.sqlite"

    refused = run_cli("import", str(record), "--database", str(elsewhere))
    assert refused.returncode != 0 and "--new-database" in refused.stderr
    assert not elsewhere.exists()

    made = run_cli("import", str(record), "--new-database", "--database", str(elsewhere))
    assert made.returncode == 0, made.stderr
    copy = open_database(sqlite_url(elsewhere))
    try:
        with copy.reading() as session:
            assert export_patient(session, patient.mrn)["patient"]["family_name"] == "Example"
    finally:
        copy.close()

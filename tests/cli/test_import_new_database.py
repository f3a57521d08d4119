"""An import goes into an existing clinic, as one of its members: a new clinic starts with its
first administrator (`user add --admin --new-database`), who then imports."""

from __future__ import annotations

from pathlib import Path

from cli_helpers import password_file

from als_desktop.config import sqlite_url
from als_desktop.db import open_database
from als_desktop.services.exchange import export_patient


def test_a_missing_database_is_never_made_by_an_import(run_cli, db, patient, tmp_path: Path) -> None:  # noqa: ANN001
    record = tmp_path / "alex.json"
    assert run_cli("export", patient.mrn, "-o", str(record), "--database", str(db.path)).returncode == 0
    elsewhere = tmp_path / "copy.sqlite"

    refused = run_cli("import", str(record), "--database", str(elsewhere))
    assert refused.returncode == 2 and "There is no database at" in refused.stderr
    assert "user add NAME --admin" in refused.stderr
    asked = run_cli("import", str(record), "--new-database", "--database", str(elsewhere))
    assert asked.returncode == 2 and "starts with its first administrator" in asked.stderr
    assert not elsewhere.exists()

    secret = password_file(tmp_path, "copy-admin-password", "admin-password")
    made = run_cli("user", "add", "copy.admin", "--admin", "--full-name", "Copy Administrator", "--role", "nursing",
                   "--new-password-file", str(secret), "--new-database", "--database", str(elsewhere), user=None)
    assert made.returncode == 0, made.stderr
    imported = run_cli("import", str(record), "--database", str(elsewhere), user="copy.admin", password=secret)
    assert imported.returncode == 0, imported.stderr
    copy = open_database(sqlite_url(elsewhere))
    try:
        with copy.reading() as session:
            assert export_patient(session, patient.mrn)["patient"]["family_name"] == "Example"
    finally:
        copy.close()

"""Fixtures shared by every test: a private home folder and a real database file per test."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from als_desktop.config import sqlite_url  # noqa: E402
from als_desktop.db import Database, open_database  # noqa: E402
from als_desktop.models import Patient  # noqa: E402
from als_desktop.services import patients  # noqa: E402

AUTHOR = "test.clinician"


@pytest.fixture(autouse=True)
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own data, log and backup folders; nothing touches the user's."""
    folder = tmp_path / "home"
    monkeypatch.setenv("ALS_DESKTOP_HOME", str(folder))
    monkeypatch.delenv("ALS_DESKTOP_DATABASE", raising=False)
    return folder


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "clinic.sqlite"


@pytest.fixture
def db(db_path: Path) -> Iterator[Database]:
    """A migrated SQLite database in a real file."""
    database = open_database(sqlite_url(db_path))
    yield database
    database.close()


@pytest.fixture
def patient(db: Database) -> Patient:
    with db.transaction() as session:
        return patients.create_patient(
            session,
            {
                "mrn": "MRN-0001",
                "given_name": "Alex",
                "family_name": "Example",
                "date_of_birth": date(1961, 4, 12),
                "sex": "female",
                "height_cm": 168.0,
                "premorbid_weight_kg": 70.0,
                "onset_date": date(2023, 1, 15),
                "onset_region": "bulbar",
                "diagnosis_date": date(2023, 11, 2),
            },
            AUTHOR,
        )

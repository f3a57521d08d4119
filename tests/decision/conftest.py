"""Fixtures for decision support: a demo clinic and a small rule table of the tests' own."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from decision_helpers import DEMO_DAY

from als_desktop.config import sqlite_url
from als_desktop.db import Database, open_database
from als_desktop.services import demo


@pytest.fixture(scope="session")
def clinic_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A 30-patient demo clinic, built once; tests only read it."""
    path = tmp_path_factory.mktemp("clinic") / "demo.sqlite"
    database = open_database(sqlite_url(path))
    demo.populate(database, 30, seed=4, today=DEMO_DAY)
    database.close()
    return path


@pytest.fixture
def clinic(clinic_file: Path) -> Iterator[Database]:
    database = open_database(sqlite_url(clinic_file), migrate=False)
    yield database
    database.close()


@pytest.fixture
def clinic_copy(clinic_file: Path, tmp_path: Path) -> Iterator[Database]:
    """A private copy of the demo clinic, for tests that write."""
    path = tmp_path / "clinic-copy.sqlite"
    shutil.copyfile(clinic_file, path)
    database = open_database(sqlite_url(path), migrate=False)
    yield database
    database.close()

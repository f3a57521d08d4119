"""Helpers shared by the command-line and record-file tests."""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path

from sqlalchemy import func, select

from als_desktop.config import sqlite_url
from als_desktop.db import Database, open_database
from als_desktop.models import Base
from als_desktop.services import demo

# A fixed day makes the demo clinic the same in every run of the suite.
DEMO_DAY = date(2025, 6, 2)
DEMO_PATIENTS = 40


def make_demo(path: Path, patients: int = DEMO_PATIENTS, seed: int = 1, today: date = DEMO_DAY) -> Database:
    database = open_database(sqlite_url(path))
    demo.populate(database, patients, seed=seed, today=today)
    return database


def row_counts(database: Database) -> dict[str, int]:
    with database.reading() as session:
        return {table.name: session.scalar(select(func.count()).select_from(table))
                for table in Base.metadata.sorted_tables}


def file_hash(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()

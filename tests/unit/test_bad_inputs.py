"""Bad inputs through every door (the use-case functions and the record-file import), one row each,
on SQLite (the doors and the table of cases are in tests/bad_input_cases.py).

Each case is (door, field, value, words): the door is refused with a ValidationError keyed by
the field (for an import, the field's path in the file), whose message holds each of `words`
(the field named in words and the rule broken), and the database is unchanged: the hash of
every table's rows is the same before and after.
"""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from bad_input_cases import CASES, DOORS, Clinic, assert_refused, case_id, fill_clinic

from als_desktop.config import sqlite_url
from als_desktop.db import open_database

# ---------------------------------------------------------------------------- the clinic they meet


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    """The clinic of bad_input_cases.fill_clinic in a file, built once, copied per case."""
    folder = tmp_path_factory.mktemp("bad-inputs")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("ALS_DESKTOP_HOME", str(folder / "home"))
        database = open_database(sqlite_url(folder / "template.sqlite"))
        made = fill_clinic(database)
        database.close()
    return folder / "template.sqlite", made


@pytest.fixture
def clinic(template: tuple[Path, dict[str, Any]], tmp_path: Path) -> Iterator[Clinic]:
    source, made = template
    path = tmp_path / "clinic.sqlite"
    shutil.copyfile(source, path)
    database = open_database(sqlite_url(path))
    yield Clinic(database, made["ids"], made["document"], path)
    database.close()


def table_hash(path: Path) -> str:
    """SHA-256 of every row of every table, in a fixed order."""
    digest = hashlib.sha256()
    with sqlite3.connect(path) as connection:
        tables = [row[0] for row in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
        for table in tables:
            rows = sorted(repr(row) for row in connection.execute(f'SELECT * FROM "{table}"'))
            digest.update(f"{table}:{len(rows)}\n".encode())
            for row in rows:
                digest.update(row.encode() + b"\n")
    connection.close()
    return digest.hexdigest()


def test_there_are_enough_cases() -> None:
    assert len(CASES) >= 120
    assert {door for door, *_ in CASES} == set(DOORS)


@pytest.mark.parametrize("case", CASES, ids=[case_id(case) for case in CASES])
def test_bad_input_is_refused_by_name_and_changes_nothing(
    clinic: Clinic, case: tuple[str, str, Any, tuple[str, ...]]
) -> None:
    assert_refused(clinic, case, lambda: table_hash(clinic.path))

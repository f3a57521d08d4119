"""Record files mutated by Hypothesis: a real exported record with values replaced by text, huge
numbers, nested objects, nulls and control characters, keys dropped or added, nesting deepened.

Whatever the file holds, an import either is refused clearly (RecordFileError when the file cannot
be read as a record, ValidationError with a message per bad field, ImportConflict listing the
rows) or succeeds within the rules: what it stored can be exported again, and that export imports
again without a problem. Nothing else is ever raised; through the command, the exit status is 0,
2 or 3 with the messages on stderr and never a traceback, and a refused file changes nothing.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from bad_input_cases import AUTHOR, database_hash, fill_clinic
from cli_helpers import TEST_USER, add_test_account, password_file
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from als_desktop.config import sqlite_url
from als_desktop.db import Database, open_database
from als_desktop.services.errors import ValidationError
from als_desktop.services.exchange import (
    ImportConflict,
    RecordFileError,
    export_patient,
    import_record_file,
)

Place = tuple[Any, ...]

# Values a careless program or a hostile hand might write into a record file.
TEXTS = st.one_of(
    st.text(max_size=40),
    st.sampled_from([
        "", " ", "\x00", "A\x00B", "\x1b[31m", "Al\nex", "\r\n", "\u202eX", "\u2066", "\u200b", "\ufeff",
        "\ud800", "2024-02-30", "garbage", "20240101", "2024-01-01T00:00:00", "not-a-uuid", "1e400", "NaN",
        "-5", "x" * 5_000, "MRN-0002", "mrn-0001", "DEMO-00001\r\n", "<font size=40>X</font>",
        "00000000-0000-0000-0000-000000000000", "2999-01-01", "1800-01-01",
    ]),
)
NUMBERS = st.one_of(
    st.integers(min_value=-(10**30), max_value=10**30),
    st.sampled_from([10**400, -(10**400), -1, 0, 1, 2.5, 12.5, 100.5, 1e308, -0.0]),
    st.floats(allow_nan=True, allow_infinity=True),
)
LEAVES = st.one_of(st.none(), st.booleans(), TEXTS, NUMBERS)
VALUES = st.recursive(
    LEAVES,
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=8), inner, max_size=3)),
    max_leaves=8,
)


def places(node: Any, prefix: Place = ()) -> list[Place]:
    """Every place in the document: each key of each object and each item of each list."""
    found: list[Place] = []
    children = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else ()
    for key, child in children:
        found.append((*prefix, key))
        found.extend(places(child, (*prefix, key)))
    return found


def parent_of(document: Any, place: Place) -> Any:
    node = document
    for key in place[:-1]:
        node = node[key]
    return node


@st.composite
def mutated(draw: st.DrawFn, document: dict[str, Any]) -> Any:
    """The document with one to four changes, each drawn where the previous ones left it."""
    document = json.loads(json.dumps(document))
    for _ in range(draw(st.integers(min_value=1, max_value=4))):
        spots = places(document)
        if not spots or draw(st.integers(min_value=0, max_value=40)) == 0:
            document = draw(VALUES)  # the whole file is something else
            continue
        place = draw(st.sampled_from(spots))
        parent, key = parent_of(document, place), place[-1]
        how = draw(st.sampled_from(["replace", "replace", "replace", "drop", "deepen", "add", "grow"]))
        if how == "replace":
            parent[key] = draw(VALUES)
        elif how == "drop":
            del parent[key]
        elif how == "deepen":
            value = parent[key]
            for _level in range(draw(st.integers(min_value=1, max_value=40))):
                value = draw(st.sampled_from([[value], {"value": value}]))
            parent[key] = value
        elif how == "add" and isinstance(parent, dict):
            parent[draw(st.text(min_size=1, max_size=12))] = draw(VALUES)
        elif how == "grow" and isinstance(parent[key], list) and parent[key]:
            # One more row like one already there (the same id: a second copy of a record).
            parent[key].append(json.loads(json.dumps(draw(st.sampled_from(parent[key])))))
    return document


def write(document: Any, path: Path) -> Path:
    # allow_nan: a careless writer puts NaN and Infinity in; ensure_ascii keeps a lone surrogate as \ud800.
    path.write_text(json.dumps(document, allow_nan=True), encoding="utf-8")
    return path


# ---------------------------------------------------------------------------- the clinics


@pytest.fixture(scope="module")
def clinics(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """The clinic of the bad-input suite (its patient's record exported) and an empty clinic."""
    folder = tmp_path_factory.mktemp("fuzzed-record-files")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("ALS_DESKTOP_HOME", str(folder / "home"))
        full = open_database(sqlite_url(folder / "clinic.sqlite"))
        made = fill_clinic(full)
        empty = open_database(sqlite_url(folder / "empty.sqlite"))
        yield {"folder": folder, "full": full, "empty": empty, "document": made["document"]}
        full.close()
        empty.close()


def import_and_check(database: Database, path: Path) -> str:
    """Import the file in a transaction that is always rolled back; what happened, in a word."""
    session = database.reading()
    try:
        try:
            result = import_record_file(session, path, AUTHOR)
        except RecordFileError as refusal:
            assert refusal.lines and all(isinstance(line, str) and line.strip() for line in refusal.lines)
            return "unreadable"
        except ImportConflict as conflict:
            assert conflict.conflicts and str(conflict).strip()
            return "conflict"
        except ValidationError as refusal:
            assert refusal.errors, "a refusal without a message"
            for where, message in refusal.errors.items():
                assert isinstance(where, str) and where.strip(), refusal.errors
                assert isinstance(message, str) and message.strip(), refusal.errors
            return "refused"
        session.flush()
        # Within the rules: what came in is read back, exported, and that export passes the same door.
        exported = export_patient(session, result.mrn)
        again = write(exported, path.with_suffix(".again.json"))
        import_record_file(session, again, AUTHOR)
        return "imported"
    finally:
        session.rollback()
        session.close()


FUZZ = settings(max_examples=150, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@pytest.mark.parametrize("clinic", ["full", "empty"])
def test_an_import_of_a_mutated_record_is_refused_clearly_or_keeps_the_rules(
    clinics: dict[str, Any], clinic: str
) -> None:
    database: Database = clinics[clinic]
    before = database_hash(database)
    outcomes: dict[str, int] = {}
    path = clinics["folder"] / f"mutated-{clinic}.json"

    @FUZZ
    @given(document=mutated(clinics["document"]))
    def import_it(document: Any) -> None:
        outcome = import_and_check(database, write(document, path))
        outcomes[outcome] = outcomes.get(outcome, 0) + 1

    import_it()
    # Rolled back every time: the clinic is as it was. The mutations reached the checks.
    assert database_hash(database) == before
    assert outcomes.get("refused", 0) > 0, outcomes


def test_the_unmutated_record_imports(clinics: dict[str, Any]) -> None:
    """The starting point itself is good: into the empty clinic it creates the patient."""
    path = write(clinics["document"], clinics["folder"] / "as-exported.json")
    assert import_and_check(clinics["empty"], path) == "imported"


# ---------------------------------------------------------------------------- through the command


@pytest.fixture(scope="module")
def command_clinic(clinics: dict[str, Any]) -> Path:
    path = clinics["folder"] / "command.sqlite"
    shutil.copyfile(clinics["folder"] / "clinic.sqlite", path)
    database = open_database(sqlite_url(path))
    add_test_account(database)
    database.close()
    password_file(clinics["folder"])
    return path


def import_command(file: Path, database: Path, home: Path) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "ALS_DESKTOP_HOME": str(home), "PYTHONIOENCODING": "utf-8"}
    environment.pop("ALS_DESKTOP_DATABASE", None)
    signin = ["--user", TEST_USER, "--password-file", str(database.parent / "password")]
    return subprocess.run([sys.executable, "-m", "als_desktop", *signin, "import", str(file), "--database",
                           str(database)], capture_output=True, text=True, encoding="utf-8", env=environment,
                          timeout=120, stdin=subprocess.DEVNULL)


def test_the_command_refuses_mutated_files_in_words(clinics: dict[str, Any], command_clinic: Path) -> None:
    folder = clinics["folder"]
    seen: list[int] = []

    @settings(max_examples=8, deadline=None, derandomize=True,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(document=mutated(clinics["document"]))
    def import_it(document: Any) -> None:
        file = write(document, folder / "command-input.json")
        before = database_hash_of(command_clinic)
        result = import_command(file, command_clinic, folder / "home")
        seen.append(result.returncode)
        assert result.returncode in (0, 2, 3), (result.returncode, result.stderr)
        assert "Traceback" not in result.stderr and "unexpected error" not in result.stderr, result.stderr
        if result.returncode:
            assert result.stderr.startswith("als-desktop: "), result.stderr
            assert "Nothing was" in result.stderr, result.stderr
            assert database_hash_of(command_clinic) == before

    import_it()
    assert 2 in seen, seen


def database_hash_of(path: Path) -> str:
    """SHA-256 of the record's rows, leaving out what a refused import still adds: the audit
    events (its sign-in and its failure) and the account's sign-in bookkeeping."""
    digest = hashlib.sha256()
    with sqlite3.connect(path) as connection:
        names = sorted(name for (name,) in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
                       if name != "accounts")
        for name in names:
            where = " WHERE operation != 'event'" if name == "change_history" else ""
            rows = sorted(repr(row) for row in connection.execute(f'SELECT * FROM "{name}"{where}'))
            digest.update(f"{name}:{len(rows)}\n".encode())
            for row in rows:
                digest.update(row.encode() + b"\n")
    connection.close()
    return digest.hexdigest()


def test_non_finite_numbers_and_lone_surrogates_reach_the_checks(clinics: dict[str, Any]) -> None:
    """JSON as Python writes it by default (NaN, Infinity, \\ud800) is read, then refused by field."""
    document = json.loads(json.dumps(clinics["document"]))
    document["patient"]["height_cm"] = math.nan
    document["patient"]["given_name"] = "Al\ud800ex"
    document["patient"]["date_of_birth"] = date(1961, 4, 12).isoformat()
    path = write(document, clinics["folder"] / "non-finite.json")
    session = clinics["full"].reading()
    try:
        with pytest.raises(ValidationError) as refusal:
            import_record_file(session, path, AUTHOR)
    finally:
        session.rollback()
        session.close()
    messages = " ".join(refusal.value.errors.values())
    assert "Height" in messages and "number" in messages
    assert "Given name" in messages and "broken character" in messages


# ---------------------------------------------------------------------------- found by the fuzzing

# Each was found by running the mutations above with random seeds: the importer raised a bare
# Python error instead of a refusal naming the field.
CRASHES = [
    pytest.param("empty", ("patient", "height_cm"), 10**400, id="huge-number"),
    pytest.param("full", ("patient", "visits", 0, "weights", 0, "weight_kg"), -(10**400), id="huge-weight"),
    pytest.param("full", ("patient", "visits", 0, "id"), "\ud800", id="broken-id"),
    pytest.param("empty", ("patient", "version"), 10**30, id="huge-version"),
]


@pytest.mark.parametrize(("clinic", "place", "value"), CRASHES)
def test_a_value_that_crashes_the_importer_is_refused_instead(
    clinics: dict[str, Any], clinic: str, place: Place, value: Any
) -> None:
    document = json.loads(json.dumps(clinics["document"]))
    parent_of(document, place)[place[-1]] = value
    path = write(document, clinics["folder"] / f"crash-{clinic}.json")
    assert import_and_check(clinics[clinic], path) == "refused"

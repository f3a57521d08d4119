"""The log file leaks no password, key or patient name, and text someone typed cannot forge a line.

Every test reads the real rotating log file the program writes under ALS_DESKTOP_HOME.
"""

from __future__ import annotations

import logging
import os
import re
import subprocess
import sys
import threading
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from als_desktop import config
from als_desktop.logging_setup import (
    TRACE_PREFIX,
    install_crash_handler,
    loggable_url,
    mask_secrets,
    one_line,
    setup_logging,
)
from als_desktop.services import patients, visits

PASSWORD = "s3cret-Pw"
SERVER_URL = f"postgresql+psycopg://clinic_user:{PASSWORD}@127.0.0.1:1/als_clinic"
FORGED = "X\nERROR   als_desktop.db: forged event"
# A line of the program's own starts with the time; anything else continues a traceback.
EVENT_START = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} ")

log = logging.getLogger("als_desktop.test_log_safety")


@pytest.fixture
def log_file() -> Iterator[Path]:
    """The program's log file under the test's home, as the window and the commands set it up."""
    path = setup_logging(config.paths().log_file)
    yield path
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, "baseFilename", None) == str(path.resolve()):
            root.removeHandler(handler)
            handler.close()


def logged(path: Path) -> str:
    for handler in logging.getLogger().handlers:
        handler.flush()
    return path.read_text(encoding="utf-8")


def events(path: Path) -> list[str]:
    """Each line of the log is an event of its own or the continuation of a traceback."""
    lines = logged(path).splitlines()
    assert all(EVENT_START.match(line) or line.startswith(TRACE_PREFIX) for line in lines), lines
    return [line for line in lines if EVENT_START.match(line)]


def run_command(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "ALS_DESKTOP_HOME": str(home), "PYTHONIOENCODING": "utf-8"}
    environment.pop("ALS_DESKTOP_DATABASE", None)
    return subprocess.run([sys.executable, "-m", "als_desktop", *args], capture_output=True, text=True,
                          encoding="utf-8", env=environment, timeout=120, check=False)


# ------------------------------------------------------------------------- passwords and keys


def test_a_server_password_never_reaches_the_log_of_a_command(home: Path) -> None:
    result = run_command(home, "summary", "MRN-1", "--database", SERVER_URL)
    assert result.returncode != 0
    text_logged = (home / "logs" / "als-desktop.log").read_text(encoding="utf-8")
    assert "clinic_user:***@127.0.0.1" in text_logged  # the URL is there, for support
    assert PASSWORD not in text_logged
    assert PASSWORD not in result.stderr


def test_an_exception_carrying_a_url_is_logged_with_the_password_hidden(log_file: Path) -> None:
    try:
        raise ConnectionError(f"could not reach {SERVER_URL}")
    except ConnectionError:
        log.exception("the server of %s did not answer", SERVER_URL)
    text_logged = logged(log_file)
    assert "Traceback" in text_logged and "could not reach postgresql+psycopg://clinic_user:***@" in text_logged
    assert PASSWORD not in text_logged


@pytest.mark.parametrize("secret_text", [
    f"sqlite+pysqlcipher://:{PASSWORD}@/clinic.db",
    f"host=db user=clinic password={PASSWORD} dbname=als",
    f"PRAGMA key = '{PASSWORD}'",
    f"postgresql://clinic:{PASSWORD}@with@sign@db/als",
])
def test_keys_and_passwords_in_any_form_are_masked(log_file: Path, secret_text: str) -> None:
    log.warning("connecting with %s", secret_text)
    assert PASSWORD not in logged(log_file)
    assert "***" in logged(log_file)


def test_the_crash_handler_logs_and_shows_no_password(log_file: Path) -> None:
    shown: list[str] = []
    previous_hooks = sys.excepthook, threading.excepthook
    install_crash_handler(log_file, report=lambda summary, _path: shown.append(summary))
    try:
        try:
            raise RuntimeError(f"lost {SERVER_URL}\nERROR forged crash line")
        except RuntimeError:
            sys.excepthook(*sys.exc_info())
    finally:
        sys.excepthook, threading.excepthook = previous_hooks
    text_logged = logged(log_file)
    assert "unexpected error" in text_logged and PASSWORD not in text_logged
    assert shown and PASSWORD not in shown[0]
    # The exception's own line break continues the traceback; it does not start an event.
    assert not any("forged crash line" in line for line in events(log_file))


def test_a_refused_row_is_logged_without_its_values(db, log_file: Path) -> None:
    """SQLAlchemy writes the statement's parameters into its error text: a name among them."""
    with db.transaction() as session:
        patients.create_patient(session, {"mrn": "MRN-0042", "given_name": "Quentin", "family_name": "Zebedee",
                                          "date_of_birth": date(1960, 1, 1), "sex": "male"}, "setup")
    with pytest.raises(IntegrityError) as refused, db.engine.begin() as connection:
        row = connection.execute(text("SELECT * FROM patients")).mappings().one()
        connection.execute(text("INSERT INTO patients (id, mrn, given_name, family_name) "
                                "VALUES (:id, :mrn, :given, :family)"),
                           {"id": row["id"], "mrn": "MRN-0042", "given": "Quentin", "family": "Zebedee"})
    assert "Zebedee" in str(refused.value), "the driver's text holds the name"
    log.error("the database refused a row: %s", refused.value, exc_info=refused.value)
    text_logged = logged(log_file)
    assert "[parameters: ***]" in text_logged
    assert "Zebedee" not in text_logged and "Quentin" not in text_logged


def test_postgresql_row_details_are_masked() -> None:
    detail = ('new row for relation "patients" violates check constraint "ck_patients_given_name"\n'
              "DETAIL:  Failing row contains (1f0c, MRN-7, Zebedee, Quentin, 1960-01-01).\n"
              "DETAIL:  Key (mrn)=(MRN-7) already exists.")
    masked = mask_secrets(detail)
    assert "Zebedee" not in masked and "MRN-7" not in masked
    assert "Failing row contains (***)" in masked and "Key (mrn)=(***) already exists." in masked


def test_loggable_url_hides_the_password_and_keeps_a_path() -> None:
    assert loggable_url(SERVER_URL) == "postgresql+psycopg://clinic_user:***@127.0.0.1:1/als_clinic"
    assert loggable_url("/srv/clinic data/clinic.sqlite") == "/srv/clinic data/clinic.sqlite"
    assert loggable_url("sqlite:////srv/clinic.sqlite") == "sqlite:////srv/clinic.sqlite"


# --------------------------------------------------------------------------- forged lines


@pytest.mark.parametrize("typed", [
    FORGED,
    "X\r\nERROR forged",
    "X\x1b[2K\rERROR forged",  # an escape sequence that would erase the line in a terminal
    "X\u2028ERROR forged",  # a Unicode line separator, which some viewers break on
    "X\x85ERROR forged",
    "X\u202eERROR forged",  # a right-to-left override reorders what the reader sees
])
def test_typed_text_cannot_start_a_log_line(log_file: Path, typed: str) -> None:
    log.info("family name %s saved", typed)
    [event] = [line for line in events(log_file) if "family name" in line]
    assert "ERROR forged" in event or "forged event" in event  # kept, visibly, on the one line
    assert event == one_line(event)
    assert len(logged(log_file).splitlines()) == len(events(log_file))


def test_typed_text_in_the_message_itself_is_escaped(log_file: Path) -> None:
    log.warning(f"note {FORGED}")  # a message built with an f-string, not with arguments
    [event] = events(log_file)
    assert event.endswith("note X\\nERROR   als_desktop.db: forged event")


def test_a_traceback_continues_its_event_and_cannot_forge_one(log_file: Path) -> None:
    try:
        raise ValueError(f"bad name {FORGED}")
    except ValueError:
        log.exception("could not save")
    assert [line for line in events(log_file) if "forged" in line] == []
    assert any(line.startswith(TRACE_PREFIX) and "forged event" in line for line in logged(log_file).splitlines())


def test_one_line_keeps_ordinary_text() -> None:
    assert one_line("Zoë O'Brien-Łukasz\t(ALSFRS-R 38/48)") == "Zoë O'Brien-Łukasz\t(ALSFRS-R 38/48)"
    assert one_line("a\nb\rc\x00d\x1be") == "a\\nb\\rc\\x00d\\x1be"


# ---------------------------------------------------------------------------- patient names


def test_commands_write_no_patient_name_to_the_log(home: Path, tmp_path: Path, db_path: Path, db) -> None:
    with db.transaction() as session:
        patient = patients.create_patient(session, {
            "mrn": "MRN-0777", "given_name": "Quentin", "family_name": "Zebedee",
            "date_of_birth": date(1960, 1, 1), "sex": "male"}, "setup")
        visits.create_visit(session, patient.id, {"visit_date": date(2024, 3, 4), "site": "Main clinic"}, "setup")
    db.close()
    record = tmp_path / "Zebedee-record.json"
    for args in (("summary", "MRN-0777"), ("export", "MRN-0777", "-o", str(record)),
                 ("history", "MRN-0777"), ("report", "MRN-0777", "-o", str(tmp_path)),
                 ("summary", "Zebedee"), ("import", str(tmp_path / "missing-Zebedee.json"))):
        run_command(home, *args, "--database", str(db_path))
    text_logged = (home / "logs" / "als-desktop.log").read_text(encoding="utf-8")
    assert text_logged.count("ALS Clinic Desktop") >= 6, "every command logged its start"
    assert "Zebedee" not in text_logged and "Quentin" not in text_logged

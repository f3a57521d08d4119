"""The command line acts as a signed-in person: the first administrator, `user` commands,
wrong passwords and waits, a password of one's own, no author from the environment, and the
audit events of what the commands read and wrote."""

from __future__ import annotations

import json
import shutil
import subprocess
import uuid
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from cli_helpers import TEST_USER, audit_events, password_file, record_counts
from sqlalchemy import select

from als_desktop.config import sqlite_url
from als_desktop.db import open_database
from als_desktop.domain.roles import ROLES
from als_desktop.models import Account, Patient
from als_desktop.models.history import ChangeEntry
from als_desktop.services import accounts, patients
from als_desktop.services.writer import Actor

Run = Callable[..., subprocess.CompletedProcess[str]]
BOSS, KIM = "boss", "kim.nurse"
MRN = "ACC-0001"


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A clinic made once (hashing passwords is slow): its first administrator `boss` (every
    role), a nurse `kim.nurse` who has chosen her password, and one patient."""
    folder = tmp_path_factory.mktemp("accounts")
    path = folder / "clinic.sqlite"
    database = open_database(sqlite_url(path))
    with database.transaction() as session:
        accounts.create_first_administrator(session, BOSS, "Pat Boss", "boss-password-1", "setup",
                                            other_roles=tuple(code for code in ROLES if code != "administrator"))
        accounts.add_account(session, Actor("setup", "setup"), KIM, "Kim Nurse", ("nursing",), "kim-password-1")
        session.scalar(select(Account).where(Account.user_name == KIM)).must_change_password = False
        patients.create_patient(session, {"mrn": MRN, "given_name": "Lee", "family_name": "Audit",
                                          "date_of_birth": date(1959, 7, 1)}, "setup")
    database.close()
    return path


@pytest.fixture
def clinic(template: Path, tmp_path: Path) -> Path:
    path = tmp_path / "clinic.sqlite"
    shutil.copyfile(template, path)
    return path


@pytest.fixture
def secrets(tmp_path: Path) -> dict[str, Path]:
    folder = tmp_path / "secrets"
    folder.mkdir()
    return {BOSS: password_file(folder, "boss-password-1", "boss"), KIM: password_file(folder, "kim-password-1", "kim"),
            "wrong": password_file(folder, "not-the-password", "wrong")}


def as_user(run_cli: Run, secrets: dict[str, Path], user: str, *args: str, password: str | None = None,
            **options: object) -> subprocess.CompletedProcess[str]:
    return run_cli(*args, user=user, password=secrets[password or user], **options)


def refused(result: subprocess.CompletedProcess[str], *words: str) -> None:
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    for word in words:
        assert word in result.stderr, result.stderr


# ---------------------------------------------------------------------------- first administrator


def test_a_new_clinic_starts_with_its_first_administrator(run_cli: Run, tmp_path: Path) -> None:
    new = tmp_path / "new.sqlite"
    secret = password_file(tmp_path, "first-admin-password")
    add = ["user", "add", BOSS, "--full-name", "Pat Boss", "--role", "neurology", "--new-password-file", str(secret),
           "--new-database", "--database", str(new)]

    refused(run_cli(*add, user=None), "first administrator", "--admin")
    assert not new.exists()
    made = run_cli(*add, "--admin", user=None)
    assert made.returncode == 0, made.stderr
    assert "first administrator: Pat Boss (boss; Neurology, Administrator)" in made.stdout

    listed = run_cli("user", "list", "--database", str(new), user=BOSS, password=secret)
    assert listed.returncode == 0, listed.stderr
    [line] = [line for line in listed.stdout.splitlines() if line.startswith(BOSS)]
    assert "Pat Boss" in line and "neurology, administrator" in line and line.endswith("active")
    # Once there is an account, adding one takes an administrator signed in.
    refused(run_cli("user", "add", "second", "--admin", "--full-name", "Sam Second", "--new-password-file",
                    str(secret), "--database", str(new), user=None), "Sign in first", "--user NAME")
    assert audit_events(new) == [("account", "done", BOSS), ("sign_in", "done", BOSS)]


def test_a_clinic_without_accounts_opens_no_patient(run_cli: Run, tmp_path: Path) -> None:
    path = tmp_path / "clinic.sqlite"
    open_database(sqlite_url(path)).close()
    for command in (["summary", MRN], ["export", MRN], ["history", MRN]):
        refused(run_cli(*command, "--database", str(path)), "This clinic has no accounts yet",
                "als-desktop user add NAME --admin")
    refused(run_cli("user", "list", "--database", str(path), user=None), "no accounts yet")


# ---------------------------------------------------------------------------- managing accounts


def test_an_administrator_adds_lists_disables_enables_and_resets(run_cli: Run, clinic: Path, tmp_path: Path,
                                                                   secrets: dict[str, Path]) -> None:
    at = ["--database", str(clinic)]
    temporary, own = password_file(tmp_path, "temporary-pass-1", "temp"), password_file(tmp_path, "anns-own-pass", "own")
    added = as_user(run_cli, secrets, BOSS, "user", "add", "ann", "--full-name", "Ann Dietitian", "--role",
                    "nutrition", "--new-password-file", str(temporary), *at)
    assert added.returncode == 0, added.stderr
    assert "temporary" in added.stdout
    listing = as_user(run_cli, secrets, BOSS, "user", "list", *at).stdout
    assert next(line for line in listing.splitlines() if line.startswith("ann ")).endswith("must change password")

    # The temporary password opens nothing but the change of password.
    refused(run_cli("summary", MRN, *at, user="ann", password=temporary), "must choose its own password",
            "als-desktop user password --user ann")
    changed = run_cli("user", "password", "--new-password-file", str(own), *at, user="ann", password=temporary)
    assert changed.returncode == 0, changed.stderr
    assert run_cli("summary", MRN, *at, user="ann", password=own).returncode == 0
    refused(run_cli("user", "list", *at, user="ann", password=own), "Only an administrator")

    assert as_user(run_cli, secrets, BOSS, "user", "disable", "ann", *at).returncode == 0
    refused(run_cli("summary", MRN, *at, user="ann", password=own), "This account is disabled")
    assert "disabled" in as_user(run_cli, secrets, BOSS, "user", "list", *at).stdout
    assert as_user(run_cli, secrets, BOSS, "user", "enable", "ann", *at).returncode == 0
    reset = as_user(run_cli, secrets, BOSS, "user", "reset-password", "ann", "--new-password-file", str(temporary), *at)
    assert reset.returncode == 0, reset.stderr
    refused(run_cli("summary", MRN, *at, user="ann", password=own), "user name or password is not right")
    refused(run_cli("summary", MRN, *at, user="ann", password=temporary), "must choose its own password")
    roles = as_user(run_cli, secrets, BOSS, "user", "roles", "ann", "--role", "nutrition", "--role", "nursing", *at)
    assert roles.returncode == 0, roles.stderr
    assert "nutrition, nursing" in as_user(run_cli, secrets, BOSS, "user", "list", *at).stdout
    refused(as_user(run_cli, secrets, BOSS, "user", "disable", BOSS, *at), "your own account")


# ---------------------------------------------------------------------------- wrong passwords


def test_a_wrong_password_reads_and_writes_nothing_and_stays_in_the_trail(
        run_cli: Run, clinic: Path, tmp_path: Path, secrets: dict[str, Path], home: Path) -> None:
    before = record_counts(clinic)
    out = tmp_path / "record.json"
    result = as_user(run_cli, secrets, BOSS, "export", MRN, "-o", str(out), "--database", str(clinic),
                     password="wrong")
    refused(result, "Not signed in: The user name or password is not right.", "Nothing was read or changed.")
    assert result.stdout == "" and not out.exists()
    nobody = as_user(run_cli, secrets, "nobody", "summary", MRN, "--database", str(clinic), password="wrong")
    refused(nobody, "The user name or password is not right.")  # the same words: no hint of which names exist
    assert record_counts(clinic) == before
    assert audit_events(clinic)[-2:] == [("sign_in_failed", "refused", BOSS), ("sign_in_failed", "refused", "nobody")]
    assert "not-the-password" not in (home / "logs" / "als-desktop.log").read_text(encoding="utf-8")


def test_after_five_failures_the_account_waits_until_an_administrator_unlocks_it(
        run_cli: Run, clinic: Path, secrets: dict[str, Path]) -> None:
    at = ["summary", MRN, "--database", str(clinic)]
    for attempt in range(1, 6):
        result = as_user(run_cli, secrets, KIM, *at, password="wrong")
        refused(result, "not right")
        assert ("waits before the next try" in result.stderr) == (attempt == 5)
    refused(as_user(run_cli, secrets, KIM, *at), "waits before the next try", "ask an administrator to unlock it")
    assert "waiting until" in as_user(run_cli, secrets, BOSS, "user", "list", "--database", str(clinic)).stdout

    unlocked = as_user(run_cli, secrets, BOSS, "user", "unlock", KIM, "--database", str(clinic))
    assert unlocked.returncode == 0, unlocked.stderr
    assert as_user(run_cli, secrets, KIM, *at).returncode == 0
    events = audit_events(clinic)
    assert events.count(("sign_in_failed", "refused", KIM)) == 6
    assert ("account", "done", BOSS) in events and events[-2:] == [("sign_in", "done", KIM), ("open_record", "done", KIM)]


# ---------------------------------------------------------------------------- who the author is


def test_the_author_is_the_signed_in_account_never_the_environment(
        run_cli: Run, clinic: Path, tmp_path: Path, secrets: dict[str, Path]) -> None:
    anyone = {"LOGNAME": "anyone", "USER": "anyone", "USERNAME": "anyone", "ALS_DESKTOP_USER": "anyone"}
    record = tmp_path / "record.json"
    assert as_user(run_cli, secrets, BOSS, "export", MRN, "-o", str(record), "--database", str(clinic)).returncode == 0
    document = json.loads(record.read_text(encoding="utf-8"))
    document["patient"]["notes"] = "Prefers morning appointments."
    record.write_text(json.dumps(document), encoding="utf-8")

    # The environment names someone, but no one signed in: refused.
    refused(run_cli("import", str(record), "--database", str(clinic), user=None, env={**anyone, "USER": BOSS}),
            "Sign in first")
    imported = as_user(run_cli, secrets, BOSS, "import", str(record), "--database", str(clinic), env=anyone)
    assert imported.returncode == 0, imported.stderr
    history = as_user(run_cli, secrets, BOSS, "history", MRN, "--json", "--database", str(clinic), env=anyone)
    newest = json.loads(history.stdout)["entries"][0]
    assert (newest["operation"], newest["actor"]) == ("change", BOSS)
    assert "anyone" not in {actor for _event, _outcome, actor in audit_events(clinic)}


def test_without_a_terminal_the_password_comes_from_a_private_file(
        run_cli: Run, clinic: Path, tmp_path: Path) -> None:
    before = audit_events(clinic)
    no_file = run_cli("--user", BOSS, "summary", MRN, "--database", str(clinic), user=None)
    refused(no_file, "There is no terminal to ask for the password", "--password-file FILE")
    shared = password_file(tmp_path, "boss-password-1", "shared")
    shared.chmod(0o644)
    readable = run_cli("summary", MRN, "--database", str(clinic), user=BOSS, password=shared)
    refused(readable, f"The password file {shared} can be read by other accounts", "(permissions 0644)",
            f"chmod 600 {shared}")
    assert readable.stdout == ""
    assert audit_events(clinic) == before  # no password, no attempt


# ---------------------------------------------------------------------------- audit events


def events_of(path: Path) -> list[tuple[str, str, str, uuid.UUID | None, str | None]]:
    database = open_database(sqlite_url(path), create=False, migrate=False)
    try:
        with database.reading() as session:
            return [tuple(row) for row in session.execute(
                select(ChangeEntry.event, ChangeEntry.outcome, ChangeEntry.actor, ChangeEntry.patient_id,
                       ChangeEntry.source).where(ChangeEntry.operation == "event",
                                                 ChangeEntry.event != "sign_in").order_by(ChangeEntry.seq))]
    finally:
        database.close()


def test_exports_reports_imports_and_readings_are_audit_events(run_cli: Run, demo_copy: Path, tmp_path: Path) -> None:
    database = open_database(sqlite_url(demo_copy), migrate=False)
    with database.reading() as session:
        patient_id = session.scalar(select(Patient.id).where(Patient.mrn == "DEMO-00002"))
    database.close()
    at = ["--database", str(demo_copy)]
    before = events_of(demo_copy)
    record, plan = tmp_path / "DEMO-00002.json", tmp_path / "plan.pdf"
    for command in (["export", "DEMO-00002", "-o", str(record)], ["export", "DEMO-00002"],
                    ["report", "DEMO-00002", "-o", str(plan)], ["import", str(record)],
                    ["summary", "DEMO-00002"], ["history", "DEMO-00002"], ["export", "NOBODY-1"]):
        result = run_cli(*command, *at)
        assert result.returncode == (2 if "NOBODY-1" in command else 0), (command, result.stderr)

    assert events_of(demo_copy)[len(before):] == [
        ("export", "done", TEST_USER, patient_id, str(record)),
        ("export", "done", TEST_USER, patient_id, "standard output"),
        ("report", "done", TEST_USER, patient_id, str(plan)),
        ("import", "done", TEST_USER, patient_id, record.name),
        ("open_record", "done", TEST_USER, patient_id, None),
        ("open_record", "done", TEST_USER, patient_id, None),
        ("export", "failed", TEST_USER, None, "standard output"),
    ]


# ---------------------------------------------------------------------------- the demo clinic


def test_a_demo_needs_no_sign_in_but_a_real_clinic_does(run_cli: Run, clinic: Path, tmp_path: Path) -> None:
    demo = run_cli("demo", "--patients", "1", "--database", str(tmp_path / "demo.sqlite"), user=None)
    assert demo.returncode == 0, demo.stderr
    assert "Demo accounts: admin, coordinator" in demo.stdout and "demo-clinic" in demo.stdout
    again = run_cli("demo", "--patients", "1", "--database", str(tmp_path / "demo.sqlite"), user=None)
    assert again.returncode == 0, again.stderr
    refused(run_cli("demo", "--patients", "1", "--force", "--database", str(clinic), user=None), "Sign in first")


# ---------------------------------------------------------------------------- break-glass


def test_a_write_without_the_role_says_which_role_and_is_made_with_a_stated_reason(
        run_cli: Run, clinic: Path, tmp_path: Path, secrets: dict[str, Path]) -> None:
    record = tmp_path / "record.json"
    assert as_user(run_cli, secrets, BOSS, "export", MRN, "-o", str(record), "--database", str(clinic)).returncode == 0
    document = json.loads(record.read_text(encoding="utf-8"))
    document["patient"]["notes"] = "Lives alone."
    record.write_text(json.dumps(document), encoding="utf-8")

    refusal = as_user(run_cli, secrets, KIM, "import", str(record), "--database", str(clinic))
    refused(refusal, "--break-glass \"REASON\"")
    assert "coordinator" in refusal.stderr.lower()  # the roles that would do
    assert ("import", "refused", KIM) in audit_events(clinic)
    anyway = as_user(run_cli, secrets, KIM, "import", str(record), "--break-glass", "Discharge tonight, no coordinator",
                     "--database", str(clinic))
    assert anyway.returncode == 0, anyway.stderr
    history = as_user(run_cli, secrets, KIM, "history", MRN, "--json", "--database", str(clinic))
    assert json.loads(history.stdout)["entries"][0]["actor"] == KIM
    # The import needed the reason (a nurse's own rows would not have): flagged for review.
    assert audit_events(clinic)[-5:-2] == [("sign_in", "done", KIM), ("break_glass", "done", KIM),
                                           ("import", "done", KIM)]

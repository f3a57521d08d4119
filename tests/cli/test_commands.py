"""`als-desktop` as a user runs it: real processes, real files, messages instead of tracebacks."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from cli_helpers import (
    TEST_USER,
    add_test_account,
    password_file,
    record_counts,
    row_counts,
)

from als_desktop import __version__
from als_desktop.config import sqlite_url
from als_desktop.db import open_database
from als_desktop.services.exchange import FORMAT


def no_traceback(result: subprocess.CompletedProcess[str]) -> None:
    assert "Traceback" not in result.stderr and "Traceback" not in result.stdout


def counts(path: Path) -> dict[str, int]:
    database = open_database(sqlite_url(path), create=False, migrate=False)
    try:
        return row_counts(database)
    finally:
        database.close()


def empty_clinic(path: Path) -> Path:
    """A new, empty clinic database with its first administrator (commands other than demo and
    `user add --admin` never create one)."""
    database = open_database(sqlite_url(path))
    add_test_account(database)
    database.close()
    return path


def test_version(run_cli) -> None:  # noqa: ANN001
    result = run_cli("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"ALS Clinic Desktop {__version__}"


def test_demo_export_import_through_the_command_line(run_cli, tmp_path: Path) -> None:  # noqa: ANN001
    clinic, copy = tmp_path / "clinic.sqlite", tmp_path / "copy.sqlite"
    made = run_cli("demo", "--patients", "12", "--seed", "5", "--database", str(clinic))
    assert made.returncode == 0, made.stderr
    assert "Added 12 demo patients (DEMO-00001 to DEMO-00012, seed 5)" in made.stdout
    assert counts(clinic)["patients"] == 12

    exported = run_cli("--database", str(clinic), "export", "DEMO-00003")
    assert exported.returncode == 0, exported.stderr
    document = json.loads(exported.stdout)
    assert document["format"] == FORMAT and document["patient"]["mrn"] == "DEMO-00003"

    record = tmp_path / "DEMO-00003.json"
    to_file = run_cli("export", "DEMO-00003", "-o", str(record), "--database", str(clinic))
    assert to_file.returncode == 0 and json.loads(record.read_text(encoding="utf-8")) == document

    refused = run_cli("import", str(record), "--database", str(copy))
    assert refused.returncode == 2 and "There is no database at" in refused.stderr and not copy.exists()
    created = run_cli("import", str(record), "--database", str(empty_clinic(copy)))
    assert created.returncode == 0, created.stderr
    assert created.stdout.startswith("Created patient DEMO-00003")
    again = run_cli("import", str(record), "--database", str(copy))
    assert again.returncode == 0 and again.stdout.startswith("Nothing was changed for patient DEMO-00003")
    assert json.loads(run_cli("export", "DEMO-00003", "--database", str(copy)).stdout) == document


def test_the_database_may_come_from_the_environment(run_cli, tmp_path: Path) -> None:  # noqa: ANN001
    clinic = tmp_path / "env.sqlite"
    result = run_cli("demo", "--patients", "2", env={"ALS_DESKTOP_DATABASE": str(clinic)})
    assert result.returncode == 0, result.stderr
    assert counts(clinic)["patients"] == 2
    url = run_cli("export", "DEMO-00002", env={"ALS_DESKTOP_DATABASE": sqlite_url(clinic)})
    assert url.returncode == 0 and json.loads(url.stdout)["patient"]["mrn"] == "DEMO-00002"


def test_without_a_database_the_default_file_in_the_data_folder_is_used(run_cli, home: Path) -> None:  # noqa: ANN001
    result = run_cli("demo", "--patients", "1")
    assert result.returncode == 0, result.stderr
    assert (home / "data" / "clinic.sqlite").exists()


def test_same_seed_gives_the_same_patients(run_cli, tmp_path: Path) -> None:  # noqa: ANN001
    exports = []
    for name in ("one.sqlite", "two.sqlite"):
        path = tmp_path / name
        assert run_cli("demo", "--patients", "6", "--seed", "3", "--database", str(path)).returncode == 0
        exports.append(run_cli("export", "DEMO-00004", "--database", str(path)).stdout)
    assert exports[0] == exports[1] and json.loads(exports[0])["patient"]["visits"]


def test_an_invalid_file_is_refused_whole_and_the_database_is_unchanged(run_cli, tmp_path: Path, demo_file: Path) -> None:  # noqa: ANN001
    clinic = tmp_path / "clinic.sqlite"
    shutil.copy(demo_file, clinic)
    document = json.loads(run_cli("export", "DEMO-00001", "--database", str(clinic)).stdout)
    document["patient"]["given_name"] = "Changed"
    document["patient"]["visits"][0]["weights"][0]["weight_kg"] = 900
    document["patient"]["visits"][0]["respiratory"][0]["fvc_percent_sitting"] = -3
    document["patient"]["visits"][0]["alsfrs"][0]["cutting_food"] = 9
    document["patient"]["onset_region"] = "elbow"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(document), encoding="utf-8")
    before = record_counts(clinic)

    result = run_cli("import", str(bad), "--database", str(clinic))

    assert result.returncode == 2
    no_traceback(result)
    assert "4 problems found. Nothing was changed." in result.stderr
    for line in ("patient.visits[0].weights[0].weight_kg: Weight must be between 20 and 300 kg (entered 900 kg).",
                 "patient.visits[0].respiratory[0].fvc_percent_sitting: FVC sitting must be between 0 and 200",
                 "patient.visits[0].alsfrs[0].cutting_food: ALSFRS-R item must be between 0 and 4 (entered 9).",
                 "patient.onset_region: Onset region: 'elbow' is not one of the recorded choices."):
        assert line in result.stderr
    assert record_counts(clinic) == before


@pytest.mark.parametrize(("content", "message"), [
    (b'{"format": "als-desktop-patient-record", "format_version": 1, "patient": {', "is not valid JSON"),
    (b"\xff\xfe\x00garbage", "is not a text file in UTF-8"),
    (b'{"format": "als-desktop-patient-record", "format_version": 7, "patient": {}}', "format version 7"),
    (b'["a list"]', "not an ALS Clinic Desktop patient record"),
])
def test_unreadable_files_are_refused_clearly(run_cli, tmp_path: Path, content: bytes, message: str) -> None:  # noqa: ANN001
    clinic = tmp_path / "clinic.sqlite"
    assert run_cli("demo", "--patients", "1", "--database", str(clinic)).returncode == 0
    before = record_counts(clinic)
    record = tmp_path / "record.json"
    record.write_bytes(content)
    result = run_cli("import", str(record), "--database", str(clinic))
    assert result.returncode == 2
    assert message in result.stderr
    no_traceback(result)
    assert record_counts(clinic) == before


@pytest.mark.parametrize(("args", "message"), [
    (["import", "{tmp}/missing.json"], "There is no file"),
    (["import", "{tmp}"], "is a folder"),
    (["export", "NOBODY", "--database", "{tmp}/absent.sqlite"], "There is no database at"),
    (["export", "NOBODY", "--database", "{tmp}/notes.sqlite"], "is not an ALS Clinic Desktop database"),
    (["export", "NOBODY", "--database", "{tmp}"], "is a folder, not a database file"),
    (["export", "NOBODY", "--database", "{tmp}/clinic.sqlite"], "No patient with MRN NOBODY"),
    (["export", "DEMO-00001", "-o", "{tmp}/no/such/folder/out.json", "--database", "{tmp}/clinic.sqlite"], "Cannot write"),
    (["demo", "--patients", "many"], "'many' is not a whole number"),
    (["demo", "--patients", "0"], "give at least 1"),
    (["demo"], "the following arguments are required: --patients"),
    (["frobnicate"], "invalid choice: 'frobnicate'"),
])
def test_user_mistakes_give_a_message_not_a_traceback(run_cli, tmp_path: Path, args: list[str], message: str) -> None:  # noqa: ANN001
    (tmp_path / "notes.sqlite").write_text("shopping list\n", encoding="utf-8")
    assert run_cli("demo", "--patients", "1", "--database", str(tmp_path / "clinic.sqlite")).returncode == 0
    result = run_cli(*(arg.format(tmp=tmp_path) for arg in args))
    assert result.returncode == 2
    assert message in result.stderr
    no_traceback(result)
    assert not (tmp_path / "absent.sqlite").exists()  # never a silently created empty database


def test_demo_refuses_to_mix_into_a_clinic_with_real_patients(run_cli, tmp_path: Path) -> None:  # noqa: ANN001
    clinic = tmp_path / "clinic.sqlite"
    record = {"format": FORMAT, "format_version": 1, "patient": {
        "mrn": "H-100", "given_name": "Real", "family_name": "Person", "date_of_birth": "1960-01-01"}}
    (tmp_path / "real.json").write_text(json.dumps(record), encoding="utf-8")
    assert run_cli("import", str(tmp_path / "real.json"), "--database", str(empty_clinic(clinic))).returncode == 0
    refused = run_cli("demo", "--patients", "3", "--database", str(clinic))
    assert refused.returncode == 2 and "already holds patients who are not demo patients (1)" in refused.stderr
    assert counts(clinic)["patients"] == 1
    forced = run_cli("demo", "--patients", "3", "--force", "--database", str(clinic))
    assert forced.returncode == 0 and counts(clinic)["patients"] == 4


def test_a_damaged_database_is_reported_not_dumped(run_cli, tmp_path: Path) -> None:  # noqa: ANN001
    import sqlite3

    clinic = tmp_path / "clinic.sqlite"
    assert run_cli("demo", "--patients", "1", "--database", str(clinic)).returncode == 0
    with sqlite3.connect(clinic) as connection:
        connection.execute("DROP TABLE team_actions")
    result = run_cli("export", "DEMO-00001", "--database", str(clinic))
    assert result.returncode == 2
    assert "reported an error: no such table: team_actions" in result.stderr
    no_traceback(result)


def test_an_unexpected_error_is_logged_and_names_the_log_file(
        cli_here, home: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: ANN001
    """A fault of the program itself is not a user mistake: two lines on stderr naming the log,
    where the traceback is."""
    from als_desktop.services import exchange

    def broken(*_args, **_kwargs):  # noqa: ANN002, ANN003, ANN202
        raise RuntimeError("a fault nobody expected")

    monkeypatch.setattr(exchange, "export_patient", broken)
    code, _out, err = cli_here("export", "DEMO-00001")
    log_file = home / "logs" / "als-desktop.log"
    assert code == 1
    assert "unexpected error" in err and str(log_file) in err
    assert len(err.splitlines()) == 2
    assert "Traceback" not in err
    assert "Traceback" in log_file.read_text(encoding="utf-8")


def test_commands_do_not_load_the_window_toolkit(tmp_path: Path, home: Path) -> None:
    clinic = tmp_path / "clinic.sqlite"
    signin = ["--user", TEST_USER, "--password-file", str(password_file(tmp_path))]
    code = (
        "import sys\n"
        "from als_desktop.cli import main\n"
        f"assert main(['demo', '--patients', '2', '--database', {str(clinic)!r}]) == 0\n"
        f"assert main(['export', 'DEMO-00001', '-o', {str(tmp_path / 'out.json')!r}, '--database', {str(clinic)!r},"
        f" *{signin!r}]) == 0\n"
        "heavy = [name for name in ('PySide6', 'matplotlib', 'reportlab') if name in sys.modules]\n"
        "assert not heavy, heavy\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr


def test_without_a_command_the_window_opens_on_the_chosen_database(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The window itself is tested in tests/gui; here only which database it is given."""
    import als_desktop.app
    from als_desktop import cli

    opened: list[str] = []
    monkeypatch.setattr(als_desktop.app, "run_window", lambda url: opened.append(url) or 0)
    assert cli.main(["--database", str(tmp_path / "chosen.sqlite")]) == 0
    monkeypatch.setenv("ALS_DESKTOP_DATABASE", str(tmp_path / "from-env.sqlite"))
    assert cli.main([]) == 0
    assert opened == [sqlite_url(tmp_path / "chosen.sqlite"), sqlite_url(tmp_path / "from-env.sqlite")]

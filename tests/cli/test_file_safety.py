"""No command harms a file: outputs never replace the open database, its companions, the
backups or the data folder's databases, nor anything that is not a regular file; an existing
file only with --force. Inputs are read only when they are regular files of sane size and
depth. Every refusal is a message on stderr with exit code 2, and the files are unchanged."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from cli_helpers import file_hash

from als_desktop.files import OutputRefused, write_atomically
from als_desktop.services.exchange_format import MAX_NESTING

Run = Callable[..., tuple[int, str, str]]
MRN = "DEMO-00001"


@pytest.fixture
def clinic(demo_copy: Path) -> Path:
    return demo_copy


@pytest.fixture
def command(cli_here: Run) -> Run:
    return cli_here


def state(*paths: Path) -> dict[str, str | None]:
    """What each path holds now (a hash, 'folder', or None when absent)."""
    found: dict[str, str | None] = {}
    for path in paths:
        if path.is_dir():
            found[str(path)] = "folder:" + ",".join(sorted(p.name for p in path.iterdir()))
        elif path.is_file():
            found[str(path)] = file_hash(path)
        else:
            found[str(path)] = None
    return found


def a_clinic_day(clinic: Path) -> str:
    """The date with the most visits in the clinic."""
    with sqlite3.connect(clinic) as connection:
        day = connection.execute("SELECT visit_date FROM visits WHERE voided_at IS NULL GROUP BY visit_date "
                                 "ORDER BY count(*) DESC, visit_date DESC LIMIT 1").fetchone()[0]
    connection.close()
    return str(day)


def refused(result: tuple[int, str, str], *words: str) -> str:
    code, out, err = result
    assert code == 2, (out, err)
    assert "Traceback" not in err
    for word in words:
        assert word in err, err
    return err


# ---------------------------------------------------------------- outputs: what must never be written


@pytest.mark.parametrize("suffix", ["", "-wal", "-shm", "-journal"])
def test_export_never_writes_over_the_open_database_or_its_companions(command: Run, clinic: Path,
                                                                      suffix: str) -> None:
    target = clinic.with_name(clinic.name + suffix)
    before = state(clinic, target)
    err = refused(command("export", MRN, "-o", str(target), "--force"), f"Cannot write {target}")
    assert "clinic database open now" in err
    assert state(clinic, target) == before


def test_a_link_or_another_spelling_of_the_database_is_the_database(command: Run, clinic: Path,
                                                                    tmp_path: Path) -> None:
    link = tmp_path / "innocent.json"
    link.symlink_to(clinic)
    hard = tmp_path / "hard-link.json"
    os.link(clinic, hard)
    before = state(clinic)
    for target in (link, hard, tmp_path / "." / "sub" / ".." / clinic.name):
        (tmp_path / "sub").mkdir(exist_ok=True)
        refused(command("export", MRN, "-o", str(target), "--force"), "Cannot write")
    assert state(clinic) == before and link.is_symlink()


def test_the_backups_and_the_data_folders_databases_are_never_written(command: Run, home: Path) -> None:
    backups, data = home / "backups", home / "data"
    backups.mkdir(parents=True)
    data.mkdir(parents=True)
    backup = backups / "clinic-20250101-before-0005.sqlite"
    backup.write_bytes(b"a backup copy")  # protected by where it is, whatever it holds
    default = data / "clinic.sqlite"
    default.write_bytes(b"")  # the data folder's database, even before it holds anything
    before = state(backup, default, backups)
    for target, words in ((backup, "backups folder"), (backups / "new.json", "backups folder"),
                          (default, "clinic database in the data folder")):
        refused(command("export", MRN, "-o", str(target), "--force"), words)
    assert state(backup, default, backups) == before


def test_any_sqlite_database_is_never_written_over(command: Run, demo_file: Path, tmp_path: Path) -> None:
    other = tmp_path / "other-clinic.db"
    shutil.copyfile(demo_file, other)
    before = state(other)
    refused(command("export", MRN, "-o", str(other), "--force"), "it is a database")
    assert state(other) == before


def test_what_is_not_a_regular_file_is_never_written(command: Run, tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.json"
    os.mkfifo(fifo)
    folder = tmp_path / "a-folder.json"
    folder.mkdir()
    link_to_device = tmp_path / "null.json"
    link_to_device.symlink_to(os.devnull)
    cases = [(Path(os.devnull), "it is a device"), (fifo, "it is a named pipe"),
             (folder, "a folder of that name is already there"), (link_to_device, "it is a device")]
    for target, words in cases:
        refused(command("export", MRN, "-o", str(target), "--force"), f"Cannot write {target}", words)
    assert fifo.exists() and folder.is_dir() and not any(folder.iterdir()) and link_to_device.is_symlink()


def test_an_existing_file_is_replaced_only_with_force(command: Run, tmp_path: Path) -> None:
    target = tmp_path / "alex.json"
    target.write_text("my own notes", encoding="utf-8")
    err = refused(command("export", MRN, "-o", str(target)), f"{target} is already there", "--force")
    assert "Nothing was written" in err or "nothing was written" in err
    assert target.read_text(encoding="utf-8") == "my own notes"

    code, _out, err = command("export", MRN, "-o", str(target), "--force")
    assert code == 0, err
    assert json.loads(target.read_text(encoding="utf-8"))["patient"]["mrn"] == MRN
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []  # no partial file


def test_an_empty_name_and_a_missing_folder_are_explained(command: Run, tmp_path: Path) -> None:
    refused(command("export", MRN, "-o", ""), "give the name of the file to write")
    refused(command("report", MRN, "-o", ""), "give the name of the file to write")
    refused(command("export", MRN, "-o", str(tmp_path / "no" / "such" / "alex.json")),
            "that folder does not exist")
    assert not (tmp_path / "no").exists()


def test_report_obeys_the_same_rule(command: Run, clinic: Path, home: Path, tmp_path: Path) -> None:
    before = state(clinic)
    refused(command("report", MRN, "-o", str(clinic), "--force"), "clinic database open now")
    backups = home / "backups"
    backups.mkdir(parents=True)
    refused(command("report", MRN, "-o", str(backups)), "backups folder")
    refused(command("report", "--clinic-day", "2025-06-02", "-o", str(backups / "plans")), "backups folder")
    assert state(clinic) == before and not any(backups.iterdir())

    plan = tmp_path / "plan.pdf"
    plan.write_bytes(b"yesterday's plan")
    refused(command("report", MRN, "-o", str(plan)), f"{plan} is already there", "--force")
    assert plan.read_bytes() == b"yesterday's plan"
    assert command("report", MRN, "-o", str(plan), "--force")[0] == 0
    assert plan.read_bytes().startswith(b"%PDF")


def test_a_clinic_day_replaces_the_plans_already_in_the_folder_only_with_force(command: Run, clinic: Path,
                                                                              tmp_path: Path) -> None:
    day = a_clinic_day(clinic)
    folder = tmp_path / "plans"
    code, _out, err = command("report", "--clinic-day", day, "-o", str(folder))
    assert code == 0, err
    written = {path.name: path.stat().st_mtime_ns for path in folder.iterdir()}
    assert written
    first = sorted(written)[0]
    (folder / first).write_bytes(b"kept")

    err = refused(command("report", "--clinic-day", day, "-o", str(folder)),
                  "a file of that name is already there", "Add --force")
    assert (folder / first).read_bytes() == b"kept"
    assert command("report", "--clinic-day", day, "-o", str(folder), "--force")[0] == 0
    assert (folder / first).read_bytes().startswith(b"%PDF")


def test_the_windows_writers_obey_the_same_rule(clinic: Path, tmp_path: Path) -> None:
    """The team plan tab, the plot export and the clinic-day batch write through write_atomically:
    the dialogs have asked before replacing, the rule on what must never be written still holds."""
    before = state(clinic)
    for target in (clinic, clinic.with_name(clinic.name + "-wal"), Path(os.devnull)):
        with pytest.raises(OutputRefused):
            write_atomically(target, b"%PDF-1.4 plan")
    assert state(clinic) == before
    mine = tmp_path / "plan.pdf"
    mine.write_bytes(b"old")
    write_atomically(mine, b"%PDF-1.4 plan")  # asked already: replaced
    assert mine.read_bytes() == b"%PDF-1.4 plan"


# ---------------------------------------------------------------- inputs


def test_an_import_refuses_devices_pipes_huge_and_deeply_nested_files(run_cli, clinic: Path,  # noqa: ANN001
                                                                      tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.json"
    os.mkfifo(fifo)  # no writer: reading it would wait for ever
    huge = tmp_path / "huge.json"
    with huge.open("wb") as handle:
        handle.truncate(60 * 1024 * 1024)  # sparse: no disk used
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    nested = tmp_path / "nested.json"
    value: object = "deep"
    for _ in range(MAX_NESTING):  # within what the JSON reader takes, beyond what a record needs
        value = [value]
    nested.write_text(json.dumps({"format": "als-desktop-patient-record", "patient": {"notes": value}}),
                      encoding="utf-8")
    before = file_hash(clinic)
    cases = [("/dev/zero", "is not a regular file"), (str(fifo), "is not a regular file"),
             (str(huge), "too large for a patient record file: 60.0 MB, at most 50 MB"),
             (str(deep), f"nested too deeply for a patient record file: more than {MAX_NESTING} levels"),
             (str(nested), "nested too deeply")]
    for path, words in cases:
        result = run_cli("import", path, "--database", str(clinic), timeout=60)
        assert result.returncode == 2, (path, result.stderr)
        assert words in result.stderr and "Traceback" not in result.stderr, result.stderr
        assert "unexpected error" not in result.stderr
    assert file_hash(clinic) == before


# ---------------------------------------------------------------- readers beside a writer


def test_a_reader_shows_nothing_until_its_sign_in_and_opening_are_recorded(run_cli, clinic: Path,  # noqa: ANN001
                                                                            tmp_path: Path) -> None:
    """Reading a record is an audit event: while another process holds the write lock a reader
    waits, then is told the file is locked, and shows nothing of the patient; once the lock is
    released the readers work and their openings are in the trail."""
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import sqlite3, sys\n"
         f"c = sqlite3.connect({str(clinic)!r}, isolation_level=None)\n"
         "print(c.execute('PRAGMA journal_mode').fetchone()[0], flush=True)\n"
         "c.execute('BEGIN IMMEDIATE')\n"
         "c.execute(\"UPDATE patients SET notes = 'being edited'\")\n"
         "print('held', flush=True)\n"
         "sys.stdin.read()\n"
         "c.execute('ROLLBACK')\n"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "wal"
        assert holder.stdout.readline().strip() == "held"
        locked = run_cli("export", MRN, "--database", str(clinic))
        assert locked.returncode == 2 and "is locked" in locked.stderr, locked.stderr
        assert locked.stdout == ""
    finally:
        holder.communicate("", timeout=30)
    exported = run_cli("export", MRN, "--database", str(clinic))
    assert exported.returncode == 0, exported.stderr
    assert json.loads(exported.stdout)["patient"]["notes"] != "being edited"
    for args in (["summary", MRN], ["history", MRN], ["report", MRN, "-o", str(tmp_path / "plan.pdf")]):
        result = run_cli(*args, "--database", str(clinic))
        assert result.returncode == 0, (args, result.stderr)
    assert (tmp_path / "plan.pdf").read_bytes().startswith(b"%PDF")

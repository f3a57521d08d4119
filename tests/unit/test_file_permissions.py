"""On POSIX the record's files are readable by their owner only: the database, its -wal and -shm,
the backups, the log, exports and reports are 0600 and the program's folders 0700, created so by
the real command line; what an earlier version left open (0644, 0755) is tightened at the next
start and the log names it. A file the user names in another folder is 0600, but that folder is
the user's and keeps its mode."""

from __future__ import annotations

import os
import sqlite3
import stat
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from als_desktop.config import sqlite_url
from als_desktop.db import migrate, open_database
from als_desktop.private_files import private_folder, tighten_existing
from als_desktop.services.demo_accounts import DEMO_PASSWORD

pytestmark = pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX; Windows uses access lists")

MRN = "DEMO-00001"
Run = Callable[..., subprocess.CompletedProcess[str]]


def mode(path: Path) -> int:
    return stat.S_IMODE(os.lstat(path).st_mode)


@pytest.fixture
def als_desktop(home: Path, tmp_path: Path) -> Run:
    """`python -m als_desktop ARGS` as a real process, in the test's private home, started with
    the usual 022 umask of a login shell (files 0644 unless the program says otherwise)."""

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        environment = {**os.environ, "ALS_DESKTOP_HOME": str(home), "PYTHONIOENCODING": "utf-8"}
        environment.pop("ALS_DESKTOP_DATABASE", None)
        result = subprocess.run([sys.executable, "-m", "als_desktop", *args], capture_output=True, text=True,
                                encoding="utf-8", env=environment, timeout=180, cwd=tmp_path, check=False,
                                preexec_fn=lambda: os.umask(0o022))
        assert result.returncode == 0, result.stderr
        return result

    return run


@pytest.fixture
def elsewhere(tmp_path: Path) -> Path:
    """A folder of the user's, outside the program's, open to others as a shared folder may be."""
    folder = tmp_path / "shared exports"
    folder.mkdir()
    folder.chmod(0o755)
    return folder


def test_a_new_clinic_exports_and_reports_are_readable_by_their_owner_only(
        als_desktop: Run, home: Path, elsewhere: Path) -> None:
    database = home / "data" / "demo.sqlite"
    als_desktop("demo", "--patients", "2", "--database", str(database))
    password = home / "password"
    password.write_text(f"{DEMO_PASSWORD}\n", encoding="utf-8")
    password.chmod(0o600)
    signed_in = ("--user", "admin", "--password-file", str(password), "--database", str(database))
    record, plan = elsewhere / "record.json", elsewhere / "plan.pdf"
    als_desktop(*signed_in, "export", MRN, "-o", str(record))
    als_desktop(*signed_in, "report", MRN, "-o", str(plan))
    plans = home / "clinic day"
    als_desktop(*signed_in, "report", "--clinic-day", today_of_the_demo(database), "-o", str(plans))

    assert {path: mode(path) for path in (home, home / "data", home / "logs", plans)} == dict.fromkeys(
        (home, home / "data", home / "logs", plans), 0o700)
    written = [database, home / "logs" / "als-desktop.log", record, plan, *plans.glob("*.pdf")]
    written += [Path(f"{database}{suffix}") for suffix in ("-wal", "-shm") if Path(f"{database}{suffix}").exists()]
    assert len(written) >= 5
    assert {path: mode(path) for path in written} == dict.fromkeys(written, 0o600)
    # The user's folder is theirs: the program wrote in it and left its mode alone.
    assert mode(elsewhere) == 0o755
    assert "readable by their owner only" not in (home / "logs" / "als-desktop.log").read_text(encoding="utf-8")


def today_of_the_demo(database: Path) -> str:
    with sqlite3.connect(database) as connection:
        [(day,)] = connection.execute("SELECT max(visit_date) FROM visits").fetchall()
    connection.close()
    return str(day)[:10]


def test_what_an_earlier_version_left_open_is_tightened_at_the_next_start(als_desktop: Run, home: Path) -> None:
    data, logs = home / "data", home / "logs"
    private_folder(data)
    clinic = data / "clinic.sqlite"
    older = open_database(sqlite_url(clinic), migrate=False)
    migrate.upgrade(older, "0001")  # a release ago: the next start migrates it, with a backup first
    older.close()
    logs.mkdir()
    old_log = logs / "als-desktop.log.1"
    old_log.write_text("2025-01-01 09:00:00 INFO    als_desktop: an older log\n", encoding="utf-8")
    for folder in (home, data, logs):
        folder.chmod(0o755)
    clinic.chmod(0o644)
    old_log.chmod(0o644)
    # Another program holds the database open: its -wal and -shm stay, with the database's 0644.
    holder = sqlite3.connect(clinic)
    try:
        holder.execute("PRAGMA journal_mode = WAL")
        holder.execute("CREATE TABLE held_open (n INTEGER)")
        holder.commit()
        companions = [Path(f"{clinic}-wal"), Path(f"{clinic}-shm")]
        assert {mode(path) for path in companions} == {0o644}

        als_desktop("demo", "--patients", "1")

        assert {path: mode(path) for path in [clinic, old_log, *companions]} == dict.fromkeys(
            [clinic, old_log, *companions], 0o600)
    finally:
        holder.close()
    assert {mode(folder) for folder in (data, logs)} == {0o700}
    # The home folder itself is where the user put it (ALS_DESKTOP_HOME): only the program's own are tightened.
    assert mode(home) == 0o755
    [backup] = (home / "backups").iterdir()
    assert (mode(home / "backups"), mode(backup)) == (0o700, 0o600)
    log_text = (logs / "als-desktop.log").read_text(encoding="utf-8")
    [note] = [line for line in log_text.splitlines() if "readable by their owner only" in line]
    for path in (data, clinic, logs, old_log):
        assert str(path) in note
    assert mode(logs / "als-desktop.log") == 0o600


def test_only_this_accounts_files_and_no_link_is_followed(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    folder.chmod(0o755)
    outside = tmp_path / "outside.txt"
    outside.write_text("not the program's")
    outside.chmod(0o644)
    (folder / "link.txt").symlink_to(outside)
    kept = folder / "clinic.sqlite"
    kept.write_text("")
    kept.chmod(0o444)  # read-only stays read-only: only the others' rights go

    changed = tighten_existing([folder])

    assert changed == [folder, kept]
    assert mode(folder) == 0o700
    assert mode(outside) == 0o644
    assert mode(kept) == 0o400
    assert tighten_existing([folder]) == []


def test_private_folder_creates_each_missing_parent_owner_only(tmp_path: Path) -> None:
    tmp_path.chmod(0o755)
    made = private_folder(tmp_path / "a" / "b" / "c")
    assert [mode(path) for path in (tmp_path / "a", tmp_path / "a" / "b", made)] == [0o700] * 3
    assert mode(tmp_path) == 0o755
    (tmp_path / "file").write_text("in the way")
    with pytest.raises(FileExistsError):
        private_folder(tmp_path / "file")

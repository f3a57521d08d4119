"""Bad values for every command-line option that takes one, through the real command.

Each is refused with a message on stderr naming the option and what is wrong with the value,
exit status 2, no traceback, and nothing written: the database's folder holds the same files
with the same bytes afterwards, and no database is created where none was.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from cli_helpers import DEMO_DAY

from als_desktop import cli

Run = Callable[..., subprocess.CompletedProcess[str]]
MRN = "DEMO-00001"
DAY = DEMO_DAY.isoformat()
LONG_MRN = "M" * 10_000

# (arguments after the command's --database, words the message holds); PLANS is the -o folder.
PLANS = "{plans}"
CASES: list[tuple[list[str], tuple[str, ...]]] = [
    # demo: how many patients, and the seed
    (["demo", "--patients", "-1"], ("--patients", "at least 1")),
    (["demo", "--patients", "0"], ("--patients", "at least 1")),
    (["demo", "--patients", "abc"], ("--patients", "'abc' is not a whole number")),
    (["demo", "--patients", "2.5"], ("--patients", "not a whole number")),
    (["demo", "--patients", ""], ("--patients", "not a whole number")),
    (["demo", "--patients", str(10**9)], ("--patients", "at most 10,000", "1000000000")),
    (["demo", "--patients", "9" * 5000], ("--patients", "not a whole number", "5,000 characters")),
    (["demo", "--patients", "1", "--seed", "x"], ("--seed", "'x' is not a whole number")),
    (["demo", "--patients", "1", "--seed", "1e3"], ("--seed", "not a whole number")),
    (["demo", "--patients", "1", "--seed", "9" * 5000], ("--seed", "not a whole number", "5,000 characters")),
    # summary --as-of: a calendar date written YYYY-MM-DD, from 1900 on
    (["summary", MRN, "--as-of", "2024-02-30"], ("--as-of", "'2024-02-30'", "YYYY-MM-DD")),
    (["summary", MRN, "--as-of", "garbage"], ("--as-of", "'garbage'", "YYYY-MM-DD")),
    (["summary", MRN, "--as-of", "20240101"], ("--as-of", "'20240101'", "YYYY-MM-DD")),
    (["summary", MRN, "--as-of", "2024-1-5"], ("--as-of", "YYYY-MM-DD")),
    (["summary", MRN, "--as-of", ""], ("--as-of", "YYYY-MM-DD")),
    (["summary", MRN, "--as-of", "1800-01-01"], ("--as-of", "before 1900")),
    (["summary", MRN, "--as-of", "2024-01-01\n"], ("--as-of", "YYYY-MM-DD")),
    # report --visit, --clinic-day, --site
    (["report", MRN, "--visit", "2024-02-30", "-o", PLANS], ("--visit", "'2024-02-30'", "YYYY-MM-DD")),
    (["report", MRN, "--visit", "last week", "-o", PLANS], ("--visit", "YYYY-MM-DD")),
    (["report", MRN, "--visit", "0001-01-01", "-o", PLANS], ("--visit", "before 1900")),
    (["report", "--clinic-day", "2024-13-01", "-o", PLANS], ("--clinic-day", "YYYY-MM-DD")),
    (["report", "--clinic-day", "tomorrow", "-o", PLANS], ("--clinic-day", "'tomorrow'")),
    (["report", "--clinic-day", DAY, "--site", "Main\x1b[31m", "-o", PLANS], ("--site", "Site", "control character", "ESC")),
    (["report", "--clinic-day", DAY, "--site", "Main\nclinic", "-o", PLANS], ("--site", "Site", "line break", "one line")),
    (["report", "--clinic-day", DAY, "--site", "Main\r", "-o", PLANS], ("--site", "carriage return")),
    (["report", "--clinic-day", DAY, "--site", "\u202eMain", "-o", PLANS], ("--site", "direction override")),
    (["report", "--clinic-day", DAY, "--site", "\u200b", "-o", PLANS], ("--site", "invisible")),
    (["report", "--clinic-day", DAY, "--site", "", "-o", PLANS], ("--site", "Site is empty")),
    (["report", "--clinic-day", DAY, "--site", "x" * 10_000, "-o", PLANS], ("--site", "too long", "10,000", "at most 100")),
    (["report", MRN, "-o", ""], ("-o", "empty")),
    # an MRN obeys the MRN rule wherever a command takes one
    (["history", LONG_MRN], ("MRN", "too long", "10,000 characters", "at most 40")),
    (["history", "DEMO-00001\r\n"], ("MRN", "control character", "carriage return")),
    (["history", "DEMO-00001\n"], ("MRN", "control character", "line break")),
    (["history", "DEMO\x1b[2J"], ("MRN", "control character", "ESC")),
    (["history", "\u202eDEMO-00001"], ("MRN", "direction override")),
    (["history", "\u200b"], ("MRN", "invisible")),
    (["history", ""], ("MRN", "empty")),
    (["export", LONG_MRN], ("MRN", "too long")),
    (["export", "DEMO-00001\r\n", "-o", PLANS + "/out.json"], ("MRN", "control character")),
    (["summary", LONG_MRN], ("MRN", "too long")),
    (["summary", "DEMO-00001\n", "--json"], ("MRN", "line break")),
    (["report", LONG_MRN, "-o", PLANS], ("MRN", "too long")),
    (["report", "DEMO\x07", "-o", PLANS], ("MRN", "control character")),
]


def case_id(case: tuple[list[str], tuple[str, ...]]) -> str:
    shown = " ".join(repr(arg)[1:-1][:20] for arg in case[0])
    return shown


@pytest.fixture
def place(demo_file: Path, tmp_path: Path) -> Path:
    """A folder holding a copy of the demo clinic and nothing else; outputs would land here."""
    folder = tmp_path / "place"
    folder.mkdir()
    shutil.copyfile(demo_file, folder / "clinic.sqlite")
    return folder


def contents(folder: Path) -> dict[str, bytes]:
    return {str(path.relative_to(folder)): path.read_bytes() if path.is_file() else b"<folder>"
            for path in sorted(folder.rglob("*"))}


def assert_refused(result: subprocess.CompletedProcess[str], words: tuple[str, ...]) -> None:
    assert result.returncode == 2, (result.returncode, result.stdout, result.stderr)
    assert result.stdout == ""
    for word in words:
        assert word.lower() in result.stderr.lower(), (word, result.stderr)
    assert "Traceback" not in result.stderr and "unexpected error" not in result.stderr, result.stderr
    # A value the command refused is quoted at most in part: a pasted page never floods the terminal.
    assert len(result.stderr) < 2_000, len(result.stderr)
    assert "\x1b" not in result.stderr and "\u202e" not in result.stderr


@pytest.mark.parametrize(("args", "words"), CASES, ids=[case_id(case) for case in CASES])
def test_a_bad_option_value_is_refused_and_nothing_is_written(
    run_cli: Run, place: Path, args: list[str], words: tuple[str, ...]
) -> None:
    before = contents(place)
    argv = [arg.replace(PLANS, str(place / "plans")) for arg in args]
    result = run_cli(*argv, "--database", str(place / "clinic.sqlite"))
    assert_refused(result, words)
    assert contents(place) == before


def test_every_command_that_takes_an_mrn_or_a_site_refuses_a_bad_one() -> None:
    """The table above covers each option that takes a value."""
    commands = {args[0] for args, _ in CASES}
    assert commands == {"demo", "summary", "report", "history", "export"}
    options = {arg for args, _ in CASES for arg in args if arg.startswith("-")}
    assert {"--patients", "--seed", "--as-of", "--visit", "--clinic-day", "--site", "-o"} <= options


# ---------------------------------------------------------------------------- --database

DATABASE_CASES: list[tuple[str, list[str], tuple[str, ...]]] = [
    ("folder", ["history", MRN], ("is a folder", "not a database file")),
    ("folder", ["demo", "--patients", "1"], ("is a folder",)),
    ("folder", ["summary", MRN], ("is a folder",)),
    ("/dev/null", ["history", MRN], ("/dev/null", "not a database file", "device")),
    ("/dev/zero", ["export", MRN], ("/dev/zero", "not a database file")),
    ("/dev/null", ["demo", "--patients", "1"], ("not a database file",)),
    ("missing", ["history", MRN], ("There is no database at", "missing.sqlite")),
    ("missing", ["summary", MRN, "--json"], ("There is no database",)),
    ("missing", ["report", MRN, "-o", "{place}/plan.pdf"], ("There is no database",)),
    ("", ["history", MRN], ("--database", "it is empty")),
    ("nonsense://clinic", ["history", MRN], ("--database", "'nonsense'", "not a kind of database")),
    ("postgresql+nodriver://clinic@server/als", ["history", MRN], ("--database", "not a kind of database")),
    ("postgresql://clinic:s3cret-pw@server:port/als", ["history", MRN], ("--database", "cannot be read")),
]


@pytest.mark.parametrize(("where", "args", "words"), DATABASE_CASES,
                         ids=[f"{where or 'empty'}-{args[0]}" for where, args, _ in DATABASE_CASES])
def test_a_database_that_is_not_one_is_refused(
    run_cli: Run, place: Path, where: str, args: list[str], words: tuple[str, ...]
) -> None:
    database = {"folder": str(place), "missing": str(place / "missing.sqlite")}.get(where, where)
    before = contents(place)
    result = run_cli(*[arg.replace("{place}", str(place)) for arg in args], "--database", database)
    assert_refused(result, words)
    assert "s3cret-pw" not in result.stderr
    assert contents(place) == before  # no database made in the folder, none in place of the missing one


ENVIRONMENT_CASES = [
    ("nonsense://clinic", ("ALS_DESKTOP_DATABASE", "'nonsense'", "not a kind of database")),
    ("postgresql+nodriver://clinic:s3cret-pw@server/als", ("ALS_DESKTOP_DATABASE", "not a kind of database")),
    ("postgresql://clinic:s3cret-pw@server:port/als", ("ALS_DESKTOP_DATABASE", "cannot be read")),
    ("   ", ("ALS_DESKTOP_DATABASE", "it is empty")),
]


@pytest.mark.parametrize(("value", "words"), ENVIRONMENT_CASES, ids=[value.split(":")[0].strip() or "blank"
                                                                    for value, _ in ENVIRONMENT_CASES])
def test_a_database_named_in_the_environment_is_checked_like_the_option(
    run_cli: Run, place: Path, value: str, words: tuple[str, ...]
) -> None:
    before = contents(place)
    result = run_cli("history", MRN, env={"ALS_DESKTOP_DATABASE": value})
    assert_refused(result, words)
    assert "s3cret-pw" not in result.stderr and "unexpected" not in result.stderr
    assert contents(place) == before


# ---------------------------------------------------------------------------- a NUL

# No program can pass a NUL in its arguments (they are C strings), but another Python program can
# call the entry point with one; it is refused in the same words.
NUL_CASES = [
    ["history", "DEMO\x00-00001"],
    ["export", "\x00"],
    ["summary", "DEMO-00001\x00"],
    ["report", "--clinic-day", DAY, "--site", "Main\x00", "-o", "{place}/plans"],
]


@pytest.mark.parametrize("args", NUL_CASES, ids=[args[0] for args in NUL_CASES])
def test_a_nul_is_refused_by_the_entry_point(
    place: Path, args: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    before = contents(place)
    code = cli.main([arg.replace("{place}", str(place)) for arg in args] + ["--database", str(place / "clinic.sqlite")])
    out, err = capsys.readouterr()
    assert code == 2 and out == ""
    assert "control character" in err and "NUL" in err and "Traceback" not in err, err
    assert contents(place) == before

"""Fixtures for the command line, the demo clinic and the patient record files."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from cli_helpers import TEST_USER, add_test_account, make_demo, password_file

from als_desktop.config import sqlite_url
from als_desktop.db import Database, open_database


@pytest.fixture(scope="session")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A 40-patient demo clinic, built once; tests copy it or only read it."""
    path = tmp_path_factory.mktemp("demo") / "demo.sqlite"
    make_demo(path).close()
    return path


@pytest.fixture
def demo_db(demo_file: Path) -> Iterator[Database]:
    """The shared demo clinic: tests read it and never write to it."""
    database = open_database(sqlite_url(demo_file), migrate=False)
    yield database
    database.close()


@pytest.fixture(scope="session")
def test_password_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return password_file(tmp_path_factory.mktemp("signin"))


@pytest.fixture(scope="session")
def clinic_with_account(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An empty clinic whose only account is the test account, made once (hashing is slow)."""
    path = tmp_path_factory.mktemp("empty") / "clinic.sqlite"
    database = open_database(sqlite_url(path))
    add_test_account(database)
    database.close()
    return path


@pytest.fixture
def new_clinic(clinic_with_account: Path) -> Callable[[Path], Path]:
    """Makes an empty clinic at a path, with the account the tests sign in as."""

    def make(path: Path) -> Path:
        shutil.copyfile(clinic_with_account, path)
        return path

    return make


@pytest.fixture
def db(db_path: Path, new_clinic: Callable[[Path], Path]) -> Iterator[Database]:
    """A migrated SQLite database in a real file, with the account the tests sign in as."""
    new_clinic(db_path)
    database = open_database(sqlite_url(db_path))
    yield database
    database.close()


@pytest.fixture
def run_cli(home: Path, test_password_file: Path) -> Callable[..., subprocess.CompletedProcess[str]]:
    """Run `python -m als_desktop ARGS` as a real process, in the test's private home, signed in
    as the test account (`user=None`: no sign-in given). Standard input is never a terminal."""

    def run(*args: str, env: dict[str, str] | None = None, timeout: float = 120, user: str | None = TEST_USER,
            password: Path | None = None) -> subprocess.CompletedProcess[str]:
        environment = {**os.environ, "ALS_DESKTOP_HOME": str(home), "PYTHONIOENCODING": "utf-8"}
        environment.pop("ALS_DESKTOP_DATABASE", None)
        environment.update(env or {})
        signin = ["--user", user, "--password-file", str(password or test_password_file)] if user else []
        return subprocess.run([sys.executable, "-m", "als_desktop", *signin, *args], capture_output=True,
                              text=True, encoding="utf-8", env=environment, timeout=timeout,
                              stdin=subprocess.DEVNULL, check=False)

    return run


@pytest.fixture
def demo_copy(demo_file: Path, tmp_path: Path) -> Path:
    """A copy of the demo clinic that a test may change."""
    path = tmp_path / "clinic.sqlite"
    shutil.copyfile(demo_file, path)
    return path


@pytest.fixture
def cli_here(demo_copy: Path, test_password_file: Path,
             capsys: pytest.CaptureFixture[str]) -> Callable[..., tuple[int, str, str]]:
    """`als-desktop --database DEMO_COPY ARGS` through cli.main in this process: (exit code, stdout, stderr)."""
    from als_desktop import cli

    def run(*args: str) -> tuple[int, str, str]:
        capsys.readouterr()
        code = cli.main(["--database", str(demo_copy), "--user", TEST_USER, "--password-file",
                         str(test_password_file), *args])
        out, err = capsys.readouterr()
        return code, out, err

    return run

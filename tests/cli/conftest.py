"""Fixtures for the command line, the demo clinic and the patient record files."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from cli_helpers import make_demo

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


@pytest.fixture
def run_cli(home: Path) -> Callable[..., subprocess.CompletedProcess[str]]:
    """Run `python -m als_desktop ARGS` as a real process, in the test's private home."""

    def run(*args: str, env: dict[str, str] | None = None, timeout: float = 120) -> subprocess.CompletedProcess[str]:
        environment = {**os.environ, "ALS_DESKTOP_HOME": str(home), "PYTHONIOENCODING": "utf-8"}
        environment.pop("ALS_DESKTOP_DATABASE", None)
        environment.update(env or {})
        return subprocess.run([sys.executable, "-m", "als_desktop", *args], capture_output=True,
                              text=True, encoding="utf-8", env=environment, timeout=timeout)

    return run


@pytest.fixture
def demo_copy(demo_file: Path, tmp_path: Path) -> Path:
    """A copy of the demo clinic that a test may change."""
    path = tmp_path / "clinic.sqlite"
    shutil.copyfile(demo_file, path)
    return path


@pytest.fixture
def cli_here(demo_copy: Path, capsys: pytest.CaptureFixture[str]) -> Callable[..., tuple[int, str, str]]:
    """`als-desktop --database DEMO_COPY ARGS` through cli.main in this process: (exit code, stdout, stderr)."""
    from als_desktop import cli

    def run(*args: str) -> tuple[int, str, str]:
        capsys.readouterr()
        code = cli.main(["--database", str(demo_copy), *args])
        out, err = capsys.readouterr()
        return code, out, err

    return run

"""Which database is opened and where files go: explicit choice, then environment, then default."""

from __future__ import annotations

from pathlib import Path

import pytest

from als_desktop import config
from als_desktop.db.database import sqlite_path


def test_home_moves_every_folder(home: Path) -> None:
    folders = config.paths()
    assert folders.data == home / "data"
    assert folders.logs == home / "logs"
    assert folders.backups == home / "backups"
    assert folders.default_database == home / "data" / "clinic.sqlite"
    assert folders.demo_database != folders.default_database


def test_default_database_is_in_the_data_folder(home: Path) -> None:
    assert sqlite_path(config.database_url()) == (home / "data" / "clinic.sqlite").resolve()


def test_environment_names_the_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ALS_DESKTOP_DATABASE", str(tmp_path / "shared.sqlite"))
    assert sqlite_path(config.database_url()) == (tmp_path / "shared.sqlite").resolve()


def test_explicit_choice_beats_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ALS_DESKTOP_DATABASE", str(tmp_path / "shared.sqlite"))
    assert sqlite_path(config.database_url(str(tmp_path / "mine.sqlite"))) == (tmp_path / "mine.sqlite").resolve()


def test_relative_path_is_made_absolute(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert sqlite_path(config.database_url("clinic copy.sqlite")) == tmp_path.resolve() / "clinic copy.sqlite"


def test_url_is_used_as_given() -> None:
    url = "postgresql+psycopg://clinic@dbserver/als_clinic"
    assert config.database_url(url) == url
    assert sqlite_path(url) is None


def test_the_operating_system_login_is_no_author() -> None:
    # Authors are signed-in accounts (cli_signin, the login dialog), never the login name.
    assert not hasattr(config, "current_user")


def test_without_home_folders_follow_the_operating_system(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ALS_DESKTOP_HOME")
    import platformdirs

    folders = config.paths()
    assert folders.data == Path(platformdirs.user_data_dir("als-desktop", appauthor=False))
    assert folders.logs == Path(platformdirs.user_log_dir("als-desktop", appauthor=False))
    assert folders.backups.parent == folders.data

"""Start-up problems end in a message that says what to do, with Retry where trying again can
help, and a clean exit code: never a traceback.

Each folder problem is made two ways: a path whose parent is a regular file (refused to every
user, root included) and a folder without write permission (refused to everyone but root).
"""

from __future__ import annotations

import logging
import os
import sqlite3
import stat
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from als_desktop import app, config
from als_desktop.db import database as database_module
from als_desktop.db import open_database

AS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


@pytest.fixture
def restore_hooks(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """run_window installs the crash handler and log handlers: put everything back afterwards."""
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield
    for handler in root.handlers[:]:
        if handler not in handlers:
            root.removeHandler(handler)
            handler.close()
    root.setLevel(level)


def block_with_a_file(home: Path) -> Path:
    """Every folder under `home` cannot be created: `home` itself is a regular file."""
    home.parent.mkdir(parents=True, exist_ok=True)
    home.write_text("a file where the program's folder should be")
    return home


def block_with_permissions(home: Path) -> Path:
    data = home / "data"
    data.mkdir(parents=True)
    data.chmod(stat.S_IRUSR | stat.S_IXUSR)  # 0500: can look inside, cannot write
    return data


def unblock(blocked: Path) -> None:
    """What IT support does: the file out of the way, the folder writable again."""
    if blocked.is_file():
        blocked.unlink()
    elif blocked.exists():
        blocked.chmod(stat.S_IRWXU)


BLOCKERS = [
    pytest.param(block_with_a_file, id="parent-is-a-file"),
    pytest.param(block_with_permissions, id="read-only-folder", marks=pytest.mark.skipif(
        AS_ROOT, reason="root writes into a read-only folder; parent-is-a-file covers root")),
]


@pytest.fixture
def blocked_home(request: pytest.FixtureRequest, home: Path) -> Iterator[Path]:
    blocked = request.param(home)
    yield blocked
    unblock(blocked)  # so that tmp_path can be removed


@pytest.mark.parametrize("blocked_home", BLOCKERS, indirect=True)
def test_an_unusable_data_folder_is_explained_and_the_program_quits_cleanly(
        blocked_home, home, qapp, answers, restore_hooks, capsys):  # noqa: ANN001
    answers.replies = [app.QUIT]

    assert app.run_window(None) == app.NOT_STARTED

    [message] = answers.seen
    assert message.kind == "critical" and message.buttons == (app.RETRY, app.QUIT)
    assert message.text.startswith(f"The folder {config.paths().data} cannot be used: ")
    assert config.ENV_HOME in message.detail and config.ENV_DATABASE in message.detail
    assert "write access" in message.detail and "Retry" in message.detail
    assert not list(Path(home).parent.rglob("*.sqlite"))  # no database made anywhere
    assert "Traceback" not in capsys.readouterr().err


@pytest.mark.skipif(sys.platform != "linux", reason="XDG folders are how Linux places user data")
def test_a_data_home_that_is_a_file_is_explained_too(tmp_path, qapp, answers, restore_hooks,  # noqa: ANN001
                                                    monkeypatch):
    """Without ALS_DESKTOP_HOME the folders follow the desktop's settings (XDG_DATA_HOME)."""
    monkeypatch.delenv(config.ENV_HOME)
    not_a_folder = tmp_path / "data-home"
    not_a_folder.write_text("a file")
    monkeypatch.setenv("XDG_DATA_HOME", str(not_a_folder))
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))  # the log, kept in tmp_path
    answers.replies = [app.QUIT]

    assert app.run_window(None) == app.NOT_STARTED

    [message] = answers.seen
    assert f"The folder {not_a_folder / config.APP_DIR_NAME} cannot be used" in message.text
    assert "part of its path is a file" in message.text


@pytest.mark.parametrize("blocked_home", BLOCKERS, indirect=True)
def test_retry_after_the_folder_is_fixed_carries_on(blocked_home, home, qapp, restore_hooks):  # noqa: ANN001
    from als_desktop.views import messages

    seen: list[messages.Message] = []

    def fix_then_retry(message: messages.Message) -> str:
        seen.append(message)
        if len(seen) == 2:
            unblock(blocked_home)
        return app.RETRY

    previous = messages.answer_with(fix_then_retry)
    try:
        assert app.ensure_folders(config.paths())
    finally:
        messages.answer_with(previous)

    assert len(seen) == 2  # still refused after the first Retry, then fixed
    assert config.paths().data.is_dir() and config.paths().backups.is_dir()


def test_an_unwritable_log_folder_sends_the_log_to_stderr_and_the_window_opens(home) -> None:  # noqa: ANN001
    """Run as the program runs (its own process: the window's event loop must not end this
    test session's)."""
    home.mkdir()
    (home / "logs").write_text("a file where the log folder should be")
    resources = Path(__file__).resolve().parents[2] / "resources"
    script = (
        "import sys\n"
        "from als_desktop import app, config\n"
        "code = app.run_window(None)\n"
        "from PySide6.QtWidgets import QApplication\n"
        "qapp = QApplication.instance()\n"
        f"style = open({str(resources / 'style.qss')!r}, encoding='utf-8').read()\n"
        "print('style-applied', qapp.styleSheet() == style)\n"
        "print('icon-set', not qapp.windowIcon().isNull())\n"
        "sys.exit(code)\n"
    )
    environment = {**os.environ, "ALS_DESKTOP_HOME": str(home), app.EXIT_WHEN_SHOWN: "1",
                   "QT_QPA_PLATFORM": "offscreen", "PYTHONIOENCODING": "utf-8"}
    environment.pop("ALS_DESKTOP_DATABASE", None)
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, encoding="utf-8",
                            env=environment, timeout=120)
    assert result.returncode == 0, result.stderr
    for line in ("window-shown-at", "style-applied True", "icon-set True"):
        assert line in result.stdout
    # A new clinic database: the first window asks for its first administrator.
    assert "first-window First administrator" in result.stdout
    assert f"no account yet in {home / 'data' / 'clinic.sqlite'}" in result.stderr
    assert f"the log file {home / 'logs' / 'als-desktop.log'} cannot be written" in result.stderr
    assert "starting" in result.stderr  # the log itself, on stderr
    assert "Traceback" not in result.stderr


def test_the_crash_dialog_says_where_the_log_went_without_a_log_file(qapp, answers):  # noqa: ANN001
    app.show_crash("RuntimeError: nobody expected this", None)
    [message] = answers.seen
    assert "standard error" in message.detail and "log folder could not be written" in message.detail


@pytest.fixture
def locked_database(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[sqlite3.Connection]:
    """A clinic database another program holds with an exclusive lock."""
    open_database(config.sqlite_url(db_path)).close()
    monkeypatch.setattr(database_module, "BUSY_TIMEOUT_SECONDS", 1)  # keep each wait short
    holder = sqlite3.connect(db_path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    yield holder
    if holder.in_transaction:
        holder.execute("ROLLBACK")
    holder.close()


def test_a_locked_database_offers_retry_which_opens_it_once_free(db_path, locked_database):  # noqa: ANN001
    from als_desktop.views import messages

    seen: list[messages.Message] = []

    def retry_until_the_other_program_lets_go(message: messages.Message) -> str:
        seen.append(message)
        if len(seen) == 2:
            locked_database.execute("ROLLBACK")  # the other program finishes
        return app.RETRY

    previous = messages.answer_with(retry_until_the_other_program_lets_go)
    try:
        database = app.open_first_database(config.sqlite_url(db_path))
    finally:
        messages.answer_with(previous)
    try:
        assert database is not None and database.path == db_path.resolve()
    finally:
        database.close()

    assert len(seen) == 2  # the first Retry met the lock again, the second opened it
    for message in seen:
        assert message.buttons == (app.RETRY, app.OPEN_ANOTHER, app.QUIT)
        assert "is locked by another program" in message.text
        assert "try again" in message.detail and "The file was not changed." in message.detail


def test_a_locked_database_can_still_be_left(db_path, locked_database, answers):  # noqa: ANN001
    answers.replies = [app.QUIT]
    before = db_path.read_bytes()
    assert app.open_first_database(config.sqlite_url(db_path)) is None
    assert answers.seen[0].buttons[0] == app.RETRY
    assert db_path.read_bytes() == before


def test_a_damaged_or_empty_database_offers_no_retry_but_says_what_to_do(tmp_path, answers):  # noqa: ANN001
    damaged = tmp_path / "damaged.sqlite"
    damaged.write_bytes(b"SQLite format 3\x00" + bytes(range(256)) * 16)
    empty = tmp_path / "empty.sqlite"
    empty.touch()
    for path in (damaged, empty):
        answers.replies = [app.QUIT]
        assert app.open_first_database(config.sqlite_url(path)) is None
        message = answers.seen[-1]
        assert message.buttons == (app.OPEN_ANOTHER, app.QUIT)
        assert "backup" in message.detail.lower()


def test_a_database_address_that_is_no_url_is_explained_not_a_crash(answers):  # noqa: ANN001
    """ALS_DESKTOP_DATABASE mistyped: the window's start says what to give instead."""
    for url in ("nonsense://clinic", "postgresql://clinic:s3cret@server:port/als"):
        answers.replies = [app.QUIT]
        assert app.open_first_database(url) is None
        message = answers.seen[-1]
        assert "cannot be used" in message.text and "s3cret" not in message.text + message.detail
        assert "ALS_DESKTOP_DATABASE" in message.detail
        assert message.buttons == (app.OPEN_ANOTHER, app.QUIT)

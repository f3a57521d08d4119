"""Start-up: the demo clinic, an unusable database, the crash dialog, menus and shortcuts."""

from __future__ import annotations

import logging
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from als_desktop import app, config
from als_desktop.logging_setup import install_crash_handler, setup_logging
from als_desktop.services.demo_accounts import DEMO_PASSWORD
from als_desktop.views import window_databases


@pytest.fixture
def restore_hooks(monkeypatch):  # noqa: ANN001, ANN201
    import threading

    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    root = logging.getLogger()
    handlers = list(root.handlers)
    yield
    for handler in root.handlers[:]:
        if handler not in handlers:
            root.removeHandler(handler)
            handler.close()


def test_demo_clinic_is_separate_and_clearly_marked(open_window, db_path, qtbot, monkeypatch):
    monkeypatch.setattr(window_databases, "DEMO_PATIENTS", 3)
    window = open_window(db_path)
    assert "DEMO" not in window.windowTitle()
    assert not window.banner.isVisible()

    qtbot.mouseClick(window.welcome.demo_button, Qt.MouseButton.LeftButton)

    assert window.database.is_demo
    assert window.database.path == config.paths().demo_database.resolve()
    assert window.windowTitle() == "ALS Clinic Desktop — DEMO clinic (synthetic patients)"
    assert window.banner.isVisible() and "synthetic patients" in window.banner.text()
    # Signed in to the demo clinic with one of its demo accounts, which the banner names.
    assert window.user.user_name == "admin" and "Demo Administrator" in window.user_label.text()
    assert f"password for each: {DEMO_PASSWORD}" in window.banner.text()
    assert window.database_label.text().startswith("DEMO database:")
    # Counted in the list's rows: the deceased among them are listed only on request.
    assert len(window.patient_list.model.rows) == 3
    assert all(row.mrn.startswith("DEMO-") for row in window.patient_list.model.rows)

    # Back to the clinic: the clinic database is untouched and the marks are gone.
    assert window.clinic_action.isVisible()
    window.clinic_action.trigger()
    assert not window.database.is_demo
    assert "DEMO" not in window.windowTitle()
    assert window.pages.currentWidget() is window.welcome
    # The clinic database had no account: its first administrator was made, and works now.
    assert window.user.user_name == "first.admin" and window.user.is_administrator


def test_demo_clinic_is_filled_only_once(open_window, db_path, monkeypatch):
    monkeypatch.setattr(window_databases, "DEMO_PATIENTS", 2)
    window = open_window(db_path)
    window.open_demo()
    window.open_clinic()
    window.open_demo()
    assert len(window.patient_list.model.rows) == 2


def test_corrupt_database_at_start_is_explained_and_left_alone(tmp_path, qapp, answers, restore_hooks):
    broken = tmp_path / "clinic.sqlite"
    broken.write_bytes(b"this is not a database, it is a shopping list" * 10)
    before = broken.read_bytes()
    answers.replies = [app.QUIT]

    assert app.run_window(str(broken)) == 1

    [message] = answers.seen
    assert message.buttons == (app.OPEN_ANOTHER, app.QUIT)
    assert "not an ALS Clinic Desktop database" in message.text
    assert "restore" in message.detail.lower()
    assert broken.read_bytes() == before
    assert not list(tmp_path.glob("clinic.sqlite-*"))  # no WAL or journal beside it
    assert "not opened" in config.paths().log_file.read_text()


def test_open_another_database_after_a_problem(tmp_path, answers, monkeypatch):
    broken = tmp_path / "broken.sqlite"
    broken.write_bytes(b"garbage" * 100)
    good = tmp_path / "good.sqlite"
    answers.replies = [app.OPEN_ANOTHER]
    monkeypatch.setattr(app, "choose_database_file", lambda: good)

    database = app.open_first_database(config.sqlite_url(broken))
    try:
        assert database is not None and database.path == good.resolve()
    finally:
        database.close()


def test_a_zero_byte_database_is_refused_with_what_to_do_not_made_a_new_clinic(tmp_path, answers):
    emptied = tmp_path / "shared" / "clinic.sqlite"
    emptied.parent.mkdir()
    emptied.touch()
    default = config.paths().default_database  # the first-start file too, once it exists
    default.parent.mkdir(parents=True)
    default.touch()
    for path in (emptied, default):
        answers.replies = [app.QUIT]
        assert app.open_first_database(config.sqlite_url(path)) is None
        message = answers.seen[-1]
        assert f"{path} is empty (0 bytes)" in message.text
        assert "Restore a backup" in message.detail and str(config.paths().backups) in message.detail
        assert path.stat().st_size == 0 and sorted(p.name for p in path.parent.iterdir()) == [path.name]


def test_a_damaged_page_in_the_middle_is_refused_on_opening(tmp_path, answers):
    import sqlite3
    from datetime import date

    from als_desktop.db import open_database
    from als_desktop.services import demo

    path = tmp_path / "clinic.sqlite"
    database = open_database(config.sqlite_url(path))
    demo.populate(database, 12, seed=2, today=date(2025, 6, 2))
    database.close()
    with sqlite3.connect(path) as connection:
        page_size = connection.execute("PRAGMA page_size").fetchone()[0]
        leaves = [n for (n,) in connection.execute(
            "SELECT pageno FROM dbstat WHERE name = 'visits' AND pagetype = 'leaf' ORDER BY pageno")]
    connection.close()
    data = bytearray(path.read_bytes())
    start = (leaves[len(leaves) // 2] - 1) * page_size
    data[start:start + page_size] = bytes((i * 31 + 5) % 256 for i in range(page_size))
    path.write_bytes(bytes(data))
    answers.replies = [app.QUIT]

    assert app.open_first_database(config.sqlite_url(path)) is None

    [message] = answers.seen
    assert "is damaged and cannot be read" in message.text and "backup" in message.detail
    assert path.read_bytes() == bytes(data)


def test_unreadable_url_is_explained(answers):
    answers.replies = [app.QUIT]
    assert app.open_first_database("nonsense://///") is None
    assert "cannot be used: it is not a database URL" in answers.seen[0].text


def test_demo_file_opened_directly_is_marked_demo(tmp_path):
    assert app.is_demo_url(config.sqlite_url(config.paths().demo_database))
    assert not app.is_demo_url(config.sqlite_url(tmp_path / "clinic.sqlite"))


def test_crash_is_logged_and_the_dialog_names_the_log(tmp_path, restore_hooks, qapp, answers):
    log_file = setup_logging(tmp_path / "logs" / "als-desktop.log")
    install_crash_handler(log_file, report=app.show_crash)
    try:
        raise RuntimeError("something nobody expected")
    except RuntimeError:
        sys.excepthook(*sys.exc_info())

    [message] = answers.seen
    assert message.kind == "critical"
    assert str(log_file) in message.detail
    logged = log_file.read_text()
    assert "something nobody expected" in logged
    assert "Traceback" in logged


def test_logging_is_set_up_once_per_file(tmp_path, restore_hooks):
    log_file = tmp_path / "logs" / "als-desktop.log"
    setup_logging(log_file)
    setup_logging(log_file)
    logging.getLogger("als_desktop.test").warning("one line")
    assert log_file.read_text().count("one line") == 1


def test_menus_and_shortcuts(open_window, db_path, patient, qtbot, answers):
    window = open_window(db_path)
    menus = {action.text().replace("&", ""): action.menu() for action in window.menuBar().actions()}
    assert set(menus) == {"File", "Patient", "Clinic", "Admin", "Help"}  # CLINICIAN is an administrator too
    clinic_items = [a.text().replace("&", "") for a in menus["Clinic"].actions() if a.text()]
    assert clinic_items == ["Worklist…", "Team plans for a clinic day…", "Settings…"]
    assert window.worklist_action.shortcut().toString() == "Ctrl+Shift+W"
    file_items = [a.text().replace("&", "") for a in menus["File"].actions() if a.text()]
    assert file_items[:3] == ["New patient…", "Open database…", "Open the demo clinic"]
    assert file_items[-4:] == ["Switch user…", "Lock", "Sign out", "Quit"]
    assert window.lock_action.shortcut().toString() == "Ctrl+L"
    assert window.new_patient_action.shortcut().toString() == "Ctrl+N"
    assert window.new_visit_action.shortcut().toString() == "Ctrl+Shift+V"

    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.patient_list.search.hasFocus()
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert window.current_dialog is not None and window.current_dialog.windowTitle() == "New patient"
    window.current_dialog.reject()

    window.about()
    assert str(Path(window.database.description)) in answers.seen[-1].detail
    assert "0." in answers.seen[-1].text  # the version


def test_every_input_has_an_accessible_name(open_window, db_path, patient):
    from PySide6.QtWidgets import QAbstractButton, QAbstractSpinBox, QComboBox, QLineEdit, QTableView

    window = open_window(db_path)
    window.patient_list.select(patient.id)
    for title in ("Overview", "Neurology", "SLP", "Nutrition", "Pulmonary", "Palliative"):
        window.tabs.show_tab(title)
    widgets = [window, window.new_patient(), window.new_visit()]
    checked = 0
    for root in widgets:
        for kind in (QLineEdit, QComboBox, QTableView, QAbstractButton, QAbstractSpinBox):
            for widget in root.findChildren(kind):
                if isinstance(widget.parent(), (QComboBox,)) or widget.objectName().startswith("qt_"):
                    continue  # Qt's own internal parts (combo line edits, calendar buttons)
                if not widget.isVisibleTo(root) or isinstance(widget, QAbstractButton) and widget.text():
                    continue
                assert widget.accessibleName(), f"{type(widget).__name__} in {root.windowTitle()} has no name"
                checked += 1
    assert checked > 30  # the search, tables, every form input


def test_tabs_are_built_when_first_shown(open_window, db_path, patient):
    window = open_window(db_path)
    window.patient_list.select(patient.id)
    assert set(window.tabs.built) == {"Overview"}
    window.tabs.show_tab("Pulmonary")
    assert set(window.tabs.built) == {"Overview", "Pulmonary"}


def test_new_visit_shortcut_and_visits_newest_first_with_site(open_window, db_path, db, patient, qtbot):
    from datetime import date

    from als_desktop.services import visits

    with db.transaction() as session:
        visits.create_visit(session, patient.id, {"visit_date": date(2024, 1, 10)}, "setup")
        visits.create_visit(session, patient.id, {"visit_date": date(2024, 4, 9), "site": "Northtown outreach"}, "setup")
    window = open_window(db_path)
    window.patient_list.select(patient.id)
    choice = window.visit_choice
    assert [choice.itemText(i) for i in range(choice.count())] == [
        "09 Apr 2024 — Northtown outreach", "10 Jan 2024 — Main clinic"]

    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    dialog = window.current_dialog
    assert dialog is not None and dialog.windowTitle() == "New visit — EXAMPLE, Alex"
    # An outreach site used before is offered in the list.
    site = dialog.form.fields["site"]
    assert [site.itemText(i) for i in range(site.count())] == ["Main clinic", "Northtown outreach"]
    dialog.reject()


def test_program_starts_from_the_command_line_and_logs(tmp_path):
    """`python -m als_desktop` as a user starts it: window shown, log written, clean exit."""
    import os
    import subprocess

    home = tmp_path / "home"
    env = {**os.environ, "ALS_DESKTOP_HOME": str(home), app.EXIT_WHEN_SHOWN: "1", "QT_QPA_PLATFORM": "offscreen"}
    env.pop("ALS_DESKTOP_DATABASE", None)
    # No --database: the first start of `make run`, on the default file in the data folder.
    result = subprocess.run([sys.executable, "-m", "als_desktop"],
                            env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "window-shown-at" in result.stdout
    # A new clinic: the first window is its first administrator's, nothing of the record yet.
    assert "first-window First administrator — ALS Clinic Desktop" in result.stdout
    assert (home / "data" / "clinic.sqlite").exists()
    log_text = (home / "logs" / "als-desktop.log").read_text()
    assert "starting" in log_text and "asking for the first administrator" in log_text
    assert "showing database" not in log_text


def test_a_clinic_with_accounts_starts_on_the_sign_in(tmp_path):
    """The demo clinic (it has accounts) opens on the sign-in dialog: nobody gets past it
    without a password, whatever the environment says."""
    import os

    home = tmp_path / "home"
    env = {**os.environ, "ALS_DESKTOP_HOME": str(home), app.EXIT_WHEN_SHOWN: "1", "QT_QPA_PLATFORM": "offscreen",
           "LOGNAME": "admin", "USER": "admin"}
    demo = home / "data" / "demo-clinic.sqlite"
    made = subprocess.run([sys.executable, "-m", "als_desktop", "demo", "--patients", "2", "--database", str(demo)],
                          env=env, capture_output=True, text=True, timeout=120)
    assert made.returncode == 0, made.stderr
    result = subprocess.run([sys.executable, "-m", "als_desktop", "--database", str(demo)],
                            env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "first-window Sign in — ALS Clinic Desktop" in result.stdout
    log_text = (home / "logs" / "als-desktop.log").read_text()
    assert "asking who signs in to" in log_text and "nobody signed in; quitting" in log_text
    assert "showing database" not in log_text


def test_a_named_database_that_does_not_exist_is_created_only_when_asked(tmp_path, answers, monkeypatch):
    typo = tmp_path / "Clinc" / "clinic.sqlite"
    answers.replies = [app.OPEN_ANOTHER]
    monkeypatch.setattr(app, "choose_database_file", lambda: None)

    assert app.open_first_database(config.sqlite_url(typo)) is None
    assert "There is no database at" in answers.seen[0].text
    assert not typo.exists() and not typo.parent.exists()

    answers.replies = [app.CREATE]
    database = app.open_first_database(config.sqlite_url(typo))
    try:
        assert database is not None and typo.exists()
    finally:
        database.close()


def test_the_default_database_is_created_without_asking(answers):
    database = app.open_first_database(config.database_url(None))
    try:
        assert database.path == config.paths().default_database.resolve()
        assert answers.seen == []
    finally:
        database.close()


def test_plotting_and_pdf_libraries_load_only_when_their_tab_is_shown(tmp_path: Path) -> None:
    """Start-up stays light: matplotlib, reportlab and PDFium wait for Trends and Team plan."""
    code = f"""
import os, sys
os.environ["QT_QPA_PLATFORM"] = "offscreen"
os.environ["ALS_DESKTOP_HOME"] = {str(tmp_path / "home")!r}
from PySide6.QtWidgets import QApplication
from als_desktop.config import sqlite_url
from als_desktop.db import open_database
from als_desktop.services.demo import populate
from als_desktop.views.main_window import MainWindow
from als_desktop.services.accounts import SignedIn
import uuid
app = QApplication([])
database = open_database(sqlite_url({str(tmp_path / "clinic.sqlite")!r}))
populate(database, 3, seed=1)
window = MainWindow(database, user=SignedIn(uuid.UUID(int=1), "neuro", "Neuro Logist", ("neurology",)))
window.show()
window.patient_list.select(window.patient_list.model.rows[0].id)
for title in ("Overview", "Neurology", "Nutrition", "Pulmonary"):
    window.tabs.show_tab(title)
heavy = ("matplotlib", "reportlab", "pypdfium2")
assert not [name for name in heavy if name in sys.modules], [name for name in heavy if name in sys.modules]
window.tabs.show_tab("Trends")
assert "matplotlib" in sys.modules
print("ok")
"""
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0 and "ok" in result.stdout, result.stderr

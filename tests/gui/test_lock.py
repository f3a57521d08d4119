"""Lock, automatic lock, switch user and sign out: an unattended window shows nothing of a
patient, and unsaved input stays with the member who typed it.

The locked window is walked widget by widget (text, accessible name and description, tooltip,
window title) for the patient's name and MRN, in every window of the program on screen."""

from __future__ import annotations

from datetime import date

import pytest
from clinic_builders import add_patient, add_visit
from members import NINA_PASSWORD, PAT_PASSWORD, add_members, sign_in_on
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QLineEdit, QWidget

from als_desktop.models import RespiratoryAssessment
from als_desktop.services import audit, auto_lock
from als_desktop.views import window_session
from als_desktop.views.window_session import LOCKED_TITLE

CTRL = Qt.KeyboardModifier.ControlModifier
VISIT_DAY = date(2024, 4, 9)
SECRETS = ("Ada", "ADAMS", "Adams", "MRN-1")


@pytest.fixture
def members(db):
    return add_members(db)


@pytest.fixture
def ada(db):
    patient = add_patient(db, "MRN-1", "Ada", "Adams")
    add_visit(db, patient, VISIT_DAY)
    return patient


@pytest.fixture
def window(open_window, db_path, members, ada, qtbot):
    window = open_window(db_path, user=members.nina, today=VISIT_DAY)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.patient_list.select(ada)
    assert window.patient.mrn == "MRN-1"
    return window


def spo2(window) -> QLineEdit:  # noqa: ANN001
    return window.tabs.tab("Pulmonary").assessment.fields["spo2_percent"].edit


def type_spo2(window, qtbot, text: str = "95") -> None:  # noqa: ANN001
    window.tabs.show_tab("Pulmonary")
    qtbot.keyClicks(spo2(window), text)


def stored_spo2(db) -> list[tuple[int, str]]:  # noqa: ANN001
    with db.reading() as session:
        return [(row.spo2_percent, row.created_by) for row in session.query(RespiratoryAssessment)]


def everything_readable() -> list[str]:
    """Every text on screen or given to a screen reader, in every visible window."""
    found: list[str] = []
    for top in QApplication.topLevelWidgets():
        if not top.isVisible():
            continue
        for widget in [top, *top.findChildren(QWidget)]:
            if not widget.isVisible():
                continue
            found += [widget.accessibleName(), widget.accessibleDescription(), widget.toolTip(), widget.windowTitle()]
            if isinstance(widget, QLabel | QAbstractButton | QLineEdit):
                found.append(widget.text())
    return found


def audit_events(db) -> list[tuple[str, str, str]]:  # noqa: ANN001
    with db.reading() as session:
        return [(entry.action, entry.actor, entry.detail)
                for entry in audit.entries(session, audit.AuditFilter(events_only=True))]


def test_lock_hides_every_trace_of_the_patient(window, qtbot, tmp_path):
    type_spo2(window, qtbot)
    window.tabs.show_tab("Neurology")
    window.open_clinic_day()
    dialog = window.edit_patient()
    assert dialog.isVisible()
    assert any("Adams" in text or "ADAMS" in text for text in everything_readable())  # the walk sees them
    window.statusBar().showMessage("Saved weight 68.4 kg for ADAMS, Ada (MRN-1) at 10:42")

    qtbot.keyClick(dialog.focusWidget() or dialog, Qt.Key.Key_L, CTRL)  # from the open dialog too

    assert window.locked and window.screens.currentWidget() is window.lock_screen
    assert window.windowTitle() == LOCKED_TITLE
    assert not dialog.isVisible() and not window.clinic_day_view.isVisible()
    window.statusBar().showMessage("Saved weight 68.4 kg for ADAMS, Ada (MRN-1) at 10:42")  # a late save
    assert window.statusBar().currentMessage() == ""
    readable = " ".join(everything_readable())
    assert not [secret for secret in SECRETS if secret in readable], readable
    assert "Locked — signed in as Nina Neuro (nina.neuro); sign in to continue" in readable
    assert window.lock_screen.user_name.text() == "nina.neuro"
    window.grab().save(str(tmp_path / "locked.png"))

    # No action of the record works while locked, from the menus or their keys.
    qtbot.keyClick(window, Qt.Key.Key_N, CTRL)
    assert window.current_dialog is dialog and not dialog.isVisible()
    assert not window.save_action.isEnabled() and not window.menuBar().isEnabled()


def test_the_same_member_finds_their_input_and_dialog_again(window, qtbot, db):
    type_spo2(window, qtbot)
    dialog = window.edit_patient()
    window.lock()
    sign_in_on(qtbot, window, "nina.neuro", "wrong password")
    assert window.locked and "not right" in window.lock_screen.problem.text()

    sign_in_on(qtbot, window, "nina.neuro", NINA_PASSWORD)

    assert not window.locked and window.screens.currentIndex() == 0
    assert dialog.isVisible()  # the dialog she had open, as she left it
    dialog.reject()
    assert spo2(window).text() == "95" and window.tabs.with_unsaved_input()
    assert "Ada" in window.header.name.text()
    assert window.save_action.isEnabled() and window.menuBar().isEnabled()
    assert window.save_current_tab()
    qtbot.waitUntil(lambda: stored_spo2(db) == [(95, "nina.neuro")])
    events = audit_events(db)
    assert ("Screen locked", "nina.neuro", "") in events and ("Screen unlocked", "nina.neuro", "") in events
    assert ("Sign-in failed", "nina.neuro", "wrong password (1 in a row)") in events


def test_another_member_never_saves_the_first_ones_input(window, qtbot, db):
    type_spo2(window, qtbot)
    window.lock()
    sign_in_on(qtbot, window, "pat.pulm", PAT_PASSWORD, someone_else=True)

    # Nina's window is kept for her, hidden and locked; Pat works in a window of his own.
    assert window in window_session.kept_windows and not window.isVisible() and window.locked
    [pats] = [w for w in window_session.open_windows if w is not window]
    assert pats.isVisible() and pats.user.user_name == "pat.pulm" and pats.author.name == "pat.pulm"
    assert "Pat Pulmonary" in pats.user_label.text()
    assert pats.patient is None and not pats.tabs.with_unsaved_input()
    pats.patient_list.select(window.patient.id)
    pats.tabs.show_tab("Pulmonary")
    assert spo2(pats).text() == ""
    assert not pats.save_current_tab()
    assert stored_spo2(db) == []

    # Pat locks; Nina signs in on his lock screen and gets her window back as she left it.
    pats.lock()
    sign_in_on(qtbot, pats, "nina.neuro", NINA_PASSWORD, someone_else=True)
    assert window.isVisible() and not window.locked and window not in window_session.kept_windows
    assert not pats.isVisible()  # held nothing of Pat's: closed
    assert spo2(window).text() == "95"
    assert window.save_current_tab()
    qtbot.waitUntil(lambda: stored_spo2(db) == [(95, "nina.neuro")])


def test_a_window_without_input_changes_hands(window, qtbot, db):
    window.lock()
    sign_in_on(qtbot, window, "pat.pulm", PAT_PASSWORD, someone_else=True)
    assert not window.locked and window.isVisible() and window_session.kept_windows == []
    assert window.user.user_name == "pat.pulm" and window.author.name == "pat.pulm"
    assert window.patient is None  # Nina's patient is not left open for Pat
    assert ("Signed out", "nina.neuro", "another member signed in on the locked window") in audit_events(db)


def test_sign_out_asks_about_input_then_shows_nobody(window, qtbot, db, answers):
    type_spo2(window, qtbot)
    answers.replies = ["Discard"]
    window.sign_out_action.trigger()
    assert window.locked and window.signed_out and window.patient is None
    assert window.lock_screen.user_name.text() == "" and "Nobody signed in" in window.user_label.text()
    assert "Adams" not in " ".join(everything_readable())
    sign_in_on(qtbot, window, "pat.pulm", PAT_PASSWORD)
    assert not window.locked and window.user.user_name == "pat.pulm"
    assert ("Signed out", "nina.neuro", "") in audit_events(db)


def test_the_window_locks_itself_after_the_clinic_setting(window, qtbot, db, members):
    assert window.auto_lock_timer.interval() == auto_lock.DEFAULT_MINUTES * 60_000
    with db.transaction() as session:
        auto_lock.save_auto_lock_minutes(session, 7, members.nina.actor("ws-test"))
    window.read_auto_lock()
    assert window.auto_lock_timer.interval() == 7 * 60_000

    window.auto_lock_timer.setInterval(300)  # the test's short wait, on the same timer
    window.auto_lock_timer.start()
    qtbot.waitUntil(lambda: window.locked, timeout=5000)
    assert "Adams" not in " ".join(everything_readable())
    assert any(action == "Screen locked" and detail.startswith("after") for action, _, detail in audit_events(db))


def test_an_administrator_sets_the_time_in_the_settings(window, qtbot, db):
    from als_desktop.views.settings_dialog import LOCK_FIELD, open_settings

    dialog = open_settings(window)
    field = dialog.form.fields[LOCK_FIELD]
    assert field.text() == "15" and "Default: 15 minutes" in field.toolTip()
    field.edit.clear()
    qtbot.keyClicks(field.edit, "90")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "from 1 to 60" in dialog.form.error_text(LOCK_FIELD))
    assert dialog.isVisible()
    field.edit.clear()
    qtbot.keyClicks(field.edit, "7")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    with db.reading() as session:
        assert auto_lock.auto_lock_minutes(session) == 7
    qtbot.waitUntil(lambda: window.auto_lock_timer.interval() == 7 * 60_000)
    assert any(action == "Changed the clinic settings" and actor == "nina.neuro"
               for action, actor, _ in audit_events(db))


def test_the_settings_offer_the_lock_time_to_administrators_only(open_window, db_path, members, qtbot):
    from als_desktop.views.settings_dialog import LOCK_FIELD, open_settings

    window = open_window(db_path, user=members.pat)
    dialog = open_settings(window)
    assert LOCK_FIELD not in dialog.form.fields
    dialog.reject()


def test_input_keeps_the_window_open(window, qtbot):
    window.auto_lock_timer.setInterval(400)
    window.auto_lock_timer.start()
    for _ in range(4):
        qtbot.wait(150)
        qtbot.keyClick(window.patient_list.search, Qt.Key.Key_Shift)
    assert not window.locked
    qtbot.waitUntil(lambda: window.locked, timeout=5000)


def test_only_an_administrator_sets_the_time_and_within_limits(db, members):
    from als_desktop.services.errors import AccountError, ValidationError

    with db.transaction() as session, pytest.raises(AccountError):
        auto_lock.save_auto_lock_minutes(session, 5, members.pat.actor("ws-test"))
    with db.transaction() as session, pytest.raises(ValidationError):
        auto_lock.save_auto_lock_minutes(session, 0, members.nina.actor("ws-test"))
    with db.reading() as session:
        assert auto_lock.auto_lock_minutes(session) == auto_lock.DEFAULT_MINUTES


def test_opening_a_record_is_audited_once(window, qtbot, db, ada):
    def opened() -> list[str]:
        with db.reading() as session:
            return [entry.actor for entry in audit.who_opened(session, ada)]

    qtbot.waitUntil(lambda: opened() == ["nina.neuro"])
    window.record_changed()  # shown again after a save: not a new opening
    window.show_patient(ada)
    qtbot.wait(200)
    assert opened() == ["nina.neuro"]

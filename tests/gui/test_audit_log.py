"""Admin ▸ Audit log: the trail newest first with its filters, the CSV read back, the chain
verified intact, and the first broken entry named after a raw-SQL change to a copy."""

from __future__ import annotations

import csv
import sqlite3
from datetime import date, timedelta
from pathlib import Path

import pytest
from admin_helpers import WORKSTATION, clinic, window_for  # noqa: F401
from clinic_builders import add_patient, add_visit
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFileDialog
from sqlalchemy import select

from als_desktop.domain.audit_events import EVENTS
from als_desktop.models.history import ChangeEntry
from als_desktop.services import audit, trail
from als_desktop.services.audit import CSV_HEADER, AuditFilter
from als_desktop.services.errors import RoleRequired
from als_desktop.services.writer import Actor
from als_desktop.views.audit_log import BREAK_GLASS_BACKGROUND, AuditLogDialog

REASON = "patient short of breath, respiratory therapist away"


@pytest.fixture
def trail_clinic(clinic):  # noqa: F811
    """Two patients; the nurse opened one, wrote once without the role, and opened the other."""
    first = add_patient(clinic.database, "MRN-4001", "Maria", "Okafor")
    add_visit(clinic.database, first, date(2024, 6, 1))
    second = add_patient(clinic.database, "MRN-4002", "Tom", "Berg")
    nurse = clinic.nurse.actor("ws-ward")
    with clinic.database.transaction() as session:
        audit.record(session, nurse, "open_record", patient_id=first)
        audit.record(session, Actor("nurse.kim", "ws-ward", frozenset({"nursing"}), REASON), "break_glass",
                     patient_id=first, detail=REASON)
        audit.record(session, nurse, "open_record", patient_id=second)
    clinic.patients = (first, second)
    return clinic


def open_log(qtbot, window) -> AuditLogDialog:
    window.audit_log_action.trigger()
    dialog = window.current_dialog
    assert isinstance(dialog, AuditLogDialog)
    wait(qtbot, dialog)
    return dialog


def wait(qtbot, dialog: AuditLogDialog) -> None:
    qtbot.waitUntil(lambda: not dialog.is_busy, timeout=10000)


def show(qtbot, dialog: AuditLogDialog, **filters) -> list:
    dialog.mrn.setText(filters.get("mrn", ""))
    dialog.user.setText(filters.get("user", ""))
    dialog.since.set_value(filters.get("since"))
    dialog.events_only.setChecked(filters.get("events_only", False))
    dialog.break_glass_only.setChecked(filters.get("break_glass_only", False))
    dialog.show_button.click()
    wait(qtbot, dialog)
    return dialog.entries


def audit_events(database) -> list[ChangeEntry]:
    with database.reading() as session:
        return list(session.scalars(select(ChangeEntry).where(ChangeEntry.event == "audit")
                                    .order_by(ChangeEntry.seq)))


def test_the_trail_newest_first_with_each_filter(qtbot, trail_clinic, window_for, answers) -> None:  # noqa: F811
    window = window_for(trail_clinic.path, trail_clinic.admin)
    dialog = open_log(qtbot, window)
    shown = dialog.entries
    assert [entry.seq for entry in shown] == sorted((entry.seq for entry in shown), reverse=True)
    assert shown[0].action == "Opened the record" and shown[0].mrn == "MRN-4002"
    assert dialog.model.rowCount() == len(shown)
    assert "newest first" in dialog.count.text() and "1 break-glass entry to review" in dialog.count.text()

    first_only = show(qtbot, dialog, mrn="MRN-4001")
    assert first_only and {entry.mrn for entry in first_only} == {"MRN-4001"}
    assert {"Added patient record", "Added visit", "Opened the record"} <= {entry.action for entry in first_only}

    nurse_only = show(qtbot, dialog, user="Nurse.Kim")
    assert nurse_only and {entry.actor for entry in nurse_only} == {"nurse.kim"}

    events = show(qtbot, dialog, events_only=True)
    assert events and {entry.action for entry in events} <= set(EVENTS.values())
    assert "Added visit" not in {entry.action for entry in events}

    review = show(qtbot, dialog, break_glass_only=True)
    assert [(entry.actor, entry.mrn, entry.detail) for entry in review] == [("nurse.kim", "MRN-4001", REASON)]
    assert dialog.model.data(dialog.model.index(0, 5)).startswith("⚑ ")
    assert dialog.model.data(dialog.model.index(0, 0), 8).color().name() == BREAK_GLASS_BACKGROUND  # BackgroundRole

    assert show(qtbot, dialog, since=date.today() + timedelta(days=2)) == []
    assert len(show(qtbot, dialog, since=date.today() - timedelta(days=1))) >= len(shown)

    show(qtbot, dialog, mrn="MRN-9999")
    assert dialog.problem.isVisible() and "No patient has MRN MRN-9999" in dialog.problem.text()

    # Every reading is itself an event, naming the administrator and the filters.
    readings = audit_events(trail_clinic.database)
    assert all(entry.actor == "admin.lee" for entry in readings)
    details = [entry.reason for entry in readings]
    assert "read the audit trail" in details
    assert "read the audit trail (patient MRN-4001)" in details
    assert "read the audit trail (break-glass only)" in details
    assert next(e for e in readings if e.reason == "read the audit trail (patient MRN-4001)").patient_id \
        == trail_clinic.patients[0]


def test_csv_read_back_never_replacing_unasked(qtbot, trail_clinic, window_for, answers, tmp_path, monkeypatch) -> None:  # noqa: F811
    window = window_for(trail_clinic.path, trail_clinic.admin)
    dialog = open_log(qtbot, window)
    shown = show(qtbot, dialog, mrn="MRN-4001")
    target = tmp_path / "trail.csv"
    assert dialog.save_csv(target)
    wait(qtbot, dialog)
    with target.open(encoding="utf-8-sig", newline="") as stream:
        rows = list(csv.reader(stream))
    assert rows[0] == CSV_HEADER
    # What was shown, and above it the reading that showed it (recorded on the patient's trail too).
    newer = rows[1:len(rows) - len(shown)]
    assert [row[0] for row in rows[len(newer) + 1:]] == [str(entry.seq) for entry in shown]
    assert [row[6] for row in newer] == ["Read or exported the audit trail"]
    assert {row[4] for row in rows[1:]} == {"MRN-4001"}
    assert any(row[6] == "Wrote without the role (break-glass)" and row[8] == REASON for row in rows[1:])
    assert f"saved as {target}" in dialog.count.text()
    exported = audit_events(trail_clinic.database)[-1]
    assert (exported.actor, exported.source, exported.patient_id) == ("admin.lee", "trail.csv", trail_clinic.patients[0])
    assert "exported" in exported.reason and "as CSV" in exported.reason

    # The same file again without the confirmation: refused, the file as it was.
    before = target.read_bytes()
    assert dialog.save_csv(target)
    wait(qtbot, dialog)
    assert dialog.problem.isVisible() and target.read_bytes() == before

    # A name typed without ".csv" names a file the file dialog did not ask about: asked here.
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args, **kwargs: (str(tmp_path / "trail"), ""))
    answers.replies = ["Cancel"]
    assert not dialog.export_csv()
    assert answers.seen[-1].title == "Replace the file?" and target.read_bytes() == before
    answers.replies = ["Replace"]
    assert dialog.export_csv()
    wait(qtbot, dialog)
    assert not dialog.problem.isVisible()


def test_verify_shows_the_chain_intact_with_its_head(qtbot, trail_clinic, window_for, answers) -> None:  # noqa: F811
    window = window_for(trail_clinic.path, trail_clinic.admin)
    dialog = open_log(qtbot, window)
    dialog.verify_button.click()
    wait(qtbot, dialog)
    verdict = dialog.verdict
    assert verdict.intact
    with trail_clinic.database.reading() as session:
        # The check itself is recorded before the walk: the head it names is the newest entry.
        seq, newest = trail.head(session)
    assert (verdict.head_seq, verdict.head_hash) == (seq, newest)
    assert "The trail is intact" in dialog.verdict_label.text() and verdict.head_hash in dialog.verdict_label.text()
    assert dialog.copy_button.isVisible()
    dialog.copy_button.click()
    assert QGuiApplication.clipboard().text() == verdict.head_hash
    assert audit_events(trail_clinic.database)[-1].reason == "verified the chain"


def test_verify_names_the_entry_changed_in_a_tampered_copy(qtbot, trail_clinic, window_for, answers,  # noqa: F811
                                                           tmp_path: Path) -> None:
    copy = tmp_path / "copy.sqlite"
    with sqlite3.connect(trail_clinic.path) as source, sqlite3.connect(copy) as target:
        source.backup(target)
    with sqlite3.connect(copy) as raw:
        seq = raw.execute("SELECT seq FROM change_history WHERE event = 'break_glass'").fetchone()[0]
        raw.execute("DROP TRIGGER change_history_no_update")
        raw.execute("UPDATE change_history SET reason = 'routine entry' WHERE seq = ?", (seq,))
    window = window_for(copy, trail_clinic.admin)
    dialog = open_log(qtbot, window)
    dialog.verify_button.click()
    wait(qtbot, dialog)
    assert not dialog.verdict.intact and dialog.verdict.first_break.seq == seq
    text = dialog.verdict_label.text()
    assert f"does not hold at entry {seq}" in text and "changed" in text
    assert not dialog.copy_button.isVisible()


def test_only_an_administrator_reads_the_trail(trail_clinic) -> None:
    nurse = trail_clinic.nurse.actor(WORKSTATION)
    with trail_clinic.database.transaction() as session:
        with pytest.raises(RoleRequired, match="Only an administrator"):
            audit.read_trail(session, nurse, AuditFilter())
        with pytest.raises(RoleRequired):
            audit.check_trail(session, nurse)


def test_any_member_sees_who_opened_the_record_from_its_header(qtbot, trail_clinic, window_for, answers) -> None:  # noqa: F811
    first = trail_clinic.patients[0]
    with trail_clinic.database.transaction() as session:
        audit.record(session, trail_clinic.admin.actor("ws-office"), "open_record", patient_id=first)
    window = window_for(trail_clinic.path, trail_clinic.nurse)  # no administrator role
    window.patient_list.select(first)
    assert window.header.who_opened_button.isVisible()
    window.header.who_opened_button.click()
    dialog = window.current_dialog
    qtbot.waitUntil(lambda: not dialog.is_busy, timeout=10000)
    rows = [(entry.actor, entry.workstation) for entry in dialog.entries]
    # Newest first (showing it in this window may be an opening too: on this workstation).
    assert [row for row in rows if row[1] != window.author.workstation] == [
        ("admin.lee", "ws-office"), ("nurse.kim", "ws-ward")]
    assert [e.seq for e in dialog.entries] == sorted((e.seq for e in dialog.entries), reverse=True)
    assert dialog.windowTitle() == "Who opened the record — OKAFOR, Maria (MRN-4001)"
    assert dialog.model.data(dialog.model.index(0, 1)) == rows[0][0]
    assert dialog.status.text().startswith(f"Opened {len(rows)} times")
    looked = audit_events(trail_clinic.database)[-1]
    assert (looked.actor, looked.patient_id, looked.reason) == ("nurse.kim", first, "looked at who opened the record")


def test_a_kept_head_shows_entries_added_since_and_finds_a_trail_cut_back(
        qtbot, trail_clinic, window_for, answers, tmp_path: Path) -> None:  # noqa: F811
    with trail_clinic.database.reading() as session:
        kept_seq, kept = trail.head(session)
    copy = tmp_path / "copy.sqlite"
    with sqlite3.connect(trail_clinic.path) as source, sqlite3.connect(copy) as target:
        source.backup(target)

    window = window_for(trail_clinic.path, trail_clinic.admin)
    dialog = open_log(qtbot, window)
    dialog.kept_head.setText("not a hash")
    dialog.check_head_button.click()
    wait(qtbot, dialog)
    assert dialog.problem.isVisible() and "64 hexadecimal digits" in dialog.problem.text()

    dialog.kept_head.setText(f"  {kept.upper()} ")  # as pasted
    dialog.check_head_button.click()
    wait(qtbot, dialog)
    assert not dialog.problem.isVisible()
    # Opening the log and reading it were recorded after the head was kept.
    assert f"The kept head is entry {kept_seq};" in dialog.verdict_label.text()
    assert "added after it, as expected" in dialog.verdict_label.text()

    # Someone removes the newest entries of the copy: what is left still links up, but the
    # head kept earlier is gone.
    with sqlite3.connect(copy) as raw:
        raw.execute("DROP TRIGGER change_history_no_delete")
        raw.execute("DELETE FROM change_history WHERE seq >= ?", (kept_seq - 1,))
    window = window_for(copy, trail_clinic.admin)
    dialog = open_log(qtbot, window)
    dialog.kept_head.setText(kept)
    dialog.check_head_button.click()
    wait(qtbot, dialog)
    assert "The kept head is not in the trail" in dialog.verdict_label.text()

"""The window's task runner: work runs on a worker thread, its result, error and progress come
back on the GUI thread, cancel reaches the work, and a discarded task delivers nothing."""

from __future__ import annotations

import threading
import uuid
from datetime import date

import pytest
from PySide6.QtCore import QThread, QTimer
from PySide6.QtWidgets import QWidget

from als_desktop.db import Database
from als_desktop.models import Patient, WeightMeasurement
from als_desktop.services import visits
from als_desktop.services.changes import Changes, note
from als_desktop.views.tasks import (
    Job,
    hub,
    perform_save,
    run_query,
    run_task,
    run_use_case,
)

AUTHOR = "task.clinician"


class Seen:
    """What reached the GUI thread, and on which thread."""

    def __init__(self) -> None:
        self.results: list[object] = []
        self.errors: list[BaseException] = []
        self.progress: list[tuple[int, int, str]] = []
        self.on_gui_thread: list[bool] = []

    def done(self, result: object) -> None:
        self.on_gui_thread.append(QThread.isMainThread())
        self.results.append(result)

    def error(self, error: BaseException) -> None:
        self.on_gui_thread.append(QThread.isMainThread())
        self.errors.append(error)

    def progressed(self, done: int, total: int, what: str) -> None:
        self.on_gui_thread.append(QThread.isMainThread())
        self.progress.append((done, total, what))


@pytest.fixture
def seen() -> Seen:
    return Seen()


def test_the_work_runs_on_a_worker_and_its_result_arrives_on_the_gui_thread(qtbot, seen: Seen) -> None:
    worker = {}

    def work(job: Job) -> int:
        worker["thread"] = threading.get_ident()
        worker["main"] = QThread.isMainThread()
        return 42

    task = run_task(work, on_done=seen.done, on_error=seen.error)
    assert task.is_running
    with qtbot.waitSignal(task.ended, timeout=5000):
        pass
    assert worker["thread"] != threading.get_ident() and worker["main"] is False
    assert seen.results == [42] and seen.errors == [] and seen.on_gui_thread == [True]
    assert not task.is_running


def test_an_error_arrives_on_the_gui_thread_as_raised(qtbot, seen: Seen) -> None:
    refusal = ValueError("weight must be a number")

    def work(job: Job) -> None:
        raise refusal

    task = run_task(work, on_done=seen.done, on_error=seen.error)
    with qtbot.waitSignal(task.ended, timeout=5000):
        pass
    assert seen.errors == [refusal] and seen.results == [] and seen.on_gui_thread == [True]


def test_progress_arrives_in_order_on_the_gui_thread(qtbot, seen: Seen) -> None:
    def work(job: Job) -> str:
        for done in range(1, 4):
            job.report(done, 3, f"patient {done}")
        return "all written"

    task = run_task(work, on_done=seen.done, on_progress=seen.progressed)
    signalled = []
    task.progressed.connect(lambda *values: signalled.append(values))
    with qtbot.waitSignal(task.ended, timeout=5000):
        pass
    assert seen.progress == [(1, 3, "patient 1"), (2, 3, "patient 2"), (3, 3, "patient 3")]
    assert signalled == seen.progress
    assert seen.results == ["all written"] and all(seen.on_gui_thread)


def test_cancel_reaches_the_work_and_what_it_returns_still_arrives(qtbot, seen: Seen) -> None:
    started = threading.Event()

    def work(job: Job) -> str:
        started.set()
        for _ in range(500):
            if job.cancelled():
                return "stopped early"
            threading.Event().wait(0.01)
        return "ran to the end"

    task = run_task(work, on_done=seen.done)
    assert started.wait(5)
    task.cancel()
    assert task.is_cancelled
    with qtbot.waitSignal(task.ended, timeout=5000):
        pass
    assert seen.results == ["stopped early"]


def test_a_discarded_task_delivers_nothing(qtbot, seen: Seen) -> None:
    release = threading.Event()

    def work(job: Job) -> str:
        job.report(1, 2, "first")
        release.wait(5)
        job.report(2, 2, "second")
        return "too late"

    task = run_task(work, on_done=seen.done, on_error=seen.error, on_progress=seen.progressed)
    qtbot.waitUntil(lambda: seen.progress == [(1, 2, "first")], timeout=5000)
    task.discard()
    release.set()
    with qtbot.waitSignal(task.ended, timeout=5000):
        pass
    assert seen.results == [] and seen.errors == [] and seen.progress == [(1, 2, "first")]
    assert task.is_discarded and task.is_cancelled


def test_nothing_is_delivered_to_an_owner_closed_meanwhile(qtbot, seen: Seen) -> None:
    owner = QWidget()
    release = threading.Event()
    task = run_task(lambda job: release.wait(5), on_done=seen.done, owner=owner)
    owner.deleteLater()
    qtbot.waitUntil(lambda: not _alive(owner), timeout=5000)
    release.set()
    with qtbot.waitSignal(task.ended, timeout=5000):
        pass
    assert seen.results == []


def test_the_gui_thread_keeps_running_while_the_work_runs(qtbot, seen: Seen) -> None:
    release = threading.Event()
    task = run_task(lambda job: release.wait(5) and "released", on_done=seen.done)
    ticks = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start(10)
    qtbot.waitUntil(lambda: len(ticks) >= 5, timeout=5000)
    timer.stop()
    assert task.is_running and seen.results == []
    release.set()
    with qtbot.waitSignal(task.ended, timeout=5000):
        pass
    assert seen.results == ["released"]


# ---------------------------------------------------------------- on a real database file


@pytest.fixture
def visit_id(db: Database, patient: Patient) -> uuid.UUID:
    with db.transaction() as session:
        return visits.create_visit(session, patient.id, {"visit_date": date(2024, 3, 5)}, AUTHOR).id


def weigh(session, visit_id: uuid.UUID, patient_id: uuid.UUID, kilograms: float) -> uuid.UUID:
    row = visits.record_weight(session, visit_id, kilograms, AUTHOR)
    note(session, patient_id=patient_id, kind="weight")
    return row.id


def test_a_use_case_runs_in_its_own_transaction_and_its_changes_are_announced(
        qtbot, db: Database, patient: Patient, visit_id: uuid.UUID, seen: Seen) -> None:
    announced: list[tuple[Changes, bool]] = []

    def heard(changes: Changes) -> None:
        announced.append((changes, QThread.isMainThread()))

    hub().changed.connect(heard)
    try:
        task = run_use_case(db, weigh, visit_id, patient.id, 71.5, on_done=seen.done, on_error=seen.error)
        with qtbot.waitSignal(task.ended, timeout=10000):
            pass
    finally:
        hub().changed.disconnect(heard)
    assert seen.errors == []
    [row_id] = seen.results
    with db.reading() as session:
        assert session.get(WeightMeasurement, row_id).weight_kg == 71.5
    [(changes, on_gui_thread)] = announced
    assert on_gui_thread and changes.touches(patient.id) and "weight" in changes.kinds


def test_a_refused_use_case_writes_nothing_and_its_refusal_arrives(
        qtbot, db: Database, patient: Patient, visit_id: uuid.UUID, seen: Seen) -> None:
    from als_desktop.services.errors import ValidationError

    task = run_use_case(db, weigh, visit_id, patient.id, 900.0, on_done=seen.done, on_error=seen.error)
    with qtbot.waitSignal(task.ended, timeout=10000):
        pass
    [error] = seen.errors
    assert isinstance(error, ValidationError) and "weight_kg" in error.errors
    with db.reading() as session:
        assert session.query(WeightMeasurement).count() == 0


def test_a_query_reads_on_the_worker(qtbot, db: Database, patient: Patient, seen: Seen) -> None:
    def family_name(session, patient_id: uuid.UUID) -> tuple[str, bool]:
        return session.get(Patient, patient_id).family_name, QThread.isMainThread()

    task = run_query(db, family_name, patient.id, on_done=seen.done)
    with qtbot.waitSignal(task.ended, timeout=10000):
        pass
    assert seen.results == [("Example", False)]


def test_a_save_made_on_a_worker_thread_is_announced_on_the_gui_thread(
        qtbot, db: Database, patient: Patient, visit_id: uuid.UUID) -> None:
    announced: list[bool] = []

    def heard(_changes: Changes) -> None:
        announced.append(QThread.isMainThread())

    hub().changed.connect(heard)
    try:
        worker = threading.Thread(target=perform_save, args=(db, weigh, visit_id, patient.id, 70.0))
        worker.start()
        worker.join(10)
        assert announced == []  # posted to the GUI thread, not run on the worker
        qtbot.waitUntil(lambda: announced == [True], timeout=5000)
    finally:
        hub().changed.disconnect(heard)


def _alive(widget: QWidget) -> bool:
    import shiboken6

    return shiboken6.isValid(widget)

"""Work off the GUI thread, one way: the window hands work to a worker, the outcome comes back.

In the spirit of Anki's `CollectionOp`/`QueryOp` and Picard's `run_task`: a call site is one
line. `run_task(work, on_done=..., on_error=...)` runs `work(job)` on a worker thread of a
QThreadPool and calls `on_done(result)` or `on_error(error)` on the GUI thread. `run_query`
and `run_use_case` do the same for reading the record and for a use case, each on a session
of its own opened by `services.operations` (a view never opens one). A use case's changes are
announced on `hub().changed`, always on the GUI thread, so the window refreshes only that.

Long work reports progress with `job.report(done, total, what)` and asks `job.cancelled()`
now and then. On the GUI side `task.cancel()` asks it to stop (what it then returns or raises
still arrives), and `task.discard()` drops a task whose outcome is no longer wanted (another
patient was chosen, the list is read again): nothing of it reaches the window any more.

The worker never holds the Task (a Qt object of the GUI thread): it posts closures that name
the task by number, so the Task is touched, and let go of, on the GUI thread only. The work
handed to it likewise holds plain values (ids, dates, the database), never a widget.
"""

from __future__ import annotations

import itertools
import logging
import threading
import weakref
from collections.abc import Callable
from functools import partial
from typing import Any

import shiboken6
from PySide6.QtCore import (
    QCoreApplication,
    QObject,
    QRunnable,
    Qt,
    QThread,
    QThreadPool,
    Signal,
    Slot,
)

from als_desktop.services.changes import Changes
from als_desktop.services.operations import Performed, perform, read

log = logging.getLogger(__name__)

OnDone = Callable[[Any], None]
OnError = Callable[[BaseException], None]
OnProgress = Callable[[int, int, str], None]


# ---------------------------------------------------------------------- the GUI thread


class _Relay(QObject):
    """Runs closures posted from any thread on the GUI thread (Picard's `to_main`)."""

    posted = Signal(object)

    def __init__(self) -> None:
        super().__init__()
        self.posted.connect(self._run, Qt.ConnectionType.QueuedConnection)

    @Slot(object)
    def _run(self, closure: Callable[[], None]) -> None:
        closure()


_relay: _Relay | None = None
_relay_made = threading.Lock()


def _gui_thread() -> QThread:
    application = QCoreApplication.instance()
    if application is None:
        raise RuntimeError("The window's task runner needs a running QApplication.")
    return application.thread()


def _the_relay() -> _Relay:
    global _relay
    with _relay_made:
        if _relay is None:
            _relay = _Relay()
            _relay.moveToThread(_gui_thread())  # whichever thread asks first, it works on the GUI thread
        return _relay


def on_gui_thread(closure: Callable[[], None]) -> None:
    """Run `closure` on the GUI thread: now when called there, else as soon as its loop runs."""
    if QThread.isMainThread():
        closure()
    else:
        _the_relay().posted.emit(closure)


# ---------------------------------------------------------------------- what the window changed


class ChangeHub(QObject):
    """Announces what each save changed (patients, kinds of record, or clinic-wide)."""

    changed = Signal(object)  # Changes


_hub: ChangeHub | None = None


def hub() -> ChangeHub:
    global _hub
    if _hub is None:
        _hub = ChangeHub()
        _hub.moveToThread(_gui_thread())  # receivers without a thread of their own run there
    return _hub


def announce(changes: Changes) -> None:
    """Tell the window what changed, on the GUI thread whichever thread the save ran on."""
    if not changes.nothing:
        on_gui_thread(lambda: hub().changed.emit(changes))


def perform_save(database: Any, use_case: Callable[..., Any], *args: Any) -> Performed[Any]:
    """Run the use case in one transaction on the calling thread, and announce what it changed."""
    performed = perform(database, use_case, *args)
    announce(performed.changes)
    return performed


# ---------------------------------------------------------------------- the worker


class Job:
    """What the work sees of its task on the worker thread: cancel requests and progress."""

    def __init__(self, number: int, stop: threading.Event) -> None:
        self._number = number
        self._stop = stop

    def cancelled(self) -> bool:
        """Whether the window asked the work to stop (it decides how: return early, raise)."""
        return self._stop.is_set()

    def report(self, done: int, total: int, what: str = "") -> None:
        """Progress for the window: `done` of `total`, `what` was just done."""
        on_gui_thread(partial(_progressed, self._number, done, total, what))


class _Worker(QRunnable):
    def __init__(self, number: int, work: Callable[[Job], Any], job: Job) -> None:
        super().__init__()
        self.number = number
        self.work = work
        self.job = job

    def run(self) -> None:
        try:
            result, error = self.work(self.job), None
        except BaseException as caught:  # noqa: BLE001 (every outcome goes back to the window)
            result, error = None, caught
        on_gui_thread(partial(_finished, self.number, result, error))


# ---------------------------------------------------------------------- the task


_numbers = itertools.count(1)
_pending: dict[int, Task] = {}  # started and not yet ended; touched on the GUI thread only


class Task(QObject):
    """One piece of work on a worker; its progress and outcome arrive on the GUI thread."""

    progressed = Signal(int, int, str)  # done, total, what was just done
    ended = Signal()  # the outcome was delivered (or dropped); emitted once

    def __init__(
        self,
        work: Callable[[Job], Any],
        *,
        on_done: OnDone | None = None,
        on_error: OnError | None = None,
        on_progress: OnProgress | None = None,
        owner: QObject | None = None,
    ) -> None:
        super().__init__()  # no parent: it may outlive an owner closed meanwhile
        self.number = next(_numbers)
        self._work = work
        self._on_done = on_done
        self._on_error = on_error
        self._on_progress = on_progress
        self._owner = weakref.ref(owner) if owner is not None else None
        self._stop = threading.Event()
        self._discarded = False
        self._running = False

    # ------------------------------------------------------------------ the window's side

    def start(self, pool: QThreadPool | None = None) -> Task:
        if not QThread.isMainThread():
            raise RuntimeError("Tasks are started from the GUI thread only.")
        _the_relay()  # made here, on the GUI thread, before any worker needs it
        self._running = True
        _pending[self.number] = self
        (pool or QThreadPool.globalInstance()).start(_Worker(self.number, self._work, Job(self.number, self._stop)))
        self._work = None
        return self

    @property
    def is_running(self) -> bool:
        """Started, and its outcome not yet delivered."""
        return self._running

    @property
    def is_cancelled(self) -> bool:
        return self._stop.is_set()

    @property
    def is_discarded(self) -> bool:
        return self._discarded

    def cancel(self) -> None:
        """Ask the work to stop; what it returns or raises then still arrives."""
        self._stop.set()

    def discard(self) -> None:
        """The outcome is no longer wanted: no progress, result or error of it arrives any more.

        The work is asked to stop too; work that cannot stop runs on and is ignored."""
        self._discarded = True
        self._stop.set()

    # ------------------------------------------------------------------ on the GUI thread

    def _wanted(self) -> bool:
        if self._discarded:
            return False
        if self._owner is None:
            return True
        owner = self._owner()
        return owner is not None and shiboken6.isValid(owner)  # a closed window takes no answer

    def _show_progress(self, done: int, total: int, what: str) -> None:
        if not self._wanted():
            return
        self.progressed.emit(done, total, what)
        if self._on_progress is not None:
            self._on_progress(done, total, what)

    def _finish(self, result: Any, error: BaseException | None) -> None:
        self._running = False
        try:
            if not self._wanted():
                if error is not None:
                    log.debug("a discarded task failed", exc_info=error)
                return
            if error is None:
                if self._on_done is not None:
                    self._on_done(result)
            elif self._on_error is not None:
                self._on_error(error)
            else:
                log.error("work on a worker thread failed", exc_info=error)
        finally:
            self.ended.emit()


def _progressed(number: int, done: int, total: int, what: str) -> None:
    task = _pending.get(number)
    if task is not None:
        task._show_progress(done, total, what)


def _finished(number: int, result: Any, error: BaseException | None) -> None:
    task = _pending.pop(number, None)
    if task is not None:
        task._finish(result, error)


# ---------------------------------------------------------------------- one-line call sites


def run_task(
    work: Callable[[Job], Any],
    *,
    on_done: OnDone | None = None,
    on_error: OnError | None = None,
    on_progress: OnProgress | None = None,
    owner: QObject | None = None,
    pool: QThreadPool | None = None,
) -> Task:
    """Run `work(job)` on a worker; `on_done(result)` or `on_error(error)` follow on the GUI thread.

    `owner`: when it is destroyed first, nothing is delivered. `pool`: a pool of the caller's
    (one thread keeps its jobs in order, and can be waited for), else Qt's global pool. The
    work must not touch any widget nor hold one (capture plain values, not `self`)."""
    task = Task(work, on_done=on_done, on_error=on_error, on_progress=on_progress, owner=owner)
    return task.start(pool)


def run_query(
    database: Any,
    query: Callable[..., Any],
    *args: Any,
    on_done: OnDone | None = None,
    on_error: OnError | None = None,
    owner: QObject | None = None,
    pool: QThreadPool | None = None,
    **kwargs: Any,
) -> Task:
    """Read the record on a worker: `query(session, *args, **kwargs)` on a reading session."""
    return run_task(lambda _job: read(database, query, *args, **kwargs),
                    on_done=on_done, on_error=on_error, owner=owner, pool=pool)


def run_use_case(
    database: Any,
    use_case: Callable[..., Any],
    *args: Any,
    on_done: OnDone | None = None,
    on_error: OnError | None = None,
    owner: QObject | None = None,
    pool: QThreadPool | None = None,
) -> Task:
    """Run `use_case(session, *args)` in one transaction on a worker (Anki's CollectionOp).

    What it changed is announced on `hub().changed` before `on_done(result)` is called, and
    even when the task was discarded meanwhile: the record changed all the same."""

    def done(performed: Performed[Any]) -> None:
        if on_done is not None:
            on_done(performed.result)

    return run_task(lambda _job: perform_save(database, use_case, *args),
                    on_done=done, on_error=on_error, owner=owner, pool=pool)


__all__ = [
    "ChangeHub",
    "Changes",
    "Job",
    "Task",
    "announce",
    "hub",
    "on_gui_thread",
    "perform_save",
    "run_query",
    "run_task",
    "run_use_case",
]

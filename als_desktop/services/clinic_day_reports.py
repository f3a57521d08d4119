"""The team plans of a whole clinic day, one PDF per visit, written into a folder.

Run at the end of the clinic (from the window on a worker thread, or from the command line).
Each plan is read in a read-only session of its own, so a long batch never holds the
database, and a problem with one patient is noted while the others are still written.
`cancelled()` is asked between patients: a cancelled batch keeps the files it has written.
"""

from __future__ import annotations

import logging
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from als_desktop.db import Database
from als_desktop.files import why_not_written, write_atomically

from .clinic_day import ClinicDayRow, clinic_day
from .errors import RecordError

log = logging.getLogger(__name__)

Progress = Callable[[int, int, str], None]  # (done, total, patient just done)


class FolderNotWritable(Exception):
    """The folder chosen for the plans cannot be created or written to (nothing was written)."""


@dataclass(frozen=True)
class PlanProblem:
    mrn: str
    name: str
    what: str

    def __str__(self) -> str:
        return f"{self.name} ({self.mrn}): {self.what}"


@dataclass
class ClinicDayPlans:
    day: date
    folder: Path
    total: int  # visits on the day
    written: list[Path] = field(default_factory=list)
    problems: list[PlanProblem] = field(default_factory=list)
    cancelled: bool = False

    @property
    def done(self) -> int:
        return len(self.written) + len(self.problems)


def write_clinic_day_plans(
    database: Database,
    day: date,
    folder: Path,
    *,
    family: bool = False,
    family_estimates: bool = False,
    site: str | None = None,
    today: date | None = None,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
    replace: bool = True,
) -> ClinicDayPlans:
    """Write the team plan of every visit on `day` (at `site` when given) into `folder`.

    Raises FolderNotWritable before writing any plan when the folder cannot be used.
    `replace`: a plan file already in the folder is replaced (else it is a problem noted).
    """
    folder = Path(folder).expanduser()
    with database.reading() as session:
        rows = clinic_day(session, day, site).rows
    result = ClinicDayPlans(day, folder, len(rows))
    if not rows:  # nothing to write: no empty folder left behind for a mistyped date
        return result
    check_folder(folder)
    if progress:
        progress(0, len(rows), "")
    names: set[str] = set()
    for row in rows:
        if cancelled is not None and cancelled():
            result.cancelled = True
            break
        try:
            result.written.append(_write_plan(database, row, folder, family, today, names, replace,
                                              family_estimates=family_estimates))
        except Exception as error:
            if isinstance(error, OSError | RecordError):  # said in the result; no traceback needed
                log.warning("team plan of patient %s (visit %s) not written: %s", row.patient_id, row.visit_id,
                            error.strerror if isinstance(error, OSError) else type(error).__name__)
            else:
                log.exception("team plan of patient %s (visit %s) not written", row.patient_id, row.visit_id)
            result.problems.append(PlanProblem(row.mrn, row.display_name, problem_text(error)))
        if progress:
            progress(result.done, len(rows), row.display_name)
    log.info("clinic day %s: %d team plans written to %s, %d problems%s", day, len(result.written), folder,
             len(result.problems), " (cancelled)" if result.cancelled else "")
    return result


def check_folder(folder: Path) -> None:
    """Create `folder` if needed and make sure a file can be written in it."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=folder, prefix=".als-desktop-", suffix=".probe"):
            pass
    except FileExistsError:
        raise FolderNotWritable(f"{folder} is a file, not a folder: choose a folder for the team plans.") from None
    except OSError as error:
        raise FolderNotWritable(f"Cannot write in the folder {folder}: {error.strerror or error}. "
                                "Choose a folder you can write to.") from None


def _write_plan(database: Database, row: ClinicDayRow, folder: Path, family: bool, today: date | None,
                names: set[str], replace: bool, *, family_estimates: bool = False) -> Path:
    from als_desktop.reports import team_plan as report
    from als_desktop.services.team_plan import team_plan_for

    with database.reading() as session:
        plan = team_plan_for(session, row.patient_id, visit_id=row.visit_id, today=today)
    pdf = report.render(plan, family=family, family_estimates=family_estimates)
    path = folder / unique_name(report.file_name(plan, family=family), names)
    write_atomically(path, pdf, replace=replace)
    return path


def unique_name(name: str, taken: set[str]) -> str:
    """`name`, or "name (2).pdf" … when this batch already wrote a file of that name
    (two visits of one patient on the same day)."""
    stem, dot, suffix = name.rpartition(".")
    if not dot:
        stem, suffix = name, ""
    candidate, number = name, 1
    while candidate.casefold() in taken:
        number += 1
        candidate = f"{stem} ({number}){dot}{suffix}"
    taken.add(candidate.casefold())
    return candidate


def problem_text(error: Exception) -> str:
    first_line = str(error).strip().splitlines()[0] if str(error).strip() else ""
    if isinstance(error, OSError):
        return f"the file could not be written ({why_not_written(error)})"
    if isinstance(error, RecordError):
        return first_line
    return f"unexpected error ({type(error).__name__}: {first_line}); the details are in the log file"


__all__ = ["ClinicDayPlans", "FolderNotWritable", "PlanProblem", "check_folder", "unique_name",
           "write_clinic_day_plans"]

"""Team plans for a whole clinic day: the batch on a real database file (one PDF per visit,
cancel keeps what was written, one patient's problem does not stop the others), and the
dialog that runs it on a worker thread with a progress bar and Cancel."""

from __future__ import annotations

import threading
from datetime import date
from pathlib import Path

import pytest
from clinic_builders import SETUP, TODAY, add_patient, add_visit, record_disciplines
from pypdf import PdfReader
from PySide6.QtCore import Qt

from als_desktop.db import Database
from als_desktop.reports import team_plan as report
from als_desktop.services import patients
from als_desktop.services.clinic_day_reports import (
    FolderNotWritable,
    unique_name,
    write_clinic_day_plans,
)
from als_desktop.services.team_plan import team_plan_for
from als_desktop.views import clinic_day_reports as reports_dialog
from als_desktop.views.clinic_day_reports import ClinicDayReportsDialog

DAY = date(2024, 4, 9)
OUTREACH = "Northtown outreach"


@pytest.fixture
def clinic(db: Database) -> dict:
    """Seen on DAY: Ada (twice: two visits that day), Ben, and Cy at the outreach site;
    Dee the day before; Gus on DAY but his record was voided."""
    ids = {name: add_patient(db, f"MRN-{number}", name.title(), family)
           for number, (name, family) in enumerate((("ada", "Adams"), ("ben", "Brown"), ("cy", "Clark"),
                                                    ("dee", "Diaz"), ("gus", "Gone")), start=1)}
    visits = {
        "ada": add_visit(db, ids["ada"], DAY),
        "ada_again": add_visit(db, ids["ada"], DAY),
        "ben": add_visit(db, ids["ben"], DAY),
        "cy": add_visit(db, ids["cy"], DAY, site=OUTREACH),
        "dee": add_visit(db, ids["dee"], date(2024, 4, 8)),
        "gus": add_visit(db, ids["gus"], DAY),
    }
    record_disciplines(db, visits["ada"], "neurology", "nutrition", "pulmonary")
    record_disciplines(db, visits["ben"], "neurology", "slp")
    with db.transaction() as session:
        patients.void_patient(session, ids["gus"], 1, "registered twice", SETUP)
    return {"ids": ids, "visits": visits}


def pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(path).pages)


def plan_file_name(db: Database, patient_id, visit_id, family: bool = False) -> str:
    with db.reading() as session:
        return report.file_name(team_plan_for(session, patient_id, visit_id=visit_id, today=TODAY), family=family)


# ---------------------------------------------------------------- the batch


def test_one_plan_per_visit_of_the_day_into_a_new_folder(db: Database, clinic: dict, tmp_path: Path) -> None:
    folder = tmp_path / "plans" / "9 April"
    seen: list[tuple[int, int, str]] = []
    result = write_clinic_day_plans(db, DAY, folder, today=TODAY, progress=lambda *call: seen.append(call))
    assert result.total == 4 and not result.problems and not result.cancelled
    assert seen[0] == (0, 4, "")
    assert [done for done, _total, _name in seen] == [0, 1, 2, 3, 4]
    assert [name for *_, name in seen[1:]] == ["ADAMS, Ada", "ADAMS, Ada", "BROWN, Ben", "CLARK, Cy"]
    assert sorted(folder.glob("*.pdf")) == sorted(result.written) and len(set(result.written)) == 4
    texts = {path.name: pdf_text(path) for path in result.written}
    assert sum("MRN-1" in text for text in texts.values()) == 2  # Ada's two visits, two files
    assert sum("MRN-2" in text for text in texts.values()) == 1
    assert sum("MRN-3" in text for text in texts.values()) == 1
    assert not any("MRN-4" in text or "MRN-5" in text for text in texts.values())  # other day; voided
    usual = plan_file_name(db, clinic["ids"]["ben"], clinic["visits"]["ben"])
    assert usual in texts
    assert not list(folder.glob(".*"))  # no partial or probe file left behind


def test_a_site_and_family_copies(db: Database, clinic: dict, tmp_path: Path) -> None:
    result = write_clinic_day_plans(db, DAY, tmp_path, family=True, site=OUTREACH, today=TODAY)
    assert [path.name for path in result.written] == [
        plan_file_name(db, clinic["ids"]["cy"], clinic["visits"]["cy"], family=True)]
    team = write_clinic_day_plans(db, DAY, tmp_path / "team", site=OUTREACH, today=TODAY).written[0]
    assert team.name != result.written[0].name
    assert pdf_text(team) != pdf_text(result.written[0])


def test_cancel_stops_between_patients_and_keeps_the_files_written(db: Database, clinic: dict,
                                                                   tmp_path: Path) -> None:
    done: list[int] = []
    result = write_clinic_day_plans(db, DAY, tmp_path, today=TODAY, progress=lambda d, _t, _n: done.append(d),
                                    cancelled=lambda: len(done) >= 3)  # after the second patient
    assert result.cancelled and result.total == 4
    assert len(result.written) == 2 and sorted(tmp_path.glob("*.pdf")) == sorted(result.written)
    assert all(PdfReader(path).pages for path in result.written)


def test_a_problem_with_one_patient_is_noted_and_the_others_are_written(db: Database, clinic: dict,
                                                                         tmp_path: Path) -> None:
    # A folder squatting on Ben's file name: his plan cannot be written there.
    (tmp_path / plan_file_name(db, clinic["ids"]["ben"], clinic["visits"]["ben"])).mkdir()
    result = write_clinic_day_plans(db, DAY, tmp_path, today=TODAY)
    assert len(result.written) == 3 and result.done == 4
    [problem] = result.problems
    assert (problem.mrn, problem.name) == ("MRN-2", "BROWN, Ben")
    assert str(problem).startswith("BROWN, Ben (MRN-2): the file could not be written")


def test_a_folder_that_cannot_be_written_is_refused_before_anything(db: Database, clinic: dict,
                                                                    tmp_path: Path) -> None:
    blocker = tmp_path / "plans"
    blocker.write_text("a file, not a folder")
    with pytest.raises(FolderNotWritable, match="is a file, not a folder"):
        write_clinic_day_plans(db, DAY, blocker, today=TODAY)
    with pytest.raises(FolderNotWritable, match="Cannot write in the folder"):
        write_clinic_day_plans(db, DAY, blocker / "inside", today=TODAY)
    assert blocker.read_text() == "a file, not a folder"


def test_a_day_without_visits_writes_nothing_and_makes_no_folder(db: Database, clinic: dict, tmp_path: Path) -> None:
    result = write_clinic_day_plans(db, date(2024, 4, 10), tmp_path / "plans", today=TODAY)
    assert (result.total, result.written, result.problems) == (0, [], [])
    assert not (tmp_path / "plans").exists()


def test_unique_names_within_one_batch() -> None:
    taken: set[str] = set()
    assert [unique_name("plan.pdf", taken) for _ in range(3)] == ["plan.pdf", "plan (2).pdf", "plan (3).pdf"]
    assert unique_name("PLAN.pdf", taken) == "PLAN (4).pdf"  # one file on case-insensitive disks


# ---------------------------------------------------------------- the dialog


@pytest.fixture
def dialog(qtbot, db: Database, clinic: dict, answers) -> ClinicDayReportsDialog:
    view = ClinicDayReportsDialog(db, TODAY, plan_day=DAY)
    qtbot.addWidget(view)
    view.show()
    yield view
    view.wait_for_batch(20000)


def test_the_dialog_writes_the_day_with_a_progress_bar(qtbot, dialog: ClinicDayReportsDialog,
                                                       tmp_path: Path) -> None:
    assert dialog.visits.text() == "4 visits on 09 Apr 2024: one PDF each."
    assert [dialog.site_choice.itemText(i) for i in range(dialog.site_choice.count())] == [
        "All sites", "Main clinic", OUTREACH]
    assert dialog.chosen_folder().name == "Team plans 2024-04-09"
    dialog.family.setChecked(True)
    assert dialog.chosen_folder().name == "Family copies 2024-04-09"  # follows until the user chooses
    dialog.family.setChecked(False)
    folder = tmp_path / "out"
    dialog.set_folder(folder)
    qtbot.mouseClick(dialog.start_button, Qt.MouseButton.LeftButton)
    assert dialog.running and not dialog.start_button.isEnabled() and dialog.cancel_button.text() == "Cancel"
    qtbot.waitUntil(lambda: not dialog.running, timeout=30000)
    assert (dialog.progress.value(), dialog.progress.maximum()) == (4, 4)
    assert dialog.progress.text() == "4 of 4"
    assert dialog.status.text() == f"4 team plans written to {folder}."
    assert len(list(folder.glob("*.pdf"))) == 4
    assert dialog.open_button.isVisible() and not dialog.problems.isVisible()
    assert dialog.cancel_button.text() == "Close" and dialog.start_button.isEnabled()


def test_cancel_in_the_dialog_stops_after_the_current_patient(qtbot, dialog: ClinicDayReportsDialog,
                                                              tmp_path: Path, monkeypatch) -> None:
    folder = tmp_path / "out"
    dialog.set_folder(folder)
    first_written, go_on = threading.Event(), threading.Event()

    def holding_after_the_first(*args, progress, **kwargs):
        def hold(done: int, total: int, name: str) -> None:
            progress(done, total, name)
            # On the worker thread: keep it between patients until Cancel has been pressed.
            if done == 1:
                first_written.set()
                go_on.wait(20)

        return write_clinic_day_plans(*args, progress=hold, **kwargs)

    monkeypatch.setattr(reports_dialog, "write_clinic_day_plans", holding_after_the_first)
    assert dialog.start()
    qtbot.waitUntil(first_written.is_set, timeout=20000)
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    assert not dialog.cancel_button.isEnabled() and dialog.isVisible()
    go_on.set()
    qtbot.waitUntil(lambda: not dialog.running, timeout=20000)
    assert dialog.status.text() == f"Cancelled: 1 of 4 team plans written to {folder}."
    assert len(list(folder.glob("*.pdf"))) == 1
    assert dialog.progress.value() == 1


def test_closing_while_writing_cancels_and_keeps_the_dialog_open(qtbot, dialog: ClinicDayReportsDialog,
                                                                 tmp_path: Path) -> None:
    dialog.set_folder(tmp_path / "out")
    assert dialog.start()
    dialog.reject()  # Escape or the window's close button
    assert dialog.isVisible() and dialog.batch.is_cancelled
    qtbot.waitUntil(lambda: not dialog.running, timeout=20000)
    assert dialog.status.text().startswith("Cancelled:")
    dialog.reject()
    assert not dialog.isVisible()


def test_a_folder_that_cannot_be_written_is_said_clearly(qtbot, dialog: ClinicDayReportsDialog,
                                                         answers, tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    dialog.set_folder(blocker)
    dialog.start()
    qtbot.waitUntil(lambda: not dialog.running, timeout=20000)
    [message] = answers.seen
    assert message.title == "Team plans not written" and f"{blocker} is a file, not a folder" in message.text
    assert "Traceback" not in answers.texts()
    assert not dialog.progress.isVisible() and dialog.start_button.isEnabled()


def test_a_day_without_visits_cannot_be_started(qtbot, dialog: ClinicDayReportsDialog) -> None:
    dialog.date_edit.setDate(date(2024, 4, 10))
    assert dialog.visits.text() == "No visits on 10 Apr 2024: there is no team plan to write."
    assert not dialog.start_button.isEnabled() and not dialog.start()
    dialog.date_edit.setDate(DAY)
    dialog.site_choice.setCurrentIndex(dialog.site_choice.findData(OUTREACH))
    dialog.site_choice.activated.emit(dialog.site_choice.currentIndex())
    assert dialog.visits.text() == f"1 visit on 09 Apr 2024 at {OUTREACH}: one PDF each."


def test_the_clinic_menu_opens_the_dialog_on_the_windows_database(qtbot, open_window, db_path, clinic,
                                                                  tmp_path: Path) -> None:
    window = open_window(db_path, today=DAY)
    action = next(action for menu in window.menuBar().actions() if menu.text() == "&Clinic"
                  for action in menu.menu().actions() if action.text().replace("&", "") == "Team plans for a clinic day…")
    action.trigger()
    dialog = window.current_dialog
    assert isinstance(dialog, ClinicDayReportsDialog) and dialog.isVisible()
    assert dialog.chosen_day() == DAY and dialog.visit_count == 4
    dialog.set_folder(tmp_path / "out")
    assert dialog.start()
    qtbot.waitUntil(lambda: not dialog.running, timeout=30000)
    assert len(list((tmp_path / "out").glob("*.pdf"))) == 4
    dialog.reject()
    assert window.current_dialog is None

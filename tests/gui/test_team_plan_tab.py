"""Team plan tab: the plan of the chosen visit built off the GUI thread, shown as its PDF's
pages, saved and printed, on a demo clinic and a clinic built through the services."""

from __future__ import annotations

import errno
import io
import shutil
from datetime import date
from pathlib import Path

import pytest
from clinic_builders import SETUP, TODAY, add_patient, add_visit, record_disciplines
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from als_desktop.config import sqlite_url
from als_desktop.db import open_database
from als_desktop.files import why_not_written
from als_desktop.services import demo, patients
from als_desktop.views.pdf_preview import documents_folder

DEMO_DAY = date(2025, 6, 2)


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("team-plan") / "demo.sqlite"
    database = open_database(sqlite_url(path))
    demo.populate(database, 8, seed=5, today=DEMO_DAY)
    database.close()
    return path


@pytest.fixture
def demo_window(open_window, demo_file: Path, tmp_path: Path):
    path = tmp_path / "demo.sqlite"
    shutil.copyfile(demo_file, path)
    window = open_window(path, today=DEMO_DAY)
    living = next(row for row in window.patient_list.model.rows if not row.deceased)
    window.patient_list.select(living.id)
    return window


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)


def previewed(qtbot, window):
    tab = window.tabs.show_tab("Team plan")
    qtbot.mouseClick(tab.preview_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not tab.is_building, timeout=30000)
    assert tab.ready, tab.status.text()
    return tab


def test_preview_shows_the_pages_of_the_plan(qtbot, demo_window) -> None:
    window = demo_window
    tab = window.tabs.show_tab("Team plan")
    assert "Press Preview" in tab.preview.message.text() and not tab.pdf
    assert tab.status.text() == f"Team plan of the visit of {window.current_visit().label}."
    qtbot.mouseClick(tab.preview_button, Qt.MouseButton.LeftButton)
    assert tab.is_building and not tab.preview_button.isEnabled()  # built on the worker; the window stays live
    assert tab.preview.message.text() == "Writing the team plan…"
    assert tab.status.text() == f"Writing the team plan… (visit of {window.current_visit().label})"
    qtbot.waitUntil(lambda: not tab.is_building, timeout=30000)
    pages = len(PdfReader(io.BytesIO(tab.pdf)).pages)
    assert pages >= 2 and len(tab.preview.pages) == pages
    for page in tab.preview.pages:
        assert not page.pixmap().isNull()
        assert page.pixmap().width() == tab.preview.page_width()  # fitted to the width shown
        assert page.pixmap().height() > page.pixmap().width()  # portrait pages
    assert not tab.preview.message.isVisible()
    text = pdf_text(tab.pdf)
    assert window.patient.display_name in text and window.patient.mrn in text
    assert tab.status.text().endswith(f", {pages} pages: {tab.pdf_name}")
    assert tab.pdf_name.endswith(".pdf") and window.patient.mrn in tab.pdf_name


def test_whole_pages_fit_the_view(qtbot, demo_window) -> None:
    tab = previewed(qtbot, demo_window)
    width_first = tab.preview.pages[0].pixmap().width()
    tab.zoom.setCurrentText("Whole page")
    page = tab.preview.pages[0].pixmap()
    assert page.width() < width_first
    assert page.height() <= tab.preview.viewport().height()
    tab.zoom.setCurrentText("Page width")
    assert tab.preview.pages[0].pixmap().width() == width_first


def test_save_writes_the_pdf_shown(qtbot, demo_window, tmp_path: Path) -> None:
    tab = previewed(qtbot, demo_window)
    path = tmp_path / "saved plan.pdf"
    assert tab.save_pdf(path)
    assert path.read_bytes() == tab.pdf
    assert demo_window.patient.display_name in pdf_text(path.read_bytes())
    assert tab.status.text() == f"Saved as {path}"


def test_family_copy_changes_the_plan_and_its_name(qtbot, demo_window, tmp_path: Path) -> None:
    tab = previewed(qtbot, demo_window)
    team_pdf, team_name = tab.pdf, tab.pdf_name
    tab.family.setChecked(True)  # the preview follows at once
    assert tab.is_building
    qtbot.waitUntil(lambda: not tab.is_building, timeout=30000)
    assert tab.ready and tab.pdf_name != team_name
    assert tab.status.text().startswith("Family copy of the team plan")
    family_text = pdf_text(tab.pdf)
    assert family_text != pdf_text(team_pdf) and demo_window.patient.display_name in family_text
    assert tab.save_pdf(tmp_path / tab.pdf_name)
    assert pdf_text((tmp_path / tab.pdf_name).read_bytes()) == family_text


def test_save_before_preview_builds_then_offers_documents_and_the_usual_name(
        qtbot, demo_window, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    offered: list[str] = []

    def choose(_parent, _title, suggested, _filter):
        offered.append(suggested)
        return str(tmp_path / "chosen"), "PDF document (*.pdf)"

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(choose))
    tab = demo_window.tabs.show_tab("Team plan")
    qtbot.mouseClick(tab.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: (tmp_path / "chosen.pdf").exists(), timeout=30000)
    assert offered == [str(documents_folder() / tab.pdf_name)]
    assert (tmp_path / "chosen.pdf").read_bytes() == tab.pdf
    qtbot.mouseClick(tab.save_button, Qt.MouseButton.LeftButton)  # the next save starts where the last went
    assert offered[-1] == str(tmp_path / tab.pdf_name)


def test_a_save_that_fails_says_why_and_writes_nothing(qtbot, demo_window, answers, tmp_path: Path) -> None:
    tab = previewed(qtbot, demo_window)
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    assert not tab.save_pdf(blocker / "plan.pdf")
    [message] = answers.seen
    assert message.title == "Team plan not saved"
    assert message.text == (f"The team plan could not be saved as {blocker / 'plan.pdf'}: "
                            "part of that path is a file, not a folder.")
    assert "Nothing was saved" in message.detail and "Traceback" not in answers.texts()
    assert blocker.read_text() == "not a folder"


def test_reasons_a_file_cannot_be_written() -> None:
    assert why_not_written(PermissionError(errno.EACCES, "Permission denied")) == "you may not write in that folder"
    assert why_not_written(OSError(errno.ENOSPC, "No space left on device")) == "the disk is full"
    assert why_not_written(FileNotFoundError(errno.ENOENT, "No such file")) == "that folder does not exist"


def test_print_draws_every_page_on_the_printer(qtbot, demo_window, tmp_path: Path) -> None:
    from PySide6.QtPrintSupport import QPrinter

    tab = previewed(qtbot, demo_window)
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)  # a printer that writes a file, to read it back
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    assert tab.print_to(printer)
    printed = PdfReader(tmp_path / "printed.pdf")
    assert len(printed.pages) == len(PdfReader(io.BytesIO(tab.pdf)).pages)
    assert printed.pages[0].images  # each page is the rendered page image
    assert tab.status.text().startswith(f"Sent {len(printed.pages)} pages to")


def test_another_visit_drops_the_plan_shown(qtbot, demo_window) -> None:
    window = demo_window
    tab = previewed(qtbot, window)
    assert window.visit_choice.count() >= 2
    assert len(tab.preview.shown_pages()) == len(tab.preview.pages) > 0
    window.visit_choice.setCurrentIndex(1)
    assert tab.pdf is None and not tab.preview.shown_pages() and "Press Preview" in tab.preview.message.text()
    assert tab.status.text() == f"Team plan of the visit of {window.current_visit().label}."


def test_a_plan_finished_for_a_visit_no_longer_chosen_is_not_shown(qtbot, demo_window) -> None:
    window = demo_window
    tab = window.tabs.show_tab("Team plan")
    qtbot.mouseClick(tab.preview_button, Qt.MouseButton.LeftButton)
    job = tab.building
    with qtbot.waitSignal(job.ended, timeout=30000):  # the first visit's plan is still built…
        window.visit_choice.setCurrentIndex(1)  # …after another visit was chosen
        assert not tab.is_building and tab.preview_button.isEnabled()
    assert tab.pdf is None and not tab.preview.shown_pages()
    assert tab.status.text() == f"Team plan of the visit of {window.current_visit().label}."
    qtbot.mouseClick(tab.preview_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.ready, timeout=30000)
    assert f"{window.current_visit().visit_date:%d %b %Y}" in pdf_text(tab.pdf)


# ---------------------------------------------------------------- a clinic built through the services


def test_a_patient_without_a_visit_is_told_so(qtbot, open_window, db, db_path, answers) -> None:
    patient_id = add_patient(db, "MRN-1", "Ada", "Adams")
    seen_before = add_patient(db, "MRN-2", "Ben", "Brown")
    record_disciplines(db, add_visit(db, seen_before, date(2024, 4, 9)), "neurology")
    window = open_window(db_path, today=TODAY)
    window.patient_list.select(seen_before)
    tab = previewed(qtbot, window)
    assert tab.preview.shown_pages()
    window.patient_list.select(patient_id)
    assert "ADAMS, Ada has no visit yet" in tab.preview.message.text()
    assert not tab.preview.shown_pages() and tab.pdf is None  # nothing of Ben's left on screen
    for button in (tab.preview_button, tab.save_button, tab.print_button, tab.family):
        assert not button.isEnabled()
    assert not tab.build() and not tab.is_building
    assert answers.seen[-1].title == "No team plan"


def test_a_plan_that_cannot_be_built_is_said_clearly(qtbot, open_window, db, db_path, answers) -> None:
    patient_id = add_patient(db, "MRN-1", "Ada", "Adams")
    record_disciplines(db, add_visit(db, patient_id, date(2024, 4, 9)), "neurology", "nutrition")
    window = open_window(db_path, today=TODAY)
    window.patient_list.select(patient_id)
    tab = window.tabs.show_tab("Team plan")
    with db.transaction() as session:  # another workstation voids the record meanwhile
        patients.void_patient(session, patient_id, 1, "registered twice", SETUP)
    qtbot.mouseClick(tab.preview_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not tab.is_building, timeout=30000)
    [message] = answers.seen
    assert message.title == "Team plan not written" and "no longer exists" in message.text
    assert tab.pdf is None and "could not be written" in tab.preview.message.text()
    assert tab.preview_button.isEnabled()

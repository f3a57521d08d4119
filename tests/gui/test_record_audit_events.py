"""What the window lets out of the record is an audit event naming the patient, the signed-in
person and the file: a plot exported, a team plan saved (a report) or printed, a record imported."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from admin_helpers import add_member, clinic, window_for  # noqa: F401
from clinic_builders import TODAY, add_patient, add_visit, record
from PySide6.QtCore import Qt
from sqlalchemy import select

from als_desktop.domain.roles import ADMINISTRATOR, ROLES
from als_desktop.models import WeightMeasurement
from als_desktop.models.history import ChangeEntry
from als_desktop.services.exchange import export_patient
from als_desktop.views.import_dialog import open_import_dialog

CLINICAL = tuple(code for code in ROLES if code != ADMINISTRATOR)


@pytest.fixture
def ward(clinic):  # noqa: F811
    """A patient with two weights, and a clinician with every clinical role."""
    patient = add_patient(clinic.database, "MRN-5001", "Ines", "Moreau", height_cm=165.0, premorbid_weight_kg=70.0)
    for day, kg in ((date(2024, 3, 1), 68.0), (date(2024, 6, 1), 66.5)):
        record(clinic.database, add_visit(clinic.database, patient, day), WeightMeasurement, {"weight_kg": kg})
    clinic.patient = patient
    clinic.clinician = add_member(clinic.database, clinic.admin, "dr.osei", "Ama Osei", CLINICAL)
    return clinic


def events(database, kind: str) -> list[ChangeEntry]:
    with database.reading() as session:
        return list(session.scalars(select(ChangeEntry).where(ChangeEntry.event == kind).order_by(ChangeEntry.seq)))


def wait_recorded(qtbot, holder) -> None:
    qtbot.waitUntil(lambda: holder.recorded is not None and not holder.recorded.is_running, timeout=10000)


def test_export_report_and_print_each_leave_an_event(qtbot, ward, window_for, answers, tmp_path: Path) -> None:  # noqa: F811
    from PySide6.QtPrintSupport import QPrinter

    window = window_for(ward.path, ward.clinician)
    window.today = TODAY
    window.patient_list.select(ward.patient)

    trends = window.tabs.show_tab("Trends")
    trends.plots["weight"].export_to(tmp_path / "weight.png")
    wait_recorded(qtbot, trends)
    [exported] = events(ward.database, "export")
    assert (exported.actor, exported.patient_id, exported.source) == ("dr.osei", ward.patient, "weight.png")
    assert exported.workstation == window.author.workstation and exported.reason == "weight trend plot"

    plan = window.tabs.show_tab("Team plan")
    qtbot.mouseClick(plan.preview_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not plan.is_building, timeout=30000)
    assert plan.ready, plan.status.text()
    # Previewing shows what the window already shows: no event until the plan leaves the program.
    assert events(ward.database, "report") == [] and events(ward.database, "print") == []

    assert plan.save_pdf(tmp_path / "plan.pdf")
    wait_recorded(qtbot, plan)
    [report] = events(ward.database, "report")
    assert (report.actor, report.patient_id, report.source) == ("dr.osei", ward.patient, "plan.pdf")
    assert report.reason == "team plan saved as PDF"

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    plan.recorded = None
    assert plan.print_to(printer)
    wait_recorded(qtbot, plan)
    [printed] = events(ward.database, "print")
    assert (printed.actor, printed.patient_id, printed.source) == ("dr.osei", ward.patient, plan.pdf_name)
    assert printed.reason.startswith("team plan printed, ")


def test_a_plan_not_saved_leaves_no_event(qtbot, ward, window_for, answers, tmp_path: Path) -> None:  # noqa: F811
    window = window_for(ward.path, ward.clinician)
    window.today = TODAY
    window.patient_list.select(ward.patient)
    plan = window.tabs.show_tab("Team plan")
    plan.build()
    qtbot.waitUntil(lambda: not plan.is_building, timeout=30000)
    blocker = tmp_path / "a file"
    blocker.write_text("not a folder")
    assert not plan.save_pdf(blocker / "plan.pdf")
    assert plan.recorded is None and events(ward.database, "report") == []


def test_an_import_leaves_an_event_and_a_refused_one_none(qtbot, ward, window_for, answers, tmp_path: Path) -> None:  # noqa: F811
    with ward.database.reading() as session:
        document = export_patient(session, "MRN-5001")
    document["patient"]["mrn"] = "MRN-5002"
    document["patient"]["id"] = "0d7c7f5e-3a44-4f5b-9a55-6a1c2b7e0001"
    path = tmp_path / "moreau.json"
    path.write_text(json.dumps({**document, "patient": {**document["patient"], "visits": []}}), encoding="utf-8")
    broken = tmp_path / "broken.json"
    broken.write_text("{ not json", encoding="utf-8")

    window = window_for(ward.path, ward.clinician)
    dialog = open_import_dialog(window, broken)
    qtbot.waitUntil(lambda: not dialog.is_busy and dialog.outcome.text() != "Importing…", timeout=10000)
    assert "Nothing was imported." in dialog.outcome.text()
    assert events(ward.database, "import") == []

    dialog.import_file(path)
    qtbot.waitUntil(lambda: not dialog.is_busy and dialog.result is not None, timeout=10000)
    [imported] = events(ward.database, "import")
    assert (imported.actor, imported.patient_id, imported.source) == ("dr.osei", dialog.result.patient_id,
                                                                     "moreau.json")
    assert imported.reason.startswith("new patient; ")


def test_the_worklist_exported_as_csv_is_an_export(qtbot, ward, window_for, answers, tmp_path: Path) -> None:  # noqa: F811
    window = window_for(ward.path, ward.clinician)
    view = window.open_worklist()
    qtbot.waitUntil(lambda: not view.is_loading and view.shown is not None, timeout=20000)
    assert view.save_csv(tmp_path / "worklist.csv")
    wait_recorded(qtbot, view)
    [exported] = events(ward.database, "export")
    assert (exported.actor, exported.source, exported.patient_id) == ("dr.osei", "worklist.csv", None)
    assert exported.reason.startswith("worklist exported as CSV: ")
    view.close()

"""`als-desktop report`: the team care plan as PDF from the command line, for one patient or a
whole clinic day, run on a real demo clinic file and read back with pypdf."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import func, select

from als_desktop.config import sqlite_url
from als_desktop.db import open_database
from als_desktop.models import Patient, Visit
from als_desktop.reports import team_plan as report
from als_desktop.services.clinic_day import clinic_day
from als_desktop.services.team_plan import team_plan_for

Run = Callable[..., tuple[int, str, str]]


@pytest.fixture
def clinic(demo_copy: Path) -> Path:
    return demo_copy


@pytest.fixture
def report_cli(cli_here: Run) -> Run:
    return cli_here


def pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(path).pages)


def living_patient_with_visits(clinic: Path, at_least: int = 2) -> tuple[str, str, list[date]]:
    """(MRN, name as printed, visit dates newest first) of a living demo patient."""
    database = open_database(sqlite_url(clinic), migrate=False)
    try:
        with database.reading() as session:
            patient = session.scalars(
                select(Patient).join(Visit, Visit.patient_id == Patient.id)
                .where(Patient.date_of_death.is_(None), Visit.voided_at.is_(None))
                .group_by(Patient.id).having(func.count(Visit.id) >= at_least).order_by(Patient.mrn)
            ).first()
            dates = session.scalars(select(Visit.visit_date).where(Visit.patient_id == patient.id,
                                                                   Visit.voided_at.is_(None))
                                    .order_by(Visit.visit_date.desc())).all()
            return patient.mrn, patient.display_name, list(dates)
    finally:
        database.close()


def busiest_day(clinic: Path) -> tuple[date, list[str]]:
    """The date with the most visits in the demo clinic, and the MRNs seen that day."""
    database = open_database(sqlite_url(clinic), migrate=False)
    try:
        with database.reading() as session:
            day = session.scalar(select(Visit.visit_date).where(Visit.voided_at.is_(None))
                                 .group_by(Visit.visit_date)
                                 .order_by(func.count().desc(), Visit.visit_date.desc()).limit(1))
            return day, [row.mrn for row in clinic_day(session, day).rows]
    finally:
        database.close()


def expected_name(clinic: Path, mrn: str, *, family: bool) -> str:
    database = open_database(sqlite_url(clinic), migrate=False)
    try:
        with database.reading() as session:
            patient = session.scalars(select(Patient).where(Patient.mrn == mrn)).one()
            return report.file_name(team_plan_for(session, patient.id), family=family)
    finally:
        database.close()


# ---------------------------------------------------------------- one patient


def test_report_writes_the_team_plan_of_the_latest_visit(report_cli: Run, clinic: Path, tmp_path: Path) -> None:
    mrn, name, dates = living_patient_with_visits(clinic)
    output = tmp_path / "plan.pdf"
    code, out, err = report_cli("report", mrn, "-o", str(output))
    assert code == 0, err
    assert out.strip() == (f"Wrote the team plan of {name} ({mrn}), visit of {dates[0]:%d %b %Y}, to {output}.")
    text = pdf_text(output)
    assert name in text and mrn in text
    assert f"{dates[0]:%d %b %Y}" in text
    assert not list(tmp_path.glob(".*.partial"))


def test_report_of_an_earlier_visit_and_the_family_copy(report_cli: Run, clinic: Path, tmp_path: Path) -> None:
    mrn, name, dates = living_patient_with_visits(clinic)
    earlier = dates[-1]
    team, family = tmp_path / "team.pdf", tmp_path / "family.pdf"
    assert report_cli("report", mrn, "--visit", earlier.isoformat(), "-o", str(team))[0] == 0
    code, out, err = report_cli("report", mrn, "--visit", earlier.isoformat(), "--family", "-o", str(family))
    assert code == 0, err
    assert out.startswith(f"Wrote the family copy of the team plan of {name} ({mrn}), visit of {earlier:%d %b %Y}")
    team_text, family_text = pdf_text(team), pdf_text(family)
    assert f"{earlier:%d %b %Y}" in team_text and f"{earlier:%d %b %Y}" in family_text
    assert name in family_text
    assert family_text != team_text


def test_output_folder_gets_the_plans_usual_file_name(report_cli: Run, clinic: Path, tmp_path: Path) -> None:
    mrn, _name, _dates = living_patient_with_visits(clinic)
    folder = tmp_path / "plans"
    folder.mkdir()
    assert report_cli("report", mrn, "--family", "-o", str(folder))[0] == 0
    assert [path.name for path in folder.iterdir()] == [expected_name(clinic, mrn, family=True)]


def test_user_mistakes_end_with_a_message_and_exit_code_2(report_cli: Run, clinic: Path, tmp_path: Path) -> None:
    mrn, _name, _dates = living_patient_with_visits(clinic)
    output = tmp_path / "plan.pdf"

    code, out, err = report_cli("report", "NO-SUCH-MRN", "-o", str(output))
    assert (code, out) == (2, "") and "No patient with MRN NO-SUCH-MRN" in err

    code, _out, err = report_cli("report", mrn, "--visit", "2001-01-01", "-o", str(output))
    assert code == 2 and "No visit on 01 Jan 2001" in err and "Traceback" not in err

    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file")
    code, _out, err = report_cli("report", mrn, "-o", str(blocker / "plan.pdf"))
    assert code == 2 and f"Cannot write {blocker / 'plan.pdf'}" in err and "nothing was written" in err.lower()

    code, _out, err = report_cli("report", "-o", str(output))
    assert code == 2 and "Give either a patient's MRN or --clinic-day DATE" in err
    code, _out, err = report_cli("report", mrn, "--clinic-day", "2025-06-02", "-o", str(output))
    assert code == 2 and "Give either" in err
    code, _out, err = report_cli("report", mrn, "--visit", "2 June 2025", "-o", str(output))
    assert code == 2 and "'2 June 2025' is not a date written YYYY-MM-DD" in err
    code, _out, err = report_cli("report", mrn)
    assert code == 2 and "-o/--output" in err
    assert not output.exists()


# ---------------------------------------------------------------- a clinic day


def test_clinic_day_writes_one_plan_per_visit_into_a_new_folder(report_cli: Run, clinic: Path,
                                                                tmp_path: Path) -> None:
    day, mrns = busiest_day(clinic)
    assert len(mrns) >= 2
    folder = tmp_path / "plans" / f"{day}"  # created, parents and all
    code, out, err = report_cli("report", "--clinic-day", day.isoformat(), "-o", str(folder))
    assert code == 0, err
    written = sorted(folder.glob("*.pdf"))
    assert len(written) == len(mrns)
    assert f"Wrote {len(mrns)} of {len(mrns)} team plans for {day:%d %b %Y} to {folder}:" in out
    for path in written:
        assert f"  {path.name}" in out
    texts = [pdf_text(path) for path in written]
    for mrn in mrns:
        assert sum(mrn in text for text in texts) == 1, mrn


def test_clinic_day_family_copies(report_cli: Run, clinic: Path, tmp_path: Path) -> None:
    day, mrns = busiest_day(clinic)
    code, out, _err = report_cli("report", "--clinic-day", day.isoformat(), "--family", "-o", str(tmp_path / "f"))
    assert code == 0 and f"family copies of team plans for {day:%d %b %Y}" in out
    names = {path.name for path in (tmp_path / "f").glob("*.pdf")}
    assert names == {expected_name_on(clinic, mrn, day) for mrn in mrns}


def expected_name_on(clinic: Path, mrn: str, day: date) -> str:
    database = open_database(sqlite_url(clinic), migrate=False)
    try:
        with database.reading() as session:
            row = next(row for row in clinic_day(session, day).rows if row.mrn == mrn)
            return report.file_name(team_plan_for(session, row.patient_id, visit_id=row.visit_id), family=True)
    finally:
        database.close()


def test_clinic_day_without_visits_and_an_unusable_folder(report_cli: Run, clinic: Path, tmp_path: Path) -> None:
    code, out, _err = report_cli("report", "--clinic-day", "1990-01-01", "-o", str(tmp_path / "none"))
    assert code == 0 and out.strip() == "No visits on 01 Jan 1990: no team plan written."
    assert not (tmp_path / "none").exists()  # no empty folder for a mistyped date

    day, _mrns = busiest_day(clinic)
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    code, out, err = report_cli("report", "--clinic-day", day.isoformat(), "-o", str(blocker))
    assert (code, out) == (2, "")
    assert f"{blocker} is a file, not a folder" in err and "Nothing was written." in err

    code, _out, err = report_cli("report", "--clinic-day", "1990-01-01", "--visit", "1990-01-01", "-o", str(tmp_path))
    assert code == 2 and "--visit chooses one patient's visit" in err


def test_report_as_a_real_process(run_cli, clinic: Path, tmp_path: Path) -> None:
    mrn, name, _dates = living_patient_with_visits(clinic)
    result = run_cli("--database", str(clinic), "report", mrn, "-o", str(tmp_path / "plan.pdf"))
    assert result.returncode == 0, result.stderr
    assert name in pdf_text(tmp_path / "plan.pdf")
    result = run_cli("--database", str(clinic), "report", "NOPE", "-o", str(tmp_path / "x.pdf"))
    assert result.returncode == 2 and "No patient with MRN NOPE" in result.stderr

"""The clinic's contact details: entered once, kept in the database apart from the clinical
settings, and printed on both copies of the care plan (the family copy keeps its lines to
write on for whatever the clinic has not entered)."""

from __future__ import annotations

from io import BytesIO

import pytest
from pypdf import PdfReader
from reportlab.lib.units import mm
from sqlalchemy import select
from test_team_plan_pdf import flat, pages_text, plan_for, text_lines

from als_desktop.clinical.settings import ClinicSettings
from als_desktop.config import sqlite_url
from als_desktop.db import Database, open_database
from als_desktop.models import ClinicSetting
from als_desktop.reports import team_plan as report
from als_desktop.reports.content import ClinicDetails, TeamPlan
from als_desktop.reports.layout import PAGE_SIZE, SIDE_MARGIN
from als_desktop.services.clinic_details import (
    load_clinic_details,
    plan_clinic,
    save_clinic_details,
)
from als_desktop.services.errors import ValidationError
from als_desktop.services.settings import load_settings, save_settings
from als_desktop.services.team_plan import team_plan_for

AUTHOR = "admin.clerk"
NAME = "Riverside ALS Clinic"
TELEPHONE = "01632 960 123"


def contact_box(pdf: bytes) -> tuple[list[str], int]:
    """The family copy's contacts box: the texts in it, and how many lines to write on it has.

    The box runs from "If you have questions…" down to "Questions you would like to ask…"; a line
    to write on is a horizontal line drawn between the two."""
    for page in PdfReader(BytesIO(pdf)).pages:
        texts: list[tuple[float, str]] = []
        rules: list[float] = []
        start: dict[str, tuple] = {}

        def visit(text, cm, tm, font, size, texts=texts):
            if text.strip():
                texts.append((tm[5] * cm[3] + cm[5], text.strip()))

        def operation(operator, operands, cm, tm, rules=rules, start=start):
            if operator == b"m":
                start["at"] = (cm, [float(value) for value in operands])
            elif operator == b"l" and "at" in start:
                matrix, (_, y0) = start["at"]
                if abs(float(operands[1]) - y0) < 0.01:  # horizontal
                    rules.append(matrix[3] * y0 + matrix[5])

        page.extract_text(visitor_text=visit, visitor_operand_before=operation)
        top = next((y for y, text in texts if text.startswith("If you have questions")), None)
        if top is None:
            continue
        bottom = next(y for y, text in texts if text.startswith("Questions you would like"))
        return [text for y, text in texts if bottom < y < top], sum(1 for y in rules if bottom < y < top)
    raise AssertionError("no contacts box on the family copy")


def reopened(db_path) -> Database:
    return open_database(sqlite_url(db_path))


# ------------------------------------------------------------------------------ the service


def test_details_are_trimmed_stored_and_read_back_from_the_file(db: Database, db_path) -> None:
    with db.transaction() as session:
        saved = save_clinic_details(session, {
            "name": f"  {NAME} ", "telephone": f"{TELEPHONE}\n", "email": "", "address": "1 River Road,\nExampletown",
        }, AUTHOR)
    assert saved == ClinicDetails(NAME, TELEPHONE, "", "1 River Road, Exampletown")

    again = reopened(db_path)
    with again.reading() as session:
        assert load_clinic_details(session) == saved
        assert plan_clinic(session) == saved
        rows = {row.key: row for row in session.scalars(select(ClinicSetting))}
    assert set(rows) == {"clinic.name", "clinic.telephone", "clinic.address"}  # blank: no row
    assert rows["clinic.name"].value == NAME and rows["clinic.name"].created_by == AUTHOR


def test_nothing_entered_means_no_details_on_the_plan(db: Database) -> None:
    with db.reading() as session:
        assert load_clinic_details(session) == ClinicDetails()
        assert plan_clinic(session) is None


def test_clearing_a_detail_voids_its_row_and_entering_it_again_brings_it_back(db: Database) -> None:
    with db.transaction() as session:
        save_clinic_details(session, {"name": NAME, "telephone": TELEPHONE}, AUTHOR)
    with db.transaction() as session:
        assert save_clinic_details(session, {"telephone": "   "}, "second.clerk") == ClinicDetails(name=NAME)
    with db.reading() as session:
        row = session.scalar(select(ClinicSetting).where(ClinicSetting.key == "clinic.telephone"))
        assert row.is_voided and row.voided_by == "second.clerk" and row.void_reason
    with db.transaction() as session:
        save_clinic_details(session, {"name": "", "telephone": "01632 960 999"}, AUTHOR)
    with db.reading() as session:
        assert load_clinic_details(session) == ClinicDetails(telephone="01632 960 999")


def test_too_long_values_are_named_and_nothing_is_saved(db: Database) -> None:
    with pytest.raises(ValidationError) as refused, db.transaction() as session:
        save_clinic_details(session, {"name": "N" * 121, "telephone": "0" * 41, "email": "e" * 201,
                                      "address": "Fine address", "fax": "123"}, AUTHOR)
    assert refused.value.errors == {
        "name": "Clinic name is too long: 121 characters, at most 120.",
        "telephone": "Telephone is too long: 41 characters, at most 40.",
        "email": "Email is too long: 201 characters, at most 200.",
        "fax": "'fax' is not a clinic detail.",
    }
    with db.reading() as session:
        assert session.scalars(select(ClinicSetting)).all() == []

    with db.transaction() as session:  # exactly at the limits is accepted
        saved = save_clinic_details(session, {"name": "N" * 120, "telephone": "0" * 40, "address": "a" * 200}, AUTHOR)
    assert (len(saved.name), len(saved.telephone), len(saved.address)) == (120, 40, 200)


def test_details_and_clinical_settings_keep_apart(db: Database) -> None:
    with db.transaction() as session:
        save_clinic_details(session, {"name": NAME, "telephone": TELEPHONE}, AUTHOR)
        save_settings(session, {"speaking_rate_wpm": 100}, AUTHOR)
    with db.reading() as session:
        assert load_settings(session) == ClinicSettings(speaking_rate_wpm=100.0)
        assert load_clinic_details(session) == ClinicDetails(NAME, TELEPHONE)
    # A detail's key is never taken for a clinical setting.
    with pytest.raises(ValidationError) as refused, db.transaction() as session:
        save_settings(session, {"clinic.name": "Other"}, AUTHOR)
    assert "clinic.name" in refused.value.errors


# ------------------------------------------------------------------------------ the copies


def test_the_plan_from_the_record_carries_the_details(db: Database, plan_record, team_plan: TeamPlan) -> None:
    assert team_plan.clinic is None
    with db.transaction() as session:
        save_clinic_details(session, {"name": NAME, "telephone": TELEPHONE}, AUTHOR)
    with db.reading() as session:
        plan = team_plan_for(session, plan_record.patient_id, today=plan_record.today,
                             generated_at=plan_record.generated_at)
    assert plan.clinic == ClinicDetails(NAME, TELEPHONE)

    family = contact_box(report.render(plan, family=True))
    assert family == (["Name:", NAME, "Telephone:", TELEPHONE], 0)
    for page in pages_text(report.render(plan)):
        assert NAME in page


def test_the_family_copy_keeps_lines_to_write_on_when_nothing_is_entered() -> None:
    texts, lines = contact_box(report.render(plan_for(), family=True))
    assert texts == ["Name:", "Telephone:"]
    assert lines == 2


def test_the_family_copy_keeps_a_line_only_for_what_is_missing() -> None:
    texts, lines = contact_box(report.render(plan_for(clinic=ClinicDetails(name=NAME)), family=True))
    assert texts == ["Name:", NAME, "Telephone:"]
    assert lines == 1

    texts, lines = contact_box(report.render(plan_for(clinic=ClinicDetails(telephone=TELEPHONE)), family=True))
    assert texts == ["Name:", "Telephone:", TELEPHONE]
    assert lines == 1


def test_the_family_copy_prints_email_and_address_when_entered() -> None:
    clinic = ClinicDetails(NAME, TELEPHONE, "als.clinic@example.org", "Ward 4, Riverside Hospital, Exampletown")
    pdf = report.render(plan_for(clinic=clinic), family=True)
    texts, lines = contact_box(pdf)
    assert lines == 0
    assert texts == ["Name:", NAME, "Telephone:", TELEPHONE, "Email:", clinic.email, "Address:", clinic.address]
    # "ALS" in the clinic's name is explained with the other abbreviations at the end.
    assert "ALS amyotrophic lateral sclerosis" in flat(pages_text(pdf)[-1] + pages_text(pdf)[-2])


def test_the_team_copy_names_the_clinic_in_every_page_header() -> None:
    pages = text_lines(report.render(plan_for(clinic=ClinicDetails(NAME, TELEPHONE))))
    for page in pages:
        header = [text for _, y, text in page if y > PAGE_SIZE[1] - 30 * mm]
        assert f"{NAME} · Visit 24 Nov 2026 · Riverside clinic" in header
    assert not any(NAME in text for _, _, text in text_lines(report.render(plan_for()))[0])


def test_a_long_clinic_name_is_shortened_in_the_header_rather_than_run_off_the_page() -> None:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    from als_desktop.reports.layout import FONT, styles

    name = "Northern Regional Amyotrophic Lateral Sclerosis and Motor Neurone Disease Multidisciplinary Care Centre"
    plan = plan_for(clinic=ClinicDetails(name=name + " Annex"))
    first = text_lines(report.render(plan))[0]
    x, _, header = next(line for line in first if line[2].endswith("· Visit 24 Nov 2026 · Riverside clinic"))
    assert "…" in header and header.startswith(name[:40])
    assert x + stringWidth(header, FONT, styles(family=False).header_size) <= PAGE_SIZE[0] - SIDE_MARGIN + 0.5
    # the family copy prints the whole name: its box wraps
    assert flat(name + " Annex") in flat(" ".join(pages_text(report.render(plan, family=True))))

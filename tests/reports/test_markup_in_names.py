"""A name or a note that looks like markup prints as typed on both copies of the team plan, and
a '<' or '&' in what the team wrote never breaks the plan (reportlab's Paragraph parses markup)."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import UTC, date, datetime
from io import BytesIO

import pytest
from pypdf import PdfReader

from als_desktop.reports import team_plan as report
from als_desktop.reports.content import (
    CarePlanningLine,
    ClinicDetails,
    DisciplineSection,
    Fact,
    MedicationLine,
    PlanAction,
    TeamPlan,
)
from als_desktop.services import patients, visits
from als_desktop.services.team_plan import team_plan_for

MARKUP = "<font size=40 color=red>X</font>"
BOLD = "<b>X</b>"
NOTE = "FVC < 50 % & falling; <unclosed tag, a stray </i> and &amp; as typed"
SITE = "Riverside <i>outreach</i> & annex"


def pdf_text(pdf: bytes) -> str:
    """The words of every page, spaces evened out (pypdf breaks lines where the PDF does)."""
    pages = "\n".join(page.extract_text() for page in PdfReader(BytesIO(pdf)).pages)
    return re.sub(r"\s+", " ", pages)


@pytest.fixture
def marked_plan(db) -> TeamPlan:
    with db.transaction() as session:
        patient = patients.create_patient(session, {
            "mrn": "MRN-0666", "given_name": BOLD, "family_name": MARKUP,
            "date_of_birth": date(1960, 5, 1), "sex": "male",
        }, "setup")
        visits.create_visit(session, patient.id, {
            "visit_date": date(2026, 3, 12), "site": SITE, "notes": NOTE,
            "clinicians": "Dr <b>Ada</b> Neuro (neurology)",
        }, "setup")
    with db.reading() as session:
        return team_plan_for(session, patient.id, today=date(2026, 3, 20),
                             generated_at=datetime(2026, 3, 20, 16, 45, tzinfo=UTC))


def test_a_name_that_looks_like_markup_prints_as_typed(marked_plan: TeamPlan) -> None:
    assert MARKUP.upper() in marked_plan.identity.name  # "FAMILY, Given"
    printed = pdf_text(report.render(marked_plan))
    assert f"{MARKUP.upper()}, {BOLD}" in printed
    assert NOTE in printed
    assert SITE in printed
    assert "Dr <b>Ada</b> Neuro" in printed


def test_the_family_copy_prints_typed_markup_as_typed(marked_plan: TeamPlan) -> None:
    printed = pdf_text(report.render(marked_plan, family=True))
    assert SITE in printed
    assert "Dr <b>Ada</b> Neuro" in printed


def test_a_less_than_or_ampersand_anywhere_the_team_writes_does_not_break_the_plan(marked_plan: TeamPlan) -> None:
    typed_action = "Review <PEG> & NIV if FVC <50 % — ask <b>Sam</b>"
    action = PlanAction("neurology", "Neurology", typed_action, date(2026, 4, 1), "team action (a.nurse)", "action")
    plan = replace(
        marked_plan,
        sections=(*marked_plan.sections, DisciplineSection(
            "neurology", "Neurology", (Fact("Notes <typed>", "weaker & <tired>"),), (action,))),
        medications=(MedicationLine("baclofen <test> & co", "10 mg < twice daily > & as needed", None,
                                    (Fact("Next <check>", "due & <soon>"),)),),
        care_planning=(CarePlanningLine("Resuscitation", "Discussed & <declined>", "Proxy: Sam <spouse>"),),
        clinic=ClinicDetails(name="ALS <Clinic> & Co", telephone="+1 <555> 0100", address="1 <Main> St & 2nd"),
    )
    team = pdf_text(report.render(plan))
    for typed in (typed_action, "baclofen <test> & co", "10 mg < twice daily > & as needed", "weaker & <tired>",
                  "due & <soon>", "Discussed & <declined>", "Proxy: Sam <spouse>"):
        assert typed in team, typed
    family = pdf_text(report.render(plan, family=True))
    for typed in ("ALS <Clinic> & Co", "+1 <555> 0100", "1 <Main> St & 2nd", "10 mg < twice daily > & as needed"):
        assert typed in family, typed


def test_the_file_name_of_a_marked_patient_holds_no_markup(marked_plan: TeamPlan) -> None:
    name = report.file_name(marked_plan)
    assert re.fullmatch(r"[A-Za-z0-9.\-]+", name), name

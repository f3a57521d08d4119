"""The team care plan PDF, parsed back: every page names the patient and the visit and says
'Page x of y', every section and action is there, the three plots are embedded, and the file
is a valid PDF. Plans are built by hand here (plan_for), so the drawing is tested on its own.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader

from als_desktop import __version__
from als_desktop.clinical.alsfrs import ITEMS
from als_desktop.clinical.respiratory import Measures
from als_desktop.clinical.settings import ClinicSettings
from als_desktop.clinical.snapshot import (
    AlsfrsEntry,
    InterventionEntry,
    PatientSnapshot,
    RespiratoryEntry,
    WeightEntry,
)
from als_desktop.clinical.trends import patient_trends
from als_desktop.reports import team_plan as report
from als_desktop.reports.content import (
    CarePlanningLine,
    DisciplineSection,
    Fact,
    Identity,
    MedicationLine,
    PlanAction,
    TeamPlan,
    VisitInfo,
)

VISIT = date(2026, 11, 24)
LONG_ACTION = (
    "Arrange a home visit with the community team to review the stair lift, the bathroom "
    "adaptations and the wheelchair seating, and report back to the clinic nurse before the "
    "next clinic so that the order can be placed in time for the winter"
)


# ------------------------------------------------------------------------------ builders


def quarterly_snapshot(years: float = 2.5, *, today: date = VISIT) -> PatientSnapshot:
    """A patient seen every three months for `years`, losing weight, FVC and ALSFRS-R points."""
    visits = max(1, round(years * 4))
    days = [today - timedelta(days=round(91.3 * (visits - 1 - i))) for i in range(visits)]
    weights, respiratory, alsfrs = [], [], []
    for i, on in enumerate(days):
        left = (visits - 1 - i) / max(visits - 1, 1)  # 1 at the first visit, 0 today
        weights.append(WeightEntry(on, round(70.0 - 8.0 * (1 - left), 1)))
        respiratory.append(RespiratoryEntry(
            on, Measures(fvc_percent=round(95 - 40 * (1 - left), 1), snip_cmh2o=round(70 - 25 * (1 - left), 1),
                         peak_cough_flow_l_min=round(380 - 150 * (1 - left))),
            fvc_percent_supine=round(88 - 42 * (1 - left), 1) if i % 2 else None,
        ))
        score = 4 if left > 0.6 else 3 if left > 0.3 else 2
        alsfrs.append(AlsfrsEntry(on, {item: score if n % 3 else max(score - 1, 0) for n, item in enumerate(ITEMS)}, "5a"))
    return PatientSnapshot(
        today=today, date_of_birth=date(1961, 4, 12), height_cm=168.0, premorbid_weight_kg=70.0,
        weights=tuple(weights), respiratory=tuple(respiratory), alsfrs=tuple(alsfrs),
        interventions=(InterventionEntry("niv", days[len(days) // 2]), InterventionEntry("gastrostomy", days[max(len(days) - 2, 0)], detail="PEG")),
    )


def action(owner: str, label: str, description: str, due: date | None, **kw: object) -> PlanAction:
    base: dict[str, object] = {"source": "team action (a.nurse)", "kind": "action"}
    base.update(kw)
    return PlanAction(owner, label, description, due, **base)  # type: ignore[arg-type]


def prompt(owner: str, label: str, rule_id: str, description: str, severity: str, due: date | None = None,
           **kw: object) -> PlanAction:
    return PlanAction(owner, label, description, due, kw.pop("source", "NICE NG42"), "prompt",  # type: ignore[arg-type]
                      rule_id=rule_id, severity=severity, **kw)  # type: ignore[arg-type]


def plan_for(snapshot: PatientSnapshot | None = None, **changes: object) -> TeamPlan:
    """A full plan by hand: five disciplines with findings, team actions and prompts."""
    snapshot = snapshot or quarterly_snapshot()
    trends = patient_trends(snapshot, ClinicSettings())
    sections = (
        DisciplineSection("neurology", "Neurology",
                          (Fact("ALSFRS-R total", "30 of 48"), Fact("King's stage", "3", "Roche 2012")),
                          (prompt("neurology", "Neurology", "NEU-RILUZOLE-ALT-DUE",
                                  "Riluzole liver test (ALT) due on 24 Dec 2026.", "due", date(2026, 12, 24),
                                  source="Riluzole SmPC"),
                           action("neurology", "Neurology", "Review riluzole tolerance by phone", date(2026, 12, 8)))),
        DisciplineSection("slp", "Speech-language pathology", (), (
            prompt("slp", "Speech-language pathology", "SLP-AAC-PLANNING",
                   "Speech item 3 of 4: plan AAC, voice and message banking.", "action", source="Guide"),)),
        DisciplineSection("nutrition", "Nutrition / dietetics",
                          (Fact("Weight", "62 kg"), Fact("Weight loss", "11.4 % against premorbid 70 kg"),
                           Fact("BMI", "22 kg/m²")),
                          (prompt("nutrition", "Nutrition / dietetics", "NUT-GASTROSTOMY-10PC",
                                  "Weight loss 11.4 % (> 10 %): discuss gastrostomy.", "action",
                                  estimate=trends.weight.estimate.text() if trends.weight.estimate else None,
                                  source="Guide: gastrostomy when weight loss > 10 %"),)),
        DisciplineSection("pulmonary", "Pulmonary / respiratory",
                          (Fact("FVC sitting", "55 % predicted"), Fact("Peak cough flow", "150 L/min")),
                          (prompt("pulmonary", "Pulmonary / respiratory", "RESP-COUGH-INEFFECTIVE",
                                  "Peak cough flow 150 L/min (< 160): ineffective cough.", "urgent"),
                           prompt("pulmonary", "Pulmonary / respiratory", "RESP-NIV-NICE",
                                  "FVC 55 % predicted: discuss NIV.", "action",
                                  estimate="Estimate: FVC reaches 50 % predicted around Mar 2027 (falling 1.8 % "
                                           "predicted per month over 4 values since 24 Nov 2025)."))),
        DisciplineSection("palliative", "Palliative care", (),
                          (prompt("palliative", "Palliative care", "PAL-ACP",
                                  "Advance care planning not yet discussed: resuscitation status; preferred place "
                                  "of death.", "action",
                                  values=(("Resuscitation status", "not recorded"),
                                          ("Preferred place of death", "not recorded"))),)),
        DisciplineSection("occupational_therapy", "Occupational therapy", (),
                          (action("occupational_therapy", "Occupational therapy", LONG_ACTION, date(2027, 1, 15)),)),
    )
    plan = TeamPlan(
        identity=Identity("EXAMPLE, Alex", "MRN-0001", date(1961, 4, 12), 65, "Female"),
        visit=VisitInfo(VISIT, "Riverside clinic", ("Dr Ana Ruiz (Neurology)", "Sam Lee (Dietitian)", "Kim Park")),
        as_of=VISIT,
        disease=(Fact("Symptom onset", "15 Jan 2023"), Fact("Diagnosis", "02 Nov 2023"),
                 Fact("Diagnostic delay", "9.6 months", "Guide: average about 12 months"),
                 Fact("Onset region", "Bulbar"), Fact("King's stage", "3", "Roche 2012"),
                 Fact("MiToS stage", "1", "Chiò 2015"), Fact("ΔFRS", "0.52 points/month (intermediate)", "Kimura 2006")),
        sections=sections,
        medications=(MedicationLine("Riluzole", "50 mg by mouth twice daily", date(2024, 1, 10),
                                    (Fact("Next ALT (liver test) due", "24 Dec 2026"),)),
                     MedicationLine("Edaravone", "60 mg IV infusion, 10 of 14 days", date(2025, 3, 1),
                                    (Fact("Next infusion cycle", "starts 1 Dec 2026"),))),
        liver_tests=(Fact("ALT 12 Oct 2026", "38 U/L = 0.95 × ULN 40 U/L"),),
        care_planning=(CarePlanningLine("Resuscitation status", "Not yet discussed"),
                       CarePlanningLine("Ventilatory support (NIV, tracheostomy)", "Accepts NIV; declines tracheostomy, 3 Oct 2026",
                                        "Advance decision document held")),
        trends=trends,
        program_version=__version__,
        generated_at=datetime(2026, 11, 24, 15, 2, tzinfo=UTC),
    )
    return replace(plan, **changes)


def empty_plan() -> TeamPlan:
    """A patient with nothing recorded but identity and this visit."""
    snapshot = PatientSnapshot(today=VISIT, date_of_birth=date(1970, 1, 1))
    return plan_for(snapshot, disease=(), sections=(), medications=(), liver_tests=(), care_planning=(),
                    visit=VisitInfo(VISIT, "Riverside clinic", ()))


# ------------------------------------------------------------------------------ reading back


def pages_text(pdf: bytes) -> list[str]:
    return [page.extract_text() or "" for page in PdfReader(BytesIO(pdf)).pages]


def flat(text: str) -> str:
    """Text with line breaks and runs of spaces made single spaces (wrapped cells)."""
    return re.sub(r"\s+", " ", text)


def image_count(pdf: bytes) -> int:
    count = 0
    for page in PdfReader(BytesIO(pdf)).pages:
        resources = page.get("/Resources")
        xobjects = resources.get_object().get("/XObject") if resources else None
        if xobjects:
            count += sum(1 for ref in xobjects.get_object().values() if ref.get_object().get("/Subtype") == "/Image")
    return count


def qpdf_check(pdf: bytes, tmp_path: Path) -> None:
    """qpdf --check on the file (CI installs qpdf; skipped only where the command is missing)."""
    if shutil.which("qpdf") is None:
        pytest.skip("qpdf is not installed")
    path = tmp_path / "plan.pdf"
    path.write_bytes(pdf)
    result = subprocess.run(["qpdf", "--check", str(path)], check=False, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.fixture(scope="module")
def team_pdf() -> bytes:
    return report.render(plan_for())


# ------------------------------------------------------------------------------ the tests


def test_every_page_names_the_patient_and_visit_and_says_page_x_of_y(team_pdf: bytes):
    pages = pages_text(team_pdf)
    assert len(pages) >= 2
    for number, page in enumerate(pages, start=1):
        assert "EXAMPLE, Alex" in page and "MRN-0001" in page and "12 Apr 1961" in page
        assert "Visit 24 Nov 2026" in page and "Riverside clinic" in page
        assert f"Page {number} of {len(pages)}" in page
        assert f"ALS Clinic Desktop {__version__}" in page
        assert "Confidential: contains personal health information" in page
        assert "Generated 24 Nov 2026" in page


def test_generation_time_is_local_time_with_its_zone():
    from als_desktop.reports.layout import generated_text

    moment = datetime(2026, 11, 24, 15, 2, tzinfo=UTC)
    local = moment.astimezone()
    shown = generated_text(moment)
    assert shown.startswith(f"{local:%d %b %Y %H:%M}")
    assert "UTC" in shown  # the offset is always named, so a time is never ambiguous


def test_every_section_heading_is_there(team_pdf: bytes):
    text = flat(" ".join(pages_text(team_pdf)))
    for heading in ("Team care plan", "Disease summary", "Neurology", "Speech-language pathology",
                    "Nutrition / dietetics", "Pulmonary / respiratory", "Palliative care", "Occupational therapy",
                    "Findings at this visit", "Medications", "Liver tests (ALT)", "Advance care planning",
                    "Trends", "Team members present"):
        assert heading in text, heading
    for fact in ("King's stage", "MiToS stage", "ΔFRS", "Diagnostic delay", "Onset region", "Kimura 2006"):
        assert fact in text, fact


def test_every_action_shows_its_description_owner_and_due_date(team_pdf: bytes):
    text = flat(" ".join(pages_text(team_pdf)))
    plan = plan_for()
    for each in plan.actions:
        assert flat(each.description) in text, each.description
        assert each.owner_label in text
        if each.due_on:
            assert f"{each.due_on:%d %b %Y}" in text
    # a prompt carries its severity and the estimate beside it; a clinician's action its author
    assert "Urgent Peak cough flow 150 L/min" in text
    assert "Estimate: FVC reaches 50 % predicted around Mar 2027" in text
    assert "team action (a.nurse)" in text


def test_team_actions_come_before_the_prompts_in_a_discipline(team_pdf: bytes):
    text = flat(" ".join(pages_text(team_pdf)))
    assert text.index("Review riluzole tolerance by phone") < text.index("Riluzole liver test (ALT) due on")


def test_medications_schedules_and_care_planning_are_printed(team_pdf: bytes):
    text = flat(" ".join(pages_text(team_pdf)))
    for expected in ("Riluzole", "50 mg by mouth twice daily", "Next ALT (liver test) due: 24 Dec 2026",
                     "Next infusion cycle: starts 1 Dec 2026", "38 U/L = 0.95 × ULN 40 U/L",
                     "Resuscitation status", "Not yet discussed", "Advance decision document held"):
        assert expected in text, expected


def test_team_members_are_listed_for_signature(team_pdf: bytes):
    last = flat(pages_text(team_pdf)[-1])
    assert "Name Role Signature Date" in last
    for name, role in (("Dr Ana Ruiz", "Neurology"), ("Sam Lee", "Dietitian"), ("Kim Park", "")):
        assert f"{name} {role}".strip() in last


def test_the_three_trend_plots_are_embedded(team_pdf: bytes):
    assert image_count(team_pdf) == 3


def test_the_pdf_passes_qpdf_check(team_pdf: bytes, tmp_path: Path):
    qpdf_check(team_pdf, tmp_path)


def test_a_patient_with_no_data_renders_with_empty_states(tmp_path: Path):
    pdf = report.render(empty_plan())
    text = flat(" ".join(pages_text(pdf)))
    for empty in ("No disease details recorded.", "No medications recorded.", "No liver tests recorded.",
                  "No advance care planning topics recorded.", "nothing to plot"):
        assert empty in text, empty
    assert "Team members present" in text and "Page 1 of" in text
    assert image_count(pdf) == 0
    qpdf_check(pdf, tmp_path)


def test_long_text_wraps_inside_its_cell_instead_of_running_off_the_page(team_pdf: bytes):
    reader = PdfReader(BytesIO(team_pdf))
    width = float(reader.pages[0].mediabox.width)
    found = []

    def visit(text, cm, tm, font, size):
        if text.strip():
            found.append((tm[4] * cm[0] + cm[4], text))

    for page in reader.pages:
        page.extract_text(visitor_text=visit)
    assert found and all(0 < x < width for x, _ in found)
    text = flat(" ".join(pages_text(team_pdf)))
    assert flat(LONG_ACTION) in text


def test_file_names_are_safe_and_say_which_copy():
    plan = plan_for(identity=Identity("O'NEIL, Pat", "A/12 34:5", date(1961, 4, 12), 65, "Male"))
    assert report.file_name(plan) == "team-plan-A-12-34-5-2026-11-24.pdf"
    assert report.file_name(plan, family=True) == "family-plan-A-12-34-5-2026-11-24.pdf"
    assert report.file_name(plan_for()) == "team-plan-MRN-0001-2026-11-24.pdf"


def test_ten_years_of_quarterly_visits_still_draw_three_plots(tmp_path: Path):
    pdf = report.render(plan_for(quarterly_snapshot(10)))
    assert image_count(pdf) == 3
    qpdf_check(pdf, tmp_path)


def text_lines(pdf: bytes) -> list[list[tuple[float, float, str]]]:
    """Per page, each piece of text drawn, and each image as "<image>" at its lower left corner,
    with its x and y (points from the bottom left)."""
    pages = []
    for page in PdfReader(BytesIO(pdf)).pages:
        found: list[tuple[float, float, str]] = []

        def visit(text, cm, tm, font, size, found=found):
            if text.strip():
                found.append((tm[4] * cm[0] + cm[4], tm[5] * cm[3] + cm[5], text.strip()))

        def operation(operator, operands, cm, tm, found=found):
            if operator == b"Do":
                found.append((cm[4], cm[5], "<image>"))

        page.extract_text(visitor_text=visit, visitor_operand_before=operation)
        pages.append(found)
    return pages


def test_a_long_name_and_site_are_put_on_two_header_lines_rather_than_over_each_other():
    name = "VERYLONGFAMILYNAME-DOUBLEBARRELLED, Maximiliana Josephine"
    site = "Northern Regional Neuromuscular Outreach Clinic, Building 4"
    plan = plan_for(identity=Identity(name, "MRN-0001", date(1961, 4, 12), 65, "Female"),
                    visit=VisitInfo(VISIT, site, ()))
    first = text_lines(report.render(plan))[0]
    name_y = next(y for _, y, text in first if text.startswith(name))
    site_y = next(y for _, y, text in first if text.startswith("Visit 24 Nov 2026") and site in text)
    assert name_y > site_y  # the visit on a line of its own, under the name

    short = text_lines(report.render(plan_for()))[0]
    assert next(y for _, y, t in short if t.startswith("EXAMPLE, Alex")) == next(
        y for _, y, t in short if t.startswith("Visit 24 Nov 2026"))


HEADINGS = {"Disease summary", "Neurology", "Speech-language pathology", "Nutrition / dietetics",
            "Pulmonary / respiratory", "Palliative care", "Occupational therapy", "Physical therapy",
            "Findings at this visit", "Actions", "Medications", "Liver tests (ALT)", "Advance care planning",
            "Trends", "Team members present"}


@pytest.mark.parametrize("years", [0.25, 2.5, 10])
def test_no_heading_is_left_alone_at_the_foot_of_a_page(years: float):
    from als_desktop.reports.layout import BOTTOM_MARGIN

    for number, page in enumerate(text_lines(report.render(plan_for(quarterly_snapshot(years)))), start=1):
        body = [(y, text) for _, y, text in page if y > BOTTOM_MARGIN]
        lowest = min(body)[1]
        assert lowest not in HEADINGS, f"page {number} ends with the heading {lowest!r}"


def test_a_patient_who_has_died_is_shown_as_such():
    plan = plan_for(identity=Identity("EXAMPLE, Alex", "MRN-0001", date(1961, 4, 12), 65, "Female",
                                      deceased_on=date(2026, 10, 2)))
    assert "Died 02 Oct 2026" in pages_text(report.render(plan))[0]


# ------------------------------------------------------------------- a plan filled from the record


def test_a_plan_from_the_record_prints_every_action_and_the_visit(team_plan: TeamPlan, tmp_path: Path):
    pdf = report.render(team_plan)
    pages = pages_text(pdf)
    text = flat(" ".join(pages))
    for number, page in enumerate(pages, start=1):
        assert "TESTCASE, Morgan" in page and "PLAN-0001" in page and f"Page {number} of {len(pages)}" in page
    assert "Visit 12 Mar 2026 at Northside outreach" in text
    assert "Joint review with family present." in text
    for each in team_plan.actions:
        assert flat(each.description) in text, each.description
        assert each.owner_label in text
        if each.due_on:
            assert f"{each.due_on:%d %b %Y}" in text
        if each.estimate:
            assert flat(each.estimate) in text
    for member in ("Dr Ada Neuro", "Ben Speech", "Cara Diet", "Dee Lung"):
        assert member in text
    assert image_count(pdf) == 3
    qpdf_check(pdf, tmp_path)


def test_team_copy_type_is_readable_at_9_to_10_points(team_pdf: bytes):
    sizes = body_font_sizes(team_pdf, "Review riluzole tolerance by phone")
    assert sizes and all(9 <= size <= 10 for size in sizes)


def body_font_sizes(pdf: bytes, words: str) -> list[float]:
    """The sizes text containing `words` is drawn at (reportlab draws at scale 1)."""
    sizes: list[float] = []

    def visit(text, cm, tm, font, size):
        if words in text:
            sizes.append(size * tm[3] * cm[3])

    for page in PdfReader(BytesIO(pdf)).pages:
        page.extract_text(visitor_text=visit)
    return sizes


def test_a_plot_that_cannot_be_drawn_leaves_a_note_and_the_rest_of_the_plan(monkeypatch: pytest.MonkeyPatch,
                                                                           caplog: pytest.LogCaptureFixture):
    from als_desktop import plots

    def broken(trends, *, plain=False):
        raise ValueError("no room for the legend")

    monkeypatch.setattr(plots, "weight_figure", broken)
    pdf = report.render(plan_for())
    assert image_count(pdf) == 2
    assert "This plot could not be drawn (the log says why)." in flat(" ".join(pages_text(pdf)))
    assert "no room for the legend" in caplog.text


@pytest.mark.parametrize("family", [False, True])
def test_everything_printed_fits_a_us_letter_sheet_too(family: bool):
    """A4 pages printed at actual size on Letter, centred, lose 3 mm at each side and 8.8 mm at
    top and bottom; a printer cannot reach about the last 4 mm either."""
    from reportlab.lib.pagesizes import A4, LETTER
    from reportlab.lib.units import mm

    side = (A4[0] - LETTER[0]) / 2 if A4[0] > LETTER[0] else 0
    end = (A4[1] - LETTER[1]) / 2
    printer = 4.5 * mm
    pdf = report.render(plan_for(), family=family)
    for page in PdfReader(BytesIO(pdf)).pages:
        drawn: list[tuple[float, float, float]] = []

        def visit(text, cm, tm, font, size, drawn=drawn):
            if text.strip():
                drawn.append((tm[4] * cm[0] + cm[4], tm[5] * cm[3] + cm[5], size * tm[3] * cm[3]))

        page.extract_text(visitor_text=visit)
        for x, y, size in drawn:
            assert side + printer <= x <= A4[0] - side - printer
            assert end + printer <= y - 0.25 * size and y + size <= A4[1] - end - printer

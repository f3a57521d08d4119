"""The team plan's research estimate, the family copy without estimates unless asked, a family
copy that never contradicts the plan, and the team actions seen through on the plan.

Built from a patient recorded through the services (conftest.plan_record), rendered to PDF and
read back with pypdf.
"""

from __future__ import annotations

import math
from dataclasses import replace
from datetime import date
from io import BytesIO

from pypdf import PdfReader
from test_team_plan_pdf import flat, pages_text, plan_for

from als_desktop import plots
from als_desktop.db import Database
from als_desktop.models import Patient, TeamAction
from als_desktop.reports import plain_words
from als_desktop.reports import team_plan as report
from als_desktop.reports.content import Fact, PlanAction, TeamPlan
from als_desktop.reports.family import ESTIMATE_CAPTION, without_estimates
from als_desktop.services import patient_records, patients
from als_desktop.services.team_plan import team_plan_for

AUTHOR = "plan.clinician"
SOURCE = "Westeneng et al., Lancet Neurol 2018;17:423-33"
FAMILY_NEVER = ("ENCALS", "Westeneng", "Research estimate", "Linear predictor", "survival")


def plan_of(db: Database, plan_record) -> TeamPlan:
    with db.transaction() as session:
        return team_plan_for(session, plan_record.patient_id, today=plan_record.today,
                             generated_at=plan_record.generated_at)


def record_every_predictor(db: Database, plan_record) -> None:
    """The conftest patient has Gold Coast criteria and no FTD or C9orf72 answer: record them."""
    with db.transaction() as session:
        patient = session.get(Patient, plan_record.patient_id)
        patients.update_patient(session, patient.id, patient.version, {
            "diagnostic_criteria": "el_escorial_definite", "ftd": "no", "c9orf72_status": "negative",
        }, AUTHOR, today=plan_record.today)


def text_of(pdf: bytes) -> str:
    return flat(" ".join(pages_text(pdf)))


# ---------------------------------------------------------------------------- ENCALS on the team copy


def test_team_copy_shows_the_encals_estimate_with_its_source(db: Database, plan_record) -> None:
    record_every_predictor(db, plan_record)
    plan = plan_of(db, plan_record)
    (estimate,) = plan.research_estimates
    assert estimate.estimated and estimate.source.startswith(SOURCE)

    # By hand, from the record: onset 10 May 2024, diagnosis 14 Jan 2025, born 3 Jul 1958; the
    # first complete ALSFRS-R and FVC on or after diagnosis are those of 13 Mar 2025: 41/48, 88 %.
    months = (date(2025, 3, 13) - date(2024, 5, 10)).days / 30.4375
    delay = (date(2025, 1, 14) - date(2024, 5, 10)).days / 30.4375
    age = (date(2024, 5, 10) - date(1958, 7, 3)).days / 365.25
    slope = (41 - 48) / months
    lp = (-1.837 * (-slope + 0.1) ** -0.5 - 2.373 * ((delay / 10) ** -0.5 + math.log(delay / 10))
          - 0.267 * (age / 100) ** -2 + 0.477 * (1 / 0.88 + 0.88 ** -0.5) + 0.233)  # definite El Escorial

    def s(x: float) -> float:
        kmin, kmax = 0.081, 5.917
        cube = lambda u: max(u, 0.0) ** 3
        v = [cube(x - k) - (kmax - k) / (kmax - kmin) * cube(x - kmin) - (k - kmin) / (kmax - kmin) * cube(x - kmax)
             for k in (3.108, 3.638)]
        return -6.409 + 2.643 * x - 0.546 * v[0] + 0.585 * v[1]

    survival = [1 / (1 + math.exp(s(math.log(t)) + lp)) for t in (12, 24, 36)]
    lines = {f.label: f.value for f in estimate.lines}
    assert lines["Linear predictor"] == f"{lp:.2f}".replace("-", "−")
    assert lines["Predicted survival from onset"].startswith(
        f"12 months {survival[0] * 100:.0f} % · 24 months {survival[1] * 100:.0f} % · 36 months {survival[2] * 100:.0f} %")
    assert "ALSFRS-R 41/48 on 13 Mar 2025" in lines["Predictors"] and "FVC 88 % predicted on 13 Mar 2025" in lines["Predictors"]

    text = text_of(report.render(plan))
    assert "Research estimate (ENCALS)" in text
    assert f"Linear predictor {lines['Linear predictor']}" in text
    assert "not a certainty" in text
    assert SOURCE in text
    assert "months from onset (about" in text  # the median


def test_team_copy_names_what_is_missing_for_the_estimate(team_plan: TeamPlan) -> None:
    (estimate,) = team_plan.research_estimates
    assert not estimate.estimated
    text = text_of(report.render(team_plan))
    assert "Research estimate (ENCALS)" in text and SOURCE in text
    assert "Not estimated every predictor must be recorded" in text
    for missing in ("El Escorial category", "frontotemporal dementia (FTD)", "C9orf72 result"):
        assert missing in text, missing
    assert "Linear predictor" not in text


def test_family_copy_never_shows_the_research_estimate(db: Database, plan_record) -> None:
    record_every_predictor(db, plan_record)
    plan = plan_of(db, plan_record)
    assert plan.research_estimates[0].estimated
    for family_estimates in (False, True):
        text = text_of(report.render(plan, family=True, family_estimates=family_estimates))
        assert not [word for word in FAMILY_NEVER if word.lower() in text.lower()], family_estimates


# ---------------------------------------------------------------------------- trend estimates


def pdf_images(pdf: bytes) -> list[bytes]:
    return [image.data for page in PdfReader(BytesIO(pdf)).pages for image in page.images]


def test_family_copy_leaves_the_trend_estimates_out_unless_asked(team_plan: TeamPlan) -> None:
    assert team_plan.trends.respiratory.estimate is not None and team_plan.trends.weight.estimate is not None
    default = report.render(team_plan, family=True)
    asked = report.render(team_plan, family=True, family_estimates=True)
    assert flat(ESTIMATE_CAPTION) not in text_of(default)
    assert text_of(asked).count(flat(ESTIMATE_CAPTION)) == 2  # under the weight and the breathing plots
    # Weight and breathing plots drawn without their projection; the ALSFRS-R plot is the same.
    plain, projected = pdf_images(default), pdf_images(asked)
    assert len(plain) == len(projected) == 3
    assert plain[0] != projected[0] and plain[1] != projected[1] and plain[2] == projected[2]


def test_the_plain_plots_without_estimates_have_no_projected_line(team_plan: TeamPlan) -> None:
    def gids(figure) -> set[str]:
        return {artist.get_gid() for artist in figure.findobj() if artist.get_gid()}

    with_line = plots.respiratory_figure(team_plan.trends, plain=True)
    without = plots.respiratory_figure(without_estimates(team_plan.trends), plain=True)
    assert {"estimate:fvc", "estimate-label:fvc"} <= gids(with_line)
    assert not {gid for gid in gids(without) if gid.startswith("estimate")}
    weight = plots.weight_figure(without_estimates(team_plan.trends), plain=True)
    assert not {gid for gid in gids(weight) if gid.startswith("estimate")}


# ---------------------------------------------------------------------------- no contradiction


def test_family_copy_does_not_say_niv_not_indicated_beside_an_open_niv_prompt(team_plan: TeamPlan) -> None:
    assert any(a.rule_id == "RESP-NIV-NICE" for a in team_plan.actions)
    pulmonary = {f.label: f.value for s in team_plan.sections if s.discipline == "pulmonary" for f in s.findings}
    assert pulmonary["NIV status"] == "Not indicated"  # as recorded: the team's copy keeps it
    assert "NIV status Not indicated" in text_of(report.render(team_plan))
    family = text_of(report.render(team_plan, family=True))
    assert "Not indicated" not in family
    assert f"Breathing machine (NIV) {plain_words.TALK_ABOUT_IT}" in family


def test_a_status_stays_as_recorded_when_no_action_is_about_it() -> None:
    plan = plan_for()
    no_niv = tuple(
        type(s)(s.discipline, s.title, (*s.findings, Fact("NIV status", "Not indicated")),
                tuple(a for a in s.actions if a.rule_id != "RESP-NIV-NICE"))
        if s.discipline == "pulmonary" else s
        for s in plan.sections
    )
    family = text_of(report.render(replace(plan, sections=no_niv), family=True))
    assert "Breathing machine (NIV) Not indicated" in family


def test_agreeing_value_follows_prompts_and_the_teams_own_actions() -> None:
    agree = plain_words.agreeing_value
    assert agree("NIV status", "Not indicated", []) == "Not indicated"
    assert agree("NIV status", "Not indicated", [("RESP-NIV-NICE", "Discuss NIV")]) == plain_words.TALK_ABOUT_IT
    assert agree("NIV status", "Not indicated", [(None, "Trial of NIV at night")]) == plain_words.TALK_ABOUT_IT
    assert agree("NIV status", "Not indicated", [(None, "Review the envelope of care")]) == "Not indicated"
    assert agree("NIV status", "Not indicated", [("RESP-NIV-DECLINED", "")]) == "Not indicated"
    assert agree("NIV status", "Started", [("RESP-NIV-NICE", "")]) == "Started"
    assert agree("AAC status", "Not needed yet", [("SLP-AAC-PLANNING", "")]) == plain_words.TALK_ABOUT_IT
    assert agree("Weight", "Not indicated", [("RESP-NIV-NICE", "")]) == "Not indicated"


# ---------------------------------------------------------------------------- team actions on the plan


def add_action(db: Database, plan_record, **values: object) -> None:
    with db.transaction() as session:
        patient_records.record_for_patient(session, TeamAction, plan_record.patient_id, values, AUTHOR,
                                           today=plan_record.today)


def test_plan_lists_open_actions_with_overdue_marked_and_recently_closed(db: Database, plan_record) -> None:
    add_action(db, plan_record, owner_discipline="slp", description="Send the AAC referral letter",
               due_on=date(2026, 3, 1))  # before the plan's day (20 Mar 2026)
    add_action(db, plan_record, owner_discipline="slp", description="Book the swallow video study",
               status="done", completed_on=date(2025, 12, 1))  # 109 days before: not recent
    plan = plan_of(db, plan_record)

    overdue = next(a for a in plan.actions if a.description == "Send the AAC referral letter")
    physio = next(a for a in plan.actions if a.description == plan_record.physio_action)
    assert overdue.overdue and overdue.kind == "action"
    assert not physio.overdue  # due 1 Apr 2026, after the plan's day
    closed = [c for s in plan.sections for c in s.recently_closed]
    assert [(c.description, c.status, c.closed_on) for c in closed] == [
        (plan_record.done_action, "Done", date(2026, 3, 12))]
    assert plan.closed_within_days == 90

    text = text_of(report.render(plan))
    assert "Send the AAC referral letter" in text
    assert "01 Mar 2026 Overdue" in text
    assert "01 Apr 2026 Overdue" not in text
    assert f"Closed in the last 90 days Status On By, note {plan_record.done_action} Done 12 Mar 2026" in text
    assert "Book the swallow video study" not in text

    family = text_of(report.render(plan, family=True))
    assert "Send the AAC referral letter" in family and "Overdue" not in family
    assert plan_record.done_action not in family


def test_a_prompt_action_carries_its_values_for_the_planning_sentence(team_plan: TeamPlan) -> None:
    planning = next(a for a in team_plan.actions if a.rule_id == "PAL-ACP")
    assert isinstance(planning, PlanAction) and planning.values
    family = text_of(report.render(team_plan, family=True))
    assert "Your palliative care team would like to talk with you, when you are ready, about" in family
    assert "where you would like to be cared for towards the end of life" in family


def test_the_niv_card_prints_each_criterion_met_with_its_own_source(team_plan: TeamPlan) -> None:
    [niv] = [a for a in team_plan.actions if a.rule_id == "RESP-NIV-NICE"]
    assert niv.criteria, "the NIV card names the criteria it met"
    team_copy = text_of(report.render(team_plan))
    for criterion, source in niv.criteria:
        assert flat(criterion) in team_copy and flat(source) in team_copy

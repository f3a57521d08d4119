"""The team care plan as a PDF (reportlab Platypus), and its plain-language family copy.

    render(plan) -> bytes              the team's copy, 9.5 pt, with prompts, sources and signatures
    render(plan, family=True)          the patient's and family's copy (reports.family)
    file_name(plan[, family=True])     "team-plan-MRN-0001-2026-11-24.pdf"

Both carry the patient and the visit on every page (the team's copy also the clinic's name,
when entered in Settings), "Page x of y", the time they were generated and the program
version. The plan's content (reports.content.TeamPlan) is filled by
services.team_plan; nothing here reads the database.
"""

from __future__ import annotations

import re

from als_desktop.clinical.projection import ESTIMATE_METHOD
from als_desktop.clinical.rules_common import shown_date

from .content import DisciplineSection, Fact, PlanAction, ResearchEstimate, TeamPlan

PROGRAM = "ALS Clinic Desktop"
CONFIDENTIAL = (
    "Confidential: contains personal health information. Keep it secure; "
    "destroy as confidential waste when no longer needed."
)
SIGNATURE_SPARE_ROWS = 3  # for anyone present but not listed on the visit

SECTION_DISEASE = "Disease summary"
SECTION_MEDICATIONS = "Medications"
SECTION_CARE_PLANNING = "Advance care planning"
SECTION_TRENDS = "Trends"
SECTION_TEAM = "Team members present"
TREND_TITLES = {
    "weight": "Weight and BMI",
    "respiratory": "Breathing: FVC, SNIP and peak cough flow",
    "alsfrs": "ALSFRS-R total and domain subscores",
}
OVERDUE = "Overdue"
SEVERITY_WORDS = {"urgent": "Urgent", "action": "Action", "due": "Due", "info": "Info"}


def render(plan: TeamPlan, *, family: bool = False, family_estimates: bool = False) -> bytes:
    """The PDF bytes of the team's copy, or with `family` the plain-language copy (with the
    trend projections only when `family_estimates` is asked for)."""
    if family:
        from .family import render_family

        return render_family(plan, estimates=family_estimates)
    from . import layout

    st = layout.styles(family=False)
    story = _team_story(plan, st)
    furniture = layout.PageFurniture(
        header_left=f"{plan.identity.name}   MRN {plan.identity.mrn}   DOB {shown_date(plan.identity.date_of_birth)}",
        header_right=_header_right(plan, st.header_size),
        footer_left=f"Generated {layout.generated_text(plan.generated_at)} · {PROGRAM} {plan.program_version}",
        footer_notice=CONFIDENTIAL,
        page_word="Page",
        header_size=st.header_size,
        footer_size=st.footer_size,
    )
    return layout.build(
        story, furniture, title=f"Team care plan: {plan.identity.name}, visit {shown_date(plan.visit.visit_date)}",
        subject="Team care plan", author=f"{PROGRAM} {plan.program_version}",
    )


def _header_right(plan: TeamPlan, size: float) -> str:
    """'Riverside ALS Clinic · Visit 24 Nov 2026 · Northside outreach': the clinic's name, when
    entered in Settings, shortened with '…' rather than run off the page."""
    visit = f"Visit {shown_date(plan.visit.visit_date)} · {plan.visit.site}"
    if plan.clinic is None or not plan.clinic.name:
        return visit
    from reportlab.pdfbase.pdfmetrics import stringWidth

    from .layout import FONT, FRAME_WIDTH

    def width(value: str) -> float:
        return stringWidth(value, FONT, size)

    room = FRAME_WIDTH - width(f" · {visit}")
    name = plan.clinic.name
    if width(name) > room:
        while name and width(name + "…") > room:
            name = name[:-1]
        name = name.rstrip() + "…"
    return f"{name} · {visit}"


def file_name(plan: TeamPlan, *, family: bool = False) -> str:
    """'team-plan-MRN-0001-2026-11-24.pdf' (or 'family-plan-…'): letters, digits, '-' and '.' only."""
    mrn = re.sub(r"[^A-Za-z0-9]+", "-", plan.identity.mrn).strip("-") or "patient"
    kind = "family-plan" if family else "team-plan"
    return f"{kind}-{mrn}-{plan.visit.visit_date.isoformat()}.pdf"


def team_first(actions: tuple[PlanAction, ...]) -> list[PlanAction]:
    """Actions the team wrote first, then the record's prompts, each kept in the plan's order."""
    return sorted(actions, key=lambda action: action.kind != "action")


# ------------------------------------------------------------------------------ the story


def _team_story(plan: TeamPlan, st):
    from reportlab.platypus import KeepTogether, Paragraph, Spacer

    from .figures import trend_pictures
    from .layout import text

    identity, visit = plan.identity, plan.visit
    story: list = [Paragraph("Team care plan", st.title)]
    lines = [
        (f"{text(identity.name)} · MRN {text(identity.mrn)} · born {shown_date(identity.date_of_birth)} "
         f"({identity.age_years} years) · {text(identity.sex)}"),
        f"Visit {shown_date(visit.visit_date)} at {text(visit.site)} · record as of {shown_date(plan.as_of)}",
    ]
    if identity.deceased_on:
        lines.append(f"<b>Died {shown_date(identity.deceased_on)}</b>")
    story.append(Paragraph("<br/>".join(lines), st.subtitle))
    if visit.notes:
        story.append(Paragraph(f"<b>Visit notes:</b> {text(visit.notes)}", st.body))

    story.append(Paragraph(SECTION_DISEASE, st.heading))
    story.append(_facts(plan.disease, st) if plan.disease else Paragraph("No disease details recorded.", st.empty))
    for estimate in plan.research_estimates:
        story += _research_estimate(estimate, st)

    for section in plan.sections:
        story += _discipline(section, st, plan.closed_within_days)

    story.append(Paragraph(SECTION_MEDICATIONS, st.heading))
    story.append(_medications(plan, st))
    story.append(Paragraph("Liver tests (ALT)", st.subheading))
    story.append(_facts(plan.liver_tests, st) if plan.liver_tests else Paragraph("No liver tests recorded.", st.empty))

    story.append(Paragraph(SECTION_CARE_PLANNING, st.heading))
    story.append(_care_planning(plan, st))

    story.append(Paragraph(SECTION_TRENDS, st.heading))
    if not plan.trends.has_data:
        story.append(Paragraph("No weight, breathing or ALSFRS-R values recorded yet: nothing to plot.", st.empty))
    else:
        estimates = {"weight": plan.trends.weight.estimate, "respiratory": plan.trends.respiratory.estimate}
        for picture in trend_pictures(plan.trends, plain=False):
            if picture.image is None:
                story.append(Paragraph(TREND_TITLES[picture.key], st.subheading))
                story.append(Paragraph("This plot could not be drawn (the log says why).", st.empty))
                continue
            story.append(picture.image)  # the figure carries its own title
            estimate = estimates.get(picture.key)
            if estimate is not None:
                story.append(Paragraph(f"{text(estimate.text())} ({text(ESTIMATE_METHOD)})", st.small))
            story.append(Spacer(1, 8))

    story.append(KeepTogether([Paragraph(SECTION_TEAM, st.heading), _signatures(plan, st)]))
    return story


def _facts(facts: tuple[Fact, ...], st):
    from reportlab.platypus import Paragraph

    from .layout import table, text

    if not any(f.source for f in facts):
        return table([[Paragraph(text(f.label), st.cell_bold), Paragraph(text(f.value), st.cell)] for f in facts],
                     (30, 70), header=False)
    rows = [[Paragraph(text(f.label), st.cell_bold), Paragraph(text(f.value), st.cell),
             Paragraph(text(f.source), st.cell_small)] for f in facts]
    return table(rows, (30, 40, 30), header=False)


def _discipline(section: DisciplineSection, st, closed_within_days: int | None = None) -> list:
    from reportlab.platypus import Paragraph

    from .layout import SEVERITY_COLOURS, table, text

    parts: list = [Paragraph(text(section.title), st.heading), Paragraph("Findings at this visit", st.subheading)]
    parts.append(_facts(section.findings, st) if section.findings else Paragraph("Not assessed at this visit.", st.empty))
    parts.append(Paragraph("Actions", st.subheading))
    if not section.actions:
        parts.append(Paragraph("No open actions.", st.empty))
        return parts + _recently_closed(section, st, closed_within_days)
    rows = [[Paragraph(head, st.cell_bold) for head in ("Action", "Owner", "Due", "Source")]]
    for action in team_first(section.actions):
        what = text(action.description)
        if action.kind == "prompt" and action.severity:
            colour = SEVERITY_COLOURS.get(action.severity, "#555555")
            word = SEVERITY_WORDS.get(action.severity, action.severity.title())
            what = f'<font color="{colour}"><b>{word}</b></font>  {what}'
        cell = [Paragraph(what, st.cell)]
        for criterion, source in action.criteria:
            cell.append(Paragraph(f"• {text(criterion)} <i>({text(source)})</i>", st.cell_small))
        if action.estimate:
            cell.append(Paragraph(f"<i>{text(action.estimate)}</i>", st.cell_small))
        if action.rule_id:  # in the wide column: a rule id must not break in the middle
            cell.append(Paragraph(f"rule {text(action.rule_id)}", st.cell_small))
        due = shown_date(action.due_on) if action.due_on else "–"
        if action.overdue:
            due += f'<br/><font color="{SEVERITY_COLOURS["urgent"]}"><b>{OVERDUE}</b></font>'
        rows.append([
            cell,
            Paragraph(text(action.owner_label), st.cell),
            Paragraph(due, st.cell),
            Paragraph(text(action.source), st.cell_small),
        ])
    parts.append(table(rows, (42, 20, 14, 24)))
    parts += _recently_closed(section, st, closed_within_days)
    return parts


def _recently_closed(section: DisciplineSection, st, days: int | None) -> list:
    """Actions done or cancelled lately, so the plan shows what was seen through."""
    from reportlab.platypus import Paragraph

    from .layout import table, text

    if not section.recently_closed:
        return []
    heading = f"Closed in the last {days} days" if days else "Recently closed"
    rows = [[Paragraph(head, st.cell_bold) for head in (heading, "Status", "On", "By, note")]]
    for closed in section.recently_closed:
        by = " · ".join(part for part in (closed.closed_by, closed.note) if part) or "–"
        rows.append([
            Paragraph(text(closed.description), st.cell),
            Paragraph(text(closed.status), st.cell),
            Paragraph(shown_date(closed.closed_on) if closed.closed_on else "–", st.cell),
            Paragraph(text(by), st.cell_small),
        ])
    return [table(rows, (42, 20, 14, 24))]


def _research_estimate(estimate: ResearchEstimate, st) -> list:
    """A published model's estimate, headed as research and cited, never read as a certainty."""
    from reportlab.platypus import Paragraph

    from .layout import table, text

    rows = [[Paragraph(text(f.label), st.cell_bold), Paragraph(text(f.value), st.cell)] for f in estimate.lines]
    return [
        Paragraph(text(estimate.title), st.subheading),
        table(rows, (30, 70), header=False),
        Paragraph(f"Source: {text(estimate.source)}. Research estimate, not a certainty; "
                  "never printed on the family copy.", st.small),
    ]


def _medications(plan: TeamPlan, st):
    from reportlab.platypus import Paragraph

    from .layout import table, text

    if not plan.medications:
        return Paragraph("No medications recorded.", st.empty)
    rows = [[Paragraph(head, st.cell_bold) for head in ("Medication", "Dose, route, frequency", "Started", "Schedule")]]
    for line in plan.medications:
        schedule = "<br/>".join(f"{text(f.label)}: <b>{text(f.value)}</b>" for f in line.schedule) or "–"
        rows.append([
            Paragraph(f"<b>{text(line.drug)}</b>", st.cell),
            Paragraph(text(line.detail), st.cell),
            Paragraph(shown_date(line.started_on) if line.started_on else "–", st.cell),
            Paragraph(schedule, st.cell),
        ])
    return table(rows, (18, 30, 14, 38))


def _care_planning(plan: TeamPlan, st):
    from reportlab.platypus import Paragraph

    from .layout import table, text

    if not plan.care_planning:
        return Paragraph("No advance care planning topics recorded.", st.empty)
    rows = [[Paragraph(head, st.cell_bold) for head in ("Topic", "Status", "Detail")]]
    rows += [[Paragraph(text(line.topic), st.cell), Paragraph(text(line.status), st.cell),
              Paragraph(text(line.detail) or "–", st.cell)] for line in plan.care_planning]
    return table(rows, (34, 33, 33))


def _signatures(plan: TeamPlan, st):
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph

    from .layout import table, text

    rows = [[Paragraph(head, st.cell_bold) for head in ("Name", "Role", "Signature", "Date")]]
    for member in plan.visit.team_present:
        name, role = _name_and_role(member)
        rows.append([Paragraph(text(name), st.cell), Paragraph(text(role), st.cell), "", ""])
    rows += [["", "", "", ""] for _ in range(SIGNATURE_SPARE_ROWS)]
    return table(rows, (30, 24, 30, 16), row_heights=[None] + [11 * mm] * (len(rows) - 1))  # room to sign by hand


def _name_and_role(member: str) -> tuple[str, str]:
    """'Dr Ana Ruiz (Neurology)' -> ('Dr Ana Ruiz', 'Neurology'); no brackets: no role."""
    found = re.fullmatch(r"\s*(.+?)\s*\(([^()]*)\)\s*", member)
    return (found.group(1), found.group(2)) if found else (member.strip(), "")

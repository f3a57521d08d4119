"""The care plan for the patient and family: the same visit in plain words and larger type.

What was checked today, what happens next (who, what, when), their medicines and the next
tests or doses, the plots with plain titles, a box for questions and contacts (the clinic's
name and telephone when entered in Settings, else lines to write them on), and the
abbreviations it still uses explained at the end. No rule codes, no severity words, no
sources: those stay on the team's copy (reports.team_plan). Actions the team wrote are shown as
they wrote them.

Estimates stay off unless the clinician asks for them: the plots carry no projected line (no
"estimate Aug 2028") by default, and the research survival estimate is never printed here. No
recorded status contradicts what happens next (plain_words.agreeing_value).
"""

from __future__ import annotations

from dataclasses import replace

from als_desktop.clinical.rules_common import shown_date
from als_desktop.clinical.trends import PatientTrends

from . import plain_words
from .content import ClinicDetails, TeamPlan

NOTICE = "Private and confidential: this contains your personal health information."
INTRODUCTION = (
    "This is a summary of your clinic visit for you and your family. It says what we checked "
    "today and what each member of the team will do next. Please bring it to your next visit, "
    "and ask any of us if something is not clear."
)
TREND_TITLES = {
    "weight": ("Your weight", "Your weight at each visit."),
    "respiratory": ("Your breathing tests", "Your breathing test results at each visit."),
    "alsfrs": ("Your everyday abilities score", "How the illness affects everyday activities, at each visit."),
}

ESTIMATE_CAPTION = (
    "The dashed line shows where the recent change would lead if it went on at the same rate. "
    "It is an estimate, not a certainty: your team will talk it through with you."
)

SECTION_SEEN = "Who you saw today"
SECTION_CHECKED = "What we checked today"
SECTION_NEXT = "What happens next"
SECTION_MEDICINES = "Your medicines"
SECTION_TRENDS = "How things are changing"
SECTION_QUESTIONS = "Questions and contacts"
SECTION_WORDS = "Words used in this plan"


def render_family(plan: TeamPlan, *, estimates: bool = False) -> bytes:
    """The family's copy. Projections (when FVC or weight would cross a line at the recent rate)
    appear only with `estimates`, ticked by the clinician who will explain them; the research
    survival estimate never does."""
    from . import layout
    from .team_plan import PROGRAM

    st = layout.styles(family=True)
    words: list[str] = []  # every text shown, to explain the abbreviations found in it
    story = _story(plan, st, words, estimates)
    furniture = layout.PageFurniture(
        header_left=f"{plan.identity.name}   Born {shown_date(plan.identity.date_of_birth)}",
        header_right=f"Record number {plan.identity.mrn}   Visit {shown_date(plan.visit.visit_date)}",
        footer_left=f"Printed {printed(plan)}",
        footer_notice=NOTICE,
        page_word="Page",
        header_size=st.header_size,
        footer_size=st.footer_size,
    )
    words += [furniture.footer_left]
    story += _glossary(words, st)
    return layout.build(
        story, furniture, title=f"Your care plan: visit {shown_date(plan.visit.visit_date)}",
        subject="Care plan for the patient and family", author=f"{PROGRAM} {plan.program_version}",
    )


def printed(plan: TeamPlan) -> str:
    """'24 Nov 2026 at 15:02', local time: the zone and the program's version are on the team's
    copy; in large type the footer has room for no more."""
    local = plan.generated_at.astimezone()
    return f"{shown_date(local.date())} at {local:%H:%M}"


def family_steps(plan: TeamPlan) -> list[tuple[str, str]]:
    """What happens next as (sentence, when), actions the team wrote first; the advance care
    planning conversations still to have are one sentence."""
    steps: list[tuple[str, str]] = []
    actions = [a for a in plan.actions if a.kind == "action"] + [a for a in plan.actions if a.kind != "action"]
    for action in actions:
        if action.kind == "action":
            sentence = f"{plain_words.who(action.owner)}: {action.description}"
        elif action.rule_id in plain_words.TEAM_ONLY_RULES:
            continue
        elif action.rule_id == plain_words.PLANNING_RULE and (topics := plain_words.planning_topics(action.values)):
            sentence = f"{plain_words.who(action.owner)} {plain_words.planning_sentence(topics)}"
        else:
            sentence = plain_words.next_step(action.owner, action.rule_id, action.description)
        steps.append((sentence, plain_words.when(action.due_on, plan.as_of)))
    return steps


def _story(plan: TeamPlan, st, words: list[str], estimates: bool) -> list:
    """What happens next comes first: it is what the family reads the copy for."""
    from reportlab.platypus import Paragraph

    from .layout import text

    def say(value: str) -> str:
        words.append(value)
        return text(value)

    visit = plan.visit
    story: list = [
        Paragraph("Your care plan", st.title),
        Paragraph(f"From your clinic visit on {shown_date(visit.visit_date)} at {say(visit.site)}", st.subtitle),
        Paragraph(INTRODUCTION, st.body),
    ]
    if visit.team_present:
        story.append(Paragraph(SECTION_SEEN, st.heading))
        story.append(Paragraph("<br/>".join(say(member) for member in visit.team_present), st.body))
    story += _next_steps(plan, st, say)
    story += _medicines(plan, st, say)
    story += _checked(plan, st, say)
    story += _trends(plan, st, estimates)
    story.append(Paragraph(SECTION_QUESTIONS, st.heading))
    story.append(_questions_box(plan.clinic, st, say))
    return story


def _next_steps(plan: TeamPlan, st, say) -> list:
    from reportlab.platypus import Paragraph

    from .layout import table

    parts: list = [Paragraph(SECTION_NEXT, st.heading)]
    steps = family_steps(plan)
    if not steps:
        parts.append(Paragraph("Nothing new is planned before your next visit.", st.empty))
        return parts
    rows = [[Paragraph("What will happen", st.cell_bold), Paragraph("When", st.cell_bold)]]
    rows += [[Paragraph(say(sentence), st.cell), Paragraph(say(when), st.cell)] for sentence, when in steps]
    parts.append(table(rows, (70, 30), padding=4))
    return parts


def _medicines(plan: TeamPlan, st, say) -> list:
    from reportlab.platypus import Paragraph

    from .layout import table

    parts: list = [Paragraph(SECTION_MEDICINES, st.heading)]
    if not plan.medications:
        parts.append(Paragraph("No medicines are recorded by the clinic.", st.empty))
        return parts
    rows = [[Paragraph(head, st.cell_bold) for head in ("Medicine", "How you take it", "Next test or dose")]]
    for line in plan.medications:
        schedule = "<br/>".join(
            f"{say(plain_words.plain_label(f.label))}: <b>{say(plain_words.plain_value(f.value))}</b>"
            for f in line.schedule
        ) or "Nothing to arrange"
        drug = line.drug[:1].upper() + line.drug[1:]  # recorded as generic names, often in lower case
        rows.append([Paragraph(f"<b>{say(drug)}</b>", st.cell), Paragraph(say(plain_words.plain_value(line.detail)), st.cell),
                     Paragraph(schedule, st.cell)])
    parts.append(table(rows, (24, 36, 40), padding=4))
    return parts


def _checked(plan: TeamPlan, st, say) -> list:
    from reportlab.platypus import Paragraph

    from .layout import table, text

    parts: list = [Paragraph(SECTION_CHECKED, st.heading)]
    checked = [section for section in plan.sections if section.findings]
    if not checked:
        parts.append(Paragraph("Nothing was measured at this visit.", st.empty))
    # A status must not contradict what happens next ("Not indicated" beside a talk about NIV).
    planned = [(action.rule_id, action.description if action.kind == "action" else "") for action in plan.actions]
    for section in checked:
        parts.append(Paragraph(f"{text(plain_words.who(section.discipline))} checked:", st.subheading))
        rows = [[Paragraph(say(plain_words.plain_label(f.label)), st.cell),
                 Paragraph(f"<b>{say(plain_words.plain_value(plain_words.agreeing_value(f.label, f.value, planned)))}</b>",
                           st.cell)] for f in section.findings]
        parts.append(table(rows, (55, 45), header=False, padding=4))
    return parts


def without_estimates(trends: PatientTrends) -> PatientTrends:
    """The same plots with no projected line: the date a line would be crossed is not printed."""
    return replace(trends, weight=replace(trends.weight, estimate=None),
                   respiratory=replace(trends.respiratory, estimate=None))


def _trends(plan: TeamPlan, st, estimates: bool) -> list:
    from reportlab.platypus import KeepTogether, Paragraph, Spacer

    from .figures import trend_pictures

    if not plan.trends.has_data:
        return []
    trends = plan.trends if estimates else without_estimates(plan.trends)
    projected = {"weight": trends.weight.estimate is not None, "respiratory": trends.respiratory.estimate is not None}
    parts: list = [Paragraph(SECTION_TRENDS, st.heading)]
    for picture in trend_pictures(trends, plain=True):
        title, caption = TREND_TITLES[picture.key]
        if projected.get(picture.key):
            caption = f"{caption} {ESTIMATE_CAPTION}"
        if picture.image is None:
            parts.append(Paragraph(title, st.subheading))
            parts.append(Paragraph("This picture could not be drawn. Ask the team to show you.", st.empty))
            continue
        # The figure carries its own plain title; its caption is never left on the next page.
        parts.append(KeepTogether([picture.image, Paragraph(caption, st.small)]))
        parts.append(Spacer(1, 8))
    return parts


def _questions_box(clinic: ClinicDetails | None, st, say):
    """The clinic's name and telephone as entered in Settings; a line to write on for either
    not entered. Email and address only when entered."""
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, Spacer

    from .layout import FRAME_WIDTH, RULE, Table, TableStyle, boxed, text

    inner = FRAME_WIDTH - 16
    clinic = clinic or ClinicDetails()
    contacts = [("Name:", say(clinic.name) if clinic.name else None),
                ("Telephone:", text(clinic.telephone) if clinic.telephone else None)]
    if clinic.email:
        contacts.append(("Email:", text(clinic.email)))
    if clinic.address:
        contacts.append(("Address:", say(clinic.address)))

    def write_in(rows: list[list], widths: list[float], printed: list[bool]) -> Table:
        """Rows with a line to write on in their last column, except those already printed."""
        commands = [("VALIGN", (0, 0), (-1, -1), "BOTTOM"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 2)]
        commands += [("LINEBELOW", (-1, row), (-1, row), 0.5, RULE) for row, done in enumerate(printed) if not done]
        return Table(rows, colWidths=widths, rowHeights=[None if done else 10 * mm for done in printed],
                     hAlign="LEFT", style=TableStyle(commands))

    rows = [[Paragraph(label, st.cell), Paragraph(f"<b>{value}</b>", st.cell) if value else ""]
            for label, value in contacts]
    return boxed([
        Paragraph("If you have questions before your next visit, contact the clinic:", st.body),
        write_in(rows, [inner * 0.22, inner * 0.78], [value is not None for _, value in contacts]),
        Spacer(1, 10),
        Paragraph("Questions you would like to ask at your next visit:", st.body),
        write_in([[""] for _ in range(4)], [inner], [False] * 4),
    ])


def _glossary(words: list[str], st) -> list:
    from reportlab.platypus import Paragraph

    from .layout import table, text

    found = plain_words.glossary_for("\n".join(words))
    if not found:
        return []
    rows = [[Paragraph(f"<b>{text(word)}</b>", st.cell), Paragraph(text(meaning), st.cell)] for word, meaning in found]
    return [Paragraph(SECTION_WORDS, st.heading), table(rows, (18, 82), header=False, padding=4)]

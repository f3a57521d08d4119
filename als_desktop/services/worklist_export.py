"""The clinic worklist on paper and in a spreadsheet: the rows the window shows, as CSV and PDF.

Qt-free, so what is printed and exported is the same whatever asks for it and is tested
without a window. Both carry the filters in force and the day the list was read, so a sheet
left on a desk says what it is. reportlab is loaded only when a PDF is drawn.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import UTC, date, datetime

from als_desktop import __version__
from als_desktop.clinical.prompts import Severity
from als_desktop.domain.vocab import DISCIPLINE

from .team_actions import ClinicActionRow
from .worklist import BY_PATIENT, GROUPINGS, Count, Worklist, WorklistRow, groups

PROGRAM = "ALS Clinic Desktop"
SEVERITY_WORD = {Severity.URGENT: "URGENT", Severity.ACTION: "ACTION", Severity.DUE: "DUE", Severity.INFO: "INFO"}
PROMPT, TEAM_ACTION = "Prompt", "Team action"

CSV_COLUMNS = ("Kind", "Severity", "Due", "Overdue", "MRN", "Family name", "Given name", "Site",
               "Owner", "What", "Values", "Source")
# A spreadsheet reads a cell starting with one of these as a formula; a typed name or
# description is text, so it is written with a leading apostrophe (OWASP's advice).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def shown_date(day: date | None) -> str:
    return f"{day:%d %b %Y}" if day else ""


def filters_text(worklist: Worklist) -> str:
    """'All disciplines, all sites' or 'Neurology, Riverside clinic, overdue only'."""
    parts = [DISCIPLINE.get(worklist.discipline, worklist.discipline) if worklist.discipline else "All disciplines",
             worklist.site or "all sites"]
    if worklist.overdue_only:
        parts.append("overdue only")
    if worklist.urgent_only:
        parts.append("urgent prompts only")
    return ", ".join(parts)


def values_text(row: WorklistRow) -> str:
    """What triggered the prompt, then each criterion met with its source."""
    values = [f"{label}: {value}" for label, value in row.values]
    values += [f"{met} ({source})" for met, source in row.criteria]
    return "; ".join(values)


def _as_text(value: str) -> str:
    return "'" + value if value.startswith(FORMULA_STARTS) else value


# ---------------------------------------------------------------------------- CSV


def csv_text(worklist: Worklist) -> str:
    """The prompts (most urgent first, as listed) then the open team actions, one line each."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for row in worklist.rows:
        writer.writerow((PROMPT, SEVERITY_WORD[row.severity], shown_date(row.due_on) or "now",
                         "yes" if row.overdue else "no", _as_text(row.mrn), _as_text(row.family_name),
                         _as_text(row.given_name), _as_text(row.site or ""), row.discipline_label, row.message,
                         values_text(row), row.source))
    for action in worklist.actions:
        writer.writerow((TEAM_ACTION, "", shown_date(action.due_on), "yes" if action.overdue else "no",
                         _as_text(action.mrn), _as_text(action.family_name), _as_text(action.given_name),
                         _as_text(action.site or ""), action.discipline_label, _as_text(action.description), "",
                         _as_text(action.source or "")))
    return out.getvalue()


def csv_bytes(worklist: Worklist) -> bytes:
    """UTF-8 with a byte-order mark, so a spreadsheet opens accented names correctly."""
    return csv_text(worklist).encode("utf-8-sig")


def csv_file_name(worklist: Worklist) -> str:
    return f"worklist-{worklist.today:%Y-%m-%d}.csv"


def pdf_file_name(worklist: Worklist) -> str:
    return f"worklist-{worklist.today:%Y-%m-%d}.pdf"


# ---------------------------------------------------------------------------- PDF


@dataclass(frozen=True)
class PrintedWorklist:
    """What the printed worklist says besides the rows: the clinic and when it was printed."""

    clinic_name: str = ""
    generated_at: datetime | None = None  # now, when not given


def worklist_pdf(worklist: Worklist, group_by: str = BY_PATIENT, printed: PrintedWorklist | None = None) -> bytes:
    """The worklist as the window shows it: counts, then each group's prompts with the whole
    message, its values and source, then the open team actions."""
    if group_by not in GROUPINGS:
        raise ValueError(f"unknown grouping {group_by!r}")
    from reportlab.platypus import Paragraph

    from als_desktop.reports import layout
    from als_desktop.reports.team_plan import CONFIDENTIAL

    printed = printed or PrintedWorklist()
    moment = printed.generated_at or datetime.now(UTC)
    st = layout.styles(family=False)
    say = layout.text
    story: list = [
        Paragraph(say(f"Clinic worklist — {shown_date(worklist.today)}"), st.title),
        Paragraph(say(f"{filters_text(worklist)} · grouped by {GROUPINGS[group_by].lower()} · "
                      f"{_totals(worklist)}"), st.subtitle),
    ]
    story += _counts(worklist.counts_by_discipline(), "By discipline", st)
    story += _counts(worklist.counts_by_site(), "By site", st)
    story.append(Paragraph("Prompts", st.heading))
    if not worklist.rows:
        story.append(Paragraph("Nothing is due or overdue.", st.empty))
    for group in groups(worklist.rows, group_by):
        story.append(Paragraph(f"<b>{say(group.title)}</b> — {say(group.summary)}", st.subheading))
        story.append(_prompt_table(group.rows, group_by, st))
    story.append(Paragraph("Open team actions", st.heading))
    if worklist.actions:
        story.append(_action_table(worklist.actions, st))
    else:
        story.append(Paragraph("No team action is open.", st.empty))
    furniture = layout.PageFurniture(
        header_left=f"Clinic worklist{' — ' + printed.clinic_name if printed.clinic_name else ''}",
        header_right=f"As of {shown_date(worklist.today)} · {filters_text(worklist)}",
        footer_left=f"Generated {layout.generated_text(moment)} · {PROGRAM} {__version__}",
        footer_notice=CONFIDENTIAL, page_word="Page", header_size=st.header_size, footer_size=st.footer_size,
    )
    return layout.build(story, furniture, title=f"Clinic worklist {shown_date(worklist.today)}",
                        subject="Clinic worklist", author=f"{PROGRAM} {__version__}")


def counted(number: int, noun: str) -> str:
    """'1 prompt', '3 prompts'."""
    return f"{number} {noun}{'' if number == 1 else 's'}"


def _totals(worklist: Worklist) -> str:
    return (f"{counted(len(worklist.rows), 'prompt')} ({worklist.urgent_count} urgent, {worklist.overdue_count} "
            f"overdue) for {counted(worklist.patient_count, 'patient')}; "
            f"{counted(len(worklist.actions), 'open team action')} ({worklist.actions_overdue_count} overdue)")


def _counts(counts: list[Count], title: str, st) -> list:
    from reportlab.platypus import Paragraph

    from als_desktop.reports import layout

    if not counts:
        return []
    head = [Paragraph(f"<b>{layout.text(text)}</b>", st.cell)
            for text in (title, "Prompts", "Urgent", "Overdue", "Team actions", "Actions overdue")]
    body = [[Paragraph(layout.text(c.name), st.cell)]
            + [Paragraph(str(n), st.cell) for n in (c.prompts, c.urgent, c.overdue, c.actions, c.actions_overdue)]
            for c in counts]
    return [layout.table([head, *body], (4, 1.3, 1.3, 1.3, 1.6, 1.8)), Paragraph("", st.body)]


def _prompt_table(rows: list[WorklistRow], group_by: str, st):
    from reportlab.platypus import Paragraph

    from als_desktop.reports import layout

    say = layout.text
    who = "Owner" if group_by == BY_PATIENT else "Patient"
    head = [Paragraph(f"<b>{text}</b>", st.cell) for text in ("Severity", "Due", who, "Prompt")]
    body = []
    for row in rows:
        colour = layout.SEVERITY_COLOURS.get(row.severity.value, "#1a1a1a")
        due = shown_date(row.due_on) or "now"
        due_cell = f'<font color="#b00020"><b>{due}, overdue</b></font>' if row.overdue else due
        whom = row.discipline_label if group_by == BY_PATIENT else f"{row.display_name} ({row.mrn})"
        detail = values_text(row)
        prompt = [Paragraph(say(row.message), st.cell)]
        if detail:
            prompt.append(Paragraph(say(detail), st.cell_small))
        prompt.append(Paragraph(say(f"Source: {row.source}"), st.cell_small))
        body.append([Paragraph(f'<font color="{colour}"><b>{SEVERITY_WORD[row.severity]}</b></font>', st.cell),
                     Paragraph(due_cell, st.cell), Paragraph(say(whom), st.cell), prompt])
    return layout.table([head, *body], (1.5, 1.7, 2.4, 6.3))


def _action_table(actions: list[ClinicActionRow], st):
    from reportlab.platypus import Paragraph

    from als_desktop.reports import layout

    say = layout.text
    head = [Paragraph(f"<b>{text}</b>", st.cell) for text in ("Due", "Owner", "Patient", "Action")]
    body = []
    for action in actions:
        due = shown_date(action.due_on) or "no due date"
        due_cell = f'<font color="#b00020"><b>{due}, overdue</b></font>' if action.overdue else say(due)
        what = [Paragraph(say(action.description), st.cell)]
        if action.source:
            what.append(Paragraph(say(f"From: {action.source}"), st.cell_small))
        body.append([Paragraph(due_cell, st.cell), Paragraph(say(action.discipline_label), st.cell),
                     Paragraph(say(f"{action.display_name} ({action.mrn}) · {action.site or ''}".rstrip(" ·")),
                               st.cell), what])
    return layout.table([head, *body], (1.7, 2.2, 2.8, 5.1))


__all__ = [
    "CSV_COLUMNS", "PROMPT", "TEAM_ACTION", "PrintedWorklist", "counted", "csv_bytes", "csv_file_name", "csv_text",
    "filters_text", "pdf_file_name", "values_text", "worklist_pdf",
]

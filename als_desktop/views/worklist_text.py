"""The worklist window's sentences: what is listed, the counts per discipline and per site, and
the selected prompt in full."""

from __future__ import annotations

from datetime import date

from als_desktop.domain.vocab import DISCIPLINE
from als_desktop.services.worklist import Count, Worklist, WorklistGroup, WorklistRow
from als_desktop.services.worklist_export import counted

from .prompts_panel import SEVERITY_STYLE
from .table import date_text
from .worklist_models import overdue_text


def prompt_text(row: WorklistRow, today: date) -> str:
    """The selected prompt in full, as the detail pane shows it."""
    due = "Due now" if row.due_on is None else f"Due {date_text(row.due_on)}"
    if row.overdue:
        due = overdue_text(row.due_on, today)
    lines = [f"{SEVERITY_STYLE[row.severity][0]} · {due} · {row.discipline_label}",
             f"{row.display_name} · {row.mrn} · {row.site or 'no visit yet'}", "", row.message]
    if row.values or row.criteria:
        lines.append("")
        lines += [f"{label}: {value}" for label, value in row.values]
        lines += [f"Met: {met} ({source})" for met, source in row.criteria]
    lines += ["", f"Source: {row.source}"]
    return "\n".join(lines)


def group_text(group: WorklistGroup) -> str:
    return f"{group.title}\n{group.summary}. Select a prompt to read it in full."


def where(worklist: Worklist) -> str:
    parts = []
    if worklist.discipline:
        parts.append(f"for {DISCIPLINE.get(worklist.discipline, worklist.discipline)}")
    if worklist.site:
        parts.append(f"at {worklist.site}")
    narrowed = [word for word, on in (("overdue", worklist.overdue_only), ("urgent", worklist.urgent_only)) if on]
    if narrowed:
        parts.append(f"({' and '.join(narrowed)} only)")
    return (" " + " ".join(parts)) if parts else ""


def counts_text(worklist: Worklist) -> str:
    """Two lines: 'By discipline: Neurology 2 (1 urgent) · Physical therapy 1 action' and
    'By site: Main clinic 29 (3 urgent, 1 overdue) + 1 action'."""
    def one(count: Count) -> str:
        text = f"{count.name} {count.prompts}" if count.prompts else count.name
        marks = [f"{count.urgent} urgent"] if count.urgent else []
        marks += [f"{count.overdue} overdue"] if count.overdue else []
        text += f" ({', '.join(marks)})" if marks else ""
        if count.actions:
            actions = counted(count.actions, "action")
            actions += f" ({count.actions_overdue} overdue)" if count.actions_overdue else ""
            text += f" + {actions}" if count.prompts else f" {actions}"
        return text

    def listed(counts: list[Count]) -> str:
        return " · ".join(one(count) for count in counts) or "nothing"

    return (f"By discipline: {listed(worklist.counts_by_discipline())}\n"
            f"By site: {listed(worklist.counts_by_site())}")


def count_text(worklist: Worklist) -> str:
    prompts = len(worklist.rows)
    if not prompts:
        return f"Nothing due{where(worklist)} on {date_text(worklist.today)}."
    noun = "prompt" if prompts == 1 else "prompts"
    patients = worklist.patient_count
    people = "patient" if patients == 1 else "patients"
    return (f"{prompts} {noun} for {patients} {people}{where(worklist)}, "
            f"{worklist.overdue_count} overdue, {worklist.urgent_count} urgent (on {date_text(worklist.today)}).")


__all__ = ["count_text", "counts_text", "group_text", "prompt_text", "where"]

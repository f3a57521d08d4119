"""The per-row decision of an import: insert, apply the file's change, leave alone, or conflict.

Rows are matched by id. For a stored row the decision rests on the version the file's row was
based on (`base_version`; a format-1 row's `version`; a row giving neither is taken as based on
the version stored now) and on whether the file changed it (its `version` above its base):

- the stored version is still the base → the file's differing values are applied as a change
  by the importing user (the file's authorship recorded in the history as provenance);
- the clinic changed the row since the base and the file did not → nothing is written;
- both changed it, and their values differ → a conflict: nothing of the row is written unless
  the importing user chose to keep the clinic's values (nothing written) or take the file's
  (applied as a change; the version goes up);
- a stored voided row stays voided and takes nothing from a file.

Every write goes through `writer` (never a Core insert or update here), so versions only go up,
authors are never rewritten and each written row gets its history entry. A file that holds what
is stored writes nothing, so importing the same file twice changes nothing the second time.
"""

from __future__ import annotations

import enum
import uuid
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from als_desktop.models import CarePlanningDecision, MedicationDose, Patient, Visit
from als_desktop.models.base import is_one_per_visit

from . import writer
from .care_planning import topic_label
from .exchange_format import VISIT_SECTIONS
from .exchange_outcome import TAKE_FILE, FieldConflict, RowConflict, shown
from .exchange_read import Item, PathProblems
from .history_text import field_label, value_text
from .kinds import kind_of
from .records import record_name

# Identity and authorship: kept by the writer, never taken from a file for a stored row.
BOOKKEEPING = frozenset({"id", "version", "created_at", "created_by", "updated_at", "updated_by"})
VOID_FIELDS = ("voided_at", "voided_by", "void_reason")
# What names a record of the patient's other lists in words: its medicine, date, kind or topic.
ABOUT = ("drug_name", "taken_on", "kind", "topic", "description", "rule_id")


class Decision(enum.Enum):
    INSERT = "insert"  # unknown id: added, with the file's identity, version and authorship
    APPLY = "apply"  # stored still at the file's base: the file's changes are applied
    SAME = "same"  # the file holds what is stored
    CLINIC_NEWER = "clinic_newer"  # changed here since the file's base; the file did not change it
    KEPT_VOID = "kept_void"  # voided here: a file never undoes a void nor changes a voided row
    CONFLICT = "conflict"  # changed on both sides


@dataclass
class RowPlan:
    item: Item
    decision: Decision
    stored: Any = None  # the stored row, when there is one
    changes: dict[str, Any] = field(default_factory=dict)  # what the file would write

    @property
    def voids(self) -> bool:
        return self.changes.get("voided_at") is not None


def same(stored: Any, given: Any) -> bool:
    if stored is None or given is None:
        return stored is None and given is None
    if isinstance(stored, float) or isinstance(given, float):
        return not isinstance(stored, bool) and not isinstance(given, bool) and float(stored) == float(given)
    return type(stored) is type(given) and stored == given


def decide(item: Item, stored: Any) -> RowPlan:
    """What to do with one row of the file (see the module's description)."""
    if stored is None:
        return RowPlan(item, Decision.INSERT)
    values = item.values
    changes = {key: value for key, value in values.items()
               if key not in BOOKKEEPING and key not in VOID_FIELDS and key != item.section.parent
               and not same(getattr(stored, key), value)}
    restores = stored.voided_at is not None and "voided_at" in values and values["voided_at"] is None
    if stored.voided_at is None and values.get("voided_at") is not None:
        changes.update({key: values.get(key) for key in VOID_FIELDS})
    if not changes and not restores:
        return RowPlan(item, Decision.SAME, stored)
    file_version = values.get("version")
    base = item.base_version if item.base_version is not None else file_version
    if base is None:  # hand-written: an edit of the row as stored now
        base = stored.version
    if stored.version == base:
        decision = Decision.APPLY
    elif stored.version > base and file_version is not None and file_version <= base:
        decision = Decision.CLINIC_NEWER
    else:
        # Changed on both sides; or based on a version this database never had, so nothing
        # says whether the clinic's is older or newer: a person decides.
        decision = Decision.CONFLICT
    if stored.voided_at is not None and decision is not Decision.CLINIC_NEWER:
        decision = Decision.KEPT_VOID
    return RowPlan(item, decision, stored, changes)


def plan_import(session: Session, items: list[Item]) -> list[RowPlan]:
    """The decision for every row of the file, in document order; nothing is written."""
    stored: dict[uuid.UUID, Any] = {}
    for model in dict.fromkeys(item.section.model for item in items):
        ids = [item.row_id for item in items if item.section.model is model]
        for start in range(0, len(ids), 500):
            for row in session.scalars(select(model).where(model.id.in_(ids[start:start + 500]))):
                stored[row.id] = row
    return [decide(item, stored.get(item.row_id)) for item in items]


# ---------------------------------------------------------------------------- words


def describe(item: Item, by_id: dict[uuid.UUID, Item], stored: Any = None) -> str:
    """Which record a row is, in words: its kind and its date or what it is about."""
    model = item.section.model

    def value(row_item: Item | None, key: str, row: Any = None) -> Any:
        if row_item is not None and row_item.values.get(key) is not None:
            return row_item.values[key]
        return getattr(row, key, None) if row is not None else None

    def on(day: Any) -> str:
        return f" of {day:%d %b %Y}" if isinstance(day, date) else ""

    name = record_name(model)
    if model is Patient:
        return f"patient record {value(item, 'mrn', stored)}"
    if model is Visit:
        return f"visit{on(value(item, 'visit_date', stored))}"
    parent = by_id.get(item.parent_id) if item.parent_id else None
    if item.section.parent == "visit_id":
        return f"{name} of the visit{on(value(parent, 'visit_date'))}"
    if model is MedicationDose:
        return f"dose of {value(parent, 'drug_name')}{on(value(item, 'given_on', stored))}"
    for key in ABOUT:
        found = value(item, key, stored)
        if found is not None:
            text = on(found) if isinstance(found, date) else f" '{str(found)[:50]}'"
            return f"{name}{text}"
    return name


def row_conflict(plan: RowPlan, by_id: dict[uuid.UUID, Item]) -> RowConflict:
    stored, item = plan.stored, plan.item
    model = item.section.model
    fields = [FieldConflict(key, value_text(model, key, writer.plain(getattr(stored, key)), {}),
                            value_text(model, key, writer.plain(value), {}), field_label(model, key))
              for key, value in plan.changes.items() if key not in VOID_FIELDS]
    if plan.voids:
        fields.append(FieldConflict("voided", "not voided",
                                    f"voided by {item.values.get('voided_by')} ({item.values.get('void_reason')})"))
    return RowConflict(
        kind=kind_of(item.section.model), record=describe(item, by_id, stored), row_id=item.row_id,
        fields=tuple(fields), changed_by=stored.updated_by, changed_at=stored.updated_at,
        stored_version=stored.version, base_version=item.base_version if item.base_version is not None
        else item.values.get("version"), file_version=item.values.get("version"),
    )


# ---------------------------------------------------------------------------- one live per visit


def check_one_live_per_visit(session: Session, plans: list[RowPlan], resolution: str | None,
                             problems: PathProblems) -> None:
    """After the import a visit may hold only one live assessment of each kind kept once per visit:
    the file's own rows, the rows it adds, and the stored rows it leaves live."""
    items = [plan.item for plan in plans]
    visit_dates = {item.row_id: item.values.get("visit_date") for item in items if item.section.model is Visit}
    voided_now = {plan.item.row_id for plan in plans if plan.voids and (
        plan.decision is Decision.APPLY or (plan.decision is Decision.CONFLICT and resolution == TAKE_FILE))}
    for section in VISIT_SECTIONS:
        model = section.model
        if not is_one_per_visit(model):
            continue
        in_file = [plan for plan in plans if plan.item.section.model is model]
        live: dict[uuid.UUID, list[Item]] = {}
        added: dict[uuid.UUID, Item] = {}
        for plan in in_file:
            item = plan.item
            if item.values.get("voided_at") is None and isinstance(item.parent_id, uuid.UUID):
                live.setdefault(item.parent_id, []).append(item)
                if plan.decision is Decision.INSERT:
                    added.setdefault(item.parent_id, item)
        file_ids = {plan.item.row_id for plan in in_file}
        stored = session.execute(
            select(model.id, model.visit_id, model.created_by, model.updated_by, model.updated_at)
            .where(model.visit_id.in_(list(live)), model.voided_at.is_(None))
        ).all() if live else []
        name = record_name(model)
        for visit_id, rows in live.items():
            visit_date = visit_dates.get(visit_id)
            on_visit = f"The visit of {visit_date:%d %b %Y}" if isinstance(visit_date, date) else "This visit"
            if len(rows) > 1:
                problems.add(rows[1].path, (
                    f"{on_visit} has two live {name}s in this file (the other at {rows[0].path}); a visit "
                    f"keeps one. Nothing was imported: void one of them (with who and why) or merge them."))
                continue
            new = added.get(visit_id)
            if new is None:
                continue
            for row_id, stored_visit, created_by, updated_by, updated_at in stored:
                if stored_visit != visit_id or row_id in voided_now:
                    continue
                if row_id not in file_ids:
                    problems.add(new.path, (
                        f"{on_visit} already has a live {name} in this database (recorded by {created_by}, "
                        f"record {row_id}) that this file does not include; a visit keeps one. Nothing was "
                        "imported: correct the stored one, or void it before importing."))
                else:
                    problems.add(new.path, (
                        f"{on_visit} already has a live {name} in this database (record {row_id}); this file "
                        f"voids it, but it was changed here by {updated_by} on {shown(updated_at)} after the "
                        "file was written, so its void is not applied and a visit keeps one. Nothing was "
                        "imported: void the stored one here if the file's is the right one."))
                break


def check_one_live_per_topic(session: Session, plans: list[RowPlan], resolution: str | None,
                             problems: PathProblems) -> None:
    """After the import the patient may hold only one live advance care planning decision per
    topic: the stored ones the file leaves live and the ones it adds."""
    in_file = [plan for plan in plans if plan.item.section.model is CarePlanningDecision]
    if not in_file:
        return
    patient_id = plans[0].item.row_id
    voided_now = {plan.item.row_id for plan in in_file if plan.voids and (
        plan.decision is Decision.APPLY or (plan.decision is Decision.CONFLICT and resolution == TAKE_FILE))}
    live: dict[str, list[tuple[uuid.UUID, str]]] = {}  # topic -> (row, where it comes from)
    for row_id, topic, created_by in session.execute(
            select(CarePlanningDecision.id, CarePlanningDecision.topic, CarePlanningDecision.created_by)
            .where(CarePlanningDecision.patient_id == patient_id, CarePlanningDecision.voided_at.is_(None))):
        if row_id not in voided_now:
            live.setdefault(topic, []).append((row_id, f"recorded by {created_by} in this database"))
    for plan in in_file:
        item = plan.item
        if plan.decision is Decision.INSERT and item.values.get("voided_at") is None:
            live.setdefault(item.values.get("topic"), []).append((item.row_id, f"at {item.path}"))
    added = {plan.item.row_id: plan.item for plan in in_file if plan.decision is Decision.INSERT}
    for topic, rows in live.items():
        new = next((added[row_id] for row_id, _ in rows if row_id in added), None)
        if len(rows) < 2 or new is None:
            continue
        other = next(where for row_id, where in rows if row_id != new.row_id)
        problems.add(new.path, (
            f"The patient already has a live decision on {topic_label(topic)} ({other}); a patient keeps one "
            "per topic. Nothing was imported: void one of them, or merge them into one decision."))


# ---------------------------------------------------------------------------- writing


def provenance(source_name: str, item: Item, *, created: bool = False) -> str:
    """Where an imported change came from: the file and the authorship it gives the row."""
    values = item.values
    said = []
    if created and values.get("created_by"):
        said.append(f"created by {values['created_by']}"
                    + (f" at {values['created_at'].isoformat()}" if values.get("created_at") else ""))
    if values.get("updated_by"):
        said.append(f"last changed by {values['updated_by']}"
                    + (f" at {values['updated_at'].isoformat()}" if values.get("updated_at") else ""))
    if values.get("version") is not None:
        said.append(f"version {values['version']}")
    if item.base_version is not None and item.base_version != values.get("version"):
        said.append(f"based on version {item.base_version}")
    return f"imported from {source_name}" + (": " + ", ".join(said) if said else " (no authorship in the file)")


def apply_plans(session: Session, plans: list[RowPlan], author: writer.Actor, resolution: str | None,
                source_name: str) -> None:
    """Write what the plans decided, through the writer."""

    def voids_a_stored_assessment(plan: RowPlan) -> bool:
        model = plan.item.section.model
        return plan.voids and (is_one_per_visit(model) or model is CarePlanningDecision)

    # Stored assessments and decisions the file voids go first: a new live one on the same visit
    # (or topic) would otherwise meet the database's index while the old one is still live. Otherwise document order
    # (parents before children).
    for plan in sorted(plans, key=lambda plan: not voids_a_stored_assessment(plan)):
        item = plan.item
        if plan.decision is Decision.INSERT:
            kept = {key: item.values.get(key) for key in (*BOOKKEEPING, *VOID_FIELDS)}
            values = {key: value for key, value in item.values.items() if key not in kept}
            writer.create(session, item.section.model, values, author, kept=kept,
                          source=provenance(source_name, item, created=True))
        elif plan.decision is Decision.APPLY or (plan.decision is Decision.CONFLICT and resolution == TAKE_FILE):
            source = provenance(source_name, item)
            if plan.decision is Decision.CONFLICT:
                stored = plan.stored
                source += (f"; the file's values taken over the clinic's (changed here by {stored.updated_by} "
                           f"at {stored.updated_at.isoformat()}, version {stored.version})")
            writer.change(session, plan.stored, plan.changes, author,
                          reason=plan.changes.get("void_reason"), source=source)

"""The clinic worklist on a real demo clinic: every prompt in force is a row with its owner,
filters by discipline and site, most urgent first, answered prompts and deceased patients absent;
grouped by patient or discipline, overdue and urgent only, counts, the open team actions, and
the CSV and printed list."""

from __future__ import annotations

import codecs
import csv
import io
from dataclasses import replace
from datetime import timedelta

import pypdf
import pytest
from decision_helpers import AUTHOR, DEMO_DAY
from sqlalchemy import select

from als_desktop.clinical.prompts import SEVERITY_ORDER, Severity
from als_desktop.clinical.rules import RULES
from als_desktop.db import Database
from als_desktop.domain.vocab import DISCIPLINE
from als_desktop.models import Patient, TeamAction
from als_desktop.services import visits
from als_desktop.services.decision_support import prompts_for, respond
from als_desktop.services.team_actions import create_action, mark_done
from als_desktop.services.worklist import BY_DISCIPLINE, BY_PATIENT, groups, worklist
from als_desktop.services.worklist_export import (
    CSV_COLUMNS,
    PrintedWorklist,
    csv_bytes,
    csv_text,
    worklist_pdf,
)

OWNER = {rule.rule_id: rule.discipline for rule in RULES}


def test_every_prompt_in_force_is_a_row_with_its_owner(clinic: Database) -> None:
    with clinic.reading() as session:
        listed = worklist(session, DEMO_DAY)
        living = session.execute(select(Patient.id, Patient.mrn, Patient.family_name)
                                 .where(Patient.date_of_death.is_(None))).all()
        expected = {(pid, p.rule_id, p.message) for pid, _mrn, _name in living
                    for p in prompts_for(session, pid, DEMO_DAY)}
    assert len(listed.rows) > 20  # the demo clinic has work to do
    assert {(row.patient_id, row.rule_id, row.message) for row in listed.rows} == expected
    names = {pid: (mrn, family) for pid, mrn, family in living}
    for row in listed.rows:
        assert row.discipline == OWNER[row.rule_id]
        assert (row.mrn, row.family_name) == names[row.patient_id]
        assert row.source.strip() and row.site
        assert row.overdue == (row.due_on is not None and row.due_on < DEMO_DAY)
    owners = {row.discipline for row in listed.rows} | {action.owner_discipline for action in listed.actions}
    assert listed.disciplines and set(listed.disciplines) == owners


def test_deceased_patients_are_not_listed(clinic_copy: Database) -> None:
    with clinic_copy.reading() as session:
        before = worklist(session, DEMO_DAY)
        deceased = set(session.scalars(select(Patient.id).where(Patient.date_of_death.is_not(None))))
        patient_id = before.rows[0].patient_id
        patient = session.get(Patient, patient_id)
        values = {"mrn": patient.mrn, "given_name": patient.given_name, "family_name": patient.family_name,
                  # Today: the patient may have been at today's demo clinic.
                  "date_of_birth": patient.date_of_birth, "date_of_death": DEMO_DAY}
    assert not deceased & {row.patient_id for row in before.rows}
    with clinic_copy.transaction() as session:
        from als_desktop.services.patients import update_patient
        update_patient(session, patient_id, patient.version, values, AUTHOR, today=DEMO_DAY)
    with clinic_copy.reading() as session:
        after = worklist(session, DEMO_DAY)
    assert patient_id not in {row.patient_id for row in after.rows}
    assert len(after.rows) < len(before.rows)


def test_most_urgent_first_then_overdue_then_earliest_due(clinic: Database) -> None:
    with clinic.reading() as session:
        rows = worklist(session, DEMO_DAY).rows
    keys = [(SEVERITY_ORDER[row.severity], not row.overdue, row.due_on or DEMO_DAY.max) for row in rows]
    assert keys == sorted(keys)
    assert any(row.overdue for row in rows) and any(not row.overdue for row in rows)


def test_filter_by_discipline(clinic: Database) -> None:
    with clinic.reading() as session:
        everything = worklist(session, DEMO_DAY)
        for discipline in everything.disciplines:
            only = worklist(session, DEMO_DAY, discipline=discipline)
            assert only.rows or only.actions  # a discipline is offered for a prompt or a team action
            assert {row.discipline for row in only.rows} <= {discipline}
            assert {action.owner_discipline for action in only.actions} <= {discipline}
            assert only.rows == [row for row in everything.rows if row.discipline == discipline]
            assert only.disciplines == everything.disciplines  # the choice stays offered
        assert worklist(session, DEMO_DAY, discipline="psychology").rows == []


def test_filter_by_the_site_of_the_latest_visit(clinic_copy: Database) -> None:
    with clinic_copy.reading() as session:
        row = worklist(session, DEMO_DAY).rows[0]
    with clinic_copy.transaction() as session:
        visits.create_visit(session, row.patient_id, {"visit_date": DEMO_DAY, "site": "Westfield outreach"},
                            AUTHOR, today=DEMO_DAY)
    with clinic_copy.reading() as session:
        everything = worklist(session, DEMO_DAY)
        outreach = worklist(session, DEMO_DAY, site="Westfield outreach")
        both = worklist(session, DEMO_DAY, discipline=row.discipline, site="Westfield outreach")
    assert "Westfield outreach" in everything.sites
    assert outreach.rows and {r.patient_id for r in outreach.rows} == {row.patient_id}
    assert {r.site for r in outreach.rows} == {"Westfield outreach"}
    assert both.rows and {(r.discipline, r.site) for r in both.rows} == {(row.discipline, "Westfield outreach")}
    assert not {r.patient_id for r in everything.rows if r.site != "Westfield outreach"} & {row.patient_id}


def test_an_acknowledged_prompt_leaves_the_worklist(clinic_copy: Database) -> None:
    with clinic_copy.reading() as session:
        first = worklist(session, DEMO_DAY).rows[0]
    with clinic_copy.transaction() as session:
        respond(session, first.patient_id, first.rule_id, "acknowledged", AUTHOR, today=DEMO_DAY)
    with clinic_copy.reading() as session:
        after = worklist(session, DEMO_DAY).rows
    assert (first.patient_id, first.rule_id) not in {(row.patient_id, row.rule_id) for row in after}


# ---------------------------------------------------------------------------- worked through by a coordinator


def test_grouped_by_patient_and_by_discipline_with_counts(clinic: Database) -> None:
    with clinic.reading() as session:
        listed = worklist(session, DEMO_DAY)
    by_patient = groups(listed.rows, BY_PATIENT)
    assert len(by_patient) == listed.patient_count
    assert [row for group in by_patient for row in group.rows] != [] and \
        sorted(len(group.rows) for group in by_patient) == sorted(
            sum(row.patient_id == pid for row in listed.rows) for pid in {row.patient_id for row in listed.rows})
    for group in by_patient:
        first = group.rows[0]
        assert {row.patient_id for row in group.rows} == {first.patient_id}
        assert group.title == f"{first.display_name} · {first.mrn} · {first.site}"
        assert group.summary.startswith(f"{len(group.rows)} prompt")
        assert (f"{group.urgent_count} urgent" in group.summary) == bool(group.urgent_count)
        assert group.rows == [row for row in listed.rows if row.patient_id == first.patient_id]  # order kept
    # Most urgent first: the first group holds the most urgent prompt of all.
    assert by_patient[0].rows[0] == listed.rows[0]
    by_discipline = groups(listed.rows, BY_DISCIPLINE)
    assert {group.key for group in by_discipline} == {row.discipline for row in listed.rows}
    assert sum(len(group.rows) for group in by_discipline) == len(listed.rows)
    for group in by_discipline:
        assert group.title == DISCIPLINE[group.key]
        assert group.overdue_count == sum(row.overdue for row in group.rows)
    with pytest.raises(ValueError):
        groups(listed.rows, "site")


def test_counts_per_discipline_and_per_site_add_up(clinic_copy: Database) -> None:
    with clinic_copy.reading() as session:
        row = worklist(session, DEMO_DAY).rows[-1]
    with clinic_copy.transaction() as session:
        visits.create_visit(session, row.patient_id, {"visit_date": DEMO_DAY, "site": "Westfield outreach"},
                            AUTHOR, today=DEMO_DAY)
    with clinic_copy.reading() as session:
        listed = worklist(session, DEMO_DAY)
    for counts in (listed.counts_by_discipline(), listed.counts_by_site()):
        assert sum(count.prompts for count in counts) == len(listed.rows)
        assert sum(count.overdue for count in counts) == listed.overdue_count
        assert sum(count.urgent for count in counts) == listed.urgent_count
        assert sum(count.actions for count in counts) == len(listed.actions)
    by_site = {count.name: count for count in listed.counts_by_site()}
    assert by_site["Westfield outreach"].prompts == sum(r.patient_id == row.patient_id for r in listed.rows)
    by_discipline = {count.name: count for count in listed.counts_by_discipline()}
    assert by_discipline[DISCIPLINE[row.discipline]].prompts == sum(r.discipline == row.discipline
                                                                     for r in listed.rows)


def test_overdue_only_and_urgent_only(clinic: Database) -> None:
    with clinic.reading() as session:
        listed = worklist(session, DEMO_DAY)
    overdue = listed.filtered(overdue_only=True)
    assert overdue.rows == [row for row in listed.rows if row.overdue] and overdue.rows
    assert overdue.actions == [action for action in listed.actions if action.overdue]
    urgent = listed.filtered(urgent_only=True)
    assert urgent.rows == [row for row in listed.rows if row.severity == Severity.URGENT] and urgent.rows
    assert urgent.actions == listed.actions  # a team action has no severity
    both = listed.filtered(overdue_only=True, urgent_only=True)
    assert both.rows == [row for row in listed.rows if row.overdue and row.severity == Severity.URGENT]


def test_open_team_actions_are_on_the_worklist_with_their_overdue_mark(clinic_copy: Database) -> None:
    with clinic_copy.reading() as session:
        patient_id = worklist(session, DEMO_DAY).rows[0].patient_id
    with clinic_copy.transaction() as session:
        late = create_action(session, patient_id, "social_work", "Arrange a home visit", DEMO_DAY - timedelta(days=1),
                             AUTHOR, today=DEMO_DAY)
        due = create_action(session, patient_id, "social_work", "Benefits review", DEMO_DAY, AUTHOR, today=DEMO_DAY)
    with clinic_copy.reading() as session:
        listed = worklist(session, DEMO_DAY)
        mine = {action.id: action for action in listed.actions}
        assert mine[late].overdue and not mine[due].overdue  # due today is not yet overdue
        assert mine[late].description == "Arrange a home visit" and mine[late].patient_id == patient_id
        assert "social_work" in listed.disciplines
        only = worklist(session, DEMO_DAY, discipline="social_work")
        assert {action.id for action in only.actions} == {late, due} and only.rows == []
        assert late in {a.id for a in listed.filtered(overdue_only=True).actions}
        assert due not in {a.id for a in listed.filtered(overdue_only=True).actions}
        action = session.get(TeamAction, late)
        mark_done(session, late, action.version, AUTHOR, today=DEMO_DAY)
        assert late not in {a.id for a in worklist(session, DEMO_DAY).actions}  # done: off the list


def test_csv_holds_every_prompt_and_action_as_listed(clinic: Database) -> None:
    with clinic.reading() as session:
        listed = worklist(session, DEMO_DAY)
    data = csv_bytes(listed)
    assert data.startswith(codecs.BOM_UTF8)
    lines = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert tuple(lines[0]) == CSV_COLUMNS
    prompts = [line for line in lines if line["Kind"] == "Prompt"]
    actions = [line for line in lines if line["Kind"] == "Team action"]
    assert len(prompts) == len(listed.rows) and len(actions) == len(listed.actions)
    for line, row in zip(prompts, listed.rows, strict=True):
        assert (line["MRN"], line["Family name"], line["What"], line["Source"]) == (
            row.mrn, row.family_name, row.message, row.source)
        assert line["Overdue"] == ("yes" if row.overdue else "no")
        assert line["Due"] == (f"{row.due_on:%d %b %Y}" if row.due_on else "now")
        assert line["Owner"] == row.discipline_label and line["Site"] == row.site
        for label, value in row.values:
            assert f"{label}: {value}" in line["Values"]
    for line, action in zip(actions, listed.actions, strict=True):
        assert line["What"] == action.description and line["Overdue"] == ("yes" if action.overdue else "no")


def test_a_typed_name_is_never_a_spreadsheet_formula(clinic: Database) -> None:
    with clinic.reading() as session:
        listed = worklist(session, DEMO_DAY)
    row = replace(listed.rows[0], family_name="=HYPERLINK(\"http://x\")", given_name="+1")
    lines = list(csv.reader(io.StringIO(csv_text(replace(listed, rows=[row], actions=[])))))
    assert lines[1][5] == "'=HYPERLINK(\"http://x\")" and lines[1][6] == "'+1"


def test_printed_worklist_names_the_groups_prompts_and_actions(clinic: Database) -> None:
    with clinic.reading() as session:
        listed = worklist(session, DEMO_DAY)
    pdf = worklist_pdf(listed, BY_DISCIPLINE, PrintedWorklist(clinic_name="Riverside ALS clinic"))
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    assert "Clinic worklist — 02 Jun 2025" in text and "Riverside ALS clinic" in text
    assert "grouped by discipline" in text and f"{len(listed.rows)} prompts" in text
    for group in groups(listed.rows, BY_DISCIPLINE):
        assert f"{group.title} — {group.summary}" in text
    for row in listed.rows:
        assert row.mrn in text
    assert "Open team actions" in text
    for action in listed.actions:
        assert " ".join(action.description.split()[:3]) in text
        assert (f"{action.due_on:%d %b %Y}, overdue" in text) == action.overdue
    assert f"Page 1 of {len(reader.pages)}" in text
    filtered = worklist_pdf(listed.filtered(urgent_only=True), BY_PATIENT)
    urgent_text = " ".join(pypdf.PdfReader(io.BytesIO(filtered)).pages[0].extract_text().split())
    assert "urgent prompts only" in urgent_text and "grouped by patient" in urgent_text

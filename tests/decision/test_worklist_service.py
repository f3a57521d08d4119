"""The clinic worklist on a real demo clinic: every prompt in force is a row with its owner,
filters by discipline and site, most urgent first, answered prompts and deceased patients absent."""

from __future__ import annotations

from decision_helpers import AUTHOR, DEMO_DAY
from sqlalchemy import select

from als_desktop.clinical.prompts import SEVERITY_ORDER
from als_desktop.clinical.rules import RULES
from als_desktop.db import Database
from als_desktop.models import Patient
from als_desktop.services import visits
from als_desktop.services.decision_support import prompts_for, respond
from als_desktop.services.worklist import worklist

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
    assert listed.disciplines and set(listed.disciplines) == {row.discipline for row in listed.rows}


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
            assert only.rows and {row.discipline for row in only.rows} == {discipline}
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

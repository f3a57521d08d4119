"""Who writes which record: each kind's roles, the refusal naming them, writing anyway with a
reason (break-glass, flagged once per patient for the administrator), and program tasks."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from als_desktop.clinical.prompts import Prompt, Rule, Severity
from als_desktop.config import sqlite_url
from als_desktop.db import Database, open_database
from als_desktop.domain import vocab
from als_desktop.domain.roles import INTERVENTION_WRITERS, ROLES, WRITERS
from als_desktop.models import (
    AlsfrsAssessment,
    ChangeEntry,
    Intervention,
    Patient,
    Visit,
    WeightMeasurement,
)
from als_desktop.services import (
    audit,
    exchange,
    kinds,
    neurology,
    patient_lists,
    patients,
    permissions,
    team_actions,
    visits,
    writer,
)
from als_desktop.services.audit import AuditFilter
from als_desktop.services.decision_support import respond
from als_desktop.services.errors import RoleRequired, ValidationError
from als_desktop.services.operations import perform
from als_desktop.services.settings import save_settings

SCORES = {"speech": 3, "salivation": 4, "swallowing": 4, "cutting_form": "5a"}
TODAY = date(2025, 6, 2)
EVERYONE_CLINICAL = {code for code in ROLES if code != "administrator"}

# The decisions, written out again: changing who writes what must be deliberate here too.
EXPECTED: dict[tuple[str, str | None], set[str]] = {
    ("patient", None): {"neurology", "nursing", "coordinator"},
    ("visit", None): EVERYONE_CLINICAL,
    ("alsfrs", None): {"neurology", "nursing"},
    ("weight", None): {"nutrition", "nursing", "coordinator"},
    ("nutrition", None): {"nutrition"},
    ("respiratory", None): {"pulmonary"},
    ("slp", None): {"slp"},
    ("palliative", None): {"palliative"},
    ("medication", None): {"neurology", "palliative", "nursing"},
    ("dose", None): {"neurology", "nursing"},
    ("liver_test", None): {"neurology", "nursing"},
    ("intervention", "gastrostomy"): {"nutrition"},
    ("intervention", "niv"): {"pulmonary"},
    ("intervention", "cough_assist"): {"pulmonary"},
    ("intervention", "tracheostomy"): {"pulmonary"},
    ("intervention", "aac_device"): {"slp"},
    ("intervention", "hospice"): {"palliative"},
    ("care_planning", None): {"palliative", "neurology"},
    ("team_action", None): EVERYONE_CLINICAL,
    ("prompt_response", None): EVERYONE_CLINICAL,
    ("clinic_setting", None): {"administrator"},
}


def person(*roles: str, name: str = "dietitian.holm", reason: str | None = None) -> writer.Actor:
    return writer.Actor(name, "clinic-room-2", frozenset(roles), reason)


DIETITIAN = person("nutrition")


@pytest.fixture
def visit(db: Database, patient: Patient) -> Visit:
    with db.transaction() as session:
        return visits.create_visit(session, patient.id, {"visit_date": date(2025, 3, 4)},
                                   person("nursing", name="nurse.dahl"))


def count(db: Database, model: type) -> int:
    with db.reading() as session:
        return session.scalar(select(func.count()).select_from(model))


def break_glass_events(db: Database) -> list[audit.AuditEntry]:
    with db.reading() as session:
        return audit.entries(session, AuditFilter(break_glass_only=True))


# ---------------------------------------------------------------------------- the table


def test_every_kind_of_record_and_of_intervention_has_its_writers() -> None:
    assert set(WRITERS) == set(kinds.MODELS)
    assert set(INTERVENTION_WRITERS) == set(vocab.INTERVENTION_KIND)
    assert {kind for kind, _ in EXPECTED} == set(kinds.MODELS)
    for roles in (*WRITERS.values(), *INTERVENTION_WRITERS.values()):
        assert roles and set(roles) <= set(ROLES)


def test_each_kind_is_written_by_its_roles_only(db: Database) -> None:
    with db.transaction() as session:
        for (kind, intervention), writers in EXPECTED.items():
            for role in ROLES:
                if role in writers:
                    assert permissions.check(session, person(role), "create", kind, (intervention,)) == ()
                    continue
                with pytest.raises(RoleRequired) as refused:
                    permissions.check(session, person(role), "create", kind, (intervention,))
                assert set(refused.value.roles) == writers, (kind, intervention, role)


def test_the_documented_table_is_the_one_applied() -> None:
    documented = (Path(__file__).parents[2] / "docs" / "accounts.md").read_text(encoding="utf-8")
    assert permissions.rules_table() in documented


# ---------------------------------------------------------------------------- refusals


def test_a_refusal_names_the_record_and_the_roles_and_writes_nothing(db: Database, visit: Visit) -> None:
    entries_before = count(db, ChangeEntry)
    with pytest.raises(RoleRequired) as refused:
        perform(db, neurology.save_alsfrs, visit.id, SCORES, DIETITIAN)
    message = str(refused.value)
    assert message.startswith("Recording an ALSFRS-R assessment needs the Neurology or Nursing role.")
    assert "Your account holds: Nutrition." in message and "reason" in message
    assert refused.value.roles == ("neurology", "nursing")
    assert count(db, AlsfrsAssessment) == 0 and count(db, ChangeEntry) == entries_before

    with pytest.raises(RoleRequired, match=r"^Recording a weight needs the Nutrition, Nursing or Clinic "
                                           r"coordinator role\. Your account holds: Speech-language pathology\."):
        perform(db, visits.record_weight, visit.id, 70.0, person("slp"))
    perform(db, visits.record_weight, visit.id, 70.0, DIETITIAN)
    assert count(db, WeightMeasurement) == 1


def test_voiding_and_correcting_need_the_role_too(db: Database, visit: Visit) -> None:
    weight = perform(db, visits.record_weight, visit.id, 70.0, person("nursing")).result
    with pytest.raises(RoleRequired, match="^Changing a weight needs"):
        perform(db, visits.edit_record, WeightMeasurement, weight.id, 1, {"weight_kg": 69.0}, person("slp"))
    with pytest.raises(RoleRequired, match="^Voiding a weight needs"):
        perform(db, writer.void, WeightMeasurement, weight.id, 1, "wrong patient", person("slp"))
    perform(db, writer.void, WeightMeasurement, weight.id, 1, "wrong patient", DIETITIAN)
    with pytest.raises(RoleRequired, match="^Restoring a weight needs"):
        perform(db, writer.restore, WeightMeasurement, weight.id, 2, "voided by mistake", person("slp"))
    perform(db, writer.restore, WeightMeasurement, weight.id, 2, "voided by mistake", person("coordinator"))


def test_an_intervention_is_written_by_the_discipline_of_its_kind(db: Database, patient: Patient) -> None:
    respiratory = person("pulmonary", name="resp.lund")
    niv = perform(db, patient_lists.add, "intervention", patient.id,
                  {"kind": "niv", "started_on": date(2025, 2, 1)}, respiratory).result
    with pytest.raises(RoleRequired, match="^Recording a gastrostomy needs the Nutrition role"):
        perform(db, patient_lists.add, "intervention", patient.id,
                {"kind": "gastrostomy", "started_on": date(2025, 2, 1)}, respiratory)
    # Turning an NIV entry into a gastrostomy needs the roles of both.
    with pytest.raises(RoleRequired, match="^Changing a gastrostomy needs the Nutrition role"):
        perform(db, patient_lists.change, "intervention", niv, 1, {"kind": "gastrostomy"}, respiratory)
    perform(db, patient_lists.add, "intervention", patient.id,
            {"kind": "gastrostomy", "started_on": date(2025, 2, 1), "detail": "PEG"}, DIETITIAN)
    assert count(db, Intervention) == 2


def test_nursing_and_the_coordinator_record_team_actions_and_answer_prompts(db: Database, patient: Patient) -> None:
    coordinator = person("coordinator", name="coord.berg")
    perform(db, team_actions.create_action, patient.id, "social_work", "Benefits review", None, coordinator,
            today=TODAY)
    rules = (Rule("test.weight", "nutrition", Severity.ACTION, "Weigh", "no weight", "Test source",
                  lambda snapshot, settings: Prompt("test.weight", "nutrition", Severity.ACTION, "Weigh.",
                                                    "Test source")),)
    perform(db, respond, patient.id, "test.weight", "acknowledged", person("nursing", name="nurse.dahl"),
            today=TODAY, rules=rules)
    # Physiotherapy has no record of its own yet: it opens visits and records team actions.
    physio = person("physiotherapy", name="physio.ek")
    perform(db, visits.create_visit, patient.id, {"visit_date": date(2025, 5, 5)}, physio)
    perform(db, team_actions.create_action, patient.id, "physiotherapy", "Walker fitting", None, physio, today=TODAY)
    with pytest.raises(RoleRequired, match="needs a clinical role"):
        perform(db, team_actions.create_action, patient.id, "nursing", "x", None, person("administrator"),
                today=TODAY)
    assert break_glass_events(db) == []


def test_the_clinic_settings_are_the_administrators(db: Database) -> None:
    with pytest.raises(RoleRequired, match="^Recording a clinic setting needs the Administrator role"):
        perform(db, save_settings, {"early_weight_loss_percent": 6}, person("neurology", "nursing"))
    perform(db, save_settings, {"early_weight_loss_percent": 6}, person("administrator", name="admin"))


def test_a_program_task_is_not_checked(db: Database, visit: Visit) -> None:
    program = writer.Actor("demo generator", "clinic-room-2")  # no roles: not a person
    perform(db, neurology.save_alsfrs, visit.id, SCORES, program)
    perform(db, save_settings, {"early_weight_loss_percent": 6}, "upgrade")  # a plain name: the same
    assert count(db, AlsfrsAssessment) == 1 and break_glass_events(db) == []


# ---------------------------------------------------------------------------- break-glass


def test_writing_anyway_saves_and_flags_one_event_per_patient(db: Database, patient: Patient, visit: Visit) -> None:
    anyway = person("nutrition", reason="Neurologist called away; scores taken at the bedside")
    with db.transaction() as session:
        neurology.save_alsfrs(session, visit.id, SCORES, anyway)
        patient_lists.add(session, "liver_test", patient.id,
                          {"taken_on": date(2025, 3, 1), "alt_u_l": 40.0, "alt_uln_u_l": 35.0}, anyway)
        visits.record_weight(session, visit.id, 70.0, anyway)  # the dietitian's own: no reason needed
    [event] = break_glass_events(db)
    assert (event.actor, event.workstation, event.mrn, event.break_glass) == (
        "dietitian.holm", "clinic-room-2", patient.mrn, True)
    assert event.detail.startswith("Reason: Neurologist called away; scores taken at the bedside")
    assert "recorded ALSFRS-R assessment (Neurology or Nursing)" in event.detail
    assert "recorded liver test (Neurology or Nursing)" in event.detail and "weight" not in event.detail
    assert count(db, AlsfrsAssessment) == 1

    with db.reading() as session:
        [entry] = session.scalars(select(ChangeEntry).where(ChangeEntry.event == "break_glass")).all()
        written = session.scalars(select(ChangeEntry).where(ChangeEntry.operation == "create",
                                                            ChangeEntry.actor == "dietitian.holm")).all()
    assert entry.patient_id == patient.id and len(written) == 3  # the changes keep the person's name


def test_a_second_patient_has_its_own_event_and_a_rolled_back_save_none(db: Database, patient: Patient) -> None:
    anyway = person("nutrition", reason="clinic list after hours")
    with db.transaction() as session:
        other = patients.create_patient(session, {"mrn": "MRN-0002", "given_name": "Sam", "family_name": "Other",
                                                  "date_of_birth": date(1970, 1, 1), "sex": "male"}, anyway)
        for owner in (patient.id, other.id):
            patient_lists.add(session, "liver_test", owner,
                              {"taken_on": date(2025, 3, 1), "alt_u_l": 40.0, "alt_uln_u_l": 35.0}, anyway)
    assert sorted(event.mrn for event in break_glass_events(db)) == ["MRN-0001", "MRN-0002"]

    with pytest.raises(ValidationError), db.transaction() as session:
        patient_lists.add(session, "liver_test", patient.id,
                          {"taken_on": date(2025, 3, 2), "alt_u_l": 41.0, "alt_uln_u_l": 35.0}, anyway)
        raise ValidationError({"alt_u_l": "refused after the write"})
    assert len(break_glass_events(db)) == 2


def test_a_reason_stated_for_the_transaction_is_the_windows_retry(db: Database, visit: Visit) -> None:
    def save(session, values):  # as the window's save: its author captured before the refusal
        return neurology.save_alsfrs(session, visit.id, values, DIETITIAN)

    with pytest.raises(RoleRequired):
        perform(db, save, SCORES)

    def anyway(session, values):
        permissions.write_anyway(session, "  patient leaving, neurologist absent  ")
        return save(session, values)

    perform(db, anyway, SCORES)
    [event] = break_glass_events(db)
    assert event.detail.startswith("Reason: patient leaving, neurologist absent —")
    # The next transaction on the same session carries nothing over.
    with db.transaction() as session:
        permissions.write_anyway(session, "once")
        session.commit()
        with pytest.raises(RoleRequired):
            visits.record_weight(session, visit.id, 70.0, person("slp"))


def test_a_reason_is_required_and_obeys_the_rule_of_reasons(db: Database) -> None:
    for reason in ("", "   ", "\u200b", "x" * 501, "line\x1bescape"):
        with pytest.raises(ValidationError) as refused:
            permissions.checked_reason(reason)
        assert set(refused.value.errors) == {"break_glass_reason"}
    assert permissions.checked_reason("  urgent  ") == "urgent"


# ---------------------------------------------------------------------------- import


def test_an_import_needs_the_coordinator_or_the_administrator(db: Database, patient: Patient, visit: Visit,
                                                             tmp_path: Path) -> None:
    perform(db, neurology.save_alsfrs, visit.id, SCORES, person("neurology"))
    perform(db, visits.record_weight, visit.id, 70.0, person("nursing"))
    with db.reading() as session:
        document = exchange.export_patient(session, patient.mrn)
    other = open_database(sqlite_url(tmp_path / "other.sqlite"))
    try:
        with pytest.raises(RoleRequired, match="^Importing a patient record file needs the Clinic coordinator or "
                                               "Administrator role"):
            perform(other, exchange.import_patient_record, document, person("neurology", "nursing"))
        with other.reading() as session:
            assert session.scalar(select(func.count()).select_from(Patient)) == 0

        # Anyone may import in an emergency: what their roles do not cover is flagged.
        perform(other, exchange.import_patient_record, document, person("neurology", reason="transfer tonight"))
        with other.reading() as session:
            events = audit.entries(session, AuditFilter(break_glass_only=True))
        # The import itself needed the reason; so did the weight, but not the neurologist's own
        # records (patient, visit, ALSFRS-R).
        assert sorted((event.mrn or "", event.detail) for event in events) == [
            ("", "Reason: transfer tonight — written without the role: imported a patient record file "
                 "(Clinic coordinator or Administrator)."),
            (patient.mrn, "Reason: transfer tonight — written without the role: "
                          "recorded weight (Nutrition, Nursing or Clinic coordinator)."),
        ]
    finally:
        other.close()

    third = open_database(sqlite_url(tmp_path / "third.sqlite"))
    try:
        perform(third, exchange.import_patient_record, document, person("coordinator", name="coord.berg"))
        with third.reading() as session:
            assert session.scalar(select(func.count()).select_from(AlsfrsAssessment)) == 1
            assert audit.entries(session, AuditFilter(break_glass_only=True)) == []
    finally:
        third.close()

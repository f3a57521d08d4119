"""After a save the window reads again only what the save changed.

The clinic list is read whole only when a patient comes or goes, when the change is
clinic-wide, or after a save refused as stale; otherwise the changed patients' rows are read,
and the shown patient only when the change is theirs.
"""

from __future__ import annotations

import uuid
from datetime import date

import pytest
from PySide6.QtCore import Qt

from als_desktop.services import patients, queries, visits
from als_desktop.services.changes import Changes
from als_desktop.views import tasks
from clinic_builders import TODAY, add_patient, add_visit
from gui_helpers import fill_new_patient, make_visit

LEFT = Qt.MouseButton.LeftButton


class ListReads:
    """Counts the reads of the clinic list (whole, or of some patients) through the real query."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.whole = 0
        self.some: list[frozenset[uuid.UUID]] = []
        real = queries.patient_list

        def counted(session, only=None):  # noqa: ANN001, ANN202
            if only is None:
                self.whole += 1
            else:
                self.some.append(frozenset(only))
            return real(session, only)

        monkeypatch.setattr(queries, "patient_list", counted)


class FactReads:
    """Counts the reads of a patient's facts (the header and the tabs' patient)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.patients: list[uuid.UUID] = []
        real = queries.patient_facts

        def counted(session, patient_id, today=None):  # noqa: ANN001, ANN202
            self.patients.append(patient_id)
            return real(session, patient_id, today)

        monkeypatch.setattr(queries, "patient_facts", counted)


@pytest.fixture
def clinic(db):  # noqa: ANN001, ANN201
    """Two patients; the first is the one the tests show."""
    shown = add_patient(db, "MRN-5001", "Ada", "Shown", onset_date=date(2023, 2, 1), onset_region="bulbar")
    other = add_patient(db, "MRN-5002", "Ben", "Other")
    add_visit(db, shown, date(2024, 3, 1))
    return shown, other


def row_texts(window, patient_id: uuid.UUID) -> tuple[str, ...]:  # noqa: ANN001
    model = window.patient_list.model
    return model.texts[model.row_of(patient_id)]


def row_object(window, patient_id: uuid.UUID):  # noqa: ANN001, ANN201
    model = window.patient_list.model
    return model.rows[model.row_of(patient_id)]


def test_editing_the_shown_patient_updates_their_header_and_row_only(
        open_window, db_path, clinic, qtbot, monkeypatch):  # noqa: ANN001
    shown, other = clinic
    window = open_window(db_path, today=TODAY)
    window.patient_list.select(shown)
    other_row = row_object(window, other)
    reads = ListReads(monkeypatch)

    dialog = window.edit_patient()
    dialog.form.fields["family_name"].clear()
    qtbot.keyClicks(dialog.form.fields["family_name"], "Renamed")
    qtbot.mouseClick(dialog.save_button, LEFT)

    assert not dialog.isVisible()
    assert window.header.name.text() == "RENAMED, Ada"
    assert row_texts(window, shown)[1] == "RENAMED, Ada"
    assert reads.whole == 0
    assert reads.some == [frozenset({shown})]
    assert row_object(window, other) is other_row  # the other patient's row was not read again
    assert window.patient.id == shown


def test_a_new_visit_shows_its_date_in_the_row_and_is_chosen(open_window, db_path, clinic, qtbot, monkeypatch):  # noqa: ANN001
    shown, other = clinic
    window = open_window(db_path, today=TODAY)
    window.patient_list.select(shown)
    other_row = row_object(window, other)
    reads = ListReads(monkeypatch)

    make_visit(qtbot, window, date(2024, 6, 12))

    assert row_texts(window, shown)[3] == "12 Jun 2024"
    assert window.current_visit().visit_date == date(2024, 6, 12)
    assert reads.whole == 0
    assert row_object(window, other) is other_row


def test_a_change_on_the_shown_patient_keeps_the_visit_chosen(open_window, db_path, db, clinic, qtbot):  # noqa: ANN001
    shown, _other = clinic
    later = add_visit(db, shown, date(2024, 5, 1))
    window = open_window(db_path, today=TODAY)
    window.patient_list.select(shown)
    earlier = next(n for n, visit in enumerate(window.visit_rows) if visit.id != later)
    window.visit_choice.setCurrentIndex(earlier)
    chosen = window.current_visit().id

    dialog = window.edit_visit()
    dialog.form.fields["notes"].clear()
    qtbot.keyClicks(dialog.form.fields["notes"], "reviewed with the family")
    qtbot.mouseClick(dialog.save_button, LEFT)

    assert not dialog.isVisible()
    assert window.current_visit().id == chosen
    assert window.current_visit().notes == "reviewed with the family"  # read again, not the old row


def test_a_save_for_another_patient_leaves_the_shown_one_as_it_is(open_window, db_path, clinic, monkeypatch):  # noqa: ANN001
    shown, other = clinic
    window = open_window(db_path, today=TODAY)
    window.patient_list.select(shown)
    reads, facts = ListReads(monkeypatch), FactReads(monkeypatch)

    # Another part of the window (the worklist, say) records a visit for the other patient.
    tasks.perform_save(window.database, visits.create_visit, other, {"visit_date": date(2024, 6, 2)},
                       "gui.clinician")

    assert row_texts(window, other)[3] == "02 Jun 2024"
    assert reads.whole == 0 and reads.some == [frozenset({other})]
    assert facts.patients == []  # the shown patient was not read again
    assert window.patient.id == shown


def test_registering_a_patient_reads_the_list_again_and_shows_them(open_window, db_path, clinic, qtbot, monkeypatch):  # noqa: ANN001
    window = open_window(db_path, today=TODAY)
    reads = ListReads(monkeypatch)

    dialog = window.new_patient()
    fill_new_patient(qtbot, dialog, mrn="MRN-5003", given="Cleo", family="New", born=date(1970, 1, 2))
    qtbot.mouseClick(dialog.save_button, LEFT)

    assert not dialog.isVisible()
    assert reads.whole >= 1
    assert window.patient.mrn == "MRN-5003"
    assert window.header.name.text() == "NEW, Cleo"
    assert "MRN-5003" in window.patient_list.visible_mrns()


def test_voiding_the_shown_patient_takes_them_off_the_list(open_window, db_path, clinic, qtbot, monkeypatch):  # noqa: ANN001
    shown, other = clinic
    window = open_window(db_path, today=TODAY)
    window.patient_list.select(shown)
    reads = ListReads(monkeypatch)

    dialog = window.void_patient()
    qtbot.keyClicks(dialog.form.fields["void_reason"], "registered twice")
    qtbot.mouseClick(dialog.save_button, LEFT)

    assert reads.whole >= 1
    assert window.patient_list.visible_mrns() == ["MRN-5002"]
    assert window.patient is None


def test_a_stale_refusal_reads_the_whole_record_again(open_window, db_path, db, clinic, qtbot, monkeypatch, answers):  # noqa: ANN001
    shown, _other = clinic
    window = open_window(db_path, today=TODAY)
    window.patient_list.select(shown)
    dialog = window.edit_patient()
    with db.transaction() as session:  # a colleague at another workstation, meanwhile
        patients.update_patient(session, shown, 1, {"given_name": "Adele"}, "colleague")
    reads = ListReads(monkeypatch)

    dialog.form.fields["family_name"].clear()
    qtbot.keyClicks(dialog.form.fields["family_name"], "Mine")
    qtbot.mouseClick(dialog.save_button, LEFT)

    assert "was changed by colleague" in answers.texts()
    assert reads.whole == 1
    assert window.header.name.text() == "SHOWN, Adele"
    assert row_texts(window, shown)[1] == "SHOWN, Adele"


def test_a_clinic_wide_change_reads_the_list_and_the_shown_patient_again(open_window, db_path, clinic, monkeypatch):  # noqa: ANN001
    shown, _other = clinic
    window = open_window(db_path, today=TODAY)
    window.patient_list.select(shown)
    reads, facts = ListReads(monkeypatch), FactReads(monkeypatch)

    tasks.hub().changed.emit(Changes(kinds=frozenset({"clinic_setting"}), clinic_wide=True))

    assert reads.whole == 1
    assert facts.patients == [shown]


def test_a_closed_window_is_no_longer_told_of_saves(open_window, db_path, clinic, monkeypatch):  # noqa: ANN001
    shown, _other = clinic
    window = open_window(db_path, today=TODAY)
    window.patient_list.select(shown)
    window.close()
    reads = ListReads(monkeypatch)

    tasks.hub().changed.emit(Changes(patients=frozenset({shown}), kinds=frozenset({"patient"})))

    assert reads.whole == 0 and reads.some == []

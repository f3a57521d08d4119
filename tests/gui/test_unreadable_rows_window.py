"""The window opens on a file holding rows another program wrote that cannot be read.

It names them above the record, and the patient they belong to opens on every tab with the
rest of their record.
"""

from __future__ import annotations

import sqlite3
from datetime import date

from clinic_builders import DISCIPLINE_RECORDS, SETUP, TODAY, add_patient, add_visit, record

from als_desktop.db import open_database
from als_desktop.config import sqlite_url
from als_desktop.views.tabs import TAB_ORDER


def test_the_window_names_the_rows_it_leaves_out_and_the_patient_still_opens(open_window, db_path, answers) -> None:  # noqa: ANN001
    database = open_database(sqlite_url(db_path))
    patient_id = add_patient(database, "UNR-1", "Una", "Readable")
    kept = add_visit(database, patient_id, date(2024, 3, 4))
    spoiled = add_visit(database, patient_id, date(2024, 5, 6))
    for model, values in DISCIPLINE_RECORDS.values():
        record(database, kept, model, values)
        record(database, spoiled, model, values)
    database.close()
    other = sqlite3.connect(db_path)
    other.execute("PRAGMA ignore_check_constraints = ON")
    other.execute("UPDATE visits SET visit_date = '2024-02-30' WHERE id = ?", (spoiled.hex,))
    other.execute("UPDATE weight_measurements SET weight_kg = 'heavy' WHERE visit_id = ?", (kept.hex,))
    other.commit()
    other.close()

    window = open_window(db_path, today=TODAY)
    notice = window.unreadable_notice
    assert notice.isVisible()
    assert notice.text().startswith("2 rows of this database could not be read and are left out")
    assert f"visits row {spoiled.hex}: visit_date" in notice.text()
    assert "weight_measurements row " in notice.text() and ": weight_kg" in notice.text()

    assert window.patient_list.select(patient_id)
    assert [visit.id for visit in window.visit_rows] == [kept]
    for title, _module, _name in TAB_ORDER:
        tab = window.tabs.show_tab(title)
        assert tab.patient is not None and tab.patient.id == patient_id
    assert not [message for message in answers.seen if "unexpected" in message.text.lower()]
    assert SETUP  # the records above were made by the setup clinician


def test_a_clean_file_shows_no_notice(open_window, db_path) -> None:  # noqa: ANN001
    database = open_database(sqlite_url(db_path))
    add_patient(database, "CLEAN-1", "Clea", "Nfile")
    database.close()
    window = open_window(db_path, today=TODAY)
    assert not window.unreadable_notice.isVisible()

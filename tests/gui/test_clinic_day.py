"""The clinic day: the query on a real database, and the window a coordinator runs the day from."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QPoint, Qt
from sqlalchemy import event

from als_desktop.models import PalliativeReview, Visit, WeightMeasurement
from als_desktop.services import clinic_day, patients, records

from clinic_builders import SETUP, add_patient, add_visit, record, record_disciplines

DAY = date(2024, 4, 9)


@pytest.fixture
def clinic(db):
    """Four patients seen on DAY (one at an outreach site), one seen the day before, a voided
    visit and a voided patient on DAY: neither voided one may be listed."""
    ids = {}
    ids["ada"] = add_patient(db, "MRN-1", "Ada", "Adams")
    ids["ben"] = add_patient(db, "MRN-2", "Ben", "Brown")
    ids["cy"] = add_patient(db, "MRN-3", "Cy", "Clark")
    ids["dee"] = add_patient(db, "MRN-4", "Dee", "Diaz")
    ids["gone"] = add_patient(db, "MRN-5", "Gus", "Gone")
    visits = {name: add_visit(db, ids[name], DAY) for name in ("ada", "ben", "gone")}
    visits["cy"] = add_visit(db, ids["cy"], DAY, site="Northtown outreach")
    visits["dee_before"] = add_visit(db, ids["dee"], date(2024, 4, 8))
    visits["dee_voided"] = add_visit(db, ids["dee"], DAY)
    record_disciplines(db, visits["ada"], "neurology", "slp", "nutrition", "pulmonary", "palliative")
    record_disciplines(db, visits["ben"], "neurology", "pulmonary")
    record_disciplines(db, visits["dee_before"], "neurology")
    # Ben's palliative review was voided: it no longer counts as recorded.
    review = record(db, visits["ben"], PalliativeReview, {"pain": "mild"})
    # Cy's nutrition counts from a weight alone (no nutrition assessment).
    record(db, visits["cy"], WeightMeasurement, {"weight_kg": 61.0})
    with db.transaction() as session:
        records.void_row(session, PalliativeReview, review, 1, "entered on the wrong visit", SETUP)
        records.void_row(session, Visit, visits["dee_voided"], 1, "duplicate visit", SETUP)
        patients.void_patient(session, ids["gone"], 1, "registered twice", SETUP)
    return ids, visits


def test_visits_of_the_day_with_what_each_discipline_recorded(db, clinic):
    ids, visits = clinic
    with db.reading() as session:
        day = clinic_day.clinic_day(session, DAY)
    assert [row.mrn for row in day.rows] == ["MRN-1", "MRN-2", "MRN-3"]
    by_mrn = {row.mrn: row for row in day.rows}
    assert by_mrn["MRN-1"].recorded == {"neurology", "slp", "nutrition", "pulmonary", "palliative"}
    assert by_mrn["MRN-1"].outstanding == ()
    assert by_mrn["MRN-2"].recorded == {"neurology", "pulmonary"}
    assert by_mrn["MRN-2"].outstanding == ("slp", "nutrition", "palliative")
    assert by_mrn["MRN-3"].recorded == {"nutrition"}
    assert by_mrn["MRN-3"].visit_id == visits["cy"] and by_mrn["MRN-3"].patient_id == ids["cy"]
    assert day.outstanding_total == 0 + 3 + 4
    assert day.outstanding_by_discipline() == {"neurology": 1, "slp": 2, "nutrition": 1, "pulmonary": 1, "palliative": 2}
    assert day.sites == ["Main clinic", "Northtown outreach"]


def test_site_filter_keeps_the_list_of_sites(db, clinic):
    with db.reading() as session:
        day = clinic_day.clinic_day(session, DAY, site="Northtown outreach")
        empty = clinic_day.clinic_day(session, date(2024, 4, 10))
    assert [row.mrn for row in day.rows] == ["MRN-3"]
    assert day.sites == ["Main clinic", "Northtown outreach"]
    assert empty.rows == [] and empty.sites == [] and empty.outstanding_total == 0


def test_the_day_is_two_queries_however_many_patients(db, clinic):
    for number in range(12):
        patient_id = add_patient(db, f"MRN-X{number}", "Extra", f"Patient{number:02d}")
        record_disciplines(db, add_visit(db, patient_id, DAY), "neurology", "nutrition")
    statements = []
    listener = lambda *args: statements.append(args[2])  # noqa: E731 (statement text)
    event.listen(db.engine, "before_cursor_execute", listener)
    try:
        with db.reading() as session:
            day = clinic_day.clinic_day(session, DAY)
    finally:
        event.remove(db.engine, "before_cursor_execute", listener)
    assert len(day.rows) == 15
    assert len(statements) == 2


# ---------------------------------------------------------------- the window


def ticks(view, mrn: str) -> list[str]:
    """The texts of one patient's row, as shown (sorted and filtered)."""
    proxy = view.proxy
    for row in range(proxy.rowCount()):
        if proxy.index(row, 0).data() == mrn:
            return [proxy.index(row, column).data() for column in range(proxy.columnCount())]
    raise AssertionError(f"{mrn} not shown")


def shown_mrns(view) -> list[str]:
    return [view.proxy.index(row, 0).data() for row in range(view.proxy.rowCount())]


def test_shortcut_opens_today_with_ticks_and_what_is_outstanding(open_window, db_path, clinic, qtbot):
    window = open_window(db_path, today=DAY)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    view = window.clinic_day_view
    assert view is not None and view.isVisible()
    assert view.chosen_day() == DAY
    assert view.title.text() == "Today, 09 Apr 2024"
    assert ticks(view, "MRN-2") == ["MRN-2", "BROWN, Ben", "Main clinic", "✓", "—", "—", "✓", "—", "3"]
    assert ticks(view, "MRN-1")[-1] == "none"
    assert view.summary.text() == (
        "3 visits, 1 complete. Outstanding: 7 discipline records "
        "(Neurology 1, SLP 2, Nutrition 1, Pulmonary 1, Palliative 2)."
    )
    outstanding = view.model.index(1, view.model.columnCount() - 1)
    assert view.model.data(outstanding, Qt.ItemDataRole.ToolTipRole) == "Not yet recorded: SLP, Nutrition, Palliative"


def test_sorting_by_a_column(open_window, db_path, clinic, qtbot):
    window = open_window(db_path, today=DAY)
    view = window.open_clinic_day()
    header = view.table.horizontalHeader()
    outstanding = view.model.columnCount() - 1
    # A click on the column title sorts by it (fewest outstanding first).
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton,
                     pos=QPoint(header.sectionViewportPosition(outstanding) + 5, 5))
    assert header.sortIndicatorSection() == outstanding
    assert shown_mrns(view) == ["MRN-1", "MRN-2", "MRN-3"]
    view.table.sortByColumn(outstanding, Qt.SortOrder.DescendingOrder)
    assert shown_mrns(view) == ["MRN-3", "MRN-2", "MRN-1"]
    view.table.sortByColumn(3 + 4, Qt.SortOrder.AscendingOrder)  # Palliative: not yet first
    assert shown_mrns(view)[-1] == "MRN-1"
    view.table.sortByColumn(1, Qt.SortOrder.DescendingOrder)
    assert shown_mrns(view) == ["MRN-3", "MRN-2", "MRN-1"]


def test_site_and_date_choices(open_window, db_path, clinic, qtbot):
    window = open_window(db_path, today=DAY)
    view = window.open_clinic_day()
    sites = [view.site_choice.itemText(i) for i in range(view.site_choice.count())]
    assert sites == ["All sites", "Main clinic", "Northtown outreach"]
    view.site_choice.setCurrentIndex(2)
    view.site_choice.activated.emit(2)
    assert shown_mrns(view) == ["MRN-3"]
    assert view.title.text() == "Today, 09 Apr 2024 — Northtown outreach"

    view.date_edit.setDate(view.date_edit.date().addDays(-1))  # nobody at the outreach site then
    assert view.chosen_site() is None
    assert shown_mrns(view) == ["MRN-4"]
    assert view.title.text() == "Monday, 08 Apr 2024"
    view.date_edit.setDate(view.date_edit.date().addDays(-1))
    assert not view.table.isVisibleTo(view)
    assert view.empty.text() == "No visits on 07 Apr 2024."
    qtbot.mouseClick(view.today_button, Qt.MouseButton.LeftButton)
    assert view.chosen_day() == DAY and len(shown_mrns(view)) == 3


def test_double_click_or_enter_opens_the_patient_on_that_visit(open_window, db_path, db, clinic, qtbot):
    ids, visits = clinic
    # Ben also has a later visit: the window must show the clinic day's one, not the newest.
    add_visit(db, ids["ben"], date(2024, 5, 2))
    window = open_window(db_path, today=date(2024, 6, 30))
    view = window.open_clinic_day()
    qtbot.waitExposed(view)
    view.set_day(DAY)
    view.table.sortByColumn(1, Qt.SortOrder.AscendingOrder)
    row = shown_mrns(view).index("MRN-2")
    rect = view.table.visualRect(view.proxy.index(row, 1))
    # A double-click as the platform delivers it: press and release, then the second press.
    qtbot.mouseClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.patient is None  # a single click only selects
    qtbot.mouseDClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.patient.mrn == "MRN-2"
    assert window.current_visit().id == visits["ben"]
    assert window.visit_choice.currentText().startswith("09 Apr 2024")
    overview = window.tabs.show_tab("Overview")
    assert overview.on_visit.text("SLP") == "— not yet"

    view.activateWindow()
    qtbot.waitUntil(view.isActiveWindow)
    view.table.setFocus()
    view.table.selectRow(shown_mrns(view).index("MRN-3"))
    qtbot.keyClick(view.table, Qt.Key.Key_Return)
    assert window.patient.mrn == "MRN-3"
    assert window.current_visit().id == visits["cy"]


def test_refreshes_when_something_is_saved(open_window, db_path, db, clinic, qtbot):
    ids, visits = clinic
    window = open_window(db_path, today=DAY)
    view = window.open_clinic_day()
    assert ticks(view, "MRN-2")[4] == "—"
    # Another workstation records the SLP assessment: F5 shows it.
    record_disciplines(db, visits["ben"], "slp")
    view.activateWindow()
    qtbot.waitUntil(view.isActiveWindow)
    qtbot.keyClick(view, Qt.Key.Key_F5)
    assert ticks(view, "MRN-2")[4] == "✓"
    # Saved in this window: the clinic day follows without asking.
    record_disciplines(db, visits["ben"], "palliative")
    window.open_visit(ids["ben"], visits["ben"])
    window.record_changed()
    assert ticks(view, "MRN-2")[-1] == "1"


def test_the_clinic_date_is_typed_like_every_date(qtbot, open_window, db_path) -> None:  # noqa: ANN001
    """12 Mar 2026 typed (not picked) moves the day; half-typed text keeps the last whole date."""
    from datetime import date

    window = open_window(db_path, today=date(2026, 3, 13))
    view = window.open_clinic_day()
    field = view.date_edit
    field.selectAll()
    qtbot.keyClicks(field, "12 Mar 2026")
    assert view.chosen_day() == date(2026, 3, 12)
    field.selectAll()
    qtbot.keyClicks(field, "12 Ma")
    assert view.chosen_day() == date(2026, 3, 12)

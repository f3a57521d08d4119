"""The Overview's "change since the visit before": the newest value against the newest of an
earlier day; ALSFRS-R only between complete forms."""

from __future__ import annotations

from datetime import date

from als_desktop.services.queries_overview import (
    AlsfrsSummary,
    Change,
    alsfrs_change,
    change_since,
)

MAY, MARCH, JAN = date(2026, 5, 20), date(2026, 3, 12), date(2026, 1, 8)


def form(day: date, total: int | None, bulbar: int | None = 10, respiratory: int | None = 12) -> AlsfrsSummary:
    return AlsfrsSummary(day, total, {"bulbar": bulbar, "fine_motor": 8, "gross_motor": 8, "respiratory": respiratory},
                         12 if total is not None else 11, "5a")


def test_the_newest_value_against_the_one_before():
    assert change_since([(71.5, MAY), (73.0, MARCH), (75.0, JAN)]) == Change(-1.5, MARCH)


def test_a_second_value_of_the_same_day_is_not_the_visit_before():
    assert change_since([(71.5, MAY), (72.0, MAY), (74.0, JAN)]) == Change(-2.5, JAN)


def test_no_earlier_value_no_change():
    assert change_since([(71.5, MAY)]) is None
    assert change_since([(71.5, MAY), (72.0, MAY)]) is None
    assert change_since([]) is None


def test_alsfrs_total_and_subscores_change_between_complete_forms():
    change = alsfrs_change([form(MAY, 38, bulbar=9), form(MARCH, 41)])
    assert change is not None
    assert (change.delta, change.since) == (-3, MARCH)
    assert change.subscores == {"bulbar": -1, "fine_motor": 0, "gross_motor": 0, "respiratory": 0}


def test_an_incomplete_form_is_skipped_on_either_side():
    forms = [form(MAY, None, bulbar=None), form(MARCH, 40), form(JAN, None), form(date(2025, 11, 3), 44, respiratory=None)]
    change = alsfrs_change(forms)
    assert change is not None
    # The newest complete form (March) against the complete one before it (November).
    assert (change.delta, change.since) == (-4, date(2025, 11, 3))
    assert change.subscores["respiratory"] is None  # unscored before: no change to show
    assert alsfrs_change([form(MAY, None)]) is None
    assert alsfrs_change([form(MAY, 40)]) is None

"""Dates as clinicians type them: every habit read to the one date meant, or refused with a message."""

from __future__ import annotations

from datetime import date

import pytest

from als_desktop.domain.typed_dates import (
    NotADate,
    order_of_pattern,
    read_typed_date,
    shown_date,
    typing_hint,
)

TODAY = date(2025, 6, 2)
MARCH_12 = date(1960, 3, 12)


@pytest.mark.parametrize("typed", [
    "1960-03-12", "1960/03/12", "1960-3-12", "19600312",
    "12 Mar 1960", "12 mar 1960", "12 March 1960", "12-Mar-1960", "12MAR1960", "12th March 1960",
    "12th of March 1960", "March 12, 1960", "Mar 12 1960", "1960 Mar 12", "12 Mar 60",
    "12/03/1960", "12.03.1960", "12-03-1960", "12 03 1960", "12/3/1960", "12.03.60", "12031960",
    "120360", "  12 Mar 1960  ",
])
def test_every_habit_reads_as_the_same_day_in_a_day_first_locale(typed: str) -> None:
    assert read_typed_date(typed, "DMY", TODAY) == MARCH_12


@pytest.mark.parametrize("typed", ["03/12/1960", "3/12/60", "03121960", "1960-03-12", "12 Mar 1960"])
def test_a_month_first_locale_reads_numbers_month_first(typed: str) -> None:
    assert read_typed_date(typed, "MDY", TODAY) == MARCH_12


def test_ambiguous_numbers_follow_the_locale_and_impossible_ones_swap() -> None:
    assert read_typed_date("04/05/2024", "DMY", TODAY) == date(2024, 5, 4)
    assert read_typed_date("04/05/2024", "MDY", TODAY) == date(2024, 4, 5)
    # Read day first, 13 cannot be a month: the only real date is taken.
    assert read_typed_date("03/13/1960", "DMY", TODAY) == date(1960, 3, 13)
    assert read_typed_date("13/03/1960", "MDY", TODAY) == date(1960, 3, 13)


def test_a_year_first_locale_and_iso_digits() -> None:
    assert read_typed_date("1960/03/12", "YMD", TODAY) == MARCH_12
    assert read_typed_date("600312", "YMD", TODAY) == MARCH_12
    assert read_typed_date("19600312", "DMY", TODAY) == MARCH_12
    assert read_typed_date("20121960", "DMY", TODAY) == date(1960, 12, 20)


@pytest.mark.parametrize("typed", ["", "   "])
def test_empty_means_no_date(typed: str) -> None:
    assert read_typed_date(typed, "DMY", TODAY) is None


def test_two_digit_years_fall_in_the_hundred_years_ending_ten_years_ahead() -> None:
    assert read_typed_date("1/1/35", "DMY", TODAY) == date(2035, 1, 1)
    assert read_typed_date("1/1/36", "DMY", TODAY) == date(1936, 1, 1)
    assert read_typed_date("2/6/25", "DMY", TODAY) == TODAY
    assert "1936 to 2035" in typing_hint("DMY", TODAY)


@pytest.mark.parametrize("typed", [
    "31 Feb 1960", "29/02/1961", "a date", "12 Ma 1960", "12 Mars 1960 x", "12031960x", "1203196",
    "12/03", "Mar 1960", "12 13 1960 1", "12:03:1960", "12+03+1960", "0000-01-01", "12 Mar 1850",
    "32/01/1960", "13/13/1960", "12 Mar 1960 14 Apr 1961", "1960-13-12", "2960-01-01",
])
def test_text_that_is_not_one_date_is_refused_with_its_own_words(typed: str) -> None:
    with pytest.raises(NotADate) as refused:
        read_typed_date(typed, "DMY", TODAY)
    message = str(refused.value)
    assert message.startswith(f"'{typed}' is not a date")
    assert message.endswith("type e.g. 12 Mar 1960")


def test_month_names_may_be_cut_short_while_they_stay_unique() -> None:
    assert read_typed_date("5 Sept 2024", "DMY", TODAY) == date(2024, 9, 5)
    assert read_typed_date("5 june 2024", "DMY", TODAY) == date(2024, 6, 5)
    with pytest.raises(NotADate, match="'ju' is not a month"):
        read_typed_date("5 ju 2024", "DMY", TODAY)


def test_a_leap_day_is_a_date_only_in_a_leap_year() -> None:
    assert read_typed_date("29/02/1960", "DMY", TODAY) == date(1960, 2, 29)
    assert read_typed_date("29 Feb 2024", "MDY", TODAY) == date(2024, 2, 29)


def test_dates_are_shown_one_way() -> None:
    assert shown_date(MARCH_12) == "12 Mar 1960"
    assert shown_date(date(2024, 9, 5)) == "05 Sep 2024"  # as the history tables show it
    assert read_typed_date(shown_date(date(2024, 9, 5)), "MDY", TODAY) == date(2024, 9, 5)


@pytest.mark.parametrize(("pattern", "order"), [
    ("dd/MM/yyyy", "DMY"), ("d MM yyyy", "DMY"), ("M/d/yy", "MDY"), ("dd.MM.yy", "DMY"),
    ("yyyy/MM/dd", "YMD"), ("yyyy. MM. dd.", "YMD"), ("'Day' d MMM yyyy", "DMY"), ("", "DMY"),
])
def test_the_order_comes_from_the_locale_pattern(pattern: str, order: str) -> None:
    assert order_of_pattern(pattern) == order

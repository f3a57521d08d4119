"""Reading a date as a clinician types it, and showing it back one way.

A date field accepts what people type from habit: ISO (1960-03-12), the workstation's short
format (12/03/1960, 03/12/60, 12.03.60), a month by name (12 Mar 1960, March 12, 1960) or
digits only (12031960, 19600312). What was understood is shown back as "12 Mar 1960" the
moment the field is left, so a misreading is seen at once, never saved silently.

Day and month order: a numeric date is read in the order of the workstation's short format
(`order_of_pattern`); when that reading is impossible (03/13/1960 read day first) and the
other order gives a real date, the other order is taken. A four-digit year first is always
year-month-day.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Literal

DateOrder = Literal["DMY", "MDY", "YMD"]

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
MONTH_NAMES = ("january", "february", "march", "april", "may", "june", "july", "august",
               "september", "october", "november", "december")
EARLIEST_YEAR, LATEST_YEAR = 1900, 2100
# A two-digit year is taken within the hundred years that end this many years from now:
# 60 is 1960 and 24 is 2024 (a due date may lie a few years ahead, a birth decades back).
TWO_DIGIT_YEARS_AHEAD = 10
EXAMPLE = "12 Mar 1960"

# Words that may stand between the parts ("12th of March") and say nothing about the date.
FILLER_WORDS = frozenset({"of", "the"})
SEPARATORS = re.compile(r"[\s/\-.,']+")
ORDINAL = re.compile(r"(\d)(st|nd|rd|th)\b")
TOKEN = re.compile(r"\d+|[a-z]+")


class NotADate(ValueError):
    """Typed text that does not name one calendar date; the message quotes it."""

    def __init__(self, text: str, why: str = "") -> None:
        detail = f" ({why})" if why else ""
        super().__init__(f"'{text}' is not a date{detail}; type e.g. {EXAMPLE}")
        self.text = text


def shown_date(day: date) -> str:
    """The date as every screen shows it: 05 Mar 1960 (never ambiguous, whatever the locale)."""
    return f"{day.day:02d} {MONTHS[day.month - 1]} {day.year}"


def order_of_pattern(pattern: str) -> DateOrder:
    """The order of day, month and year in a locale's date pattern ("dd/MM/yyyy" -> "DMY").

    Quoted literal text is skipped; a pattern lacking a part reads as day first."""
    unquoted = re.sub(r"'[^']*'", "", pattern)
    positions = {part: unquoted.find(letter) for part, letter in (("D", "d"), ("M", "M"), ("Y", "y"))}
    if min(positions.values()) < 0:
        return "DMY"
    order = "".join(sorted(positions, key=positions.__getitem__))
    return order if order in ("DMY", "MDY", "YMD") else "DMY"  # type: ignore[return-value]


def typing_hint(order: DateOrder, today: date | None = None) -> str:
    """One sentence for a date field's tooltip: what may be typed and how numbers are read."""
    latest = (today or date.today()).year + TWO_DIGIT_YEARS_AHEAD
    numeric = {"DMY": "12/03/1960 (day first)", "MDY": "03/12/1960 (month first)",
               "YMD": "1960/03/12 (year first)"}[order]
    digits = {"DMY": "12031960", "MDY": "03121960", "YMD": "19600312"}[order]
    return (f"Type a date as {EXAMPLE}, 1960-03-12, {numeric} or digits only ({digits}); "
            f"a two-digit year means {latest - 99} to {latest}.")


def read_typed_date(text: str, order: DateOrder = "DMY", today: date | None = None) -> date | None:
    """The date `text` names; None when it is empty; NotADate when it is not one date."""
    typed = text.strip()
    if not typed:
        return None
    today = today or date.today()
    cleaned = ORDINAL.sub(r"\1", typed.lower())
    if SEPARATORS.sub("", cleaned) != "".join(TOKEN.findall(cleaned)):
        raise NotADate(typed)  # characters that have no place in a date
    tokens = [token for token in TOKEN.findall(cleaned) if token not in FILLER_WORDS]
    words = [token for token in tokens if token.isalpha()]
    numbers = [token for token in tokens if token.isdigit()]
    if words:
        parts = _named_month(typed, tokens, words, numbers)
    elif len(numbers) == 1:
        parts = _digits_only(typed, numbers[0], order)
    elif len(numbers) == 3:
        parts = _three_numbers(typed, numbers, order)
    else:
        raise NotADate(typed)
    return _checked(typed, parts, today)


Parts = tuple[str, int, int]  # year as typed (2 or 4 digits), month, day


def _month_number(typed: str, word: str) -> int:
    if len(word) >= 3:
        matches = [i for i, name in enumerate(MONTH_NAMES, start=1) if name.startswith(word)]
        if len(matches) == 1:
            return matches[0]
    raise NotADate(typed, f"'{word}' is not a month")


def _named_month(typed: str, tokens: list[str], words: list[str], numbers: list[str]) -> Parts:
    if len(words) != 1 or len(numbers) != 2:
        raise NotADate(typed)
    month = _month_number(typed, words[0])
    long_numbers = [n for n in numbers if len(n) > 2]
    if len(long_numbers) == 1:
        year = long_numbers[0]
        day = next(n for n in numbers if n is not year)
    elif not long_numbers:
        day, year = numbers  # "12 Mar 60", "Mar 12 60": the day comes before the year
    else:
        raise NotADate(typed)
    return year, month, int(day)


def _digits_only(typed: str, digits: str, order: DateOrder) -> Parts:
    if len(digits) == 8:
        # YYYYMMDD and DDMMYYYY never both make a date: months cannot be 19, 20 or 21.
        readings = [(digits[:4], int(digits[4:6]), int(digits[6:]))]
        if order == "DMY":
            readings.append((digits[4:], int(digits[2:4]), int(digits[:2])))
        elif order == "MDY":
            readings.append((digits[4:], int(digits[:2]), int(digits[2:4])))
        for year, month, day in readings:
            if EARLIEST_YEAR <= int(year) <= LATEST_YEAR and _exists(int(year), month, day):
                return year, month, day
        raise NotADate(typed)
    if len(digits) == 6:
        pairs = [digits[:2], digits[2:4], digits[4:]]
        return _in_order(typed, pairs, order)
    raise NotADate(typed, "type 8 digits, e.g. 12031960, or the month by name")


def _three_numbers(typed: str, numbers: list[str], order: DateOrder) -> Parts:
    if len(numbers[0]) == 4 and all(len(n) <= 2 for n in numbers[1:]):
        return numbers[0], int(numbers[1]), int(numbers[2])
    if len(numbers[2]) in (2, 4) and all(len(n) <= 2 for n in numbers[:2]):
        return _in_order(typed, numbers, order)
    raise NotADate(typed)


def _in_order(typed: str, numbers: list[str], order: DateOrder) -> Parts:
    """Three numbers in the locale's order; day and month swap only if that alone makes a date."""
    if order == "YMD":
        return numbers[0], int(numbers[1]), int(numbers[2])
    first, second, year = int(numbers[0]), int(numbers[1]), numbers[2]
    day, month = (first, second) if order == "DMY" else (second, first)
    if not _exists(2000, month, day) and _exists(2000, day, month):
        day, month = month, day  # 2000 is a leap year: 29 Feb stays possible here
    return year, month, day


def _exists(year: int, month: int, day: int) -> bool:
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True


def _checked(typed: str, parts: Parts, today: date) -> date:
    year_text, month, day = parts
    year = int(year_text)
    if len(year_text) <= 2:
        year += today.year // 100 * 100
        if year > today.year + TWO_DIGIT_YEARS_AHEAD:
            year -= 100
    if not EARLIEST_YEAR <= year <= LATEST_YEAR:
        raise NotADate(typed, f"years {EARLIEST_YEAR} to {LATEST_YEAR}")
    try:
        return date(year, month, day)
    except ValueError:
        raise NotADate(typed) from None

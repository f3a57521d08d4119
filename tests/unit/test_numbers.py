"""Numbers read the same on every screen: kg and percentages to one decimal, changes signed."""

from __future__ import annotations

import pytest

from als_desktop.domain import numbers


@pytest.mark.parametrize(("value", "unit", "decimals", "shown"), [
    (64, "kg", 1, "64.0 kg"),
    (73.46, "kg", 1, "73.5 kg"),
    (9.48, "%", 1, "9.5 %"),
    (78, "% predicted", 0, "78.0 % predicted"),
    (5, "%", 1, "5.0 %"),
    (20, "kg/m²", 1, "20.0 kg/m²"),
    (38.0, "cmH₂O", 0, "38 cmH₂O"),
    (6.94, "h", 1, "6.9 h"),
    (19.0, "h/day", 1, "19 h/day"),
    (0, "", 1, "0"),
    (None, "kg", 1, "—"),
])
def test_a_value_with_its_unit(value, unit, decimals, shown):
    assert numbers.number(value, unit, decimals) == shown


def test_the_number_alone_follows_the_same_rule():
    assert numbers.digits(72, "kg") == "72.0"
    assert numbers.digits(72, "cmH₂O", 0) == "72"


@pytest.mark.parametrize(("delta", "unit", "decimals", "shown"), [
    (-3, "", 0, "−3"),
    (2, "", 0, "+2"),
    (0, "", 0, "±0"),
    (-1.25, "kg", 1, "−1.2 kg"),  # round half to even, as f-strings do
    (1.5, "kg", 1, "+1.5 kg"),
    (-0.04, "kg", 1, "±0.0 kg"),
    (-6.0, "% predicted", 0, "−6.0 % predicted"),
    (None, "kg", 1, "—"),
])
def test_a_change_is_signed_with_a_real_minus(delta, unit, decimals, shown):
    assert numbers.change(delta, unit, decimals) == shown


def test_minus_zero_reads_as_zero():
    assert numbers.fixed(-0.01, 1) == "0.0"
    assert numbers.kg(-0.0) == "0.0 kg"

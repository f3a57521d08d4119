from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from als_desktop.clinical import alsfrs
from als_desktop.clinical.alsfrs import ITEMS


def scores(*values: int | None) -> dict[str, int | None]:
    return dict(zip(ITEMS, values, strict=True))


WORKED = scores(4, 4, 4, 3, 3, 4, 4, 3, 3, 4, 4, 4)


def test_worked_example_total_and_subscores() -> None:
    assert alsfrs.total(WORKED) == 44
    assert alsfrs.subscores(WORKED) == {"bulbar": 12, "fine_motor": 10, "gross_motor": 10, "respiratory": 12}


def test_worked_example_stages() -> None:
    kings = alsfrs.kings_stage(WORKED, "5a")
    assert kings is not None and kings.stage == "2"
    assert kings.regions == ("upper limb", "lower limb")
    mitos = alsfrs.mitos_stage(WORKED)
    assert mitos is not None and mitos.stage == 0


def test_worked_example_delta_frs() -> None:
    rate = alsfrs.delta_frs(38, date(2023, 1, 15), date(2024, 1, 15))
    assert rate == pytest.approx(0.834, abs=0.0005)
    assert alsfrs.progression_band(rate) == "intermediate"


@pytest.mark.parametrize(("rate", "band"), [(0.49, "slow"), (0.5, "intermediate"), (0.99, "intermediate"), (1.0, "fast")])
def test_progression_band_boundaries(rate: float, band: str) -> None:
    assert alsfrs.progression_band(rate) == band


def test_half_filled_form_gives_nothing() -> None:
    partial = scores(4, 4, 4, 3, None, 4, 4, 3, 3, 4, 4, 4)
    assert alsfrs.total(partial) is None
    assert alsfrs.subscores(partial)["fine_motor"] is None
    assert alsfrs.subscores(partial)["bulbar"] == 12
    assert alsfrs.kings_stage(partial, "5a") is None
    assert alsfrs.mitos_stage(partial) is None
    assert alsfrs.delta_frs(None, date(2023, 1, 1), date(2024, 1, 1)) is None


def test_kings_no_region_is_stage_1() -> None:
    assert alsfrs.kings_stage(scores(*[4] * 12), "5a").stage == "1"


def test_kings_cutting_5b_means_nutritional_failure() -> None:
    stage = alsfrs.kings_stage(scores(*[4] * 12), "5b")
    assert stage.stage == "4A" and stage.nutritional_failure


def test_kings_4b_takes_precedence_and_keeps_both_flags() -> None:
    stage = alsfrs.kings_stage(scores(4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 3), "5b")
    assert stage.stage == "4B"
    assert stage.nutritional_failure and stage.respiratory_failure


def test_kings_niv_or_gastrostomy_in_record() -> None:
    normal = scores(*[4] * 12)
    assert alsfrs.kings_stage(normal, "5a", niv_in_use=True).stage == "4B"
    assert alsfrs.kings_stage(normal, "5a", gastrostomy_recorded=True).stage == "4A"
    dyspnea_zero = scores(4, 4, 4, 4, 4, 4, 4, 4, 4, 0, 4, 4)
    assert alsfrs.kings_stage(dyspnea_zero, "5a").stage == "4B"


def test_mitos_communication_needs_both_speech_and_handwriting() -> None:
    only_speech = scores(1, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4)
    assert alsfrs.mitos_stage(only_speech).stage == 0
    both = scores(1, 4, 4, 1, 4, 4, 4, 4, 4, 4, 4, 4)
    assert alsfrs.mitos_stage(both).domains_lost == ("communicating",)


def test_mitos_breathing_and_death() -> None:
    assert alsfrs.mitos_stage(scores(4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 2)).domains_lost == ("breathing",)
    assert alsfrs.mitos_stage(scores(4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 3)).stage == 0
    assert alsfrs.mitos_stage(WORKED, deceased=True).stage == 5


def test_between_visit_slope() -> None:
    slope = alsfrs.slope_per_month(44, date(2024, 1, 1), 41, date(2024, 4, 1))
    assert slope == pytest.approx(-3 / (91 / 30.4375))


item_scores = st.lists(st.integers(0, 4), min_size=12, max_size=12)


@given(item_scores, st.sampled_from(["5a", "5b"]), st.booleans(), st.booleans())
def test_invariants(values: list[int], form: str, gastrostomy: bool, niv: bool) -> None:
    s = scores(*values)
    assert alsfrs.total(s) == sum(values)
    assert sum(alsfrs.subscores(s).values()) == sum(values)
    kings = alsfrs.kings_stage(s, form, gastrostomy_recorded=gastrostomy, niv_in_use=niv)
    assert kings.stage in {"1", "2", "3", "4A", "4B"}
    assert 0 <= alsfrs.mitos_stage(s).stage <= 4

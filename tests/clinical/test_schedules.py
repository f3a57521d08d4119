from datetime import date, timedelta

import pytest

from als_desktop.clinical import medications, nutrition, respiratory
from als_desktop.clinical.respiratory import Measures
from als_desktop.clinical.timing import add_calendar_months, months_between


def test_month_is_30_4375_days() -> None:
    assert months_between(date(2023, 1, 15), date(2024, 1, 15)) == pytest.approx(11.99, abs=0.005)


def test_riluzole_alt_schedule_rolls_back_to_month_end() -> None:
    due = medications.riluzole_alt_due_dates(date(2024, 1, 31))
    assert due[:4] == [date(2024, 1, 31), date(2024, 2, 29), date(2024, 3, 31), date(2024, 4, 30)]
    assert due[4:] == [date(2024, 7, 31), date(2024, 10, 31), date(2025, 1, 31)]


def test_calendar_months_count_from_start_not_previous_due_date() -> None:
    assert add_calendar_months(date(2024, 1, 31), 3) == date(2024, 4, 30)
    assert add_calendar_months(date(2024, 1, 31), 2) == date(2024, 3, 31)


@pytest.mark.parametrize(("alt", "rule", "stop"), [(250, "> 5", False), (251, "> 5", True), (250, ">= 5", True)])
def test_alt_stop_boundary_is_a_setting(alt: float, rule: str, stop: bool) -> None:
    assert medications.alt_requires_stop(alt, 50, rule) is stop


def test_edaravone_default_pattern() -> None:
    start = date(2025, 3, 1)
    doses = medications.edaravone_dose_dates(start, start + timedelta(days=100))
    days = [(d - start).days + 1 for d in doses]
    assert days[:14] == list(range(1, 15))
    assert days[14:24] == list(range(29, 39))
    assert days[24:34] == list(range(57, 67))
    assert len([d for d in days if d <= 28]) == 14
    assert len([d for d in days if d <= 56]) == 24


def test_edaravone_weekday_pattern_gives_ten_weekdays() -> None:
    start = date(2025, 3, 3)  # a Monday
    doses = medications.edaravone_dose_dates(start, start + timedelta(days=55), "weekdays")
    later = [d for d in doses if d >= start + timedelta(days=28)]
    assert len(later) == 10 and all(d.weekday() < 5 for d in later)


def test_tofersen_loading_then_maintenance_and_late_dose() -> None:
    day0 = date(2025, 1, 6)
    assert medications.tofersen_next_dose([day0]) == day0 + timedelta(days=14)
    loading = [day0, day0 + timedelta(days=14), day0 + timedelta(days=28)]
    assert medications.tofersen_next_dose(loading) == day0 + timedelta(days=56)
    late = [*loading, day0 + timedelta(days=60)]
    assert medications.tofersen_next_dose(late) == day0 + timedelta(days=88)


def test_weight_loss_against_premorbid_or_first_weight() -> None:
    ref = nutrition.reference_weight(80.0, 78.0)
    assert ref.basis == "premorbid"
    assert nutrition.weight_loss_percent(ref, 72.0) == pytest.approx(10.0)
    fallback = nutrition.reference_weight(None, 78.0)
    assert fallback.basis == "first recorded" and "no premorbid" in fallback.description
    assert nutrition.weight_loss_percent(None, 70.0) is None
    assert nutrition.weight_loss_percent(ref, None) is None


def test_bmi_and_underweight() -> None:
    value = nutrition.bmi(53.0, 170.0)
    assert value == pytest.approx(18.339, abs=0.001)
    assert nutrition.is_underweight(value)
    assert nutrition.is_underweight(nutrition.bmi(53.5, 170.0)) is False  # 18.51


def test_cms_boundaries_are_strict() -> None:
    assert respiratory.cms_niv_criteria(Measures(fvc_percent=50)) == []
    assert len(respiratory.cms_niv_criteria(Measures(fvc_percent=49))) == 1
    assert respiratory.cms_niv_criteria(Measures(mip_cmh2o=60)) == []
    assert len(respiratory.cms_niv_criteria(Measures(co2_mmhg=45, co2_arterial=True))) == 1
    night = Measures(overnight_minutes_le88=5, oximetry_recording_hours=2)
    assert len(respiratory.cms_niv_criteria(night)) == 1
    short = Measures(overnight_minutes_le88=30, oximetry_recording_hours=1.5)
    assert respiratory.cms_niv_criteria(short) == []


def test_nice_criteria() -> None:
    assert len(respiratory.nice_niv_discussion(Measures(fvc_percent=49, snip_cmh2o=39))) == 2
    assert respiratory.nice_niv_discussion(Measures(fvc_percent=50, snip_cmh2o=40)) == []
    assert respiratory.nice_blood_gas_needed(Measures(spo2_percent=93))
    assert not respiratory.nice_blood_gas_needed(Measures(spo2_percent=94))
    assert respiratory.nice_urgent_specialist(Measures(co2_mmhg=respiratory.kpa_to_mmhg(6.1), co2_arterial=True))
    assert not respiratory.nice_urgent_specialist(Measures(co2_mmhg=respiratory.kpa_to_mmhg(6.0), co2_arterial=True))


def test_cough_thresholds() -> None:
    assert respiratory.cough_assist_indicated(269) and not respiratory.cough_assist_indicated(270)
    assert respiratory.cough_ineffective(159) and not respiratory.cough_ineffective(160)
    assert respiratory.kpa_to_mmhg(1) == pytest.approx(7.50062)

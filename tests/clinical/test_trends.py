"""What the trend plots are given: the series, each threshold line with its value and source,
the intervention markers and the estimates."""

from datetime import date

from als_desktop.clinical import sources
from als_desktop.clinical.alsfrs import ITEMS
from als_desktop.clinical.respiratory import Measures
from als_desktop.clinical.settings import ClinicSettings
from als_desktop.clinical.snapshot import (
    AlsfrsEntry,
    InterventionEntry,
    PatientSnapshot,
    RespiratoryEntry,
    WeightEntry,
)
from als_desktop.clinical.trends import patient_trends


def snapshot(**kw: object) -> PatientSnapshot:
    base: dict[str, object] = {"today": date(2026, 11, 1), "date_of_birth": date(1960, 1, 1)}
    base.update(kw)
    return PatientSnapshot(**base)  # type: ignore[arg-type]


def test_weight_lines_follow_the_reference_weight_and_the_early_warning_setting():
    s = snapshot(premorbid_weight_kg=80.0, height_cm=175.0,
                 weights=(WeightEntry(date(2026, 1, 5), 78.0), WeightEntry(date(2026, 4, 5), 76.0)))
    trend = patient_trends(s, ClinicSettings(early_weight_loss_percent=7.0)).weight
    assert [p.value for p in trend.weight.points] == [78.0, 76.0]
    assert [round(line.value, 2) for line in trend.lines] == [80.0, 74.4, 72.0]
    assert trend.lines[1].source == "setting: 7 % of reference weight"
    assert sources.GUIDE in trend.lines[2].source
    assert trend.height_cm == 175.0
    assert trend.estimate is None  # two weights are not a trend


def test_without_premorbid_weight_the_first_weight_is_the_reference():
    s = snapshot(weights=(WeightEntry(date(2026, 1, 5), 70.0), WeightEntry(date(2026, 4, 5), 69.0)))
    trend = patient_trends(s, ClinicSettings()).weight
    assert trend.lines[0].value == 70.0 and "first recorded" in trend.lines[0].label


def test_no_weight_no_lines():
    assert patient_trends(snapshot(), ClinicSettings()).weight.lines == ()


def test_respiratory_series_keep_only_recorded_values_and_carry_the_50_and_80_lines():
    s = snapshot(respiratory=(
        RespiratoryEntry(date(2026, 1, 5), Measures(fvc_percent=82.0, snip_cmh2o=60.0), fvc_percent_supine=70.0),
        RespiratoryEntry(date(2026, 4, 5), Measures(snip_cmh2o=55.0, peak_cough_flow_l_min=300.0)),
    ))
    r = patient_trends(s, ClinicSettings()).respiratory
    assert [p.value for p in r.fvc_sitting.points] == [82.0]
    assert [p.value for p in r.fvc_supine.points] == [70.0]
    assert [p.value for p in r.snip.points] == [60.0, 55.0]
    assert [p.value for p in r.peak_cough_flow.points] == [300.0]
    assert [line.value for line in r.fvc_lines] == [50.0, 80.0]
    assert r.fvc_lines[0].source == sources.NICE_NG42
    assert "no prompt uses it" in r.fvc_lines[1].source
    assert [line.value for line in r.snip_lines] == [40.0]
    assert [line.value for line in r.peak_cough_flow_lines] == [270.0, 160.0]


def test_alsfrs_total_needs_a_complete_form_but_a_complete_domain_still_plots():
    full = dict.fromkeys(ITEMS, 4)
    partial = {**dict.fromkeys(ITEMS, None), "speech": 3, "salivation": 4, "swallowing": 4}
    s = snapshot(alsfrs=(AlsfrsEntry(date(2026, 1, 5), full, "5a"), AlsfrsEntry(date(2026, 4, 5), partial, "5a")))
    a = patient_trends(s, ClinicSettings()).alsfrs
    assert [p.value for p in a.total.points] == [48]
    bulbar, fine, _gross, _breathing = a.subscores
    assert bulbar.name == "Bulbar" and [p.value for p in bulbar.points] == [12, 11]
    assert [p.value for p in fine.points] == [12]


def test_markers_are_the_five_interventions_oldest_first_with_gastrostomy_type():
    s = snapshot(interventions=(
        InterventionEntry("niv", date(2026, 6, 1)),
        InterventionEntry("hospice", date(2026, 7, 1)),
        InterventionEntry("gastrostomy", date(2026, 3, 1), detail="PEG"),
        InterventionEntry("aac_device", date(2026, 8, 1)),
    ))
    markers = patient_trends(s, ClinicSettings()).markers
    assert [(m.kind, m.label) for m in markers] == [
        ("gastrostomy", "Gastrostomy (PEG)"), ("niv", "NIV started"), ("aac_device", "AAC device"),
    ]

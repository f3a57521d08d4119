"""Invariants of the rule table over arbitrary records built from the plausible input ranges."""

from dataclasses import replace
from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from als_desktop.clinical import measures, rules
from als_desktop.clinical.alsfrs import ITEMS
from als_desktop.clinical.prompts import SEVERITY_ORDER
from als_desktop.clinical.respiratory import Measures
from als_desktop.clinical.settings import DEFINITIONS, ClinicSettings
from als_desktop.clinical.snapshot import (
    AlsfrsEntry,
    CarePlanningEntry,
    InterventionEntry,
    LiverTestEntry,
    MedicationEntry,
    NutritionEntry,
    PalliativeEntry,
    PatientSnapshot,
    RespiratoryEntry,
    SlpEntry,
    WeightEntry,
)
from als_desktop.domain import vocab
from als_desktop.domain.limits import LIMITS
from als_desktop.models import RESPIRATORY_SYMPTOMS

TODAY = date(2025, 6, 1)
days = st.dates(min_value=date(2015, 1, 1), max_value=TODAY)


def limited(field: str) -> st.SearchStrategy[float | None]:
    limit = LIMITS[field]
    return st.none() | st.floats(limit.low, limit.high, allow_nan=False)


def sorted_tuple(strategy: st.SearchStrategy, key: str = "visit_date") -> st.SearchStrategy[tuple]:
    return st.lists(strategy, max_size=4).map(lambda xs: tuple(sorted(xs, key=lambda x: getattr(x, key))))


alsfrs_entries = st.builds(
    AlsfrsEntry,
    days,
    st.fixed_dictionaries({item: st.none() | st.integers(0, 4) for item in ITEMS}),
    st.sampled_from(["5a", "5b"]),
)
respiratory_entries = st.builds(
    RespiratoryEntry,
    days,
    st.builds(
        Measures,
        fvc_percent=limited("fvc_percent_sitting"),
        snip_cmh2o=limited("snip_cmh2o"),
        mip_cmh2o=limited("mip_cmh2o"),
        spo2_percent=limited("spo2_percent"),
        co2_mmhg=limited("co2_mmhg"),
        co2_arterial=st.booleans(),
        overnight_minutes_le88=limited("oximetry_minutes_le88"),
        oximetry_recording_hours=limited("oximetry_recording_hours"),
        peak_cough_flow_l_min=limited("peak_cough_flow_l_min"),
    ),
    fvc_percent_supine=limited("fvc_percent_supine"),
    symptoms=st.fixed_dictionaries({s: st.none() | st.booleans() for s in RESPIRATORY_SYMPTOMS}),
    niv_status=st.none() | st.sampled_from(list(vocab.NIV_STATUS)),
    tracheostomy_discussed=st.none() | st.booleans(),
)
medications = st.builds(
    MedicationEntry,
    st.sampled_from(["Riluzole", "edaravone", "Tofersen", "Baclofen"]),
    st.just("disease_modifying"),
    started_on=st.none() | days,
    stopped_on=st.none() | days,
    doses_given=st.lists(days, max_size=5).map(tuple),
)

snapshots = st.builds(
    PatientSnapshot,
    today=st.just(TODAY),
    date_of_birth=st.dates(date(1920, 1, 1), date(2000, 1, 1)),
    height_cm=limited("height_cm"),
    premorbid_weight_kg=limited("premorbid_weight_kg"),
    onset_date=st.none() | days,
    diagnosis_date=st.none() | days,
    alsfrs=sorted_tuple(alsfrs_entries),
    weights=sorted_tuple(st.builds(WeightEntry, days, st.floats(20, 300))),
    respiratory=sorted_tuple(respiratory_entries),
    slp=sorted_tuple(st.builds(SlpEntry, days, speaking_rate_wpm=limited("speaking_rate_wpm"),
                               aac_status=st.none() | st.sampled_from(list(vocab.AAC_STATUS)))),
    nutrition=sorted_tuple(st.builds(NutritionEntry, days,
                                     st.none() | st.sampled_from(list(vocab.GASTROSTOMY_STATUS)))),
    palliative=sorted_tuple(st.builds(PalliativeEntry, days, st.none() | days, st.none() | st.booleans())),
    interventions=st.lists(st.builds(InterventionEntry, st.sampled_from(list(vocab.INTERVENTION_KIND)), days,
                                     st.none() | days), max_size=3).map(tuple),
    medications=st.lists(medications, max_size=3).map(tuple),
    liver_tests=sorted_tuple(st.builds(LiverTestEntry, days, st.floats(0, 10000), st.floats(1, 500)), "taken_on"),
    care_planning=st.lists(st.builds(CarePlanningEntry, st.sampled_from(list(vocab.ACP_TOPIC)),
                                     st.none() | st.text(max_size=5), st.none() | days), max_size=4).map(tuple),
)
clinic_settings = st.builds(
    ClinicSettings,
    early_weight_loss_percent=st.floats(DEFINITIONS["early_weight_loss_percent"].low,  # type: ignore[arg-type]
                                        DEFINITIONS["early_weight_loss_percent"].high),  # type: ignore[arg-type]
    speaking_rate_wpm=st.floats(DEFINITIONS["speaking_rate_wpm"].low,  # type: ignore[arg-type]
                                DEFINITIONS["speaking_rate_wpm"].high),  # type: ignore[arg-type]
    alt_stop_rule=st.sampled_from(["> 5", ">= 5"]),
    edaravone_dose_pattern=st.sampled_from(["consecutive", "weekdays"]),
)


@settings(max_examples=300, deadline=None)
@given(snapshots, clinic_settings)
def test_prompts_never_raise_and_come_most_urgent_first(snapshot: PatientSnapshot, c: ClinicSettings) -> None:
    prompts = rules.prompts_for(snapshot, c)
    order = [SEVERITY_ORDER[p.severity] for p in prompts]
    assert order == sorted(order)
    known = {r.rule_id: r for r in rules.RULES}
    for p in prompts:
        rule = known[p.rule_id]
        assert (p.discipline, p.severity) == (rule.discipline, rule.severity)
        # A card listing criteria cites the sources of those met, each one of the rule's.
        assert p.source == rule.source or (p.criteria and all(
            part in rule.source for part in p.source.split("; ")))
        assert len(p.settings) == len(rule.setting_keys)
        assert p.message and all(label and value is not None for label, value in p.values)


@settings(max_examples=200, deadline=None)
@given(snapshots)
def test_derived_measures_stay_in_range(snapshot: PatientSnapshot) -> None:
    m = measures.derive(snapshot, ClinicSettings())
    if m.alsfrs is not None:
        assert 0 <= m.alsfrs.total <= 48
        assert m.kings is not None and m.kings.stage in {"1", "2", "3", "4A", "4B"}
        assert m.mitos is not None and 0 <= m.mitos.stage <= 4
    if m.reference_weight is None:
        assert m.weight_loss_percent is None


@settings(max_examples=100, deadline=None)
@given(snapshots, clinic_settings)
def test_deceased_patients_get_no_prompts(snapshot: PatientSnapshot, c: ClinicSettings) -> None:
    assert rules.prompts_for(replace(snapshot, date_of_death=TODAY - timedelta(days=1)), c) == []


@settings(max_examples=100, deadline=None)
@given(snapshots)
def test_a_rule_needing_a_number_is_silent_when_none_is_recorded(snapshot: PatientSnapshot) -> None:
    bare = replace(snapshot, weights=(), respiratory=(), alsfrs=(), slp=(), liver_tests=(), medications=())
    numeric = {
        "NUT-GASTROSTOMY-10PC", "NUT-WEIGHT-EARLY", "NUT-BMI-UNDERWEIGHT", "NUT-GASTROSTOMY-TIMING",
        "RESP-NIV-NICE", "RESP-COUGH-ASSIST", "RESP-COUGH-INEFFECTIVE", "RESP-BLOOD-GAS",
        "RESP-PACO2-SPECIALIST", "SLP-AAC-PLANNING", "SLP-AAC-DEVICE", "SLP-SPEAKING-RATE",
        "NEU-RILUZOLE-ALT-STOP", "NEU-TOFERSEN-DOSE", "NEU-TOFERSEN-OVERDUE",
    }
    assert not numeric & {p.rule_id for p in rules.prompts_for(bare, ClinicSettings())}

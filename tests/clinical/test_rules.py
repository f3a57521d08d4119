"""Each rule fires at its boundary as the reference writes it, follows the settings, and stays
silent when the data it needs is not recorded."""

from dataclasses import replace
from datetime import date, timedelta

import pytest

from als_desktop.clinical import rules
from als_desktop.clinical.alsfrs import ITEMS
from als_desktop.clinical.prompts import Prompt, Severity
from als_desktop.clinical.respiratory import Measures, kpa_to_mmhg
from als_desktop.clinical.settings import ClinicSettings
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

TODAY = date(2024, 6, 1)
VISIT = date(2024, 5, 20)
DEFAULTS = ClinicSettings()
NORMAL = dict.fromkeys(ITEMS, 4)


def snap(**kw: object) -> PatientSnapshot:
    base: dict[str, object] = {"today": TODAY, "date_of_birth": date(1960, 1, 1)}
    base.update(kw)
    return PatientSnapshot(**base)  # type: ignore[arg-type]


def fired(snapshot: PatientSnapshot, settings: ClinicSettings = DEFAULTS) -> dict[str, Prompt]:
    return {p.rule_id: p for p in rules.prompts_for(snapshot, settings)}


def fires(rule_id: str, snapshot: PatientSnapshot, settings: ClinicSettings = DEFAULTS) -> bool:
    return rule_id in fired(snapshot, settings)


def breathing(measures: Measures | None = None, **kw: object) -> PatientSnapshot:
    return snap(respiratory=(RespiratoryEntry(VISIT, measures or Measures(), **kw),))  # type: ignore[arg-type]


def with_weight(current: float, premorbid: float = 100.0, **kw: object) -> PatientSnapshot:
    return snap(premorbid_weight_kg=premorbid, weights=(WeightEntry(VISIT, current),), **kw)


# --- nutrition -----------------------------------------------------------------------------


@pytest.mark.parametrize(("current", "expected"), [(90.0, False), (89.9, True)])
def test_gastrostomy_at_weight_loss_above_10_percent(current: float, expected: bool) -> None:
    assert fires("NUT-GASTROSTOMY-10PC", with_weight(current)) is expected


def test_gastrostomy_prompt_names_the_reference_and_stops_once_placed() -> None:
    prompt = fired(with_weight(89.0, premorbid=100.0))["NUT-GASTROSTOMY-10PC"]
    assert dict(prompt.values)["Weight loss"] == "11 % against premorbid (usual) weight 100 kg"
    assert prompt.discipline == "nutrition" and "EFNS" not in prompt.source and "guide" in prompt.source
    placed = with_weight(89.0, interventions=(InterventionEntry("gastrostomy", date(2024, 5, 1)),))
    assert not fires("NUT-GASTROSTOMY-10PC", placed)


def test_first_recorded_weight_is_the_reference_when_no_premorbid_weight() -> None:
    s = snap(weights=(WeightEntry(date(2023, 1, 1), 80.0), WeightEntry(VISIT, 71.0)))
    prompt = fired(s)["NUT-GASTROSTOMY-10PC"]
    assert "first recorded weight 80 kg" in dict(prompt.values)["Weight loss"]


@pytest.mark.parametrize(("current", "setting", "expected"), [
    (95.1, 5.0, False), (95.0, 5.0, True), (97.0, 3.0, True), (96.0, 5.0, False),
])
def test_early_weight_warning_follows_the_setting(current: float, setting: float, expected: bool) -> None:
    settings = replace(DEFAULTS, early_weight_loss_percent=setting)
    assert fires("NUT-WEIGHT-EARLY", with_weight(current), settings) is expected


def test_early_weight_warning_shows_the_setting_in_force() -> None:
    settings = replace(DEFAULTS, early_weight_loss_percent=3.0)
    prompt = fired(with_weight(96.0), settings)["NUT-WEIGHT-EARLY"]
    assert prompt.settings == ("setting: 3 % of reference weight",)


@pytest.mark.parametrize(("weight", "expected"), [(59.95, False), (59.93, True)])
def test_underweight_below_bmi_18_5(weight: float, expected: bool) -> None:
    # 18.5 × 1.8² = 59.94 kg
    assert fires("NUT-BMI-UNDERWEIGHT", snap(height_cm=180.0, weights=(WeightEntry(VISIT, weight),))) is expected


def test_no_weight_no_nutrition_prompt() -> None:
    s = snap(premorbid_weight_kg=80.0, height_cm=170.0)
    assert not {"NUT-GASTROSTOMY-10PC", "NUT-WEIGHT-EARLY", "NUT-BMI-UNDERWEIGHT"} & set(fired(s))


def _timing(swallowing: int, fvc: float, status: str | None = None, current: float = 100.0) -> PatientSnapshot:
    return snap(
        premorbid_weight_kg=100.0,
        weights=(WeightEntry(VISIT, current),),
        alsfrs=(AlsfrsEntry(VISIT, dict(NORMAL, swallowing=swallowing), "5a"),),
        respiratory=(RespiratoryEntry(VISIT, Measures(fvc_percent=fvc)),),
        nutrition=(NutritionEntry(VISIT, status),) if status else (),
    )


def test_gastrostomy_timing_with_dysphagia_or_weight_loss_and_fvc_recorded() -> None:
    assert fires("NUT-GASTROSTOMY-TIMING", _timing(3, 70))
    assert not fires("NUT-GASTROSTOMY-TIMING", _timing(4, 70))  # no dysphagia, no weight loss
    assert fires("NUT-GASTROSTOMY-TIMING", _timing(4, 70, current=95.0))  # loss at the setting
    assert not fires("NUT-GASTROSTOMY-TIMING", _timing(3, 70, status="discussed"))
    no_fvc = replace(_timing(3, 70), respiratory=())
    assert not fires("NUT-GASTROSTOMY-TIMING", no_fvc)


def test_gastrostomy_timing_message_says_whether_fvc_is_still_above_50() -> None:
    assert "while FVC is above 50 %" in fired(_timing(3, 51))["NUT-GASTROSTOMY-TIMING"].message
    assert "RIG is preferred" in fired(_timing(3, 50))["NUT-GASTROSTOMY-TIMING"].message
    assert "50 % or less" in fired(_timing(3, 50))["NUT-GASTROSTOMY-TIMING"].message


# --- respiratory ---------------------------------------------------------------------------


@pytest.mark.parametrize(("fvc", "expected"), [(50.0, False), (49.0, True), (49.9, True)])
def test_nice_and_cms_fvc_boundary_is_strict(fvc: float, expected: bool) -> None:
    s = breathing(Measures(fvc_percent=fvc))
    assert fires("RESP-NIV-NICE", s) is expected
    if expected:  # one card, both criteria, each with its own source
        sources_met = [source for _, source in fired(s)["RESP-NIV-NICE"].criteria]
        assert [source.split(":")[0] for source in sources_met] == ["NICE NG42 (2016)", "US CMS LCD L33800"]


@pytest.mark.parametrize(("snip", "expected"), [(40.0, False), (39.0, True)])
def test_nice_snip_boundary(snip: float, expected: bool) -> None:
    assert fires("RESP-NIV-NICE", breathing(Measures(snip_cmh2o=snip))) is expected


@pytest.mark.parametrize(("measures", "expected"), [
    (Measures(mip_cmh2o=60), False),
    (Measures(mip_cmh2o=59), True),
    (Measures(co2_mmhg=44.9, co2_arterial=True), False),
    (Measures(co2_mmhg=45, co2_arterial=True), True),
    (Measures(co2_mmhg=50, co2_arterial=False), False),  # venous: not PaCO₂
    (Measures(overnight_minutes_le88=4.9, oximetry_recording_hours=6), False),
    (Measures(overnight_minutes_le88=5, oximetry_recording_hours=6), True),
    (Measures(overnight_minutes_le88=30, oximetry_recording_hours=1.9), False),
])
def test_cms_criteria_boundaries(measures: Measures, expected: bool) -> None:
    assert fires("RESP-NIV-NICE", breathing(measures)) is expected


def test_niv_discussion_values_and_stops_once_discussed() -> None:
    prompt = fired(breathing(Measures(fvc_percent=45)))["RESP-NIV-NICE"]
    assert [met for met, _ in prompt.criteria] == ["FVC 45 % < 50 % (measured 20 May 2024)"] * 2
    assert prompt.source == "NICE NG42 (2016); US CMS LCD L33800"  # the sources of the criteria met
    assert not fires("RESP-NIV-NICE", breathing(Measures(fvc_percent=45), niv_status="discussed"))
    in_use = replace(breathing(Measures(fvc_percent=45)), interventions=(InterventionEntry("niv", VISIT),))
    assert not fires("RESP-NIV-NICE", in_use)


def test_niv_for_symptoms_only_when_a_symptom_is_present() -> None:
    assert fires("RESP-NIV-NICE", breathing(symptoms={"orthopnoea": True, "weak_cough": False}))
    assert not fires("RESP-NIV-NICE", breathing(symptoms={"orthopnoea": False, "weak_cough": None}))
    prompt = fired(breathing(symptoms={"morning_headache": True}))["RESP-NIV-NICE"]
    assert prompt.criteria == (("Respiratory symptoms: morning headache",
                                "ALS management guide (clinic seed): consider NIV when respiratory symptoms develop"),)
    assert prompt.source == "ALS management guide (clinic seed)"


def test_bulbar_dysfunction_is_a_criterion_on_the_niv_card_never_a_card_of_its_own() -> None:
    bulbar = (AlsfrsEntry(VISIT, dict(NORMAL, swallowing=3), "5a"),)
    considered = replace(breathing(Measures(fvc_percent=45)), alsfrs=bulbar)
    prompt = fired(considered)["RESP-NIV-NICE"]
    text, source = prompt.criteria[-1]
    assert "swallowing 3" in text and "NIV failure more likely" in source and "Balendra" in source
    assert "NIV failure more likely" in prompt.message
    normal = fired(replace(considered, alsfrs=(AlsfrsEntry(VISIT, NORMAL, "5a"),)))["RESP-NIV-NICE"]
    assert not any("Bulbar" in text for text, _ in normal.criteria)
    # Bulbar involvement alone is a risk, not an indication: no card.
    assert not fires("RESP-NIV-NICE", replace(breathing(Measures(fvc_percent=80)), alsfrs=bulbar))
    started = replace(breathing(Measures(fvc_percent=45), niv_status="started"), alsfrs=bulbar)
    assert not fires("RESP-NIV-NICE", started)


def test_tracheostomy_discussion_once_niv_is_in_use() -> None:
    niv = snap(interventions=(InterventionEntry("niv", date(2024, 1, 1)),))
    assert fires("RESP-TRACHEOSTOMY-DISCUSS", niv)
    assert not fires("RESP-TRACHEOSTOMY-DISCUSS", snap())
    discussed = replace(niv, respiratory=(RespiratoryEntry(VISIT, Measures(), tracheostomy_discussed=True),))
    assert not fires("RESP-TRACHEOSTOMY-DISCUSS", discussed)
    acp = replace(niv, care_planning=(CarePlanningEntry("ventilatory_support", "NIV only, no tracheostomy"),))
    assert not fires("RESP-TRACHEOSTOMY-DISCUSS", acp)


@pytest.mark.parametrize(("pcf", "assist", "ineffective"), [
    (270, False, False), (269, True, False), (160, True, False), (159, False, True),
])
def test_cough_thresholds(pcf: float, assist: bool, ineffective: bool) -> None:
    s = breathing(Measures(peak_cough_flow_l_min=pcf))
    assert fires("RESP-COUGH-ASSIST", s) is assist
    assert fires("RESP-COUGH-INEFFECTIVE", s) is ineffective
    if ineffective:
        assert fired(s)["RESP-COUGH-INEFFECTIVE"].severity is Severity.URGENT


def test_no_cough_assist_prompt_when_one_is_in_place() -> None:
    s = replace(breathing(Measures(peak_cough_flow_l_min=200)),
                interventions=(InterventionEntry("cough_assist", date(2024, 1, 1)),))
    assert not fires("RESP-COUGH-ASSIST", s)


@pytest.mark.parametrize(("spo2", "expected"), [(94, False), (93, True)])
def test_blood_gas_below_spo2_94(spo2: float, expected: bool) -> None:
    assert fires("RESP-BLOOD-GAS", breathing(Measures(spo2_percent=spo2))) is expected


@pytest.mark.parametrize(("kpa", "expected"), [(6.0, False), (6.01, True)])
def test_paco2_above_6_kpa_is_urgent_within_a_week(kpa: float, expected: bool) -> None:
    s = breathing(Measures(co2_mmhg=kpa_to_mmhg(kpa), co2_arterial=True))
    assert fires("RESP-PACO2-SPECIALIST", s) is expected
    if expected:
        assert fired(s)["RESP-PACO2-SPECIALIST"].due_on == VISIT + timedelta(days=7)


def test_respiratory_tests_due_after_3_months() -> None:
    last = date(2024, 1, 1)
    s = snap(respiratory=(RespiratoryEntry(last, Measures(fvc_percent=80)),))
    # 3 months = 91.3125 days: 91 days is not more than 3 months, 92 is.
    assert not fires("RESP-TESTS-DUE", replace(s, today=last + timedelta(days=91)))
    prompt = fired(replace(s, today=last + timedelta(days=92)))["RESP-TESTS-DUE"]
    assert prompt.due_on == last + timedelta(days=92) and prompt.severity is Severity.DUE


def test_respiratory_tests_due_at_diagnosis_when_no_fvc() -> None:
    assert fires("RESP-TESTS-DUE", snap(diagnosis_date=date(2024, 5, 1)))
    assert not fires("RESP-TESTS-DUE", snap())


# --- speech --------------------------------------------------------------------------------


def speaking(speech: int, aac: str | None = None) -> PatientSnapshot:
    return snap(
        alsfrs=(AlsfrsEntry(VISIT, dict(NORMAL, speech=speech), "5a"),),
        slp=(SlpEntry(VISIT, aac_status=aac),) if aac else (),
    )


@pytest.mark.parametrize(("speech", "planning", "device"), [(4, False, False), (3, True, False), (2, True, True)])
def test_aac_prompts_by_speech_item(speech: int, planning: bool, device: bool) -> None:
    assert fires("SLP-AAC-PLANNING", speaking(speech)) is planning
    assert fires("SLP-AAC-DEVICE", speaking(speech)) is device


def test_aac_prompts_stop_at_the_stage_already_reached() -> None:
    assert not fires("SLP-AAC-PLANNING", speaking(3, "banking_done"))
    assert fires("SLP-AAC-PLANNING", speaking(3, "not_needed"))
    assert fires("SLP-AAC-DEVICE", speaking(2, "banking_done"))
    assert not fires("SLP-AAC-DEVICE", speaking(2, "high_tech"))


def test_speech_item_from_a_half_filled_form_still_counts() -> None:
    half = dict.fromkeys(ITEMS, None) | {"speech": 3}
    assert fires("SLP-AAC-PLANNING", snap(alsfrs=(AlsfrsEntry(VISIT, half, "5a"),)))


@pytest.mark.parametrize(("rate", "setting", "expected"), [
    (120, 120.0, False), (119, 120.0, True), (119, 100.0, False), (99, 100.0, True),
])
def test_speaking_rate_warning_follows_the_setting(rate: float, setting: float, expected: bool) -> None:
    s = snap(slp=(SlpEntry(VISIT, speaking_rate_wpm=rate),))
    assert fires("SLP-SPEAKING-RATE", s, replace(DEFAULTS, speaking_rate_wpm=setting)) is expected


# --- medicines -----------------------------------------------------------------------------

RILUZOLE = MedicationEntry("Riluzole 50 mg", "disease_modifying", started_on=date(2024, 1, 31))


def test_riluzole_alt_due_then_overdue() -> None:
    tests = (LiverTestEntry(date(2024, 1, 30), 30, 40), LiverTestEntry(date(2024, 2, 28), 30, 40),
             LiverTestEntry(date(2024, 3, 29), 30, 40), LiverTestEntry(date(2024, 4, 30), 30, 40))
    s = snap(today=date(2024, 7, 31), medications=(RILUZOLE,), liver_tests=tests)
    due = fired(s)["NEU-RILUZOLE-ALT-DUE"]
    assert due.due_on == date(2024, 7, 31) and "NEU-RILUZOLE-ALT-OVERDUE" not in fired(s)
    late = fired(replace(s, today=date(2024, 8, 1)))
    assert "NEU-RILUZOLE-ALT-DUE" not in late
    assert late["NEU-RILUZOLE-ALT-OVERDUE"].due_on == date(2024, 7, 31)
    assert "(1 days)" in late["NEU-RILUZOLE-ALT-OVERDUE"].message or "1 day" in late["NEU-RILUZOLE-ALT-OVERDUE"].message


def test_no_riluzole_prompts_without_the_medicine_or_after_stopping() -> None:
    assert not {"NEU-RILUZOLE-ALT-DUE", "NEU-RILUZOLE-ALT-OVERDUE"} & set(fired(snap()))
    stopped = replace(RILUZOLE, stopped_on=date(2024, 3, 1))
    assert not {"NEU-RILUZOLE-ALT-DUE", "NEU-RILUZOLE-ALT-OVERDUE"} & set(fired(snap(medications=(stopped,))))


@pytest.mark.parametrize(("alt", "rule", "expected"), [
    (200, "> 5", False), (201, "> 5", True), (200, ">= 5", True), (199, ">= 5", False),
])
def test_alt_stop_threshold_is_the_setting(alt: float, rule: str, expected: bool) -> None:
    s = snap(medications=(RILUZOLE,), liver_tests=(LiverTestEntry(VISIT, alt, 40),))
    settings = replace(DEFAULTS, alt_stop_rule=rule)
    assert fires("NEU-RILUZOLE-ALT-STOP", s, settings) is expected
    if expected:
        prompt = fired(s, settings)["NEU-RILUZOLE-ALT-STOP"]
        assert prompt.severity is Severity.URGENT and prompt.settings == (f"setting: {rule} × upper limit of normal",)


def test_edaravone_next_cycle() -> None:
    start = date(2024, 5, 10)  # 22 days before today: in cycle 1
    s = snap(medications=(MedicationEntry("edaravone", "disease_modifying", started_on=start),))
    prompt = fired(s)["NEU-EDARAVONE-CYCLE"]
    assert prompt.due_on == start + timedelta(days=28) and "10 dose days" in prompt.message
    assert prompt.settings == ("setting: consecutive",)
    future = snap(medications=(MedicationEntry("edaravone", "disease_modifying", started_on=date(2024, 6, 3)),))
    assert not fires("NEU-EDARAVONE-CYCLE", future)  # not started yet: nothing scheduled


def test_tofersen_next_dose_and_overdue() -> None:
    day0 = date(2024, 5, 1)
    tofersen = MedicationEntry("Tofersen", "disease_modifying", started_on=day0, doses_given=(day0,))
    s = snap(today=day0 + timedelta(days=14), medications=(tofersen,), sod1_status="positive")
    assert fired(s)["NEU-TOFERSEN-DOSE"].due_on == day0 + timedelta(days=14)
    overdue = fired(replace(s, today=day0 + timedelta(days=15)))
    assert "NEU-TOFERSEN-DOSE" not in overdue and overdue["NEU-TOFERSEN-OVERDUE"].severity is Severity.ACTION


def test_diagnostic_delay_is_a_fact_not_a_prompt() -> None:
    s = snap(onset_date=date(2023, 1, 15), diagnosis_date=date(2024, 1, 15))
    assert not any(p.rule_id.startswith("NEU-") for p in rules.prompts_for(s, DEFAULTS))
    assert "NEU-DIAGNOSTIC-DELAY" not in rules.RULES_BY_ID
    assert rules.current_rule_id("NEU-DIAGNOSTIC-DELAY") is None


# --- palliative ----------------------------------------------------------------------------


def test_palliative_referral_from_diagnosis() -> None:
    assert fires("PAL-REFERRAL", snap(diagnosis_date=date(2024, 1, 1)))
    referred = snap(diagnosis_date=date(2024, 1, 1), palliative=(PalliativeEntry(VISIT, referral_date=VISIT),))
    assert not fires("PAL-REFERRAL", referred)
    assert not fires("PAL-REFERRAL", snap())


def test_one_card_lists_every_advance_care_planning_decision_still_missing() -> None:
    s = snap(care_planning=(CarePlanningEntry("resuscitation", "DNACPR", VISIT),
                            CarePlanningEntry("place_of_death", None, None)))
    acp = [rule_id for rule_id in fired(s) if rule_id.startswith("PAL-ACP")]
    assert acp == ["PAL-ACP"]
    prompt = fired(s)["PAL-ACP"]
    assert prompt.discipline == "palliative"
    assert prompt.message == ("Advance care planning not yet discussed: ventilatory support (NIV, "
                              "tracheostomy); artificial nutrition and hydration; preferred place of death.")
    assert [label for label, _ in prompt.values] == [
        "Ventilatory support (NIV, tracheostomy)", "Artificial nutrition and hydration", "Preferred place of death"]
    every = tuple(CarePlanningEntry(topic, None, VISIT) for topic in vocab.ACP_TOPIC)
    assert not fires("PAL-ACP", snap(care_planning=every))
    for topic in vocab.ACP_TOPIC:  # the former per-topic cards' answers count for the one card
        assert rules.current_rule_id(f"PAL-ACP-{topic.upper().replace('_', '-')}") == "PAL-ACP"


def test_caregiver_support() -> None:
    assert fired(snap())["PAL-CAREGIVER-SUPPORT"].values == (("Caregiver support", "not recorded"),)
    declined = snap(palliative=(PalliativeEntry(VISIT, caregiver_support_offered=False),))
    assert fired(declined)["PAL-CAREGIVER-SUPPORT"].values == (("Caregiver support", "not offered"),)
    offered = snap(palliative=(PalliativeEntry(VISIT, caregiver_support_offered=True),))
    assert not fires("PAL-CAREGIVER-SUPPORT", offered)


# --- the table as a whole ------------------------------------------------------------------


def test_deceased_patient_gets_no_prompts() -> None:
    s = with_weight(80.0, diagnosis_date=date(2024, 1, 1), date_of_death=date(2024, 5, 30))
    assert rules.prompts_for(s, DEFAULTS) == []


def test_empty_record_raises_only_prompts_about_what_is_missing() -> None:
    missing_only = {"PAL-CAREGIVER-SUPPORT", "PAL-ACP"}
    assert set(fired(snap())) == missing_only


def test_every_rule_has_an_owner_a_source_and_known_settings() -> None:
    from als_desktop.clinical.settings import DEFINITIONS

    for r in rules.RULES:
        assert r.discipline in vocab.DISCIPLINE, r.rule_id
        assert r.source and r.logic and r.title, r.rule_id
        assert set(r.setting_keys) <= set(DEFINITIONS), r.rule_id

"""When a prompt stays quiet (reference section 11): care in place, planned or declined, care
superseded, a declined prompt's return when its measure worsens, and monitoring that is never
quieted."""

from dataclasses import replace
from datetime import date, timedelta

import pytest

from als_desktop.clinical import rules
from als_desktop.clinical.alsfrs import ITEMS
from als_desktop.clinical.measures import derive
from als_desktop.clinical.prompts import Prompt, Severity
from als_desktop.clinical.respiratory import Measures
from als_desktop.clinical.settings import ClinicSettings
from als_desktop.clinical.snapshot import (
    AlsfrsEntry,
    InterventionEntry,
    MedicationEntry,
    NutritionEntry,
    PalliativeEntry,
    PatientSnapshot,
    RespiratoryEntry,
    SlpEntry,
    WeightEntry,
)

TODAY = date(2024, 6, 1)
EARLIER = date(2024, 1, 10)  # the visit at which a decision was recorded
VISIT = date(2024, 5, 20)  # the latest visit
DEFAULTS = ClinicSettings()
NORMAL = dict.fromkeys(ITEMS, 4)
NIV_IDS = ("RESP-NIV-NICE", "RESP-NIV-DECLINED", "RESP-TRACHEOSTOMY-DISCUSS")


def snap(**kw: object) -> PatientSnapshot:
    base: dict[str, object] = {"today": TODAY, "date_of_birth": date(1960, 1, 1)}
    base.update(kw)
    return PatientSnapshot(**base)  # type: ignore[arg-type]


def fired(snapshot: PatientSnapshot) -> dict[str, Prompt]:
    return {p.rule_id: p for p in rules.prompts_for(snapshot, DEFAULTS)}


def fires(rule_id: str, snapshot: PatientSnapshot) -> bool:
    return rule_id in fired(snapshot)


# --- NIV: one card, superseded, declined ---------------------------------------------------


def breathing_over_time(before: Measures, now: Measures, status: str | None = None, **kw: object) -> PatientSnapshot:
    return snap(respiratory=(
        RespiratoryEntry(EARLIER, before, niv_status=status),
        RespiratoryEntry(VISIT, now, **kw),  # type: ignore[arg-type]
    ))


def test_every_niv_criterion_is_listed_on_one_card_with_its_own_source() -> None:
    s = snap(respiratory=(RespiratoryEntry(VISIT, Measures(fvc_percent=45, snip_cmh2o=35, mip_cmh2o=50),
                                           symptoms={"orthopnoea": True}),))
    niv_cards = [p for p in rules.prompts_for(s, DEFAULTS) if "NIV" in p.rule_id]
    assert [p.rule_id for p in niv_cards] == ["RESP-NIV-NICE"]
    sources = [source.split(":")[0] for _, source in niv_cards[0].criteria]
    assert sources == ["ALS management guide (clinic seed)", "NICE NG42 (2016)", "NICE NG42 (2016)",
                       "US CMS LCD L33800", "US CMS LCD L33800"]
    texts = [text for text, _ in niv_cards[0].criteria]
    assert texts[0] == "Respiratory symptoms: orthopnoea"
    assert "SNIP 35 cmH₂O < 40 cmH₂O (measured 20 May 2024)" in texts


def test_tracheostomy_ventilation_supersedes_every_niv_prompt() -> None:
    s = snap(respiratory=(RespiratoryEntry(VISIT, Measures(fvc_percent=30), symptoms={"orthopnoea": True},
                                           niv_status="tracheostomy"),))
    assert not set(NIV_IDS) & set(fired(s))
    by_intervention = snap(
        respiratory=(RespiratoryEntry(VISIT, Measures(fvc_percent=30)),),
        interventions=(InterventionEntry("niv", date(2023, 6, 1)), InterventionEntry("tracheostomy", EARLIER)),
    )
    assert not set(NIV_IDS) & set(fired(by_intervention))


def test_niv_started_in_the_respiratory_record_quiets_the_card_without_an_intervention() -> None:
    s = breathing_over_time(Measures(fvc_percent=60), Measures(fvc_percent=40), status="started")
    assert not fires("RESP-NIV-NICE", s)
    assert fires("RESP-TRACHEOSTOMY-DISCUSS", s)  # the next decision for NIV in use
    ended = replace(s, interventions=(InterventionEntry("niv", EARLIER, ended_on=date(2024, 3, 1)),))
    assert fires("RESP-NIV-NICE", ended)  # NIV stopped after the status was recorded


def test_niv_declined_is_a_fact_with_its_date_while_no_measure_is_worse() -> None:
    s = breathing_over_time(Measures(fvc_percent=45), Measures(fvc_percent=45), status="declined")
    prompts = fired(s)
    assert "RESP-NIV-NICE" not in prompts
    fact = prompts["RESP-NIV-DECLINED"]
    assert fact.severity is Severity.INFO and "10 Jan 2024" in fact.message
    assert dict(fact.values)["FVC at the decision"] == "45 % predicted (measured 10 Jan 2024)"


@pytest.mark.parametrize(("before", "now", "returns"), [
    (Measures(fvc_percent=45), Measures(fvc_percent=45), False),  # the same: stays quiet
    (Measures(fvc_percent=45), Measures(fvc_percent=46), False),  # better
    (Measures(fvc_percent=45), Measures(fvc_percent=44.9), True),  # just lower
    (Measures(snip_cmh2o=35), Measures(snip_cmh2o=34), True),
    (Measures(fvc_percent=45, mip_cmh2o=55), Measures(fvc_percent=45, mip_cmh2o=54), True),
    (Measures(), Measures(fvc_percent=49), True),  # not measured at the decision: a new trigger
    (Measures(), Measures(fvc_percent=50), False),  # new, but not meeting its criterion
])
def test_declined_niv_returns_only_when_a_measure_is_lower_than_at_the_decision(
    before: Measures, now: Measures, returns: bool
) -> None:
    s = breathing_over_time(before, now, status="declined", symptoms={"orthopnoea": True})
    prompts = fired(s)
    assert ("RESP-NIV-NICE" in prompts) is returns
    assert ("RESP-NIV-DECLINED" in prompts) is not returns
    if returns:
        card = prompts["RESP-NIV-NICE"]
        assert "declined" in card.message and dict(card.values)["NIV declined"].startswith("10 Jan 2024; since then")


def test_a_decline_recorded_at_the_latest_visit_compares_with_that_visit() -> None:
    s = snap(respiratory=(RespiratoryEntry(EARLIER, Measures(fvc_percent=60)),
                          RespiratoryEntry(VISIT, Measures(fvc_percent=40), niv_status="declined")))
    assert not fires("RESP-NIV-NICE", s) and fires("RESP-NIV-DECLINED", s)


# --- cough -------------------------------------------------------------------------------


def coughing(pcf: float, assist: bool) -> PatientSnapshot:
    return snap(
        respiratory=(RespiratoryEntry(VISIT, Measures(peak_cough_flow_l_min=pcf)),),
        interventions=(InterventionEntry("cough_assist", EARLIER),) if assist else (),
    )


@pytest.mark.parametrize(("pcf", "urgent"), [(160, False), (159, True)])
def test_with_cough_assist_in_place_an_ineffective_cough_asks_for_a_review(pcf: float, urgent: bool) -> None:
    prompts = fired(coughing(pcf, assist=True))
    assert "RESP-COUGH-ASSIST" not in prompts
    assert ("RESP-COUGH-INEFFECTIVE" in prompts) is urgent
    if urgent:
        message = prompts["RESP-COUGH-INEFFECTIVE"].message
        assert "review of airway clearance" in message and "and cough assist." not in message
        assert prompts["RESP-COUGH-INEFFECTIVE"].severity is Severity.URGENT


def test_without_cough_assist_an_ineffective_cough_asks_to_start_it() -> None:
    assert fired(coughing(150, assist=False))["RESP-COUGH-INEFFECTIVE"].message.endswith("and cough assist.")
    ended = replace(coughing(150, assist=True), interventions=(InterventionEntry("cough_assist", EARLIER, VISIT),))
    assert "review" not in fired(ended)["RESP-COUGH-INEFFECTIVE"].message


# --- nutrition ---------------------------------------------------------------------------


def losing(current: float, *, status: str | None = None, supplements: bool | None = None,
           before: float = 88.0, **kw: object) -> PatientSnapshot:
    return snap(
        premorbid_weight_kg=100.0,
        weights=(WeightEntry(EARLIER, before), WeightEntry(VISIT, current)),
        nutrition=(NutritionEntry(EARLIER, status, supplements),),
        respiratory=(RespiratoryEntry(VISIT, Measures(fvc_percent=70)),),
        **kw,
    )


def test_gastrostomy_placed_in_the_nutrition_record_turns_weight_loss_into_a_regimen_review() -> None:
    prompts = fired(losing(88.0, status="placed"))
    assert not {"NUT-GASTROSTOMY-10PC", "NUT-GASTROSTOMY-TIMING"} & set(prompts)
    message = prompts["NUT-WEIGHT-EARLY"].message
    assert "review of the feeding regimen" in message and "supplements" not in message


def test_oral_supplements_in_use_are_not_advised_again() -> None:
    message = fired(losing(94.0, supplements=True, before=94.0))["NUT-WEIGHT-EARLY"].message
    assert "already in use" in message and "consider oral" not in message
    assert "consider oral nutritional supplements" in fired(losing(94.0, before=94.0))["NUT-WEIGHT-EARLY"].message


def test_weight_loss_message_states_the_loss_not_a_trend() -> None:
    message = fired(losing(94.0, before=93.0))["NUT-WEIGHT-EARLY"].message  # weight rising, loss 6 %
    assert message.startswith("Weight loss is 6 % of the reference weight") and "falling" not in message


def test_gastrostomy_planned_quiets_the_gastrostomy_prompts() -> None:
    assert not {"NUT-GASTROSTOMY-10PC", "NUT-GASTROSTOMY-TIMING", "NUT-GASTROSTOMY-DECLINED"} & set(
        fired(losing(85.0, status="planned")))


@pytest.mark.parametrize(("current", "returns"), [(88.0, False), (88.1, False), (87.9, True)])
def test_declined_gastrostomy_returns_only_with_more_weight_loss(current: float, returns: bool) -> None:
    prompts = fired(losing(current, status="declined"))
    assert ("NUT-GASTROSTOMY-10PC" in prompts) is returns
    assert ("NUT-GASTROSTOMY-DECLINED" in prompts) is not returns
    if returns:
        assert dict(prompts["NUT-GASTROSTOMY-10PC"].values)["Gastrostomy declined"].startswith(
            "10 Jan 2024; since then Weight 88 → 87.9 kg")
    else:
        fact = prompts["NUT-GASTROSTOMY-DECLINED"]
        assert fact.severity is Severity.INFO and "10 Jan 2024" in fact.message


def test_declined_gastrostomy_returns_when_swallowing_is_worse() -> None:
    s = replace(losing(88.0, status="declined"), alsfrs=(
        AlsfrsEntry(EARLIER, dict(NORMAL, swallowing=3), "5a"), AlsfrsEntry(VISIT, dict(NORMAL, swallowing=2), "5a")))
    assert fires("NUT-GASTROSTOMY-10PC", s) and fires("NUT-GASTROSTOMY-TIMING", s)


# --- speech ------------------------------------------------------------------------------


def rates(*wpm: float, aac: str | None = None) -> PatientSnapshot:
    days = [VISIT - timedelta(days=90 * (len(wpm) - 1 - i)) for i in range(len(wpm))]
    return snap(slp=tuple(SlpEntry(d, speaking_rate_wpm=r, aac_status=aac) for d, r in zip(days, wpm, strict=True)))


def test_speaking_rate_says_falling_only_when_it_fell() -> None:
    assert "is falling (95 → 85 words per minute)" in fired(rates(95, 85))["SLP-SPEAKING-RATE"].message
    rising = fired(rates(75, 85))["SLP-SPEAKING-RATE"].message
    assert "falling" not in rising and "up from 75" in rising
    assert "falling" not in fired(rates(85, 85))["SLP-SPEAKING-RATE"].message
    assert "falling" not in fired(rates(85))["SLP-SPEAKING-RATE"].message


@pytest.mark.parametrize("aac", ["planned", "banking_done", "low_tech", "high_tech"])
def test_aac_planned_or_in_use_quiets_the_speaking_rate_and_planning_prompts(aac: str) -> None:
    s = replace(rates(95, 85, aac=aac), alsfrs=(AlsfrsEntry(VISIT, dict(NORMAL, speech=3), "5a"),))
    assert not {"SLP-SPEAKING-RATE", "SLP-AAC-PLANNING"} & set(fired(s))


def test_an_aac_device_intervention_supersedes_every_aac_prompt() -> None:
    s = replace(rates(95, 85), alsfrs=(AlsfrsEntry(VISIT, dict(NORMAL, speech=1), "5a"),),
                interventions=(InterventionEntry("aac_device", EARLIER),))
    assert not {"SLP-SPEAKING-RATE", "SLP-AAC-PLANNING", "SLP-AAC-DEVICE"} & set(fired(s))


def test_voice_banking_recorded_counts_as_aac_planning_under_way() -> None:
    s = snap(alsfrs=(AlsfrsEntry(VISIT, dict(NORMAL, speech=3), "5a"),),
             slp=(SlpEntry(EARLIER, voice_banking=True),))
    assert not fires("SLP-AAC-PLANNING", s)


# --- palliative --------------------------------------------------------------------------


def test_hospice_in_place_quiets_the_palliative_referral() -> None:
    diagnosed = snap(diagnosis_date=date(2023, 1, 1))
    assert fires("PAL-REFERRAL", diagnosed)
    assert not fires("PAL-REFERRAL", replace(diagnosed, interventions=(InterventionEntry("hospice", EARLIER),)))
    later = replace(diagnosed, palliative=(PalliativeEntry(VISIT, referral_date=date(2024, 7, 1)),))
    assert fires("PAL-REFERRAL", later)  # a referral dated after the snapshot's day is not yet made


# --- tofersen and SOD1 -------------------------------------------------------------------

DAY0 = date(2024, 5, 1)
TOFERSEN = MedicationEntry("Tofersen", "disease_modifying", started_on=DAY0, doses_given=(DAY0,))


@pytest.mark.parametrize(("sod1", "doses"), [
    ("positive", True), ("negative", False), ("vus", False), ("not_tested", False), (None, False),
])
def test_tofersen_doses_are_prompted_only_for_a_pathogenic_sod1_variant(sod1: str | None, doses: bool) -> None:
    s = snap(today=DAY0 + timedelta(days=14), medications=(TOFERSEN,), sod1_status=sod1)
    prompts = fired(s)
    assert ("NEU-TOFERSEN-DOSE" in prompts) is doses
    assert ("NEU-TOFERSEN-SOD1" in prompts) is not doses
    overdue = fired(replace(s, today=DAY0 + timedelta(days=20)))
    assert ("NEU-TOFERSEN-OVERDUE" in overdue) is doses
    if not doses:
        info = prompts["NEU-TOFERSEN-SOD1"]
        assert info.severity is Severity.INFO and "SOD1-ALS only" in info.message and "Qalsody" in info.source


def test_monitoring_is_never_quieted_by_care_in_place() -> None:
    s = snap(
        today=date(2024, 6, 1), diagnosis_date=date(2023, 1, 1),
        respiratory=(RespiratoryEntry(date(2024, 1, 1), Measures(fvc_percent=60), niv_status="started"),),
        interventions=(InterventionEntry("niv", date(2023, 12, 1)), InterventionEntry("cough_assist", EARLIER)),
        medications=(MedicationEntry("edaravone", "disease_modifying", started_on=date(2024, 5, 10)),),
    )
    assert {"RESP-TESTS-DUE", "NEU-EDARAVONE-CYCLE"} <= set(fired(s))


# --- King's stage from every source the reference names ---------------------------------


def kings(**kw: object) -> str | None:
    s = snap(alsfrs=(AlsfrsEntry(VISIT, dict(NORMAL, speech=3), "5a"),), **kw)
    stage = derive(s, DEFAULTS).kings
    return stage.stage if stage else None


def test_kings_4a_from_a_gastrostomy_in_the_nutrition_record_or_an_intervention() -> None:
    assert kings() == "1"
    assert kings(nutrition=(NutritionEntry(EARLIER, "placed"),)) == "4A"
    assert kings(interventions=(InterventionEntry("gastrostomy", EARLIER),)) == "4A"
    assert kings(nutrition=(NutritionEntry(EARLIER, "planned"),)) == "1"
    removed = (InterventionEntry("gastrostomy", date(2023, 6, 1), ended_on=date(2024, 2, 1)),)
    assert kings(nutrition=(NutritionEntry(EARLIER, "placed"),), interventions=removed) == "1"


def test_kings_4b_from_niv_in_the_respiratory_record_or_an_intervention() -> None:
    assert kings(respiratory=(RespiratoryEntry(EARLIER, Measures(), niv_status="started"),)) == "4B"
    assert kings(respiratory=(RespiratoryEntry(EARLIER, Measures(), niv_status="discussed"),)) == "1"
    assert kings(interventions=(InterventionEntry("niv", EARLIER),)) == "4B"
    both = kings(interventions=(InterventionEntry("niv", EARLIER), InterventionEntry("gastrostomy", EARLIER)))
    assert both == "4B"
    assert kings(interventions=(InterventionEntry("niv", date(2024, 7, 1)),)) == "1"  # starts after today


def test_every_former_card_id_maps_to_a_card_in_the_table() -> None:
    for old in ("RESP-NIV-SYMPTOMS", "RESP-NIV-CMS", "RESP-NIV-BULBAR"):
        assert rules.current_rule_id(old) == "RESP-NIV-NICE"
    assert rules.current_rule_id("RESP-COUGH-ASSIST") == "RESP-COUGH-ASSIST"

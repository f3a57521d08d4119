"""Speech and communication (section 5) and palliative care (section 7) prompts.

Care in place (reference section 11, read in care_state): AAC planned, banking done or a
device in use quiets AAC planning and the speaking-rate prompt; a device in use (or AAC
planned) quiets the device assessment; a referral or hospice quiets the palliative referral.
AAC and a palliative referral have no status that can say "declined": the patient's decline is
the prompt's answer (`declinable`), and the AAC prompts return when the speech item (or the
speaking rate) is lower than at the decision; the palliative referral stays declined until the
answer is withdrawn. The advance care planning decisions still missing are one card.
"""

from __future__ import annotations

from ..domain import vocab
from . import sources
from .care_state import Declinable, ReturnsOn, Series
from .measures import PatientMeasures
from .prompts import Severity
from .rules_common import Finding, declined_fact, num, rule, shown_date
from .settings import ClinicSettings
from .snapshot import PatientSnapshot

AAC_PLANNING_SPEECH_ITEM = 3  # speech item ≤ 3 → AAC planning, voice and message banking
AAC_DEVICE_SPEECH_ITEM = 2  # speech item ≤ 2 → AAC device assessment now


def speech_series(s: PatientSnapshot, m: PatientMeasures) -> Series:
    return tuple((e.visit_date, float(score)) for e in s.alsfrs
                 if (score := e.scores.get("speech")) is not None and e.visit_date <= s.today)


def rate_series(s: PatientSnapshot, m: PatientMeasures) -> Series:
    return tuple((e.visit_date, e.speaking_rate_wpm) for e in s.slp
                 if e.speaking_rate_wpm is not None and e.visit_date <= s.today)


def _speech(criterion: int) -> ReturnsOn:
    return ReturnsOn("ALSFRS-R speech", "of 4", speech_series, meets=lambda v: v <= criterion,
                     named="ALSFRS-R speech item")


SPEAKING_RATE = ReturnsOn("speaking rate", "words/min", rate_series)


def _speech_values(m: PatientMeasures) -> tuple[tuple[str, str], ...]:
    assert m.speech_item is not None
    values = (("ALSFRS-R speech", f"{int(m.speech_item.value)} of 4 ({shown_date(m.speech_item.on)})"),)
    return values + (("AAC status", vocab.label(vocab.AAC_STATUS, m.aac_status)),)


@rule(
    "SLP-AAC-PLANNING", "slp", Severity.ACTION,
    "AAC planning: voice and message banking",
    "Latest scored ALSFRS-R speech item ≤ 3 and AAC not yet planned (status not recorded or "
    "'not needed yet', no voice banking recorded, no AAC device in use).",
    f"{sources.GUIDE}: plan AAC before speech is severely affected",
    declinable=Declinable("AAC planning (voice and message banking)", (_speech(AAC_PLANNING_SPEECH_ITEM),)),
)
def aac_planning(s: PatientSnapshot, c: ClinicSettings, m: PatientMeasures) -> Finding | None:
    if m.speech_item is None or m.speech_item.value > AAC_PLANNING_SPEECH_ITEM:
        return None
    if m.care.aac_planned:
        return None
    return Finding(
        "Speech is affected: plan augmentative and alternative communication, with voice and "
        "message banking while speech is still clear.",
        _speech_values(m),
    )


@rule(
    "SLP-AAC-DEVICE", "slp", Severity.ACTION,
    "AAC device assessment",
    "Latest scored ALSFRS-R speech item ≤ 2, no AAC device in use (status low-tech or "
    "high-tech, or an AAC device intervention in place) and AAC not recorded as planned.",
    f"{sources.GUIDE}: plan AAC before speech is severely affected",
    declinable=Declinable("AAC device assessment", (_speech(AAC_DEVICE_SPEECH_ITEM),)),
)
def aac_device(s: PatientSnapshot, c: ClinicSettings, m: PatientMeasures) -> Finding | None:
    if m.speech_item is None or m.speech_item.value > AAC_DEVICE_SPEECH_ITEM:
        return None
    if m.care.aac_device_in_use or m.aac_status == "planned":
        return None
    return Finding("Speech is severely affected: assess for an AAC device now.", _speech_values(m))


@rule(
    "SLP-SPEAKING-RATE", "slp", Severity.ACTION,
    "Speaking rate below the warning setting",
    "Latest recorded speaking rate < the speaking-rate setting (default 120 words/min), and AAC "
    "not yet planned (as the AAC planning prompt). The message says 'falling' only when the "
    "rate is lower than the one recorded before it.",
    f"{sources.BALL_BEUKELMAN}: intelligibility falls steeply once rate drops to about 100-120 words/min",
    ("speaking_rate_wpm",),
    declinable=Declinable("AAC planning for the speaking rate", (_speech(AAC_PLANNING_SPEECH_ITEM), SPEAKING_RATE)),
)
def speaking_rate(s: PatientSnapshot, c: ClinicSettings, m: PatientMeasures) -> Finding | None:
    if m.speaking_rate is None or not m.speaking_rate.value < c.speaking_rate_wpm or m.care.aac_planned:
        return None
    rates = [(e.visit_date, e.speaking_rate_wpm) for e in s.slp
             if e.speaking_rate_wpm is not None and e.visit_date <= s.today]
    values = (("Speaking rate", f"{num(m.speaking_rate.value)} words/min ({shown_date(m.speaking_rate.on)})"),)
    trend = f"is {num(m.speaking_rate.value)} words per minute"
    if len(rates) >= 2:
        (before_on, before), now = rates[-2], m.speaking_rate.value
        values += (("Before", f"{num(before)} words/min ({shown_date(before_on)})"),)
        if now < before:
            trend = f"is falling ({num(before)} → {num(now)} words per minute)"
        elif now > before:
            trend = f"is {num(now)} words per minute (up from {num(before)}), still below the setting"
    return Finding(
        f"Speaking rate {trend}, and intelligibility falls steeply below about 100-120 words per "
        "minute: plan AAC.",
        values,
    )


@rule(
    "PAL-REFERRAL", "palliative", Severity.ACTION,
    "Palliative care referral",
    "A diagnosis date is recorded, no palliative review records a referral date and no hospice "
    "is in place.",
    f"{sources.GUIDE}: integrate palliative care from diagnosis; refer early",
    declinable=Declinable("Palliative care referral"),
)
def palliative_referral(s: PatientSnapshot, c: ClinicSettings, m: PatientMeasures) -> Finding | None:
    if s.diagnosis_date is None or m.care.palliative_referred:
        return None
    return Finding(
        "No palliative care referral is recorded: refer early, from diagnosis.",
        (("Diagnosed", shown_date(s.diagnosis_date)), ("Palliative referral", "not recorded")),
    )


def acp_missing(s: PatientSnapshot) -> tuple[str, ...]:
    """The advance care planning topics with neither a decision nor a date discussed."""
    recorded = {p.topic for p in s.care_planning if p.decision or p.discussed_on}
    return tuple(topic for topic in vocab.ACP_TOPIC if topic not in recorded)


@rule(
    "PAL-ACP", "palliative", Severity.ACTION,
    "Advance care planning: decisions still to discuss",
    "One card listing each advance care planning topic (resuscitation status, ventilatory "
    "support, artificial nutrition and hydration, preferred place of death) with neither a "
    "decision nor a date discussed. Replaces the four former per-topic cards (PAL-ACP-*).",
    f"{sources.GUIDE}: advance care planning should begin early",
)
def advance_care_planning(s: PatientSnapshot, c: ClinicSettings, m: PatientMeasures) -> Finding | None:
    missing = acp_missing(s)
    if not missing:
        return None
    labels = [vocab.in_sentence(vocab.ACP_TOPIC[topic]) for topic in missing]
    return Finding(
        f"Advance care planning not yet discussed: {'; '.join(labels)}.",
        tuple((vocab.ACP_TOPIC[topic], "not recorded") for topic in missing),
    )


@rule(
    "PAL-CAREGIVER-SUPPORT", "palliative", Severity.ACTION,
    "Caregiver support",
    "No palliative review records caregiver support as offered.",
    f"{sources.GUIDE}: insufficient support for family caregivers is a common failure",
)
def caregiver_support(s: PatientSnapshot, c: ClinicSettings, m: PatientMeasures) -> Finding | None:
    recorded = [p.caregiver_support_offered for p in s.palliative if p.caregiver_support_offered is not None]
    if any(recorded):
        return None
    shown = "not offered" if recorded else "not recorded"
    return Finding(
        "Support for family caregivers is not recorded: offer it.",
        (("Caregiver support", shown),),
    )


RULES = (
    aac_planning, aac_device, speaking_rate, palliative_referral, advance_care_planning, caregiver_support,
    *(declined_fact(r) for r in (aac_planning, aac_device, speaking_rate, palliative_referral)),
)

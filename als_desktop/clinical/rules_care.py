"""Speech and communication (section 5) and palliative care (section 7) prompts."""

from __future__ import annotations

from ..domain import vocab
from . import sources
from .measures import PatientMeasures
from .prompts import Rule, Severity
from .rules_common import Finding, num, rule, shown_date
from .settings import ClinicSettings
from .snapshot import PatientSnapshot

AAC_PLANNING_SPEECH_ITEM = 3  # speech item ≤ 3 → AAC planning, voice and message banking
AAC_DEVICE_SPEECH_ITEM = 2  # speech item ≤ 2 → AAC device assessment now
AAC_PLANNED_OR_LATER = ("planned", "banking_done", "low_tech", "high_tech")
AAC_DEVICE_IN_USE = ("low_tech", "high_tech")


def _speech_values(m: PatientMeasures) -> tuple[tuple[str, str], ...]:
    assert m.speech_item is not None
    values = (("ALSFRS-R speech", f"{int(m.speech_item.value)} of 4 ({shown_date(m.speech_item.on)})"),)
    return values + (("AAC status", vocab.label(vocab.AAC_STATUS, m.aac_status)),)


@rule(
    "SLP-AAC-PLANNING", "slp", Severity.ACTION,
    "AAC planning: voice and message banking",
    "Latest scored ALSFRS-R speech item ≤ 3 and AAC not yet planned (status not recorded or "
    "'not needed yet').",
    f"{sources.GUIDE}: plan AAC before speech is severely affected",
)
def aac_planning(s: PatientSnapshot, c: ClinicSettings, m: PatientMeasures) -> Finding | None:
    if m.speech_item is None or m.speech_item.value > AAC_PLANNING_SPEECH_ITEM:
        return None
    if m.aac_status in AAC_PLANNED_OR_LATER or m.aac_device_in_place:
        return None
    return Finding(
        "Speech is affected: plan augmentative and alternative communication, with voice and "
        "message banking while speech is still clear.",
        _speech_values(m),
    )


@rule(
    "SLP-AAC-DEVICE", "slp", Severity.ACTION,
    "AAC device assessment",
    "Latest scored ALSFRS-R speech item ≤ 2 and no AAC device in use (status low-tech or "
    "high-tech, or an AAC device intervention in place).",
    f"{sources.GUIDE}: plan AAC before speech is severely affected",
)
def aac_device(s: PatientSnapshot, c: ClinicSettings, m: PatientMeasures) -> Finding | None:
    if m.speech_item is None or m.speech_item.value > AAC_DEVICE_SPEECH_ITEM:
        return None
    if m.aac_status in AAC_DEVICE_IN_USE or m.aac_device_in_place:
        return None
    return Finding("Speech is severely affected: assess for an AAC device now.", _speech_values(m))


@rule(
    "SLP-SPEAKING-RATE", "slp", Severity.ACTION,
    "Speaking rate below the warning setting",
    "Latest recorded speaking rate < the speaking-rate setting (default 120 words/min).",
    f"{sources.BALL_BEUKELMAN}: intelligibility falls steeply once rate drops to about 100-120 words/min",
    ("speaking_rate_wpm",),
)
def speaking_rate(s: PatientSnapshot, c: ClinicSettings, m: PatientMeasures) -> Finding | None:
    if m.speaking_rate is None or not m.speaking_rate.value < c.speaking_rate_wpm:
        return None
    return Finding(
        "Speaking rate is falling, and intelligibility falls steeply below about 100-120 words "
        "per minute: plan AAC.",
        (("Speaking rate", f"{num(m.speaking_rate.value)} words/min ({shown_date(m.speaking_rate.on)})"),),
    )


@rule(
    "PAL-REFERRAL", "palliative", Severity.ACTION,
    "Palliative care referral",
    "A diagnosis date is recorded and no palliative review records a referral date.",
    f"{sources.GUIDE}: integrate palliative care from diagnosis; refer early",
)
def palliative_referral(s: PatientSnapshot, c: ClinicSettings, m: PatientMeasures) -> Finding | None:
    if s.diagnosis_date is None or any(p.referral_date for p in s.palliative):
        return None
    return Finding(
        "No palliative care referral is recorded: refer early, from diagnosis.",
        (("Diagnosed", shown_date(s.diagnosis_date)), ("Palliative referral", "not recorded")),
    )


def _acp_rule(topic: str) -> Rule:
    label = vocab.ACP_TOPIC[topic]

    @rule(
        f"PAL-ACP-{topic.upper().replace('_', '-')}", "palliative", Severity.ACTION,
        f"Advance care planning: {label}",
        f"No advance care planning entry on '{label}' with a decision or a date discussed.",
        f"{sources.GUIDE}: advance care planning should begin early",
    )
    def check(s: PatientSnapshot, c: ClinicSettings, m: PatientMeasures) -> Finding | None:
        if any(p.topic == topic and (p.decision or p.discussed_on) for p in s.care_planning):
            return None
        return Finding(
            f"Advance care planning not yet discussed: {label}.",
            ((label, "not recorded"),),
        )

    return check


ACP_RULES = tuple(_acp_rule(topic) for topic in vocab.ACP_TOPIC)


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


RULES = (aac_planning, aac_device, speaking_rate, palliative_referral, *ACP_RULES, caregiver_support)

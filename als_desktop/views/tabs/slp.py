"""Speech-language pathology: speech, communication and swallowing on the selected visit."""

from __future__ import annotations

from als_desktop.domain import vocab
from als_desktop.services import assessments

from ..assessment import (
    Section,
    VisitAssessment,
    choice,
    note,
    number,
    optional_date,
    whole_number,
    yes_no,
)
from .base import DisciplineTab, RecordSession, TabHost
from .layout import explain_headings, short_histories

SECTIONS = (
    Section("Speech and communication", (
        number("intelligibility_percent", "Speech intelligibility", "%", heading="Intelligibility"),
        number("speaking_rate_wpm", "Speaking rate", "words/min", heading="Rate"),
        choice("aac_status", "AAC status", vocab.AAC_STATUS, heading="AAC"),
        yes_no("voice_banking", "Voice / message banking", heading="Banking"),
    )),
    Section("Swallowing", (
        whole_number("eat10_score", "EAT-10 score", "/40", heading="EAT-10",
                     hint="≥ 3 abnormal (Belafsky et al., 2008)"),
        choice("iddsi_drink_level", "IDDSI drinks", vocab.IDDSI_DRINK),
        choice("iddsi_food_level", "IDDSI foods", vocab.IDDSI_FOOD),
        yes_no("chin_tuck", "Chin-tuck posture", heading="Chin tuck"),
        note("strategies", "Other strategies", in_history=True, heading="Strategies"),
    )),
    Section("Referrals", (
        optional_date("slp_referral_date", "SLP referral", heading="SLP referral"),
        optional_date("aac_referral_date", "AAC referral", heading="AAC referral"),
    )),
    Section("Notes", (
        note("notes", "Notes"),
    )),
)


class SlpTab(DisciplineTab):
    title = "SLP"
    discipline = "slp"

    def __init__(self, host: TabHost) -> None:
        super().__init__(host)
        self.assessment = VisitAssessment(self, "slp", SECTIONS, assessments.save_slp)
        explain_headings(self.assessment.model_, self.assessment.specs.values())
        short_histories(self)
        self.content.addStretch(1)

    def load(self, session: RecordSession) -> None:
        self.assessment.load(session)

    def save_current(self) -> bool:
        return self.assessment.save()

"""What a clinician did with a decision-support prompt: part of the patient's record.

A prompt is computed from the record each time; a PromptResponse records that someone saw it
and acknowledged it, deferred it (with a reason, perhaps until a date), turned it into a team
action, or recorded that the patient declined the care it asks for (an optional note; the day
recorded is the day of the decision). Responses are never deleted, only voided, like every
clinical row. The codes allowed are vocab.PROMPT_RESPONSE ('declined' since migration 0007).
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from als_desktop.domain import vocab

from .base import Base, ClinicalRecord, not_blank, one_of, record_checks

if TYPE_CHECKING:
    from .care import TeamAction
    from .patient import Patient

PROMPT_RESPONSE = vocab.PROMPT_RESPONSE


class PromptResponse(ClinicalRecord, Base):
    __tablename__ = "prompt_responses"

    patient_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("patients.id"), index=True)
    rule_id: Mapped[str] = mapped_column(String(40), nullable=False)
    response: Mapped[str] = mapped_column(String(16), nullable=False)
    reason: Mapped[str | None] = mapped_column(Text)
    deferred_until: Mapped[date | None] = mapped_column(Date)
    # The due date of the prompt responded to: a scheduled prompt (the next ALT test, the next
    # dose) comes back when its due date moves on, as a new occasion needing its own response.
    prompt_due_on: Mapped[date | None] = mapped_column(Date)
    team_action_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("team_actions.id"), index=True)

    # The backref gives Patient.prompt_responses (the patient's record lists them, and the
    # record file exports them) without the patient module having to know this one.
    patient: Mapped[Patient] = relationship(backref="prompt_responses")
    team_action: Mapped[TeamAction | None] = relationship()

    __table_args__ = record_checks(
        not_blank("rule_id"),
        one_of("response", PROMPT_RESPONSE),
        # A deferral without its reason could not be reviewed later.
        CheckConstraint(
            "response <> 'deferred' OR (reason IS NOT NULL AND length(trim(reason)) > 0)",
            name="deferral_has_reason",
        ),
        CheckConstraint("deferred_until IS NULL OR response = 'deferred'", name="until_only_when_deferred"),
        CheckConstraint("response <> 'action_created' OR team_action_id IS NOT NULL", name="action_is_linked"),
    )

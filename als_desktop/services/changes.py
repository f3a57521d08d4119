"""What a use case changed, so a window refreshes only that (in the spirit of Anki's OpChanges).

The writer notes every row it touches on the session; `Changes.of(session)` reads the note
when the transaction ends. A change to a patient's record names the patient and the kinds of
record; a change that concerns every patient (clinic settings) is clinic-wide.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

SESSION_KEY = "als_desktop.changes"


@dataclass(frozen=True)
class Changes:
    patients: frozenset[uuid.UUID] = field(default_factory=frozenset)
    kinds: frozenset[str] = field(default_factory=frozenset)
    clinic_wide: bool = False

    @property
    def nothing(self) -> bool:
        return not self.patients and not self.kinds and not self.clinic_wide

    def touches(self, patient_id: uuid.UUID | None) -> bool:
        """Whether a view showing `patient_id` must read again."""
        return self.clinic_wide or (patient_id is not None and patient_id in self.patients)

    def __or__(self, other: Changes) -> Changes:
        return Changes(self.patients | other.patients, self.kinds | other.kinds,
                       self.clinic_wide or other.clinic_wide)

    @classmethod
    def of(cls, session: Any) -> Changes:
        """The changes noted on `session` so far."""
        return session.info.get(SESSION_KEY, cls())


def note(session: Any, *, patient_id: uuid.UUID | None = None, kind: str | None = None,
         clinic_wide: bool = False, patient_ids: frozenset[uuid.UUID] = frozenset()) -> None:
    """Add changed rows to the session's note (one row, or many patients' rows of one kind)."""
    current: Changes = session.info.get(SESSION_KEY, Changes())
    patients = patient_ids | ({patient_id} if patient_id is not None else set())
    session.info[SESSION_KEY] = current | Changes(
        frozenset(patients), frozenset({kind}) if kind else frozenset(), clinic_wide)

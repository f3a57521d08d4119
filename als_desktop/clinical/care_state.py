"""Care in place, planned or declined on the snapshot's day (reference section 11).

A prompt whose action is to plan, start or assess for some care stays quiet once the record
says that care is in place, planned or declined; this module is the one place that reads the
record for it. "In place on a day" is an intervention started on or before that day and not
ended by it, or the discipline's own status saying so. A discipline status holds from the visit
that recorded it until an intervention of the same kind ends after it: a later "removed" is
recorded by ending the intervention.

What the record can say, and so what can quiet a prompt:
- NIV: intervention, or NIV status started / tracheostomy ventilation; planned: none (the
  NIV status has no "planned"); declined: NIV status "declined".
- Gastrostomy: intervention, or gastrostomy status placed; planned and declined: the status.
- AAC: AAC status low-tech / high-tech in use, or an AAC device intervention; planned: AAC
  status planned or voice/message banking done (or voice banking recorded).
- Cough assist: intervention only. Oral supplements: the latest nutrition record saying so.
- Palliative care: a referral date, or a hospice intervention in place.

Declined, for the prompts whose care has no status of its own to say so: the prompt is
answered "Declined by the patient" (an optional note; the date is the day the answer was
recorded). Each rule that can be declined says so in the rule table (`Declinable`: what was
declined and the measures it returns on):
- AAC planning (voice and message banking) and the AAC device assessment: the ALSFRS-R speech
  item; the speaking-rate AAC advice: the speech item or the speaking rate;
- cough assist: the peak cough flow; oral nutritional supplements (the early weight-loss prompt
  while it advises them): the weight loss, where more loss is worse;
- the tracheostomy discussion: FVC;
- the palliative care referral: no measure, so the decline stays a dated fact until the answer
  is withdrawn (Answered…).
While declined, the prompt is replaced by a fact "… declined on DD Mon YYYY"; it returns when a
measure taken after that day is worse than the last one on or before it (`worsened_since`), and
the card says what worsened. Monitoring prompts (ALT tests, respiratory tests, edaravone cycles,
tofersen doses) cannot be declined.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from .snapshot import InterventionEntry, PatientSnapshot

if TYPE_CHECKING:
    from .measures import PatientMeasures

AAC_DEVICE_STATUSES = ("low_tech", "high_tech")
AAC_PLANNED_STATUSES = ("planned", "banking_done")


@dataclass(frozen=True)
class CareState:
    niv_in_use: bool  # NIV intervention in place or NIV status "started"
    tracheostomy_ventilation: bool  # tracheostomy in place or NIV status "tracheostomy"
    niv_declined_on: date | None  # the visit whose NIV status "declined" is the latest status
    gastrostomy_placed: bool
    gastrostomy_planned: bool
    gastrostomy_declined_on: date | None
    cough_assist_in_place: bool
    aac_device_in_use: bool
    aac_planned: bool  # planned or banking done, or a device already in use
    supplements_in_use: bool
    palliative_referred: bool
    # Prompts answered "declined" (rule id -> the day), for the rules that can be declined.
    declined_prompts: Mapping[str, date] = field(default_factory=dict)


def _of_kind(snapshot: PatientSnapshot, kind: str) -> list[InterventionEntry]:
    return [i for i in snapshot.interventions if i.kind == kind and i.started_on <= snapshot.today]


def _in_place(snapshot: PatientSnapshot, kind: str) -> bool:
    return any(i.in_place(snapshot.today) for i in _of_kind(snapshot, kind))


def _status_holds(snapshot: PatientSnapshot, kind: str, recorded_on: date) -> bool:
    """A status recorded on `recorded_on` still holds unless an intervention of that kind ended since."""
    return not any(
        i.ended_on is not None and recorded_on <= i.ended_on <= snapshot.today for i in _of_kind(snapshot, kind)
    )


def latest_status(entries: Iterable[tuple[date, str | None]], today: date) -> tuple[str, date] | None:
    """The latest recorded status on or before `today`, with the visit that recorded it."""
    found = None
    for on, status in entries:  # oldest first
        if status and on <= today:
            found = (status, on)
    return found


def care_state(snapshot: PatientSnapshot) -> CareState:
    today = snapshot.today
    niv = latest_status(((r.visit_date, r.niv_status) for r in snapshot.respiratory), today)
    niv_status, niv_on = niv if niv else (None, today)
    gastrostomy = latest_status(((n.visit_date, n.gastrostomy_status) for n in snapshot.nutrition), today)
    gastrostomy_status, gastrostomy_on = gastrostomy if gastrostomy else (None, today)
    aac = latest_status(((s.visit_date, s.aac_status) for s in snapshot.slp), today)
    aac_status = aac[0] if aac else None

    device = _in_place(snapshot, "aac_device") or aac_status in AAC_DEVICE_STATUSES
    banking = any(s.voice_banking for s in snapshot.slp if s.visit_date <= today)
    supplements = next(
        (n.oral_supplements for n in reversed(snapshot.nutrition)
         if n.oral_supplements is not None and n.visit_date <= today),
        False,
    )
    return CareState(
        niv_in_use=_in_place(snapshot, "niv") or (niv_status == "started" and _status_holds(snapshot, "niv", niv_on)),
        tracheostomy_ventilation=_in_place(snapshot, "tracheostomy") or (
            niv_status == "tracheostomy" and _status_holds(snapshot, "tracheostomy", niv_on)),
        niv_declined_on=niv_on if niv_status == "declined" else None,
        gastrostomy_placed=_in_place(snapshot, "gastrostomy") or (
            gastrostomy_status == "placed" and _status_holds(snapshot, "gastrostomy", gastrostomy_on)),
        gastrostomy_planned=gastrostomy_status == "planned",
        gastrostomy_declined_on=gastrostomy_on if gastrostomy_status == "declined" else None,
        cough_assist_in_place=_in_place(snapshot, "cough_assist"),
        aac_device_in_use=device,
        aac_planned=device or banking or aac_status in AAC_PLANNED_STATUSES,
        supplements_in_use=bool(supplements),
        palliative_referred=_in_place(snapshot, "hospice") or any(
            p.referral_date is not None and p.referral_date <= today for p in snapshot.palliative),
        declined_prompts={d.rule_id: d.declined_on for d in snapshot.declined if d.declined_on <= today},
    )


# ---------------------------------------------------------------------------- declined care

Series = tuple[tuple[date, float], ...]  # (day measured, value), oldest first


@dataclass(frozen=True)
class Worsening:
    """A measure lower than when care was declined: the declined prompt comes back."""

    label: str
    unit: str
    before: float | None  # the last value on or before the decision (None: not measured then)
    now: float
    measured_on: date


def worsened_since(
    label: str, unit: str, series: Series, declined_on: date, meets: Callable[[float], bool] | None = None,
    *, higher_is_worse: bool = False,
) -> Worsening | None:
    """The latest value measured after `declined_on` when it is worse than the last value on or
    before that day: lower, or higher for a measure where more is worse (`higher_is_worse`, as
    weight loss). An equal value is not worse. With no value on or before it, a later value
    counts only when it meets the prompt's own criterion (`meets`): a trigger new since the
    decision. No minimum change and no review interval: the sources give none."""
    before = [(on, value) for on, value in series if on <= declined_on]
    after = [(on, value) for on, value in series if on > declined_on]
    if not after:
        return None
    on, now = after[-1]
    if before:
        baseline = before[-1][1]
        worse = now > baseline if higher_is_worse else now < baseline
        return Worsening(label, unit, baseline, now, on) if worse else None
    if meets is not None and meets(now):
        return Worsening(label, unit, None, now, on)
    return None


def first_worsening(*found: Worsening | None) -> Worsening | None:
    return next((w for w in found if w is not None), None)


def worsening_text(w: Worsening) -> str:
    """'FVC 55 → 45 % predicted (measured 03 Jun 2024)' for the card that came back."""
    now = f"{w.now:g} {w.unit}".rstrip()
    change = f"{w.label} {w.before:g} → {now}" if w.before is not None else f"{w.label} {now}, first measured since"
    return f"{change} (measured {w.measured_on:%d %b %Y})"


# ---------------------------------------------------------------------------- prompts declined


@dataclass(frozen=True)
class ReturnsOn:
    """A measure a declined prompt comes back on: its values over time, and which way is worse."""

    label: str  # as the card shows it: "ALSFRS-R speech"
    unit: str
    series: Callable[[PatientSnapshot, PatientMeasures], Series]
    higher_is_worse: bool = False
    meets: Callable[[float], bool] | None = None  # the prompt's own criterion (see worsened_since)
    named: str | None = None  # as a sentence names it, when not the label: "ALSFRS-R speech item"

    def worsening(self, snapshot: PatientSnapshot, m: PatientMeasures, declined_on: date) -> Worsening | None:
        return worsened_since(self.label, self.unit, self.series(snapshot, m), declined_on, self.meets,
                              higher_is_worse=self.higher_is_worse)

    def at_decision(self, snapshot: PatientSnapshot, m: PatientMeasures, declined_on: date) -> tuple[float, date] | None:
        """The last value on or before the decision, with the day it was measured."""
        before = [(on, value) for on, value in self.series(snapshot, m) if on <= declined_on]
        return (before[-1][1], before[-1][0]) if before else None

    def words(self) -> str:
        named = self.named or (self.label if self.label[:2].isupper() else self.label[0].lower() + self.label[1:])
        return f"{named} is {'higher' if self.higher_is_worse else 'lower'}"


@dataclass(frozen=True)
class Declinable:
    """A prompt the patient can decline (its care has no status of its own to say so): what was
    declined, as the fact names it, and the measures it returns on (none: it stays declined
    until the answer is withdrawn)."""

    decision: str  # "Cough assist"
    returns_on: tuple[ReturnsOn, ...] = ()

    def worsening(self, snapshot: PatientSnapshot, m: PatientMeasures, declined_on: date) -> Worsening | None:
        return first_worsening(*(r.worsening(snapshot, m, declined_on) for r in self.returns_on))

    def returns_when(self) -> str:
        """When the declined prompt comes back, as a clause (the fact and docs/clinical.md say it)."""
        if not self.returns_on:
            return "it stays declined until the answer is withdrawn (no measure brings it back)"
        return f"it comes back when the {' or the '.join(r.words() for r in self.returns_on)} than at the decision"

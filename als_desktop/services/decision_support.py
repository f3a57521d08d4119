"""The prompts a patient's record raises today, and what clinicians did with them.

A response applies to the prompt as it was seen: an acknowledgement hides that prompt until
its due date moves on (so the next ALT test or dose is prompted again); a deferral hides it
until the date given, or like an acknowledgement when no date is given. A decline ("declined by
the patient", only for prompts to plan, start or assess for care: the rule table's
`declinable`) is read by the rules themselves through the snapshot: the prompt gives way to a
dated fact, and comes back when its measure has worsened since (clinical.care_state). The
latest response (not voided) for a rule is the one in force. A prompt never blocks recording.

An answer given to a card that was merged into another counts for the card that replaced it
(clinical.rules.RULE_ID_ALIASES); an answer to a retired rule no longer counts. A summary as of
a past day (`recorded_by`) reads only what was recorded by then, answers included.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from als_desktop.clinical.prompts import Prompt, Rule, evaluate_all
from als_desktop.clinical.rules_common import declined_fact_id
from als_desktop.clinical.settings import ClinicSettings
from als_desktop.clinical.snapshot import PatientSnapshot
from als_desktop.models import PROMPT_RESPONSE, Patient, PromptResponse, TeamAction

from .checks import Problems
from .errors import NotFoundError, StaleRecordError, ValidationError
from .records import check_fields, new_row, void_row
from .settings import load_settings
from .snapshots import snapshot_for


@dataclass(frozen=True)
class ActionRequest:
    """A team action to create from a prompt: who owns it, what it is, when it is due."""

    owner_discipline: str
    description: str
    due_on: date | None = None


def default_rules() -> tuple[Rule, ...]:
    from als_desktop.clinical.rules import RULES

    return RULES


def current_rule_id(rule_id: str) -> str | None:
    from als_desktop.clinical.rules import current_rule_id as current

    return current(rule_id)


def prompts_for(
    session: Session,
    patient_id: uuid.UUID,
    today: date,
    rules: tuple[Rule, ...] | None = None,
    settings: ClinicSettings | None = None,
) -> list[Prompt]:
    """The prompts in force for the patient today: all that fire, less those answered."""
    fired = all_prompts_for(session, patient_id, today, rules, settings)
    return without_answered(fired, responses_in_force(session, patient_id), today)


def prompts_for_all(
    session: Session, today: date, rules: tuple[Rule, ...] | None = None
) -> dict[uuid.UUID, list[Prompt]]:
    """The prompts in force for every patient (the clinic worklist), in a fixed number of queries."""
    from .snapshots import snapshots_for_all

    rules = rules if rules is not None else default_rules()
    settings = load_settings(session)
    responses = responses_in_force(session)
    result = {}
    for patient_id, snapshot in snapshots_for_all(session, today).items():
        fired = evaluate_all(rules, snapshot, settings)
        result[patient_id] = [prompt for prompt in fired
                              if not is_answered(prompt, responses.get((patient_id, prompt.rule_id)), today)]
    return result


def all_prompts_for(
    session: Session,
    patient_id: uuid.UUID,
    today: date,
    rules: tuple[Rule, ...] | None = None,
    settings: ClinicSettings | None = None,
) -> list[Prompt]:
    """Every prompt that fires, answered or not (most urgent first)."""
    snapshot = snapshot_for(session, patient_id, today)
    return evaluate_all(rules if rules is not None else default_rules(), snapshot,
                        settings if settings is not None else load_settings(session))


def responses_in_force(
    session: Session, patient_id: uuid.UUID | None = None, *, recorded_by: date | None = None
) -> dict[Any, PromptResponse]:
    """The latest response (not voided) per rule: keyed by rule id for one patient, else by
    (patient id, rule id) for the whole clinic, in one query. The key is the rule's current id
    (an answer to a merged card counts for its successor); with `recorded_by`, only responses
    recorded by the end of that day count."""
    query = select(PromptResponse).where(PromptResponse.voided_at.is_(None)).order_by(PromptResponse.created_at)
    if patient_id is not None:
        query = query.where(PromptResponse.patient_id == patient_id)
    if recorded_by is not None:
        end_of_day = datetime.combine(recorded_by + timedelta(days=1), time.min).astimezone(UTC)
        query = query.where(PromptResponse.created_at < end_of_day)
    latest: dict[Any, PromptResponse] = {}
    for response in session.scalars(query):
        rule_id = current_rule_id(response.rule_id)
        if rule_id is None:
            continue
        latest[rule_id if patient_id is not None else (response.patient_id, rule_id)] = response
    if recorded_by is None and any(r.team_action_id for r in latest.values()):
        # A team action that was cancelled (or voided) no longer answers its prompt: the prompt
        # comes back, so the care it asked for is not silently dropped.
        dropped = _withdrawn_actions(session, patient_id)
        latest = {key: r for key, r in latest.items() if r.team_action_id not in dropped}
    return latest


def _withdrawn_actions(session: Session, patient_id: uuid.UUID | None) -> set[uuid.UUID]:
    """Cancelled or voided team actions (of one patient, or of the clinic: a short list)."""
    query = select(TeamAction.id).where((TeamAction.status == "cancelled") | TeamAction.voided_at.is_not(None))
    if patient_id is not None:
        query = query.where(TeamAction.patient_id == patient_id)
    return set(session.scalars(query))


def is_answered(prompt: Prompt, response: PromptResponse | None, today: date) -> bool:
    if response is None or response.prompt_due_on != prompt.due_on:
        return False
    if response.response == "declined":
        # The rule already kept the prompt quiet while the decline stands: one that fires is
        # back because its measure worsened, and must show.
        return False
    if response.response == "deferred" and response.deferred_until is not None:
        return today < response.deferred_until
    return True


def without_answered(prompts: Iterable[Prompt], responses: Mapping[str, PromptResponse], today: date) -> list[Prompt]:
    return [prompt for prompt in prompts if not is_answered(prompt, responses.get(prompt.rule_id), today)]


def respond(
    session: Session,
    patient_id: uuid.UUID,
    rule_id: str,
    response: str,
    author: str,
    reason: str | None = None,
    deferred_until: date | None = None,
    action: ActionRequest | Mapping[str, Any] | None = None,
    *,
    today: date | None = None,
    rules: tuple[Rule, ...] | None = None,
) -> PromptResponse:
    """Record a response to a prompt the patient's record raises today; with `action`, the team
    action is created in the same transaction (the caller's)."""
    today = today or date.today()
    patient = session.get(Patient, patient_id)
    if patient is None or patient.is_voided:
        raise NotFoundError("This patient record no longer exists.")

    problems = Problems()
    reason = reason.strip() if reason and reason.strip() else None
    if response not in PROMPT_RESPONSE:
        problems.add("response", f"Response: '{response}' is not one of the recorded choices.")
    if response == "deferred" and reason is None:
        problems.add("reason", "Give a reason for deferring (for example 'patient wants to discuss at home first').")
    if deferred_until is not None:
        if response != "deferred":
            problems.add("deferred_until", "A date to defer until is only given when deferring.")
        elif deferred_until <= today:
            problems.add("deferred_until", f"Defer until must be a later date than today ({deferred_until:%d %b %Y}).")
    action_values = _action_values(action) if action is not None else None
    if response == "action_created" and action_values is None:
        problems.add("action", "Give the team action to create: owner, action and due date.")
    if action_values is not None and response != "action_created":
        problems.add("action", "A team action is only created with the response 'action_created'.")
    if action_values is not None:
        check_fields(TeamAction, action_values, problems, creating=True)
    problems.raise_if_any()

    rule_id = current_rule_id(rule_id) or rule_id
    prompt = next((p for p in all_prompts_for(session, patient_id, today, rules) if p.rule_id == rule_id), None)
    if prompt is None:
        raise StaleRecordError(
            "This prompt no longer applies to the patient's record (it changed since the prompt was "
            "shown). Nothing was recorded."
        )
    if response == "declined" and not prompt.declinable:
        raise ValidationError({"response": declining_refused(prompt)})

    team_action = None
    if action_values is not None:
        team_action = new_row(session, TeamAction, {
            **action_values, "patient_id": patient_id, "source": prompt.source, "rule_id": rule_id,
        }, author)
    return new_row(session, PromptResponse, {
        "patient_id": patient_id,
        "rule_id": rule_id,
        "response": response,
        "reason": reason,
        "deferred_until": deferred_until,
        "prompt_due_on": prompt.due_on,
        "team_action_id": team_action.id if team_action is not None else None,
    }, author)


def declining_refused(prompt: Prompt) -> str:
    """Why this prompt cannot be answered "declined", and what to do instead."""
    from als_desktop.clinical.rules import DECLINED_IN_STATUS

    where = DECLINED_IN_STATUS.get(prompt.rule_id)
    if where is not None:
        return f"A decline of this care is recorded in {where}, where the team keeps it. Nothing was recorded."
    return ("Only a prompt to plan, start or assess for care can be declined by the patient; this one is "
            "about monitoring or information (tests, doses, reviews of care in place). Acknowledge or "
            "defer it instead. Nothing was recorded.")


def _action_values(action: ActionRequest | Mapping[str, Any]) -> dict[str, Any]:
    if isinstance(action, ActionRequest):
        values = {"owner_discipline": action.owner_discipline, "description": action.description,
                  "due_on": action.due_on}
    else:
        values = dict(action)
    if isinstance(values.get("description"), str):
        values["description"] = values["description"].strip()
    return values




@dataclass(frozen=True)
class PatientSummary:
    """What the Overview shows for a patient: derived measures and the prompts in force."""

    measures: Any  # clinical.measures.PatientMeasures
    prompts: list[Prompt]
    settings: ClinicSettings
    answered: list[AnsweredPrompt]  # responses in force, newest first
    fired: list[Prompt]  # every prompt the record raises, answered or not
    snapshot: PatientSnapshot  # what it was all derived from (the trends read it too)


def summary_for(
    session: Session, patient_id: uuid.UUID, today: date, rules: tuple[Rule, ...] | None = None,
    *, recorded_by: date | None = None,
) -> PatientSummary:
    """The patient as of `today`. With `recorded_by` (a summary of a past day: the same day),
    rows without a clinical date and answers to prompts count only when recorded by then."""
    from als_desktop.clinical.measures import derive

    settings = load_settings(session)
    snapshot = snapshot_for(session, patient_id, today, recorded_by=recorded_by)
    rules = rules if rules is not None else default_rules()
    fired = evaluate_all(rules, snapshot, settings)
    responses = responses_in_force(session, patient_id, recorded_by=recorded_by)
    prompts = without_answered(fired, responses, today)
    answered = answered_among(fired, responses, today, rules=rules)
    return PatientSummary(derive(snapshot, settings), prompts, settings, answered, fired, snapshot)


# ---------------------------------------------------------------------------- answered prompts


@dataclass(frozen=True)
class AnsweredPrompt:
    """A response in force: the prompt it hides, who answered it, when and why."""

    response_id: uuid.UUID
    version: int  # of the response as read, so reopening refuses a stale list
    rule_id: str
    title: str
    discipline: str | None  # vocab.DISCIPLINE code of the prompt's owner (None: rule no longer exists)
    response: str  # vocab.PROMPT_RESPONSE code
    answered_by: str
    answered_at: datetime
    reason: str | None
    deferred_until: date | None
    prompt_due_on: date | None
    team_action: str | None  # the description of the team action made from the prompt
    raised_today: bool  # the record raises the prompt today: reopening shows it at once


def answered_prompts(
    session: Session,
    patient_id: uuid.UUID,
    today: date,
    discipline: str | None = None,
    *,
    rules: tuple[Rule, ...] | None = None,
) -> list[AnsweredPrompt]:
    """The patient's prompts hidden by a response in force (those `discipline` owns, or all),
    most recently answered first."""
    fired = all_prompts_for(session, patient_id, today, rules)
    return answered_among(fired, responses_in_force(session, patient_id), today, discipline, rules)


def answered_among(
    fired: Iterable[Prompt],
    responses: Mapping[str, PromptResponse],
    today: date,
    discipline: str | None = None,
    rules: tuple[Rule, ...] | None = None,
) -> list[AnsweredPrompt]:
    """The responses still in force among `responses` (latest per rule), given the prompts that
    fire today. A response no longer counts once its deferral date has come, or once its
    prompt fires again for a later due date (that prompt is already shown)."""
    by_rule = {rule.rule_id: rule for rule in (rules if rules is not None else default_rules())}
    firing = {prompt.rule_id: prompt for prompt in fired}
    answered = []
    for rule_id, response in responses.items():
        if response.response == "deferred" and response.deferred_until is not None and today >= response.deferred_until:
            continue
        prompt = firing.get(rule_id)
        if prompt is not None and not is_answered(prompt, response, today):
            continue
        rule = by_rule.get(rule_id)
        owner = prompt.discipline if prompt is not None else rule.discipline if rule is not None else None
        if discipline is not None and owner != discipline:
            continue
        action = response.team_action
        answered.append(AnsweredPrompt(
            response_id=response.id,
            version=response.version,
            rule_id=rule_id,
            title=rule.title if rule is not None else rule_id,
            discipline=owner,
            response=response.response,
            answered_by=response.created_by,
            answered_at=response.created_at,
            reason=response.reason,
            deferred_until=response.deferred_until,
            prompt_due_on=response.prompt_due_on,
            team_action=action.description if action is not None and not action.is_voided else None,
            # A decline keeps its prompt quiet while the rule would raise it (its fact is shown):
            # withdrawing it shows the prompt at once.
            raised_today=prompt is not None or (
                response.response == "declined" and declined_fact_id(rule_id) in firing),
        ))
    return sorted(answered, key=lambda a: a.answered_at, reverse=True)


def reopen(
    session: Session, response_id: uuid.UUID, expected_version: int, reason: str, author: str
) -> PromptResponse:
    """Withdraw a response so its prompt shows again while the record raises it.

    The response is voided, not deleted: it stays in the record with who withdrew it, when and
    why. A team action made from the prompt is the team's own task and is left as it is.
    """
    if not reason or not reason.strip():
        raise ValidationError({"reason": "Give a reason for reopening (for example 'acknowledged by mistake')."})
    response = session.get(PromptResponse, response_id)
    if response is None:
        raise NotFoundError("This answer to a prompt no longer exists. Nothing was reopened.")
    if response.is_voided:
        raise StaleRecordError(
            f"This prompt was already reopened by {response.voided_by} at "
            f"{response.voided_at.astimezone():%d %b %Y %H:%M} ({response.void_reason}). Nothing was changed."
        )
    if response.version != expected_version:
        raise StaleRecordError(
            f"This answer to the prompt was changed by {response.updated_by} at "
            f"{response.updated_at.astimezone():%d %b %Y %H:%M} after the list was opened. Nothing was "
            "reopened: the list now shows it as it is; reopen it again if that is still needed."
        )
    return void_row(session, PromptResponse, response_id, expected_version, reason, author)

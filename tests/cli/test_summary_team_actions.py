"""`als-desktop summary MRN [--json] [--as-of DATE]` lists the patient's team actions: the open
ones with the overdue flag, and those done or cancelled lately with who, when and the note."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest

from als_desktop.cli import SUMMARY_KEYS
from als_desktop.config import sqlite_url
from als_desktop.db import open_database
from als_desktop.models import TeamAction, utc_now
from als_desktop.services import patients, team_actions, writer

AUTHOR = "test.clinician"
TODAY = date.today()


@pytest.fixture
def clinic(tmp_path: Path, new_clinic) -> tuple[Path, dict[str, str]]:  # noqa: ANN001
    """One patient with an overdue action, one due later, one done and one made long ago."""
    path = new_clinic(tmp_path / "actions.sqlite")
    database = open_database(sqlite_url(path))
    try:
        with database.transaction() as session:
            patient = patients.create_patient(session, {
                "mrn": "MRN-5501", "given_name": "Kim", "family_name": "Summary",
                "date_of_birth": date(1955, 2, 2), "sex": "female"}, AUTHOR)
            ids = {
                "overdue": team_actions.create_action(session, patient.id, "nutrition", "Weigh weekly at home",
                                                      TODAY - timedelta(days=1), AUTHOR),
                "later": team_actions.create_action(session, patient.id, "slp", "Voice banking referral",
                                                    TODAY + timedelta(days=20), AUTHOR),
                "done": team_actions.create_action(session, patient.id, "pulmonary", "Book overnight oximetry",
                                                   TODAY, AUTHOR),
            }
            # Made ten days ago (a record file keeps the creation time), done today.
            old = writer.create(session, TeamAction, {
                "patient_id": patient.id, "owner_discipline": "palliative", "description": "Discuss hospice",
                "status": "open", "due_on": TODAY - timedelta(days=5)}, AUTHOR,
                kept={"created_at": utc_now() - timedelta(days=10)})
            ids["old"] = old.id
        with database.transaction() as session:
            team_actions.mark_done(session, ids["done"], 1, "other.nurse", note="Booked for next week")
            team_actions.cancel(session, ids["old"], 1, "Patient prefers to wait", "other.nurse")
    finally:
        database.close()
    return path, {name: str(action_id) for name, action_id in ids.items()}


def test_json_lists_open_actions_with_overdue_and_recently_closed_ones(run_cli, clinic) -> None:
    path, ids = clinic
    result = run_cli("--database", str(path), "summary", "MRN-5501", "--json")
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    assert tuple(document) == SUMMARY_KEYS and "team_actions" in SUMMARY_KEYS
    actions = document["team_actions"]
    assert tuple(actions) == ("open", "recently_closed", "recently_closed_days")
    assert actions["recently_closed_days"] == team_actions.RECENTLY_CLOSED_DAYS
    assert [(a["id"], a["overdue"]) for a in actions["open"]] == [(ids["overdue"], True), (ids["later"], False)]
    first = actions["open"][0]
    assert tuple(first) == team_actions.ACTION_KEYS
    assert (first["owner_discipline"], first["due_on"], first["status"], first["closed_by"]) == (
        "nutrition", (TODAY - timedelta(days=1)).isoformat(), "open", None)
    closed = {a["id"]: a for a in actions["recently_closed"]}
    assert set(closed) == {ids["done"], ids["old"]}
    assert (closed[ids["done"]]["status"], closed[ids["done"]]["completed_on"], closed[ids["done"]]["closed_by"],
            closed[ids["done"]]["note"]) == ("done", TODAY.isoformat(), "other.nurse", "Booked for next week")
    assert (closed[ids["old"]]["status"], closed[ids["old"]]["note"], closed[ids["old"]]["closed_on"]) == (
        "cancelled", "Patient prefers to wait", TODAY.isoformat())


def test_as_of_an_earlier_day_only_what_was_recorded_by_then(run_cli, clinic) -> None:
    path, ids = clinic
    as_of = TODAY - timedelta(days=2)
    result = run_cli("--database", str(path), "summary", "MRN-5501", "--json", "--as-of", as_of.isoformat())
    assert result.returncode == 0, result.stderr
    actions = json.loads(result.stdout)["team_actions"]
    # Only the action made ten days ago existed then, still open (cancelled only today), and
    # it was already overdue then (due five days ago).
    assert [(a["id"], a["status"], a["overdue"], a["note"]) for a in actions["open"]] == [
        (ids["old"], "open", True, None)]
    assert actions["recently_closed"] == []


def test_the_text_summary_prints_the_actions(run_cli, clinic) -> None:
    path, _ids = clinic
    result = run_cli("--database", str(path), "summary", "MRN-5501")
    assert result.returncode == 0, result.stderr
    due = (TODAY - timedelta(days=1)).strftime("%d %b %Y")
    assert "Team actions (2 open, 1 overdue)" in result.stdout
    assert f"[OVERDUE] Nutrition / dietetics: Weigh weekly at home  (due {due})" in result.stdout
    assert f"[CANCELLED {TODAY:%d %b %Y}] Palliative care: Discuss hospice — Patient prefers to wait" in result.stdout

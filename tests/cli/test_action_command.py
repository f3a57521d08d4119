"""`als-desktop action`: a patient's team actions seen through to done from the command line."""

from __future__ import annotations

import json
from collections.abc import Callable

CliRun = Callable[..., tuple[int, str, str]]


def first_patient_with_actions(cli_here: CliRun) -> tuple[str, dict]:
    for number in range(1, 41):
        mrn = f"DEMO-{number:05d}"
        code, out, _err = cli_here("action", "list", mrn, "--json")
        if code == 0:
            document = json.loads(out)
            if document["open"]:
                return mrn, document
    raise AssertionError("the demo clinic has an open team action")


def test_an_action_is_done_cancelled_and_reopened_with_its_note_in_the_history(cli_here: CliRun) -> None:
    mrn, document = first_patient_with_actions(cli_here)
    action = document["open"][0]

    code, out, err = cli_here("action", "done", action["id"], "--note", "Seen by the dietitian")
    assert code == 0, err
    assert out.startswith("Team action marked done: ")
    closed = json.loads(cli_here("action", "list", mrn, "--json")[1])
    [done] = [row for row in closed["recently_closed"] if row["id"] == action["id"]]
    assert (done["status"], done["note"]) == ("done", "Seen by the dietitian")

    code, _out, err = cli_here("action", "cancel", action["id"], "--note", "twice")
    assert code == 2 and "already done" in err  # closed actions are reopened first
    assert cli_here("action", "reopen", action["id"], "--note", "Not finished")[0] == 0
    assert cli_here("action", "cancel", action["id"], "--note", "Moved to another clinic")[0] == 0

    _code, history, _err = cli_here("history", mrn)
    for note in ("Seen by the dietitian", "Not finished", "Moved to another clinic"):
        assert note in history


def test_a_cancel_without_a_note_or_an_unknown_id_is_refused(cli_here: CliRun) -> None:
    _mrn, document = first_patient_with_actions(cli_here)
    code, _out, err = cli_here("action", "cancel", document["open"][0]["id"])
    assert code == 2 and "--note" in err
    code, _out, err = cli_here("action", "done", "00000000-0000-0000-0000-000000000000")
    assert code == 2 and "No team action with that id" in err
    code, _out, err = cli_here("action", "done", "12; DROP TABLE")
    assert code == 2 and "is not a team action id" in err


def test_the_list_names_the_ids_to_act_on(cli_here: CliRun) -> None:
    mrn, document = first_patient_with_actions(cli_here)
    code, out, _err = cli_here("action", "list", mrn)
    assert code == 0
    assert "Team actions (" in out and document["open"][0]["id"] in out

"""How many prompts a clinic coordinator meets on a demo clinic, and whether any of them asks
for care the patient already has.

    python benchmarks/prompt_load.py [--patients 120] [--seed 1] [--as-of 2025-06-02]
                                     [--database FILE] [--runs 3]

Builds a demo clinic of `--patients` synthetic patients (als_desktop.services.demo, fixed seed)
as of `--as-of` in a temporary folder, or opens the clinic in `--database`, and reads every
living patient's prompts as the clinic worklist does (services.worklist: the rule table, less
the prompts the team has answered). It prints:

  - open prompts per living patient (median, 90th percentile, maximum), all of them and the
    actionable ones only (urgent or action: what asks the team to do something now, leaving
    out scheduled tests and doses, and information);
  - the count per rule id;
  - the prompts raised for care already in place, which must be none. "In place" is judged here
    from the patient's snapshot (services.snapshots), not by the rules: an intervention started
    on or before the day and not ended, or the discipline's own status (AAC low-tech or
    high-tech in use; NIV started or tracheostomy ventilation; gastrostomy placed; a palliative
    referral dated), as clinical reference section 11 defines it;
  - the time the worklist takes against a bare baseline measured in the same run: building the
    same living patients' snapshots alone, without any rule. The ratio is the number to watch.

Exit status 1 when any prompt asks for care already in place, else 0.
"""

from __future__ import annotations

import argparse
import math
import re
import statistics
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DEFAULT_AS_OF = date(2025, 6, 2)  # a Monday: the demo's clinic runs that day
ACTIONABLE = ("urgent", "action")


# ----------------------------------------------------------------- care in place, from the record


def _latest(entries: Sequence[Any], attribute: str) -> Any:
    """The latest recorded value of `attribute` (entries are oldest first)."""
    for entry in reversed(entries):
        value = getattr(entry, attribute)
        if value is not None:
            return value
    return None


def _intervention(snapshot: Any, *kinds: str) -> bool:
    return any(i.kind in kinds and i.in_place(snapshot.today) for i in snapshot.interventions)


def aac_planned(snapshot: Any) -> bool:
    return _latest(snapshot.slp, "aac_status") in ("planned", "banking_done", "low_tech", "high_tech") \
        or aac_in_use(snapshot)


def aac_in_use(snapshot: Any) -> bool:
    return _latest(snapshot.slp, "aac_status") in ("low_tech", "high_tech") or _intervention(snapshot, "aac_device")


def cough_assist_in_place(snapshot: Any) -> bool:
    return _intervention(snapshot, "cough_assist")


def tracheostomy_in_place(snapshot: Any) -> bool:
    return _latest(snapshot.respiratory, "niv_status") == "tracheostomy" or _intervention(snapshot, "tracheostomy")


def ventilation_in_place(snapshot: Any) -> bool:
    return _latest(snapshot.respiratory, "niv_status") == "started" or _intervention(snapshot, "niv") \
        or tracheostomy_in_place(snapshot)


def gastrostomy_in_place(snapshot: Any) -> bool:
    return _latest(snapshot.nutrition, "gastrostomy_status") == "placed" or _intervention(snapshot, "gastrostomy")


def palliative_referred(snapshot: Any) -> bool:
    return any(p.referral_date and p.referral_date <= snapshot.today for p in snapshot.palliative) \
        or _intervention(snapshot, "hospice")


def _asks_to_start(message: str) -> bool:
    # With cough assist in place, an ineffective cough asks for a review of airway clearance:
    # that prompt is about the care in place, not a request to start it.
    return "review" not in message.casefold()


def supplements_in_use(snapshot: Any) -> bool:
    return bool(_latest(snapshot.nutrition, "oral_supplements"))


def _advises_supplements(message: str) -> bool:
    return re.search(r"\b(consider|start)\b[^.:;]*supplement", message, re.IGNORECASE) is not None


@dataclass(frozen=True)
class CareCheck:
    """Prompts (rule ids matching `rules`, and `message` when given) that must stay quiet while
    `in_place` holds for the patient."""

    care: str
    rules: str  # a regular expression on the rule id
    in_place: Callable[[Any], bool]
    message: Callable[[str], bool] = lambda _message: True

    def raised_for_care_in_place(self, rule_id: str, message: str, snapshot: Any) -> bool:
        return bool(re.fullmatch(self.rules, rule_id)) and self.message(message) and self.in_place(snapshot)


CARE_CHECKS = (
    CareCheck("AAC planned or in use", r"SLP-AAC-PLANNING|SLP-VOICE-BANKING", aac_planned),
    CareCheck("AAC device in use", r"SLP-AAC-DEVICE|SLP-SPEAKING-RATE", aac_in_use),
    CareCheck("cough assist in place", r"RESP-COUGH-ASSIST", cough_assist_in_place),
    CareCheck("cough assist in place", r"RESP-COUGH-INEFFECTIVE", cough_assist_in_place, _asks_to_start),
    CareCheck("NIV or tracheostomy ventilation", r"RESP-NIV.*", ventilation_in_place),
    CareCheck("tracheostomy ventilation", r"RESP-TRACHEOSTOMY.*", tracheostomy_in_place),
    CareCheck("gastrostomy placed", r"NUT-GASTROSTOMY.*", gastrostomy_in_place),
    CareCheck("gastrostomy placed (oral supplements advised)", r"NUT-.*", gastrostomy_in_place, _advises_supplements),
    CareCheck("oral supplements in use", r"NUT-.*", supplements_in_use, _advises_supplements),
    CareCheck("palliative referral", r"PAL-REFERRAL", palliative_referred),
)


# ----------------------------------------------------------------------------- the measurement


@dataclass(frozen=True)
class Spread:
    median: float
    p90: float
    maximum: int

    @classmethod
    def of(cls, counts: Sequence[int]) -> Spread:
        if not counts:
            return cls(0, 0, 0)
        ordered = sorted(counts)
        # Nearest rank: a count some patient really has.
        p90 = ordered[max(0, math.ceil(0.9 * len(ordered)) - 1)]
        return cls(statistics.median(ordered), p90, ordered[-1])

    def __str__(self) -> str:
        return f"median {self.median:g}, 90th percentile {self.p90:g}, maximum {self.maximum}"


@dataclass(frozen=True)
class CareInPlace:
    mrn: str
    rule_id: str
    care: str


@dataclass
class PromptLoad:
    as_of: date
    living: int
    prompts: int
    per_patient: Spread
    actionable_per_patient: Spread
    # Actionable prompts less those raised for care already in place: the load once the rules
    # are quiet about it.
    actionable_not_in_place: Spread
    per_rule: Counter[str]
    severity_of_rule: dict[str, str]
    care_in_place: list[CareInPlace] = field(default_factory=list)


def measure(database: Any, as_of: date) -> PromptLoad:
    """The prompt load of the clinic in `database` as of `as_of`, read through the services."""
    from als_desktop.services.snapshots import snapshots_for_all
    from als_desktop.services.worklist import worklist

    with database.reading() as session:
        snapshots = snapshots_for_all(session, as_of, living_only=True)
        rows = worklist(session, as_of).rows
    every = Counter({patient_id: 0 for patient_id in snapshots})
    actionable = Counter({patient_id: 0 for patient_id in snapshots})
    not_in_place = Counter({patient_id: 0 for patient_id in snapshots})
    care_in_place = []
    for row in rows:
        every[row.patient_id] += 1
        is_actionable = str(row.severity) in ACTIONABLE
        actionable[row.patient_id] += is_actionable
        snapshot = snapshots.get(row.patient_id)
        check = next((check for check in CARE_CHECKS if snapshot is not None
                      and check.raised_for_care_in_place(row.rule_id, row.message, snapshot)), None)
        if check is not None:
            care_in_place.append(CareInPlace(row.mrn, row.rule_id, check.care))
        else:
            not_in_place[row.patient_id] += is_actionable
    return PromptLoad(
        as_of=as_of,
        living=len(snapshots),
        prompts=len(rows),
        per_patient=Spread.of(list(every.values())),
        actionable_per_patient=Spread.of(list(actionable.values())),
        actionable_not_in_place=Spread.of(list(not_in_place.values())),
        per_rule=Counter(row.rule_id for row in rows),
        severity_of_rule={row.rule_id: str(row.severity) for row in rows},
        care_in_place=care_in_place,
    )


def timings(database: Any, as_of: date, runs: int) -> tuple[list[float], list[float]]:
    """Alternating runs of the worklist and of the bare baseline (the snapshots alone)."""
    from als_desktop.services.snapshots import snapshots_for_all
    from als_desktop.services.worklist import worklist

    whole: list[float] = []
    bare: list[float] = []
    for _ in range(runs):
        started = time.perf_counter()
        with database.reading() as session:
            worklist(session, as_of)
        whole.append(time.perf_counter() - started)
        started = time.perf_counter()
        with database.reading() as session:
            snapshots_for_all(session, as_of, living_only=True)
        bare.append(time.perf_counter() - started)
    return whole, bare


def report(load: PromptLoad, out: Any = None) -> None:
    out = out or sys.stdout  # looked up now: a caller may have redirected it
    print(f"As of {load.as_of:%d %b %Y}: {load.living} living patients, {load.prompts} open prompts.", file=out)
    print(f"Open prompts per living patient:       {load.per_patient}", file=out)
    print(f"Actionable (urgent or action) prompts: {load.actionable_per_patient}", file=out)
    print(f"  less those for care in place:        {load.actionable_not_in_place}", file=out)
    print("Prompts per rule:", file=out)
    for rule_id, count in sorted(load.per_rule.items(), key=lambda item: (-item[1], item[0])):
        print(f"  {count:5d}  {rule_id:<28} {load.severity_of_rule[rule_id]}", file=out)
    print(f"Prompts raised for care already in place: {len(load.care_in_place)}", file=out)
    for found in load.care_in_place:
        print(f"  {found.mrn}  {found.rule_id:<28} {found.care}", file=out)


def build_demo(path: Path, patients: int, seed: int, as_of: date) -> Any:
    from als_desktop.config import sqlite_url
    from als_desktop.db import open_database
    from als_desktop.services import demo

    database = open_database(sqlite_url(path))
    demo.populate(database, patients, seed=seed, today=as_of)
    return database


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--patients", type=int, default=120, help="demo clinic size (default 120)")
    parser.add_argument("--seed", type=int, default=1, help="demo seed (default 1)")
    parser.add_argument("--as-of", type=date.fromisoformat, default=DEFAULT_AS_OF,
                        help=f"the day the prompts are read (default {DEFAULT_AS_OF.isoformat()})")
    parser.add_argument("--database", type=Path, help="an existing clinic to read instead of a new demo")
    parser.add_argument("--runs", type=int, default=3, help="timed runs of each kind (default 3; 0: no times)")
    options = parser.parse_args(argv)

    from als_desktop.config import sqlite_url
    from als_desktop.db import open_database

    with tempfile.TemporaryDirectory(prefix="als-prompt-load-") as folder:
        if options.database:
            database = open_database(sqlite_url(options.database), create=False, migrate=False, writing=False)
            print(f"Clinic: {options.database}")
        else:
            database = build_demo(Path(folder) / "demo.sqlite", options.patients, options.seed, options.as_of)
            print(f"Clinic: a demo of {options.patients} patients (seed {options.seed}) built as of "
                  f"{options.as_of:%d %b %Y}")
        try:
            load = measure(database, options.as_of)  # also the warm-up of the timings
            whole, bare = timings(database, options.as_of, options.runs) if options.runs > 0 else ([], [])
        finally:
            database.close()
    report(load)
    if whole:
        print(f"Worklist (snapshots and rules): median {statistics.median(whole):.3f} s; "
              f"snapshots alone: median {statistics.median(bare):.3f} s; "
              f"ratio worklist/snapshots {statistics.median(whole) / statistics.median(bare):.2f} "
              f"({options.runs} runs each, alternating)")
    return 1 if load.care_in_place else 0


if __name__ == "__main__":
    sys.exit(main())

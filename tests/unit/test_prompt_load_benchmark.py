"""benchmarks/prompt_load.py: its output on a small demo clinic, and its own judgement of care in place."""

from __future__ import annotations

import importlib.util
import re
import sys
from datetime import date
from pathlib import Path
from types import ModuleType

import pytest

from als_desktop.clinical.respiratory import Measures
from als_desktop.clinical.snapshot import (
    InterventionEntry,
    NutritionEntry,
    PatientSnapshot,
    RespiratoryEntry,
    SlpEntry,
)

SCRIPT = Path(__file__).resolve().parents[2] / "benchmarks" / "prompt_load.py"
DAY = date(2025, 6, 2)


@pytest.fixture(scope="module")
def prompt_load() -> ModuleType:
    spec = importlib.util.spec_from_file_location("prompt_load", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["prompt_load"] = module  # dataclasses look their module up while being made
    spec.loader.exec_module(module)
    return module


def test_main_prints_the_load_of_a_small_demo_clinic(prompt_load: ModuleType, capsys: pytest.CaptureFixture[str]) -> None:
    status = prompt_load.main(["--patients", "12", "--as-of", DAY.isoformat(), "--runs", "1"])
    out = capsys.readouterr().out
    lines = out.splitlines()

    assert lines[0] == "Clinic: a demo of 12 patients (seed 1) built as of 02 Jun 2025"
    living, prompts = map(int, re.fullmatch(r"As of 02 Jun 2025: (\d+) living patients, (\d+) open prompts\.", lines[1]).groups())
    assert 0 < living < 12
    spread = r"median [\d.]+, 90th percentile [\d.]+, maximum \d+"
    assert re.fullmatch(rf"Open prompts per living patient: +{spread}", lines[2])
    assert re.fullmatch(rf"Actionable \(urgent or action\) prompts: {spread}", lines[3])
    assert re.fullmatch(rf"  less those for care in place: +{spread}", lines[4])
    assert lines[5] == "Prompts per rule:"
    per_rule = []
    for line in lines[6:]:
        found = re.fullmatch(r" +(\d+)  ([A-Z0-9-]+) +(urgent|action|due|info)", line)
        if not found:
            break
        per_rule.append(int(found.group(1)))
    assert sum(per_rule) == prompts  # every open prompt counted under its rule
    rest = lines[6 + len(per_rule):]
    in_place = int(re.fullmatch(r"Prompts raised for care already in place: (\d+)", rest[0]).group(1))
    assert status == (1 if in_place else 0)
    assert re.fullmatch(r"Worklist \(snapshots and rules\): median [\d.]+ s; snapshots alone: median [\d.]+ s; "
                        r"ratio worklist/snapshots [\d.]+ \(1 runs each, alternating\)", rest[-1])


def test_the_demo_clinic_raises_no_prompt_for_care_in_place(prompt_load: ModuleType, tmp_path: Path) -> None:
    """Read through the worklist service, as the coordinator sees it (clinical reference section 11)."""
    database = prompt_load.build_demo(tmp_path / "demo.sqlite", 40, 1, DAY)
    try:
        load = prompt_load.measure(database, DAY)
    finally:
        database.close()
    assert load.living > 10 and load.prompts > 0
    assert load.care_in_place == []
    assert load.actionable_per_patient.median <= 3


def snapshot(**values: object) -> PatientSnapshot:
    return PatientSnapshot(today=DAY, date_of_birth=date(1960, 1, 1), **values)  # type: ignore[arg-type]


def raised(prompt_load: ModuleType, rule_id: str, message: str, record: PatientSnapshot) -> list[str]:
    return [check.care for check in prompt_load.CARE_CHECKS
            if check.raised_for_care_in_place(rule_id, message, record)]


def test_care_in_place_is_read_from_the_record(prompt_load: ModuleType) -> None:
    cough_assist = snapshot(interventions=(InterventionEntry("cough_assist", date(2025, 1, 6)),))
    ended = snapshot(interventions=(InterventionEntry("cough_assist", date(2025, 1, 6), ended_on=date(2025, 5, 1)),))
    start = "Cough is ineffective (peak cough flow below 160 L/min): urgent respiratory physiotherapy and cough assist."
    review = "Cough is ineffective although cough assist is in place: urgent review of airway clearance."
    assert raised(prompt_load, "RESP-COUGH-INEFFECTIVE", start, cough_assist) == ["cough assist in place"]
    assert raised(prompt_load, "RESP-COUGH-INEFFECTIVE", review, cough_assist) == []
    assert raised(prompt_load, "RESP-COUGH-INEFFECTIVE", start, ended) == []

    talking = snapshot(slp=(SlpEntry(date(2025, 3, 3), aac_status="high_tech"),))
    assert raised(prompt_load, "SLP-SPEAKING-RATE", "Speaking rate is below 120 words/min: plan AAC.", talking) \
        == ["AAC device in use"]
    assert raised(prompt_load, "SLP-SPEAKING-RATE", "Speaking rate is below 120 words/min: plan AAC.", snapshot()) == []

    tracheostomy = snapshot(respiratory=(RespiratoryEntry(DAY, Measures(), niv_status="tracheostomy"),))
    assert raised(prompt_load, "RESP-NIV-NICE", "Discuss non-invasive ventilation.", tracheostomy) \
        == ["NIV or tracheostomy ventilation"]

    fed = snapshot(nutrition=(NutritionEntry(DAY, gastrostomy_status="placed"),))
    advice = "Weight loss is 7 %: dietitian review; enrich and fractionate meals, consider oral nutritional supplements."
    assert raised(prompt_load, "NUT-WEIGHT-EARLY", advice, fed) == ["gastrostomy placed (oral supplements advised)"]
    regimen = "Weight loss is 7 %, with a gastrostomy in place: dietitian review of the feeding regimen."
    assert raised(prompt_load, "NUT-WEIGHT-EARLY", regimen, fed) == []


def test_spread_uses_a_count_some_patient_has(prompt_load: ModuleType) -> None:
    spread = prompt_load.Spread.of([0, 1, 1, 2, 3, 3, 4, 5, 8, 12])
    assert (spread.median, spread.p90, spread.maximum) == (3, 8, 12)
    assert prompt_load.Spread.of([]).maximum == 0

"""`summary --json` carries the ENCALS research estimate with its source (or what is missing for
it), and `report --family --family-estimates` puts the trend estimates on the family copy, which
leaves them out by default."""

from __future__ import annotations

import json
import math
import re
from datetime import date
from pathlib import Path

import pytest
from cli_helpers import TEST_USER, password_file
from pypdf import PdfReader

from als_desktop import cli
from als_desktop.config import sqlite_url
from als_desktop.db import open_database
from als_desktop.models import (
    AlsfrsAssessment,
    RespiratoryAssessment,
    WeightMeasurement,
)
from als_desktop.reports.family import ESTIMATE_CAPTION
from als_desktop.services import patients, visits

AUTHOR = "test.clinician"
ITEMS = ("speech", "salivation", "swallowing", "handwriting", "cutting_food", "dressing_hygiene",
         "turning_in_bed", "walking", "climbing_stairs", "dyspnea", "orthopnea", "respiratory_insufficiency")
SCORES = dict(zip(ITEMS, (3, 4, 4, 3, 3, 4, 4, 3, 3, 4, 4, 4), strict=True))  # total 43


@pytest.fixture
def clinic(tmp_path: Path, new_clinic) -> Path:  # noqa: ANN001
    """MRN-8801 with every ENCALS predictor; MRN-8802 without a C9orf72 result."""
    path = new_clinic(tmp_path / "prognosis.sqlite")
    password_file(tmp_path)
    database = open_database(sqlite_url(path))
    try:
        for mrn, c9orf72 in (("MRN-8801", "negative"), ("MRN-8802", "not_tested")):
            with database.transaction() as session:
                pid = patients.create_patient(session, {
                    "mrn": mrn, "given_name": "Alex", "family_name": "Prognosis", "date_of_birth": date(1962, 3, 1),
                    "sex": "male", "height_cm": 180.0, "premorbid_weight_kg": 82.0,
                    "onset_date": date(2024, 1, 10), "diagnosis_date": date(2024, 9, 5), "onset_region": "upper_limb",
                    "diagnostic_criteria": "el_escorial_definite", "ftd": "no", "c9orf72_status": c9orf72,
                }, AUTHOR).id
            for day, fvc, kg in ((date(2024, 9, 5), 90.0, 80.0), (date(2024, 12, 5), 82.0, 78.5),
                                 (date(2025, 3, 6), 75.0, 77.0)):
                with database.transaction() as session:
                    visit = visits.create_visit(session, pid, {"visit_date": day}, AUTHOR)
                    visits.record_on_visit(session, AlsfrsAssessment, visit.id, {**SCORES, "cutting_form": "5a"}, AUTHOR)
                    visits.record_on_visit(session, RespiratoryAssessment, visit.id, {"fvc_percent_sitting": fvc}, AUTHOR)
                    visits.record_on_visit(session, WeightMeasurement, visit.id, {"weight_kg": kg}, AUTHOR)
    finally:
        database.close()
    return path


def run(capsys: pytest.CaptureFixture[str], path: Path, *args: str) -> tuple[int, str, str]:
    capsys.readouterr()
    # Signed in as the test account, with the password file the clinic fixture put beside it.
    code = cli.main(["--database", str(path), "--user", TEST_USER, "--password-file", str(path.parent / "password"),
                     *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_summary_json_has_the_estimate_with_its_source(clinic: Path, capsys) -> None:
    code, out, err = run(capsys, clinic, "summary", "MRN-8801", "--json", "--as-of", "2025-03-10")
    assert code == 0, err
    prognosis = json.loads(out)["prognosis"]
    assert prognosis["estimated"] is True
    assert prognosis["source"].startswith("Westeneng et al., Lancet Neurol 2018;17:423-33")
    assert "not a certainty" in prognosis["research_estimate"]
    # By hand: ALSFRS-R 43 and FVC 90 % on 5 Sep 2024 (the diagnosis day), onset 10 Jan 2024, born 1 Mar 1962.
    months = (date(2024, 9, 5) - date(2024, 1, 10)).days / 30.4375
    age = (date(2024, 1, 10) - date(1962, 3, 1)).days / 365.25
    lp = (-1.837 * (5 / months + 0.1) ** -0.5 - 2.373 * ((months / 10) ** -0.5 + math.log(months / 10))
          - 0.267 * (age / 100) ** -2 + 0.477 * (1 / 0.9 + 0.9 ** -0.5) + 0.233)
    assert prognosis["linear_predictor"] == pytest.approx(lp, abs=1e-3)
    assert set(prognosis["survival"]) == {"12_months", "24_months", "36_months"}
    assert prognosis["predictors"]["fvc_percent"] == 90.0 and prognosis["basis"]["alsfrs_on"] == "2024-09-05"
    assert prognosis["median_months_from_onset"] > 12

    code, out, err = run(capsys, clinic, "summary", "MRN-8801", "--as-of", "2025-03-10")
    assert code == 0, err
    assert "Research estimate (ENCALS)" in out and "Linear predictor:" in out
    assert "source: Westeneng et al." in out


def test_summary_json_names_what_is_missing(clinic: Path, capsys) -> None:
    code, out, err = run(capsys, clinic, "summary", "MRN-8802", "--json", "--as-of", "2025-03-10")
    assert code == 0, err
    prognosis = json.loads(out)["prognosis"]
    assert prognosis["estimated"] is False
    assert prognosis["missing"] == ["C9orf72 result: positive or negative"]
    assert "linear_predictor" not in prognosis


def pdf_text(path: Path) -> str:
    return re.sub(r"\s+", " ", " ".join(page.extract_text() or "" for page in PdfReader(path).pages))


def test_family_copy_estimates_only_when_asked(clinic: Path, capsys, tmp_path: Path) -> None:
    plain, asked = tmp_path / "plain.pdf", tmp_path / "asked.pdf"
    code, out, err = run(capsys, clinic, "report", "MRN-8801", "--family", "-o", str(plain))
    assert code == 0, err
    assert out.rstrip().endswith("(without estimates).")
    code, out, err = run(capsys, clinic, "report", "MRN-8801", "--family", "--family-estimates", "-o", str(asked))
    assert code == 0, err
    assert out.rstrip().endswith("(with the trend estimates).")
    caption = re.sub(r"\s+", " ", ESTIMATE_CAPTION)
    assert caption not in pdf_text(plain)
    assert caption in pdf_text(asked)
    for text in (pdf_text(plain), pdf_text(asked)):
        assert "ENCALS" not in text and "Westeneng" not in text


def test_family_estimates_goes_with_family(clinic: Path, capsys, tmp_path: Path) -> None:
    code, _out, err = run(capsys, clinic, "report", "MRN-8801", "--family-estimates", "-o", str(tmp_path / "x.pdf"))
    assert code == 2
    assert "--family-estimates goes with --family" in err
    assert not (tmp_path / "x.pdf").exists()

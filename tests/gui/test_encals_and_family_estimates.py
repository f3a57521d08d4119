"""The ENCALS research estimate on the Overview, and the Team plan tab's "Include estimates in
the family copy" option (off by default), on a clinic built through the services."""

from __future__ import annotations

import io
import re
from datetime import date

from clinic_builders import (
    WORKED_EXAMPLE,
    add_patient,
    add_visit,
    open_tab,
    record,
)
from pypdf import PdfReader
from PySide6.QtCore import Qt

from als_desktop.models import (
    AlsfrsAssessment,
    RespiratoryAssessment,
    WeightMeasurement,
)
from als_desktop.reports.family import ESTIMATE_CAPTION

PREDICTORS = {"onset_date": date(2023, 1, 15), "diagnosis_date": date(2023, 11, 2), "onset_region": "bulbar",
              "diagnostic_criteria": "el_escorial_probable", "ftd": "no", "c9orf72_status": "negative",
              "height_cm": 168.0, "premorbid_weight_kg": 70.0}


def falling_patient(db, mrn: str, **changes: object):
    """FVC 80, 72, 64 % and weight 68, 66, 64 kg over six months after diagnosis: both trends
    carry an estimate."""
    pid = add_patient(db, mrn, "Robin", "Estimate", **{**PREDICTORS, **changes})
    for day, fvc, kg in ((date(2023, 12, 1), 80.0, 68.0), (date(2024, 3, 1), 72.0, 66.0),
                         (date(2024, 6, 1), 64.0, 64.0)):
        visit = add_visit(db, pid, day)
        record(db, visit, AlsfrsAssessment, {**WORKED_EXAMPLE, "cutting_form": "5a"})
        record(db, visit, RespiratoryAssessment, {"fvc_percent_sitting": fvc})
        record(db, visit, WeightMeasurement, {"weight_kg": kg})
    return pid


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def pdf_text(data: bytes) -> str:
    return flat(" ".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages))


def test_overview_shows_the_encals_estimate_with_its_source(qtbot, open_window, db, db_path) -> None:
    pid = falling_patient(db, "MRN-7001")
    _window, tab = open_tab(open_window, db_path, pid, "Overview")
    text = tab.research.text()
    assert "Predicted survival from onset: 12 months " in text
    assert "Linear predictor: −" in text
    assert "ALSFRS-R 44/48 on 01 Dec 2023" in text and "FVC 80 % predicted on 01 Dec 2023" in text
    assert "not a certainty" in text
    assert "Westeneng et al., Lancet Neurol 2018;17:423-33" in tab.research_source.text()
    assert tab.research.isVisible()


def test_overview_names_what_is_missing(qtbot, open_window, db, db_path) -> None:
    pid = falling_patient(db, "MRN-7002", c9orf72_status="pending", ftd="unknown")
    _window, tab = open_tab(open_window, db_path, pid, "Overview")
    text = tab.research.text()
    assert text.startswith("Not estimated: every predictor must be recorded.")
    assert "C9orf72 result" in text and "frontotemporal dementia (FTD)" in text
    assert "Linear predictor" not in text


def built(qtbot, tab) -> str:
    qtbot.waitUntil(lambda: not tab.is_building, timeout=30000)
    assert tab.ready, tab.status.text()
    return pdf_text(tab.pdf)


def test_family_copy_estimates_are_off_until_ticked(qtbot, open_window, db, db_path) -> None:
    pid = falling_patient(db, "MRN-7003")
    _window, tab = open_tab(open_window, db_path, pid, "Team plan")
    assert not tab.family_estimates.isChecked() and not tab.family_estimates.isEnabled()

    qtbot.mouseClick(tab.preview_button, Qt.MouseButton.LeftButton)
    team = built(qtbot, tab)
    assert "Research estimate (ENCALS)" in team and "Linear predictor" in team

    tab.family.setChecked(True)
    assert tab.is_building and not tab.family_estimates.isEnabled()  # offered once the copy is shown
    family = built(qtbot, tab)
    assert tab.family_estimates.isEnabled()
    assert flat(ESTIMATE_CAPTION) not in family and "ENCALS" not in family
    assert "without estimates" in tab.status.text()

    tab.family_estimates.setChecked(True)  # the preview follows at once
    assert tab.is_building
    with_estimates = built(qtbot, tab)
    assert flat(ESTIMATE_CAPTION) in with_estimates and "ENCALS" not in with_estimates
    assert "with estimates" in tab.status.text()

    tab.family.setChecked(False)  # the team's copy again: the option is not used for it
    built(qtbot, tab)
    assert not tab.family_estimates.isEnabled()
    assert tab.shown_for[2:] == (False, False)

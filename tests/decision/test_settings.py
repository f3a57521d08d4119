"""Clinic settings: defaults until a clinic saves its own, checked against their definitions,
all or nothing."""

from __future__ import annotations

import pytest
from decision_helpers import AUTHOR
from sqlalchemy import func, select

from als_desktop.clinical.settings import ClinicSettings
from als_desktop.db import Database
from als_desktop.models import ClinicSetting
from als_desktop.services.errors import ValidationError
from als_desktop.services.settings import load_settings, save_settings


def test_a_new_clinic_uses_the_defaults(db: Database) -> None:
    with db.reading() as session:
        assert load_settings(session) == ClinicSettings()


def test_saved_values_are_in_force_and_survive_reopening(db: Database) -> None:
    with db.transaction() as session:
        saved = save_settings(session, {"early_weight_loss_percent": "7.5", "alt_stop_rule": ">= 5"}, AUTHOR)
    assert saved.early_weight_loss_percent == 7.5 and saved.alt_stop_rule == ">= 5"
    with db.reading() as session:
        settings = load_settings(session)
        row = session.scalar(select(ClinicSetting).where(ClinicSetting.key == "alt_stop_rule"))
    assert settings == ClinicSettings(early_weight_loss_percent=7.5, alt_stop_rule=">= 5")
    assert settings.shown("early_weight_loss_percent") == "setting: 7.5 % of reference weight"
    assert row.updated_by == AUTHOR and row.value == ">= 5"


def test_changing_a_value_updates_its_row_and_author(db: Database) -> None:
    with db.transaction() as session:
        save_settings(session, {"speaking_rate_wpm": 110}, AUTHOR)
    with db.transaction() as session:
        save_settings(session, {"speaking_rate_wpm": 100}, "second.clinician")
    with db.reading() as session:
        assert load_settings(session).speaking_rate_wpm == 100
        rows = session.scalars(select(ClinicSetting)).all()
    assert [(r.key, r.value, r.updated_by, r.version) for r in rows] == [
        ("speaking_rate_wpm", "100", "second.clinician", 2)]


def test_every_wrong_value_is_named_and_nothing_is_saved(db: Database) -> None:
    with pytest.raises(ValidationError) as refused, db.transaction() as session:
        save_settings(session, {
            "early_weight_loss_percent": 12,
            "speaking_rate_wpm": "fast",
            "alt_stop_rule": "> 3",
            "edaravone_dose_pattern": "weekdays",
            "weight_units": "lb",
        }, AUTHOR)
    errors = refused.value.errors
    assert errors == {
        "early_weight_loss_percent": "Early weight-loss warning at: 12 is outside 1 to 10 % of reference weight.",
        "speaking_rate_wpm": "Speaking-rate warning below: 'fast' is not a number.",
        "alt_stop_rule": "Stop riluzole when ALT is: '> 3' is not one of the choices ('> 5' or '>= 5').",
        "weight_units": "'weight_units' is not a clinic setting.",
    }
    with db.reading() as session:
        assert session.scalar(select(func.count()).select_from(ClinicSetting)) == 0
        assert load_settings(session) == ClinicSettings()


@pytest.mark.parametrize("value", ["", None, "nan", True])
def test_a_number_setting_needs_a_number(db: Database, value: object) -> None:
    with pytest.raises(ValidationError) as refused, db.transaction() as session:
        save_settings(session, {"speaking_rate_wpm": value}, AUTHOR)
    assert "speaking_rate_wpm" in refused.value.errors


def test_range_ends_are_allowed(db: Database) -> None:
    with db.transaction() as session:
        assert save_settings(session, {"early_weight_loss_percent": 1}, AUTHOR).early_weight_loss_percent == 1
        assert save_settings(session, {"early_weight_loss_percent": 10}, AUTHOR).early_weight_loss_percent == 10


def test_a_stored_value_that_no_longer_reads_falls_back_to_the_default(db: Database) -> None:
    with db.transaction() as session:
        save_settings(session, {"speaking_rate_wpm": 110, "edaravone_dose_pattern": "weekdays"}, AUTHOR)
        row = session.scalar(select(ClinicSetting).where(ClinicSetting.key == "speaking_rate_wpm"))
        row.value = "999"
    with db.reading() as session:
        settings = load_settings(session)
    assert settings.speaking_rate_wpm == ClinicSettings().speaking_rate_wpm
    assert settings.edaravone_dose_pattern == "weekdays"

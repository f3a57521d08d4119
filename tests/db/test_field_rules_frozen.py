"""The field rules the models declare are those the migrations built: a rule changed in
models/field_checks.py (or in the rule tables it reads) needs a migration of its own."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from als_desktop.db.migrate import MIGRATIONS
from als_desktop.models import Base
from als_desktop.models.field_checks import field_rules


def frozen_rules() -> list:
    path = next(Path(MIGRATIONS, "versions").glob("0006_*.py"))
    spec = importlib.util.spec_from_file_location("migration_0006", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.RULES


def test_the_models_rules_are_the_ones_migration_0006_wrote_out() -> None:
    frozen = {table: {(name, condition, only) for name, _column, condition, only in rules}
              for table, rules in frozen_rules()}
    declared = {table.name: {(rule.name, rule.condition, rule.dialect) for rule in field_rules(table)}
                for table in Base.metadata.sorted_tables if "voided_at" in table.columns}
    assert declared == frozen, (
        "The field rules changed: write a migration that changes these CHECK constraints "
        "(and freeze the new set in it), then point this test at it.")

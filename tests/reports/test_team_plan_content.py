"""The team care plan's content, filled from a record kept in a real database file."""

from __future__ import annotations

from als_desktop.reports.content import TeamPlan


def test_plan_of_the_latest_visit(team_plan: TeamPlan, plan_record) -> None:
    assert team_plan.identity.name == plan_record.name
    assert team_plan.visit.visit_date == plan_record.visit_date
    assert team_plan.visit.team_present == plan_record.team_present

"""Team plan tab (being built)."""

from __future__ import annotations

from .base import DisciplineTab


class TeamPlanTab(DisciplineTab):
    title = "Team plan"

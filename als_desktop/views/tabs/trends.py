"""Trends tab (being built)."""

from __future__ import annotations

from .base import DisciplineTab


class TrendsTab(DisciplineTab):
    title = "Trends"

"""Values shared by the decision-support tests."""

from __future__ import annotations

from datetime import date

# A fixed day makes the demo clinic the same in every run.
DEMO_DAY = date(2025, 6, 2)
AUTHOR = "test.clinician"

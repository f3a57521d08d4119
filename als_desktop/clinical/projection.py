"""When a falling measure is expected to cross a threshold, at its recent rate: an estimate.

The reference gives no method for projecting FVC or weight, so these are the program's own
statistical choices, not clinical thresholds, and every screen and report labels the result
"estimate":
- the rate is the least-squares slope of the values of the last RECENT_MONTHS before the latest
  value (one straight line; a change of pace shows up as the window moves on);
- an estimate needs at least MIN_POINTS values spanning at least MIN_SPAN_MONTHS, so one
  low reading on a bad day cannot project a date by itself;
- only a falling trend whose latest value has not yet reached the threshold projects; the
  crossing is counted from the latest value at that rate;
- a crossing further than HORIZON_MONTHS ahead is not shown: a straight line that far out
  says little.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from .timing import DAYS_PER_MONTH, months_between

RECENT_MONTHS = 12.0
MIN_POINTS = 3
MIN_SPAN_MONTHS = 3.0
HORIZON_MONTHS = 24.0

ESTIMATE_METHOD = (
    f"estimate: straight line through the values of the last {RECENT_MONTHS:g} months "
    f"(at least {MIN_POINTS} values over {MIN_SPAN_MONTHS:g} months or more)"
)


@dataclass(frozen=True)
class Estimate:
    """A projected crossing: `measure` reaches `threshold` around `crosses_on`."""

    measure: str  # "FVC", "Weight"
    target: str  # what is reached, as read: "50 % predicted", "10 % weight loss (63.9 kg)"
    threshold: float
    unit: str
    crosses_on: date
    rate_per_month: float  # negative: falling
    points: int
    since: date  # first value used
    last_on: date
    last_value: float

    def text(self) -> str:
        """One line under a plot or in a report, e.g. 'Estimate: FVC reaches 50 % predicted
        around Mar 2027 (falling 1.8 % predicted per month over 4 values since 12 Mar 2026).'"""
        return f"Estimate: {self.summary()}"

    def summary(self) -> str:
        """The same without the word 'Estimate', for a prompt's value labelled 'Estimate'."""
        rate = f"{abs(self.rate_per_month):.1f}".rstrip("0").rstrip(".")
        return (
            f"{self.measure} reaches {self.target} around {self.crosses_on:%b %Y} "
            f"(falling {rate} {self.unit} per month over {self.points} values since "
            f"{self.since:%d %b %Y})."
        )


def crossing(
    points: Sequence[tuple[date, float]], threshold: float, *, measure: str, target: str, unit: str
) -> Estimate | None:
    """The estimated date `points` (oldest first) fall to `threshold`, or None (see above)."""
    if not points:
        return None
    last_on, last_value = points[-1]
    recent = [(on, value) for on, value in points if months_between(on, last_on) <= RECENT_MONTHS]
    if len(recent) < MIN_POINTS or months_between(recent[0][0], last_on) < MIN_SPAN_MONTHS:
        return None
    if last_value <= threshold:
        return None
    slope = _slope_per_month(recent)
    if slope >= 0:
        return None
    months_to_go = (last_value - threshold) / -slope
    if months_to_go > HORIZON_MONTHS:
        return None
    crosses_on = last_on + timedelta(days=round(months_to_go * DAYS_PER_MONTH))
    return Estimate(measure, target, threshold, unit, crosses_on, slope, len(recent), recent[0][0], last_on, last_value)


def _slope_per_month(points: Sequence[tuple[date, float]]) -> float:
    start = points[0][0]
    xs = [months_between(start, on) for on, _ in points]
    ys = [value for _, value in points]
    mean_x = sum(xs) / len(xs)
    mean_y = sum(ys) / len(ys)
    spread = sum((x - mean_x) ** 2 for x in xs)
    if spread == 0:  # all on one day: no rate
        return 0.0
    return sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True)) / spread

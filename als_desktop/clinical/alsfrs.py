"""ALSFRS-R scoring, domain subscores, progression rate and stages.

Scores are 0-4 per item (4 = normal). Nothing is derived from a half-filled form: a total,
subscore or stage needs every item it uses, otherwise the answer is None ("not recorded").
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Literal

from . import sources
from .timing import months_between

ITEMS: tuple[str, ...] = (
    "speech",
    "salivation",
    "swallowing",
    "handwriting",
    "cutting_food",
    "dressing_hygiene",
    "turning_in_bed",
    "walking",
    "climbing_stairs",
    "dyspnea",
    "orthopnea",
    "respiratory_insufficiency",
)
MAX_TOTAL = 48

CuttingForm = Literal["5a", "5b"]
Scores = Mapping[str, int | None]

# Widely used domain convention (reference section 1).
DOMAINS: dict[str, tuple[str, ...]] = {
    "bulbar": ITEMS[0:3],
    "fine_motor": ITEMS[3:6],
    "gross_motor": ITEMS[6:9],
    "respiratory": ITEMS[9:12],
}
DOMAIN_LABELS = {
    "bulbar": "Bulbar",
    "fine_motor": "Fine motor",
    "gross_motor": "Gross motor",
    "respiratory": "Respiratory",
}


def _all_scored(scores: Scores, items: tuple[str, ...]) -> bool:
    return all(scores.get(item) is not None for item in items)


def total(scores: Scores) -> int | None:
    if not _all_scored(scores, ITEMS):
        return None
    return sum(int(scores[item]) for item in ITEMS)  # type: ignore[arg-type]


def subscores(scores: Scores) -> dict[str, int | None]:
    return {
        domain: sum(int(scores[i]) for i in items) if _all_scored(scores, items) else None  # type: ignore[arg-type]
        for domain, items in DOMAINS.items()
    }


# --- progression --------------------------------------------------------------------------

ProgressionBand = Literal["slow", "intermediate", "fast"]


def delta_frs(total_score: int | None, onset: date | None, visit: date) -> float | None:
    """(48 − total) / months from symptom onset to the visit (Kimura 2006)."""
    if total_score is None or onset is None:
        return None
    months = months_between(onset, visit)
    if months <= 0:
        return None
    return (MAX_TOTAL - total_score) / months


def progression_band(rate: float | None) -> ProgressionBand | None:
    """Kimura bands: < 0.5 slow, 0.5 to < 1.0 intermediate, ≥ 1.0 fast."""
    if rate is None:
        return None
    if rate < 0.5:
        return "slow"
    if rate < 1.0:
        return "intermediate"
    return "fast"


def slope_per_month(earlier_total: int | None, earlier: date, later_total: int | None, later: date) -> float | None:
    """Change in total per month between two visits (negative when declining)."""
    if earlier_total is None or later_total is None:
        return None
    months = months_between(earlier, later)
    if months <= 0:
        return None
    return (later_total - earlier_total) / months


# --- King's clinical stage (Balendra et al. 2014) -------------------------------------------


@dataclass(frozen=True)
class KingsStage:
    stage: str  # "1", "2", "3", "4A" or "4B"
    regions: tuple[str, ...]
    nutritional_failure: bool
    respiratory_failure: bool
    source: str = sources.KINGS


def kings_stage(
    scores: Scores,
    cutting_form: CuttingForm,
    *,
    gastrostomy_recorded: bool = False,
    niv_in_use: bool = False,
) -> KingsStage | None:
    if total(scores) is None:
        return None
    regions: list[str] = []
    if any(scores[item] < 4 for item in ("speech", "salivation", "swallowing")):  # type: ignore[operator]
        regions.append("bulbar")
    upper_by_cutting = cutting_form == "5a" and scores["cutting_food"] < 4  # type: ignore[operator]
    if scores["handwriting"] < 4 or upper_by_cutting:  # type: ignore[operator]
        regions.append("upper limb")
    if scores["walking"] < 4:  # type: ignore[operator]
        regions.append("lower limb")
    nutritional = cutting_form == "5b" or gastrostomy_recorded
    respiratory = scores["dyspnea"] == 0 or scores["respiratory_insufficiency"] < 4 or niv_in_use  # type: ignore[operator]
    if respiratory:
        stage = "4B"
    elif nutritional:
        stage = "4A"
    else:
        # A diagnosed patient with no region involved is reported as stage 1.
        stage = str(max(1, len(regions)))
    return KingsStage(stage, tuple(regions), nutritional, respiratory)


# --- MiToS (Chiò et al. 2015) ---------------------------------------------------------------

MITOS_DEATH = 5


@dataclass(frozen=True)
class MitosStage:
    stage: int
    domains_lost: tuple[str, ...]
    source: str = sources.MITOS


def mitos_stage(scores: Scores, *, deceased: bool = False) -> MitosStage | None:
    if deceased:
        return MitosStage(MITOS_DEATH, ())
    if total(scores) is None:
        return None
    s = {item: int(scores[item]) for item in ITEMS}  # type: ignore[arg-type]
    lost: list[str] = []
    if s["walking"] <= 1 or s["dressing_hygiene"] <= 1:
        lost.append("movement")
    if s["swallowing"] <= 1:
        lost.append("swallowing")
    if s["speech"] <= 1 and s["handwriting"] <= 1:  # both, not either
        lost.append("communicating")
    if s["dyspnea"] <= 1 or s["respiratory_insufficiency"] <= 2:
        lost.append("breathing")
    return MitosStage(len(lost), tuple(lost))

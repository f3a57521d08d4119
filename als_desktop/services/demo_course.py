"""The disease course of one synthetic patient, in "disease progress" p (0 at onset, 1 at the
expected death): ALSFRS-R, FVC and the breathing items all follow p, so the numbers of one
visit agree with each other."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date

from .demo_rows import DAYS_PER_MONTH, clamp, within

ONSET_REGIONS = {"bulbar": 28, "upper_limb": 32, "lower_limb": 33, "respiratory": 3, "trunk": 2,
                 "generalised": 1, "cognitive": 1}
# Share of the non-respiratory ALSFRS-R loss falling on the bulbar, fine-motor and
# gross-motor domains, by onset region: the region of onset goes first.
DOMAIN_WEIGHTS = {
    "bulbar": (0.6, 0.2, 0.2),
    "upper_limb": (0.2, 0.5, 0.3),
    "lower_limb": (0.2, 0.25, 0.55),
    "respiratory": (0.3, 0.3, 0.4),
    "trunk": (0.2, 0.3, 0.5),
    "generalised": (0.34, 0.33, 0.33),
    "cognitive": (0.4, 0.3, 0.3),
}
DOMAIN_ITEMS = (
    ("speech", "swallowing", "salivation"),
    ("handwriting", "cutting_food", "dressing_hygiene"),
    ("walking", "climbing_stairs", "turning_in_bed"),
)
# Which item of a domain loses each successive point: the leading item first, all three
# reaching 0 together at 12 points.
POINT_ORDER = (0, 0, 1, 0, 1, 2, 0, 1, 2, 1, 2, 2)


@dataclass
class Course:
    """One synthetic patient's disease, drawn once; visits read their state from it."""

    rng: random.Random
    onset: date
    survival_months: float  # onset to expected death (with tracheostomy: longer)
    region: str
    weights: tuple[float, float, float]
    total_loss: float  # ALSFRS-R points lost by expected death
    fvc_base: float
    fvc_shape: float
    weight_loss_at_end: float  # fraction of premorbid weight lost by expected death
    bulbar_cough: float
    tracheostomy_wanted: bool

    def progress(self, day: date) -> float:
        return max(0.0, (day - self.onset).days / DAYS_PER_MONTH / self.survival_months)

    def domain_losses(self, p: float) -> list[int]:
        """Points lost in the bulbar, fine-motor and gross-motor domains (0-12 each)."""
        loss = max(0.0, self.total_loss * 0.8 * min(p, 1.05) + self.rng.gauss(0, 0.6))
        shares = [loss * weight for weight in self.weights]
        # Spill what a saturated domain cannot lose onto the others.
        for _ in range(3):
            excess = sum(max(0.0, share - 12) for share in shares)
            open_domains = [i for i, share in enumerate(shares) if share < 12]
            shares = [min(12.0, share) for share in shares]
            if not excess or not open_domains:
                break
            for i in open_domains:
                shares[i] += excess / len(open_domains)
        return [int(clamp(round(share), 0, 12)) for share in shares]

    def fvc(self, p: float) -> float:
        decline = 0.85 * min(p, 1.0) ** self.fvc_shape
        return within("fvc_percent_sitting", self.fvc_base * (1 - decline) + self.rng.gauss(0, 3))


def item_scores(losses: list[int]) -> dict[str, int]:
    scores = {}
    for loss, items in zip(losses, DOMAIN_ITEMS, strict=True):
        item_loss = [0, 0, 0]
        for point in range(loss):
            item_loss[POINT_ORDER[point]] += 1
        scores.update({item: 4 - lost for item, lost in zip(items, item_loss, strict=True)})
    return scores


def breathing_items(rng: random.Random, fvc: float, ventilation: str, niv_hours: float) -> dict[str, int]:
    """Items 10-12 as they go with the measured FVC and the ventilation in use."""
    drop = clamp((95 - fvc) / 17 + rng.gauss(0, 0.4), 0, 4)
    if ventilation == "tracheostomy":
        insufficiency = 0
    elif ventilation == "started":
        insufficiency = 3 if niv_hours < 8 else 2 if niv_hours <= 16 else 1
    else:
        insufficiency = 4
    return {
        "dyspnea": round(4 - drop),
        "orthopnea": round(clamp(4 - drop * 0.8, 0, 4)),
        "respiratory_insufficiency": insufficiency,
    }


@dataclass
class State:
    """What has happened to the patient so far, carried from visit to visit."""

    gastrostomy: str = "not_discussed"
    gastrostomy_on: date | None = None
    weight_loss_at_gastrostomy: float = 0.0
    ventilation: str = "not_indicated"
    niv_hours: float = 0.0
    niv_row: dict | None = None
    tracheostomy_discussed: bool = False
    aac: str = "not_needed"
    cough_assist: bool = False
    aac_device: bool = False
    palliative_referral: date | None = None
    caregiver_support: bool = False  # once offered, part of the care from then on
    slp_referral: date | None = None
    aac_referral: date | None = None
    actions: set[str] = field(default_factory=set)

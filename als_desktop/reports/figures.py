"""The three trend plots as images on the plan's page: drawn by als_desktop.plots (the same
figures the window shows), embedded as PNG at the frame's width, then released."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from io import BytesIO

from reportlab.lib.units import mm
from reportlab.platypus import Image

from als_desktop.clinical.trends import PatientTrends

from .layout import FRAME_HEIGHT, FRAME_WIDTH

DPI = 150
KEYS = ("weight", "respiratory", "alsfrs")
MAX_HEIGHT = FRAME_HEIGHT - 25 * mm  # leaves room for a caption under the picture on its page

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class TrendPicture:
    key: str  # "weight", "respiratory", "alsfrs"
    image: Image | None  # None: the plot could not be drawn (the page says so)


def trend_pictures(trends: PatientTrends, *, plain: bool, width: float = FRAME_WIDTH) -> list[TrendPicture]:
    """Weight, breathing and ALSFRS-R, in that order, each drawn once. A plot that fails to
    draw is logged and left out with a note on the page: the rest of the plan still prints."""
    from als_desktop import plots

    pictures = []
    for key in KEYS:
        build = getattr(plots, f"{key}_figure", None)
        image = None
        if build is not None:
            try:
                image = _picture(build, trends, plain=plain, width=width)
            except Exception:
                log.exception("The %s plot could not be drawn for the care plan", key)
        pictures.append(TrendPicture(key, image))
    return pictures


def _picture(build: Callable[..., object], trends: PatientTrends, *, plain: bool, width: float) -> Image:
    from als_desktop import plots

    figure = build(trends, plain=plain)
    try:
        inches_wide, inches_high = figure.get_size_inches()  # type: ignore[attr-defined]
        png = plots.figure_bytes(figure, fmt="png", dpi=DPI)
    finally:
        figure.clear()  # type: ignore[attr-defined]  # a report of a whole clinic day draws hundreds
    height = width * inches_high / inches_wide
    if height > MAX_HEIGHT:  # a tall figure is made smaller rather than overflow the page
        width, height = width * MAX_HEIGHT / height, MAX_HEIGHT
    return Image(BytesIO(png), width=width, height=height, hAlign="LEFT")

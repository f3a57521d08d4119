"""What a point of a trend plot says when the pointer is on it: value, unit and date.

The plot builders register the values behind each drawn line; `point_near` finds the one
nearest a position on the drawn figure. No Qt here, so it is tested on an Agg drawing.
"""

from __future__ import annotations

import math
import weakref
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from matplotlib import dates as mdates
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from als_desktop.clinical.rules_common import shown_date


@dataclass(frozen=True)
class Plotted:
    on: date
    value: float  # NaN: a vertical marker, found at any height
    label: str  # "Weight: 64.2 kg", "NIV started"
    dated: bool = True  # False: the label already says when ("... around Mar 2027")

    @property
    def text(self) -> str:
        return f"{self.label}\n{shown_date(self.on)}" if self.dated else self.label


@dataclass(frozen=True)
class Hit:
    axes: Axes
    x: float  # matplotlib date number
    y: float
    text: str


# Kept beside the artists rather than on them; an artist's entry goes when the figure does.
_PLOTTED: weakref.WeakKeyDictionary[Artist, tuple[Plotted, ...]] = weakref.WeakKeyDictionary()


def register(artist: Artist, plotted: Sequence[Plotted]) -> None:
    _PLOTTED[artist] = tuple(plotted)


def plotted_on(artist: Artist) -> tuple[Plotted, ...]:
    return _PLOTTED.get(artist, ())


def point_near(figure: Figure, x: float, y: float, radius: float = 9.0) -> Hit | None:
    """The value drawn nearest display position (x, y) in pixels from the bottom left (as
    matplotlib's mouse events give it), if within `radius`. A measured value or estimate wins
    over an intervention marker line at the same place."""
    found: list[tuple[float, Axes, Plotted, float]] = []
    for ax in figure.axes:
        if not ax.bbox.contains(x, y):
            continue
        for artist in ax.get_children():
            for item in plotted_on(artist):
                day = mdates.date2num(item.on)
                if math.isnan(item.value):
                    px, _ = ax.transData.transform((day, 0.0))
                    distance = abs(px - x) + radius / 2  # a line: only when no value is as near
                    value = ax.transData.inverted().transform((x, y))[1]
                else:
                    px, py = ax.transData.transform((day, item.value))
                    distance = math.hypot(px - x, py - y)
                    value = item.value
                if distance <= radius:
                    found.append((distance, ax, item, value))
    if not found:
        return None
    distance, ax, nearest, value = min(found, key=lambda hit: hit[0])
    # Values drawn on top of each other (subscores that are equal) are all named.
    same = [item for d, a, item, _v in found
            if a is ax and item.on == nearest.on and item.dated and d <= distance + 1.5 and not math.isnan(item.value)]
    if nearest.dated and not math.isnan(nearest.value) and len(same) > 1:
        text = "\n".join([*(item.label for item in same), shown_date(nearest.on)])
    else:
        text = nearest.text
    return Hit(ax, mdates.date2num(nearest.on), value, text)

"""The pieces every trend plot is made of: a figure of stacked plots over one date axis, the
measured series, threshold lines, intervention markers, the dashed estimate and the legend.

Every artist carries a gid ("series:weight", "threshold:50", "marker:niv", "estimate:fvc") so
tests and the window's hover can find it without knowing how it was drawn.
"""

from __future__ import annotations

import math
import re
import textwrap
from collections.abc import Callable, Iterable, Sequence
from datetime import date, timedelta

from matplotlib import dates as mdates
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from als_desktop.clinical.projection import Estimate
from als_desktop.clinical.rules_common import num
from als_desktop.clinical.trends import Line, Marker, Series

from . import style as colours
from .hover import Plotted, register
from .style import Style

# A line joins two values at most this far apart; across a longer gap (two missed quarterly
# visits) it is dotted, so a missing stretch is not read as measured.
GAP_DAYS = 274
# A plot spans at least this much time, so one value or two close together sit in context.
MIN_SPAN_DAYS = 90
# Beyond this many values a series is drawn with smaller dots.
DENSE_POINTS = 24
LEGEND_WIDTH_IN = 1.9  # a legend's lines are wrapped to about this width
GRID = "#E4E4E4"
NUMBER_AND_UNIT = re.compile(r"(\d) (?=[%a-zA-Z])")

# How each kind of threshold line is drawn.
THRESHOLD_LOOK = {
    "action": (colours.ACTION, colours.ACTION_DASHES),
    "warning": (colours.WARNING, colours.WARNING_DASHES),
    "reference": (colours.REFERENCE, colours.REFERENCE_DASHES),
}


# ---------------------------------------------------------------------------- figure and axes


def new_figure(title: str, style: Style, heights: Sequence[float]) -> tuple[Figure, list[Axes]]:
    """A figure of len(heights) plots stacked over one shared date axis."""
    figure = Figure(figsize=(style.width_in, sum(heights) + 0.45 * style.title / 10), layout="constrained",
                    facecolor="white")
    figure.get_layout_engine().set(h_pad=0.04, w_pad=0.04, hspace=0.02)
    grid = figure.subplots(len(heights), 1, sharex=True, squeeze=False, gridspec_kw={"height_ratios": list(heights)})
    axes = [row[0] for row in grid]
    figure.suptitle(title, x=0.01, ha="left", fontsize=style.title, fontweight="bold", color=colours.INK)
    for ax in axes:
        ax.set_facecolor("white")
        ax.grid(axis="y", color=GRID, linewidth=0.7)
        ax.set_axisbelow(True)
        ax.spines[["top", "right"]].set_visible(False)
        ax.tick_params(labelsize=style.small, colors=colours.INK)
    return figure, axes


def empty_figure(title: str, message: str, style: Style) -> Figure:
    """Nothing to plot: the title and a plain sentence saying so, not an empty frame."""
    figure = Figure(figsize=(style.width_in, 0.9 + 0.3 * style.font / 8.5), layout="constrained", facecolor="white")
    figure.suptitle(title, x=0.01, ha="left", fontsize=style.title, fontweight="bold", color=colours.INK)
    ax = figure.add_subplot()
    ax.set_axis_off()
    ax.text(0.5, 0.45, message, ha="center", va="center", transform=ax.transAxes, fontsize=style.font + 1,
            color=colours.GREY, gid="empty")
    return figure


def y_label(ax: Axes, text: str, style: Style) -> None:
    ax.set_ylabel(text, fontsize=style.font, color=colours.INK)


def date_span(series: Iterable[Series], markers: Sequence[Marker], estimate: Estimate | None) -> tuple[date, date]:
    """The dates a plot spans: its values, the interventions and where its estimate ends."""
    days = [point.on for one in series for point in one.points] + [marker.on for marker in markers]
    if estimate is not None:
        days.append(estimate.crosses_on)
    first, last = min(days), max(days)
    span = (last - first).days
    pad = max(span * 0.03, 15.0, (MIN_SPAN_DAYS - span) / 2)
    return first - timedelta(days=pad), last + timedelta(days=pad)


def date_axis(axes: Sequence[Axes], span: tuple[date, date], style: Style) -> None:
    """Dates on the x axis of the lowest plot, as concise as the span allows ('2023', 'Mar', '19 Nov')."""
    locator = mdates.AutoDateLocator(minticks=3, maxticks=9)
    formatter = mdates.ConciseDateFormatter(
        locator,
        formats=["%Y", "%b", "%d %b", "%H:%M", "%H:%M", "%S"],
        zero_formats=["", "%Y", "%d %b", "%d %b", "%H:%M", "%H:%M"],
        offset_formats=["", "%Y", "%Y", "%d %b %Y", "%d %b %Y", "%d %b %Y"],
    )
    lowest = axes[-1]
    lowest.xaxis.set_major_locator(locator)
    lowest.xaxis.set_major_formatter(formatter)
    lowest.xaxis.get_offset_text().set_fontsize(style.small)
    lowest.set_xlim(*span)
    for ax in axes[:-1]:
        ax.tick_params(labelbottom=False)


def fit_y(ax: Axes, values: Iterable[float], *, floor: float | None = None,
          room_below: float = 0.08, room_above: float = 0.08) -> None:
    """Y limits around every value drawn (data and lines), never below `floor`."""
    values = [v for v in values if not math.isnan(v)]
    low, high = min(values), max(values)
    spread = max(high - low, abs(high) * 0.05, 1.0)
    low, high = low - spread * room_below, high + spread * room_above
    ax.set_ylim(max(low, floor) if floor is not None else low, high)


# ---------------------------------------------------------------------------- what is drawn


def value_text(value: float, unit: str) -> str:
    """'64.2 kg', '62 % predicted', '40 / 48 points'."""
    if unit.startswith("points (0-"):
        return f"{num(value)} / {unit.removeprefix('points (0-').rstrip(')')} points"
    return f"{num(value)} {unit}"


def plot_series(ax: Axes, series: Series, key: str, color: str, style: Style, *,
                name: str | None = None, marker: str = "o", marker_size: float | None = None,
                line_width: float | None = None) -> Line2D:
    """The measured values, joined by a line except across long gaps (dotted there)."""
    name = name or series.name
    xs: list[date] = []
    ys: list[float] = []
    gaps = []
    previous = None
    for point in series.points:
        if previous is not None and (point.on - previous.on).days > GAP_DAYS:
            xs.append(previous.on)
            ys.append(math.nan)  # breaks the line here
            gaps.append((previous, point))
        xs.append(point.on)
        ys.append(point.value)
        previous = point
    size = marker_size or style.marker_size
    if len(series.points) > DENSE_POINTS:
        size *= 0.7  # years of visits: smaller dots, so the line still reads as one
    width = line_width or style.line_width
    (line,) = ax.plot(xs, ys, color=color, linewidth=width, marker=marker, markersize=size,
                      markeredgecolor="white", markeredgewidth=0.6, label=name, gid=f"series:{key}", zorder=3)
    for before, after in gaps:
        ax.plot([before.on, after.on], [before.value, after.value], color=color, linewidth=width * 0.6,
                linestyle=(0, (1, 2.5)), label="_nolegend_", gid=f"gap:{key}", zorder=2)
    register(line, [Plotted(p.on, p.value, f"{name}: {value_text(p.value, series.unit)}") for p in series.points])
    return line


def threshold(ax: Axes, line: Line, label: str, kind: str, style: Style) -> Line2D:
    """A horizontal threshold line across the whole plot, named in the legend."""
    color, dashes = THRESHOLD_LOOK[kind]
    return ax.axhline(line.value, color=color, linestyle=dashes, linewidth=style.line_width * 0.75,
                      label=label, gid=f"threshold:{line.value:g}", zorder=1.5)


def projection(ax: Axes, estimate: Estimate, key: str, color: str, style: Style) -> Line2D:
    """Dashed from the latest value to where the recent rate reaches the threshold, marked 'estimate'."""
    label = "Estimate if the recent trend goes on" if style.plain else "Estimate at the recent rate"
    (line,) = ax.plot([estimate.last_on, estimate.crosses_on], [estimate.last_value, estimate.threshold],
                      color=color, linestyle=colours.ESTIMATE_DASHES, linewidth=style.line_width * 0.9,
                      label=label, gid=f"estimate:{key}", zorder=2.5)
    ax.plot([estimate.crosses_on], [estimate.threshold], linestyle="none", marker="o", markersize=style.marker_size,
            markerfacecolor="white", markeredgecolor=color, markeredgewidth=1.2, label="_nolegend_",
            gid=f"estimate-point:{key}", zorder=3)
    # Below and left of the crossing: the values lie above the threshold, on the far side of the line.
    ax.annotate(f"estimate\n{estimate.crosses_on:%b %Y}", xy=(estimate.crosses_on, estimate.threshold),
                xytext=(-5, -4), textcoords="offset points", ha="right", va="top", fontsize=style.small,
                fontstyle="italic", color=color, gid=f"estimate-label:{key}", zorder=4)
    register(line, [Plotted(estimate.crosses_on, estimate.threshold, estimate.text(), dated=False)])
    return line


def intervention_markers(axes: Sequence[Axes], markers: Sequence[Marker], span: tuple[date, date], style: Style,
                         label_of: Callable[[Marker], str]) -> None:
    """A vertical line on every plot at each intervention; its words above the top plot, stacked in
    rows so that no two overlap and none lies on the data. Interventions of the same day share
    one line of words ("NIV started, Cough assist")."""
    for ax in axes:
        for marker in markers:
            line = ax.axvline(marker.on, color=colours.MARKER_LINE, linewidth=0.9, label="_nolegend_",
                              gid=f"marker:{marker.kind}", zorder=1)
            register(line, [Plotted(marker.on, math.nan, label_of(marker))])
    days: dict[date, list[Marker]] = {}
    for marker in markers:
        days.setdefault(marker.on, []).append(marker)
    words = [(day, ", ".join(label_of(m) for m in same_day)) for day, same_day in days.items()]
    top = axes[0]
    row_height = style.small * 1.45
    for (day, text), (row, leftwards) in zip(words, label_rows(words, span, style), strict=True):
        top.annotate(
            text, xy=(day, 1.0), xycoords=("data", "axes fraction"),
            xytext=(0, 3 + row * row_height), textcoords="offset points",
            ha="right" if leftwards else "left", va="bottom", fontsize=style.small, color=colours.MARKER,
            gid="marker-label:" + "+".join(m.kind for m in days[day]), annotation_clip=False,
            # From the corner of the words straight down; patchA=None: no clipping to the
            # words' box, which costs more than the rest of the plot's drawing.
            arrowprops={"arrowstyle": "-", "color": colours.MARKER_LINE, "linewidth": 0.8,
                        "shrinkA": 0, "shrinkB": 0, "patchA": None, "relpos": (1.0 if leftwards else 0.0, 0.0)},
        )


def label_rows(words: Sequence[tuple[date, str]], span: tuple[date, date], style: Style) -> list[tuple[int, bool]]:
    """(row, runs leftwards) for each marker's words: the lowest row where they overlap no other
    words and no line leading up to words in a higher row, and their own line crosses no words.

    Widths are estimated at the report's width (the narrowest the plot is drawn at): wider on
    screen, the words only get further apart."""
    plot_width_in = style.width_in * 0.62  # less the y axis labels and the legend
    days = max((span[1] - span[0]).days, 1)
    stem = 0.004  # the width of a line leading up to words, as a share of the plot
    rows: list[list[tuple[float, float]]] = []  # per row: words and the lines passing through it

    def free(row: int, extent: tuple[float, float]) -> bool:
        return row >= len(rows) or not any(extent[0] < end and start < extent[1] for start, end in rows[row])

    placed: dict[int, tuple[int, bool]] = {}
    # Latest first: earlier words then step up to the left, and their lines pass no words.
    for index in sorted(range(len(words)), key=lambda i: words[i][0], reverse=True):
        day, text = words[index]
        at = (day - span[0]).days / days
        width = (len(text) * style.small * 0.6 / 72 + 0.08) / plot_width_in
        leftwards = at + width > 1.0
        extent = (at - width, at + stem) if leftwards else (at - stem, at + width)
        line = (at - stem, at + stem)
        candidates = range(len(rows) + 1)
        row = next((r for r in candidates if free(r, extent) and all(free(b, line) for b in range(r))), None)
        if row is None:  # crowded: crossing a line is better than covering words
            row = next(r for r in candidates if free(r, extent))
        while len(rows) <= row:
            rows.append([])
        rows[row].append(extent)
        for below in range(row):
            rows[below].append(line)
        placed[index] = (row, leftwards)
    return [placed[i] for i in range(len(words))]


def legend_beside(ax: Axes, style: Style) -> None:
    """The legend to the right of the plot, never over the data."""
    handles, labels = ax.get_legend_handles_labels()
    if not handles:
        return
    ax.legend(handles, [wrap(label, style) for label in labels], loc="upper left", bbox_to_anchor=(1.01, 1.0),
              borderaxespad=0.0, frameon=False, fontsize=style.small, handlelength=2.8)


def wrap(text: str, style: Style) -> str:
    """Legend text in lines of about LEGEND_WIDTH_IN, so the plot keeps most of the width."""
    characters = int(LEGEND_WIDTH_IN * 72 / (0.55 * style.small))
    kept_together = NUMBER_AND_UNIT.sub("\\1\u00a0", text)  # "82.3 kg" never split over two lines
    return "\n".join(textwrap.wrap(kept_together, characters)) or text

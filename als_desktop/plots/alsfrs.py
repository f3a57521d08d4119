"""ALSFRS-R: the total (0-48) on top, the four domain subscores (0-12 each) below it."""

from __future__ import annotations

from matplotlib.figure import Figure

from als_desktop.clinical.alsfrs import MAX_TOTAL
from als_desktop.clinical.trends import PatientTrends

from . import drawing, wording
from .style import GREEN, INK, ORANGE, SKY, VERMILLION, style_for

SUBSCORE_MAX = 12
# Bulbar, fine motor, gross motor, respiratory: a colour, a marker and a size each, largest
# first, so equal subscores drawn on top of each other still show every colour.
SUBSCORE_LOOK = ((VERMILLION, "o", 1.9), (ORANGE, "s", 1.3), (GREEN, "^", 0.95), (SKY, "D", 0.6))


def alsfrs_figure(trends: PatientTrends, *, plain: bool = False) -> Figure:
    style = style_for(plain)
    scores = trends.alsfrs
    title = "Daily function score" if plain else "ALSFRS-R: total and domain subscores"
    has_subscores = any(scores.subscores)
    if not scores.total and not has_subscores:
        message = "No daily function scores recorded" if plain else "No complete ALSFRS-R recorded"
        return drawing.empty_figure(title, message, style)
    heights = []
    if scores.total:
        heights.append(style.main_height_in)
    if has_subscores:
        heights.append(style.extra_height_in + 0.3 if heights else style.main_height_in)
    figure, axes = drawing.new_figure(title, style, heights)
    span = drawing.date_span([scores.total, *scores.subscores], trends.markers, None)
    remaining = list(axes)

    if scores.total:
        ax = remaining.pop(0)
        drawing.plot_series(ax, scores.total, "alsfrs_total", INK, style,
                            name="Total score" if plain else scores.total.name)
        drawing.y_label(ax, "Score\n(0–48 points)" if plain else "Total\n(points, 0–48)", style)
        ax.set_ylim(0, MAX_TOTAL + 2)
        ax.set_yticks(range(0, MAX_TOTAL + 1, 12))
        drawing.legend_beside(ax, style)
    if has_subscores:
        ax = remaining.pop(0)
        for series, (colour, marker, size) in zip(scores.subscores, SUBSCORE_LOOK, strict=True):
            if series:
                key = "alsfrs_" + series.name.lower().replace(" ", "_")
                name = wording.PLAIN_DOMAINS.get(series.name, series.name) if plain else series.name
                drawing.plot_series(ax, series, key, colour, style, name=name, marker=marker,
                                    marker_size=style.marker_size * size,
                                    line_width=style.line_width * (0.5 + 0.4 * size))
        drawing.y_label(ax, "Each part\n(0–12 points)" if plain else "Subscores\n(points, 0–12)", style)
        ax.set_ylim(-0.5, SUBSCORE_MAX + 0.8)
        ax.set_yticks(range(0, SUBSCORE_MAX + 1, 3))
        drawing.legend_beside(ax, style)
    drawing.intervention_markers(axes, trends.markers, span, style, wording.marker_label(plain))
    drawing.date_axis(axes, span, style)
    return figure

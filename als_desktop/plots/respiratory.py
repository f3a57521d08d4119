"""Breathing: FVC % predicted (sitting and supine) with the 50 % and 80 % lines; SNIP and peak
cough flow below it, each only when recorded, with their own lines."""

from __future__ import annotations

from dataclasses import dataclass

from matplotlib.axes import Axes
from matplotlib.figure import Figure

from als_desktop.clinical.trends import Line, PatientTrends, Series

from . import drawing, wording
from .style import BLUE, GREEN, PURPLE, SKY, Style, style_for


@dataclass(frozen=True)
class Panel:
    key: str  # "fvc", "snip", "pcf"
    label: str  # y axis, with the unit
    plain_label: str
    series: tuple[tuple[str, Series, str, str, str], ...]  # (gid key, series, colour, marker, plain name)
    lines: tuple[Line, ...]
    floor_line: float  # the scale reaches at least this high


def respiratory_figure(trends: PatientTrends, *, plain: bool = False) -> Figure:
    style = style_for(plain)
    r = trends.respiratory
    title = "Breathing test (FVC)" if plain else "Breathing: FVC, SNIP and peak cough flow"
    panels = [panel for panel in _panels(trends) if any(series for _key, series, *_rest in panel.series)]
    if not panels:
        return drawing.empty_figure(title, "No breathing tests recorded", style)
    heights = [style.main_height_in] + [style.extra_height_in] * (len(panels) - 1)
    figure, axes = drawing.new_figure(title, style, heights)
    span = drawing.date_span([r.fvc_sitting, r.fvc_supine, r.snip, r.peak_cough_flow], trends.markers, r.estimate)
    for ax, panel in zip(axes, panels, strict=True):
        _draw_panel(ax, panel, style, plain)
        if panel.key == "fvc" and r.estimate is not None:
            drawing.projection(ax, r.estimate, "fvc", BLUE, style)
        drawing.legend_beside(ax, style)
    drawing.intervention_markers(axes, trends.markers, span, style, wording.marker_label(plain))
    drawing.date_axis(axes, span, style)
    return figure


def _panels(trends: PatientTrends) -> list[Panel]:
    r = trends.respiratory
    return [
        Panel("fvc", "FVC\n(% predicted)", "Breathing test\n(% of expected)",
              (("fvc_sitting", r.fvc_sitting, BLUE, "o", "Sitting"),
               ("fvc_supine", r.fvc_supine, SKY, "s", "Lying down")),
              r.fvc_lines, 100.0),
        Panel("snip", "SNIP\n(cmH₂O)", "Sniff strength\n(cmH₂O)",
              (("snip", r.snip, GREEN, "o", "Sniff strength"),), r.snip_lines, 0.0),
        Panel("pcf", "Peak cough flow\n(L/min)", "Cough strength\n(L/min)",
              (("peak_cough_flow", r.peak_cough_flow, PURPLE, "o", "Cough strength"),), r.peak_cough_flow_lines, 0.0),
    ]


def _draw_panel(ax: Axes, panel: Panel, style: Style, plain: bool) -> None:
    values: list[float] = [panel.floor_line]
    for key, series, colour, marker, plain_name in panel.series:
        if series:
            drawing.plot_series(ax, series, key, colour, style, name=plain_name if plain else series.name,
                                marker=marker)
            values += [p.value for p in series.points]
    lowest = min(line.value for line in panel.lines) if panel.lines else None
    for line in panel.lines:
        # The line that asks for action is the lowest; a higher one warns or is for reference.
        if panel.key == "fvc":
            kind = "action" if line.value == lowest else "reference"
        else:
            kind = "action" if line.value == lowest else "warning"
        drawing.threshold(ax, line, wording.line_label(panel.key, line, plain), kind, style)
        values.append(line.value)
    drawing.y_label(ax, panel.plain_label if plain else panel.label, style)
    # From zero: how far a value is from the lines is then read at a glance.
    drawing.fit_y(ax, [0.0, *values], floor=0.0, room_below=0.0, room_above=0.1)

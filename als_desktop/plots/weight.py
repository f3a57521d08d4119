"""Weight (kg) against the reference weight and the weight-loss lines, with BMI beside it."""

from __future__ import annotations

from matplotlib.figure import Figure

from als_desktop.clinical.rules_common import num
from als_desktop.clinical.trends import Line, PatientTrends, WeightTrend

from . import drawing, wording
from .style import BLUE, style_for


def weight_figure(trends: PatientTrends, *, plain: bool = False) -> Figure:
    style = style_for(plain)
    weight = trends.weight
    title = "Weight" if plain or not weight.height_cm else "Weight and BMI"
    if not weight.weight:
        return drawing.empty_figure(title, "No weights recorded", style)
    figure, (ax,) = drawing.new_figure(title, style, [style.main_height_in])
    span = drawing.date_span([weight.weight], trends.markers, weight.estimate)

    name = "Weight" if plain else weight.weight.name
    drawing.plot_series(ax, weight.weight, "weight", BLUE, style, name=name)
    for line in weight.lines:
        kind = _kind(weight, line)
        drawing.threshold(ax, line, _plain_label(weight, line, kind) if plain else line.label, kind, style)
    if weight.estimate is not None:
        drawing.projection(ax, weight.estimate, "weight", BLUE, style)

    drawing.y_label(ax, "Weight (kg)", style)
    values = [p.value for p in weight.weight.points] + [line.value for line in weight.lines]
    drawing.fit_y(ax, values, floor=0.0, room_below=0.25 if weight.estimate else 0.1)
    if weight.height_cm:
        squared = (weight.height_cm / 100) ** 2
        bmi = ax.secondary_yaxis("right", functions=(lambda kg: kg / squared, lambda index: index * squared))
        bmi.set_ylabel("BMI (kg/m²)", fontsize=style.font)
        bmi.tick_params(labelsize=style.small)
        bmi.set_gid("bmi-axis")
    drawing.intervention_markers([ax], trends.markers, span, style, wording.marker_label(plain))
    drawing.date_axis([ax], span, style)
    # Beside the BMI axis: a figure legend is placed outside every axis the plot has.
    handles, labels = ax.get_legend_handles_labels()
    figure.legend(handles, [drawing.wrap(label, style) for label in labels], loc="outside right upper", frameon=False,
                  fontsize=style.small, handlelength=2.8)
    return figure


def _kind(weight: WeightTrend, line: Line) -> str:
    """The reference line, the loss line that asks for action (the lowest), or an early warning."""
    if weight.reference is not None and line.value == weight.reference.weight_kg:
        return "reference"
    if line.value == min(other.value for other in weight.lines):
        return "action"
    return "warning"


def _plain_label(weight: WeightTrend, line: Line, kind: str) -> str:
    reference = weight.reference
    if reference is None:
        return line.label
    if kind == "reference":
        usual = "Usual weight" if reference.basis == "premorbid" else "First weight recorded"
        return f"{usual} ({num(reference.weight_kg)} kg)"
    percent = round((reference.weight_kg - line.value) / reference.weight_kg * 100, 1)
    return f"{num(percent)} % below that ({num(line.value)} kg)"

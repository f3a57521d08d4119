"""The three trend plots as matplotlib Figures, drawn the same on screen and in the care plan.

    weight_figure(trends, plain=False)       weight (kg), reference and weight-loss lines, BMI
    respiratory_figure(trends, plain=False)  FVC sitting/supine, SNIP, peak cough flow
    alsfrs_figure(trends, plain=False)       ALSFRS-R total and the four domain subscores
    figure_bytes(figure, "png" | "svg", dpi) the figure as a file's bytes

Every plot marks the interventions and, when the trends carry one, the dashed estimate.
`plain=True` is the family's copy: plain words, no rule codes, larger type. No pyplot and no
Qt here: the window puts a figure on its own canvas (views.trend_canvas). Importing this
package imports matplotlib, so only code that draws imports it.
"""

from __future__ import annotations

from .alsfrs import alsfrs_figure
from .export import FORMATS, figure_bytes
from .hover import Hit, point_near
from .respiratory import respiratory_figure
from .weight import weight_figure

__all__ = ["FORMATS", "Hit", "alsfrs_figure", "figure_bytes", "point_near", "respiratory_figure", "weight_figure"]

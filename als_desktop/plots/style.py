"""How the trend plots look: sizes and fonts for the team's copy and the family's plain copy,
and one colour-blind-safe palette (Okabe-Ito) shared by every plot."""

from __future__ import annotations

from dataclasses import dataclass

# Okabe-Ito: told apart with the common colour-vision deficiencies and on a grey printout.
BLUE = "#0072B2"
SKY = "#56B4E9"
GREEN = "#009E73"
ORANGE = "#E69F00"
VERMILLION = "#D55E00"
PURPLE = "#CC79A7"
INK = "#222222"
GREY = "#6E6E6E"

# Threshold lines: an action line is darker than an early-warning line; a reference line is grey.
ACTION = "#B2182B"
WARNING = "#C77C00"
REFERENCE = "#7A7A7A"
MARKER = "#4D4D4D"  # an intervention's words
MARKER_LINE = "#8A8A8A"  # its line: opaque, so interventions of one day do not darken it

ACTION_DASHES = (0, (6, 3))
WARNING_DASHES = (0, (3, 2))
REFERENCE_DASHES = (0, (1, 2))
ESTIMATE_DASHES = (0, (4, 2.5))


@dataclass(frozen=True)
class Style:
    plain: bool
    font: float  # points: ticks, legend, labels (11 on the family copy: at 12 the intervention words no longer fit beside each other)
    title: float
    line_width: float
    marker_size: float
    width_in: float  # an A4 page between 18 mm margins, where the report draws it at 1:1; the window stretches it
    main_height_in: float  # the first (or only) plot of a figure
    extra_height_in: float  # each further plot below it

    @property
    def small(self) -> float:
        return self.font - 1


TEAM = Style(plain=False, font=8.5, title=10.5, line_width=1.6, marker_size=4.5,
             width_in=6.85, main_height_in=2.9, extra_height_in=1.7)
FAMILY = Style(plain=True, font=11.0, title=13.5, line_width=2.2, marker_size=6.5,
               width_in=6.85, main_height_in=3.4, extra_height_in=2.1)


def style_for(plain: bool) -> Style:
    return FAMILY if plain else TEAM

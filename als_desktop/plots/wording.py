"""Words on the family's plain copy of the plots: no abbreviations the family was not taught,
no rule codes. The team's copy uses the labels the trends carry."""

from __future__ import annotations

from collections.abc import Callable

from als_desktop.clinical import respiratory
from als_desktop.clinical.trends import Line, Marker

PLAIN_MARKERS = {
    "gastrostomy": "Feeding tube",
    "niv": "Breathing support (NIV)",
    "cough_assist": "Cough machine",
    "aac_device": "Communication aid",
    "tracheostomy": "Tracheostomy",
}

# The thresholds the breathing plots draw, said plainly (their sources are in clinical.respiratory).
PLAIN_LINES = {
    ("fvc", respiratory.NICE_FVC_PERCENT): "{v} %: below this the team talks about breathing support",
    ("snip", respiratory.NICE_SNIP_CMH2O): "{v} cmH₂O: below this the team talks about breathing support",
    ("pcf", respiratory.COUGH_ASSIST_PCF): "{v} L/min: below this a cough machine can help",
    ("pcf", respiratory.INEFFECTIVE_COUGH_PCF): "{v} L/min: below this coughing does not clear the chest",
}

PLAIN_DOMAINS = {
    "Bulbar": "Speech and swallowing",
    "Fine motor": "Hands",
    "Gross motor": "Walking and moving",
    "Respiratory": "Breathing",
}


def marker_label(plain: bool) -> Callable[[Marker], str]:
    if plain:
        return lambda marker: PLAIN_MARKERS.get(marker.kind, marker.label)
    return lambda marker: marker.label


def line_label(plot: str, line: Line, plain: bool) -> str:
    """The legend text of a threshold line; a line without plain words shows only its value."""
    if not plain:
        return line.label
    text = PLAIN_LINES.get((plot, line.value))
    if text is not None:
        return text.format(v=f"{line.value:g}")
    return line.label.split(":")[0] + ": for comparison"

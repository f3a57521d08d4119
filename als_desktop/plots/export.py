"""A trend plot as PNG or SVG bytes, for a file or the care plan PDF."""

from __future__ import annotations

from io import BytesIO

from matplotlib import rc_context
from matplotlib.figure import Figure

FORMATS = ("png", "svg")


def figure_bytes(figure: Figure, fmt: str = "png", dpi: int = 150) -> bytes:
    """The figure drawn at its own size. A figure not shown in the window is drawn by the Agg
    (PNG) or SVG canvas, never Qt; one shown in the window keeps its canvas afterwards."""
    fmt = fmt.lower().lstrip(".")
    if fmt not in FORMATS:
        raise ValueError(f"A plot is saved as PNG or SVG, not {fmt.upper() or 'a file without a type'}.")
    buffer = BytesIO()
    # No creation date and fixed element ids: the same plot gives the same bytes.
    metadata = {"Date": None} if fmt == "svg" else {"Software": None}
    with rc_context({"svg.hashsalt": "als-desktop"}):
        figure.savefig(buffer, format=fmt, dpi=dpi, facecolor="white", metadata=metadata)
    return buffer.getvalue()

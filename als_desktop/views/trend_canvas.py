"""One trend plot in the window: pointing at (or clicking) a value shows it with its unit and
date; Export… (a button or the right-click menu) saves the plot as PNG or SVG.

matplotlib's Qt canvas is imported the first time a plot is shown, never at start-up.
"""

from __future__ import annotations

import functools
import logging
import textwrap
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QMenu,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from als_desktop.files import why_not_written, write_atomically

from . import messages

if TYPE_CHECKING:
    from matplotlib.figure import Figure
    from matplotlib.text import Annotation

log = logging.getLogger(__name__)

FILE_TYPES = {"PNG image (*.png)": ".png", "SVG drawing (*.svg)": ".svg"}
EXPORT_DPI = 150
# Fonts are sized for the printed plan; on screen the plots are a little shorter than on paper
# so that a whole plot fits the window's height (and the three fit about two screens at 1366×768).
SCREEN_HEIGHT = 0.62
VALUE_WRAP = 60  # characters per line of a value shown beside the pointer (an estimate is long)


@functools.cache
def _canvas_class() -> type:
    from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg

    class PlotCanvas(FigureCanvasQTAgg):
        """The plot never zooms: the mouse wheel scrolls the tab it sits in."""

        def wheelEvent(self, event) -> None:
            event.ignore()

    return PlotCanvas


class TrendCanvas(QWidget):
    exported = Signal(object)  # the Path written: the tab records the export in the audit trail

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.name = name  # "weight": the exported file's suggested name
        self.file_stem = name
        self.figure: Figure | None = None
        self.canvas = None
        self._value: Annotation | None = None
        self._background = None  # the last full drawing, for showing values over it
        self._folder: Path | None = None  # where the last plot was exported
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        self.plot_area = QVBoxLayout()
        layout.addLayout(self.plot_area)
        bar = QHBoxLayout()
        bar.addStretch(1)
        self.export_button = QPushButton("Export…", self)
        self.export_button.setToolTip("Save this plot as a PNG image or an SVG drawing")
        self.export_button.clicked.connect(self.export)
        self.export_button.setEnabled(False)
        bar.addWidget(self.export_button)
        layout.addLayout(bar)

    # ------------------------------------------------------------------ the figure

    def show_figure(self, figure: Figure) -> None:
        """Show `figure` in place of the one shown before, which is released."""
        self.release()
        canvas = _canvas_class()(figure)
        canvas.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        canvas.setFixedHeight(round(figure.get_figheight() * figure.dpi * SCREEN_HEIGHT))
        canvas.mpl_connect("motion_notify_event", self._pointed)
        canvas.mpl_connect("button_press_event", self._pointed)
        canvas.mpl_connect("figure_leave_event", lambda _event: self.hide_value())
        canvas.mpl_connect("draw_event", self._drawn)
        canvas.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        canvas.customContextMenuRequested.connect(self._menu)
        canvas.setToolTip("")
        self.plot_area.addWidget(canvas)
        canvas.show()  # at once, not after the next round of events
        self.figure, self.canvas, self._background = figure, canvas, None
        # "No weights recorded" is not worth a file.
        self.export_button.setEnabled(not any(text.get_gid() == "empty" for ax in figure.axes for text in ax.texts))

    def release(self) -> None:
        """Let go of the figure shown: a patient after another must not keep the last one's plots."""
        if self.canvas is None:
            return
        canvas, figure = self.canvas, self.figure
        self.canvas = self.figure = self._value = self._background = None
        self.plot_area.removeWidget(canvas)
        canvas.hide()
        canvas.deleteLater()
        figure.clear()  # its artists (and what hovering knows of them) go at once
        self.export_button.setEnabled(False)

    # ------------------------------------------------------------------ hovering

    def value_at(self, x: float, y: float) -> str | None:
        """What the plot shows at display position (x, y) (pixels from the bottom left, as
        matplotlib's mouse events give them): a value with unit and date, an intervention or
        an estimate; None away from them."""
        from als_desktop.plots import point_near

        if self.figure is None:
            return None
        hit = point_near(self.figure, x, y)
        return hit.text if hit else None

    def show_value_at(self, x: float, y: float) -> str | None:
        """Show beside the pointer what `value_at` finds there (and hide it away from values)."""
        from als_desktop.plots import point_near

        if self.figure is None:
            return None
        hit = point_near(self.figure, x, y)
        if hit is None:
            self.hide_value()
            return None
        text = "\n".join(textwrap.fill(line, VALUE_WRAP) for line in hit.text.splitlines())
        if self._value is not None and self._value.get_text() == text and self._value.axes is hit.axes:
            return hit.text
        self.hide_value(repaint=False)
        ax = hit.axes
        right_half = x > (ax.bbox.x0 + ax.bbox.x1) / 2
        top_half = y > (ax.bbox.y0 + ax.bbox.y1) / 2
        self._value = ax.annotate(
            text, xy=(hit.x, hit.y), xytext=(-12 if right_half else 12, -12 if top_half else 12),
            textcoords="offset points", ha="right" if right_half else "left", va="top" if top_half else "bottom",
            fontsize=9, color="#111111", zorder=20, gid="hover", annotation_clip=False, multialignment="left",
            bbox={"boxstyle": "round,pad=0.4", "facecolor": "#FFFFF0", "edgecolor": "#8A8A8A", "linewidth": 0.8},
        )
        # Drawn over the last full drawing (blitted): pointing at values never redraws the plot
        # or moves it, however slow the plot is to draw.
        self._value.set_in_layout(False)
        self._value.set_animated(True)
        self._paint_value()
        return hit.text

    def hide_value(self, repaint: bool = True) -> None:
        if self._value is None:
            return
        self._value.remove()
        self._value = None
        if repaint:
            self._paint_value()

    def _drawn(self, _event) -> None:
        """After each full drawing: keep it as the background values are shown over."""
        if self.canvas is None:
            return
        self._background = self.canvas.copy_from_bbox(self.figure.bbox)
        if self._value is not None:
            self._value.axes.draw_artist(self._value)

    def _paint_value(self) -> None:
        if self.canvas is None:
            return
        if self._background is None:  # not drawn yet: the first drawing shows it
            self.canvas.draw_idle()
            return
        self.canvas.restore_region(self._background)
        if self._value is not None:
            self._value.axes.draw_artist(self._value)
        self.canvas.blit(self.figure.bbox)

    def shown_value(self) -> str | None:
        return self._value.get_text() if self._value is not None else None

    def _pointed(self, event) -> None:
        if event.button is not None and event.button != 1:
            return  # right-click opens the menu
        self.show_value_at(event.x, event.y)

    # ------------------------------------------------------------------ export

    def _menu(self, position: QPoint) -> None:
        menu = QMenu(self)
        menu.addAction("Export as PNG or SVG…", self.export)
        menu.exec(self.canvas.mapToGlobal(position))

    def export(self) -> None:
        """Ask where to save the plot (PNG or SVG) and save it there."""
        if self.figure is None:
            return
        from .pdf_preview import documents_folder  # where the care plans are saved too

        folder = self._folder or documents_folder()
        path, chosen = QFileDialog.getSaveFileName(
            self, "Export plot", str(folder / f"{self.file_stem}.png"), ";;".join(FILE_TYPES))
        if not path:
            return
        target = Path(path)
        if target.suffix.lower() not in FILE_TYPES.values():
            target = target.with_name(target.name + FILE_TYPES.get(chosen, ".png"))
        try:
            self.export_to(target)
        except OSError as error:
            log.warning("plot not exported to %s: %s", target.parent, error.strerror)
            messages.show(self, messages.WARNING, "Plot not exported",
                          f"The plot could not be saved as {target}: {why_not_written(error)}.",
                          detail="Nothing was saved. Choose another folder, or free some space, and export again.")
            return
        self._folder = target.parent

    def export_to(self, path: Path) -> Path:
        """Save the plot as shown, as PNG or SVG by the file's ending (.png, .svg)."""
        from als_desktop.plots import figure_bytes

        if self.figure is None:
            raise ValueError("There is no plot to export.")
        fmt = Path(path).suffix.lower().lstrip(".")
        self.hide_value()
        data = figure_bytes(self.figure, fmt, dpi=EXPORT_DPI)
        write_atomically(Path(path), data)
        log.info("plot %s exported to %s", self.name, Path(path).parent)
        self.exported.emit(Path(path))
        return Path(path)

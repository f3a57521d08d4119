"""Trends: weight, breathing and ALSFRS-R over time for the selected patient, one plot under
another, each with its estimate sentence and where its lines come from.

The figures come from als_desktop.plots (the same the care plan prints); the values from
services.trends, so voided values are never drawn. A new patient's plots replace the last
patient's, which are released.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

from als_desktop.clinical.projection import ESTIMATE_METHOD, Estimate
from als_desktop.clinical.trends import Line, PatientTrends
from als_desktop.services.trends import trends_for

from ..prompts_panel import today_of
from ..trend_canvas import TrendCanvas
from .base import DisciplineTab, RecordSession, TabHost

PLOTS = ("weight", "respiratory", "alsfrs")
HOW_TO_READ = ("Point at a value (or click it) to see it with its date. Vertical lines mark interventions; "
               "dashed lines are thresholds, the sloping dashed line an estimate. Voided values are not shown.")
ALSFRS_NOTE = ("ALSFRS-R total only from complete assessments (all 12 items); each domain subscore "
               "(0–12) when its three items were scored.")


class TrendsTab(DisciplineTab):
    title = "Trends"

    def __init__(self, host: TabHost) -> None:
        super().__init__(host)
        self.trends: PatientTrends | None = None
        self.recorded = None  # the audit event of the last plot exported (a views.tasks.Task)
        self.how_to_read = self.note(HOW_TO_READ)
        self.plots: dict[str, TrendCanvas] = {}
        self.estimates: dict[str, QLabel] = {}
        self.sources: dict[str, QLabel] = {}
        for key in PLOTS:
            frame = QFrame(self.body)
            frame.setObjectName("trendPlot")
            layout = QVBoxLayout(frame)
            layout.setContentsMargins(0, 0, 0, 0)
            layout.setSpacing(4)
            self.plots[key] = TrendCanvas(key, frame)
            self.plots[key].exported.connect(lambda path, key=key: self._exported(key, path))
            layout.addWidget(self.plots[key])
            self.estimates[key] = self._label(frame, layout, muted=False)
            self.estimates[key].setToolTip(ESTIMATE_METHOD[0].upper() + ESTIMATE_METHOD[1:])
            self.sources[key] = self._label(frame, layout, muted=True)
            self.content.addWidget(frame)
        self.content.addStretch(1)

    def _exported(self, key: str, path: Path) -> None:
        from ..audit_events import record_event

        self.recorded = record_event(self, self.host.database, self.host.author, "export",
                                     patient_id=self.patient.id if self.patient else None,
                                     detail=f"{key} trend plot", file_name=path.name)

    def _label(self, parent: QWidget, layout: QVBoxLayout, *, muted: bool) -> QLabel:
        label = QLabel(parent)
        label.setWordWrap(True)
        if muted:
            label.setObjectName("muted")
        label.hide()
        layout.addWidget(label)
        return label

    def refresh(self) -> None:
        if self.patient is None:
            self.clear()
            return
        super().refresh()

    def load(self, session: RecordSession) -> None:
        from als_desktop import plots

        assert self.patient is not None
        today = today_of(self.host)
        trends = trends_for(session, self.patient.id, today)
        for key in PLOTS:
            self.plots[key].file_stem = f"{self.patient.mrn} {key} {today:%Y-%m-%d}"
        if trends == self.trends:
            return  # another visit of the same record: the plots are already these
        self.trends = trends
        builders: dict[str, Callable[[PatientTrends], object]] = {
            "weight": plots.weight_figure, "respiratory": plots.respiratory_figure, "alsfrs": plots.alsfrs_figure,
        }
        for key in PLOTS:
            self.plots[key].show_figure(builders[key](trends))
            self._set(self.estimates[key], _estimate_text(_estimate(trends, key)))
            self._set(self.sources[key], _sources_text(trends, key))

    def clear(self) -> None:
        """No patient selected: nothing of the last one stays on screen."""
        self.trends = None
        for key in PLOTS:
            self.plots[key].release()
            self._set(self.estimates[key], "")
            self._set(self.sources[key], "")

    @staticmethod
    def _set(label: QLabel, text: str) -> None:
        label.setText(text)
        label.setVisible(bool(text))


def _estimate(trends: PatientTrends, key: str) -> Estimate | None:
    if key == "weight":
        return trends.weight.estimate
    if key == "respiratory":
        return trends.respiratory.estimate
    return None


def _estimate_text(estimate: Estimate | None) -> str:
    return f"<b>{estimate.text()}</b>" if estimate is not None else ""


def _sources_text(trends: PatientTrends, key: str) -> str:
    """Where each line drawn comes from, and how the estimate is made."""
    if key == "alsfrs":
        return ALSFRS_NOTE if trends.alsfrs.total or any(trends.alsfrs.subscores) else ""
    r = trends.respiratory
    groups: list[tuple[str, tuple[Line, ...]]] = []
    if key == "weight" and trends.weight.weight:
        groups.append(("Weight", trends.weight.lines))
    if key == "respiratory":
        if r.fvc_sitting or r.fvc_supine:
            groups.append(("FVC", r.fvc_lines))
        if r.snip:
            groups.append(("SNIP", r.snip_lines))
        if r.peak_cough_flow:
            groups.append(("Peak cough flow", r.peak_cough_flow_lines))
    parts = [f"{name} lines: " + "; ".join(f"{line.label} — {line.source}" for line in lines)
             for name, lines in groups if lines]
    if not parts:
        return ""
    parts.append(f"Estimate (sloping dashed line): {ESTIMATE_METHOD.removeprefix('estimate: ')}")
    return ".  ".join(parts) + "."

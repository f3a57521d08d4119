"""Trends tab on a demo clinic: the three plots of the selected patient with their estimates,
the value under the pointer, export as PNG or SVG, and no plots kept from the last patient."""

from __future__ import annotations

import gc
import math
import shutil
import weakref
from datetime import date
from pathlib import Path

import pytest
from matplotlib import dates as mdates
from PySide6.QtCore import QEvent, QPoint
from PySide6.QtWidgets import QApplication, QFileDialog

from als_desktop.config import sqlite_url
from als_desktop.db import open_database
from als_desktop.services import demo, patients, queries, visits
from als_desktop.services.trends import trends_for
from als_desktop.views.tabs.trends import PLOTS

DAY = date(2025, 6, 2)


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("trends") / "demo.sqlite"
    database = open_database(sqlite_url(path))
    demo.populate(database, 12, seed=4, today=DAY)
    database.close()
    return path


@pytest.fixture
def clinic(demo_file: Path, tmp_path: Path):
    """The demo clinic's file, a living patient whose weight and FVC both project a crossing
    (with their trends as the services read them), and another living patient."""
    path = tmp_path / "clinic.sqlite"
    shutil.copyfile(demo_file, path)
    database = open_database(sqlite_url(path), migrate=False)
    try:
        with database.reading() as session:
            living = [row for row in queries.patient_list(session) if not row.deceased]
            trends = {row.id: trends_for(session, row.id, DAY) for row in living}
    finally:
        database.close()
    chosen = next(pid for pid, t in trends.items() if t.weight.estimate and t.respiratory.estimate)
    other = next(pid for pid in trends if pid != chosen)
    return path, chosen, trends[chosen], other


def open_trends(open_window, path: Path, patient_id):
    window = open_window(path, today=DAY)
    window.patient_list.select(patient_id)
    tab = window.tabs.show_tab("Trends")
    QApplication.processEvents()  # the plots take their place and size
    return window, tab


def plotted(figure, gid: str) -> list[float]:
    (line,) = [a for ax in figure.axes for a in ax.get_lines() if a.get_gid() == gid]
    return [float(v) for v in line.get_ydata() if not math.isnan(v)]


def display_xy(figure, ax_index: int, on: date, value: float) -> tuple[float, float]:
    figure.canvas.draw()
    ax = figure.axes[ax_index]
    x, y = ax.transData.transform((mdates.date2num(on), value))
    return float(x), float(y)


def test_the_three_plots_of_the_patient_with_their_estimates_and_sources(open_window, clinic) -> None:
    path, patient_id, trends, _other = clinic
    _window, tab = open_trends(open_window, path, patient_id)
    for key in PLOTS:
        view = tab.plots[key]
        assert view.canvas is not None and view.canvas.isVisible()
        assert view.canvas.figure is view.figure
        assert view.export_button.isEnabled()
    assert plotted(tab.plots["weight"].figure, "series:weight") == [p.value for p in trends.weight.weight.points]
    assert plotted(tab.plots["respiratory"].figure, "series:fvc_sitting") == [
        p.value for p in trends.respiratory.fvc_sitting.points]
    assert plotted(tab.plots["alsfrs"].figure, "series:alsfrs_total") == [p.value for p in trends.alsfrs.total.points]
    # The dashed estimates are drawn, and each plot says its estimate in words underneath.
    assert any(a.get_gid() == "estimate:fvc" for a in tab.plots["respiratory"].figure.axes[0].get_lines())
    assert trends.weight.estimate.text() in tab.estimates["weight"].text()
    assert trends.respiratory.estimate.text() in tab.estimates["respiratory"].text()
    assert tab.estimates["weight"].isVisible() and not tab.estimates["alsfrs"].isVisible()
    assert "NICE NG42 (2016)" in tab.sources["respiratory"].text()
    assert "−10 %" in tab.sources["weight"].text()


def test_pointing_at_a_value_shows_its_value_unit_and_date(qtbot, open_window, clinic) -> None:
    path, patient_id, trends, _other = clinic
    _window, tab = open_trends(open_window, path, patient_id)
    view = tab.plots["weight"]
    last = trends.weight.weight.points[-1]
    x, y = display_xy(view.figure, 0, last.on, last.value)
    expected = f"Weight: {last.value:g} kg\n{last.on:%d %b %Y}"
    assert view.value_at(x, y) == expected
    assert view.value_at(x, y + 60) != expected

    # With the mouse: matplotlib counts pixels from the bottom, Qt from the top.
    ratio = view.canvas.device_pixel_ratio
    qtbot.mouseMove(view.canvas, QPoint(round(x / ratio), round((view.figure.bbox.height - y) / ratio)))
    qtbot.waitUntil(lambda: view.shown_value() == expected, timeout=3000)
    qtbot.mouseMove(view.canvas, QPoint(2, 2))  # the corner, away from every value
    qtbot.waitUntil(lambda: view.shown_value() is None, timeout=3000)


def test_export_saves_the_plot_as_png_or_svg(qtbot, open_window, clinic, tmp_path, monkeypatch, answers) -> None:
    path, patient_id, _trends, _other = clinic
    window, tab = open_trends(open_window, path, patient_id)
    view = tab.plots["respiratory"]
    png = view.export_to(tmp_path / "breathing.png")
    assert png.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    svg = view.export_to(tmp_path / "breathing.svg")
    assert b"<svg" in svg.read_bytes()[:500]

    # Through the button: a name typed without an ending gets the type chosen in the dialog.
    chosen = tmp_path / "fvc-plot"
    offered = []

    def save_as(_parent, _title, suggested, _types):
        offered.append(Path(suggested).name)
        return str(chosen), "SVG drawing (*.svg)"

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_as)
    view.export_button.click()
    assert b"<svg" in (tmp_path / "fvc-plot.svg").read_bytes()[:500]
    mrn = window.patient.mrn
    assert offered == [f"{mrn} respiratory {DAY:%Y-%m-%d}.png"]
    assert answers.seen == []

    # A folder that does not exist: a message, no traceback, nothing written.
    missing = tmp_path / "no such folder" / "plot.png"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args, **kw: (str(missing), "PNG image (*.png)"))
    view.export_button.click()
    assert [m.title for m in answers.seen] == ["Plot not exported"]
    assert str(missing) in answers.seen[0].text
    assert not missing.exists()


def test_another_patient_replaces_the_plots_and_the_last_ones_are_released(qtbot, open_window, clinic) -> None:
    path, patient_id, trends, other = clinic
    window, tab = open_trends(open_window, path, patient_id)
    before = [weakref.ref(tab.plots[key].figure) for key in PLOTS]
    old_canvases = [weakref.ref(tab.plots[key].canvas) for key in PLOTS]

    window.patient_list.select(other)
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    gc.collect()
    assert all(ref() is None for ref in before)
    assert all(ref() is None for ref in old_canvases)
    assert all(tab.plots[key].figure is not None for key in PLOTS)
    assert plotted(tab.plots["weight"].figure, "series:weight") != [p.value for p in trends.weight.weight.points]

    window.show_patient(None)  # no patient: nothing of the last one stays on the tab
    assert all(tab.plots[key].figure is None for key in PLOTS)
    assert not any(label.isVisible() for label in tab.estimates.values())


def test_a_new_weight_appears_and_choosing_another_visit_does_not_redraw(qtbot, open_window, clinic) -> None:
    path, patient_id, trends, _other = clinic
    window, tab = open_trends(open_window, path, patient_id)
    shown = tab.plots["weight"].figure
    assert window.visit_choice.count() > 1
    window.visit_choice.setCurrentIndex(1)  # the same record: the same plots, not drawn again
    assert tab.plots["weight"].figure is shown

    latest = window.visit_rows[0]
    with window.database.transaction() as session:
        visits.record_weight(session, latest.id, 55.5, "gui.clinician")
    window.record_changed()
    weights = plotted(tab.plots["weight"].figure, "series:weight")
    assert tab.plots["weight"].figure is not shown
    assert 55.5 in weights and len(weights) == len(trends.weight.weight.points) + 1


def test_a_patient_without_measurements_sees_plain_sentences_not_empty_frames(open_window, clinic) -> None:
    path, _patient_id, _trends, _other = clinic
    database = open_database(sqlite_url(path), migrate=False)
    with database.transaction() as session:
        newcomer = patients.create_patient(session, {
            "mrn": "NEW-0001", "given_name": "Nadia", "family_name": "Newcomer", "date_of_birth": date(1970, 3, 3),
            "sex": "female"}, "gui.clinician", today=DAY).id
    database.close()
    _window, tab = open_trends(open_window, path, newcomer)
    words = {key: [t.get_text() for ax in tab.plots[key].figure.axes for t in ax.texts] for key in PLOTS}
    assert words == {"weight": ["No weights recorded"], "respiratory": ["No breathing tests recorded"],
                     "alsfrs": ["No complete ALSFRS-R recorded"]}
    assert not any(tab.plots[key].export_button.isEnabled() for key in PLOTS)
    assert not any(label.isVisible() for label in [*tab.estimates.values(), *tab.sources.values()])

"""Opening a patient with ten years of quarterly visits in the Trends tab, against bare
matplotlib drawing the same points and lines, in the same run.

    python benchmarks/plots.py [--runs 7] [--years 10]

  trends tab  with the Trends tab on screen, select the patient in the main window (offscreen):
              header and visit list, the patient's trends read from the database
              (services.trends), the three figures built (threshold lines, intervention
              markers and their words, estimates, legends, constrained layout) on their Qt
              canvases, and each canvas drawn;
  bare        three matplotlib Figures with the same number of plots, points and lines
              (ax.plot, axhline, axvline; default look, no layout engine), each on a
              FigureCanvasQTAgg of the same size in a shown QWidget, drawn. Its values are
              already in memory: it reads no database.

The patient (40 visits: weight, FVC sitting and supine, SNIP, peak cough flow, ALSFRS-R; five
interventions) is written through the services to a temporary SQLite file. The two kinds
alternate, so a machine that slows down or warms up affects both alike. The report gives
medians and the ratio trends tab/bare: a number to watch over time, not a pass/fail.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
import uuid
from datetime import date, timedelta
from pathlib import Path

AUTHOR = "benchmark"
FIRST_VISIT = date(2015, 3, 2)
VISIT_EVERY_DAYS = 91
ITEMS = ("speech", "salivation", "swallowing", "handwriting", "cutting_food", "dressing_hygiene", "turning_in_bed",
         "walking", "climbing_stairs", "dyspnea", "orthopnea", "respiratory_insufficiency")


# ---------------------------------------------------------------------------------------------
# The synthetic patient, written through the services as the clinic would record it.


def item_scores(lost: int) -> dict[str, int]:
    """Twelve ALSFRS-R items losing `lost` points in all, spread over the items in turn."""
    scores = dict.fromkeys(ITEMS, 4)
    for n in range(min(lost, 48)):
        scores[ITEMS[(n * 5) % 12]] = max(scores[ITEMS[(n * 5) % 12]] - 1, 0)
    return scores


def build_patient(path: Path, years: int) -> tuple[object, object, date]:
    """A database holding one patient with `years` of quarterly visits and a second, new patient.
    Returns (patient id, other patient id, the day after the last visit)."""
    from als_desktop.config import sqlite_url
    from als_desktop.db import open_database
    from als_desktop.models import AlsfrsAssessment, Intervention
    from als_desktop.services import patient_records, patients, visits

    count = years * 4
    days = [FIRST_VISIT + timedelta(days=VISIT_EVERY_DAYS * n) for n in range(count)]
    today = days[-1] + timedelta(days=1)
    database = open_database(sqlite_url(path))
    try:
        with database.transaction() as session:
            patient = patients.create_patient(session, {
                "mrn": "BENCH-0001", "given_name": "Quarterly", "family_name": "Visits",
                "date_of_birth": date(1955, 5, 5), "sex": "female", "height_cm": 166.0, "premorbid_weight_kg": 72.0,
                "onset_date": date(2014, 6, 1), "onset_region": "bulbar",
                "diagnosis_date": date(2015, 1, 20)}, AUTHOR, today=today)
            other = patients.create_patient(session, {
                "mrn": "BENCH-0002", "given_name": "Newly", "family_name": "Referred",
                "date_of_birth": date(1960, 1, 1), "sex": "male"}, AUTHOR, today=today)
            for n, day in enumerate(days):
                visit = visits.create_visit(session, patient.id, {"visit_date": day}, AUTHOR, today=today)
                visits.record_weight(session, visit.id, round(72.0 - 0.22 * n, 1), AUTHOR)
                visits.record_respiratory(session, visit.id, {
                    "fvc_percent_sitting": round(99.0 - 1.3 * n), "snip_cmh2o": round(88.0 - 1.4 * n),
                    "peak_cough_flow_l_min": round(430.0 - 7.0 * n),
                    "fvc_percent_supine": round(92.0 - 1.5 * n) if n % 3 == 0 else None,
                }, AUTHOR)
                visits.record_on_visit(session, AlsfrsAssessment, visit.id,
                                       {**item_scores(n), "cutting_form": "5a"}, AUTHOR, today=today)
            for kind, visit_number, extra in (("aac_device", 14, {}), ("cough_assist", 18, {}),
                                              ("niv", 20, {"niv_hours_per_day": 8.0}),
                                              ("gastrostomy", 22, {"detail": "PEG"}), ("tracheostomy", 37, {})):
                started = days[min(visit_number, count - 1)] + timedelta(days=9)
                patient_records.record_for_patient(session, Intervention, patient.id,
                                                   {"kind": kind, "started_on": min(started, today), **extra},
                                                   AUTHOR, today=today)
            return patient.id, other.id, today
    finally:
        database.close()


# ---------------------------------------------------------------------------------------------
# The two measurements.


def open_in_trends_tab(app, window, patient_id) -> float:
    """Seconds from selecting the patient to the three plots drawn (the tab is on screen)."""
    window.show_patient(None)  # not timed: the patient is opened afresh each run
    app.processEvents()
    started = time.perf_counter()
    window.patient_list.select(patient_id)
    tab = window.tabs.show_tab("Trends")
    app.processEvents()  # the canvases are laid out and paint: each figure is drawn
    elapsed = time.perf_counter() - started
    assert all(drawn(view.canvas) for view in tab.plots.values()), "a plot was not drawn"
    return elapsed


def drawn(canvas) -> bool:
    """Whether the canvas has drawn its figure and has no drawing pending."""
    return hasattr(canvas, "renderer") and not canvas._draw_pending


def what_is_drawn(trends) -> list[dict]:
    """Per figure, per plot: the series (dates, values) and the horizontal and vertical lines."""
    r, markers = trends.respiratory, [m.on for m in trends.markers]

    def points(series) -> tuple[list[date], list[float]]:
        return [p.on for p in series.points], [p.value for p in series.points]

    figures = [
        [{"series": [points(trends.weight.weight)], "levels": [x.value for x in trends.weight.lines]}],
        [{"series": [points(r.fvc_sitting), points(r.fvc_supine)], "levels": [x.value for x in r.fvc_lines]},
         {"series": [points(r.snip)], "levels": [x.value for x in r.snip_lines]},
         {"series": [points(r.peak_cough_flow)], "levels": [x.value for x in r.peak_cough_flow_lines]}],
        [{"series": [points(trends.alsfrs.total)], "levels": []},
         {"series": [points(s) for s in trends.alsfrs.subscores], "levels": []}],
    ]
    return [{"plots": plots, "markers": markers} for plots in figures]


def bare_matplotlib(app, drawing: list[dict], sizes: list[tuple[int, int]]) -> float:
    """Seconds for plain matplotlib to draw the same on Qt canvases of the same sizes."""
    from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg
    from matplotlib.figure import Figure
    from PySide6.QtWidgets import QVBoxLayout, QWidget

    started = time.perf_counter()
    holder = QWidget()
    layout = QVBoxLayout(holder)
    canvases = []
    for spec, (width, height) in zip(drawing, sizes, strict=True):
        figure = Figure(figsize=(width / 100, height / 100), dpi=100)
        axes = figure.subplots(len(spec["plots"]), 1, sharex=True, squeeze=False)[:, 0]
        for ax, plot in zip(axes, spec["plots"], strict=True):
            for days, values in plot["series"]:
                ax.plot(days, values, marker="o")
            for level in plot["levels"]:
                ax.axhline(level, linestyle="--")
            for day in spec["markers"]:
                ax.axvline(day)
        canvas = FigureCanvasQTAgg(figure)
        canvas.setFixedSize(width, height)
        layout.addWidget(canvas)
        canvases.append(canvas)
    holder.show()
    app.processEvents()  # as in the window: laid out and painted, each figure drawn
    elapsed = time.perf_counter() - started
    assert all(drawn(canvas) for canvas in canvases), "a plot was not drawn"
    holder.close()
    holder.deleteLater()
    app.processEvents()
    return elapsed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=7, help="measurements of each kind (default 7)")
    parser.add_argument("--years", type=int, default=10, help="years of quarterly visits (default 10)")
    options = parser.parse_args(argv)

    if sys.platform.startswith("linux") and not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    folder = Path(tempfile.mkdtemp(prefix="als-desktop-bench-plots-"))
    os.environ["ALS_DESKTOP_HOME"] = str(folder / "home")
    os.environ.pop("ALS_DESKTOP_DATABASE", None)
    try:
        return measure(folder, options.runs, options.years)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def measure(folder: Path, runs: int, years: int) -> int:
    from PySide6.QtWidgets import QApplication

    from als_desktop.config import sqlite_url
    from als_desktop.services.accounts import SignedIn
    from als_desktop.db import open_database
    from als_desktop.services.trends import trends_for
    from als_desktop.views.main_window import MainWindow
    from als_desktop.views.resources import style_sheet

    path = folder / "plots.sqlite"
    started = time.perf_counter()
    patient_id, other_id, today = build_patient(path, years)
    print(f"Wrote a patient with {years * 4} quarterly visits through the services in "
          f"{time.perf_counter() - started:.1f} s ({path.name}, a temporary folder).", flush=True)

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setStyleSheet(style_sheet())
    # A reader's window: the benchmark only looks at the Trends tab.
    reader = SignedIn(uuid.uuid4(), AUTHOR, "Benchmark reader", ("neurology",))
    window = MainWindow(open_database(sqlite_url(path), create=False, migrate=False), user=reader, today=today)
    window.resize(1366, 768)
    window.show()
    window.patient_list.select(other_id)
    window.tabs.show_tab("Trends")
    app.processEvents()
    with window.database.reading() as session:
        trends = trends_for(session, patient_id, today)
    drawing = what_is_drawn(trends)
    points = sum(len(days) for figure in drawing for plot in figure["plots"] for days, _ in plot["series"])
    lines = sum(len(plot["series"]) + len(plot["levels"]) + len(figure["markers"])
                for figure in drawing for plot in figure["plots"])

    try:
        open_in_trends_tab(app, window, patient_id)  # warm-up of both (imports, fonts, caches)
        tab = window.tabs.show_tab("Trends")
        sizes = [(view.canvas.width(), view.canvas.height()) for view in tab.plots.values()]
        bare_matplotlib(app, drawing, sizes)
        print(f"Platform: {app.platformName()}; Python {sys.version.split()[0]}; {runs} runs each, alternating, "
              f"after one warm-up of each.")
        print(f"Drawn: 3 figures, 6 plots, {points} points, {lines} lines; canvases "
              + ", ".join(f"{w}×{h}" for w, h in sizes) + " px.")
        app_times: list[float] = []
        bare_times: list[float] = []
        for run in range(runs):
            app_times.append(open_in_trends_tab(app, window, patient_id))
            bare_times.append(bare_matplotlib(app, drawing, sizes))
            print(f"  run {run + 1}: trends tab {app_times[-1] * 1000:6.0f} ms   bare {bare_times[-1] * 1000:6.0f} ms",
                  flush=True)
    finally:
        window.close()
        window.database.close()

    app_median, bare_median = statistics.median(app_times), statistics.median(bare_times)
    print()
    print(f"Trends tab, patient opened and drawn:  median {app_median * 1000:6.0f} ms "
          f"(min {min(app_times) * 1000:.0f}, max {max(app_times) * 1000:.0f})")
    print(f"Bare matplotlib, same points/lines:    median {bare_median * 1000:6.0f} ms "
          f"(min {min(bare_times) * 1000:.0f}, max {max(bare_times) * 1000:.0f})")
    print(f"Ratio trends tab/bare: {app_median / bare_median:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

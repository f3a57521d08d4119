"""The team care plan PDF against bare reportlab and matplotlib doing the same drawing, in the same run.

    python benchmarks/team_plan.py [--runs 7] [--years 10] [--family]

  team plan  als_desktop.reports.team_plan.render(plan): the PDF of a patient seen every three
             months for ten years (the three trend plots drawn by als_desktop.plots, embedded as
             PNG; the tables, header, footer and "Page x of y" of the plan's page layout);
  bare       the same tables (same rows and text, Paragraph cells) and three matplotlib figures
             of the same size holding the same series, threshold lines and markers, drawn with
             library defaults: SimpleDocTemplate, Helvetica, ax.plot, savefig at the same DPI.
             The least any program must spend to draw that document.

The plan is read once from a synthetic record written through the services (the ten-year
patient of benchmarks/plots.py); the time that reading takes is printed on its own, so the
ratio compares drawing with drawing. The two alternate, so a machine that slows down or warms up affects both
alike. The report gives medians and the ratio team plan/bare: a number to watch over time,
not a pass/fail.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from io import BytesIO
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

DPI = 150  # as the plan embeds its plots


# ---------------------------------------------------------------------------------- the two drawings


def time_team_plan(plan, family: bool) -> tuple[float, int]:
    from als_desktop.reports.team_plan import render

    started = time.perf_counter()
    pdf = render(plan, family=family)
    return time.perf_counter() - started, len(pdf)


def bare_figures(plan) -> list[bytes]:
    """The three plots with matplotlib defaults: same size, series, lines and markers."""
    from matplotlib.figure import Figure

    trends = plan.trends
    width = 6.85
    layouts = [
        ("Weight and BMI", [[trends.weight.weight]], [trends.weight.lines], [2.9]),
        ("Breathing", [[trends.respiratory.fvc_sitting, trends.respiratory.fvc_supine], [trends.respiratory.snip],
                       [trends.respiratory.peak_cough_flow]],
         [trends.respiratory.fvc_lines, trends.respiratory.snip_lines, trends.respiratory.peak_cough_flow_lines],
         [2.9, 1.7, 1.7]),
        ("ALSFRS-R", [[trends.alsfrs.total], list(trends.alsfrs.subscores)], [(), ()], [2.9, 1.7]),
    ]
    pictures = []
    for title, panels, lines, heights in layouts:
        figure = Figure(figsize=(width, sum(heights) + 0.4))
        axes = figure.subplots(len(panels), 1, sharex=True, squeeze=False)[:, 0]
        figure.suptitle(title)
        for ax, series_list, panel_lines in zip(axes, panels, lines, strict=True):
            for series in series_list:
                if series:
                    ax.plot([p.on for p in series.points], [p.value for p in series.points], marker="o", label=series.name)
            for line in panel_lines:
                ax.axhline(line.value, linestyle="--", label=line.label)
            for marker in trends.markers:
                ax.axvline(marker.on, color="grey")
            ax.legend(loc="upper right")
        buffer = BytesIO()
        figure.savefig(buffer, format="png", dpi=DPI)
        figure.clear()
        pictures.append(buffer.getvalue())
    return pictures


def time_bare(plan) -> tuple[float, int]:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.lib.units import mm
    from reportlab.platypus import Image, Paragraph, SimpleDocTemplate, Table

    started = time.perf_counter()
    styles = getSampleStyleSheet()
    body, heading = styles["BodyText"], styles["Heading2"]

    def grid(rows: list[list[str]]) -> Table | Paragraph:
        if not rows:  # a discipline that recorded nothing at this visit
            return Paragraph("Not assessed at this visit.", body)
        return Table([[Paragraph(cell, body) for cell in row] for row in rows], repeatRows=1)

    story: list = [Paragraph("Team care plan", styles["Title"]), Paragraph("Disease summary", heading),
                   grid([[f.label, f.value, f.source] for f in plan.disease])]
    for section in plan.sections:
        story += [Paragraph(section.title, heading), grid([[f.label, f.value, f.source] for f in section.findings]),
                  grid([["Action", "Owner", "Due", "Source"]] + [
                      [a.description, a.owner_label, str(a.due_on or ""), a.source] for a in section.actions])]
    story += [Paragraph("Medications", heading),
              grid([["Medication", "Detail", "Started", "Schedule"]] + [
                  [m.drug, m.detail, str(m.started_on), "; ".join(f"{f.label}: {f.value}" for f in m.schedule)]
                  for m in plan.medications]),
              grid([[f.label, f.value] for f in plan.liver_tests]),
              Paragraph("Advance care planning", heading),
              grid([["Topic", "Status", "Detail"]] + [[c.topic, c.status, c.detail] for c in plan.care_planning]),
              Paragraph("Trends", heading)]
    for png in bare_figures(plan):
        image = Image(BytesIO(png))
        image.drawWidth, image.drawHeight = 174 * mm, 174 * mm * image.imageHeight / image.imageWidth
        story.append(image)
    story += [Paragraph("Team members present", heading),
              grid([["Name", "Role", "Signature", "Date"]] + [[m, "", "", ""] for m in plan.visit.team_present])]
    buffer = BytesIO()
    SimpleDocTemplate(buffer, pagesize=A4).build(story)
    return time.perf_counter() - started, len(buffer.getvalue())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=7, help="measurements of each kind (default 7)")
    parser.add_argument("--years", type=int, default=10, help="years of quarterly visits (default 10)")
    parser.add_argument("--family", action="store_true", help="measure the family copy instead of the team's")
    options = parser.parse_args(argv)

    plan, read_seconds = plan_from_record(options.years, options.runs)
    time_team_plan(plan, options.family)  # warm-up of both: imports, fonts, caches
    time_bare(plan)
    copy = "family copy" if options.family else "team copy"
    points = len(plan.trends.weight.weight.points)
    print(f"Python {sys.version.split()[0]}; {options.years} years of quarterly visits ({points} of each measure); "
          f"{options.runs} runs each, alternating, after one warm-up.")
    plan_times: list[float] = []
    bare_times: list[float] = []
    for run in range(options.runs):
        seconds, plan_bytes = time_team_plan(plan, options.family)
        plan_times.append(seconds)
        seconds, bare_bytes = time_bare(plan)
        bare_times.append(seconds)
        print(f"  run {run + 1}: team plan {plan_times[-1] * 1000:6.0f} ms ({plan_bytes // 1024} KB)   "
              f"bare {bare_times[-1] * 1000:6.0f} ms ({bare_bytes // 1024} KB)", flush=True)

    plan_median, bare_median = statistics.median(plan_times), statistics.median(bare_times)
    print()
    print(f"Team plan PDF ({copy}):             median {plan_median * 1000:6.0f} ms "
          f"(min {min(plan_times) * 1000:.0f}, max {max(plan_times) * 1000:.0f})")
    print(f"Bare reportlab + matplotlib:        median {bare_median * 1000:6.0f} ms "
          f"(min {min(bare_times) * 1000:.0f}, max {max(bare_times) * 1000:.0f})")
    print(f"Ratio team plan/bare: {plan_median / bare_median:.2f}")
    print(f"Reading that plan from the record (services.team_plan), before drawing it: median "
          f"{read_seconds * 1000:.0f} ms")
    return 0


def plan_from_record(years: int, runs: int):  # noqa: ANN201 (TeamPlan, imported lazily)
    """The plan of a patient seen every three months for `years`, written through the services
    to a temporary SQLite file (the record of benchmarks/plots.py), and the median time
    `team_plan_for` takes to read it."""
    import tempfile

    from plots import build_patient  # benchmarks/plots.py, beside this file

    from als_desktop.config import sqlite_url
    from als_desktop.db import open_database
    from als_desktop.services.team_plan import team_plan_for

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.sqlite"
        patient_id, _other, today = build_patient(path, years)
        database = open_database(sqlite_url(path))
        try:
            times = []
            for _ in range(runs + 1):  # the first one warms up
                started = time.perf_counter()
                with database.reading() as session:
                    plan = team_plan_for(session, patient_id, today=today)
                times.append(time.perf_counter() - started)
        finally:
            database.close()
    return plan, statistics.median(times[1:])


if __name__ == "__main__":
    sys.exit(main())

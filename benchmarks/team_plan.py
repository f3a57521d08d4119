"""The team care plan PDF against bare reportlab and matplotlib doing the same drawing, in the same run.

    python benchmarks/team_plan.py [--runs 7] [--years 10] [--family]

  team plan  als_desktop.reports.team_plan.render(plan): the PDF of a patient seen every three
             months for ten years (the three trend plots drawn by als_desktop.plots, embedded as
             PNG; the tables, header, footer and "Page x of y" of the plan's page layout);
  bare       the same tables (same rows and text, Paragraph cells) and three matplotlib figures
             of the same size holding the same series, threshold lines and markers, drawn with
             library defaults: SimpleDocTemplate, Helvetica, ax.plot, savefig at the same DPI.
             The least any program must spend to draw that document.

The plan is synthetic and built in memory (the record is not read: services.team_plan is not
measured here). The two alternate, so a machine that slows down or warms up affects both
alike. The report gives medians and the ratio team plan/bare: a number to watch over time,
not a pass/fail.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from datetime import UTC, date, datetime, timedelta
from io import BytesIO
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

DPI = 150  # as the plan embeds its plots


# ---------------------------------------------------------------------------------- the plan


def synthetic_plan(years: int, today: date):
    """A plan for a patient seen every three months for `years`: falling weight, FVC, SNIP,
    cough flow and ALSFRS-R; NIV and a gastrostomy along the way; actions in every discipline."""
    from als_desktop import __version__
    from als_desktop.clinical.alsfrs import ITEMS
    from als_desktop.clinical.respiratory import Measures
    from als_desktop.clinical.settings import ClinicSettings
    from als_desktop.clinical.snapshot import (
        AlsfrsEntry,
        InterventionEntry,
        PatientSnapshot,
        RespiratoryEntry,
        WeightEntry,
    )
    from als_desktop.clinical.trends import patient_trends
    from als_desktop.reports.content import (
        CarePlanningLine,
        DisciplineSection,
        Fact,
        Identity,
        MedicationLine,
        PlanAction,
        TeamPlan,
        VisitInfo,
    )

    visits = years * 4
    days = [today - timedelta(days=round(91.31 * (visits - 1 - i))) for i in range(visits)]
    weights, breathing, scores = [], [], []
    for i, on in enumerate(days):
        done = i / max(visits - 1, 1)  # 0 at the first visit, 1 today
        weights.append(WeightEntry(on, round(78 - 14 * done + (i % 3) * 0.4, 1)))
        breathing.append(RespiratoryEntry(
            on, Measures(fvc_percent=round(98 - 52 * done, 1), snip_cmh2o=round(75 - 40 * done, 1),
                         peak_cough_flow_l_min=round(400 - 260 * done)),
            fvc_percent_supine=round(90 - 55 * done, 1) if i % 2 else None,
        ))
        item = max(0, round(4 - 3.5 * done))
        scores.append(AlsfrsEntry(on, {name: max(0, item - (n % 2)) for n, name in enumerate(ITEMS)}, "5a"))
    snapshot = PatientSnapshot(
        today=today, date_of_birth=date(1955, 2, 3), height_cm=172.0, premorbid_weight_kg=78.0,
        weights=tuple(weights), respiratory=tuple(breathing), alsfrs=tuple(scores),
        interventions=(InterventionEntry("niv", days[visits * 2 // 3]),
                       InterventionEntry("gastrostomy", days[visits * 3 // 4], detail="RIG"),
                       InterventionEntry("cough_assist", days[-6])),
    )
    trends = patient_trends(snapshot, ClinicSettings())

    def action(owner: str, label: str, text: str, due: date | None, rule: str | None = None,
               severity: str | None = None) -> PlanAction:
        kind = "prompt" if rule else "action"
        source = "NICE NG42: respiratory function at diagnosis, then about every 3 months" if rule else "team action by a.nurse"
        return PlanAction(owner, label, text, due, source, kind, rule_id=rule, severity=severity)

    findings = tuple(Fact(f"Finding {n}", f"value {n} recorded at this visit, with a unit") for n in range(1, 7))
    sections = tuple(
        DisciplineSection(code, label, findings, (
            action(code, label, f"Review at home with the family and report back ({label})", today + timedelta(days=30)),
            action(code, label, "A prompt raised by the record today, in the words of the rule table, "
                   "long enough to wrap in its cell.", today + timedelta(days=14), f"RULE-{n}", "action"),
        ))
        for n, (code, label) in enumerate((("neurology", "Neurology"), ("slp", "Speech-language pathology"),
                                           ("nutrition", "Nutrition / dietetics"), ("pulmonary", "Pulmonary / respiratory"),
                                           ("palliative", "Palliative care")))
    )
    return TeamPlan(
        identity=Identity("BENCHMARK, Pat", "BENCH-0001", date(1955, 2, 3), 71, "Female"),
        visit=VisitInfo(today, "Main clinic", ("Dr A Neuro (neurology)", "B Diet (dietitian)", "C Lung (respiratory)")),
        as_of=today,
        disease=tuple(Fact(label, value, "source of the measure") for label, value in (
            ("Symptom onset", "03 Jan 2016"), ("Diagnosis", "14 Oct 2016"), ("Diagnostic delay", "9.4 months"),
            ("Onset region", "Upper limb"), ("King's stage", "4B: respiratory failure"), ("MiToS stage", "3"),
            ("ΔFRS", "0.33 points/month: slow progression"))),
        sections=sections,
        medications=(MedicationLine("riluzole", "50 mg, oral, twice daily", date(2016, 11, 1),
                                    (Fact("Next liver test (ALT) due", "none after the 12-month test"),)),
                     MedicationLine("baclofen", "10 mg, oral, three times daily", date(2019, 5, 1), ())),
        liver_tests=tuple(Fact("Liver test (ALT)", f"ALT {30 + n} U/L (ULN 40), taken {n + 1:02d} Mar 2017") for n in range(3)),
        care_planning=(CarePlanningLine("Resuscitation status", "Not yet discussed"),
                       CarePlanningLine("Ventilatory support (NIV, tracheostomy)", "Accepts NIV (discussed 2024)")),
        trends=trends,
        program_version=__version__,
        generated_at=datetime.now(UTC),
    )


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

    def grid(rows: list[list[str]]) -> Table:
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

    plan = synthetic_plan(options.years, date.today())
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
    print(f"Reading the same plan from the record (services.team_plan): median "
          f"{read_from_record(options.years, options.runs) * 1000:.0f} ms, before drawing it")
    return 0


def read_from_record(years: int, runs: int) -> float:
    """The median time `team_plan_for` takes to read a plan of such a patient from a SQLite file
    (the record written by benchmarks/plots.py): the part of printing a plan that the in-memory
    comparison above leaves out."""
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
                    team_plan_for(session, patient_id, today=today)
                times.append(time.perf_counter() - started)
        finally:
            database.close()
    return statistics.median(times[1:])


if __name__ == "__main__":
    sys.exit(main())

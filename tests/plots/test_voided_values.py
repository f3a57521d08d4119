"""A voided value (or a value on a voided visit) is never plotted: read from a real database
through the services, as the window and the care plan read it."""

from __future__ import annotations

import math
from datetime import date

from als_desktop.models import RespiratoryAssessment, Visit, WeightMeasurement
from als_desktop.plots import respiratory_figure, weight_figure
from als_desktop.services import records, visits
from als_desktop.services.trends import trends_for

AUTHOR = "test.clinician"
TODAY = date(2024, 12, 1)


def plotted(figure, gid: str) -> list[float]:
    (line,) = [a for ax in figure.axes for a in ax.get_lines() if a.get_gid() == gid]
    return [float(v) for v in line.get_ydata() if not math.isnan(v)]


def test_voided_weight_fvc_and_visit_are_not_plotted(db, patient) -> None:
    recorded = {}
    with db.transaction() as session:
        for day, kg, fvc in ((date(2024, 1, 10), 68.0, 90.0), (date(2024, 4, 10), 67.0, 86.0),
                             (date(2024, 7, 10), 66.0, 81.0), (date(2024, 10, 10), 65.0, 77.0)):
            visit = visits.create_visit(session, patient.id, {"visit_date": day}, AUTHOR, today=TODAY)
            weight = visits.record_weight(session, visit.id, kg, AUTHOR)
            breathing = visits.record_respiratory(session, visit.id, {"fvc_percent_sitting": fvc}, AUTHOR)
            recorded[day] = (visit, weight, breathing)
    with db.transaction() as session:
        # 58 kg typed on the April visit as well as 67 kg: voided.
        wrong = visits.record_weight(session, recorded[date(2024, 4, 10)][0].id, 58.0, AUTHOR)
    with db.transaction() as session:
        records.void_row(session, WeightMeasurement, wrong.id, wrong.version, "typed 58 for 67", AUTHOR)
        _, _, fvc = recorded[date(2024, 7, 10)]
        records.void_row(session, RespiratoryAssessment, fvc.id, fvc.version, "wrong patient", AUTHOR)
        last_visit = session.get(Visit, recorded[date(2024, 10, 10)][0].id)
        records.void_row(session, Visit, last_visit.id, last_visit.version, "visit entered twice", AUTHOR)

    with db.reading() as session:
        trends = trends_for(session, patient.id, TODAY)
    # The voided 58 kg and everything on the voided October visit are gone.
    assert plotted(weight_figure(trends), "series:weight") == [68.0, 67.0, 66.0]
    assert plotted(respiratory_figure(trends), "series:fvc_sitting") == [90.0, 86.0]
    # Hovering can only find what is drawn.
    figure = weight_figure(trends)
    from als_desktop.plots.hover import plotted_on

    hovered = {p.value for ax in figure.axes for line in ax.get_lines() for p in plotted_on(line)
               if line.get_gid().startswith("series:")}
    assert hovered == {68.0, 67.0, 66.0}

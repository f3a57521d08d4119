"""What the trend plots show: dated series, threshold lines, intervention markers, estimates.

Read from a PatientSnapshot (so voided values are already gone), shared by the window and the
team care plan. Every threshold line names its source; each value comes from where the prompts
take it, so a plot and a prompt never disagree.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from . import alsfrs, nutrition, respiratory, sources
from .projection import Estimate, crossing
from .settings import ClinicSettings
from .snapshot import PatientSnapshot

# The interventions marked on every plot, with the words on the marker.
MARKED_INTERVENTIONS: dict[str, str] = {
    "gastrostomy": "Gastrostomy",
    "niv": "NIV started",
    "cough_assist": "Cough assist",
    "aac_device": "AAC device",
    "tracheostomy": "Tracheostomy",
}

# Drawn because the clinic asked for it as a visual reference; the clinical reference gives it
# no source, so no prompt uses it and its label says so.
FVC_REFERENCE_LINE_PERCENT = 80.0
FVC_REFERENCE_LINE_SOURCE = "reference line only (no prompt uses it)"


@dataclass(frozen=True)
class Point:
    on: date
    value: float


@dataclass(frozen=True)
class Series:
    name: str  # legend text, e.g. "FVC sitting"
    unit: str  # axis unit, e.g. "% predicted"
    points: tuple[Point, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.points)


@dataclass(frozen=True)
class Line:
    """A horizontal threshold line: its label (with value and unit), value and source."""

    label: str
    value: float
    source: str


@dataclass(frozen=True)
class Marker:
    kind: str  # vocab.INTERVENTION_KIND code
    label: str  # "NIV started", "Gastrostomy (PEG)"
    on: date


@dataclass(frozen=True)
class WeightTrend:
    weight: Series
    height_cm: float | None  # BMI axis = weight / (height in m)²; None: no BMI axis
    reference: nutrition.ReferenceWeight | None
    lines: tuple[Line, ...]  # reference weight, early warning, 10 % loss
    estimate: Estimate | None  # reaching the 10 % loss line


@dataclass(frozen=True)
class RespiratoryTrend:
    fvc_sitting: Series
    fvc_supine: Series
    fvc_lines: tuple[Line, ...]  # 50 % (NICE NG42) and the 80 % reference line
    snip: Series
    snip_lines: tuple[Line, ...]
    peak_cough_flow: Series
    peak_cough_flow_lines: tuple[Line, ...]
    estimate: Estimate | None  # sitting FVC reaching 50 %


@dataclass(frozen=True)
class AlsfrsTrend:
    total: Series  # complete assessments only
    subscores: tuple[Series, ...]  # bulbar, fine motor, gross motor, respiratory (each 0-12)


@dataclass(frozen=True)
class PatientTrends:
    today: date
    weight: WeightTrend
    respiratory: RespiratoryTrend
    alsfrs: AlsfrsTrend
    markers: tuple[Marker, ...]  # oldest first

    @property
    def has_data(self) -> bool:
        r = self.respiratory
        return bool(self.weight.weight or r.fvc_sitting or r.fvc_supine or r.snip or r.peak_cough_flow or self.alsfrs.total)


# ---------------------------------------------------------------------------- estimates


def weight_estimate(snapshot: PatientSnapshot) -> Estimate | None:
    """When weight is expected to reach the 10 % loss line at the recent rate."""
    reference = _reference(snapshot)
    if reference is None:
        return None
    line_kg = nutrition.weight_at_loss(reference, nutrition.GASTROSTOMY_WEIGHT_LOSS_PERCENT)
    return crossing(
        [(w.visit_date, w.weight_kg) for w in snapshot.weights], line_kg,
        measure="weight", target=f"{nutrition.GASTROSTOMY_WEIGHT_LOSS_PERCENT:g} % loss ({line_kg:.1f} kg)", unit="kg",
    )


def fvc_estimate(snapshot: PatientSnapshot) -> Estimate | None:
    """When sitting FVC is expected to reach 50 % predicted at the recent rate."""
    points = [(r.visit_date, r.measures.fvc_percent) for r in snapshot.respiratory if r.measures.fvc_percent is not None]
    return crossing(
        points, respiratory.NICE_FVC_PERCENT,  # type: ignore[arg-type]
        measure="FVC", target=f"{respiratory.NICE_FVC_PERCENT:g} % predicted", unit="% predicted",
    )


def _reference(snapshot: PatientSnapshot) -> nutrition.ReferenceWeight | None:
    first = snapshot.weights[0].weight_kg if snapshot.weights else None
    return nutrition.reference_weight(snapshot.premorbid_weight_kg, first)


# ---------------------------------------------------------------------------- trends


def patient_trends(snapshot: PatientSnapshot, settings: ClinicSettings) -> PatientTrends:
    return PatientTrends(
        today=snapshot.today,
        weight=_weight(snapshot, settings),
        respiratory=_respiratory(snapshot),
        alsfrs=_alsfrs(snapshot),
        markers=markers(snapshot),
    )


def markers(snapshot: PatientSnapshot) -> tuple[Marker, ...]:
    found = []
    for intervention in snapshot.interventions:
        label = MARKED_INTERVENTIONS.get(intervention.kind)
        if label is None:
            continue
        if intervention.kind == "gastrostomy" and intervention.detail:
            label = f"{label} ({intervention.detail})"
        found.append(Marker(intervention.kind, label, intervention.started_on))
    return tuple(sorted(found, key=lambda m: (m.on, m.kind)))


def _weight(snapshot: PatientSnapshot, settings: ClinicSettings) -> WeightTrend:
    weight = Series("Weight", "kg", tuple(Point(w.visit_date, w.weight_kg) for w in snapshot.weights))
    reference = _reference(snapshot)
    lines: tuple[Line, ...] = ()
    if reference is not None:
        early = settings.early_weight_loss_percent
        loss = nutrition.GASTROSTOMY_WEIGHT_LOSS_PERCENT
        lines = (
            Line(f"Reference {reference.weight_kg:g} kg ({reference.basis})", reference.weight_kg,
                 "premorbid weight, else the first recorded"),
            Line(f"−{early:g} % ({nutrition.weight_at_loss(reference, early):.1f} kg): early warning",
                 nutrition.weight_at_loss(reference, early), settings.shown("early_weight_loss_percent")),
            Line(f"−{loss:g} % ({nutrition.weight_at_loss(reference, loss):.1f} kg): gastrostomy",
                 nutrition.weight_at_loss(reference, loss), nutrition.GASTROSTOMY_WEIGHT_LOSS_SOURCE),
        )
    return WeightTrend(weight, snapshot.height_cm, reference, lines, weight_estimate(snapshot))


def _respiratory(snapshot: PatientSnapshot) -> RespiratoryTrend:
    entries = snapshot.respiratory

    def series(name: str, unit: str, values: list[tuple[date, float | None]]) -> Series:
        return Series(name, unit, tuple(Point(on, v) for on, v in values if v is not None))

    return RespiratoryTrend(
        fvc_sitting=series("FVC sitting", "% predicted", [(e.visit_date, e.measures.fvc_percent) for e in entries]),
        fvc_supine=series("FVC supine", "% predicted", [(e.visit_date, e.fvc_percent_supine) for e in entries]),
        fvc_lines=(
            Line(f"{respiratory.NICE_FVC_PERCENT:g} %: discuss NIV", respiratory.NICE_FVC_PERCENT, sources.NICE_NG42),
            Line(f"{FVC_REFERENCE_LINE_PERCENT:g} %: reference", FVC_REFERENCE_LINE_PERCENT, FVC_REFERENCE_LINE_SOURCE),
        ),
        snip=series("SNIP", "cmH₂O", [(e.visit_date, e.measures.snip_cmh2o) for e in entries]),
        snip_lines=(
            Line(f"{respiratory.NICE_SNIP_CMH2O:g} cmH₂O: discuss NIV", respiratory.NICE_SNIP_CMH2O, sources.NICE_NG42),
        ),
        peak_cough_flow=series("Peak cough flow", "L/min",
                               [(e.visit_date, e.measures.peak_cough_flow_l_min) for e in entries]),
        peak_cough_flow_lines=(
            Line(f"{respiratory.COUGH_ASSIST_PCF:g} L/min: cough assist", respiratory.COUGH_ASSIST_PCF, sources.COUGH_PCF),
            Line(f"{respiratory.INEFFECTIVE_COUGH_PCF:g} L/min: ineffective cough",
                 respiratory.INEFFECTIVE_COUGH_PCF, sources.COUGH_PCF),
        ),
        estimate=fvc_estimate(snapshot),
    )


def _alsfrs(snapshot: PatientSnapshot) -> AlsfrsTrend:
    totals: list[Point] = []
    domains: dict[str, list[Point]] = {domain: [] for domain in alsfrs.DOMAINS}
    for entry in snapshot.alsfrs:
        score = alsfrs.total(entry.scores)
        if score is not None:
            totals.append(Point(entry.visit_date, score))
        for domain, value in alsfrs.subscores(entry.scores).items():
            if value is not None:
                domains[domain].append(Point(entry.visit_date, value))
    return AlsfrsTrend(
        total=Series("ALSFRS-R total", "points (0-48)", tuple(totals)),
        subscores=tuple(
            Series(alsfrs.DOMAIN_LABELS[domain], "points (0-12)", tuple(points)) for domain, points in domains.items()
        ),
    )

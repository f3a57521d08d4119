"""The three trend figures: threshold lines, intervention markers, the dashed estimate only when
there is one, empty and tiny and ten-year records, the family's plain copy, PNG and SVG."""

from __future__ import annotations

import math
from datetime import date, timedelta
from itertools import combinations

import pytest
import shapes
from matplotlib import dates as mdates
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.text import Text
from shapes import snapshot, trends_of, visit_dates

from als_desktop import plots
from als_desktop.clinical.snapshot import InterventionEntry
from als_desktop.plots import (
    alsfrs_figure,
    figure_bytes,
    respiratory_figure,
    weight_figure,
)

BUILDERS = (weight_figure, respiratory_figure, alsfrs_figure)


def by_gid(figure: Figure, prefix: str, ax=None) -> list:
    """Artists of the figure (or one of its axes) whose gid starts with `prefix`."""
    found = []
    for axes in [ax] if ax is not None else figure.axes:
        found += [artist for artist in axes.get_children() if (artist.get_gid() or "").startswith(prefix)]
    found += [artist for artist in figure.get_children() if (artist.get_gid() or "").startswith(prefix)]
    return found


def y_values(line) -> list[float]:
    return [float(v) for v in line.get_ydata() if not math.isnan(v)]


def series(figure: Figure, key: str):
    (line,) = by_gid(figure, f"series:{key}")
    return line


def drawn(figure: Figure) -> Figure:
    FigureCanvasAgg(figure).draw()
    return figure


def texts(figure: Figure) -> str:
    """Every word on the figure; a legend's lines joined again, its non-breaking spaces as spaces."""
    everything = [t.get_text() for t in figure.findobj(lambda a: hasattr(a, "get_text") and callable(a.get_text))]
    return "\n".join(str(t) for t in everything).replace("\u00a0", " ")


@pytest.fixture
def ten_years():
    return shapes.ten_years()


# ---------------------------------------------------------------------------- weight


def test_weight_plot_draws_the_values_and_the_reference_5_and_10_percent_lines(ten_years) -> None:
    figure = weight_figure(ten_years)
    (ax,) = figure.axes
    weights = [p.value for p in ten_years.weight.weight.points]
    assert y_values(series(figure, "weight")) == pytest.approx(weights)
    # Premorbid 70 kg: the reference, -5 % = 66.5 kg, -10 % = 63 kg, each a horizontal line.
    lines = {line.get_gid(): line.get_ydata()[0] for line in by_gid(figure, "threshold:", ax)}
    assert lines == {"threshold:70": 70.0, "threshold:66.5": 66.5, "threshold:63": 63.0}
    legend = [t.get_text().replace("\n", " ").replace("\u00a0", " ") for t in figure.legends[0].get_texts()]
    assert "Reference 70 kg (premorbid)" in legend
    assert "−5 % (66.5 kg): early warning" in legend and "−10 % (63.0 kg): gastrostomy" in legend
    assert ax.get_ylabel() == "Weight (kg)"


def test_bmi_axis_follows_weight_through_the_height_and_is_left_out_without_one() -> None:
    with_height = trends_of(snapshot(visit_dates(3), height_cm=175.0))
    figure = weight_figure(with_height)
    (bmi,) = by_gid(figure, "bmi-axis")
    assert bmi.get_ylabel() == "BMI (kg/m²)"
    # 70 kg at 1.75 m: 22.9 kg/m².
    to_bmi, _back = bmi._functions
    assert to_bmi(70.0) == pytest.approx(70 / 1.75**2)

    without = weight_figure(trends_of(snapshot(visit_dates(3), height_cm=None)))
    assert by_gid(without, "bmi-axis") == []
    assert without.get_suptitle() == "Weight"


def test_no_weights_gives_a_figure_that_says_so() -> None:
    figure = weight_figure(shapes.nothing())
    assert [t.get_text() for t in by_gid(figure, "empty")] == ["No weights recorded"]
    assert by_gid(figure, "series:") == []
    assert figure_bytes(figure).startswith(b"\x89PNG")


# ---------------------------------------------------------------------------- breathing


def test_fvc_plot_has_sitting_and_supine_and_the_50_and_80_percent_lines(ten_years) -> None:
    figure = respiratory_figure(ten_years)
    fvc, snip, pcf = figure.axes
    r = ten_years.respiratory
    assert y_values(series(figure, "fvc_sitting")) == pytest.approx([p.value for p in r.fvc_sitting.points])
    assert y_values(series(figure, "fvc_supine")) == pytest.approx([p.value for p in r.fvc_supine.points])
    assert sorted(line.get_ydata()[0] for line in by_gid(figure, "threshold:", fvc)) == [50.0, 80.0]
    assert [line.get_ydata()[0] for line in by_gid(figure, "threshold:", snip)] == [40.0]
    assert sorted(line.get_ydata()[0] for line in by_gid(figure, "threshold:", pcf)) == [160.0, 270.0]
    assert by_gid(figure, "series:snip", snip) and by_gid(figure, "series:peak_cough_flow", pcf)
    assert "cmH₂O" in snip.get_ylabel() and "L/min" in pcf.get_ylabel() and "% predicted" in fvc.get_ylabel()


def test_a_breathing_measure_never_recorded_has_no_plot_of_its_own() -> None:
    trends = trends_of(snapshot(visit_dates(4), snip=lambda n: None, supine=lambda n: None))
    figure = respiratory_figure(trends)
    assert len(figure.axes) == 2  # FVC and peak cough flow; no SNIP
    assert by_gid(figure, "series:snip") == [] and by_gid(figure, "series:fvc_supine") == []
    assert by_gid(figure, "threshold:40") == []

    only_cough = trends_of(snapshot(visit_dates(2), fvc=lambda n: None, supine=lambda n: None, snip=lambda n: None))
    figure = respiratory_figure(only_cough)
    assert len(figure.axes) == 1 and by_gid(figure, "series:peak_cough_flow")

    empty = respiratory_figure(shapes.nothing())
    assert [t.get_text() for t in by_gid(empty, "empty")] == ["No breathing tests recorded"]


# ---------------------------------------------------------------------------- ALSFRS-R


def test_alsfrs_plot_has_the_total_above_and_the_four_subscores_below(ten_years) -> None:
    figure = alsfrs_figure(ten_years)
    total_ax, domains_ax = figure.axes
    assert y_values(series(figure, "alsfrs_total")) == pytest.approx([p.value for p in ten_years.alsfrs.total.points])
    assert total_ax.get_ylim() == (0, 50)
    keys = sorted(line.get_gid() for line in by_gid(figure, "series:", domains_ax))
    assert keys == ["series:alsfrs_bulbar", "series:alsfrs_fine_motor", "series:alsfrs_gross_motor",
                    "series:alsfrs_respiratory"]
    assert all(max(y_values(line)) <= 12 for line in by_gid(figure, "series:", domains_ax))

    empty = alsfrs_figure(shapes.nothing())
    assert [t.get_text() for t in by_gid(empty, "empty")] == ["No complete ALSFRS-R recorded"]


# ---------------------------------------------------------------------------- markers


def test_every_plot_marks_every_intervention_with_a_labelled_line(ten_years) -> None:
    kinds = {m.kind for m in ten_years.markers}
    assert kinds == {"aac_device", "cough_assist", "niv", "gastrostomy", "tracheostomy"}
    for build in BUILDERS:
        figure = build(ten_years)
        for ax in figure.axes:
            on_axes = {line.get_gid().removeprefix("marker:"): line.get_xdata()[0] for line in by_gid(figure, "marker:", ax)}
            assert set(on_axes) == kinds
            niv = next(m for m in ten_years.markers if m.kind == "niv")
            assert mdates.date2num(on_axes["niv"]) == mdates.date2num(niv.on)
        labels = {t.get_text() for t in by_gid(figure, "marker-label:")}
        assert labels == {"AAC device", "Cough assist", "NIV started", "Gastrostomy (PEG)", "Tracheostomy"}


@pytest.mark.parametrize("plain", [False, True])
@pytest.mark.parametrize("build", BUILDERS)
def test_marker_words_overlap_neither_each_other_nor_the_data(ten_years, build, plain) -> None:
    figure = drawn(build(ten_years, plain=plain))
    renderer = figure.canvas.get_renderer()
    labels = by_gid(figure, "marker-label:")
    assert len(labels) == 5
    words = [Text.get_window_extent(label, renderer) for label in labels]  # the words, not their line
    for a, b in combinations(words, 2):
        assert not a.overlaps(b), (a, b)
    top = figure.axes[0]
    for label, box in zip(labels, words, strict=True):
        assert box.y0 >= top.bbox.y1 - 0.5  # above the plot, where no value is drawn
        assert box.x0 >= 0 and box.x1 <= figure.bbox.x1 and box.y1 <= figure.bbox.y1  # not cut off
        # The line from the words down to the plot crosses no other words.
        x = top.transData.transform((mdates.date2num(label.xy[0]), 0))[0]
        for other in words:
            if other is not box and other.y0 < box.y0:
                assert not other.x0 + 1 < x < other.x1 - 1, (label.get_text(), other)


@pytest.mark.parametrize("build", BUILDERS)
def test_legends_sit_beside_the_plots_not_on_them(ten_years, build) -> None:
    figure = drawn(build(ten_years))
    renderer = figure.canvas.get_renderer()
    legends = [ax.get_legend() for ax in figure.axes if ax.get_legend()] + list(figure.legends)
    assert legends
    for legend in legends:
        box = legend.get_window_extent(renderer)
        assert box.x1 <= figure.bbox.x1 + 0.5
        for ax in figure.axes:
            assert not box.overlaps(ax.bbox)


# ---------------------------------------------------------------------------- estimates


def test_the_dashed_estimate_runs_from_the_last_value_to_the_crossing_only_when_there_is_one() -> None:
    falling = shapes.falling_fast()
    assert falling.respiratory.estimate is not None and falling.weight.estimate is not None
    fvc = respiratory_figure(falling)
    (line,) = by_gid(fvc, "estimate:fvc")
    estimate = falling.respiratory.estimate
    assert list(line.get_xdata()) == [estimate.last_on, estimate.crosses_on]
    assert list(line.get_ydata()) == [estimate.last_value, 50.0]
    assert line.get_linestyle() == "--"
    (label,) = by_gid(fvc, "estimate-label:fvc")
    assert label.get_text() == f"estimate\n{estimate.crosses_on:%b %Y}"
    weight = weight_figure(falling)
    (line,) = by_gid(weight, "estimate:weight")
    assert line.get_ydata()[-1] == pytest.approx(63.0)  # the 10 % loss line of 70 kg

    steady = shapes.one_visit()
    assert steady.respiratory.estimate is None and steady.weight.estimate is None
    for build in BUILDERS:
        assert by_gid(build(steady), "estimate") == []


# ---------------------------------------------------------------------------- shapes of record


def test_one_visit_gives_one_point_in_a_readable_span() -> None:
    trends = shapes.one_visit()
    for build in BUILDERS:
        figure = drawn(build(trends))
        lines = by_gid(figure, "series:")
        assert lines and all(len(y_values(line)) == 1 for line in lines)
        low, high = figure.axes[-1].get_xlim()
        assert high - low >= 89  # days: one value is shown in three months of context
        assert figure_bytes(figure).startswith(b"\x89PNG")


def test_ten_years_of_quarterly_visits_are_all_drawn(ten_years) -> None:
    for build in BUILDERS:
        figure = drawn(build(ten_years))
        assert all(len(y_values(line)) == 40 for line in by_gid(figure, "series:") if "supine" not in line.get_gid())
        assert figure_bytes(figure, "svg").lstrip().startswith(b"<?xml")
    ticks = [t.get_text() for t in drawn(weight_figure(ten_years)).axes[0].get_xticklabels()]
    assert "2016" in ticks and "2024" in ticks


def test_a_long_gap_between_visits_is_dotted_not_drawn_as_measured() -> None:
    trends = shapes.with_gap()
    figure = weight_figure(trends)
    line = series(figure, "weight")
    assert sum(math.isnan(v) for v in line.get_ydata()) == 1  # the solid line breaks once
    (gap,) = by_gid(figure, "gap:weight")
    assert list(gap.get_xdata()) == [date(2021, 10, 5), date(2023, 6, 1)]
    assert line.get_linestyle() == "-" and gap.get_linestyle() == "--"  # a dash pattern: dotted
    assert gap.get_linewidth() < line.get_linewidth()


def test_each_plot_spans_its_own_values_the_interventions_and_its_estimate() -> None:
    falling = shapes.falling_fast()  # weight and FVC estimates; ALSFRS-R has none
    spans = {build.__name__: build(falling).axes[-1].get_xlim() for build in BUILDERS}
    assert mdates.num2date(spans["weight_figure"][1]).date() > falling.weight.estimate.crosses_on
    assert mdates.num2date(spans["respiratory_figure"][1]).date() > falling.respiratory.estimate.crosses_on
    last_score = falling.alsfrs.total.points[-1].on
    assert mdates.num2date(spans["alsfrs_figure"][1]).date() < last_score + timedelta(days=60)


def test_interventions_of_one_day_share_one_line_of_words() -> None:
    days = visit_dates(6, start=date(2023, 1, 10))
    trends = trends_of(snapshot(days, interventions=(
        InterventionEntry("niv", days[3]), InterventionEntry("cough_assist", days[3]),
        InterventionEntry("gastrostomy", days[4], detail="RIG"))))
    figure = respiratory_figure(trends)
    labels = {t.get_gid(): t.get_text() for t in by_gid(figure, "marker-label:")}
    assert labels == {"marker-label:cough_assist+niv": "Cough assist, NIV started",
                      "marker-label:gastrostomy": "Gastrostomy (RIG)"}
    assert {line.get_gid() for line in by_gid(figure, "marker:", figure.axes[0])} == {
        "marker:niv", "marker:cough_assist", "marker:gastrostomy"}


# ---------------------------------------------------------------------------- the family's copy


def test_plain_copy_has_plain_words_no_rule_codes_larger_type_and_the_same_lines(ten_years) -> None:
    falling = shapes.falling_fast()
    for build, title in zip(BUILDERS, ("Weight", "Breathing test (FVC)", "Daily function score"), strict=True):
        team, family = build(falling), build(falling, plain=True)
        assert family.get_suptitle() == title
        words = texts(family)
        for code in ("NICE", "NG42", "SNIP", "ALSFRS", "gastrostomy", "predicted", "PEG"):
            assert code not in words, (title, code)
        assert {a.get_gid() for a in by_gid(team, "threshold:")} == {a.get_gid() for a in by_gid(family, "threshold:")}
        assert family._suptitle.get_fontsize() > team._suptitle.get_fontsize()
    family_fvc = respiratory_figure(falling, plain=True)
    assert by_gid(family_fvc, "estimate:fvc")
    legend = texts(family_fvc).replace("\n", " ")
    assert "50 %: below this the team talks about breathing support" in legend
    assert {t.get_text() for t in by_gid(family_fvc, "marker-label:")} == {"Breathing support (NIV)"}
    weight_words = texts(weight_figure(falling, plain=True)).replace("\n", " ")
    assert "Usual weight (70 kg)" in weight_words and "10 % below that (63 kg)" in weight_words


# ---------------------------------------------------------------------------- hover and files


def test_the_value_under_the_pointer_is_named_with_unit_and_date(ten_years) -> None:
    figure = drawn(weight_figure(ten_years))
    ax = figure.axes[0]
    point = ten_years.weight.weight.points[10]
    x, y = ax.transData.transform((mdates.date2num(point.on), point.value))
    hit = plots.point_near(figure, x + 3, y - 2)
    assert hit is not None
    assert hit.text == f"Weight: {point.value:g} kg\n{point.on:%d %b %Y}"
    assert plots.point_near(figure, x, y + 40) is None or "Weight:" not in plots.point_near(figure, x, y + 40).text


def test_equal_subscores_drawn_on_each_other_are_all_named() -> None:
    trends = shapes.one_visit()  # every domain 12 / 12 on the same day
    figure = drawn(alsfrs_figure(trends))
    ax = figure.axes[1]
    point = trends.alsfrs.subscores[0].points[0]
    x, y = ax.transData.transform((mdates.date2num(point.on), 12))
    hit = plots.point_near(figure, x, y)
    assert hit.text.splitlines() == ["Bulbar: 12 / 12 points", "Fine motor: 12 / 12 points",
                                     "Gross motor: 12 / 12 points", "Respiratory: 12 / 12 points",
                                     f"{point.on:%d %b %Y}"]


def test_an_intervention_line_names_the_intervention_when_no_value_is_near() -> None:
    days = visit_dates(4, start=date(2024, 1, 1))
    trends = trends_of(snapshot(days, interventions=(InterventionEntry("niv", days[1] + timedelta(days=40)),)))
    figure = drawn(weight_figure(trends))
    ax = figure.axes[0]
    x, _ = ax.transData.transform((mdates.date2num(days[1] + timedelta(days=40)), 0))
    hit = plots.point_near(figure, x + 1, (ax.bbox.y0 + ax.bbox.y1) / 2)
    assert hit.text == f"NIV started\n{days[1] + timedelta(days=40):%d %b %Y}"


def test_figure_bytes_gives_png_and_svg_without_qt(ten_years) -> None:
    figure = weight_figure(ten_years)
    png = figure_bytes(figure, "png", dpi=100)
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    width = int.from_bytes(png[16:20], "big")
    assert width == round(figure.get_figwidth() * 100)
    svg = figure_bytes(figure, "svg")
    assert b"<svg" in svg[:500]
    assert svg == figure_bytes(figure, "SVG")  # no date in the file: the same plot, the same bytes
    with pytest.raises(ValueError, match="PNG or SVG"):
        figure_bytes(figure, "jpg")

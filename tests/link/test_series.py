"""Tests for link/series.py: grouping figures into dated series and flagging inconsistencies."""

from __future__ import annotations

import pytest

from sitrep.link.series import FigurePoint, build_series
from sitrep.types import Figure, Place

MOH = "Gaza Ministry of Health"


def fig(n, value, day, scope="cumulative", reported_by=MOH, category="killed", qualifier="exact",
        start=None, place=None, published=None) -> FigurePoint:
    f = Figure(value, category, 0, 5, f"sentence {n}", qualifier=qualifier, scope=scope, as_of=day,
               period_start=start, period_end=day if scope == "period" else None, reported_by=reported_by,
               place=place)
    return FigurePoint(n, f, published or day, f"article-{n}")


def _series(points, name):
    return next(s for s in build_series(points) if s.name == name)


def test_series_cumulative_in_date_order_without_flags():
    pts = [fig(3, 120, "2024-01-03"), fig(1, 100, "2024-01-01"), fig(2, 110, "2024-01-02"),
           fig(4, 110, "2024-01-02")]
    s = _series(pts, f"{MOH} / killed / cumulative")
    assert [(p.date, p.value) for p in s.points] == [("2024-01-01", 100), ("2024-01-02", 110), ("2024-01-03", 120)]
    assert s.points[1].figure_ids == (2, 4)
    assert s.latest.value == 120
    assert s.flags == []


@pytest.mark.parametrize("points, kind, figure_ids", [
    ([fig(1, 100, "2024-01-01"), fig(2, 90, "2024-01-02")], "falling_total", (1, 2)),
    ([fig(1, 100, "2024-01-01"), fig(2, 90, "2024-01-01")], "conflicting_values", (2, 1)),
    ([fig(1, 100, "2024-01-01"), fig(2, 110, "2024-01-02"), fig(3, 4, "2024-01-02", scope="period",
                                                                 start="2024-01-01")],
     "period_mismatch", (3, 1, 2)),
    ([fig(1, 100, "2024-01-01"), fig(2, 130, "2024-01-01", reported_by="UN OCHA")], "source_disagreement", (2, 1)),
])
def test_series_flags_name_their_figures(points, kind, figure_ids):
    flags = [f for s in build_series(points) for f in s.flags]
    assert kind in {f.kind for f in flags}
    assert next(f for f in flags if f.kind == kind).figure_ids == figure_ids


@pytest.mark.parametrize("points", [
    # an "about" total just below an exact one is rounding, not a fall
    [fig(1, 27947, "2024-01-01"), fig(2, 27900, "2024-01-02", qualifier="about")],
    # "at least" gives a floor, not a total
    [fig(1, 100, "2024-01-01"), fig(2, 50, "2024-01-02", qualifier="at_least")],
    # a period figure that matches the difference of the totals around it
    [fig(1, 100, "2024-01-01"), fig(2, 110, "2024-01-02"), fig(3, 10, "2024-01-02", scope="period",
                                                               start="2024-01-01")],
    # a period figure and its part ("4 killed, including 1 recovered body") are checked together
    [fig(1, 100, "2024-01-01"), fig(2, 104, "2024-01-02"),
     fig(3, 4, "2024-01-02", scope="period", start="2024-01-01"),
     fig(4, 1, "2024-01-02", scope="period", start="2024-01-01")],
    # a breakdown without its total ("1 new martyr + 1 who succumbed") agrees by its sum
    [fig(1, 100, "2024-01-01"), fig(2, 102, "2024-01-02"),
     fig(3, 1, "2024-01-02", scope="period", start="2024-01-01"),
     fig(4, 1, "2024-01-02", scope="period", start="2024-01-01")],
    # a period figure with no total at its start is not checked
    [fig(1, 100, "2024-01-01"), fig(2, 110, "2024-01-03"), fig(3, 2, "2024-01-03", scope="period",
                                                               start="2024-01-02")],
    # two running totals counted from different dates are two series
    [fig(1, 73000, "2024-01-01", start="2023-10-07"), fig(2, 997, "2024-01-01", start="2023-10-11")],
    # one source, and one unattributed total, never disagree with each other
    [fig(1, 100, "2024-01-01"), fig(2, 130, "2024-01-01", reported_by=None)],
])
def test_series_no_unjustified_flags(points):
    assert [f for s in build_series(points) for f in s.flags] == []


def test_series_period_agrees_with_one_of_two_running_totals():
    pts = [fig(1, 100, "2024-01-01", start="2023-10-07"), fig(2, 110, "2024-01-02", start="2023-10-07"),
           fig(3, 50, "2024-01-01", start="2023-10-11"), fig(4, 59, "2024-01-02", start="2023-10-11"),
           fig(5, 10, "2024-01-02", scope="period", start="2024-01-01")]
    assert [f for s in build_series(pts) for f in s.flags] == []


@pytest.mark.parametrize("point, name", [
    (fig(1, 5, "2024-01-01", place=Place("Rafah")), f"{MOH} / killed / Rafah / cumulative"),
    (fig(1, 5, "2024-01-01", start="2023-10-07"), f"{MOH} / killed / cumulative since 2023-10-07"),
    (fig(1, 5, "2024-01-01", reported_by=None, scope="period"), "unattributed / killed / period"),
])
def test_series_names(point, name):
    assert [s.name for s in build_series([point])] == [name]


def test_series_leaves_out_incident_and_undated_figures():
    pts = [fig(1, 5, "2024-01-01", scope="incident"), fig(2, 5, None)]
    assert build_series(pts) == []


def test_series_conflicting_totals_do_not_also_read_as_falls():
    pts = [fig(1, 784, "2024-01-01"), fig(2, 73008, "2024-01-01"), fig(3, 790, "2024-01-02"), fig(4, 73018, "2024-01-02")]
    kinds = [f.kind for s in build_series(pts) for f in s.flags]
    assert kinds == ["conflicting_values", "conflicting_values"]


@pytest.mark.parametrize("points, kinds", [
    # one stray figure on a date is a conflict there, not a fall from the day before
    ([fig(1, 73341, "2024-01-01"), fig(2, 33, "2024-01-02"), fig(3, 73349, "2024-01-02")], ["conflicting_values"]),
    # the top total falling is still a fall
    ([fig(1, 100, "2024-01-01"), fig(2, 90, "2024-01-02"), fig(3, 95, "2024-01-02")],
     ["conflicting_values", "falling_total"]),
])
def test_series_falls_with_conflicting_dates(points, kinds):
    assert [f.kind for s in build_series(points) for f in s.flags] == kinds

"""The readiness chart: points spread evenly, broken where a release has no readiness."""

from __future__ import annotations

from auditbook.release.history import ChartPoint
from auditbook.render.chart import place, segments


def test_chart_points_spread_and_break_where_readiness_is_unknown() -> None:
    points = [
        ChartPoint("a", None, 0.0),
        ChartPoint("b", None, None),
        ChartPoint("c", None, 0.5),
        ChartPoint("d", None, 1.0, current=True),
    ]
    placed = place(points)
    assert [p.x for p in placed] == sorted(p.x for p in placed)
    assert placed[1].y is None
    assert placed[3].y is not None and placed[0].y is not None and placed[3].y < placed[0].y
    assert len(segments(placed)) == 1  # a-b is broken, c-d is drawn
    assert place([ChartPoint("only", None, 0.5)])[0].show_label

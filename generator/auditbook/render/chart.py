"""Readiness over releases as an inline SVG: no script, no external service, printable."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

from markupsafe import Markup

from auditbook.render.templating import render

if TYPE_CHECKING:
    from jinja2 import Environment

    from auditbook.release.history import ChartPoint

WIDTH, HEIGHT = 640, 220
LEFT, RIGHT, TOP, BOTTOM = 48, 24, 16, 44
MAX_LABELS = 10


@dataclass(frozen=True)
class PlacedPoint:
    """A chart point with its coordinates, and whether its label is drawn."""

    point: ChartPoint
    x: float
    y: float | None
    show_label: bool


def place(points: list[ChartPoint]) -> list[PlacedPoint]:
    """Spread points evenly left to right; a release without readiness leaves a gap."""
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    step = plot_w / (len(points) - 1) if len(points) > 1 else 0.0
    every = max(1, math.ceil(len(points) / MAX_LABELS))
    placed = []
    for index, point in enumerate(points):
        x = LEFT + (index * step if len(points) > 1 else plot_w / 2)
        y = None if point.readiness is None else TOP + (1 - point.readiness) * plot_h
        last = index == len(points) - 1
        shown = index % every == 0 or last
        placed.append(PlacedPoint(point, round(x, 1), None if y is None else round(y, 1), shown))
    return placed


def segments(placed: list[PlacedPoint]) -> list[str]:
    """Polyline point lists, broken where a release has no readiness."""
    runs: list[list[str]] = [[]]
    for each in placed:
        if each.y is None:
            runs.append([])
        else:
            runs[-1].append(f"{each.x},{each.y}")
    return [" ".join(run) for run in runs if len(run) > 1]


def readiness_chart(env: Environment, points: list[ChartPoint]) -> Markup:
    """The chart as SVG markup, from the (overridable) template site/readiness-chart.svg.j2."""
    placed = place(points)
    grid = [
        (share, TOP + (1 - share) * (HEIGHT - TOP - BOTTOM)) for share in (0, 0.25, 0.5, 0.75, 1)
    ]
    svg = render(
        env,
        "site/readiness-chart.svg.j2",
        points=placed,
        segments=segments(placed),
        grid=grid,
        width=WIDTH,
        height=HEIGHT,
        left=LEFT,
        right=WIDTH - RIGHT,
        baseline=HEIGHT - BOTTOM,
    )
    return Markup(svg.strip())

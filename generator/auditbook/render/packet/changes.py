"""The packet's "Changes since" chapter: the same comparison as the site's Changes page.

It is rendered here, from auditbook's own template packet/changes.html.j2, and handed to
the packet as a finished chapter (anchor, title, HTML), so the packet needs to know
nothing about releases.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from markupsafe import Markup

from auditbook.domain.errors import PacketError
from auditbook.render.chart import readiness_chart
from auditbook.render.packet.views import Chapter
from auditbook.render.templating import render

if TYPE_CHECKING:
    from jinja2 import Environment

    from auditbook.release.history import History

TEMPLATE = "packet/changes.html.j2"
ANCHOR = "changes"


def changes_chapter(
    env: Environment, history: History, report: dict[str, Any], readiness: float | None
) -> Chapter | None:
    """'Changes since <previous>' for a release's packet; None for a draft's packet."""
    if history.current is None:
        return None
    previous = history.previous()
    title = f"Changes since {previous.title}" if previous else "Changes"
    points = history.chart_points(readiness, report.get("as_of"))
    html = render(
        env,
        TEMPLATE,
        error=PacketError,
        anchor=ANCHOR,
        title=title,
        changes=history.changes(report),
        previous=previous,
        label=history.label,
        version=history.current,
        chart=readiness_chart(env, points) if len(points) > 1 else None,
    )
    return Chapter(ANCHOR, title, Markup(html))

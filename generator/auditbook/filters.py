"""Jinja2 filters: small pure functions, registered in one place."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from markupsafe import Markup

from auditbook.enrich import escape_inline
from auditbook.model import Status
from auditbook.slugs import plain_text


def percent(share: float | None) -> str:
    """0.734 -> '73%'; no applicable items -> 'n/a'."""
    return "n/a" if share is None else f"{share * 100:.0f}%"


def bar_width(share: float | None) -> str:
    return "0" if share is None else f"{share * 100:.1f}"


def short_sha(sha256: str, length: int = 12) -> str:
    return sha256[:length]


def iso_date(value: dt.date | None) -> str:
    return value.isoformat() if value is not None else "—"


def filesize(size: int) -> str:
    """Bytes for people: '1.4 MB'."""
    value = float(size)
    for unit in ("B", "KB", "MB", "GB"):
        if value < 1000 or unit == "GB":
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1000
    return f"{value:.1f} GB"


def inline(text: str) -> Markup:
    """Untrusted text put where Markdown is parsed (a heading): inert as HTML and as Markdown."""
    return Markup(escape_inline(str(text)))


def status_slug(status: Status | str) -> str:
    return str(status.value if isinstance(status, Status) else status).replace(" ", "-")


FILTERS: dict[str, Callable[..., Any]] = {
    "percent": percent,
    "bar_width": bar_width,
    "short_sha": short_sha,
    "iso_date": iso_date,
    "filesize": filesize,
    "status_slug": status_slug,
    "inline": inline,
    "plain": plain_text,  # item text without Markdown markup, for raw HTML (then autoescaped)
}

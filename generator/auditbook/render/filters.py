"""Jinja2 filters: small pure functions, registered in one place."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from markupsafe import Markup

from auditbook.domain.text import percent, plain_text
from auditbook.render.labels import control_anchor, item_anchor, status_slug
from auditbook.render.markup import escape_inline


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


def breakable(text: str) -> Markup:
    """A path or id that may wrap after each '/' and nowhere else (escaped, then <wbr>)."""
    return Markup("/<wbr>").join(str(text).split("/"))


FILTERS: dict[str, Callable[..., Any]] = {
    "breakable": breakable,
    "percent": percent,
    "short_sha": short_sha,
    "iso_date": iso_date,
    "filesize": filesize,
    "status_slug": status_slug,
    "control_anchor": control_anchor,
    "item_anchor": item_anchor,
    "inline": inline,
    "plain": plain_text,  # item text without Markdown markup, for raw HTML (then autoescaped)
}

"""Dates as contracts write them ("January 15, 2026", "15 Jan 2026", "2026-01-15", "01/15/2026")."""

from __future__ import annotations

import datetime as dt
import re

_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sept", "sep"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
_MONTH = "(?:" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_ORD = r"(?:st|nd|rd|th)?"
# One regex for any date form, for use inside bigger patterns (no capturing groups).
DATE = (
    rf"(?i:\d{{4}}-\d{{2}}-\d{{2}}|{_MONTH}\s+\d{{1,2}}{_ORD},?\s+\d{{4}}"
    rf"|\d{{1,2}}{_ORD}\s+(?:day\s+of\s+)?{_MONTH},?\s+\d{{4}}|\d{{1,2}}/\d{{1,2}}/\d{{4}})"
)
_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_US = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
_MDY = re.compile(rf"({_MONTH})\s+(\d{{1,2}}){_ORD},?\s+(\d{{4}})", re.IGNORECASE)
_DMY = re.compile(rf"(\d{{1,2}}){_ORD}\s+(?:day\s+of\s+)?({_MONTH}),?\s+(\d{{4}})", re.IGNORECASE)


def parse_date(text: str) -> dt.date | None:
    """The date written in `text` (matched by DATE), or None when it is not a real date."""
    text = text.strip()
    try:
        if match := _ISO.fullmatch(text):
            return dt.date(int(match[1]), int(match[2]), int(match[3]))
        if match := _US.fullmatch(text):
            return dt.date(int(match[3]), int(match[1]), int(match[2]))
        if match := _MDY.fullmatch(text):
            return dt.date(int(match[3]), _month(match[1]), int(match[2]))
        if match := _DMY.fullmatch(text):
            return dt.date(int(match[3]), _month(match[2]), int(match[1]))
    except ValueError:
        return None
    return None


def _month(name: str) -> int:
    return _MONTHS[name.lower().rstrip(".")]

"""Timestamps as restore tools write them, at the start of a line or in a JSON field."""

from __future__ import annotations

import datetime as dt
import re

from auditbook.inputs.readers._common import parse_instant

# ISO with `T` or a space, `,` or `.` before the fraction (Python logging writes `,`), an
# optional zone; optionally in brackets, as wrapper scripts print it.
_ISO = re.compile(
    r"^\[?(?P<date>\d{4}-\d{2}-\d{2})[ T](?P<time>\d{2}:\d{2}:\d{2})(?P<frac>[.,]\d{1,9})?"
    r"(?:\s?(?P<zone>Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?))?\]?(?::?\s+|$)"
)
# WAL-G (Go's log package): `2026/11/02 10:15:01.123456`, local time without a zone.
_SLASHED = re.compile(
    r"^(?P<date>\d{4}/\d{2}/\d{2}) (?P<time>\d{2}:\d{2}:\d{2})(?P<frac>\.\d{1,9})?(?:\s+|$)"
)
# Barman's elapsed time: "1 hour, 2 minutes, 3 seconds", "less than one second".
_UNITS = {"day": 86400, "hour": 3600, "minute": 60, "second": 1}
_PART = re.compile(r"(?P<n>\d{1,9}(?:\.\d+)?)\s*(?P<unit>day|hour|minute|second)s?", re.IGNORECASE)
# The largest epoch second we accept (year 9999); larger numbers are not dates.
_MAX_EPOCH = 253402300799


def split_stamp(text: str) -> tuple[dt.datetime | None, str]:
    """The timestamp a line starts with, if any, and the rest of the line."""
    for pattern in (_ISO, _SLASHED):
        match = pattern.match(text)
        if match:
            stamp = _instant(match)
            if stamp is not None:
                return stamp, text[match.end() :]
    return None, text


def _instant(match: re.Match[str]) -> dt.datetime | None:
    groups = match.groupdict()
    zone = groups.get("zone") or "UTC"
    zone = "+00:00" if zone in ("Z", "UTC", "GMT") else zone
    if len(zone) == 3:
        zone += ":00"
    # Python takes at most six fraction digits; the seventh and later say nothing here.
    frac = (match["frac"] or "").replace(",", ".")[:7]
    try:
        return dt.datetime.fromisoformat(
            f"{match['date'].replace('/', '-')}T{match['time']}{frac}{zone}"
        )
    except ValueError:
        return None


def json_instant(value: object) -> dt.datetime | None:
    """A date in a JSON field: epoch seconds (the API) or ISO 8601 (the AWS CLI v2)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, str) and re.fullmatch(r"\d{9,11}(?:\.\d{1,9})?", value.strip()):
        value = float(value)
    if isinstance(value, int | float):
        if not 0 < value <= _MAX_EPOCH:
            return None
        return dt.datetime.fromtimestamp(value, tz=dt.UTC)
    if isinstance(value, str):
        return parse_instant(value)
    return None


def elapsed_seconds(text: str) -> float | None:
    """Seconds in a spelled-out duration ("1 hour, 2 minutes"); None when there is none."""
    if "less than one second" in text.lower():
        return 0.0
    parts = list(_PART.finditer(text))
    if not parts:
        return None
    return sum(float(p["n"]) * _UNITS[p["unit"].lower()] for p in parts)

"""Time for reproducible builds: SOURCE_DATE_EPOCH, read in one place.

The same inputs give the same bytes when SOURCE_DATE_EPOCH is set: it dates the packet,
the sitemap archive and (unless `as_of` says otherwise) the assessment itself.
"""

from __future__ import annotations

import datetime as dt
import os

from auditbook.domain.errors import AuditbookError

VARIABLE = "SOURCE_DATE_EPOCH"


def source_date_epoch() -> int | None:
    """The variable's value as seconds, None when unset; anything else is an error."""
    text = os.environ.get(VARIABLE, "").strip()
    if not text:
        return None
    try:
        seconds = int(text)
        dt.datetime.fromtimestamp(seconds, dt.UTC)  # in the range dates can show
    except (ValueError, OverflowError, OSError):
        raise AuditbookError(f"{VARIABLE}={text!r} is not a Unix time") from None
    return seconds


def build_time() -> dt.datetime:
    """When this build happened: SOURCE_DATE_EPOCH when set, else now (to the second)."""
    epoch = source_date_epoch()
    if epoch is None:
        return dt.datetime.now(dt.UTC).replace(microsecond=0)
    return dt.datetime.fromtimestamp(epoch, dt.UTC)


def assessment_day(as_of: dt.date | None) -> dt.date:
    """The assessment date: configured, else SOURCE_DATE_EPOCH's day, else today."""
    if as_of is not None:
        return as_of
    epoch = source_date_epoch()
    return dt.date.today() if epoch is None else build_time().date()


def archive_mtime() -> int:
    """The modification time written into archives (gzip): the epoch, or 0 to stay stable."""
    return source_date_epoch() or 0

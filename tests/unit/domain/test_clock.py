"""SOURCE_DATE_EPOCH, read in one place: reproducible dates, or one clear error."""

from __future__ import annotations

import datetime as dt

import pytest

from auditbook.domain.clock import archive_mtime, assessment_day, build_time
from auditbook.domain.errors import AuditbookError


def test_the_epoch_dates_the_build_and_the_assessment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1763700000")
    assert build_time() == dt.datetime(2025, 11, 21, 4, 40, tzinfo=dt.UTC)
    assert assessment_day(None) == dt.date(2025, 11, 21)
    assert assessment_day(dt.date(2026, 1, 2)) == dt.date(2026, 1, 2)  # as_of wins
    assert archive_mtime() == 1763700000


def test_without_the_epoch_it_is_now(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    assert assessment_day(None) == dt.date.today()
    assert abs((build_time() - dt.datetime.now(dt.UTC)).total_seconds()) < 5
    assert archive_mtime() == 0


@pytest.mark.parametrize("value", ["yesterday", "1.5", "253402300800", "-99999999999999"])
def test_a_bad_epoch_is_one_clear_error(monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    """Not a number, or a time no date can show (the year 10000): an error, not a traceback."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", value)
    for read in (build_time, lambda: assessment_day(None)):
        with pytest.raises(AuditbookError) as raised:
            read()
        assert raised.value.message == f"SOURCE_DATE_EPOCH={value!r} is not a Unix time"

"""From the stories the scanners told to facts, findings, quotes and a verdict."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from auditbook.domain.model import Verdict
from auditbook.inputs.readers._common import cap, human_duration, iso
from auditbook.inputs.readers.restore.story import Mark, Story

if TYPE_CHECKING:
    from auditbook.domain.model import Checks, ReaderResult
    from auditbook.inputs.readers._common import Notes


def judge_restore(stories: list[Story], notes: Notes, checks: Checks) -> ReaderResult:
    """A failure fails; a finished run passes if within the RTO; the rest is explained."""
    story = combine(stories)
    notes.recognise(story.recognised)
    notes.fact("Tool", story.tool)
    notes.fact("Result", _result(story))
    notes.fact("Errors", story.errors)
    notes.fact("Warnings", story.warnings)
    for label, value in story.facts:
        notes.fact(label, value)
    _quote(notes, story)
    for code, message, line in story.warnings_found:
        notes.warning(code, message, line)
    seconds = _duration(story, notes, checks)
    if story.failure is not None or story.ok is False:
        mark = story.failure or story.end
        # "restore failed: <the tool's line>": our words stay the message, the tool's the excerpt.
        lead, _, excerpt = (story.failure_text or "the restore failed").partition(": ")
        notes.error("restore-failed", lead, _line(mark), excerpt=excerpt)
        return notes.result(Verdict.FAILS)
    if story.ok:
        return _finished(story, notes, checks, seconds)
    return _unfinished(story, notes)


def combine(stories: list[Story]) -> Story:
    """Several tools in one file (pgBackRest, then the server's recovery): all must succeed."""
    if len(stories) == 1:
        return stories[0]
    ordered = sorted(stories, key=lambda s: _line(s.start) or 0)
    story = Story(
        " + ".join(dict.fromkeys(s.tool for s in ordered)),
        " + ".join(dict.fromkeys(s.recognised for s in ordered)),
        True,
        weight=sum(s.weight for s in ordered),
        start=min((s.start for s in ordered if s.start), key=_order, default=None),
    )
    for part in ordered:
        story.errors += part.errors
        story.warnings += part.warnings
        story.facts += part.facts
        story.warnings_found += part.warnings_found
    failed = [s.failure for s in ordered if s.failure is not None]
    if failed:
        first = min(failed, key=_order)
        story.failure = first
        story.failure_text = next(s.failure_text for s in ordered if s.failure is first)
    oks = [s.ok for s in ordered]
    story.ok = False if False in oks else (True if all(oks) else None)
    ends = [s.end for s in ordered if s.end is not None]
    story.end = max(ends, key=_order) if ends and story.ok is not None else None
    open_ = [s for s in ordered if s.ok is None]
    story.clear_start = any(s.clear_start and s.start is not None for s in open_)
    story.pending = "; ".join(s.pending for s in ordered if s.pending)
    return story


def _result(story: Story) -> str:
    if story.failure is not None or story.ok is False:
        return "failed"
    if story.ok:
        return "succeeded"
    return "pending" if story.pending else "incomplete" if story.start else "unknown"


def _quote(notes: Notes, story: Story) -> None:
    marks: list[tuple[Mark, str]] = []
    if story.start is not None:
        marks.append((story.start, "restore started"))
    if story.failure is not None:
        marks.append((story.failure, "first failure"))
    if story.end is not None and story.end != story.failure:
        marks.append((story.end, "restore ended" if story.ok else "restore ended, failed"))
    for mark, decided in sorted(marks, key=lambda pair: _order(pair[0])):
        if mark.line is not None:  # a line number is what lets a reviewer check it
            notes.quote(mark.line, mark.text, decided)


def _duration(story: Story, notes: Notes, checks: Checks) -> float | None:
    """Only between a real start and a real end: a run that never ended has no duration."""
    start, end = story.start, story.end
    seconds: float | None = None
    if start and end and start.stamp and end.stamp and end.stamp >= start.stamp:
        seconds = (end.stamp - start.stamp).total_seconds()
    elif end is not None and story.tool_seconds is not None:
        seconds = story.tool_seconds
    notes.fact("Start", iso(start.stamp) if start and start.stamp else "not recorded")
    notes.fact("End", iso(end.stamp) if end and end.stamp else "not recorded")
    notes.fact("Duration", human_duration(seconds) if seconds is not None else "unknown")
    notes.fact("RTO target", f"{checks.rto_hours:g} h")
    if story.failure is not None or story.ok is False:
        notes.fact("Within RTO", "not applicable: the restore did not complete")
    elif not story.ok or seconds is None:
        notes.fact("Within RTO", "unknown")
    else:
        notes.fact("Within RTO", "yes" if seconds <= checks.rto_hours * 3600 else "no")
    return seconds


def _finished(story: Story, notes: Notes, checks: Checks, seconds: float | None) -> ReaderResult:
    if seconds is None:
        message = "no start and end time in the log: the duration cannot be checked against the RTO"
        notes.warning("restore-no-duration", message)
    elif seconds > checks.rto_hours * 3600:
        message = (
            f"restore took {human_duration(seconds)}, longer than the RTO of {checks.rto_hours:g} h"
        )
        notes.error("restore-over-rto", message, _line(story.end))
        return notes.result(Verdict.FAILS)
    # Only a good test goes stale: a failed one keeps failing until a new test replaces it.
    finished = story.end.stamp if story.end else None
    if finished is None and story.start and story.start.stamp and seconds is not None:
        finished = story.start.stamp + dt.timedelta(seconds=seconds)
    if finished is None:
        return notes.result(Verdict.PASSES)
    interval = dt.timedelta(days=checks.restore_test_interval_days)
    return notes.result(Verdict.PASSES, finished.date() + interval)


def _unfinished(story: Story, notes: Notes) -> ReaderResult:
    if story.pending:
        notes.warning("restore-pending", f"the restore has not finished yet: {cap(story.pending)}")
        return notes.result(Verdict.UNDECIDED)
    if story.start is not None and story.clear_start:
        message = (
            "the log stops after the restore began and before it ended "
            "(cut short, killed or still running): it cannot show a finished restore"
        )
        notes.error("restore-incomplete", message, _line(story.start))
        return notes.result(Verdict.FAILS)
    if story.tool == "pg_restore" and story.start is None:
        message = (
            "pg_restore prints nothing when it finishes: without the exit status (log it from "
            "the script that runs pg_restore) this output cannot show the restore finished"
        )
        notes.warning("restore-no-exit-status", message)
    else:
        message = (
            "the log shows the recovery under way but not its end "
            "(an excerpt, or still running): not enough to tell whether it finished"
        )
        notes.warning("restore-unfinished", message, _line(story.start))
    return notes.result(Verdict.UNDECIDED)


def _line(mark: Mark | None) -> int | None:
    return mark.line if mark is not None else None


def _order(mark: Mark) -> int:
    return mark.line if mark.line is not None else 1 << 62

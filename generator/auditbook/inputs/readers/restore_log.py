"""Backup-restore evidence: which tool wrote it, whether it is a restore, and how it went.

Each tool has its own scanner under `restore/`; every line goes to the first scanner
that takes it, so memory stays bounded whatever the file's size. The scanners' stories
are then judged together (`restore/judge.py`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from auditbook.domain.model import Verdict
from auditbook.inputs.readers._common import LineTooLong, Notes, bounded_lines, cap, open_text
from auditbook.inputs.readers.restore.aws import MAX_JSON, aws_story, decode, other_json
from auditbook.inputs.readers.restore.barman import Barman
from auditbook.inputs.readers.restore.judge import judge_restore
from auditbook.inputs.readers.restore.pg_restore import PgRestore
from auditbook.inputs.readers.restore.pgbackrest import PgBackRest
from auditbook.inputs.readers.restore.postgres import Postgres
from auditbook.inputs.readers.restore.sniff import Looks
from auditbook.inputs.readers.restore.stamps import split_stamp
from auditbook.inputs.readers.restore.walg import WalG

if TYPE_CHECKING:
    from pathlib import Path
    from typing import TextIO

    from auditbook.domain.model import Checks, ReaderResult
    from auditbook.inputs.readers.restore.story import Scanner, Story

TOOLS = "pg_restore, pgBackRest, WAL-G, Barman, PostgreSQL recovery or AWS Backup"
_PEEK = 4096


def read_restore_log(path: Path, rel: str, checks: Checks) -> ReaderResult:
    """Recognise the tool from the content, then judge the restore it shows."""
    notes = Notes(rel)
    with open_text(path) as stream:
        head = stream.read(_PEEK)
        if head.lstrip()[:1] in ("{", "["):
            result = _read_json(head, stream, notes, checks)
            if result is not None:
                return result
        stream.seek(0)
        stories, looks = _scan(stream, notes)
    return _judge(stories, looks, notes, checks)


def _read_json(head: str, stream: TextIO, notes: Notes, checks: Checks) -> ReaderResult | None:
    """A JSON document, or None to read the file as lines after all (a `[stamp]` log)."""
    text = head + stream.read(MAX_JSON + 1 - len(head))
    if len(text) > MAX_JSON:
        if "RestoreJobId" not in head:
            return None
        message = f"restore-job JSON larger than {MAX_JSON // (1024 * 1024)} MiB is not read"
        notes.warning("restore-json-too-large", message)
        return notes.result(Verdict.UNDECIDED)
    document = decode(text)
    if document is None:
        if "RestoreJobId" not in text:
            return None
        notes.warning("restore-json-invalid", "restore-job JSON that is not valid (cut short?)")
        return notes.result(Verdict.UNDECIDED)
    story = aws_story(document, text)
    if story is None:
        what = other_json(document)
        notes.recognise(what)
        notes.error("restore-not-a-restore", f"not a restore: this is {what}")
        return notes.result(Verdict.WRONG_KIND)
    return judge_restore([story], notes, checks)


def _scan(stream: TextIO, notes: Notes) -> tuple[list[Story], Looks]:
    pg_restore = PgRestore()
    scanners: tuple[Scanner, ...] = (PgBackRest(), WalG(), pg_restore, Barman(), Postgres())
    looks = Looks()
    try:
        for number, raw in enumerate(bounded_lines(stream), start=1):
            text = raw.rstrip("\r\n")
            stamp, rest = split_stamp(text)
            looks.add(number, stamp, text, rest)
            if not rest.strip():
                continue
            if not any(s.scan(number, stamp, text, rest) for s in scanners):
                pg_restore.wrapper(number, stamp, text, rest)
    except LineTooLong as exc:
        notes.error("restore-log-line-too-long", f"{exc}; reading stopped", exc.line)
    return [story for scanner in scanners for story in scanner.stories()], looks


def _judge(stories: list[Story], looks: Looks, notes: Notes, checks: Checks) -> ReaderResult:
    restores = [s for s in stories if s.restore is True]
    if restores:
        return judge_restore(restores, notes, checks)
    others = [s for s in stories if s.restore is False]
    if others:
        story = max(others, key=lambda s: s.weight)
        notes.recognise(story.recognised)
        notes.fact("Tool", story.tool)
        if story.command_mark is not None:
            notes.quote(story.command_mark.line, story.command_mark.text, "which command this is")
        message = f"not a restore: this is {cap(story.command or story.recognised)}"
        notes.error("restore-not-a-restore", message, _line(story))
        return notes.result(Verdict.WRONG_KIND)
    if unknown := [s for s in stories if s.restore is None]:
        return _unnamed(max(unknown, key=lambda s: s.weight), notes)
    if (failed := looks.error_story()) is not None:
        return judge_restore([failed], notes, checks)
    looks_like, first_line = looks.describe()
    message = f"not a restore log of {TOOLS}: {looks_like}"
    notes.error("restore-log-unrecognised", message, excerpt=first_line)
    return notes.result(Verdict.WRONG_KIND)


def _unnamed(story: Story, notes: Notes) -> ReaderResult:
    """A known tool whose output never says which command ran."""
    notes.recognise(story.recognised)
    notes.fact("Tool", story.tool)
    message = f"{story.tool} output that does not say which command ran"
    if story.failure is not None:
        notes.quote(story.failure.line, story.failure.text, "first failure")
        message += "; it reports an error"
    notes.warning("restore-command-unknown", message, _line(story), excerpt=story.failure_text)
    return notes.result(Verdict.UNDECIDED)


def _line(story: Story) -> int | None:
    mark = story.failure or story.command_mark
    return mark.line if mark is not None else None

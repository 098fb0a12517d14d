"""PostgreSQL's own server log during archive or point-in-time recovery.

Client connections refused while the server recovers ("the database system is starting
up") are FATAL for the client, not for the recovery, so they are not failures.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from auditbook.inputs.readers.restore.story import Mark, Story

if TYPE_CHECKING:
    import datetime as dt

_LEVELS = "LOG|FATAL|PANIC|ERROR|WARNING|DETAIL|HINT|CONTEXT|STATEMENT|NOTICE|INFO|DEBUG[1-5]?"
# The level after whatever log_line_prefix wrote; PostgreSQL puts two spaces after it.
_LINE = re.compile(rf"(?:^|[\s\]:>])(?P<level>{_LEVELS}):(?P<gap>\s\s?)(?P<msg>\S.*)$")
_START = (
    "starting point-in-time recovery",
    "starting archive recovery",
    "starting backup recovery",
)
_REDO = "redo starts at"
_END = (
    "database system is ready to accept connections",
    "archive recovery complete",
    "pausing at the end of recovery",
    "recovery has paused",
    "redo done at",
)
_FAILED = re.compile(
    r"^(?:startup process \(PID \d+\) (?:exited with exit code [1-9]|was terminated by signal)"
    r"|aborting startup due to startup process failure)"
)
# FATAL for one client connection, not for the server's recovery.
_CLIENT = (
    "the database system is starting up",
    "the database system is not yet accepting connections",
    "the database system is in recovery mode",
    "the database system is shutting down",
    "password authentication failed",
    "no pg_hba.conf entry",
    "role ",
    "database ",
    "terminating connection",
    "canceling",
    "connection to client lost",
    "sorry, too many clients",
)
_RESTORED = re.compile(r'^restored log file "[0-9A-F]{24}" from archive')
_TARGET = re.compile(r"^starting point-in-time recovery to (?P<target>.{1,80})$")


@dataclass
class Postgres:
    """Scans a PostgreSQL server log for the recovery's start, end and fatal errors."""

    weight: int = 0
    recovery: Story | None = None
    first: Mark | None = None
    wal_files: int = 0
    target: str = ""

    def scan(self, line: int, stamp: dt.datetime | None, text: str, rest: str) -> bool:
        match = _LINE.search(rest)
        if match is None:
            return False
        level, message = match["level"], match["msg"].strip()
        if len(match["gap"]) == 1 and not message.startswith((*_START, _REDO, *_END)):
            return False  # another tool's "ERROR: ..." rather than the server's
        self.weight += 1
        mark = Mark.at(line, text, stamp)
        self.first = self.first or mark
        if message.startswith(_START) or (message.startswith(_REDO) and self.recovery is None):
            self._start(mark, message)
        elif (story := self.recovery) is None:
            pass
        elif message.startswith(_END):
            story.ok = story.ok is not False
            if story.ok or story.end is None:
                story.end = mark
        elif _RESTORED.match(message):
            self.wal_files += 1
        elif level == "PANIC" or (level == "FATAL" and not message.startswith(_CLIENT)):
            story.fail(mark, f"recovery failed: {message}")
            story.ok = False
        elif _FAILED.match(message):
            if story.failure is None:  # the startup process's end, after its own PANIC
                story.fail(mark, f"recovery failed: {message}")
            story.ok, story.end = False, story.end or mark
        return True

    def _start(self, mark: Mark, message: str) -> None:
        if self.recovery is None:
            self.recovery = Story("PostgreSQL", "PostgreSQL recovery log", True, start=mark)
            # A server log is often an excerpt: one that stops mid-recovery proves nothing.
            self.recovery.clear_start = False
        if target := _TARGET.match(message):
            self.target = target["target"].strip()

    def stories(self) -> list[Story]:
        if self.recovery is not None:
            self.recovery.weight = self.weight
            self.recovery.facts = [("WAL files restored", self.wal_files)]
            if self.target:
                self.recovery.facts.append(("Recovery target", self.target))
            return [self.recovery]
        if self.first is None:
            return []
        what = "PostgreSQL server log with no recovery in it"
        return [Story("PostgreSQL", "PostgreSQL server log", False, self.weight, what, self.first)]

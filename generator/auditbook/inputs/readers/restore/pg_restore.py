"""pg_restore's messages (old and new formats), and the script lines that wrap them.

pg_restore prints nothing when it succeeds, so only a wrapper that logs the exit status
can show that a restore finished.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from auditbook.inputs.readers.restore.story import Mark, Story

if TYPE_CHECKING:
    import datetime as dt

_PG = re.compile(r"^pg_restore:\s*(?P<msg>.*)$")
# Old versions print the final count without the prefix.
_IGNORED = re.compile(r"errors ignored on restore:\s*(?P<count>\d{1,9})", re.IGNORECASE)
_CONTEXT = re.compile(
    r"^(?:\[[^\]]{1,40}\]\s*)?(?:error while processing toc|error from toc entry"
    r"|while processing toc|from toc entry|detail:|hint:)",
    re.IGNORECASE,
)
_EXIT = re.compile(
    r"\bexit(?:ed)?(?:\s+with)?(?:\s+(?:code|status))?\s*[:=]?\s*(?P<code>\d{1,9})\b", re.IGNORECASE
)
_STARTED = re.compile(
    r"\b(?:restore started|starting (?:the )?restore|running pg_restore|pg_restore\s+-)",
    re.IGNORECASE,
)


@dataclass
class PgRestore:
    """Scans pg_restore output, verbose or not, and the wrapper script's stamped lines."""

    weight: int = 0
    story: Story | None = None
    ignored: int = 0
    ignored_mark: Mark | None = None
    exit_code: int | None = None
    tables: int = 0
    start: Mark | None = None

    def scan(self, line: int, stamp: dt.datetime | None, text: str, rest: str) -> bool:
        match = _PG.match(rest)
        if match is None and not rest.startswith("WARNING: errors ignored"):
            # pg_restore repeats the failed statement on the next line.
            return rest.startswith("Command was: ") and self.story is not None
        self.weight += 1
        story = self._story()
        message = match["msg"] if match else rest
        lowered = message.lower()
        if ignored := _IGNORED.search(message):
            self.ignored += int(ignored["count"])
            self.ignored_mark = self.ignored_mark or Mark.at(line, text, stamp)
        elif _CONTEXT.match(message):
            pass
        elif lowered.startswith(("error:", "fatal:")) or (
            lowered.startswith("[") and "warning" not in lowered
        ):
            story.fail(Mark.at(line, text, stamp), f"restore failed: {message}")
        elif lowered.startswith(("warning:", "[")):
            story.warnings += 1
        elif message.startswith("creating TABLE "):
            self.tables += 1
        return True

    def wrapper(self, line: int, stamp: dt.datetime | None, text: str, rest: str) -> bool:
        """A line of the script around pg_restore: when it began, how it exited."""
        if stamp is None:
            return False
        lowered = rest.lower()
        if (code := _EXIT.search(rest)) and "restore" in lowered:
            story = self._story()
            self.exit_code = int(code["code"])
            story.end = Mark.at(line, text, stamp)
            story.ok = self.exit_code == 0
            return True
        if _STARTED.search(rest) and self.start is None:
            self.start = Mark.at(line, text, stamp)
            self._story().start = self.start
            return True
        return False

    def _story(self) -> Story:
        if self.story is None:
            self.story = Story("pg_restore", "pg_restore log", True, clear_start=True)
        return self.story

    def stories(self) -> list[Story]:
        story = self.story
        if story is None:
            return []
        story.weight = self.weight
        if not self.weight:
            # Only the script's own lines: the tool it ran printed nothing we know.
            story.tool, story.recognised = "restore script", "restore script log"
        elif self.start is not None or self.exit_code is not None:
            story.recognised = "pg_restore log wrapped by a script"
        # pg_restore prints each error, then their total: count them once.
        story.errors = max(story.errors, self.ignored)
        if self.ignored and story.failure is None and self.ignored_mark is not None:
            message = f"restore failed: {self.ignored} error(s) ignored on restore"
            story.fail(self.ignored_mark, message)
            story.errors = self.ignored
        if self.exit_code and story.failure is None and story.end is not None:
            story.fail(story.end, f"restore exited with status {self.exit_code}")
        story.clear_start = self.start is not None
        story.facts = [("Tables created", self.tables)]
        if self.exit_code is not None:
            story.facts.append(("Exit status", self.exit_code))
        return [story]

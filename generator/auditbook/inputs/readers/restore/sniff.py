"""What a file that no scanner took looks like, so the finding can say so."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from auditbook.inputs.readers._common import cap
from auditbook.inputs.readers.restore.story import Mark, Story

if TYPE_CHECKING:
    import datetime as dt

# An error a tool wrote about a backup or restore, when the tool itself is not known.
_ERROR = re.compile(r"^(?:ERROR|FATAL|PANIC|EXCEPTION|CRITICAL)\b:?\s+(?P<msg>.*)$")
_ABOUT = re.compile(r"restor|recover|backup|fetch", re.IGNORECASE)
_WORDS = re.compile(r"[A-Za-z]{2,}")


@dataclass
class Looks:
    """Counts kept while reading: enough to name the shape of the file."""

    lines: int = 0
    stamped: int = 0
    commas: int = 0
    prose: int = 0
    first: str = ""
    error: Mark | None = None

    def add(self, line: int, stamp: dt.datetime | None, text: str, rest: str) -> None:
        if not text.strip():
            return
        self.lines += 1
        self.first = self.first or text.strip()
        self.stamped += stamp is not None
        self.commas += text.count(",") >= 2 and text.count(",") >= text.count(" ")
        self.prose += len(_WORDS.findall(text)) >= 6
        if self.error is None and _ERROR.match(rest.strip()) and _ABOUT.search(rest):
            self.error = Mark.at(line, text, stamp)

    def error_story(self) -> Story | None:
        """An unknown tool that plainly says a backup or restore failed."""
        if self.error is None:
            return None
        story = Story("unrecognised tool", "error output of an unrecognised backup tool", True)
        story.fail(self.error, f"restore failed: {self.error.text}")
        return story

    def describe(self) -> tuple[str, str]:
        """What the file looks like, and its first line (text from the file: an excerpt)."""
        if not self.lines:
            return "the file is empty", ""
        first = cap(self.first, 120)
        if self.commas * 2 > self.lines:
            return "it looks like a CSV table", first
        if self.stamped * 2 > self.lines:
            return "it looks like the log of some other tool", first
        if self.prose * 2 >= self.lines:
            return "it looks like prose or notes, not a tool's output", first
        return "its first line is no known tool's", first

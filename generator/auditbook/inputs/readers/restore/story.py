"""What a scanner tells about one file: which tool, which command, where it began and ended."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

from auditbook.inputs.readers._common import cap

if TYPE_CHECKING:
    import datetime as dt


@dataclass(frozen=True)
class Mark:
    """A line that decided something, with the time written on it (if any)."""

    line: int | None
    text: str
    stamp: dt.datetime | None = None

    @classmethod
    def at(cls, line: int | None, text: str, stamp: dt.datetime | None = None) -> Mark:
        return cls(line, cap(text, 300), stamp)


@dataclass
class Story:
    """One tool's account of the file, in the terms the judge needs.

    `restore` is True for a restore run, False for another command of the tool (the
    file is then the wrong kind) and None when the output does not say which command
    ran. `ok` is True when the tool wrote that it finished successfully, False when it
    wrote that it failed, None when it wrote neither.
    """

    tool: str
    recognised: str
    restore: bool | None
    weight: int = 0
    command: str = ""
    command_mark: Mark | None = None
    start: Mark | None = None
    end: Mark | None = None
    ok: bool | None = None
    failure: Mark | None = None
    failure_text: str = ""
    errors: int = 0
    warnings: int = 0
    # The tool's own duration, when it prints one ("completed successfully (2472432ms)").
    tool_seconds: float | None = None
    # A start line that only a restore writes: a log that stops after it is cut short.
    clear_start: bool = True
    # "not enough to tell" with this reason, e.g. an AWS job that is still running.
    pending: str = ""
    facts: list[tuple[str, object]] = field(default_factory=list)
    warnings_found: list[tuple[str, str, int | None]] = field(default_factory=list)

    def fail(self, mark: Mark, text: str) -> None:
        """Count an error; the first one is what the finding quotes."""
        self.errors += 1
        if self.failure is None:
            self.failure, self.failure_text = mark, cap(text)


class Scanner(Protocol):
    """Reads lines one at a time and keeps only counts and a few marks."""

    def scan(self, line: int, stamp: dt.datetime | None, text: str, rest: str) -> bool:
        """Take the line if it is this tool's; `rest` is the line after its timestamp."""
        ...

    def stories(self) -> list[Story]:
        """What the lines taken add up to; empty when the tool was not seen."""
        ...

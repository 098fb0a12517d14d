"""Findings: what the build has to say about its inputs, with the file and line concerned."""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum
from typing import Any


class Level(IntEnum):
    """Severity, ordered so that a gate can compare levels."""

    INFO = 10
    WARNING = 20
    ERROR = 30

    @property
    def label(self) -> str:
        return self.name.lower()

    @classmethod
    def parse(cls, text: str) -> Level:
        try:
            return cls[text.upper()]
        except KeyError:
            choices = ", ".join(level.label for level in cls)
            raise ValueError(f"unknown level {text!r} (choose from {choices})") from None


@dataclass(frozen=True, order=True)
class Finding:
    """One message about one place in the inputs."""

    level: Level
    code: str
    message: str
    path: str | None = None
    line: int | None = None

    @property
    def location(self) -> str:
        if self.path is None:
            return ""
        return self.path if self.line is None else f"{self.path}:{self.line}"

    def describe(self) -> str:
        """The finding without its level, for loggers that print the level themselves."""
        where = self.location
        return f"{where + ': ' if where else ''}{self.message} [{self.code}]"

    def __str__(self) -> str:
        where = self.location
        prefix = f"{where}: " if where else ""
        return f"{prefix}{self.level.label}: {self.message} [{self.code}]"

    def to_json(self) -> dict[str, Any]:
        return {
            "level": self.level.label,
            "code": self.code,
            "message": self.message,
            "path": self.path,
            "line": self.line,
        }


def sort_findings(findings: list[Finding] | tuple[Finding, ...]) -> tuple[Finding, ...]:
    """Worst first, then by place, so reports read the same on every run."""
    return tuple(
        sorted(findings, key=lambda f: (-f.level, f.path or "", f.line or 0, f.code, f.message))
    )

"""Barman: `recover`/`restore` output is judged; `check`, `backup` and `list-backups` are not."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from auditbook.inputs.readers.restore.stamps import elapsed_seconds, split_stamp
from auditbook.inputs.readers.restore.story import Mark, Story

# Barman's own log file: `2026-11-02 10:15:01,123 [4242] barman.recovery_executor INFO: ...`.
_LOGGED = re.compile(r"^\[\d{1,10}\]\s+barman[\w.]*\s+(?P<level>[A-Z]+):\s(?P<msg>.*)$")
_CONSOLE = re.compile(r"^(?P<level>ERROR|EXCEPTION|WARNING|CRITICAL):\s(?P<msg>\S.*)$")
_START = re.compile(
    r"^Starting (?P<where>remote|local) restore for server (?P<server>\S{1,80}) "
    r"using backup (?P<backup>\S{1,80})"
)
_DONE = "Your PostgreSQL server has been successfully prepared for recovery!"
_COMPLETED = re.compile(
    r"^Recovery completed \(start time: (?P<start>[^,]{10,40}), "
    r"elapsed time: (?P<elapsed>[^)]{1,80})\)"
)
_STEPS = (
    "Destination directory:",
    "Remote command:",
    "Copying the base backup.",
    "Copying required WAL segments.",
    "Generating archive status files",
    "Generating recovery configuration",
    "Identify dangerous settings in destination directory.",
    "Using safe horizon time for smart rsync copy",
    "Doing PITR.",
    "Processing xlog segments",
)
_BACKUP = re.compile(
    r"^(?:Starting backup using .* method for server|Backup completed \(start time)"
)
_SERVER = re.compile(r"^Server (?P<server>\S{1,80}):\s*$")
_CHECK = re.compile(r"^\s+(?P<name>[^:]{2,80}): (?P<result>OK|FAILED)\b")
_LISTED = re.compile(r"^\S{1,80} \d{8}T\d{6} (?:\S+ )?- ")


@dataclass
class Barman:
    """Scans `barman recover` console output, Barman's log file, and `barman check`."""

    weight: int = 0
    recover: Story | None = None
    stamp: dt.datetime | None = None
    others: dict[str, Mark] = field(default_factory=dict)
    failed_checks: list[str] = field(default_factory=list)
    checks: int = 0
    in_check: bool = False

    def scan(self, line: int, stamp: dt.datetime | None, text: str, rest: str) -> bool:
        logged = _LOGGED.match(rest)
        message = logged["msg"].strip() if logged else rest.strip()
        mark = Mark.at(line, text, stamp)
        if self._recovery(mark, message, logged["level"] if logged else ""):
            self.weight += 1
            return True
        if self._other(mark, text, message) or (logged and self._level(mark, logged["level"])):
            self.weight += 1
            return True
        return False

    def _recovery(self, mark: Mark, message: str, level: str) -> bool:
        if match := _START.match(message):
            self.recover = Story("Barman", "Barman recover output", True, start=mark)
            self.recover.facts = [("Server", match["server"]), ("Backup", match["backup"])]
            return True
        story = self.recover
        if story is None:
            return False
        if message == _DONE:
            story.ok = story.ok is not False
            known = story.end.stamp if story.end is not None else None
            story.end = Mark(mark.line, mark.text, mark.stamp or known)
        elif match := _COMPLETED.match(message):
            self._completed(story, mark, match["start"], match["elapsed"])
        elif (console := _CONSOLE.match(message)) or level in ("ERROR", "CRITICAL"):
            kind = console["level"] if console else level
            if kind == "WARNING":
                story.warnings += 1
            else:
                story.fail(mark, f"restore failed: {console['msg'] if console else message}")
                story.ok = False
        elif not message.startswith(_STEPS):
            return False
        return True

    def _completed(self, story: Story, mark: Mark, start: str, elapsed: str) -> None:
        began, _ = split_stamp(start.strip())
        seconds = elapsed_seconds(elapsed)
        story.tool_seconds = seconds
        if began is not None and story.start is not None and story.start.stamp is None:
            story.start = Mark(story.start.line, story.start.text, began)
        ended = began + dt.timedelta(seconds=seconds) if began and seconds is not None else None
        story.end = Mark(mark.line, mark.text, mark.stamp or ended)

    def _other(self, mark: Mark, text: str, message: str) -> bool:
        if _SERVER.match(text):
            self.in_check = True
            self.others.setdefault("check", mark)
        elif self.in_check and (match := _CHECK.match(text)):
            self.checks += 1
            if match["result"] == "FAILED":
                self.failed_checks.append(match["name"].strip())
        elif _BACKUP.match(message):
            self.others.setdefault("backup", mark)
        elif _LISTED.match(text):
            self.others.setdefault("list-backups", mark)
        else:
            return False
        return True

    def _level(self, mark: Mark, level: str) -> bool:
        self.others.setdefault("log", mark)
        return True

    def stories(self) -> list[Story]:
        found: list[Story] = []
        if self.recover is not None:
            self.recover.weight = self.weight
            found.append(self.recover)
        for command, mark in self.others.items():
            what = "Barman log" if command == "log" else f"Barman {command} output"
            detail = what
            if command == "check":
                failed = ", ".join(self.failed_checks[:5])
                detail += f" ({len(self.failed_checks)} of {self.checks} checks FAILED: {failed})"
                detail = detail if self.failed_checks else f"{what} (all {self.checks} checks OK)"
            if command == "log":
                detail = "Barman log with no restore in it"
            found.append(Story("Barman", what, False, self.weight, detail, command_mark=mark))
        return found

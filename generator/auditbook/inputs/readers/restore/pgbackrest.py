"""pgBackRest: `restore` command logs are judged; `info`, `backup`, `verify`... are not restores."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from auditbook.inputs.readers._common import cap
from auditbook.inputs.readers.restore.story import Mark, Story

if TYPE_CHECKING:
    import datetime as dt

_LINE = re.compile(r"^P\d{2,}\s+(?P<level>[A-Z]+):\s(?P<msg>.*)$")
_BEGIN = re.compile(
    r"^(?P<cmd>[a-z][a-z-]{1,30}) command begin(?: (?P<version>[\w.]+?))?:?(?:\s|$)"
)
_END = re.compile(r"^(?P<cmd>[a-z][a-z-]{1,30}) command end: (?P<how>.*)$")
_MS = re.compile(r"completed successfully \((?P<ms>\d{1,15})ms\)")
_SET = re.compile(r"restore backup set (?P<set>[\w-]{1,80})")
# `pgbackrest info` text output.
_STANZA = re.compile(r"^stanza: (?P<name>\S{1,80})\s*$")
_STATUS = re.compile(r"^\s+status: (?P<status>.{1,120})$")
_BACKUP = re.compile(r"^\s+(?:full|diff|incr) backup: \S+")


@dataclass
class _Other:
    """A command that is not a restore, as the file shows it."""

    mark: Mark
    runs: int = 0
    failure: str = ""


@dataclass
class PgBackRest:
    """Scans pgBackRest console or file logs and `info` output."""

    weight: int = 0
    version: str = ""
    command: str | None = None
    restore: Story | None = None
    others: dict[str, _Other] = field(default_factory=dict)
    # Output whose command is never named (no `command begin` line).
    unnamed: Story | None = None
    runs: int = 0
    backup_set: str = ""
    info: _Other | None = None
    info_status: str = ""
    info_backups: int = 0

    def scan(self, line: int, stamp: dt.datetime | None, text: str, rest: str) -> bool:
        if match := _LINE.match(rest):
            self.weight += 1
            self._logged(Mark.at(line, text, stamp), match["level"], match["msg"])
            return True
        return self._info(line, text)

    def _logged(self, mark: Mark, level: str, message: str) -> None:
        if begin := _BEGIN.match(message):
            self.command = begin["cmd"]
            self.version = begin["version"] or self.version
            self._begin(mark, begin["cmd"])
            return
        story = self._story_for(mark)
        if end := _END.match(message):
            self._end(mark, end["cmd"], end["how"], story)
        elif level in ("ERROR", "ASSERT"):
            if story is not None:
                lead = "restore failed" if story.restore else "pgBackRest error"
                story.fail(mark, f"{lead}: {message}")
            elif self.command in self.others:
                self.others[self.command].failure = self.others[self.command].failure or message
        elif level == "WARN" and story is not None:
            story.warnings += 1
        elif (found := _SET.search(message)) and story is not None:
            self.backup_set = found["set"]

    def _story_for(self, mark: Mark) -> Story | None:
        if self.command == "restore":
            return self.restore
        if self.command is None:
            if self.unnamed is None:
                self.unnamed = Story("pgBackRest", "pgBackRest log", None, command_mark=mark)
            return self.unnamed
        return None

    def _begin(self, mark: Mark, command: str) -> None:
        if command != "restore":
            other = self.others.setdefault(command, _Other(mark))
            other.runs += 1
            return
        self.runs += 1
        if self.restore is None:
            self.restore = Story("pgBackRest", "pgBackRest restore log", True)
        # The last run decides where the restore began and ended; any failure still counts.
        self.restore.start, self.restore.end, self.restore.ok = mark, None, None
        self.restore.tool_seconds = None

    def _end(self, mark: Mark, command: str, how: str, story: Story | None) -> None:
        if command != "restore" or self.restore is None:
            other = self.others.get(command)
            if other is not None and not how.startswith("completed successfully"):
                other.failure = other.failure or f"{command} command end: {how}"
            return
        self.restore.end = mark
        self.restore.ok = how.startswith("completed successfully")
        if not self.restore.ok and self.restore.failure is None:
            self.restore.fail(mark, f"restore command end: {how}")
        if ms := _MS.search(how):
            self.restore.tool_seconds = int(ms["ms"]) / 1000
        self.command = None

    def _info(self, line: int, text: str) -> bool:
        if match := _STANZA.match(text):
            self.info = self.info or _Other(Mark.at(line, text))
            self.info.runs += 1
        elif self.info is None:
            return False
        elif match := _STATUS.match(text):
            self.info_status = self.info_status or match["status"].strip()
        elif _BACKUP.match(text):
            self.info_backups += 1
        else:
            return bool(text.strip()) and text[:1].isspace()
        self.weight += 1
        return True

    def stories(self) -> list[Story]:
        found: list[Story] = []
        tool = f"pgBackRest {self.version}".strip()
        if self.restore is not None:
            self.restore.tool = tool
            self.restore.weight = self.weight
            self.restore.facts = [("Runs", self.runs)] if self.runs > 1 else []
            if self.backup_set:
                self.restore.facts.append(("Backup set", self.backup_set))
            found.append(self.restore)
        found.extend(self._others(tool))
        if self.unnamed is not None:
            self.unnamed.tool, self.unnamed.weight = tool, self.weight
            found.append(self.unnamed)
        return found

    def _others(self, tool: str) -> list[Story]:
        found = []
        for command, other in self.others.items():
            what = f"pgBackRest {command} log"
            if other.failure:
                what += f" (it reports a failure: {cap(other.failure, 120)})"
            story = Story(tool, f"pgBackRest {command} log", False, self.weight, command=what)
            story.command_mark = other.mark
            found.append(story)
        if self.info is not None:
            what = "pgBackRest info output"
            detail = f"status: {self.info_status}" if self.info_status else ""
            if self.info_backups:
                detail += f"{', ' if detail else ''}{self.info_backups} backup(s) listed"
            story = Story(tool, what, False, self.weight, command=f"{what} ({detail})")
            story.command_mark = self.info.mark
            found.append(story)
        return found

"""WAL-G: `backup-fetch` is a restore; `backup-push`, `wal-fetch`, `backup-list` are not."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from auditbook.inputs.readers.restore.stamps import split_stamp
from auditbook.inputs.readers.restore.story import Mark, Story

if TYPE_CHECKING:
    import datetime as dt

_LINE = re.compile(
    r"^(?P<level>INFO|ERROR|WARNING|DEBUG|FATAL|PANIC):\s(?P<rest>\d{4}/\d{2}/\d{2}\s.*)$"
)
_COMPLETE = "Backup extraction complete."
# What each command writes, by the start of its messages.
_PUSH = (
    "Selecting the latest backup as the base",
    "Doing full backup",
    "Calling pg_start_backup",
    "Calling pg_stop_backup",
    "Starting a new tar bundle",
    "Walking ...",
    "Starting part ",
    "Finished writing part",
    "Wrote backup with name",
    "Uploaded ",
    "Files will be uploaded",
    "FILE PATH:",
)
_FETCH_START = ("Selecting the latest backup", "Selecting the backup with name", "LATEST backup is")
_FETCH = (
    *_FETCH_START,
    "Backup to fetch will be searched",
    "Finished extraction of",
    "Delta from ",
    _COMPLETE,
)
_WAL_FETCH = ("WAL-prefetch", "Archive '", "Successfully fetched", "segment fetch")
_LIST_HEADER = re.compile(
    r"^\s*(?:\|\s*#\s*\|\s*)?(?:name|BACKUP NAME)\s+\|?\s*(?:last_)?(?:modified|MODIFIED)\b"
)
_LIST_ROW = re.compile(r"^\s*(?:\|\s*\d+\s*\|\s*)?base_[0-9A-F]{24}\S*\s")


@dataclass
class WalG:
    """Scans WAL-G's log lines (`LEVEL: yyyy/mm/dd hh:mm:ss.micro message`)."""

    weight: int = 0
    fetch: Story | None = None
    # Commands that are not a restore, with the first line that shows each.
    others: dict[str, Mark] = field(default_factory=dict)
    errors: list[Mark] = field(default_factory=list)
    first: Mark | None = None
    stamp: dt.datetime | None = None
    parts: int = 0
    backup: str = ""

    def scan(self, line: int, stamp: dt.datetime | None, text: str, rest: str) -> bool:
        if match := _LINE.match(rest):
            self.weight += 1
            own, message = split_stamp(match["rest"])
            self.stamp = own or stamp
            mark = Mark.at(line, text, self.stamp)
            self.first = self.first or mark
            self._message(mark, match["level"], message.strip())
            return True
        if rest.strip() == _COMPLETE and self.first is not None:
            # WAL-G prints this message on the line after its own prefix.
            self.weight += 1
            self._message(Mark.at(line, text, stamp or self.stamp), "INFO", _COMPLETE)
            return True
        return self._listing(line, text)

    def _message(self, mark: Mark, level: str, message: str) -> None:
        if message.startswith(_PUSH):
            self.others.setdefault("backup-push", mark)
        elif message.startswith(_FETCH) or "failed to fetch backup" in message.lower():
            self._fetch(mark, level, message)
        elif message.startswith(_WAL_FETCH):
            self.others.setdefault("wal-fetch", mark)
        elif " fetched. Upgrading from LSN" in message and self.fetch is not None:
            self.fetch.ok = None  # a delta chain: the next base follows
        elif level in ("ERROR", "FATAL", "PANIC"):
            self.errors.append(mark)
            if self.fetch is not None:
                self.fetch.fail(mark, f"restore failed: {message}")

    def _fetch(self, mark: Mark, level: str, message: str) -> None:
        if self.fetch is None:
            self.fetch = Story("WAL-G", "WAL-G backup-fetch log", True)
            self.fetch.clear_start = message.startswith(_FETCH_START)
            self.fetch.start = mark
            for earlier in self.errors:  # errors before the first fetch line belong to it
                self.fetch.fail(earlier, f"restore failed: {earlier.text}")
        if level in ("ERROR", "FATAL", "PANIC"):
            self.fetch.fail(mark, f"restore failed: {message}")
            self.fetch.ok, self.fetch.end = False, mark
        elif message == _COMPLETE:
            self.fetch.ok, self.fetch.end = True, mark
        elif message.startswith("Finished extraction of"):
            self.parts += 1
        elif message.startswith("LATEST backup is"):
            self.backup = message.split(":", 1)[-1].strip(" '\"")[:80]
        elif message.startswith("Selecting the backup with name"):
            self.backup = message.removeprefix("Selecting the backup with name").strip(" .'\"")[:80]

    def _listing(self, line: int, text: str) -> bool:
        if _LIST_HEADER.match(text):
            self.others.setdefault("backup-list", Mark.at(line, text))
        elif not (_LIST_ROW.match(text) and "backup-list" in self.others):
            return False
        self.weight += 1
        return True

    def stories(self) -> list[Story]:
        found: list[Story] = []
        if self.fetch is not None:
            self.fetch.weight = self.weight
            self.fetch.facts = [("Parts extracted", self.parts)]
            if self.backup:
                self.fetch.facts.append(("Backup", self.backup))
            found.append(self.fetch)
        for command, mark in self.others.items():
            what = f"WAL-G {command} output" if command == "backup-list" else f"WAL-G {command} log"
            found.append(Story("WAL-G", what, False, self.weight, command=what, command_mark=mark))
        if not found and self.first is not None:
            story = Story("WAL-G", "WAL-G log", None, self.weight, command_mark=self.first)
            for error in self.errors:
                story.fail(error, f"WAL-G reported an error: {error.text}")
            found.append(story)
        return found

"""The records of a file, one at a time, with the line they start on: dicts, or CSV rows."""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast

from auditbook.inputs.readers._common import MAX_LINE, bounded_lines, cap
from auditbook.inputs.readers._jsonarray import json_records
from auditbook.inputs.readers.audit import pgaudit
from auditbook.inputs.readers.audit.families import PGAUDIT

if TYPE_CHECKING:
    from collections.abc import Iterator
    from typing import TextIO

    from auditbook.inputs.readers._common import Notes
    from auditbook.inputs.readers.audit.families import Family

# Keys under which a wrapping document keeps its records: CloudTrail, Azure, EventList; in
# the order a line holding more than one is read by (a set's order changes from run to run).
CONTAINER_KEYS = ("Records", "records", "items")
CONTAINERS = frozenset(CONTAINER_KEYS)
# A line of JSON Lines is a wrapper, not a record, when it has little besides its records.
_WRAPPER_KEYS = 4
BAD = "audit-log-bad-record"


@dataclass(frozen=True)
class Columns:
    """A CSV file's header and delimiter, which every row of the file shares."""

    header: list[str]
    delimiter: str


@dataclass
class Entry:
    """One record: where it starts, its fields, its own text if at hand, its format if known.

    A CSV row keeps its `cells` and builds its fields and text only when asked: most rows
    are resolved from their cells alone (Resolver.resolve_row), and few are ever quoted.
    """

    line: int
    fields: dict[str, Any] | None = None
    given_text: str | None = None
    family: Family | None = None
    cells: list[str] | None = None
    columns: Columns | None = None

    @property
    def record(self) -> dict[str, Any]:
        if self.fields is None:  # a CSV row's: it has cells and columns
            header = cast("Columns", self.columns).header
            self.fields = dict(zip(header, cast("list[str]", self.cells), strict=True))
        return self.fields

    @record.setter
    def record(self, fields: dict[str, Any]) -> None:
        self.fields = fields

    @property
    def text(self) -> str | None:
        if self.given_text is None and self.cells is not None and self.columns is not None:
            self.given_text = self.columns.delimiter.join(self.cells)
        return self.given_text


def entries(kind: str, stream: TextIO, notes: Notes, log: pgaudit.PgLog) -> Iterator[Entry]:
    """The records of a JSON, JSON Lines or PostgreSQL log file (a CSV file's are rows())."""
    if kind == "pglog":
        return _pglog(bounded_lines(stream), notes, log)
    if kind == "jsonl":
        return _jsonl(bounded_lines(stream), notes)
    return _objects(json_records(stream, CONTAINERS), notes)


def rows(stream: TextIO, notes: Notes, delimiter: str) -> Iterator[tuple[int, list[str]]]:
    """A CSV file's header, its names stripped, then each row as wide as the header, each
    with the line it starts on. Blank lines are skipped; other rows and a file the csv module
    cannot parse are noted as they are met, so findings keep file order."""
    if csv.field_size_limit() < MAX_LINE:
        csv.field_size_limit(MAX_LINE)
    reader = csv.reader(bounded_lines(stream), delimiter=delimiter)
    width = -1  # the header's, once it is met
    start = 1
    try:
        for row in reader:
            line, start = start, reader.line_num + 1
            # The common case first; a blank line is a row of no cell, or of one empty cell.
            if len(row) == width and (width > 1 or row != [""]):
                yield line, row
            elif not row or row == [""]:
                continue
            elif width < 0:
                width = len(row)
                yield line, [name.strip() for name in row]
            else:
                notes.error(BAD, f"record has {len(row)} field(s), the header has {width}", line)
    except csv.Error as exc:
        notes.error(BAD, f"cannot parse CSV: {exc}; reading stopped", start)


def _pglog(lines: Iterator[str], notes: Notes, log: pgaudit.PgLog) -> Iterator[Entry]:
    for entry in pgaudit.entries(lines, log):
        if entry.record is None:
            notes.error(BAD, entry.problem, entry.line)
        else:
            yield Entry(entry.line, entry.record, entry.text, PGAUDIT)


def _jsonl(lines: Iterator[str], notes: Notes) -> Iterator[Entry]:
    for number, text in enumerate(lines, start=1):
        if not text.strip():
            continue
        try:
            value = json.loads(text)
        except json.JSONDecodeError as exc:
            notes.error(BAD, f"invalid JSON: {exc.msg}", number)
        except (ValueError, RecursionError) as exc:  # a 5000-digit number, deep nesting
            notes.error(BAD, f"invalid JSON: {cap(exc, 80)}", number)
        else:
            items = _wrapped(value)
            if items is not None:
                yield from _objects(((number, item) for item in items), notes)
            elif isinstance(value, dict):  # as _objects() would, without a generator a line
                yield Entry(number, value, text)
            else:
                notes.error(BAD, "record is not a JSON object", number)


def _wrapped(value: object) -> list[Any] | None:
    if not isinstance(value, dict) or len(value) > _WRAPPER_KEYS:
        return None
    for key in CONTAINER_KEYS:
        items = value.get(key)
        if isinstance(items, list):
            return items
    return None


def _objects(
    values: Iterator[tuple[int, object]], notes: Notes, text: str | None = None
) -> Iterator[Entry]:
    for line, value in values:
        if isinstance(value, dict):
            yield Entry(line, value, text)
        else:
            notes.error(BAD, "record is not a JSON object", line)

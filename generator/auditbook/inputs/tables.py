"""Table checklists: a row per task, a column saying where it stands (opt-in per page).

Many checklists are tables: `| Task | Status |` with `✅`, `❌`, `[x]` or "In progress" in
the status column. A page opts in to have their rows read as items, by writing

    <!-- auditbook: tables -->

anywhere in it (invisible on GitHub and on the site). Opting in keeps a page's tables of
facts (a port list, a glossary) from turning into tasks. A table is a checklist when one
column is its status: a header named like one (Status, State, Done, 状态, وضعیت, Trạng
thái...) or a column whose filled cells are all states. Each body row whose task cell is
not empty is an item on the row's line, with the state as the author's stated status
(`[x]` is a ticked box; see inputs/stated for the rest). A page that has such a table and
has not opted in gets a finding that suggests it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING

from auditbook.domain.findings import Finding, Level
from auditbook.domain.model import Claim, Stated
from auditbook.inputs.stated import DEFAULT_VOCABULARY, Vocabulary, read_stated

if TYPE_CHECKING:
    from markdown_it.token import Token

TABLES_MARKER = re.compile(r"<!--[ \t]*auditbook:[ \t]*tables[ \t]*-->")
STATUS_HEADERS = frozenset(
    ("status", "state", "done", "complete", "completed", "progress", "result", "✓", "✔", "✅")
) | frozenset(("状态", "完成", "进度", "وضعیت", "trạng thái", "tình trạng", "hoàn thành"))
_TABLE_WORDS = (("yes", Claim.DONE), ("no", Claim.NOT_DONE), ("todo", Claim.NOT_DONE))
_PERCENT = re.compile(r"^(?P<n>\d{1,3})[ \t]*%[ \t]*(?:complete|completed|done)?$", re.IGNORECASE)
_CELL_SPLIT = re.compile(r"(?<!\\)\|")


@dataclass(frozen=True)
class TableRow:
    """A body row of a table checklist: its 1-based line, task text and state cell."""

    line: int
    text_column: int
    text: str
    state: str


def cell_state(
    cell: str, vocabulary: Vocabulary = DEFAULT_VOCABULARY
) -> tuple[bool, Stated | None] | None:
    """(ticked, claim) of a status cell; None when the cell says no state at all."""
    cell = unicodedata.normalize("NFC", cell.strip())
    if cell.lower() in ("[x]", "[ ]"):
        return cell.lower() == "[x]", None
    bare = cell.replace("\ufe0f", "")
    marks = dict(vocabulary.marks)
    if bare in marks:
        return False, Stated(marks[bare], cell)
    words = {w.lower(): c for w, c in (*vocabulary.words, *_TABLE_WORDS)}
    claim = words.get(cell.lower().rstrip("."))
    percent = _PERCENT.match(cell)
    if claim is None and percent is not None:
        claim = Claim.DONE if int(percent["n"]) >= 100 else Claim.IN_PROGRESS
    if claim is not None:
        return False, Stated(claim, cell)
    spellings = "|".join(re.escape(s) for s in vocabulary.not_applicable)
    reason = r"(?:[ \t]*[-:,\u2013\u2014][ \t]*(?P<why>.+)|[ \t]*\((?P<paren>.+)\))?"
    na = re.fullmatch(rf"(?P<mark>{spellings}){reason}", cell)
    if na is not None:
        return False, Stated(
            Claim.NOT_APPLICABLE, na["mark"], (na["why"] or na["paren"] or "").strip() or None
        )
    _, stated = read_stated(f"{cell} x" if cell else cell, vocabulary)  # `✅ Done`
    if stated is None:
        _, stated = read_stated(f"x {cell}", vocabulary)
    return (False, stated) if stated is not None else None


def _cells(tokens: list[Token], start: int) -> tuple[list[tuple[int, list[str]]], int]:
    """The rows of the table opening at `start` as (line, cells), and the index past it."""
    rows: list[tuple[int, list[str]]] = []
    index = start
    while index < len(tokens) and tokens[index].type != "table_close":
        token = tokens[index]
        if token.type == "tr_open":
            rows.append(((token.map[0] + 1) if token.map else 0, []))
        elif token.type == "inline" and rows:
            rows[-1][1].append(token.content.strip())
        index += 1
    return rows, index


def _status_columns(header: list[str], body: list[list[str]], vocabulary: Vocabulary) -> list[int]:
    """The columns that say a state: named like a status, or all their filled cells states."""
    if len(header) < 2:
        return []
    found = []
    for column, name in enumerate(header):
        filled = [row[column] for row in body if column < len(row) and row[column].strip()]
        named = name.strip().strip("*_").lower() in STATUS_HEADERS
        if named or (filled and all(cell_state(cell, vocabulary) is not None for cell in filled)):
            found.append(column)
    named_first = [c for c in found if header[c].strip().strip("*_").lower() in STATUS_HEADERS]
    return named_first + [c for c in found if c not in named_first]


def table_rows(
    tokens: list[Token], start: int, vocabulary: Vocabulary = DEFAULT_VOCABULARY
) -> tuple[list[TableRow], list[str]]:
    """The task rows of the table at `start` (a `table_open`), read from its first status
    column, and the headers of its status columns, the one read first ([] and [] if none)."""
    rows, _ = _cells(tokens, start)
    if len(rows) < 2:
        return [], []
    header, body = rows[0][1], rows[1:]
    columns = _status_columns(header, [cells for _, cells in body], vocabulary)
    text_column = next((c for c in range(len(header)) if c not in columns), None)
    if not columns or text_column is None:
        return [], []
    status = columns[0]
    found = [
        TableRow(
            line, text_column, cells[text_column], cells[status] if status < len(cells) else ""
        )
        for line, cells in body
        if text_column < len(cells) and cells[text_column].strip()
    ]
    return found, [header[c] for c in columns]


def more_columns_finding(path: str, line: int, read: str, others: list[str]) -> Finding:
    names = ", ".join(repr(name) for name in others)
    message = (
        f"only the status column {read!r} of this table is read; {names} also "
        f"{'holds' if len(others) == 1 else 'hold'} states "
        "(one table per status column makes each an item)"
    )
    return Finding(Level.WARNING, "checklist-table-columns", message, path, line)


def unread_table_finding(path: str, line: int, rows: int) -> Finding:
    message = (
        f"this table looks like a checklist ({rows} row{'' if rows == 1 else 's'} with a "
        "status column); to count its rows as items, write <!-- auditbook: tables --> on "
        "the page"
    )
    return Finding(Level.INFO, "checklist-table-not-read", message, path, line)


def decorate_row(line: str, column: int, before: str, after: str, clean: re.Pattern[str]) -> str:
    """A table row's line with its task cell wrapped in an item's HTML (`clean` strips
    what readers should not see, such as the item's attributes)."""
    parts = _CELL_SPLIT.split(line)
    index = column + (1 if line.lstrip().startswith("|") else 0)
    if index >= len(parts):
        return line
    parts[index] = f" {before}{clean.sub('', parts[index].strip()).rstrip()}{after} "
    return "|".join(parts)

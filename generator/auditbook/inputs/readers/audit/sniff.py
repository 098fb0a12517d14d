"""Tell from the first kilobytes what a file is, whatever its name ends with."""

from __future__ import annotations

import csv
import json
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from auditbook.inputs.readers._common import open_text
from auditbook.inputs.readers.audit.pgaudit import AUDIT_MARK, PG_LINE

if TYPE_CHECKING:
    from pathlib import Path

HEAD = 64 * 1024
CSV_DELIMITERS = ",;\t|"
_MARKUP = re.compile(r"<(?:\?xml|!DOCTYPE|[A-Za-z])", re.IGNORECASE)
_NAME = re.compile(r"^[A-Za-z_@$#][\w@$#.()/ -]{0,63}$")

# Files people hand in as audit logs that are something else, by their first bytes.
_MAGIC = (
    ("PK\x03\x04", "a ZIP archive (an .xlsx workbook?); export the log as CSV or JSON"),
    ("%PDF", "a PDF document"),
    ("\x1f\ufffd", "a gzip-compressed file; decompress it first"),
    ("\x1f\x8b", "a gzip-compressed file; decompress it first"),
)
_PROSE = (
    (re.compile(r"\bpgBackRest\b|\bP\d\d +(?:INFO|WARN|ERROR|DETAIL):"), "a pgBackRest log"),
    (re.compile(r"\bpg_restore:"), "a pg_restore log"),
    (re.compile(r"BUSINESS ASSOCIATE", re.IGNORECASE), "an agreement (a BAA?)"),
    (re.compile(r"^#{1,6} \S", re.MULTILINE), "a Markdown document"),
)


@dataclass(frozen=True)
class Sniffed:
    """The file's format (`json`, `jsonl`, `csv`, `pglog`), or why it is none of them."""

    format: str = ""
    why_not: str = ""
    delimiter: str = ","


def sniff(path: Path) -> Sniffed:
    with open_text(path) as stream:
        head = stream.read(HEAD)
    text = head.lstrip("\x00 \t\r\n\ufeff")
    if not text:
        return Sniffed()
    for magic, what in _MAGIC:
        if head.startswith(magic):
            return Sniffed(why_not=what)
    if text[0] == "[":
        return Sniffed("json")
    if text[0] == "{":
        return Sniffed(_json_kind(text))
    if _pg_log(head):
        return Sniffed("pglog")
    if _MARKUP.match(text):
        return Sniffed(why_not="an XML or HTML document")
    delimiter = _csv_delimiter(text)
    if delimiter:
        return Sniffed("csv", delimiter=delimiter)
    for pattern, what in _PROSE:
        if pattern.search(head):
            return Sniffed(why_not=what)
    return Sniffed(why_not="text that is not JSON, CSV or a PostgreSQL log")


def _pg_log(head: str) -> bool:
    """Whether the head holds a pgaudit mark or a PostgreSQL log line. Both patterns open
    with a word boundary, so a search tries them at every position: the text each must
    hold is looked for first (a fast substring search), and most files stop there."""
    return ("AUDIT: " in head and AUDIT_MARK.search(head) is not None) or (
        ":  " in head and PG_LINE.search(head) is not None
    )


def _json_kind(text: str) -> str:
    """JSON Lines when the first line is a whole record; else one (pretty-printed) document."""
    first, newline, rest = text.partition("\n")
    if not newline or not rest.strip():
        return "json"
    try:
        json.loads(first)
    except (ValueError, RecursionError):
        return "json"
    return "jsonl"


def _csv_delimiter(text: str) -> str:
    first = text.split("\n", 1)[0].rstrip("\r")
    best, cells = "", 1
    for delimiter in CSV_DELIMITERS:
        try:
            row = next(csv.reader([first], delimiter=delimiter), [])
        except csv.Error:
            continue
        names = [cell.strip() for cell in row]
        if len(names) > cells and all(_NAME.match(name) for name in names):
            best, cells = delimiter, len(names)
    return best

"""An agreement's text, bounded, as lines and as sentences that keep where they were written.

Sentences are what the BAA reader matches a provision against: two keywords count
together only when one sentence holds both, so a heading, a definition or a training
clause elsewhere in the document cannot satisfy a provision by accident.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from auditbook.inputs.readers._common import LineTooLong, Notes, bounded_lines, cap, open_text

if TYPE_CHECKING:
    from pathlib import Path

# A BAA is a few pages: more text than this is not read.
MAX_CHARS = 500_000
MAX_PAGES = 200
# A "sentence" longer than this (a CSV, a log) is cut at a line boundary.
MAX_SENTENCE = 2_000

_MARKUP = re.compile(r"\*\*|`|^\s*#{1,6}\s+|^\s*>+\s?|\s#{1,6}\s*$|<br\s*/?>", re.IGNORECASE)
_ITEM = re.compile(
    r"^\s*(?:[-*+•]\s+|\d{1,3}(?:\.\d{1,3})*[.)]\s+|\d{1,3}(?:\.\d{1,3})+\s+(?=[A-Z])"
    r"|\(?[a-z]{1,4}\)\s+|[A-Z]\.\s+)",
)
_LABEL = re.compile(r"^\s*[A-Za-z][\w ./'\u2019]{0,40}:\s*\S")
_HEADING_WORDS = 10
# A "sentence" this short before its full stop is a list number ("1.", "8.2.").
_MARKER = 5
_SMALL = frozenset(
    ["a", "an", "and", "as", "at", "by", "for", "in", "of", "on", "or", "the", "to", "with"]
)
# A full stop ends a sentence unless it closes an abbreviation ("C.F.R.", "P.C.", "Inc.").
_END = re.compile(
    r"(?<=[.;!?])[\"'\u201d\u2019)]*\s+(?=[\"\u201c(\[]?[A-Z0-9§]|\([a-z0-9]{1,4}\)\s)"
)
_ABBREVIATIONS = frozenset(
    [
        "inc",
        "corp",
        "co",
        "ltd",
        "no",
        "nos",
        "sec",
        "secs",
        "art",
        "mr",
        "ms",
        "mrs",
        "dr",
        "st",
        "vs",
        "v",
        "seq",
        "al",
        "approx",
        "dept",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "fig",
        "para",
        "pp",
        "cf",
    ]
)
_DOTTED = re.compile(r"(?:[A-Za-z]\.)+[A-Za-z]?$")


@dataclass(frozen=True)
class Doc:
    """The lines of an agreement; for a PDF, the page each line came from."""

    lines: tuple[str, ...]
    pages: tuple[int, ...] | None = None

    def line(self, index: int) -> int | None:
        """The line number to show for a line: None in a PDF, where lines are not the file's."""
        return None if self.pages is not None else index + 1

    def where(self, index: int) -> str:
        """A prefix for quotes from a PDF, so a reviewer finds the page."""
        return f"p. {self.pages[index]}: " if self.pages is not None else ""

    @property
    def words(self) -> int:
        return sum(len(line.split()) for line in self.lines)


@dataclass(frozen=True)
class Sentence:
    """One sentence (or clause, heading, field) and the index of the line it starts on."""

    index: int
    text: str
    heading: bool = False


def read_doc(path: Path, notes: Notes) -> Doc | None:
    """The text of a PDF or a text file; None (with an error finding) when it cannot be read."""
    if _is_pdf(path):
        return _pdf_doc(path, notes)
    return _plain_doc(path, notes)


def _is_pdf(path: Path) -> bool:
    if path.suffix.lower() == ".pdf":
        return True
    with path.open("rb") as stream:
        return stream.read(5) == b"%PDF-"


def _pdf_doc(path: Path, notes: Notes) -> Doc | None:
    from pypdf import PdfReader

    lines: list[str] = []
    pages: list[int] = []
    size = 0
    try:
        reader = PdfReader(path)
        count = len(reader.pages)
        for number, page in enumerate(reader.pages, start=1):
            text = (page.extract_text() or "")[:MAX_CHARS]
            for line in text.splitlines():
                lines.append(line)
                pages.append(number)
            size += len(text)
            if size > MAX_CHARS or number >= MAX_PAGES:
                notes.warning("baa-too-long", f"only the first {number} page(s) read")
                break
    except Exception as exc:  # pypdf raises many kinds on broken files; none may escape.
        notes.error("baa-unreadable", f"cannot read PDF: {cap(exc) or type(exc).__name__}")
        return None
    notes.fact("Format", f"PDF, {count} page(s)")
    return Doc(tuple(lines), tuple(pages))


def _plain_doc(path: Path, notes: Notes) -> Doc | None:
    lines: list[str] = []
    size = 0
    with open_text(path) as stream:
        try:
            for line in bounded_lines(stream, limit=MAX_CHARS):
                lines.append(line.rstrip("\r\n"))
                size += len(line)
                if size > MAX_CHARS:
                    notes.warning("baa-too-long", f"only the first {MAX_CHARS} characters read")
                    break
        except LineTooLong as exc:
            notes.error("baa-unreadable", f"{exc}: not a text agreement", exc.line)
            return None
    notes.fact("Format", "text")
    return Doc(tuple(lines))


def clean(line: str) -> str:
    """A line without Markdown emphasis, heading marks and table bars, spaces collapsed."""
    text = _MARKUP.sub(" ", line).replace("|", " ; ")
    return " ".join(text.split())


def sentences(doc: Doc) -> list[Sentence]:
    """The document as sentences; headings, list items and fields each start a new one."""
    found: list[Sentence] = []
    buffer: list[tuple[int, str]] = []

    def flush() -> None:
        found.extend(_split(buffer))
        buffer.clear()

    for index, raw in enumerate(doc.lines):
        text = clean(raw)
        if not text or raw.lstrip().startswith("|"):
            flush()
            if text:
                found.append(Sentence(index, text))
            continue
        if is_heading(raw, text) and not _continues(buffer, raw):
            flush()
            found.append(Sentence(index, text, heading=True))
            continue
        if _ITEM.match(text) or _LABEL.match(text) or sum(len(t) for _, t in buffer) > MAX_SENTENCE:
            flush()
        buffer.append((index, text))
    flush()
    return found


def _continues(buffer: list[tuple[int, str]], raw: str) -> bool:
    """A short line that carries on an unfinished sentence ("... an obligation of" / "Covered")."""
    if not buffer or raw.lstrip().startswith("#"):
        return False
    last = buffer[-1][1]
    return last[-1] not in ".;:!?)" and not _LABEL.match(last)


def is_heading(raw: str, text: str) -> bool:
    """A Markdown heading, or a short title-case line without closing punctuation."""
    if raw.lstrip().startswith("#"):
        return True
    if text[-1] in ".;:,)" or _LABEL.match(text):
        return False
    words = _ITEM.sub("", text).split()
    if not words or len(words) > _HEADING_WORDS:
        return False
    long_words = [word for word in words if word.isalpha() and word.lower() not in _SMALL]
    return bool(long_words) and all(word[0].isupper() for word in long_words)


def _split(buffer: list[tuple[int, str]]) -> list[Sentence]:
    """Sentences of one paragraph, each with the index of the line it starts on."""
    if not buffer:
        return []
    starts: list[tuple[int, int]] = []
    parts: list[str] = []
    offset = 0
    for index, text in buffer:
        starts.append((offset, index))
        parts.append(text)
        offset += len(text) + 1
    joined = " ".join(parts)
    cuts = [0]
    for match in _END.finditer(joined):
        word = joined[: match.start()].rsplit(None, 1)[-1] if match.start() else ""
        stem = word.rstrip(".;!?\"'\u201d\u2019)").lower()
        if word.endswith(".") and (stem in _ABBREVIATIONS or _DOTTED.search(word[:-1])):
            continue
        if len(joined[cuts[-1] : match.start()].strip()) <= _MARKER:  # "1." of a list item
            continue
        cuts.append(match.end())
    cuts.append(len(joined))
    result = []
    for start, end in itertools.pairwise(cuts):
        text = joined[start:end].strip()
        if text:
            line = max(index for begin, index in starts if begin <= start)
            result.append(Sentence(line, text))
    return result

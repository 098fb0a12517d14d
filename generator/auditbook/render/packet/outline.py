"""The book's bookmarks: each piece's, read while it is open, written once at the end."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import pikepdf

if TYPE_CHECKING:
    from auditbook.render.packet.copier import Copier
    from auditbook.render.packet.pdfout import PdfOut


@dataclass
class Mark:
    """One bookmark: its title and target as the book writes them, and its children."""

    title: bytes
    target: bytes  # "/Dest ..." or "/A ...", pointing into the book; empty if neither
    closed: bool
    children: list[Mark] = field(default_factory=list)


def read_marks(piece: pikepdf.Pdf, copier: Copier) -> list[Mark]:
    """The piece's bookmarks, their destinations renumbered (its pages must be numbered)."""
    outlines = piece.Root.get("/Outlines")
    if not isinstance(outlines, pikepdf.Dictionary):
        return []
    return _marks(outlines.get("/First"), copier, set())


def _marks(item: object, copier: Copier, seen: set[tuple[int, int]]) -> list[Mark]:
    """The bookmarks of one level, from its first on, with theirs (each one once)."""
    found = []
    while isinstance(item, pikepdf.Dictionary):
        if item.is_indirect:
            if item.objgen in seen:  # a loop
                break
            seen.add(item.objgen)
        title = copier.value(item.Title) if "/Title" in item else b"()"
        target = b""
        for key in ("/Dest", "/A"):
            if key in item:
                target = key.encode("ascii") + b" " + copier.value(item[key])
                break
        closed = int(item.get("/Count", 0)) < 0
        found.append(Mark(title, target, closed, _marks(item.get("/First"), copier, seen)))
        item = item.get("/Next")
    return found


def write_outline(out: PdfOut, marks: list[Mark]) -> int | None:
    """The outline's root object (None if there are no bookmarks)."""
    if not marks:
        return None
    root = out.reserve()
    count, first, last = _level(out, root, marks)
    out.object(root, b"<< /Count %d /First %d 0 R /Last %d 0 R >>" % (count, first, last))
    return root


def _level(out: PdfOut, parent: int, marks: list[Mark]) -> tuple[int, int, int]:
    """(visible bookmarks, first, last) of one level, written with all below it."""
    numbers = [out.reserve() for _ in marks]
    visible = len(marks)
    for index, (mark, number) in enumerate(zip(marks, numbers, strict=True)):
        parts = [b"/Title " + mark.title, b"/Parent %d 0 R" % parent]
        if mark.target:
            parts.append(mark.target)
        if index:
            parts.append(b"/Prev %d 0 R" % numbers[index - 1])
        if index + 1 < len(numbers):
            parts.append(b"/Next %d 0 R" % numbers[index + 1])
        below = 0
        if mark.children:
            below, first, last = _level(out, number, mark.children)
            parts.append(b"/First %d 0 R /Last %d 0 R" % (first, last))
        parts.append(b"/Count %d" % (-below if mark.closed else below))
        visible += 0 if mark.closed else below
        out.object(number, b"<< " + b" ".join(parts) + b" >>")
    return visible, numbers[0], numbers[-1]

"""One piece's objects copied into the output, renumbered, as they are read.

Each object is read from the piece (pikepdf: qpdf's own text of it, and a stream's data as
it is stored, still encoded) and written at once under its number in the book. References
are renumbered in that text; a reference to an object not seen yet gives it the next number
and puts it on the list of objects still to copy, so only what is reachable is copied, once.
Some of the piece's objects are the book's (its page tree, its structure tree's root and
Document element): references to them are given, and they are never copied. Some are
edited on the way (a page's numbers and contents): their edits are given by key.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import TYPE_CHECKING

import pikepdf

from auditbook.domain.errors import PacketError

if TYPE_CHECKING:
    from auditbook.render.packet.pdfout import PdfOut

# In qpdf's text of an object, a reference is "N G R"; the same text may be in a literal
# string, which is left as it is (qpdf escapes every parenthesis in a string, and writes a
# hexadecimal string with nothing but hexadecimal digits in it).
_STRING = re.compile(rb"(\((?:[^\\)]|\\.)*\))", re.DOTALL)
_REFERENCE = re.compile(rb"(?<![\w.])(\d+ \d+ R)\b")
Edits = dict[str, bytes | None]  # key -> its new value, already renumbered (None: removed)


def ref(objgen: tuple[int, int]) -> bytes:
    """A reference as qpdf writes it in an object's text."""
    return b"%d %d R" % objgen


def scalar(value: object) -> bytes:
    """The text of a value pikepdf gives as a Python one (in its default, implicit mode)."""
    if value is None:
        return b"null"
    if isinstance(value, bool):
        return b"true" if value else b"false"
    if isinstance(value, int):
        return b"%d" % value
    if isinstance(value, Decimal):
        return format(value, "f").encode("ascii")
    raise PacketError(f"a piece of the packet holds a value that is not PDF: {value!r}")


def name(key: str) -> bytes:
    return bytes(pikepdf.Name(key).unparse())


class Copier:
    """The objects of one open piece, written to `out` as they are reached."""

    def __init__(self, piece: pikepdf.Pdf, out: PdfOut, given: dict[bytes, bytes]) -> None:
        self.piece = piece
        self.out = out
        self.refs = dict(given)  # reference in the piece -> reference in the book
        self.edits: dict[bytes, Edits] = {}
        self._todo: list[bytes] = []

    def renumber(self, text: bytes) -> bytes:
        """The piece's text of objects with its references the book's."""
        if b"(" not in text:
            return self._outside_strings(text)
        parts = _STRING.split(text)  # text, string, text, ..., text
        parts[::2] = [self._outside_strings(part) for part in parts[::2]]
        return b"".join(parts)

    def _outside_strings(self, text: bytes) -> bytes:
        parts = _REFERENCE.split(text)  # text, reference, text, ..., text
        refs = self.refs
        for index in range(1, len(parts), 2):
            key = parts[index]
            found = refs.get(key)
            if found is None:
                found = refs[key] = b"%d 0 R" % self.out.reserve()
                self._todo.append(key)
            parts[index] = found
        return b"".join(parts)

    def value(self, obj: object) -> bytes:
        """An object's value as it would be written in another (a reference if indirect)."""
        if isinstance(obj, pikepdf.Object):
            return self.renumber(bytes(obj.unparse()))
        return scalar(obj)

    def number(self, obj: pikepdf.Object) -> bytes:
        """The book's reference to one of the piece's indirect objects."""
        return self.renumber(ref(obj.objgen))

    def copy(self) -> None:
        """Every object reached so far written, and all they reach in turn."""
        while self._todo:
            key = self._todo.pop()
            number = int(self.refs[key].split(maxsplit=1)[0])
            num, gen, _ = key.split()
            obj = self.piece.get_object(int(num), int(gen))
            edits = self.edits.get(key)
            if isinstance(obj, pikepdf.Stream):
                entries = self.entries(obj.stream_dict, {"/Length": None})
                self.out.stream(number, entries, obj.read_raw_bytes())
            elif edits is not None:
                self.out.object(number, b"<< " + self.entries(obj, edits) + b" >>")
            else:
                self.out.object(number, self.renumber(bytes(obj.unparse(resolved=True))))

    def entries(self, dictionary: pikepdf.Object, edits: Edits) -> bytes:
        """A dictionary's keys and values, renumbered, with `edits` made, in key order."""
        if not isinstance(dictionary, pikepdf.Dictionary):
            raise PacketError(f"the packet's piece holds {dictionary!r} where a dictionary was")
        keys = sorted({*dictionary.keys(), *edits})
        pairs = []
        for key in keys:
            value = edits[key] if key in edits else self.value(dictionary[key])
            if value is not None:
                pairs.append(name(key) + b" " + value)
        return b" ".join(pairs)

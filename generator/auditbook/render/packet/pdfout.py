"""A PDF written as it goes: each object is numbered, written and forgotten.

Streams are written where they come; other objects are gathered a hundred at a time into
compressed object streams, as qpdf writes them. Only where each object lies is kept (a few
bytes an object), so that the cross-reference stream can be written last. The /ID is a
digest of everything written before it: the same objects make the same file.
"""

from __future__ import annotations

import hashlib
import zlib
from array import array
from typing import TYPE_CHECKING, BinaryIO

if TYPE_CHECKING:
    from collections.abc import Iterable

# Objects per object stream, and the size past which one is written early.
PER_OBJECT_STREAM = 100
OBJECT_STREAM_BYTES = 1 << 20
_FREE, _PLAIN, _PACKED = 0, 1, 2


class PdfOut:
    """The output file: numbers handed out, objects written in any order, xref at the end."""

    def __init__(self, sink: BinaryIO, version: str) -> None:
        self._sink = sink
        self._digest = hashlib.md5(usedforsecurity=False)
        self._position = 0
        self._count = 1  # numbers handed out; number 0 is always free
        self._kinds = bytearray()  # by object number
        self._where = array("Q")  # offset, or the object stream holding it
        self._index = array("H")  # its place in that object stream
        self._packed: list[tuple[int, bytes]] = []
        self._packed_bytes = 0
        self._write(b"%PDF-" + version.encode("ascii") + b"\n%\xe2\xe3\xcf\xd3\n")

    def reserve(self) -> int:
        """A new object number; the object itself may be written later, in any order."""
        self._count += 1
        return self._count - 1

    def object(self, number: int, body: bytes) -> None:
        """A non-stream object, written into the next object stream."""
        self._packed.append((number, body))
        self._packed_bytes += len(body)
        if len(self._packed) >= PER_OBJECT_STREAM or self._packed_bytes >= OBJECT_STREAM_BYTES:
            self._flush()

    def stream(self, number: int, entries: bytes, data: bytes) -> None:
        """A stream object, its data as given (already encoded as `entries` say)."""
        self._mark(number, _PLAIN, self._position, 0)
        self._emit(number, entries, data)

    def compressed(self, number: int, entries: bytes, chunks: Iterable[bytes]) -> None:
        """A stream of data that arrives in chunks, compressed and written as it comes:
        its length, known only at the end, is an object of its own written after it."""
        self._mark(number, _PLAIN, self._position, 0)
        length = self.reserve()
        self._write(
            b"%d 0 obj\n<< %s /Filter /FlateDecode /Length %d 0 R >>\nstream\n"
            % (number, entries, length)
        )
        written, deflate = 0, zlib.compressobj()
        for chunk in chunks:
            data = deflate.compress(chunk)
            self._write(data)
            written += len(data)
        data = deflate.flush()
        self._write(data + b"\nendstream\nendobj\n")
        self.object(length, b"%d" % (written + len(data)))

    def finish(self, root: int, info: int | None) -> None:
        """The last object stream, then the cross-reference stream and the trailer."""
        self._flush()
        number = self.reserve()
        identifier = self._digest.hexdigest().encode("ascii")
        size = self._count
        offset = self._position
        self._mark(number, _PLAIN, offset, 0)
        missing = self._kinds.find(_FREE, 1)
        if missing >= 0:  # a reference to it would read as null: a bug, said at once
            raise ValueError(f"object {missing} was numbered but never written")
        width = max(1, (max(self._where).bit_length() + 7) // 8)
        rows = bytearray(bytes(1 + width) + b"\xff\xff")  # object 0: the head of the free list
        for number in range(1, size):
            kind, where, index = self._kinds[number], self._where[number], self._index[number]
            rows += bytes((kind,)) + where.to_bytes(width, "big") + index.to_bytes(2, "big")
        entries = b"/Type /XRef /Size %d /W [ 1 %d 2 ] /Index [ 0 %d ] /Root %d 0 R" % (
            size,
            width,
            size,
            root,
        )
        if info is not None:
            entries += b" /Info %d 0 R" % info
        entries += b" /ID [ <%s> <%s> ] /Filter /FlateDecode" % (identifier, identifier)
        entries += b" /DecodeParms << /Columns %d /Predictor 12 >>" % (3 + width)
        self._emit(number, entries, zlib.compress(_up(bytes(rows), 3 + width)))
        self._write(b"startxref\n%d\n%%%%EOF\n" % offset)

    def _flush(self) -> None:
        if not self._packed:
            return
        number = self.reserve()
        offsets, bodies, at = [], [], 0
        for index, (member, body) in enumerate(self._packed):
            self._mark(member, _PACKED, number, index)
            offsets.append(b"%d %d" % (member, at))
            bodies.append(body)
            at += len(body) + 1
        head = b" ".join(offsets) + b"\n"
        data = zlib.compress(head + b"\n".join(bodies) + b"\n")
        entries = b"/Type /ObjStm /N %d /First %d /Filter /FlateDecode" % (
            len(self._packed),
            len(head),
        )
        self._packed, self._packed_bytes = [], 0
        self.stream(number, entries, data)

    def _emit(self, number: int, entries: bytes, data: bytes) -> None:
        length = b"%d" % len(data)
        self._write(b"%d 0 obj\n<< %s /Length %s >>\nstream\n" % (number, entries, length))
        self._write(data)
        self._write(b"\nendstream\nendobj\n")

    def _mark(self, number: int, kind: int, where: int, index: int) -> None:
        if number >= len(self._kinds):  # room for the numbers handed out so far
            more = self._count - len(self._kinds)
            self._kinds += bytes(more)
            self._where.extend(array("Q", bytes(8 * more)))
            self._index.extend(array("H", bytes(2 * more)))
        if self._kinds[number] != _FREE:
            raise ValueError(f"object {number} is written twice")
        self._kinds[number] = kind
        self._where[number] = where
        self._index[number] = index

    def _write(self, data: bytes) -> None:
        self._sink.write(data)
        self._digest.update(data)
        self._position += len(data)


def _up(table: bytes, width: int) -> bytes:
    """The rows of a table each written as its difference from the row above (the PNG
    "Up" predictor): offsets that grow row by row become small numbers that compress."""
    size = len(table)
    above = bytes(width) + table[:-width]
    # Byte by byte, modulo 256, all at once: each byte's top bit is set aside so that no
    # subtraction borrows from the byte before it, then put back.
    high, mask = int.from_bytes(b"\x80" * size, "big"), (1 << (8 * size)) - 1
    a, b = int.from_bytes(table, "big"), int.from_bytes(above, "big")
    difference = ((a | high) - (b & ~high & mask)) ^ ((a ^ b ^ mask) & high)
    rows = size // width
    predicted = bytearray(rows * (width + 1))
    predicted[:: width + 1] = b"\x02" * rows  # each row's filter: Up
    flat = (difference & mask).to_bytes(size, "big")
    for column in range(width):
        predicted[1 + column :: width + 1] = flat[column::width]
    return bytes(predicted)

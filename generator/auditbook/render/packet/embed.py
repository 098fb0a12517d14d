"""The packet's attachments written into the book as it is joined, from disk, a chunk at a time.

WeasyPrint would hold each attachment in memory, several times over, until its PDF is
written. Here each file goes from disk into its embedded-file stream, compressed as it is
read, and is checked on the way against the digest that was assessed. With it goes what
PDF/A-3 asks of an associated file: its MIME type, size, MD5 checksum, dates and its
relationship to the document (Data).
"""

from __future__ import annotations

import hashlib
import mimetypes
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from auditbook.render.packet.attachments import RELATIONSHIP

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Sequence

    from auditbook.render.packet.attachments import PacketFile
    from auditbook.render.packet.pdfout import PdfOut

# The standard library's own table, not the system's: the same type on every machine.
_MIME = mimetypes.MimeTypes()
# Bytes a PDF name may hold as they are; any other is written #XX.
_NAME_SAFE = frozenset(range(0x21, 0x7F)) - frozenset(b"()<>[]{}/%#")


@dataclass(frozen=True)
class Embedded:
    """One attachment written: its key in the EmbeddedFiles name tree, and its file
    specification, as the book's catalog refers to them."""

    key: bytes  # the key's bytes, which order the name tree
    entry: bytes  # the key as written, then the reference to the file specification
    spec: bytes


def embed(out: PdfOut, files: Sequence[PacketFile]) -> list[Embedded]:
    """Each file written as an embedded file and its specification; PacketError (from
    the file) when it cannot be read or is no longer the file that was assessed."""
    embedded = []
    for file in files:
        stream, spec = out.reserve(), out.reserve()
        out.compressed(stream, _stream_entries(file), _checked(file))
        name = _text_string(file.name)
        out.object(
            spec,
            b"<< /Type /Filespec /F %s /UF %s /Desc %s /EF << /F %d 0 R >> /AFRelationship %s >>"
            % (
                _hex(_ascii(file.name).encode("ascii")),
                _hex(name),
                _hex(_text_string(file.description)),
                stream,
                _pdf_name(RELATIONSHIP),
            ),
        )
        embedded.append(Embedded(name, _hex(name) + b" %d 0 R" % spec, b"%d 0 R" % spec))
    return embedded


def _checked(file: PacketFile) -> Iterator[bytes]:
    """The file's chunks, then a check that they were the bytes assessed."""
    digest = hashlib.sha256()
    for chunk in file.chunks():
        digest.update(chunk)
        yield chunk
    if digest.hexdigest() != file.sha256:
        raise file.changed(digest.hexdigest())


def _stream_entries(file: PacketFile) -> bytes:
    mime = _MIME.guess_type(file.name, strict=False)[0] or "application/octet-stream"
    date = _date(file.date)
    return b"/Type /EmbeddedFile /Subtype %s /Params << /CheckSum <%s> /Size %d " % (
        _pdf_name(mime),
        file.md5.encode("ascii"),
        file.size,
    ) + b"/CreationDate %s /ModDate %s >>" % (date, date)


def _date(moment: dt.datetime) -> bytes:
    return b"(D:%sZ)" % moment.strftime("%Y%m%d%H%M%S").encode("ascii")


def _text_string(text: str) -> bytes:
    """A PDF text string's bytes: printable ASCII as it is, anything else UTF-16 with its
    byte-order mark (PDFDocEncoding differs from ASCII below 0x20)."""
    if text.isascii() and text.isprintable():
        return text.encode("ascii")
    return b"\xfe\xff" + text.encode("utf-16-be", errors="replace")


def _hex(data: bytes) -> bytes:
    """A string written in hexadecimal: nothing in it can end it early."""
    return b"<" + data.hex().encode("ascii") + b">"


def _ascii(text: str) -> str:
    """A file name for the /F entry, which older readers take as bytes: ASCII only."""
    return "".join(c if c.isascii() and c.isprintable() else "_" for c in text)


def _pdf_name(text: str) -> bytes:
    """A PDF name: `/` then each byte a name may hold, any other written #XX."""
    return b"/" + b"".join(
        bytes((byte,)) if byte in _NAME_SAFE else b"#%02X" % byte for byte in text.encode("utf-8")
    )

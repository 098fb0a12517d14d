"""The numbering laid over the book's pages: each numbering page a form, drawn last.

Every page of the book is drawn between a shared `q` and a stream of its own that restores
the graphics state and draws its numbering page, a form named /AuditbookPage<n> in the
page's resources (the same name every time). The numbers of those objects are handed out
while the pages are copied; the forms and the streams are written once the numbering runs
are read, last, one run at a time.
"""

from __future__ import annotations

import io
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pikepdf

from auditbook.domain.errors import PacketError
from auditbook.render.packet.copier import Copier

if TYPE_CHECKING:
    from auditbook.render.packet.pdfout import PdfOut

HEAD = b"q\n"
Box = tuple[float, float, float, float]


@dataclass(frozen=True)
class Slot:
    """Where one page of the book gets its numbering: the form and the stream drawing it."""

    name: str
    form: int
    tail: int
    trim: Box


def box(page: pikepdf.Page) -> Box:
    llx, lly, urx, ury = (float(value) for value in page.trimbox)
    return (min(llx, urx), min(lly, ury), max(llx, urx), max(lly, ury))


def placement(name: str, form: Box, page: Box) -> bytes:
    """The form drawn centred on the page's trim box, shrunk to fit if it is larger (what
    qpdf's placement of a form XObject computes for a page that is not rotated)."""
    width, height = form[2] - form[0], form[3] - form[1]
    if width <= 0 or height <= 0:
        raise PacketError("a page of the packet's numbering has an empty trim box")
    scale = min(1.0, (page[2] - page[0]) / width, (page[3] - page[1]) / height)
    tx = (page[0] + page[2]) / 2 - scale * (form[0] + form[2]) / 2
    ty = (page[1] + page[3]) / 2 - scale * (form[1] + form[3]) / 2
    matrix = " ".join(_number(value) for value in (scale, 0, 0, scale, tx, ty))
    return f"\nQ\nq\n{matrix} cm\n{name} Do\nQ\n".encode("ascii")


def _number(value: float) -> str:
    text = f"{value:.5f}".rstrip("0").rstrip(".")
    return "0" if text in {"", "-0"} else text


def write_numbering(out: PdfOut, slots: Sequence[Slot], numbering: Sequence[bytes]) -> None:
    """Each page of the numbering runs written as the form of the book's page it numbers."""
    count = 0
    for run in numbering:
        count = _write_run(out, run, slots, count)
    if count != len(slots):
        message = f"the page numbers cover {count} pages, the packet has {len(slots)}"
        raise PacketError(message)


def _write_run(out: PdfOut, run: bytes, slots: Sequence[Slot], count: int) -> int:
    """One run's pages written from page `count` of the book on; the count after it.
    The run is gone on return, before the next one is opened."""
    with pikepdf.open(io.BytesIO(run)) as piece:
        copier = Copier(piece, out, {})
        for page in piece.pages:
            if count < len(slots):
                _write_form(copier, page, slots[count])
            count += 1
        copier.copy()
    return count


def _write_form(copier: Copier, page: pikepdf.Page, slot: Slot) -> None:
    bbox = copier.renumber(bytes(page.trimbox.unparse(resolved=True)))
    entries = [b"/Type /XObject /Subtype /Form", b"/BBox " + bbox]
    for key in ("/Resources", "/Group"):
        if key in page.obj:
            entries.append(key.encode("ascii") + b" " + copier.value(page.obj[key]))
    contents = page.obj.get("/Contents")
    if isinstance(contents, pikepdf.Stream):  # written as it is stored, still encoded
        data = contents.read_raw_bytes()
        coding = contents.stream_dict
        entries += [
            k.encode("ascii") + b" " + copier.value(coding[k]) for k in _FILTERS if k in coding
        ]
    else:
        streams = list(contents) if isinstance(contents, pikepdf.Array) else []
        data = zlib.compress(b"\n".join(stream.read_bytes() for stream in streams))
        entries.append(b"/Filter /FlateDecode")
    copier.out.stream(slot.form, b" ".join(part for part in entries if part), data)
    copier.out.stream(slot.tail, b"", placement(slot.name, box(page), slot.trim))


_FILTERS = ("/Filter", "/DecodeParms")

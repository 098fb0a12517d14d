"""The pieces of a packet joined into one PDF/A-3: pages, tags, links, bookmarks, numbers.

The join streams: one piece is open at a time, and each of its objects is written to the
book as it is read, renumbered (copier.py, pdfout.py), then the piece is closed. What
makes the pieces one book is gathered on the way, small, and written last:
- the front's catalog (metadata, output intent, language) and document info;
- one page tree holding every page;
- one structure tree (tags.py): each chapter's elements under the front's Document
  element, the parent-tree keys of its pages and links renumbered after the front's;
- the named destinations of the ids each piece really holds (a chapter also holds empty
  stand-ins for ids elsewhere, which are dropped), so a link from any piece lands where
  the id is;
- every piece's bookmarks, pointing at its pages in the book (outline.py);
- last, the numbering (the page-margin boxes that show page numbers, printed on a blank
  document as long as the book) laid over every page (overlay.py);
- then the attachments, each read from disk as it is written (embed.py), listed with any
  the front had in the catalog's EmbeddedFiles and associated files (/AF).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, BinaryIO

import pikepdf

from auditbook.domain.errors import PacketError
from auditbook.domain.memory import give_back_freed_memory
from auditbook.render.packet.copier import Copier, Edits, ref
from auditbook.render.packet.embed import Embedded, embed
from auditbook.render.packet.outline import Mark, read_marks, write_outline
from auditbook.render.packet.overlay import HEAD, Slot, box, write_numbering
from auditbook.render.packet.pdfout import PdfOut
from auditbook.render.packet.tags import Tags

if TYPE_CHECKING:
    from auditbook.render.packet.attachments import PacketFile

# Page attributes a page may take from its page tree, which the book's does not give.
INHERITED = ("/Resources", "/MediaBox", "/CropBox", "/Rotate")
_BOOK_KEYS = ("/Type", "/Pages", "/StructTreeRoot", "/Names", "/Outlines", "/AF")


@dataclass(frozen=True)
class Part:
    """One piece's PDF and the ids it really holds."""

    pdf: bytes
    ids: frozenset[str]


def assemble(
    sink: BinaryIO,
    front: Part,
    chapters: Sequence[Part],
    numbering: Sequence[bytes] = (),
    files: Sequence[PacketFile] = (),
) -> None:
    """Write one PDF of the front, then the chapters, then the attachments (read from disk
    as they are written) to `sink`, byte for byte the same every time.

    The memory the join holds is that of its largest piece: the book goes to `sink` as it
    is written, and an attachment a chunk at a time.
    """
    try:
        _join(sink, front, chapters, numbering, files)
    except OSError as error:
        raise PacketError(f"the packet could not be joined: {error}") from error
    finally:
        give_back_freed_memory()


def _join(
    sink: BinaryIO,
    front: Part,
    chapters: Sequence[Part],
    numbering: Sequence[bytes],
    files: Sequence[PacketFile],
) -> None:
    with pikepdf.open(io.BytesIO(front.pdf)) as piece:
        out = PdfOut(sink, str(piece.pdf_version))
        book = _Book(out, overlay=bool(numbering), tagged="/StructTreeRoot" in piece.Root)
        book.add(piece, front.ids, front=True)
    del piece  # qpdf lets go of a piece's objects only when the piece itself goes
    for chapter in chapters:
        _add(book, chapter)
    if numbering:
        write_numbering(out, book.slots, numbering)
    book.attached += embed(out, files)
    book.finish()


def _add(book: _Book, part: Part) -> None:
    """One chapter joined; the piece is gone on return, before the next one is opened."""
    with pikepdf.open(io.BytesIO(part.pdf)) as piece:
        book.add(piece, part.ids)


class _Book:
    """What the pieces so far make of the book, beyond the objects already written."""

    def __init__(self, out: PdfOut, *, overlay: bool, tagged: bool) -> None:
        self.out = out
        self.catalog = out.reserve()
        self.pages = out.reserve()
        self.tags = Tags(out) if tagged else None
        self.head: int | None = None
        if overlay:
            self.head = out.reserve()
            out.stream(self.head, b"", HEAD)
        self.page_refs: list[bytes] = []
        self.slots: list[Slot] = []
        self.dests: list[tuple[bytes, bytes]] = []  # (name as stored, name and destination)
        self.marks: list[Mark] = []
        self.catalog_entries = b""
        self.names_entries = b""
        self.attached: list[Embedded] = []
        self.info: int | None = None

    def add(self, piece: pikepdf.Pdf, ids: frozenset[str], *, front: bool = False) -> None:
        """The piece's objects written, and what the book needs of it kept."""
        given = {ref(piece.Root.objgen): b"%d 0 R" % self.catalog}
        for page in piece.pages:
            parent = page.obj.get("/Parent")
            if parent is not None and parent.is_indirect:
                given[ref(parent.objgen)] = b"%d 0 R" % self.pages
        if self.tags is not None:
            given.update(self.tags.given(piece))
        copier = Copier(piece, self.out, given)
        self._pages(piece, copier)
        if front:
            self._front(piece, copier)
        if self.tags is not None:
            self.tags.add(piece, copier, front=front)
        self._destinations(piece, copier, ids)
        self.marks += read_marks(piece, copier)
        copier.copy()

    def _front(self, piece: pikepdf.Pdf, copier: Copier) -> None:
        """The front's catalog entries, attachments and document info: the book's."""
        self.catalog_entries = copier.entries(piece.Root, dict.fromkeys(_BOOK_KEYS))
        names = piece.Root.get("/Names")
        if isinstance(names, pikepdf.Dictionary):
            self.names_entries = copier.entries(names, {"/Dests": None, "/EmbeddedFiles": None})
        own = names.get("/EmbeddedFiles") if isinstance(names, pikepdf.Dictionary) else None
        for name, spec in _name_tree(own):
            value = copier.value(spec)
            self.attached.append(Embedded(bytes(name), copier.value(name) + b" " + value, value))
        info = piece.trailer.get("/Info")
        if isinstance(info, pikepdf.Dictionary):
            self.info = self.out.reserve()
            self.out.object(self.info, copier.renumber(bytes(info.unparse(resolved=True))))

    def _pages(self, piece: pikepdf.Pdf, copier: Copier) -> None:
        """Each page numbered in the book, with its keys and numbering edited in."""
        shift = self.tags.next_key if self.tags is not None else 0
        shared: dict[bytes, tuple[pikepdf.Object, bool, Edits]] = {}
        for page in piece.pages:
            obj = page.obj
            self.page_refs.append(copier.number(obj))
            edits: Edits = {}
            for key in INHERITED:
                value = None if key in obj else _inherited(obj, key)
                if value is not None:
                    edits[key] = copier.value(value)
            if shift and "/StructParents" in obj:
                edits["/StructParents"] = b"%d" % (int(obj.StructParents) + shift)
            if shift:
                self._annotations(obj, copier, shift)
            if self.head is not None:
                self._lay_over(page, copier, edits, shared)
            copier.edits[ref(obj.objgen)] = edits
        for held, (target, nested, names) in shared.items():
            if nested:  # the resources' own /XObject dictionary, with the forms added
                xobjects = b"<< " + copier.entries(_xobjects(target), names) + b" >>"
                copier.edits[held] = {"/XObject": xobjects}
            else:
                copier.edits[held] = names

    def _annotations(self, page: pikepdf.Object, copier: Copier, shift: int) -> None:
        for annotation in page.get("/Annots", []):
            if not isinstance(annotation, pikepdf.Dictionary) or "/StructParent" not in annotation:
                continue
            if not annotation.is_indirect:
                raise PacketError("a piece of the packet has a tagged link that is not an object")
            key = b"%d" % (int(annotation.StructParent) + shift)
            copier.edits[ref(annotation.objgen)] = {"/StructParent": key}

    def _lay_over(
        self,
        page: pikepdf.Page,
        copier: Copier,
        edits: Edits,
        shared: dict[bytes, tuple[pikepdf.Object, bool, Edits]],
    ) -> None:
        """The page drawn between the shared `q` and its numbering's stream, which draws
        the form named in its resources (shared by a piece's pages: each name added)."""
        number = len(self.page_refs)
        slot = Slot(f"/AuditbookPage{number}", self.out.reserve(), self.out.reserve(), box(page))
        self.slots.append(slot)
        contents = page.obj.get("/Contents")
        inner = copier.value(contents) if contents is not None else b""
        if inner.startswith(b"["):
            inner = inner[1:-1].strip()
        edits["/Contents"] = b"[ %d 0 R %s %d 0 R ]" % (self.head or 0, inner, slot.tail)
        named: Edits = {slot.name: b"%d 0 R" % slot.form}
        resources = _inherited(page.obj, "/Resources")
        xobjects = _xobjects(resources)
        if xobjects.is_indirect:
            shared.setdefault(ref(xobjects.objgen), (xobjects, False, {}))[2].update(named)
        elif isinstance(resources, pikepdf.Dictionary) and resources.is_indirect:
            shared.setdefault(ref(resources.objgen), (resources, True, {}))[2].update(named)
        else:  # the page's own resources
            merged = b"<< " + copier.entries(xobjects, named) + b" >>"
            own = resources if isinstance(resources, pikepdf.Dictionary) else pikepdf.Dictionary()
            edits["/Resources"] = b"<< " + copier.entries(own, {"/XObject": merged}) + b" >>"

    def _destinations(self, piece: pikepdf.Pdf, copier: Copier, ids: frozenset[str]) -> None:
        """(name, destination in the book) for each id the piece really holds."""
        names = piece.Root.get("/Names")
        dests = names.get("/Dests") if isinstance(names, pikepdf.Dictionary) else None
        for name, dest in _name_tree(dests):
            if str(name) in ids:
                self.dests.append((bytes(name), copier.value(name) + b" " + copier.value(dest)))

    def finish(self) -> None:
        """The book's own objects, which the pieces' point to, then the cross-references."""
        out = self.out
        kids = b" ".join(self.page_refs)
        count = len(self.page_refs)
        out.object(self.pages, b"<< /Type /Pages /Kids [ %s ] /Count %d >>" % (kids, count))
        dests, names = out.reserve(), out.reserve()
        self.dests.sort(key=lambda pair: pair[0])
        out.object(dests, b"<< /Names [ " + b" ".join(pair[1] for pair in self.dests) + b" ] >>")
        entries = self.names_entries + b" /Dests %d 0 R" % dests
        if self.attached:
            files = out.reserve()
            listed = sorted(self.attached, key=lambda file: file.key)  # a name tree is sorted
            out.object(files, b"<< /Names [ " + b" ".join(f.entry for f in listed) + b" ] >>")
            entries += b" /EmbeddedFiles %d 0 R" % files
        out.object(names, b"<< " + entries + b" >>")
        catalog = [self.catalog_entries, b"/Type /Catalog /Pages %d 0 R" % self.pages]
        catalog.append(b"/Names %d 0 R" % names)
        if self.attached:
            catalog.append(b"/AF [ " + b" ".join(file.spec for file in self.attached) + b" ]")
        outline = write_outline(out, self.marks)
        if outline is not None:
            catalog.append(b"/Outlines %d 0 R" % outline)
        if self.tags is not None:
            self.tags.write(out)
            catalog.append(b"/StructTreeRoot %d 0 R" % self.tags.root)
        out.object(self.catalog, b"<< " + b" ".join(part for part in catalog if part) + b" >>")
        out.finish(self.catalog, self.info)


def _inherited(page: pikepdf.Object, key: str) -> pikepdf.Object | None:
    """The page's own value of `key`, or the nearest its page tree gives it."""
    node: pikepdf.Object | None = page
    for _ in range(64):  # a page tree deeper than this is a loop
        if not isinstance(node, pikepdf.Dictionary):
            return None
        if key in node:
            return node[key]
        node = node.get("/Parent")
    return None


def _xobjects(resources: pikepdf.Object | None) -> pikepdf.Object:
    found = resources.get("/XObject") if isinstance(resources, pikepdf.Dictionary) else None
    return found if isinstance(found, pikepdf.Dictionary) else pikepdf.Dictionary()


def _name_tree(tree: pikepdf.Object | None) -> list[tuple[pikepdf.Object, pikepdf.Object]]:
    """(name, value) of a name tree, in its order."""
    if not isinstance(tree, pikepdf.Dictionary):
        return []
    flat = list(tree.get("/Names", []))
    found = list(zip(flat[::2], flat[1::2], strict=True))
    for kid in tree.get("/Kids", []):
        found += _name_tree(kid)
    return found

"""The pieces of a packet joined into one PDF/A-3: pages, tags, links, bookmarks, numbers.

The front piece (cover and contents, written with the attachments, the metadata and the
output intent) is the document; every chapter's pages are appended to it with what makes
them part of one book:
- its structure tree under the front's Document element, the parent-tree keys of its
  pages and links renumbered after the front's;
- the named destinations of the ids it holds (a chapter also holds empty stand-ins for
  ids elsewhere, which are dropped), so a link from any piece lands where the id is;
- its bookmarks, pointing at its pages in the book;
- last, the numbering (the page-margin boxes that show page numbers, printed on a blank
  document as long as the book) laid over every page.
"""

from __future__ import annotations

import io
import warnings
from collections.abc import Sequence
from dataclasses import dataclass

import pikepdf

from auditbook.domain.errors import PacketError


@dataclass(frozen=True)
class Part:
    """One piece's PDF and the ids it really holds."""

    pdf: bytes
    ids: frozenset[str]


def assemble(front: Part, chapters: Sequence[Part], numbering: Sequence[bytes] = ()) -> bytes:
    """One PDF of the front followed by the chapters, byte for byte the same every time."""
    book = pikepdf.open(io.BytesIO(front.pdf))
    tree = _Tree(book)
    destinations = _destinations(book, front, book, 0)
    outline = _outline(book, book, 0)
    for chapter in chapters:
        source = pikepdf.open(io.BytesIO(chapter.pdf))
        offset = len(book.pages)
        kids = tree.detach(source)
        with warnings.catch_warnings():  # "named destinations are not kept": they are, below
            warnings.simplefilter("ignore", pikepdf.exceptions.PageCopyWarning)
            book.pages.extend(source.pages)
        tree.adopt(source, kids, book.pages[offset:])
        destinations += _destinations(book, chapter, source, offset)
        outline += _outline(book, source, offset)
    tree.finish()
    names = book.Root.get("/Names")
    if names is None:
        names = book.Root.Names = book.make_indirect(pikepdf.Dictionary())
    destinations.sort(key=lambda pair: bytes(pair[0]))
    flat = [value for pair in destinations for value in pair]
    names.Dests = book.make_indirect(pikepdf.Dictionary(Names=pikepdf.Array(flat)))
    with book.open_outline() as tree_of_bookmarks:
        tree_of_bookmarks.root[:] = outline
    if numbering:
        runs = [pikepdf.open(io.BytesIO(run)) for run in numbering]  # kept open while used
        overlays = [page for run in runs for page in run.pages]
        if len(overlays) != len(book.pages):
            message = (
                f"the page numbers cover {len(overlays)} pages, the packet has {len(book.pages)}"
            )
            raise PacketError(message)
        for number, (page, overlay) in enumerate(zip(book.pages, overlays, strict=True)):
            _lay_over(page, overlay, pikepdf.Name(f"/AuditbookPage{number + 1}"))
    out = io.BytesIO()
    book.save(
        out,
        deterministic_id=True,
        fix_metadata_version=False,
        object_stream_mode=pikepdf.ObjectStreamMode.generate,
    )
    return out.getvalue()


def _lay_over(page: pikepdf.Page, overlay: pikepdf.Page, name: pikepdf.Name) -> None:
    """`overlay` drawn over `page` under a name of its own, the same every time
    (pikepdf's add_overlay picks a random one; a piece's pages share their resources)."""
    form = overlay.as_form_xobject()
    page.add_resource(form, pikepdf.Name.XObject, name=name)
    placed = page.calc_form_xobject_placement(form, name, pikepdf.Rectangle(page.trimbox))
    page.contents_add(b"q\n", prepend=True)
    page.contents_add(b"Q\n" + placed, prepend=False)
    page.contents_coalesce()


class _Tree:
    """The book's structure tree, growing by each chapter's."""

    def __init__(self, book: pikepdf.Pdf) -> None:
        self.root = book.Root.get("/StructTreeRoot")
        self.document = self.root.K[0] if self.root is not None else None
        self.nums: list[pikepdf.Object | int] = (
            list(self.root.ParentTree.Nums) if self.root is not None else []
        )
        self.next_key = max((int(k) for k in self.nums[::2]), default=-1) + 1
        self.book = book

    def detach(self, source: pikepdf.Pdf) -> list[pikepdf.Object]:
        """The chapter's elements whose parent is its Document element, cut from it so that
        copying them does not drag the chapter's own tree root along. WeasyPrint lists
        only some of them in the Document's /K; the others say so only in their /P."""
        root = source.Root.get("/StructTreeRoot")
        if root is None or self.document is None:
            return []
        document = root.K[0].objgen
        children: list[pikepdf.Object] = []
        for element in source.objects:
            if (
                isinstance(element, pikepdf.Dictionary)
                and element.get("/Type") == "/StructElem"
                and "/P" in element
                and element.P.objgen == document
            ):
                del element.P
                children.append(element)
        return children

    def adopt(
        self, source: pikepdf.Pdf, kids: list[pikepdf.Object], pages: Sequence[pikepdf.Page]
    ) -> None:
        if self.document is None or not kids:
            return
        shift = self.next_key
        # Copied whole, in one call each: element by element from Python costs ten times.
        copied = self.book.copy_foreign(source.make_indirect(pikepdf.Array(kids)))
        twins = {}
        for kid, original in zip(copied, kids, strict=True):
            kid.P = self.document
            twins[original.objgen] = kid
        for listed in source.Root.StructTreeRoot.K[0].K:  # in reading order
            self.document.K.append(twins[listed.objgen])
        nums = source.Root.StructTreeRoot.ParentTree.Nums
        values = self.book.copy_foreign(source.make_indirect(pikepdf.Array(list(nums)[1::2])))
        keys = [int(key) + shift for key in list(nums)[::2]]
        for key, value in zip(keys, values, strict=True):
            self.nums += [key, value]
        self.next_key = max([self.next_key, *(key + 1 for key in keys)])
        for page in pages:
            if "/StructParents" in page.obj:
                page.obj.StructParents = int(page.obj.StructParents) + shift
            for annotation in page.obj.get("/Annots", []):
                if "/StructParent" in annotation:
                    annotation.StructParent = int(annotation.StructParent) + shift

    def finish(self) -> None:
        if self.root is None:
            return
        self.root.ParentTree.Nums = pikepdf.Array(self.nums)
        self.root.ParentTreeNextKey = self.next_key


def _destinations(
    book: pikepdf.Pdf, part: Part, source: pikepdf.Pdf, offset: int
) -> list[tuple[pikepdf.Object, pikepdf.Object]]:
    """(name, destination in the book) for each id the part really holds."""
    names = source.Root.get("/Names")
    dests = names.get("/Dests") if names is not None else None
    if dests is None:
        return []
    index = {page.obj.objgen: n for n, page in enumerate(source.pages)}
    flat = list(dests.get("/Names", []))
    found: list[tuple[pikepdf.Object, pikepdf.Object]] = []
    for name, dest in zip(flat[::2], flat[1::2], strict=True):
        if str(name) not in part.ids:
            continue
        page = book.pages[offset + index[dest[0].objgen]].obj
        found.append((pikepdf.String(bytes(name)), pikepdf.Array([page, *list(dest)[1:]])))
    return found


def _outline(book: pikepdf.Pdf, source: pikepdf.Pdf, offset: int) -> list[pikepdf.OutlineItem]:
    """The part's bookmarks, pointing into the book."""
    index = {page.obj.objgen: n for n, page in enumerate(source.pages)}

    def rebuilt(item: pikepdf.OutlineItem) -> pikepdf.OutlineItem:
        dest = item.destination
        if isinstance(dest, pikepdf.Array) and len(dest) and dest[0].objgen in index:
            page = book.pages[offset + index[dest[0].objgen]].obj
            dest = pikepdf.Array([page, *list(dest)[1:]])
        copy = pikepdf.OutlineItem(item.title, dest)
        copy.is_closed = item.is_closed
        copy.children.extend(rebuilt(child) for child in item.children)
        return copy

    with source.open_outline() as outline:
        return [rebuilt(item) for item in outline.root]

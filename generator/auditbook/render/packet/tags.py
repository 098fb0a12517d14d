"""The book's structure tree: the front's, with every chapter's elements under its Document.

Each piece's parent-tree keys (of its pages and its links) follow those of the pieces
before it; its elements are written with the piece, their /P pointing at the book's
Document element, whose /K lists the front's top elements and then each chapter's in
reading order. WeasyPrint lists only some of a Document's children in its /K (the others
say so only in their /P); as in the piece, only those are listed. The tree's root, its
Document and its parent tree are written last, when every key is known.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import pikepdf

from auditbook.render.packet.copier import ref

if TYPE_CHECKING:
    from auditbook.render.packet.copier import Copier
    from auditbook.render.packet.pdfout import PdfOut


class Tags:
    """What the book's structure tree holds so far; `next_key` is the next piece's shift."""

    def __init__(self, out: PdfOut) -> None:
        self.root = out.reserve()
        self.document = out.reserve()
        self.next_key = 0
        self._nums: list[tuple[int, bytes]] = []
        self._kids: list[bytes] = []
        self._root_entries = b""
        self._document_entries = b""

    def given(self, piece: pikepdf.Pdf) -> dict[bytes, bytes]:
        """The piece's tree root and Document element, which are the book's."""
        root = piece.Root.get("/StructTreeRoot")
        found: dict[bytes, bytes] = {}
        if isinstance(root, pikepdf.Dictionary) and root.is_indirect:
            found[ref(root.objgen)] = b"%d 0 R" % self.root
        document = _document(root)
        if document is not None and document.is_indirect:
            found[ref(document.objgen)] = b"%d 0 R" % self.document
        return found

    def add(self, piece: pikepdf.Pdf, copier: Copier, *, front: bool) -> None:
        """The piece's elements and parent-tree entries, its keys shifted by `next_key`."""
        root = piece.Root.get("/StructTreeRoot")
        if not isinstance(root, pikepdf.Dictionary):
            return
        document = _document(root)
        if front:
            self._root_entries = copier.entries(
                root, {"/ParentTree": None, "/ParentTreeNextKey": None}
            )
            if document is not None:
                self._document_entries = copier.entries(document, {"/K": None})
        if document is not None and "/K" in document:
            kids = document.K
            for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
                self._kids.append(copier.value(kid))
        shift, keys = self.next_key, []
        for key, value in _numbers(root.get("/ParentTree")):
            if value.is_indirect:
                written = copier.value(value)
            else:  # a page's list of elements: an object of its own, written now
                number = copier.out.reserve()
                copier.out.object(number, copier.value(value))
                written = b"%d 0 R" % number
            self._nums.append((key + shift, written))
            keys.append(key + shift)
        self.next_key = max([self.next_key, *(key + 1 for key in keys)])

    def write(self, out: PdfOut) -> None:
        """The root, the Document element and the parent tree, now that all is known."""
        tree = out.reserve()
        nums = b" ".join(b"%d %s" % pair for pair in sorted(self._nums, key=lambda p: p[0]))
        out.object(tree, b"<< /Nums [ " + nums + b" ] >>")
        last = b"/ParentTree %d 0 R /ParentTreeNextKey %d" % (tree, self.next_key)
        out.object(self.root, b"<< " + self._root_entries + b" " + last + b" >>")
        kids = b"/K [ " + b" ".join(self._kids) + b" ]"
        out.object(self.document, b"<< " + self._document_entries + b" " + kids + b" >>")


def _document(root: pikepdf.Object | None) -> pikepdf.Object | None:
    """The tree's Document element: the first child of its root."""
    kids = root.get("/K") if isinstance(root, pikepdf.Dictionary) else None
    first = (kids[0] if len(kids) else None) if isinstance(kids, pikepdf.Array) else kids
    return first if isinstance(first, pikepdf.Dictionary) else None


def _numbers(tree: pikepdf.Object | None) -> Iterator[tuple[int, pikepdf.Object]]:
    """(key, value) of a number tree, in its order."""
    if not isinstance(tree, pikepdf.Dictionary):
        return
    nums = tree.get("/Nums")
    if isinstance(nums, pikepdf.Array):
        flat = list(nums)
        for key, value in zip(flat[::2], flat[1::2], strict=True):
            yield int(key), value
    for kid in tree.get("/Kids", []):
        yield from _numbers(kid)

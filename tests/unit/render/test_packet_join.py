"""The packet's pieces joined into one book, on small tagged PDFs made here."""

from __future__ import annotations

import io
import zlib

import pikepdf
import pytest

from auditbook.domain.errors import PacketError
from auditbook.render.packet.assemble import Part, assemble

ATTACHED = zlib.compress(b"fictional evidence, stored compressed")


def piece(title: str, pages: int, ids: list[str], *, front: bool = False) -> pikepdf.Pdf:
    """A tagged piece as WeasyPrint writes one: shared resources, a Document element that
    lists only some of its children, one link per page, bookmarks, destinations."""
    pdf = pikepdf.new()
    resources = pdf.make_indirect(pikepdf.Dictionary(XObject=pikepdf.Dictionary()))
    root = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.StructTreeRoot))
    document = pdf.make_indirect(
        pikepdf.Dictionary(Type=pikepdf.Name.StructElem, S=pikepdf.Name.Document, P=root)
    )
    root.K = pikepdf.Array([document])
    listed, nums = [], []
    for number in range(pages):
        page = pdf.add_blank_page(page_size=(200, 300))
        page.obj.Resources = resources
        page.obj.Contents = pdf.make_stream(b"/P <</MCID 0>> BDC 0 0 m 9 9 l S EMC")
        page.obj.StructParents = 2 * number
        paragraph = pdf.make_indirect(
            pikepdf.Dictionary(
                Type=pikepdf.Name.StructElem, S=pikepdf.Name.P, P=document, Pg=page.obj, K=0
            )
        )
        link = pdf.make_indirect(
            pikepdf.Dictionary(Type=pikepdf.Name.StructElem, S=pikepdf.Name.Link, P=document)
        )
        annotation = pdf.make_indirect(
            pikepdf.Dictionary(
                Type=pikepdf.Name.Annot,
                Subtype=pikepdf.Name.Link,
                Rect=[0, 0, 9, 9],
                Dest=pikepdf.String(ids[0]),
                StructParent=2 * number + 1,
            )
        )
        link.K = pikepdf.Array([pikepdf.Dictionary(Type=pikepdf.Name.OBJR, Obj=annotation)])
        page.obj.Annots = pdf.make_indirect(pikepdf.Array([annotation]))
        listed.append(paragraph)  # the links are children that only their /P tells of
        nums += [2 * number, pikepdf.Array([paragraph]), 2 * number + 1, link]
    document.K = pikepdf.Array(listed)
    root.ParentTree = pdf.make_indirect(pikepdf.Dictionary(Nums=pikepdf.Array(nums)))
    pdf.Root.StructTreeRoot = root
    flat: list[pikepdf.Object] = []
    for index, name in enumerate(sorted(ids)):
        target = pdf.pages[index % pages].obj
        flat += [pikepdf.String(name), pikepdf.Array([target, pikepdf.Name.Fit])]
    pdf.Root.Names = pikepdf.Dictionary(Dests=pikepdf.Dictionary(Names=pikepdf.Array(flat)))
    with pdf.open_outline() as outline:
        mark = pikepdf.OutlineItem(title, 0)
        mark.children.append(pikepdf.OutlineItem(f"{title}, last page", pages - 1))
        outline.root.append(mark)
    if front:
        _front(pdf)
    return pdf


def _front(pdf: pikepdf.Pdf) -> None:
    data = pdf.make_stream(b"")
    data.write(ATTACHED, filter=pikepdf.Name.FlateDecode)
    data.Type = pikepdf.Name.EmbeddedFile
    spec = pdf.make_indirect(
        pikepdf.Dictionary(
            Type=pikepdf.Name.Filespec,
            F=pikepdf.String("evidence.txt"),
            EF=pikepdf.Dictionary(F=data),
            AFRelationship=pikepdf.Name.Data,
        )
    )
    pdf.Root.AF = pikepdf.Array([spec])
    pdf.Root.Names.EmbeddedFiles = pikepdf.Dictionary(
        Names=pikepdf.Array([pikepdf.String("evidence.txt"), spec])
    )
    pdf.Root.Lang = pikepdf.String("en")
    pdf.Root.MarkInfo = pikepdf.Dictionary(Marked=True)
    pdf.docinfo.Title = pikepdf.String("Fictional packet")


def saved(pdf: pikepdf.Pdf) -> bytes:
    out = io.BytesIO()
    pdf.save(out, deterministic_id=True, object_stream_mode=pikepdf.ObjectStreamMode.generate)
    return out.getvalue()


def numbering(pages: int, first: int = 1) -> bytes:
    pdf = pikepdf.new()
    for number in range(first, first + pages):
        page = pdf.add_blank_page(page_size=(200, 300))
        page.obj.Contents = pdf.make_stream(b"BT ET %% page %d" % number)
    return saved(pdf)


def joined(front: Part, chapters: list[Part], numbering: list[bytes] | None = None) -> bytes:
    sink = io.BytesIO()
    assemble(sink, front, chapters, numbering or ())
    return sink.getvalue()


def parts() -> tuple[Part, list[Part]]:
    front = Part(saved(piece("Contents", 1, ["contents"], front=True)), frozenset({"contents"}))
    # Each chapter also holds a stand-in for an id held elsewhere, as a piece does.
    one = Part(
        saved(piece("One", 2, ["one", "two", "one-detail"])), frozenset({"one", "one-detail"})
    )
    two = Part(saved(piece("Two", 3, ["two", "contents"])), frozenset({"two"}))
    return front, [one, two]


@pytest.fixture(scope="module")
def book() -> pikepdf.Pdf:
    front, chapters = parts()
    return pikepdf.open(io.BytesIO(joined(front, chapters, [numbering(4), numbering(2, first=5)])))


def test_the_pages_come_in_order_under_one_page_tree(book: pikepdf.Pdf) -> None:
    assert len(book.pages) == 6
    assert {page.obj.Parent.objgen for page in book.pages} == {book.Root.Pages.objgen}
    assert list(book.check_pdf_syntax()) == []


def test_parent_tree_keys_follow_each_other_and_point_at_their_page(book: pikepdf.Pdf) -> None:
    tree = book.Root.StructTreeRoot
    nums = list(tree.ParentTree.Nums)
    keys = [int(key) for key in nums[::2]]
    assert keys == list(range(12))
    assert int(tree.ParentTreeNextKey) == 12
    values = dict(zip(keys, nums[1::2], strict=True))
    for page in book.pages:
        (paragraph,) = values[int(page.obj.StructParents)]
        assert paragraph.Pg.objgen == page.obj.objgen
        (annotation,) = page.obj.Annots
        link = values[int(annotation.StructParent)]
        assert link.K[0].Obj.objgen == annotation.objgen


def test_every_element_hangs_from_the_one_document(book: pikepdf.Pdf) -> None:
    tree = book.Root.StructTreeRoot
    (document,) = tree.K
    assert document.P.objgen == tree.objgen
    assert len(document.K) == 6  # the listed children of every piece, in reading order
    assert [kid.Pg.objgen for kid in document.K] == [page.obj.objgen for page in book.pages]
    elements = [
        obj
        for obj in book.objects
        if isinstance(obj, pikepdf.Dictionary) and obj.get("/Type") == "/StructElem"
    ]
    assert sum(1 for element in elements if element.S == "/Document") == 1
    assert {element.P.objgen for element in elements if element.S != "/Document"} == {
        document.objgen
    }
    roots = [obj for obj in book.objects if isinstance(obj, pikepdf.Dictionary)]
    assert sum(1 for obj in roots if obj.get("/Type") == "/StructTreeRoot") == 1


def test_destinations_are_the_held_ids_once_sorted_and_on_their_page(book: pikepdf.Pdf) -> None:
    flat = list(book.Root.Names.Dests.Names)
    names = [str(name) for name in flat[::2]]
    assert names == ["contents", "one", "one-detail", "two"]
    pages = {page.obj.objgen: number for number, page in enumerate(book.pages)}
    assert [pages[dest[0].objgen] for dest in flat[1::2]] == [0, 1, 2, 4]


def test_bookmarks_of_every_piece_point_into_the_book(book: pikepdf.Pdf) -> None:
    pages = {page.obj.objgen: number for number, page in enumerate(book.pages)}

    def page_of(mark: pikepdf.OutlineItem) -> int:
        assert isinstance(mark.destination, pikepdf.Array)
        return pages[mark.destination[0].objgen]

    with book.open_outline() as outline:
        found = [
            (mark.title, page_of(mark), [child.title for child in mark.children])
            for mark in outline.root
        ]
        last = [page_of(mark.children[0]) for mark in outline.root]
    assert found == [
        ("Contents", 0, ["Contents, last page"]),
        ("One", 1, ["One, last page"]),
        ("Two", 3, ["Two, last page"]),
    ]
    assert last == [0, 2, 5]


def test_the_front_gives_the_book_its_catalog_and_attachments(book: pikepdf.Pdf) -> None:
    (spec,) = book.Root.AF
    assert spec.EF.F.read_raw_bytes() == ATTACHED  # copied as stored, byte for byte
    assert set(book.attachments) == {"evidence.txt"}
    assert str(book.Root.Lang) == "en"
    assert bool(book.Root.MarkInfo.Marked)
    assert str(book.docinfo.Title) == "Fictional packet"


def test_each_page_draws_its_numbering_under_a_name_of_its_own(book: pikepdf.Pdf) -> None:
    for number, page in enumerate(book.pages, start=1):
        name = f"/AuditbookPage{number}"
        form = page.obj.Resources.XObject[name]
        assert form.read_bytes() == b"BT ET %% page %d" % number
        drawn = b"".join(stream.read_bytes() for stream in page.obj.Contents)
        assert drawn.startswith(b"q\n/P <</MCID 0>> BDC")
        assert drawn.endswith(b"%s Do\nQ\n" % name.encode())


def test_the_same_pieces_make_the_same_bytes() -> None:
    front, chapters = parts()
    assert joined(front, chapters, [numbering(6)]) == joined(front, chapters, [numbering(6)])


def test_numbering_of_another_length_is_refused() -> None:
    front, chapters = parts()
    with pytest.raises(PacketError, match="the page numbers cover 5 pages, the packet has 6"):
        joined(front, chapters, [numbering(5)])


def test_without_numbering_the_pages_are_left_as_they_are() -> None:
    front, chapters = parts()
    book = pikepdf.open(io.BytesIO(joined(front, chapters)))
    assert all(isinstance(page.obj.Contents, pikepdf.Stream) for page in book.pages)
    assert all(len(page.obj.Resources.XObject) == 0 for page in book.pages)


def test_a_numbering_page_of_several_streams_is_one_form() -> None:
    pdf = pikepdf.new()
    for number in range(1, 7):
        page = pdf.add_blank_page(page_size=(200, 300))
        page.obj.Contents = pikepdf.Array(
            [pdf.make_stream(b"BT ET"), pdf.make_stream(b"%% page %d" % number)]
        )
    front, chapters = parts()
    book = pikepdf.open(io.BytesIO(joined(front, chapters, [saved(pdf)])))
    form = book.pages[5].obj.Resources.XObject["/AuditbookPage6"]
    assert form.read_bytes() == b"BT ET\n% page 6"

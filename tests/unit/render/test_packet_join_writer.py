"""The streaming writer under the packet's join: numbers, object streams, references."""

from __future__ import annotations

import io
import zlib

import pikepdf
import pytest

from auditbook.domain.errors import PacketError
from auditbook.render.packet.copier import Copier, ref, scalar
from auditbook.render.packet.overlay import placement
from auditbook.render.packet.pdfout import PER_OBJECT_STREAM, PdfOut


def written(build: object) -> bytes:
    sink = io.BytesIO()
    out = PdfOut(sink, "1.7")
    build(out)  # type: ignore[operator]
    return sink.getvalue()


def problems(pdf: pikepdf.Pdf) -> list[str]:
    """What qpdf finds wrong in the file's syntax and streams."""
    return list(pdf.check_pdf_syntax())


def catalog_with(out: PdfOut, *entries: bytes) -> None:
    pages, page, root = out.reserve(), out.reserve(), out.reserve()
    out.object(pages, b"<< /Type /Pages /Kids [ %d 0 R ] /Count 1 >>" % page)
    out.object(
        page, b"<< /Type /Page /Parent %d 0 R /MediaBox [ 0 0 10 10 ] /Resources << >> >>" % pages
    )
    out.object(root, b"<< /Type /Catalog /Pages %d 0 R %s >>" % (pages, b" ".join(entries)))
    out.finish(root, None)


def test_objects_written_in_any_order_are_found_by_number() -> None:
    def build(out: PdfOut) -> None:
        first, second = out.reserve(), out.reserve()
        out.object(second, b"(second)")
        out.object(first, b"<< /Next %d 0 R >>" % second)
        catalog_with(out, b"/First %d 0 R" % first)

    pdf = pikepdf.open(io.BytesIO(written(build)))
    assert str(pdf.Root.First.Next) == "second"
    assert problems(pdf) == []


def test_many_objects_go_into_several_object_streams() -> None:
    count = PER_OBJECT_STREAM * 2 + 5

    def build(out: PdfOut) -> None:
        numbers = [out.reserve() for _ in range(count)]
        for number in numbers:
            out.object(number, b"%d" % number)
        listed = b" ".join(b"%d 0 R" % number for number in numbers)
        catalog_with(out, b"/All [ %s ]" % listed)

    data = written(build)
    pdf = pikepdf.open(io.BytesIO(data))
    assert [int(value) for value in pdf.Root.All] == list(range(1, count + 1))
    assert data.count(b"/Type /ObjStm") == 3
    assert b"/Type /XRef" in data
    assert problems(pdf) == []


def test_a_stream_is_written_as_given_still_encoded() -> None:
    encoded = zlib.compress(b"BT /F1 12 Tf (1 0 R) Tj ET")

    def build(out: PdfOut) -> None:
        number = out.reserve()
        out.stream(number, b"/Filter /FlateDecode", encoded)
        catalog_with(out, b"/Data %d 0 R" % number)

    pdf = pikepdf.open(io.BytesIO(written(build)))
    assert pdf.Root.Data.read_raw_bytes() == encoded
    assert pdf.Root.Data.read_bytes() == b"BT /F1 12 Tf (1 0 R) Tj ET"


def test_the_same_objects_make_the_same_file_and_another_another_id() -> None:
    def build(text: bytes) -> bytes:
        return written(lambda out: catalog_with(out, b"/Text " + text))

    assert build(b"(one)") == build(b"(one)")
    ids = {pikepdf.open(io.BytesIO(build(text))).trailer.ID[0] for text in (b"(a)", b"(b)")}
    assert len(ids) == 2


def test_an_object_written_twice_is_a_bug_said_at_once() -> None:
    out = PdfOut(io.BytesIO(), "1.7")
    number = out.reserve()
    out.stream(number, b"", b"x")
    with pytest.raises(ValueError, match="written twice"):
        out.stream(number, b"", b"y")


def source_with_a_cycle() -> tuple[pikepdf.Pdf, pikepdf.Object, pikepdf.Object]:
    """Two dictionaries that point at each other, a string that reads like a reference,
    a stream, and an object nothing points at."""
    pdf = pikepdf.new()
    data = pdf.make_stream(b"raw", Filter=pikepdf.Name.FlateDecode)
    data.write(zlib.compress(b"hello"), filter=pikepdf.Name.FlateDecode)
    first = pdf.make_indirect(pikepdf.Dictionary(Text=pikepdf.String("see 1 0 R (and) \\")))
    second = pdf.make_indirect(pikepdf.Dictionary(Back=first, Data=data, Count=3))
    first.Next = second
    pdf.make_indirect(pikepdf.Dictionary(Unused=True))
    return pdf, first, second


def test_a_cycle_is_copied_once_each_with_its_references_renumbered() -> None:
    source, first, _ = source_with_a_cycle()

    def build(out: PdfOut) -> None:
        copier = Copier(source, out, {})
        start = copier.number(first)
        copier.copy()
        catalog_with(out, b"/Start " + start)

    pdf = pikepdf.open(io.BytesIO(written(build)))
    start = pdf.Root.Start
    assert start.Next.Back.objgen == start.objgen  # the cycle, closed in the book
    assert str(start.Text) == "see 1 0 R (and) \\"  # a string is never renumbered
    assert start.Next.Data.read_bytes() == b"hello"
    assert int(start.Next.Count) == 3
    assert all("/Unused" not in obj for obj in pdf.objects if isinstance(obj, pikepdf.Dictionary))


def test_given_objects_are_pointed_at_and_never_copied() -> None:
    source, first, second = source_with_a_cycle()

    def build(out: PdfOut) -> None:
        elsewhere = out.reserve()
        out.object(elsewhere, b"(the book's own)")
        copier = Copier(source, out, {ref(second.objgen): b"%d 0 R" % elsewhere})
        start = copier.number(first)
        copier.copy()
        catalog_with(out, b"/Start " + start)

    pdf = pikepdf.open(io.BytesIO(written(build)))
    assert str(pdf.Root.Start.Next) == "the book's own"


def test_edits_change_keys_of_a_dictionary_as_it_is_copied() -> None:
    source, first, _ = source_with_a_cycle()

    def build(out: PdfOut) -> None:
        copier = Copier(source, out, {})
        start = copier.number(first)
        copier.edits[ref(first.objgen)] = {"/Next": None, "/Added": b"42"}
        copier.copy()
        catalog_with(out, b"/Start " + start)

    pdf = pikepdf.open(io.BytesIO(written(build)))
    start = pdf.Root.Start
    assert "/Next" not in start
    assert int(start.Added) == 42


def test_values_pikepdf_gives_as_python_ones_are_written_back() -> None:
    from decimal import Decimal

    assert [scalar(v) for v in (None, True, False, 7, Decimal("0.0000001"))] == [
        b"null",
        b"true",
        b"false",
        b"7",
        b"0.0000001",
    ]
    with pytest.raises(PacketError):
        scalar(object())


def test_a_numbering_page_is_drawn_centred_and_shrunk_to_fit_never_grown() -> None:
    assert placement("/N", (0, 0, 200, 300), (0, 0, 200, 300)) == (
        b"\nQ\nq\n1 0 0 1 0 0 cm\n/N Do\nQ\n"
    )
    assert b"0.5 0 0 0.5 0 75 cm" in placement("/N", (0, 0, 400, 600), (0, 0, 200, 450))
    assert b"1 0 0 1 50 75 cm" in placement("/N", (0, 0, 100, 150), (0, 0, 200, 300))


def test_an_object_numbered_but_never_written_is_a_bug_said_at_once() -> None:
    out = PdfOut(io.BytesIO(), "1.7")
    out.reserve()
    with pytest.raises(ValueError, match="object 1 was numbered but never written"):
        catalog_with(out)

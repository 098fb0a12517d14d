"""Attachments written into the book by the join, from disk, as PDF/A-3 associated files."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import os
from pathlib import Path

import pikepdf
import pytest
from test_packet_join import parts

from auditbook.domain.errors import PacketError
from auditbook.render.packet.assemble import Part, assemble
from auditbook.render.packet.attachments import CHUNK, PacketFile, from_bytes

DATE = dt.datetime(2026, 3, 4, 5, 6, 7, tzinfo=dt.UTC)


def on_disk(path: Path, name: str, description: str = "fictional evidence") -> PacketFile:
    data = path.read_bytes()
    return PacketFile(
        name,
        description,
        DATE,
        hashlib.sha256(data).hexdigest(),
        hashlib.md5(data, usedforsecurity=False).hexdigest(),
        len(data),
        path=path,
        shown=f"evidence/{path.name}",
    )


def joined(files: list[PacketFile]) -> bytes:
    front, chapters = parts()
    sink = io.BytesIO()
    assemble(sink, front, chapters, (), files)
    return sink.getvalue()


@pytest.fixture
def evidence(tmp_path: Path) -> list[PacketFile]:
    log = tmp_path / "restore-drill.log"
    log.write_text("2026-03-01 restore of a fictional database: OK\n" * 100, "utf-8")
    image = tmp_path / "mfa.png"
    image.write_bytes(b"\x89PNG\r\n\x1a\n" + os.urandom(3 * CHUNK + 17))  # several chunks
    unicode = tmp_path / "signé.yml"
    unicode.write_text("signed_by: Fictional Person\n", "utf-8")
    return [
        on_disk(log, "backups__restore-drill.log", "a log (fictional) ) /Evil (see"),
        on_disk(image, "screens__mfa.png"),
        on_disk(unicode, "sign-offs__signé.yml", "Unterschrift — fictional"),
        from_bytes("manifest.json", "SHA-256 of every evidence file", b'{"evidence": []}', DATE),
    ]


def test_each_file_is_attached_with_its_exact_bytes_and_pdfa_facts(
    evidence: list[PacketFile],
) -> None:
    book = pikepdf.open(io.BytesIO(joined(evidence)))
    assert list(book.check_pdf_syntax()) == []
    # The front's own attachment, and every file given, each once.
    assert set(book.attachments) == {"evidence.txt", *(file.name for file in evidence)}
    assert len(book.Root.AF) == 5
    for file in evidence:
        spec = book.attachments[file.name]
        expected = file.data or file.path.read_bytes()  # type: ignore[union-attr]
        assert spec.get_file().read_bytes() == expected
        assert spec.description == file.description
        stream = spec.obj.EF.F
        assert str(spec.obj.AFRelationship) == "/Data"
        assert int(stream.Params.Size) == len(expected)
        assert bytes(stream.Params.CheckSum) == hashlib.md5(expected).digest()
        assert str(stream.Params.ModDate) == "D:20260304050607Z"
    assert str(book.attachments["screens__mfa.png"].obj.EF.F.Subtype) == "/image/png"
    assert str(book.attachments["manifest.json"].obj.EF.F.Subtype) == "/application/json"


def test_the_name_tree_is_sorted_by_its_keys(evidence: list[PacketFile]) -> None:
    book = pikepdf.open(io.BytesIO(joined(list(reversed(evidence)))))
    keys = [bytes(key) for key in book.Root.Names.EmbeddedFiles.Names[::2]]
    assert keys == sorted(keys)
    assert len(keys) == 5


def test_the_same_files_make_the_same_bytes(evidence: list[PacketFile]) -> None:
    assert joined(evidence) == joined(evidence)


def test_a_file_changed_since_it_was_checked_is_refused(evidence: list[PacketFile]) -> None:
    path = evidence[0].path
    assert path is not None
    path.write_text("tampered\n", "utf-8")
    with pytest.raises(PacketError) as raised:
        joined(evidence)
    assert raised.value.message.startswith("evidence/restore-drill.log: evidence file changed")


def test_a_file_gone_since_it_was_checked_is_named(evidence: list[PacketFile]) -> None:
    path = evidence[1].path
    assert path is not None
    path.unlink()
    with pytest.raises(PacketError, match=r"evidence/mfa.png: evidence file vanished"):
        joined(evidence)


def test_a_front_without_attachments_gets_only_the_files_given(tmp_path: Path) -> None:
    front, _ = parts()
    with pikepdf.open(io.BytesIO(front.pdf)) as pdf:
        del pdf.Root.AF
        del pdf.Root.Names.EmbeddedFiles
        plain = io.BytesIO()
        pdf.save(plain)
    (tmp_path / "a.txt").write_text("fictional\n", "utf-8")
    sink = io.BytesIO()
    assemble(
        sink, Part(plain.getvalue(), front.ids), [], (), [on_disk(tmp_path / "a.txt", "a.txt")]
    )
    book = pikepdf.open(io.BytesIO(sink.getvalue()))
    assert set(book.attachments) == {"a.txt"}
    assert len(book.Root.AF) == 1

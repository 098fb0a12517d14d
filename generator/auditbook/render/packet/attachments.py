"""The packet's attachments: the evidence files it may carry, re-read and re-hashed, and
the manifest.

The public packet (the one in the site) carries only files whose sidecar publishes them;
the full packet, handed to an auditor, carries every file its sidecar lets into a packet.
An evidence file is never held whole in memory: it is read here in chunks to check it is
the file that was assessed, and read again in chunks as it is written into the packet
(embed.py), which checks it once more.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from auditbook.domain.errors import PacketError
from auditbook.domain.files import MANIFEST, json_text
from auditbook.domain.text import unique_name
from auditbook.export.manifest import packet_manifest

if TYPE_CHECKING:
    from collections.abc import Mapping

    from auditbook.core.results import Assessment, EvidenceResult

# PDF/A-3 "associated file" relationship: the data the packet's statements derive from.
RELATIONSHIP = "Data"
# A packet of gigabytes helps no auditor: larger files, and files past the total, are
# listed with their SHA-256 instead of attached.
MAX_ATTACHMENT = 64 << 20
MAX_ATTACHMENTS = 256 << 20
CHUNK = 1 << 20  # read at a time, so a file's memory is a chunk, whatever its size


@dataclass(frozen=True)
class PacketFile:
    """One file to embed in the packet: its bytes given (the manifest) or on disk (evidence,
    checked against the SHA-256, MD5 and size below when it is read again)."""

    name: str
    description: str
    date: dt.datetime
    sha256: str
    md5: str  # the embedded file's /CheckSum, which PDF/A asks for
    size: int
    path: Path | None = None
    data: bytes = b""
    shown: str = ""  # the path people know it by, for messages

    def chunks(self) -> Iterator[bytes]:
        """The file's bytes, a chunk at a time; PacketError if it cannot be read."""
        if self.path is None:
            yield self.data
            return
        try:
            with self.path.open("rb") as stream:
                while chunk := stream.read(CHUNK):
                    yield chunk
        except FileNotFoundError:
            message = "evidence file vanished after it was collected; it cannot be attached"
            raise PacketError(message, self.shown) from None
        except OSError as error:
            message = f"cannot read evidence file to attach it: {error.strerror or error}"
            raise PacketError(message, self.shown) from None

    def changed(self, sha256: str) -> PacketError:
        """The error for a file whose bytes, read now, no longer have the assessed digest."""
        return PacketError(
            f"evidence file changed after it was collected (SHA-256 {sha256[:12]}, "
            f"assessed {self.sha256[:12]}); build again",
            self.shown,
        )


def in_packet(result: EvidenceResult) -> bool:
    """A file may go into a packet unless its sidecar says `packet: false`."""
    meta = result.evidence.meta
    return meta is None or meta.packet


def left_out(assessment: Assessment, *, full: bool) -> dict[str, str]:
    """Why each evidence file is not attached to this packet, by path ("" when it is).

    The full packet takes every file its sidecar lets in; the public one only those
    published on the site as well; both within the size limits, in register order.
    """
    reasons: dict[str, str] = {}
    total = 0
    for result in assessment.evidence:
        size = result.evidence.size
        reason = ""
        if not in_packet(result):
            reason = "its sidecar says packet: false"
        elif not full and not result.evidence.publishable:
            reason = "not published (the full packet, made by `auditbook packet`, attaches it)"
        elif size > MAX_ATTACHMENT:
            reason = f"larger than the {MAX_ATTACHMENT >> 20} MiB a packet attaches per file"
        elif total + size > MAX_ATTACHMENTS:
            reason = f"the packet's attachments already reach {MAX_ATTACHMENTS >> 20} MiB"
        else:
            total += size
        reasons[result.evidence.path] = reason
    return reasons


def attachment_names(assessment: Assessment, *, full: bool) -> dict[str, str]:
    """A flat, unique file name for each attached evidence file, by its path.

    Names carry no folders (PDF tools save attachments by name, and `backups/x.log` would
    need the folder to exist first): the path below the evidence folder, with `__` for
    `/`. The register and the manifest give the full path of each.
    """
    taken = {MANIFEST}
    reasons = left_out(assessment, full=full)
    return {
        r.evidence.path: unique_name(
            r.evidence.path.split("/", 1)[-1].replace("/", "__"), taken, keep_suffix=True
        )
        for r in assessment.evidence
        if not reasons[r.evidence.path]
    }


def _verified(
    root: Path, result: EvidenceResult, name: str, description: str, date: dt.datetime
) -> PacketFile:
    """The evidence file to attach, refused when it is not the file that was assessed."""
    evidence = result.evidence
    file = PacketFile(
        name, description, date, evidence.sha256, "", 0, root / evidence.path, shown=evidence.path
    )
    sha256, md5, size = hashlib.sha256(), hashlib.md5(usedforsecurity=False), 0
    for chunk in file.chunks():
        sha256.update(chunk)
        md5.update(chunk)
        size += len(chunk)
    if sha256.hexdigest() != evidence.sha256:
        raise file.changed(sha256.hexdigest())
    return dataclasses.replace(file, md5=md5.hexdigest(), size=size)


def from_bytes(name: str, description: str, data: bytes, date: dt.datetime) -> PacketFile:
    """A file made by auditbook itself, small and held in memory (the manifest)."""
    sha256 = hashlib.sha256(data).hexdigest()
    md5 = hashlib.md5(data, usedforsecurity=False).hexdigest()
    return PacketFile(name, description, date, sha256, md5, len(data), data=data, shown=name)


def _midnight(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)


def evidence_files(
    root: Path, assessment: Assessment, created: dt.datetime, names: Mapping[str, str]
) -> list[PacketFile]:
    """Every evidence file in `names` (see attachment_names), dated by when it was collected."""
    files = []
    for result in assessment.evidence:
        if result.evidence.path not in names:
            continue
        evidence, meta = result.evidence, result.evidence.meta
        date = _midnight(meta.collected) if meta is not None else created
        description = f"{evidence.path}: {evidence.title} (SHA-256 {evidence.sha256})"
        files.append(_verified(root, result, names[evidence.path], description, date))
    return files


def manifest_file(
    assessment: Assessment, version: str, created: dt.datetime, names: Mapping[str, str]
) -> PacketFile:
    manifest = packet_manifest(assessment, version, names)
    return from_bytes(
        MANIFEST,
        "SHA-256 of every evidence file (auditbook manifest)",
        json_text(manifest).encode("utf-8"),
        created,
    )

"""The packet's attachments: the evidence files it may carry, re-read and re-hashed, and
the manifest.

The public packet (the one in the site) carries only files whose sidecar publishes them;
the full packet, handed to an auditor, carries every file its sidecar lets into a packet.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

from auditbook.domain.errors import PacketError
from auditbook.domain.files import MANIFEST, json_text
from auditbook.domain.text import unique_name
from auditbook.export.manifest import packet_manifest

if TYPE_CHECKING:
    from collections.abc import Mapping
    from pathlib import Path

    from auditbook.core.results import Assessment, EvidenceResult

# PDF/A-3 "associated file" relationship: the data the packet's statements derive from.
RELATIONSHIP = "Data"
# WeasyPrint holds every attachment in memory until the PDF is written, and a packet of
# gigabytes helps no auditor: larger files, and files past the total, are listed with
# their SHA-256 instead of attached.
MAX_ATTACHMENT = 64 << 20
MAX_ATTACHMENTS = 256 << 20


@dataclass(frozen=True)
class PacketFile:
    """One file embedded in the packet, with the bytes that were verified against its hash."""

    name: str
    description: str
    data: bytes
    date: dt.datetime

    @cached_property  # the packet's key and each piece's: hashed once
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


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


def _read_verified(root: Path, result: EvidenceResult) -> bytes:
    """The file's bytes, refused when they are not the bytes that were assessed."""
    evidence = result.evidence
    try:
        data = (root / evidence.path).read_bytes()
    except FileNotFoundError:
        message = "evidence file vanished after it was collected; it cannot be attached"
        raise PacketError(message, evidence.path) from None
    except OSError as error:
        message = f"cannot read evidence file to attach it: {error.strerror or error}"
        raise PacketError(message, evidence.path) from None
    digest = hashlib.sha256(data).hexdigest()
    if digest != evidence.sha256:
        message = (
            f"evidence file changed after it was collected (SHA-256 {digest[:12]}, "
            f"assessed {evidence.sha256[:12]}); build again"
        )
        raise PacketError(message, evidence.path)
    return data


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
        data = _read_verified(root, result)
        files.append(PacketFile(names[evidence.path], description, data, date))
    return files


def manifest_file(
    assessment: Assessment, version: str, created: dt.datetime, names: Mapping[str, str]
) -> PacketFile:
    manifest = packet_manifest(assessment, version, names)
    return PacketFile(
        MANIFEST,
        "SHA-256 of every evidence file (auditbook manifest)",
        json_text(manifest).encode("utf-8"),
        created,
    )

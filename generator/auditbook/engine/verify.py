"""`auditbook verify`: check a packet, a built site or a folder of releases, offline.

A packet is checked against the manifest embedded in it (every attachment is the file
that was assessed); a site or a release against its manifest.json (every file it lists
is there with its SHA-256, and no file is there that it does not list); a folder of
releases release by release, and each release's manifest against the seal versions.json
records for it, when there is one.
"""

from __future__ import annotations

import functools
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

from auditbook.domain.errors import AuditbookError
from auditbook.domain.files import DRAFT, MANIFEST, VERSIONS
from auditbook.domain.loops import outside_event_loop

if TYPE_CHECKING:
    from collections.abc import Mapping
from auditbook.inputs.hashing import sha256_file
from auditbook.release.seals import release_seal


@dataclass
class Verification:
    """What was checked, and every way it does not hold (empty: it all holds)."""

    checked: int = 0
    problems: list[str] = field(default_factory=list)
    # What holds but a reader should know: who signed, whether a signature is timestamped.
    notes: list[str] = field(default_factory=list)

    @property
    def holds(self) -> bool:
        return not self.problems


def verify(path: Path) -> Verification:
    """Check whatever `path` is; AuditbookError when it is none of the things auditbook makes."""
    result = Verification()
    if path.is_file():
        _packet(path, result)
    elif (path / VERSIONS).is_file():
        _releases(path, result)
    elif (path / MANIFEST).is_file():
        _site(path, path.name or str(path), result)
    else:
        raise AuditbookError(
            "not a packet (PDF), a built site (with manifest.json) or a folder of releases "
            "(with versions.json)",
            str(path),
        )
    return result


def _packet(path: Path, result: Verification) -> None:
    import pikepdf

    try:
        # qpdf reads each attachment from the file when it is asked for, and keeps none:
        # a packet's attachments can be hundreds of MB.
        with pikepdf.open(path) as pdf:
            _attachments(path.name, pdf.attachments, result)
    except pikepdf.PdfError as error:
        result.problems.append(f"{path.name}: not a readable PDF ({type(error).__name__})")
        return
    _signatures(path, result)


def _attachments(name: str, attachments: Mapping[str, Any], result: Verification) -> None:
    """Every attachment the manifest lists has the SHA-256 it gives, and no other is there."""
    data = _attached(attachments, MANIFEST)
    if data is None:
        result.problems.append(f"{name}: no {MANIFEST} attached (not an auditbook packet?)")
        return
    manifest = _json(data, f"{name}: {MANIFEST}", result)
    if manifest is None:
        return
    listed = {MANIFEST}
    for entry in _entries(manifest, "evidence", f"{name}: {MANIFEST}", result):
        attached = entry.get("attachment")
        if not isinstance(attached, str):
            continue  # listed with its hash, not attached
        listed.add(attached)
        result.checked += 1
        data = _attached(attachments, attached)
        if data is None:
            result.problems.append(f"{name}: attachment {attached} is missing")
        elif hashlib.sha256(data).hexdigest() != entry.get("sha256"):
            result.problems.append(f"{name}: attachment {attached} is not the file assessed")
    for extra in sorted(set(attachments) - listed):
        result.problems.append(f"{name}: attachment {extra} is not in its manifest")


def _attached(attachments: Mapping[str, Any], name: str) -> bytes | None:
    """One attachment's bytes, or None when there is none of that name."""
    spec = attachments.get(name)
    return bytes(spec.get_file().read_bytes()) if spec is not None else None


def _signatures(path: Path, result: Verification) -> None:
    """Every signature must be intact, cryptographically valid and cover the whole file."""
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature

    try:
        with path.open("rb") as stream:
            signatures = PdfFileReader(stream, strict=False).embedded_signatures
            if not signatures:
                result.notes.append(f"{path.name}: not signed; only its attachments were checked")
            for signature in signatures:
                result.checked += 1
                validate = functools.partial(
                    validate_pdf_signature,
                    signature,
                    signer_validation_context=_offline(),
                    ts_validation_context=_offline(),
                )
                status = outside_event_loop(validate)
                _judge_signature(path.name, signature, status, result)
    except Exception as error:  # pyHanko raises many kinds on a damaged file
        result.problems.append(
            f"{path.name}: its signature cannot be read ({type(error).__name__})"
        )


def _offline() -> Any:
    """Integrity only, offline: whom to trust is the reader's decision, not ours."""
    from pyhanko_certvalidator import ValidationContext

    return ValidationContext(trust_roots=[], allow_fetching=False)


def _judge_signature(name: str, signature: Any, status: Any, result: Verification) -> None:
    from pyhanko.sign.validation.status import SignatureCoverageLevel

    signer = status.signing_cert.subject.human_friendly if status.signing_cert else "unknown"
    if not status.intact or not status.valid:
        result.problems.append(f"{name}: the signature by {signer} does not match the file")
        return
    if status.coverage is not SignatureCoverageLevel.ENTIRE_FILE:
        result.problems.append(f"{name}: something was added after {signer} signed it")
        return
    stamp = status.timestamp_validity
    if stamp is not None and not (stamp.intact and stamp.valid):
        result.problems.append(f"{name}: the signature's timestamp does not match")
        return
    when = f", timestamped {stamp.timestamp.isoformat()}" if stamp is not None else ""
    result.notes.append(f"{name}: signed by {signer}{when}; the signature covers the whole file")


def _site(folder: Path, label: str, result: Verification) -> None:
    manifest_path = folder / MANIFEST
    manifest = _json(_read(manifest_path, result, label), f"{label}/{MANIFEST}", result)
    if manifest is None:
        return
    listed: set[str] = set()
    for entry in _entries(manifest, "outputs", f"{label}/{MANIFEST}", result):
        name = entry.get("path")
        if not isinstance(name, str) or not _inside(name):
            result.problems.append(f"{label}/{MANIFEST}: an entry names no file inside the site")
            continue
        listed.add(name)
        result.checked += 1
        file = folder / name
        if not file.is_file() or file.is_symlink():
            result.problems.append(f"{label}/{name}: missing")
        elif sha256_file(file) != entry.get("sha256"):
            result.problems.append(f"{label}/{name}: changed since the build (SHA-256 differs)")
    for extra in sorted(_files(folder) - listed - {MANIFEST}):
        result.problems.append(f"{label}/{extra}: not in the manifest")


def _releases(root: Path, result: Verification) -> None:
    versions = _json(_read(root / VERSIONS, result, VERSIONS), VERSIONS, result)
    if not isinstance(versions, list):
        result.problems.append(f"{VERSIONS}: not a list of releases")
        return
    previous_seal = ""
    for entry in reversed(versions):  # oldest first: each seal chains the one before
        if not isinstance(entry, dict) or not isinstance(entry.get("version"), str):
            result.problems.append(f"{VERSIONS}: an entry has no version")
            continue
        name = entry["version"]
        folder = root / name
        if not _inside(name) or "/" in name or not folder.is_dir():
            result.problems.append(f"{name}: the release folder is missing")
            continue
        _site(folder, name, result)
        properties = entry.get("properties")
        seal = properties.get("seal") if isinstance(properties, dict) else None
        if seal is None:
            continue
        manifest = folder / MANIFEST
        expected = None
        if manifest.is_file():
            expected = release_seal(previous_seal, entry, sha256_file(manifest))
        result.checked += 1
        if seal != expected:
            result.problems.append(f"{name}: does not match its seal in {VERSIONS}")
        previous_seal = seal
    if (root / DRAFT / MANIFEST).is_file():
        _site(root / DRAFT, DRAFT, result)


def _files(folder: Path) -> set[str]:
    return {
        path.relative_to(folder).as_posix()
        for path in folder.rglob("*")
        if (path.is_file() or path.is_symlink())
        and not any(part.startswith(".") for part in path.relative_to(folder).parts)
    }


def _inside(name: str) -> bool:
    path = PurePosixPath(name)
    return bool(name) and not path.is_absolute() and ".." not in path.parts and "\\" not in name


def _read(path: Path, result: Verification, label: str) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError as error:
        result.problems.append(f"{label}: cannot be read ({error.strerror or error})")
        return None


def _json(data: bytes | None, label: str, result: Verification) -> Any:
    if data is None:  # unreadable: _read said so
        return None
    try:
        return json.loads(data)
    except ValueError:
        result.problems.append(f"{label}: not valid JSON")
        return None


def _entries(manifest: Any, key: str, label: str, result: Verification) -> list[dict[str, Any]]:
    entries = manifest.get(key) if isinstance(manifest, dict) else None
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        result.problems.append(f"{label}: no '{key}' list")
        return []
    return entries

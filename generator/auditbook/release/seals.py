"""Seals: each release's manifest hash, chained, so versions.json shows any later change.

A release's seal is the SHA-256 of its name, title, facts (readiness, packet hash, date...)
and the SHA-256 of its manifest.json, chained to the seal of the release before it. A
released file changed since (its manifest would no longer list it right), a manifest
edited, a readiness forged in versions.json or a release removed from the middle of the
history all break the chain from that release on. Aliases move from release to release,
so they are left out.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from typing import TYPE_CHECKING, Any

from auditbook.domain.files import MANIFEST
from auditbook.inputs.hashing import sha256_file

if TYPE_CHECKING:
    from pathlib import Path

    from auditbook.release.versions import VersionInfo, Versions

SEAL = "seal"


def release_seal(previous: str, entry: dict[str, Any], manifest_sha256: str) -> str:
    """The seal of one versions.json entry (as JSON), given the seal before it."""
    properties = entry.get("properties")
    facts = (
        {k: v for k, v in properties.items() if k != SEAL} if isinstance(properties, dict) else {}
    )
    sealed = {
        "previous": previous,
        "version": entry.get("version"),
        "title": entry.get("title"),
        "properties": facts,
        "manifest": manifest_sha256,
    }
    text = json.dumps(sealed, sort_keys=True, ensure_ascii=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("ascii")).hexdigest()


def broken_seals(root: Path, versions: Versions) -> list[str]:
    """Each sealed release that no longer matches its seal (oldest first), by name."""
    broken: list[str] = []
    previous = ""
    for info in reversed(versions.entries):
        seal = info.properties.get(SEAL)
        if not isinstance(seal, str):
            continue  # released before seals: nothing to check against
        manifest = root / info.version / MANIFEST
        expected = _seal_of(previous, info, manifest)
        if seal != expected:
            broken.append(info.version)
        previous = seal
    return broken


def sealed(root: Path, versions: Versions, staged: str, staged_dir: Path) -> Versions:
    """The same releases with every seal computed afresh, oldest first; the release being
    made (`staged`) is read from its staging folder."""
    previous = ""
    entries: list[VersionInfo] = []
    for info in reversed(versions.entries):
        folder = staged_dir if info.version == staged else root / info.version
        seal = _seal_of(previous, info, folder / MANIFEST)
        properties = {**info.properties, SEAL: seal}
        entries.append(dataclasses.replace(info, properties=properties))
        previous = seal
    return dataclasses.replace(versions, entries=tuple(reversed(entries)))


def _seal_of(previous: str, info: VersionInfo, manifest: Path) -> str:
    digest = sha256_file(manifest) if manifest.is_file() else "missing"
    return release_seal(previous, info.to_json(), digest)

"""manifest.json: SHA-256 of every evidence file (and of every site output), to verify offline.

Two manifests share one shape of evidence entry: the site's lists every output file of
the build beside the evidence; the one attached to the packet says under which name
each evidence file is attached (None: left out by its sidecar).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from auditbook import __version__
from auditbook.domain.files import MANIFEST
from auditbook.inputs.hashing import sha256_file

if TYPE_CHECKING:
    from collections.abc import Mapping
    from pathlib import Path

    from auditbook.core.results import Assessment


def site_manifest(assessment: Assessment, site_dir: Path) -> dict[str, Any]:
    """Evidence as assessed, and every file of the built site except the manifest itself."""
    outputs = [
        {
            "path": path.relative_to(site_dir).as_posix(),
            "sha256": sha256_file(path),
            "size": path.stat().st_size,
        }
        for path in sorted(site_dir.rglob("*"))
        if path.is_file() and path.relative_to(site_dir).as_posix() != MANIFEST
    ]
    return {**_header(assessment), "evidence": _evidence(assessment), "outputs": outputs}


def packet_manifest(
    assessment: Assessment, version: str, attachments: Mapping[str, str]
) -> dict[str, Any]:
    """Every evidence file's SHA-256, state, and the name it is attached under (by path)."""
    evidence = [
        {**entry, "state": result.state.value, "attachment": attachments.get(entry["path"])}
        for entry, result in zip(_evidence(assessment), assessment.evidence, strict=True)
    ]
    return {**_header(assessment), "packet_version": version, "evidence": evidence}


def _header(assessment: Assessment) -> dict[str, Any]:
    return {"generator": f"auditbook {__version__}", "as_of": assessment.today.isoformat()}


def _evidence(assessment: Assessment) -> list[dict[str, Any]]:
    return [
        {"path": r.evidence.path, "sha256": r.evidence.sha256, "size": r.evidence.size}
        for r in assessment.evidence
    ]

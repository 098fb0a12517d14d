"""manifest.json: SHA-256 of every evidence file and every output, so a third party can verify."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from auditbook import __version__

if TYPE_CHECKING:
    from auditbook.assess import Assessment

MANIFEST = "manifest.json"
_CHUNK = 1 << 20


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        while chunk := stream.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def build_manifest(assessment: Assessment, site_dir: Path) -> dict[str, Any]:
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
    evidence = [
        {"path": r.evidence.path, "sha256": r.evidence.sha256, "size": r.evidence.size}
        for r in assessment.evidence
    ]
    return {
        "generator": f"auditbook {__version__}",
        "as_of": assessment.today.isoformat(),
        "evidence": evidence,
        "outputs": outputs,
    }


def write_json(path: Path, data: dict[str, Any]) -> None:
    """Sorted keys and a final newline: the same data gives the same bytes."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n", "utf-8")

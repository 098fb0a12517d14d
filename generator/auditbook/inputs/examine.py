"""What one evidence file's bytes say: damage to its text, and what its kind's reader found.

Both depend only on the bytes, the path findings name, the sidecar and the checks (no
reader looks at today's date), so a result is reused while all of them and auditbook's
code are the same. A result a failure of the moment made (a file unreadable just then)
is never kept: the next build reads the file again.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from auditbook.domain.findings import Finding, Level
from auditbook.inputs.results_cache import stamp
from auditbook.inputs.results_json import READINGS
from auditbook.inputs.textscan import scan_text

if TYPE_CHECKING:
    from pathlib import Path

    from auditbook.domain.model import Checks, EvidenceMeta, ReaderResult
    from auditbook.inputs.results_cache import ResultCache
    from auditbook.inputs.results_json import Reading

SECTION = "readers"
# Findings of a read that failed, not of the bytes read: such a result is not kept.
_MOMENTARY = frozenset({"evidence-unreadable", "reader-failed"})


def examine(
    path: Path,
    rel: str,
    meta: EvidenceMeta | None,
    checks: Checks,
    *,
    sha256: str,
    results: ResultCache | None = None,
) -> Reading:
    """Damage findings, and the reader's result when there is a sidecar to name the kind."""
    key = results.key(SECTION, sha256, rel, meta, checks) if results else None
    if results is None or key is None:
        return _examine(path, rel, meta, checks)
    cached = results.get(key, READINGS)
    if cached is not None:
        return cached
    before = stamp(path)
    reading = _examine(path, rel, meta, checks)
    damage, result = reading
    found = [*damage, *(result.findings if result else ())]
    if results.settled(before, path) and not any(f.code in _MOMENTARY for f in found):
        results.put(key, reading, READINGS)
    return reading


def _examine(path: Path, rel: str, meta: EvidenceMeta | None, checks: Checks) -> Reading:
    damage = tuple(_damage(path, rel))
    return damage, (_read(path, rel, meta, checks) if meta is not None else None)


def _damage(path: Path, rel: str) -> list[Finding]:
    try:
        return scan_text(path, rel)
    except OSError as error:
        message = f"cannot read evidence file: {error.strerror or error}"
        return [Finding(Level.ERROR, "evidence-unreadable", message, rel)]


def _read(path: Path, rel: str, meta: EvidenceMeta, checks: Checks) -> ReaderResult:
    """Run the kind's reader; imported here so collecting stays cheap to import."""
    from auditbook.inputs.readers import read_evidence

    return read_evidence(path, rel, meta, checks)

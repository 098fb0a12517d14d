"""What one evidence file's bytes say: damage to its text, and what its kind's reader found.

Both depend only on the bytes, the path findings name, the sidecar and the checks (no
reader looks at today's date), so a result is reused while all of them and auditbook's
code are the same. A result a failure of the moment made (a file unreadable just then)
is never kept: the next build reads the file again.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from auditbook.domain.findings import Finding, Level
from auditbook.inputs.fanout import fan_out
from auditbook.inputs.results_cache import stamp
from auditbook.inputs.results_json import READINGS
from auditbook.inputs.textscan import scan_text

if TYPE_CHECKING:
    from collections.abc import Sequence
    from pathlib import Path

    from auditbook.domain.model import Checks, EvidenceMeta, ReaderResult
    from auditbook.inputs.results_cache import Key, ResultCache
    from auditbook.inputs.results_json import Reading

SECTION = "readers"
# Findings of a read that failed, not of the bytes read: such a result is not kept.
_MOMENTARY = frozenset({"evidence-unreadable", "reader-failed"})


@dataclass(frozen=True)
class Examined:
    """One evidence file to examine: where it is, how findings name it, its sidecar, hash."""

    path: Path
    rel: str
    meta: EvidenceMeta | None
    sha256: str


# Files per process below which forking costs more than reading them here.
WORTH_A_PROCESS = 32


def examine_all(
    files: Sequence[Examined], checks: Checks, results: ResultCache | None = None
) -> list[Reading]:
    """Damage findings, and the reader's result where a sidecar names the kind, per file:
    from the cache when nothing they are made of changed, else read (on every core)."""
    keys = [_key(file, checks, results) for file in files]
    found = [results.get(key, READINGS) if results and key else None for key in keys]
    todo = [n for n, reading in enumerate(found) if reading is None]
    before = [stamp(files[n].path) if results else None for n in todo]
    jobs = [(files[n].path, files[n].rel, files[n].meta, checks) for n in todo]
    for n, was, reading in zip(
        todo, before, fan_out(_job, jobs, worth=WORTH_A_PROCESS), strict=True
    ):
        found[n] = reading
        key = keys[n]
        if results and key and results.settled(was, files[n].path) and _lasting(reading):
            results.put(key, reading, READINGS)
    return [reading for reading in found if reading is not None]


def _key(file: Examined, checks: Checks, results: ResultCache | None) -> Key | None:
    if results is None:
        return None
    return results.key(SECTION, file.sha256, file.rel, file.meta, checks)


def _lasting(reading: Reading) -> bool:
    """Whether the reading says what the bytes are, not what went wrong reading them."""
    damage, result = reading
    found = [*damage, *(result.findings if result else ())]
    return not any(finding.code in _MOMENTARY for finding in found)


def _job(job: tuple[Path, str, EvidenceMeta | None, Checks]) -> Reading:
    return _examine(*job)


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

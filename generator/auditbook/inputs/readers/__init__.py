"""Kind-specific readers: turn one evidence file into facts, findings and a verdict.

Readers never raise for bad content: an unusable or failed file gives an error
finding and a `fails` verdict, a doubtful one a warning. Files are streamed, never
loaded whole, and every string taken from them is capped in length (escaping is
left to the renderers).
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from auditbook.domain.model import ReaderResult, Verdict
from auditbook.inputs.readers._common import Notes, cap
from auditbook.inputs.readers.audit_log import read_audit_log
from auditbook.inputs.readers.baa import read_baa
from auditbook.inputs.readers.restore_log import read_restore_log
from auditbook.inputs.readers.signoff import read_signoff

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from auditbook.domain.model import Checks, EvidenceMeta

    Reader = Callable[[Path, str, Checks], ReaderResult]

__all__ = ["READERS", "read_evidence"]

log = logging.getLogger(__name__)

READERS: dict[str, Reader] = {
    "audit-log": read_audit_log,
    "backup-restore": read_restore_log,
    "baa": read_baa,
    "sign-off": read_signoff,
}


def read_evidence(path: Path, rel: str, meta: EvidenceMeta, checks: Checks) -> ReaderResult:
    """Read `path` with the reader for `meta.kind`; other kinds are generic evidence.

    `rel` is the path findings name (e.g. "evidence/audit/api-2026-10.csv").
    """
    reader = READERS.get(meta.kind)
    if reader is None:
        return ReaderResult()
    try:
        if reader is read_signoff:  # a signature is dated: never after the file was collected
            return read_signoff(path, rel, checks, meta.collected)
        return reader(path, rel, checks)
    except OSError as exc:
        notes = Notes(rel)
        notes.error("evidence-unreadable", f"cannot read file: {cap(exc.strerror or exc)}")
        return notes.result(Verdict.UNDECIDED)
    except Exception as exc:  # A reader bug must fail the gate, not the whole build.
        log.debug("reader for %s failed on %s", meta.kind, rel, exc_info=True)
        notes = Notes(rel)
        message = f"the {meta.kind} reader failed ({type(exc).__name__}: {cap(exc, 120)})"
        notes.error("reader-failed", message + "; run with --debug and report it")
        return notes.result(Verdict.UNDECIDED)

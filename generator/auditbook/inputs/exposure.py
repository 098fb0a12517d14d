"""The PHI and secrets gate: everything the public site and its packet would show, scanned.

Public are: every file of docs_dir (pages are rendered, other files copied as they are),
the sidecars' words (titles and descriptions are shown), what readers found in evidence
(facts are shown on evidence pages), and the raw evidence files sidecars publish. A hit
is a finding naming the file and line with the value masked; an error stops the build
before anything is written. Unpublished evidence is not scanned: it never leaves the
project except in the full packet, which is handed over privately.

What an evidence file's scan found is reused while its bytes, its sidecar's bytes, its
facts, whether it is published and auditbook's code are the same (see results_cache).
"""

from __future__ import annotations

import dataclasses
import hashlib
from dataclasses import dataclass
from typing import TYPE_CHECKING

from auditbook.domain.findings import Finding, Level, cap_findings
from auditbook.inputs.fanout import fan_out
from auditbook.inputs.results_cache import stamp
from auditbook.inputs.results_json import FINDINGS
from auditbook.inputs.sensitive import TooLargeToScan, scan_file, scan_lines
from auditbook.inputs.sidecar import SIDECAR_SUFFIX

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator, Sequence
    from pathlib import Path

    from auditbook.domain.model import Evidence, Review
    from auditbook.inputs.hashing import Stamp
    from auditbook.inputs.project import Inputs
    from auditbook.inputs.results_cache import Key, ResultCache
    from auditbook.inputs.sensitive import Hit

CODE = "sensitive-data"
HINT = ": remove it before publishing"
# Binary files a line scan cannot read: published only when a person says they are clean.
_UNSCANNABLE = frozenset(
    {".png", ".jpg", ".jpeg", ".gif", ".webp", ".ico", ".woff", ".woff2", ".ttf", ".otf"}
    | {".zip", ".gz", ".tgz", ".bz2", ".xz", ".zst", ".7z"}
    | {".docx", ".xlsx", ".pptx", ".odt", ".ods"}
)
SECTION = "scans"


@dataclass
class _Reads:
    """Whether a scan read every file it needed whole: one that could not is not reused."""

    whole: bool = True


def scan_public(inputs: Inputs) -> list[Finding]:
    """Findings for every suspected identifier or secret in what would be published."""
    settings = inputs.settings
    findings: list[Finding] = []
    left_out = set(inputs.left_out)  # never published: reported where they are left out
    for path in _docs_files(settings.docs_dir):
        rel = settings.relative(path)
        if path.relative_to(settings.docs_dir).as_posix() not in left_out and rel not in left_out:
            findings.extend(_scan_file(path, rel, _Reads()))
    scanned = _evidence_findings(inputs.evidence, settings.root, inputs.results)
    for evidence, found in zip(inputs.evidence, scanned, strict=True):
        review = evidence.meta.sensitive_data_reviewed if evidence.meta else None
        findings.extend(_reviewed(found, review) if review else found)
    if inputs.results:
        inputs.results.save(SECTION)
    return cap_findings(findings)


# Files per process below which forking costs more than scanning them here.
WORTH_A_PROCESS = 32


@dataclass(frozen=True)
class _Pending:
    """An evidence file whose scan is not in the cache: what to keep it under, if it lasts."""

    index: int
    key: Key | None
    read: tuple[Path, ...]
    before: tuple[Stamp | None, ...]


def _evidence_findings(
    evidence: Sequence[Evidence], root: Path, results: ResultCache | None
) -> list[tuple[Finding, ...]]:
    """The scan of each evidence file: from the cache when nothing it reads changed, else
    scanned now (on every core when there are many)."""
    found: list[tuple[Finding, ...] | None] = [None] * len(evidence)
    pending: list[_Pending] = []
    for index, one in enumerate(evidence):
        sidecar = root / one.meta.sidecar if one.meta else None
        raw = root / one.path if one.publishable else None
        read = tuple(path for path in (sidecar, raw) if path is not None)
        before = tuple(stamp(path) for path in read)  # taken first: the sidecar is read after
        key = _key(one, sidecar, results)
        found[index] = results.get(key, FINDINGS) if results and key else None
        if found[index] is None:
            pending.append(_Pending(index, key, read, before))
    jobs = [(evidence[p.index], root) for p in pending]
    for p, (scan, whole) in zip(
        pending, fan_out(_scan_job, jobs, worth=WORTH_A_PROCESS), strict=True
    ):
        found[p.index] = scan
        settled = results and all(map(results.settled, p.before, p.read))
        if results and p.key and whole and settled:
            results.put(p.key, scan, FINDINGS)
    return [scan or () for scan in found]


def _key(evidence: Evidence, sidecar: Path | None, results: ResultCache | None) -> Key | None:
    if results is None:
        return None
    words = _digest(sidecar) if sidecar else None
    if words == "":
        return None  # an unreadable sidecar: nothing is reused
    named = evidence.meta.sidecar if evidence.meta else None
    parts = (evidence.path, evidence.sha256, evidence.publishable, named, words, evidence.facts)
    return results.key(SECTION, *parts)


def _scan_job(job: tuple[Evidence, Path]) -> tuple[tuple[Finding, ...], bool]:
    """One evidence file's findings, and whether every file it needed was read whole."""
    reads = _Reads()
    return tuple(_scan_evidence(*job, reads)), reads.whole


def _digest(path: Path) -> str:
    """SHA-256 of a sidecar's bytes; empty when it cannot be read (then nothing is reused)."""
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return ""


def _reviewed(findings: Iterable[Finding], review: Review) -> Iterator[Finding]:
    """A person decided these may be published: kept as notes, saying who and why."""
    said = f"reviewed by {review.by} on {review.date.isoformat()}: {review.why}"
    for finding in findings:
        message = f"{finding.message.removesuffix(HINT)}; {said}"
        yield dataclasses.replace(finding, level=Level.INFO, message=message)


def _docs_files(docs_dir: Path) -> list[Path]:
    if not docs_dir.is_dir():
        return []
    return sorted(
        path
        for path in docs_dir.rglob("*")
        if path.is_file()
        and not path.is_symlink()
        and not any(part.startswith(".") for part in path.relative_to(docs_dir).parts)
    )


def _scan_evidence(evidence: Evidence, root: Path, reads: _Reads) -> Iterator[Finding]:
    if evidence.meta is not None:
        sidecar = root / evidence.meta.sidecar
        yield from _scan_file(sidecar, evidence.meta.sidecar, reads)
    facts = (f"{fact.label}: {fact.value}" for fact in evidence.facts)
    yield from _findings(scan_lines(facts), evidence.path, line_numbers=False)
    if evidence.publishable:
        yield from _scan_file(root / evidence.path, evidence.path, reads, published=True)


def _scan_file(
    path: Path, rel: str, reads: _Reads, *, published: bool = False
) -> Iterator[Finding]:
    shape = _shape(path) if path.suffix.lower() == ".pdf" else "text"
    if path.suffix.lower() in _UNSCANNABLE or shape == "binary":
        if published:
            message = (
                "published, but a binary file cannot be scanned for PHI or secrets: "
                "check it yourself, or set publish: false"
            )
            yield Finding(Level.WARNING, CODE, message, rel + SIDECAR_SUFFIX)
        return
    if shape == "pdf":
        yield from _findings(scan_lines(_pdf_lines(path, reads)), rel, line_numbers=False)
        return
    try:
        yield from _findings(scan_file(path), rel)
    except TooLargeToScan:
        message = "too large to scan for PHI or secrets (over 32 MiB): not published"
        yield Finding(Level.ERROR if published else Level.WARNING, CODE, message, rel)
    except OSError:
        reads.whole = False
        return  # unreadable files are reported where they are read


def _findings(
    hits: Iterable[tuple[int, Hit]], rel: str, *, line_numbers: bool = True
) -> Iterator[Finding]:
    for line, hit in hits:
        message = f"looks like {hit.kind} ({hit.masked}){HINT}"
        yield Finding(hit.level, CODE, message, rel, line if line_numbers else None)


def _shape(path: Path) -> str:
    """What the file holds, whatever its name: a PDF (its header within the first KiB, as
    readers accept it), binary content (a NUL byte early on) or text."""
    try:
        with path.open("rb") as stream:
            head = stream.read(8192)
    except OSError:
        return "pdf"  # reported where it is read; scanning it as a PDF says nothing more
    return "pdf" if b"%PDF-" in head[:1024] else "binary" if b"\0" in head else "text"


def _pdf_lines(path: Path, reads: _Reads) -> Iterator[str]:
    from pypdf import PdfReader

    try:
        for page in PdfReader(path).pages[:200]:
            yield from (page.extract_text() or "").splitlines()
    except Exception as error:  # pypdf raises many kinds on broken files; the BAA reader says
        # A broken file breaks the same way every time; a failed read may not fail again.
        reads.whole = reads.whole and not isinstance(error, OSError | MemoryError)
        return

"""Collecting `evidence/`: every file paired with its sidecar, hashed, and read by its kind."""

from __future__ import annotations

import errno
import logging
import os
import stat
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from auditbook.domain.findings import Finding, Level
from auditbook.domain.model import Checks, Evidence, EvidenceMeta, ReaderResult, Verdict
from auditbook.domain.text import control_in_name
from auditbook.inputs.examine import SECTION, Examined, examine_all
from auditbook.inputs.hashing import HashCache, Hashes, hash_files
from auditbook.inputs.sidecar import SIDECAR_SUFFIX, is_sidecar, load_sidecar, sidecar_path

if TYPE_CHECKING:
    from auditbook.inputs.results_cache import ResultCache
    from auditbook.inputs.results_json import Reading

logger = logging.getLogger(__name__)

# Explains the folder to people; it is not evidence.
FOLDER_README = "README.md"


@dataclass
class _Walk:
    """What walking the folder found: candidate files, sidecars, refusals and findings."""

    evidence_dir: Path
    root: Path
    files: list[Path] = field(default_factory=list)
    sidecars: set[Path] = field(default_factory=set)
    refused: set[Path] = field(default_factory=set)
    findings: list[Finding] = field(default_factory=list)
    # (device, inode) -> (links the system counts, files of this folder that are one of them)
    inodes: dict[tuple[int, int], tuple[int, list[Path]]] = field(default_factory=dict)

    def rel(self, path: Path) -> str:
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return Path(os.path.relpath(path, self.root)).as_posix()

    def note(
        self, level: Level, code: str, message: str, path: Path, line: int | None = None
    ) -> None:
        self.findings.append(Finding(level, code, message, self.rel(path), line))

    def refuse(self, path: Path, code: str, message: str) -> None:
        self.refused.add(path)
        self.note(Level.ERROR, code, message, path)


def collect_evidence(
    evidence_dir: Path,
    checks: Checks,
    *,
    cache_path: Path | None = None,
    root: Path | None = None,
    results: ResultCache | None = None,
) -> tuple[tuple[Evidence, ...], tuple[Finding, ...]]:
    """Everything under `evidence_dir` as Evidence, in path order, with every finding.

    `cache_path` keeps the files' hashes between builds, `results` what reading them found.
    """
    evidence_dir = evidence_dir.absolute()
    walk = _Walk(evidence_dir, (root or evidence_dir.parent).absolute())
    if not evidence_dir.is_dir():
        message = "no evidence folder; every item is at best attested"
        walk.note(Level.WARNING, "evidence-folder", message, evidence_dir)
        return (), tuple(walk.findings)
    _scan(walk, evidence_dir)
    _check_orphan_sidecars(walk)
    linked_out = _hard_links_out(walk)
    cache = HashCache.load(cache_path, walk.root)
    hashes = hash_files(walk.files, cache)
    cache.save()
    logger.debug("hashed %d of %d evidence files", len(hashes.hashed), len(walk.files))
    begun = [_begin(walk, path, hashes, path in linked_out) for path in walk.files]
    # Read together, on every core when there are many: the empty and the unreadable aside.
    wanted = [one for one in begun if one.size]
    files = [Examined(one.path, one.rel, one.meta, hashes.digests[one.path]) for one in wanted]
    readings = dict(zip(map(id, wanted), examine_all(files, checks, results), strict=True))
    collected: list[Evidence] = []
    findings = list(walk.findings)
    for one in begun:
        evidence = _finish(one, hashes, readings.get(id(one)))
        findings.extend(one.findings)
        if evidence is not None:
            collected.append(evidence)
    if results:
        results.save(SECTION)
    collected.sort(key=lambda item: item.path)
    return tuple(collected), tuple(findings)


def _scan(walk: _Walk, directory: Path) -> None:
    try:
        entries = sorted(os.scandir(directory), key=lambda entry: entry.name)
    except OSError as error:
        walk.refuse(directory, "evidence-unreadable", f"cannot read folder: {_reason(error)}")
        return
    for entry in entries:
        path = Path(entry.path)
        if entry.name.startswith(".") or _is_folder_readme(walk, path):
            continue
        if _badly_named(walk, path):
            continue
        if entry.is_symlink() and not _symlink_allowed(walk, path):
            continue
        if entry.is_dir(follow_symlinks=False):
            _scan(walk, path)
        else:
            _add_file(walk, path)


def _badly_named(walk: _Walk, path: Path) -> bool:
    """Refuse a name with a control character: no page, link or report could show it whole."""
    control = control_in_name(path.name)
    if control is None:
        return False
    if is_sidecar(path) and _evidence_of(path).exists():
        walk.refused.add(path)  # the finding about its evidence file names both
        return True
    message = (
        f"name holds a control character ({control}): it cannot be shown or linked safely; "
        "refused, rename it"
    )
    walk.refuse(path, "evidence-name", message)
    return True


def _is_folder_readme(walk: _Walk, path: Path) -> bool:
    return path.parent == walk.evidence_dir and path.name == FOLDER_README


def _symlink_allowed(walk: _Walk, path: Path) -> bool:
    """Refuse links that leave the folder: evidence must not pull in arbitrary files."""
    try:
        target = path.resolve(strict=True)
    except (OSError, RuntimeError) as error:  # a loop, or a link to nothing
        # Python 3.11-3.12 raise RuntimeError for a loop, 3.13 OSError(ELOOP): one reason.
        if isinstance(error, OSError) and error.errno != errno.ELOOP:
            reason = _reason(error)
        else:
            reason = "a symbolic link loop"
        walk.refuse(
            path, "evidence-symlink-broken", f"symlink cannot be followed ({reason}); refused"
        )
        return False
    if not target.is_relative_to(walk.evidence_dir.resolve()):
        message = f"symlink points outside {walk.rel(walk.evidence_dir)}/ (to {os.readlink(path)})"
        walk.refuse(path, "evidence-symlink-outside", message + "; refused")
        return False
    if target.is_dir():
        message = "symlinked folder not followed; its files are collected where they live"
        walk.note(Level.INFO, "evidence-symlink-folder", message, path)
        return False
    return True


def _add_file(walk: _Walk, path: Path) -> None:
    try:
        status = path.stat()
    except OSError as error:
        walk.refuse(path, "evidence-unreadable", f"cannot read evidence file: {_reason(error)}")
        return
    mode = status.st_mode
    if stat.S_ISREG(mode) and status.st_nlink > 1 and not is_sidecar(path):
        _, names = walk.inodes.setdefault((status.st_dev, status.st_ino), (status.st_nlink, []))
        names.append(path)
    if not stat.S_ISREG(mode):
        walk.refuse(path, "evidence-not-a-file", "not a regular file; refused")
    elif is_sidecar(path):
        walk.sidecars.add(path)
    elif path.name.lower().endswith((".meta.yaml", ".meta.yml")):
        fixed = path.name[: path.name.lower().rindex(".meta.")] + SIDECAR_SUFFIX
        message = f"sidecars are named NAME{SIDECAR_SUFFIX}; rename this to '{fixed}'"
        walk.note(Level.WARNING, "evidence-sidecar-name", message, path)
    else:
        walk.files.append(path)


def _evidence_of(sidecar: Path) -> Path:
    return sidecar.with_name(sidecar.name.removesuffix(SIDECAR_SUFFIX))


def _check_orphan_sidecars(walk: _Walk) -> None:
    files = set(walk.files) | walk.refused
    for sidecar in sorted(walk.sidecars):
        evidence = _evidence_of(sidecar)
        if evidence not in files:
            message = f"sidecar without its evidence file '{evidence.name}'"
            walk.note(Level.ERROR, "evidence-missing-file", message, sidecar, 1)


def _hard_links_out(walk: _Walk) -> set[Path]:
    """Files with names outside this folder (hard links): they may be anyone's files.

    A hard link cannot be told from the file it links to, so the other names may be
    outside the project (a key in a home folder): such a file is still evidence, read and
    hashed where it is, but never published raw. Links between files of the folder are fine.
    """
    linked = set()
    for links, names in walk.inodes.values():
        if links > len(names):
            linked.update(names)
            inside = f"{len(names)} {'is' if len(names) == 1 else 'are'}"
            message = (
                f"hard link: the file has {links} names and only {inside} in "
                f"{walk.rel(walk.evidence_dir)}/; the others may be outside the project, so it "
                "is never published raw (copy the file instead of linking it)"
            )
            for path in names:
                walk.note(Level.WARNING, "evidence-hard-link", message, path)
    return linked


@dataclass
class _Begun:
    """One file's sidecar and what was found before reading it; size None: unreadable."""

    path: Path
    rel: str
    meta: EvidenceMeta | None
    findings: list[Finding]
    size: int | None


def _begin(walk: _Walk, path: Path, hashes: Hashes, linked_out: bool) -> _Begun:
    rel = walk.rel(path)
    meta, findings = _meta(walk, path)
    if linked_out and meta is not None and meta.publish:
        meta = replace(meta, publish=False)
    if path in hashes.failed:
        message = f"cannot read evidence file: {_reason(hashes.failed[path])}"
        findings.append(Finding(Level.ERROR, "evidence-unreadable", message, rel))
        return _Begun(path, rel, meta, findings, None)
    size = hashes.sizes[path]
    if size == 0:  # An empty file proves nothing, whatever its sidecar claims.
        finding = Finding(Level.ERROR, "evidence-empty", "evidence file is empty (0 bytes)", rel)
        findings.append(finding)
    return _Begun(path, rel, meta, findings, size)


def _finish(one: _Begun, hashes: Hashes, reading: Reading | None) -> Evidence | None:
    if one.size is None:
        return None
    result = ReaderResult(verdict=Verdict.FAILS) if one.size == 0 else ReaderResult()
    if reading is not None:
        damage, read = reading
        one.findings.extend(damage)
        if read is not None:
            result = read
            one.findings.extend(result.findings)
    return Evidence(
        path=one.rel,
        sha256=hashes.digests[one.path],
        size=one.size,
        meta=one.meta,
        facts=result.facts,
        verdict=result.verdict,
        stale_after=result.stale_after,
        findings=tuple(one.findings),
        recognised=result.recognised,
        quotes=result.quotes,
    )


def _meta(walk: _Walk, path: Path) -> tuple[EvidenceMeta | None, list[Finding]]:
    sidecar = sidecar_path(path)
    if sidecar in walk.sidecars:
        return load_sidecar(sidecar, walk.rel(sidecar))
    message = f"no sidecar; add '{sidecar.name}' saying what this file is and what it covers"
    return None, [Finding(Level.WARNING, "evidence-no-sidecar", message, walk.rel(path))]


def _reason(error: OSError) -> str:
    return str(error.strerror or error)

"""Releasing: a build the caller runs, staged beside the others, then recorded as mike would.

`releasing()` checks the request, stages a folder and yields it; the caller builds into it
(the build sees the release through `current_history()`); the release is then committed
by two renames: its folder into place, then `versions.json`. Whatever fails before the
second rename leaves the root as it was; aliases and the root page are derived from
`versions.json` afterwards (aliases.py), so the next release repairs them if that step
was cut short.
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from auditbook.domain.clock import assessment_day
from auditbook.domain.errors import ReleaseError
from auditbook.domain.files import DRAFT, MANIFEST, PACKET, REPORT, VERSIONS
from auditbook.domain.text import control_in_name
from auditbook.inputs.hashing import sha256_file
from auditbook.inputs.report_file import read_report
from auditbook.release.aliases import finish_layout
from auditbook.release.atomic import staging_dir, writable_mode
from auditbook.release.history import History, Superseded, building_against
from auditbook.release.recovery import recover_releases
from auditbook.release.seals import broken_seals, sealed
from auditbook.release.versions import (
    VersionInfo,
    Versions,
    check_name,
    has_releases,
    load_versions,
    parse_versions,
)

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Request:
    """What `auditbook release` was asked to do."""

    version: str
    title: str | None = None
    aliases: tuple[str, ...] = ()
    force: bool = False


@dataclass
class Stage:
    """Where the caller builds a release; `info` is what was recorded, once it is."""

    site_dir: Path
    history: History
    info: VersionInfo | None = None


@contextmanager
def releasing(
    root: Path, request: Request, project_root: Path, *, use_directory_urls: bool = True
) -> Iterator[Stage]:
    """Stage `request.version` under root for the caller's build, then record it.

    Refuses to change a release without `force`; a build that raises records nothing.
    """
    root = root.resolve()
    _check_names(request)  # before anything is created
    recover_releases(root)  # a killed release: finished, or undone, before anything else
    _check_root(root)
    versions = load_versions(root)
    existing = _check_request(versions, request)
    superseded = _superseded(root, existing) if existing else ()
    history = History(root, versions, request.version, request.title, superseded)
    stage = Stage(staging_dir(root, request.version), history)
    try:
        with building_against(history):
            yield stage
        stage.site_dir.chmod(writable_mode(directory=True))
        properties = release_properties(stage.site_dir, project_root, superseded)
        title = request.title or request.version
        stage.info = VersionInfo(request.version, title, request.aliases, properties)
        if not request.force and (broken := broken_seals(root, versions)):
            raise ReleaseError(
                f"release {broken[0]} no longer matches its seal in {VERSIONS}: "
                "`auditbook verify` shows what changed; restore it, or release with --force"
            )
        recorded = sealed(root, versions.with_release(stage.info), request.version, stage.site_dir)
        _check_commit(root, stage.site_dir, recorded)
        _commit(root, request.version, stage.site_dir, recorded)
    finally:
        shutil.rmtree(stage.site_dir, ignore_errors=True)
    finish_layout(root, recorded, use_directory_urls)


def refuse_to_empty_releases(site_dir: Path) -> None:
    """A plain `mkdocs build` empties its site_dir: never one that holds releases."""
    if has_releases(site_dir):
        raise ReleaseError(
            f"{site_dir} holds released versions ({VERSIONS}) that `mkdocs build` would delete; "
            "build with `auditbook build` (it keeps them) or choose another site_dir (-d)"
        )


def draft_target(target: Path) -> tuple[Path, History | None]:
    """Where a plain build goes, and the releases it is set against (None: there are none).

    The root of a released site belongs to the releases (its index leads to the default
    alias), so the unreleased draft is built into its draft/ folder, set against them for
    the Changes page and the chart, and never touches them.
    """
    parent = target.parent
    if has_releases(parent) and load_versions(parent).find(target.name) is not None:
        raise ReleaseError(
            "is a released version (or an alias of one), which no build may change; "
            "release a new version with `auditbook release`",
            target.as_posix(),
        )
    if not has_releases(target):
        return target, None
    return target / DRAFT, History(target, load_versions(target))


def _check_root(root: Path) -> None:
    """Never write releases over a folder that is not a site: it may be anything."""
    root.mkdir(parents=True, exist_ok=True)
    entries = [p for p in root.iterdir() if not p.name.startswith(".")]
    if entries and not has_releases(root) and not (root / MANIFEST).is_file():
        raise ReleaseError(
            "is neither empty nor a site auditbook built; choose another folder (-d)",
            root.as_posix(),
        )


def _check_names(request: Request) -> None:
    check_name(request.version)
    for alias in request.aliases:
        check_name(alias, "alias")
        if alias == request.version:
            raise ReleaseError(f"alias {alias!r} is the version's own name")
    title = request.title
    if title is not None and (control_in_name(title) or not title.strip() or len(title) > 200):
        raise ReleaseError(
            f"title {title!r} is not one line of up to 200 characters; the version selector "
            "shows it as such"
        )
    if title is not None and any(char in title for char in "<>&"):
        # Material's version selector puts titles into the page as HTML: markup would run.
        raise ReleaseError(
            f"title {title!r} holds <, > or &: the version selector would read it as HTML; "
            "write it in words"
        )


def _check_request(versions: Versions, request: Request) -> VersionInfo | None:
    for alias in request.aliases:
        if versions.get(alias) is not None:
            raise ReleaseError(f"alias {alias!r} is already the name of a release")
    owner = versions.find(request.version)
    if owner is not None and owner.version != request.version:
        raise ReleaseError(f"{request.version!r} is already an alias of {owner.version!r}")
    if owner is not None and not request.force:
        released = owner.properties.get("date", "earlier")
        raise ReleaseError(
            f"version {request.version!r} was released {released} and released versions are "
            "immutable; --force releases it again and keeps its earlier packet beside the new one"
        )
    return owner


def _superseded(root: Path, existing: VersionInfo) -> tuple[Superseded, ...]:
    """The packets of a version about to be re-released: every earlier one is kept."""
    folder = root / existing.version
    kept = []
    for entry in existing.properties.get("superseded_packets") or []:
        path = folder / str(entry.get("file"))
        if path.is_file():
            kept.append(Superseded(path.name, path, sha256_file(path), entry.get("released")))
    name = existing.properties.get("packet")
    packet = folder / str(name)
    if name and packet.is_file():
        sha256 = sha256_file(packet)
        if sha256 != existing.properties.get("packet_sha256"):
            log.warning("%s differs from the SHA-256 recorded when it was released", packet)
        released = existing.properties.get("date")
        stem, suffix = os.path.splitext(packet.name)
        tag = "-".join(part for part in (released, sha256[:12]) if part)
        kept.append(Superseded(f"{stem}.superseded-{tag}{suffix}", packet, sha256, released))
    return tuple(kept)


def release_properties(
    site: Path, project_root: Path, superseded: tuple[Superseded, ...]
) -> dict[str, Any]:
    """What an auditor looks for first: when, how ready, which packet (by hash), which commit."""
    report = read_report(site / REPORT)
    overall = report.get("overall", {})
    properties: dict[str, Any] = {
        "date": assessment_day(None).isoformat(),
        "as_of": report.get("as_of"),
        "readiness": overall.get("readiness"),
        "met": overall.get("counts", {}).get("met"),
        "applicable": overall.get("applicable"),
        "packet": None,
        "packet_sha256": None,
    }
    packet = site / PACKET
    if packet.is_file():
        properties["packet"] = PACKET
        properties["packet_sha256"] = sha256_file(packet)
    else:
        log.warning("the build made no %s: the release records no packet", PACKET)
    commit = git_commit(project_root)
    if commit is not None:
        properties["commit"], properties["uncommitted_changes"] = commit
    if superseded:
        properties["superseded_packets"] = [each.to_json() for each in superseded]
    return properties


def git_commit(folder: Path) -> tuple[str, bool] | None:
    """HEAD and whether the work tree differs from it; None outside a git repository."""

    def git(*args: str) -> str:
        done = subprocess.run(
            ["git", *args], cwd=folder, capture_output=True, text=True, check=True, timeout=30
        )
        return done.stdout

    try:
        head = git("rev-parse", "--verify", "HEAD").strip()
        dirty = bool(git("status", "--porcelain").strip())
    except (OSError, subprocess.SubprocessError):
        return None
    return head, dirty


def _check_commit(root: Path, staged: Path, recorded: Versions) -> None:
    """What versions.json will say, checked before it is written: names read back as they
    will be, each a plain folder of the root, and the staged site whole."""
    parse_versions(recorded.dumps(), (root / VERSIONS).as_posix())
    for info in recorded:
        for name in (info.version, *info.aliases):
            if (root / name).is_symlink():
                raise ReleaseError(
                    "is a symbolic link; a release or alias must be a folder of the site root",
                    (root / name).as_posix(),
                )
    missing = [name for name in (REPORT, MANIFEST) if not (staged / name).is_file()]
    if missing:
        raise ReleaseError(f"the build made no {', '.join(missing)}: nothing was released")


def _commit(root: Path, version: str, staging: Path, versions: Versions) -> None:
    """Rename the staged version into place, then versions.json; undo the first on failure."""
    handle, name = tempfile.mkstemp(prefix=f".{VERSIONS}.tmp-{os.getpid()}-", dir=root)
    os.close(handle)
    index = Path(name)
    target, aside = root / version, root / f".{version}.old-{os.getpid()}"
    moved_aside = False
    try:
        index.write_text(versions.dumps(), "utf-8")
        index.chmod(writable_mode(directory=False))
        if target.exists():  # a forced re-release (or the remains of an interrupted one)
            os.replace(target, aside)
            moved_aside = True
        os.replace(staging, target)
        os.replace(index, root / VERSIONS)  # the commit point
    except BaseException:
        if target.exists() and not staging.exists():
            os.replace(target, staging)
        if moved_aside:
            os.replace(aside, target)
        index.unlink(missing_ok=True)
        raise
    if moved_aside:
        shutil.rmtree(aside, ignore_errors=True)

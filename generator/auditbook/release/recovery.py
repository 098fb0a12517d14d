"""Finishing what a killed release left half-done, before anything else touches the root.

A release commits by renames (staging.py): its folder into place, then `versions.json`
from a temporary file written first. Killed between the two, the root holds a complete
release that nothing records. The next run finishes that commit when the temporary index
is whole and names exactly the folder in place (its packet's SHA-256 recorded); otherwise
the folder moved aside is put back and the rest removed (atomic.remove_leftovers). Either
way a line says what was done.
"""

from __future__ import annotations

import logging
import os
from dataclasses import replace
from typing import TYPE_CHECKING

from auditbook.domain.errors import ReleaseError
from auditbook.domain.files import PACKET, VERSIONS
from auditbook.inputs.hashing import sha256_file
from auditbook.release.atomic import leftovers, remove_leftovers
from auditbook.release.versions import (
    VersionInfo,
    Versions,
    has_releases,
    load_versions,
    parse_versions,
)

if TYPE_CHECKING:
    from pathlib import Path

log = logging.getLogger(__name__)


def recover_releases(root: Path) -> None:
    """Complete an interrupted commit under `root` if it can be; then clean up after it."""
    if not root.is_dir():
        return
    indexes = [entry for entry, _, kind in leftovers(root, VERSIONS) if kind == "tmp"]
    if not indexes and not has_releases(root):
        return  # not a root of releases: its leftovers are the build's to clean
    for index in indexes:
        _complete(root, index)
    remove_leftovers(root)


def _complete(root: Path, index: Path) -> None:
    try:
        pending = parse_versions(index.read_text("utf-8"), index.as_posix())
        current = load_versions(root)
    except (OSError, UnicodeDecodeError, ReleaseError):
        return  # cut short while written, or the root's own index is broken: not ours to fix
    added = _added(current, pending)
    if added is None or not _in_place(root, added):
        return
    log.info(
        "completing the release of %s in %s, interrupted before %s recorded it",
        added.version,
        root,
        VERSIONS,
    )
    os.replace(index, root / VERSIONS)


def _added(current: Versions, pending: Versions) -> VersionInfo | None:
    """The one release `pending` records differently from `current` (None: not exactly one)."""
    # Aliases move to a new release: the entry that lost one is not what was released.
    changed = [
        info for info in pending if _unaliased(current.get(info.version)) != _unaliased(info)
    ]
    others = {info.version for info in pending}
    dropped = [info for info in current if info.version not in others]
    return changed[0] if len(changed) == 1 and not dropped else None


def _unaliased(info: VersionInfo | None) -> VersionInfo | None:
    return None if info is None else replace(info, aliases=())


def _in_place(root: Path, info: VersionInfo) -> bool:
    """Whether the folder of `info` is the one its entry describes (by its packet's hash)."""
    folder = root / info.version
    if folder.is_symlink() or not folder.is_dir():
        return False
    recorded = info.properties.get("packet_sha256")
    packet = folder / PACKET
    if recorded is None:
        return not packet.exists()
    try:
        return packet.is_file() and sha256_file(packet) == recorded
    except OSError:
        return False

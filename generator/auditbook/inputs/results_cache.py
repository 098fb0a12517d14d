"""What reading and scanning evidence files found, kept between builds by what it was made of.

Reading 2,000 files again when none changed costs most of a no-op rebuild. A result is
found again by the digest of everything it was made from: the file's SHA-256, its path,
its sidecar, the checks, and auditbook's own code. Each part of the build (a "section":
reading, scanning) keeps one JSON file in `.auditbook-cache/results/`, rewritten with
only the entries it used, so nothing outlives the build after the one that last needed
it. Keys are sealed with the cache's secret (see localcache), values are checked as they
are read back; an unusable file is a miss and failing to write one never fails a build.
"""

from __future__ import annotations

import json
import logging
import os
import re
import stat
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from auditbook.inputs.code_digest import code_digest
from auditbook.inputs.hashing import Stamp, stamp_of
from auditbook.inputs.localcache import write_whole
from auditbook.inputs.results_json import canonical

if TYPE_CHECKING:
    from auditbook.inputs.localcache import LocalCache
    from auditbook.inputs.results_json import Codec

logger = logging.getLogger(__name__)

T = TypeVar("T")
VERSION = 1
# A section file larger than this is neither read nor written: a cache never costs much.
MAX_BYTES = 64 << 20
# A file's change time comes from a clock that ticks every few milliseconds: only a file
# changed longer than this before the build began is known unchanged since it was hashed.
SETTLE_NS = 50_000_000
_SEALED = re.compile(r"[0-9a-f]{64}")

# (section, sealed key)
Key = tuple[str, str]


def stamp(path: Path) -> Stamp | None:
    """The file's stamp, None when it cannot be seen (then nothing made from it is kept)."""
    try:
        return stamp_of(os.stat(path))
    except OSError:
        return None


@dataclass
class ResultCache:
    """Results by sealed key, section by section; opened once a build, before any file is read."""

    folder: Path
    local: LocalCache
    code: str
    since_ns: int = field(default_factory=time.time_ns)
    loaded: dict[str, dict[str, object]] = field(default_factory=dict)
    used: dict[str, dict[str, object]] = field(default_factory=dict)

    @classmethod
    def open(cls, local: LocalCache | None, *, code: str | None = None) -> ResultCache | None:
        """The results part of `local`; `code` stands in for auditbook's own digest (tests)."""
        folder = local.part("results") if local else None
        code = code_digest() if code is None else code
        if local is None or folder is None or not code:
            return None
        return cls(folder, local, code)

    def key(self, section: str, *parts: object) -> Key | None:
        """The sealed key of a result made from `parts`; None when one has no canonical form."""
        try:
            text = canonical([section, VERSION, self.code, *parts])
        except (TypeError, ValueError):
            return None
        return section, self.local.seal(text)

    def get(self, key: Key, codec: Codec[T]) -> T | None:
        section, sealed = key
        entries = self._entries(section)
        if sealed not in entries:
            return None
        try:
            value = codec.decode(entries[sealed])
        except (ValueError, TypeError):
            return None
        self.used.setdefault(section, {})[sealed] = entries[sealed]
        return value

    def put(self, key: Key, value: T, codec: Codec[T]) -> None:
        """Keep `value` only if it reads back equal: a cached build is the same build."""
        encoded = codec.encode(value)
        try:
            same = codec.decode(json.loads(json.dumps(encoded))) == value
        except (ValueError, TypeError):
            same = False
        if same:
            section, sealed = key
            self.used.setdefault(section, {})[sealed] = encoded

    def settled(self, before: Stamp | None, path: Path) -> bool:
        """Unchanged while it was read, and since before this build hashed it."""
        if before is None or before[2] >= self.since_ns - SETTLE_NS:
            return False
        return before == stamp(path)

    def save(self, section: str) -> None:
        """Write the entries this build used, if they are not exactly those already there."""
        used = self.used.get(section, {})
        if used == self._entries(section):
            return
        text = json.dumps({"version": VERSION, "entries": dict(sorted(used.items()))})
        if len(text) > MAX_BYTES:
            logger.info("not caching %d %s results: over %d bytes", len(used), section, MAX_BYTES)
            return
        try:
            write_whole(self.folder / f"{section}.json", text.encode("utf-8"))
        except OSError as error:
            # Only later builds are slower; a folder that cannot be written at all is already
            # reported by the hash cache, and the reason is said once, not three times.
            logger.info("could not write the %s cache: %s", section, error.strerror or error)

    def _entries(self, section: str) -> dict[str, object]:
        if section not in self.loaded:
            self.loaded[section] = _load(self.folder / f"{section}.json")
        return self.loaded[section]


def _load(path: Path) -> dict[str, object]:
    """The file's entries; none when it is missing, unreadable, too large or not ours."""
    try:
        data = _read_bounded(path)
        if data is None:
            return {}
        document = json.loads(data)
        if type(document) is not dict or document.get("version") != VERSION:
            raise ValueError(f"not a version-{VERSION} results cache")
        entries = document.get("entries")
        if type(entries) is not dict or not all(_SEALED.fullmatch(key) for key in entries):
            raise ValueError("no entries by sealed key")
        return entries
    except (OSError, ValueError, RecursionError) as error:
        logger.info("ignoring unusable results cache %s: %s", path, error)
        return {}


def _read_bounded(path: Path) -> bytes | None:
    # Not through a link, and never blocking on a pipe someone left in the folder.
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        return None
    with os.fdopen(fd, "rb") as stream:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise ValueError("not a regular file")
        data = stream.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise ValueError(f"over {MAX_BYTES} bytes")
    return data

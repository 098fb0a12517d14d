"""SHA-256 of evidence files: streamed, in parallel, cached so unchanged files are not re-read."""

from __future__ import annotations

import hashlib
import json
import logging
import os
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from auditbook.domain.cores import processes
from auditbook.domain.progress import progress
from auditbook.inputs.fanout import in_shares
from auditbook.inputs.localcache import write_whole

if TYPE_CHECKING:
    from collections.abc import Iterator

logger = logging.getLogger(__name__)

CHUNK_SIZE = 1 << 20
CACHE_VERSION = 2
# A file changed again within this window of being hashed could keep its size and mtime,
# so such a fresh entry is never trusted later (git's "racily clean" problem).
RACY_WINDOW_NS = 2_000_000_000

# size, mtime_ns, ctime_ns, inode: mtime can be set back by anyone (`touch -d`), ctime
# cannot, and a file replaced by another keeps neither its inode nor its ctime.
Stamp = tuple[int, int, int, int]
Entry = tuple[int, int, int, int, str]


def sha256_file(path: Path, chunk_size: int = CHUNK_SIZE) -> str:
    """Hash a file chunk by chunk, so a multi-gigabyte export never sits in memory."""
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        while chunk := stream.read(chunk_size):
            digest.update(chunk)
    return digest.hexdigest()


@dataclass
class HashCache:
    """Digests of files by relative path and Stamp, kept as JSON between builds."""

    path: Path | None
    root: Path
    entries: dict[str, Entry] = field(default_factory=dict)
    used: dict[str, Entry] = field(default_factory=dict)

    @classmethod
    def load(cls, path: Path | None, root: Path) -> HashCache:
        """Open the cache; a missing or corrupt file only means everything is hashed again."""
        cache = cls(path, root)
        if path is None or not path.exists():
            return cache
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            cache.entries = _valid_entries(data)
        except (OSError, ValueError, TypeError) as error:
            logger.info("ignoring unusable hash cache %s: %s", path, error)
        return cache

    def key(self, file: Path) -> str:
        try:
            return file.relative_to(self.root).as_posix()
        except ValueError:
            return file.absolute().as_posix()

    def get(self, file: Path, stamp: Stamp) -> str | None:
        key = self.key(file)
        entry = self.entries.get(key)
        if entry is None or entry[:4] != stamp:
            return None
        self.used[key] = entry
        return entry[4]

    def put(self, file: Path, stamp: Stamp, digest: str) -> None:
        # ctime, not mtime: a restored mtime says nothing about when the bytes last changed.
        if time.time_ns() - stamp[2] > RACY_WINDOW_NS:
            self.used[self.key(file)] = (*stamp, digest)

    def save(self) -> None:
        """Write the entries used in this build atomically; failing to cache never fails a build."""
        if self.path is None:
            return
        files = {key: list(self.used[key]) for key in sorted(self.used)}
        text = json.dumps({"version": CACHE_VERSION, "files": files}, indent=1) + "\n"
        try:
            write_whole(self.path, text.encode("utf-8"))
        except OSError as error:
            logger.warning("could not write hash cache %s: %s", self.path, error)


def _valid_entries(data: object) -> dict[str, Entry]:
    if not isinstance(data, dict) or data.get("version") != CACHE_VERSION:
        raise ValueError(f"not a version-{CACHE_VERSION} hash cache")
    files = data.get("files")
    if not isinstance(files, dict):
        raise ValueError("no 'files' mapping")
    entries = {}
    for key, value in files.items():
        if not (isinstance(value, list) and len(value) == 5):
            raise ValueError(f"bad entry for {key!r}")
        *numbers, digest = value
        if not (all(type(n) is int for n in numbers) and isinstance(digest, str)):
            raise ValueError(f"bad entry for {key!r}")
        size, mtime_ns, ctime_ns, inode = numbers
        entries[key] = (size, mtime_ns, ctime_ns, inode, digest)
    return entries


@dataclass(frozen=True)
class Hashes:
    """Digests and sizes by path, which files were actually read, and which could not be."""

    digests: dict[Path, str]
    sizes: dict[Path, int]
    hashed: tuple[Path, ...]
    failed: dict[Path, OSError]


# Small files are hashed in one loop: with threads, each file's open and read would wait
# for the GIL, and a thread per batch loses to the loop. Many small files are split in
# equal shares, this process hashing one and a forked process each other, but only while
# this process runs no other thread (forking one that does can copy a held lock). Large
# files get a thread each: hashlib lets go of the GIL while it hashes a megabyte, so they
# spread over the cores at OpenSSL speed.
SMALL_FILE = 256 * 1024
WORTH_FORKING = 4000  # small files; fewer are hashed sooner than processes start

Outcome = tuple[str, Stamp] | OSError  # the digest and the stamp after reading


def hash_files(
    paths: list[Path], cache: HashCache | None = None, *, workers: int | None = None
) -> Hashes:
    """Hash files (on every core when there are many), skipping those the cache vouches for."""
    # Kept by position, not by path: hashing a Path costs more than stat-ing small files.
    names = [os.fspath(path) for path in paths]
    stamps: list[Stamp | None] = [None] * len(paths)
    digests: list[str | None] = [None] * len(paths)
    failed: dict[Path, OSError] = {}
    for n, name in enumerate(names):
        try:
            stamps[n] = stamp = stamp_of(os.stat(name))
        except OSError as error:
            failed[paths[n]] = error
            continue
        digests[n] = cache.get(paths[n], stamp) if cache else None
    todo = [n for n, digest in enumerate(digests) if digest is None and stamps[n] is not None]
    sizes = [stamp[0] if stamp else 0 for stamp in stamps]
    for n, outcome in _hash_all(todo, names, sizes, workers):
        if isinstance(outcome, OSError):
            failed[paths[n]] = outcome
            continue
        digests[n], after = outcome
        if cache and stamps[n] == after:
            cache.put(paths[n], after, outcome[0])
        sizes[n] = after[0]
    ordered = {path: digest for path, digest in zip(paths, digests, strict=True) if digest}
    hashed = tuple(paths[n] for n in todo if digests[n])
    by_path = {
        path: size for path, size, digest in zip(paths, sizes, digests, strict=True) if digest
    }
    return Hashes(ordered, by_path, hashed, failed)


def _hash_all(
    todo: list[int], names: list[str], sizes: list[int], workers: int | None
) -> Iterator[tuple[int, Outcome]]:
    """(position, outcome) for every file not cached, showing the bytes hashed as they are."""
    if not todo:
        return
    total = sum(sizes[n] for n in todo)
    files = f"{len(todo)} evidence file{'s' if len(todo) != 1 else ''}"
    small = [n for n in todo if sizes[n] < SMALL_FILE]
    large = [n for n in todo if sizes[n] >= SMALL_FILE]
    count = min(workers or processes(), len(small) // (WORTH_FORKING // 2))
    # Forked first, while no thread runs: the progress bar and the large files' pool do.
    outcomes = in_shares(_hash_small, [names[n] for n in small], count)
    with progress(f"hashing {files}", total, bytes_=True) as tracker:
        with ThreadPoolExecutor(workers) as threads:
            futures = [threads.submit(_hash_large, names[n]) for n in large]
            for n, outcome in zip(small, outcomes, strict=True):
                yield n, outcome
                tracker.advance(sizes[n])
            for n, future in zip(large, futures, strict=True):
                yield n, future.result()
                tracker.advance(sizes[n])
        tracker.result = f"hashed {files} ({total / 1e6:.1f} MB)"


def _hash_small(path: str) -> Outcome:
    """One small file with as few calls as can be: open, read, fstat, close."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError as error:
        return error
    try:
        digest = hashlib.sha256()
        while chunk := os.read(fd, CHUNK_SIZE):
            digest.update(chunk)
        return digest.hexdigest(), stamp_of(os.fstat(fd))
    except OSError as error:
        return error
    finally:
        os.close(fd)


def _hash_large(name: str) -> Outcome:
    try:
        return sha256_file(Path(name)), stamp_of(os.stat(name))
    except OSError as error:
        return error


def stamp_of(info: os.stat_result) -> Stamp:
    """A file's Stamp from what stat or fstat said of it."""
    return info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino

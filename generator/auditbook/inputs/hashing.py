"""SHA-256 of evidence files: streamed, in parallel, cached so unchanged files are not re-read."""

from __future__ import annotations

import errno
import hashlib
import json
import logging
import os
import stat
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import partial
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

    def key(self, name: str) -> str:
        """The entry's key for a file named `name`: its path under the root, or its own.

        Cut as a string: the names come from Path objects, so they are already normal, and
        Path.relative_to takes longer than stat-ing a small file."""
        prefix = os.fspath(self.root) + os.sep
        if name.startswith(prefix):
            return name[len(prefix) :].replace(os.sep, "/")
        return Path(name).absolute().as_posix()

    def get(self, name: str, stamp: Stamp) -> str | None:
        key = self.key(name)
        entry = self.entries.get(key)
        if entry is None or entry[:4] != stamp:
            return None
        self.used[key] = entry
        return entry[4]

    def put(self, name: str, stamp: Stamp, digest: str) -> None:
        # ctime, not mtime: a restored mtime says nothing about when the bytes last changed.
        if time.time_ns() - stamp[2] > RACY_WINDOW_NS:
            self.used[self.key(name)] = (*stamp, digest)

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


# Small files are hashed where they are stat-ed, in one loop: with threads, each file's
# open and read would wait for the GIL, and a thread per batch loses to the loop. Many
# files are split in equal shares, this process looking at one and a forked process at
# each other (stat, the cache, and the hash of a small file), but only while this process
# runs no other thread (forking one that does can copy a held lock). Large files get a
# thread each afterwards: hashlib lets go of the GIL while it hashes a megabyte, so they
# spread over the cores at OpenSSL speed.
SMALL_FILE = 256 * 1024
WORTH_FORKING = 4000  # files; fewer are looked at sooner than processes start

Outcome = tuple[str, Stamp] | OSError  # the digest and the stamp after reading
# What a share finds of a file: its stamp, the digest the cache vouches for, and the
# outcome of hashing it there (a small file); None and None: hashed afterwards.
Look = tuple[Stamp, str | None, Outcome | None] | OSError


def hash_files(
    paths: list[Path], cache: HashCache | None = None, *, workers: int | None = None
) -> Hashes:
    """Hash files (on every core when there are many), skipping those the cache vouches for."""
    started = time.monotonic()
    # Kept by position, not by path: hashing a Path costs more than stat-ing small files.
    names = [os.fspath(path) for path in paths]
    count = min(workers or processes(), len(names) // (WORTH_FORKING // 2))
    digests: list[str | None] = [None] * len(paths)
    sizes = [0] * len(paths)
    failed: dict[Path, OSError] = {}
    hashed: list[int] = []
    large: list[tuple[int, Stamp]] = []
    # Forked first, while no thread runs: the progress bar and the large files' pool do.
    for n, look in enumerate(in_shares(partial(_look, cache), names, count)):
        if isinstance(look, OSError):
            failed[paths[n]] = look
            continue
        stamp, cached, outcome = look
        sizes[n] = stamp[0]
        if cached is not None and cache is not None:
            digests[n] = cache.get(names[n], stamp)  # found in the share; `used` is kept here
        elif outcome is None:
            large.append((n, stamp))
        elif isinstance(outcome, OSError):
            failed[paths[n]] = outcome
        else:
            digests[n] = _remember(cache, names[n], stamp, *outcome)
            sizes[n] = outcome[1][0]
            hashed.append(n)
    if hashed or large:
        small = sum(sizes[n] for n in hashed)
        total = small + sum(stamp[0] for _, stamp in large)
        files = len(hashed) + len(large)
        what = f"{files} evidence file{'s' if files != 1 else ''}"
        # Shown once the small files are done: only then are the bytes to hash known.
        with progress(f"hashing {what}", total, bytes_=True, started=started) as tracker:
            tracker.advance(small)
            for n, stamp, outcome in _hash_large(names, large, workers):
                tracker.advance(stamp[0])
                if isinstance(outcome, OSError):
                    failed[paths[n]] = outcome
                    continue
                digests[n] = _remember(cache, names[n], stamp, *outcome)
                sizes[n] = outcome[1][0]
                hashed.append(n)
            tracker.result = f"hashed {what} ({total / 1e6:.1f} MB)"
    ordered = {path: digest for path, digest in zip(paths, digests, strict=True) if digest}
    by_path = {path: size for path, size, d in zip(paths, sizes, digests, strict=True) if d}
    return Hashes(ordered, by_path, tuple(paths[n] for n in sorted(hashed)), failed)


def _remember(cache: HashCache | None, name: str, before: Stamp, digest: str, after: Stamp) -> str:
    """A digest just made, kept for the next build if the file did not change meanwhile."""
    if cache and before == after:
        cache.put(name, after, digest)
    return digest


def _look(cache: HashCache | None, name: str) -> Look:
    """One file in a share: its stamp, then the cache's digest, or a small file's own."""
    if cache is None or not cache.entries:  # nothing to look up: straight to the bytes
        return _open_and_hash(name)
    try:
        stamp = stamp_of(os.stat(name))
    except OSError as error:
        return error
    entry = cache.entries.get(cache.key(name))  # read only: `used` is kept in the parent
    if entry is not None and entry[:4] == stamp:
        return stamp, entry[4], None
    return _open_and_hash(name)


def _open_and_hash(name: str) -> Look:
    """A file's stamp, and its digest when it is small, with as few calls as can be: open,
    fstat, one read (of one byte more than its size), close.

    A file whose size changed while it was read is read to its end, and its stamp taken
    again, so that its digest is not kept for the next build (see _remember)."""
    try:
        # Non-blocking: a file swapped for a pipe since the walk must not hang the build.
        fd = os.open(name, os.O_RDONLY | os.O_NONBLOCK)
    except OSError as error:
        return error
    try:
        info = os.fstat(fd)
    except OSError as error:
        os.close(fd)
        return error
    stamp = stamp_of(info)
    if not stat.S_ISREG(info.st_mode):
        os.close(fd)
        return OSError(errno.EINVAL, "not a regular file (a pipe, device or socket)", name)
    if stamp[0] >= SMALL_FILE:
        os.close(fd)
        return stamp, None, None
    try:
        chunk = os.read(fd, stamp[0] + 1)
        digest = hashlib.sha256(chunk)
        after = stamp
        if len(chunk) != stamp[0]:  # it grew or shrank as it was read, or a short read
            while chunk := os.read(fd, CHUNK_SIZE):
                digest.update(chunk)
            after = stamp_of(os.fstat(fd))
        return stamp, None, (digest.hexdigest(), after)
    except OSError as error:
        return stamp, None, error
    finally:
        os.close(fd)


def _hash_large(
    names: list[str], large: list[tuple[int, Stamp]], workers: int | None
) -> Iterator[tuple[int, Stamp, Outcome]]:
    """(position, stamp, outcome) of each large file, in order, a thread each."""
    if not large:
        return
    with ThreadPoolExecutor(workers) as threads:
        futures = [threads.submit(_hash_one, names[n]) for n, _ in large]
        for (n, stamp), future in zip(large, futures, strict=True):
            yield n, stamp, future.result()


def _hash_one(name: str) -> Outcome:
    try:
        return sha256_file(Path(name)), stamp_of(os.stat(name))
    except OSError as error:
        return error


def stamp_of(info: os.stat_result) -> Stamp:
    """A file's Stamp from what stat or fstat said of it."""
    return info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino

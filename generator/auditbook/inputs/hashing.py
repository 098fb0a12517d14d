"""SHA-256 of evidence files: streamed, in parallel, cached so unchanged files are not re-read."""

from __future__ import annotations

import hashlib
import json
import logging
import os
import tempfile
import time
from concurrent.futures import Future, ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

from auditbook.domain.progress import progress

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


def _stamp(path: Path) -> Stamp:
    return _fstamp(os.stat(path))


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
            _write_atomically(self.path, text)
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


def _write_atomically(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


@dataclass(frozen=True)
class Hashes:
    """Digests and sizes by path, which files were actually read, and which could not be."""

    digests: dict[Path, str]
    sizes: dict[Path, int]
    hashed: tuple[Path, ...]
    failed: dict[Path, OSError]


def _hash_one(path: Path) -> tuple[Stamp, str, Stamp]:
    before = _stamp(path)
    digest = sha256_file(path)
    return before, digest, _stamp(path)


# Small files are hashed in batches, one future per batch: a future per 4 KiB file costs
# more than hashing it. Large files get a future each, so they spread over the cores.
SMALL_FILE = 256 * 1024
BATCH_BYTES = 8 << 20

Outcome = tuple[Stamp, str, Stamp] | OSError


def _hash_batch(paths: list[Path]) -> list[Outcome]:
    outcomes: list[Outcome] = []
    for path in paths:
        try:
            outcomes.append(_hash_small(path) if len(paths) > 1 else _hash_one(path))
        except OSError as error:
            outcomes.append(error)
    return outcomes


def _hash_small(path: Path) -> tuple[Stamp, str, Stamp]:
    """One small file with as few calls as can be: open, fstat, read, fstat, close."""
    fd = os.open(path, os.O_RDONLY)
    try:
        before = _fstamp(os.fstat(fd))
        digest = hashlib.sha256()
        while chunk := os.read(fd, CHUNK_SIZE):
            digest.update(chunk)
        return before, digest.hexdigest(), _fstamp(os.fstat(fd))
    finally:
        os.close(fd)


def _fstamp(info: os.stat_result) -> Stamp:
    return info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino


def _batches(todo: list[Path], sizes: dict[Path, int]) -> list[list[Path]]:
    batches: list[list[Path]] = []
    current: list[Path] = []
    weight = 0
    for path in todo:
        if sizes[path] >= SMALL_FILE:
            batches.append([path])
            continue
        current.append(path)
        weight += sizes[path] + 4096  # opening a file costs about as much as 4 KiB
        if weight >= BATCH_BYTES:
            batches.append(current)
            current, weight = [], 0
    if current:
        batches.append(current)
    return batches


def hash_files(
    paths: list[Path], cache: HashCache | None = None, *, workers: int | None = None
) -> Hashes:
    """Hash files in threads (hashlib releases the GIL), skipping those the cache vouches for."""
    digests: dict[Path, str] = {}
    stamps: dict[Path, Stamp] = {}
    failed: dict[Path, OSError] = {}
    for path in paths:
        try:
            stamps[path] = _stamp(path)
        except OSError as error:
            failed[path] = error
            continue
        cached = cache.get(path, stamps[path]) if cache else None
        if cached is not None:
            digests[path] = cached
    todo = [path for path in stamps if path not in digests]
    sizes = {path: stamps[path][0] for path in todo}
    futures = _hash_all(todo, sizes, workers) if todo else []
    for batch, future in futures:
        for path, outcome in zip(batch, future.result(), strict=True):
            if isinstance(outcome, OSError):
                failed[path] = outcome
                continue
            before, digests[path], stamps[path] = outcome
            if cache and before == stamps[path]:
                cache.put(path, before, digests[path])
    ordered = {path: digests[path] for path in paths if path in digests}
    sizes = {path: stamps[path][0] for path in ordered}
    hashed = tuple(path for path in todo if path in digests)
    return Hashes(ordered, sizes, hashed, failed)


def _hash_all(
    todo: list[Path], sizes: dict[Path, int], workers: int | None
) -> list[tuple[list[Path], Future[list[Outcome]]]]:
    """Hash the files not cached in threads, showing the bytes hashed as they are."""
    total = sum(sizes.values())
    files = f"{len(todo)} evidence file{'s' if len(todo) != 1 else ''}"
    what = f"hashing {files}"
    with progress(what, total, bytes_=True) as tracker, ThreadPoolExecutor(workers) as pool:
        futures = [(batch, pool.submit(_hash_batch, batch)) for batch in _batches(todo, sizes)]
        weights = {id(future): sum(sizes[path] for path in batch) for batch, future in futures}
        for future in as_completed(future for _, future in futures):
            tracker.advance(weights[id(future)])
        tracker.result = f"hashed {files} ({total / 1e6:.1f} MB)"
    return futures

"""Hashing: inputs.hashing.hash_files (threads, no cache) against sha256sum, and the cache.

Both hash the same files, with the page cache warmed first so neither pays for the disk.
sha256sum runs as a child process per batch of file arguments, one batch after another
(it hashes on one core; hash_files uses its default thread pool). Digests are compared:
a benchmark of wrong answers is worth nothing.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

from auditbook.inputs.hashing import HashCache, hash_files
from benchmarks.report import Row, Section, median

BATCH = 200


class DigestMismatch(Exception):
    """auditbook and sha256sum disagree about a file."""


def sha256sum(paths: list[Path]) -> dict[Path, str]:
    """Digests from sha256sum, files passed as arguments in batches."""
    executable = shutil.which("sha256sum")
    assert executable is not None
    digests: dict[Path, str] = {}
    for start in range(0, len(paths), BATCH):
        batch = paths[start : start + BATCH]
        output = subprocess.run(
            [executable, "--", *map(str, batch)], check=True, capture_output=True, text=True
        ).stdout
        for path, line in zip(batch, output.splitlines(), strict=True):
            digests[path] = line.split(" ", 1)[0]
    return digests


def _timed_auditbook(paths: list[Path]) -> tuple[float, dict[Path, str]]:
    start = time.perf_counter()
    digests = hash_files(paths).digests
    return time.perf_counter() - start, digests


def _timed_sha256sum(paths: list[Path]) -> tuple[float, dict[Path, str]]:
    start = time.perf_counter()
    digests = sha256sum(paths)
    return time.perf_counter() - start, digests


def _timed_cached(paths: list[Path], cache_file: Path, root: Path) -> float:
    """Load the cache, hash through it and save it, as a build does."""
    start = time.perf_counter()
    cache = HashCache.load(cache_file, root)
    hash_files(paths, cache)
    cache.save()
    return time.perf_counter() - start


def hash_section(
    paths: list[Path], root: Path, repeats: int, title: str, small_files: int = 20_000
) -> Section:
    """Hash rate against sha256sum, and a cached re-hash against the first, cache-filling run."""
    size = float(sum(path.stat().st_size for path in paths))
    hash_files(paths)  # warm the page cache
    ours: list[float] = []
    theirs: list[float] = []
    have_sha256sum = shutil.which("sha256sum") is not None
    for _ in range(repeats):
        seconds, digests = _timed_auditbook(paths)
        ours.append(seconds)
        if have_sha256sum:
            seconds, reference = _timed_sha256sum(paths)
            theirs.append(seconds)
            wrong = [path for path in paths if digests[path] != reference[path]]
            if wrong:
                raise DigestMismatch(f"{len(wrong)} digests differ, first {wrong[0]}")
    with tempfile.TemporaryDirectory() as folder:
        cache_file = Path(folder) / "hashes.json"
        first = _timed_cached(paths, cache_file, root)
        again = median([_timed_cached(paths, cache_file, root) for _ in range(repeats)])
    megabytes = size / 2**20
    if theirs:
        rate = Row.compare(
            "hash.rate",
            "hash rate, no cache / sha256sum",
            megabytes / median(ours),
            megabytes / median(theirs),
            "MB/s",
        )
    else:
        value = f"{megabytes / median(ours):,.0f} MB/s"
        rate = Row("hash.rate", "hash rate, no cache (no sha256sum)", value, "-", None)
    cached = Row.compare("hash.cached", "cached re-hash / first run", again, first, "s")
    notes = (
        f"{len(paths)} files, {megabytes:,.0f} MB; median of {repeats}; page cache warm; "
        f"sha256sum in batches of {BATCH} files, one batch at a time",
    )
    return Section(title, (rate, cached, _small_files(small_files, repeats)), notes)


SMALL_SIZE = 4096


def _one_thread_loop(paths: list[Path]) -> dict[Path, str]:
    """The reference the issue names: hashlib in one thread, a file at a time."""
    digests = {}
    for path in paths:
        digest = hashlib.sha256()
        with path.open("rb") as stream:
            while chunk := stream.read(1 << 20):
                digest.update(chunk)
        digests[path] = digest.hexdigest()
    return digests


def _small_files(count: int, repeats: int) -> Row:
    """Many small files: hash_files (no cache) against a one-thread loop, interleaved."""
    with tempfile.TemporaryDirectory() as folder:
        paths = []
        for n in range(count):
            path = Path(folder) / f"{n // 1000:02}" / f"{n:05}.log"
            path.parent.mkdir(exist_ok=True)
            path.write_bytes(os.urandom(SMALL_SIZE))
            paths.append(path)
        _one_thread_loop(paths)  # warm the page cache
        ours: list[float] = []
        loop: list[float] = []
        for _ in range(repeats):
            seconds, digests = _timed_auditbook(paths)
            ours.append(seconds)
            start = time.perf_counter()
            reference = _one_thread_loop(paths)
            loop.append(time.perf_counter() - start)
            if digests != reference:
                raise DigestMismatch("hash_files and the one-thread loop disagree")
    label = f"{count:,} files of {SMALL_SIZE // 1024} KiB, one-thread loop / hash_files"
    row = Row.compare("hash.small", label, median(loop), median(ours), "s")
    return row.judged(">= 1.6x", None if row.ratio is None else row.ratio >= 1.6)

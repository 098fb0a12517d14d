"""Hashing: right digests for big files, and the cache proves unchanged files are not re-read."""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import time
import tracemalloc
from pathlib import Path

import pytest

from auditbook.inputs import hashing
from auditbook.inputs.hashing import CHUNK_SIZE, HashCache, hash_files, sha256_file

OLD_NS = 1_700_000_000 * 10**9  # Nov 2023: well outside the racy window.


def write(path: Path, data: bytes, mtime_ns: int = OLD_NS) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    os.utime(path, ns=(mtime_ns, mtime_ns))
    return path


def test_file_larger_than_a_chunk_matches_hashlib_and_sha256sum(tmp_path: Path) -> None:
    data = os.urandom(CHUNK_SIZE * 2 + 12345)
    path = write(tmp_path / "big.bin", data)
    expected = hashlib.sha256(data).hexdigest()
    assert sha256_file(path) == expected
    output = subprocess.run(["sha256sum", str(path)], capture_output=True, text=True, check=True)
    assert output.stdout.split()[0] == expected
    assert hash_files([path]).digests == {path: expected}


def test_streams_instead_of_reading_the_whole_file(tmp_path: Path) -> None:
    path = tmp_path / "big.bin"
    with path.open("wb") as stream:
        for _ in range(16):
            stream.write(b"x" * CHUNK_SIZE)
    tracemalloc.start()
    try:
        sha256_file(path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 3 * CHUNK_SIZE  # a 16 MiB file, never more than a couple of chunks held


def test_many_files_in_parallel_keep_input_order(tmp_path: Path) -> None:
    paths = [write(tmp_path / f"f{n:02}.txt", f"file {n}\n".encode()) for n in range(40)]
    paths.reverse()
    result = hash_files(paths, None, workers=8)
    assert list(result.digests) == paths
    assert result.hashed == tuple(paths)
    for path in paths:
        assert result.digests[path] == hashlib.sha256(path.read_bytes()).hexdigest()
        assert result.sizes[path] == path.stat().st_size


@pytest.fixture
def settled(monkeypatch: pytest.MonkeyPatch) -> None:
    """Files written by a test are seconds old at most: let the cache trust them anyway."""
    monkeypatch.setattr(hashing, "RACY_WINDOW_NS", -(10**12))


def cached_run(cache_file: Path, root: Path, paths: list[Path]) -> hashing.Hashes:
    cache = HashCache.load(cache_file, root)
    result = hash_files(paths, cache)
    cache.save()
    return result


@pytest.mark.usefixtures("settled")
def test_unchanged_file_is_not_read_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cache_file = tmp_path / ".auditbook-cache" / "hashes.json"
    a = write(tmp_path / "evidence" / "a.log", b"alpha\n")
    b = write(tmp_path / "evidence" / "b.log", b"beta\n")
    first = cached_run(cache_file, tmp_path, [a, b])
    assert first.hashed == (a, b)
    saved = json.loads(cache_file.read_text())
    info = a.stat()
    digest = hashlib.sha256(b"alpha\n").hexdigest()
    assert saved["files"]["evidence/a.log"] == [6, OLD_NS, info.st_ctime_ns, info.st_ino, digest]

    def refuse(path: Path, chunk_size: int = CHUNK_SIZE) -> str:
        raise AssertionError(f"{path} was read again")

    monkeypatch.setattr(hashing, "sha256_file", refuse)
    second = cached_run(cache_file, tmp_path, [a, b])
    assert second.hashed == ()
    assert second.digests == first.digests


@pytest.mark.usefixtures("settled")
@pytest.mark.parametrize("change", ["size", "mtime"])
def test_changed_size_or_mtime_invalidates(tmp_path: Path, change: str) -> None:
    cache_file = tmp_path / "cache.json"
    path = write(tmp_path / "a.log", b"alpha\n")
    cached_run(cache_file, tmp_path, [path])
    if change == "size":
        write(path, b"alpha, longer\n")
    else:
        write(path, b"ALPHA\n", mtime_ns=OLD_NS + 1)
    again = cached_run(cache_file, tmp_path, [path])
    assert again.hashed == (path,)
    assert again.digests[path] == hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.usefixtures("settled")
def test_a_same_size_edit_behind_a_restored_mtime_is_noticed(tmp_path: Path) -> None:
    """`touch -d` can put mtime back; ctime moves with every change and cannot be set."""
    cache_file = tmp_path / "cache.json"
    path = write(tmp_path / "a.log", b"alpha\n")
    cached_run(cache_file, tmp_path, [path])
    time.sleep(0.01)  # past the filesystem's coarse clock tick, as any later edit is
    write(path, b"ALPHA\n")  # same size, mtime restored to what it was
    again = cached_run(cache_file, tmp_path, [path])
    assert again.hashed == (path,)
    assert again.digests[path] == hashlib.sha256(b"ALPHA\n").hexdigest()


@pytest.mark.usefixtures("settled")
def test_a_file_replaced_by_another_is_hashed_again(tmp_path: Path) -> None:
    cache_file = tmp_path / "cache.json"
    path = write(tmp_path / "a.log", b"alpha\n")
    cached_run(cache_file, tmp_path, [path])
    other = write(tmp_path / "b.log", b"ALPHA\n")
    other.replace(path)  # a new inode under the old name, same size and mtime
    assert cached_run(cache_file, tmp_path, [path]).hashed == (path,)


def test_freshly_modified_file_is_not_cached(tmp_path: Path) -> None:
    cache_file = tmp_path / "cache.json"
    path = write(tmp_path / "a.log", b"alpha\n", mtime_ns=time.time_ns())
    cached_run(cache_file, tmp_path, [path])
    assert cached_run(cache_file, tmp_path, [path]).hashed == (path,)


@pytest.mark.parametrize(
    "content",
    [
        "{not json",
        "[]",
        '{"version": 99, "files": {}}',
        '{"version": 2, "files": {"a.log": [1]}}',
        '{"version": 1, "files": {"a.log": [6, 1700000000000000000, "0"]}}',
    ],
)
@pytest.mark.usefixtures("settled")
def test_corrupt_cache_is_ignored_and_rebuilt(tmp_path: Path, content: str) -> None:
    cache_file = tmp_path / "cache.json"
    cache_file.write_text(content)
    path = write(tmp_path / "a.log", b"alpha\n")
    result = cached_run(cache_file, tmp_path, [path])
    assert result.hashed == (path,)
    assert json.loads(cache_file.read_text())["files"]["a.log"][4] == result.digests[path]


def test_cache_written_atomically_without_leftovers(tmp_path: Path) -> None:
    cache_dir = tmp_path / "cache"
    path = write(tmp_path / "a.log", b"alpha\n")
    cached_run(cache_dir / "hashes.json", tmp_path, [path])
    assert [p.name for p in cache_dir.iterdir()] == ["hashes.json"]


@pytest.mark.usefixtures("settled")
def test_cache_keeps_only_files_seen_in_this_run(tmp_path: Path) -> None:
    cache_file = tmp_path / "cache.json"
    a = write(tmp_path / "a.log", b"alpha\n")
    b = write(tmp_path / "b.log", b"beta\n")
    cached_run(cache_file, tmp_path, [a, b])
    cached_run(cache_file, tmp_path, [a])
    assert list(json.loads(cache_file.read_text())["files"]) == ["a.log"]


def test_unwritable_cache_does_not_fail(tmp_path: Path) -> None:
    blocker = tmp_path / "blocker"
    blocker.write_text("a file where the cache folder should be")
    path = write(tmp_path / "a.log", b"alpha\n")
    result = cached_run(blocker / "hashes.json", tmp_path, [path])
    assert result.digests[path] == hashlib.sha256(b"alpha\n").hexdigest()


def test_no_cache_path_means_no_cache(tmp_path: Path) -> None:
    path = write(tmp_path / "a.log", b"alpha\n")
    cached_run_none = HashCache.load(None, tmp_path)
    hash_files([path], cached_run_none)
    cached_run_none.save()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.log"]


def test_missing_file_is_reported_not_raised(tmp_path: Path) -> None:
    good = write(tmp_path / "a.log", b"alpha\n")
    gone = tmp_path / "gone.log"
    result = hash_files([gone, good])
    assert list(result.digests) == [good]
    assert isinstance(result.failed[gone], FileNotFoundError)


def test_thousands_of_small_files_on_two_workers_match_hashlib(tmp_path: Path) -> None:
    count = hashing.WORTH_FORKING + 7  # enough for two processes
    paths = [
        write(tmp_path / f"d{n % 10}" / f"{n}.log", os.urandom(n % 5000)) for n in range(count)
    ]
    big = write(tmp_path / "big.bin", os.urandom(hashing.SMALL_FILE + 1))
    paths.insert(count // 2, big)
    missing = tmp_path / "gone.log"
    paths.append(missing)
    result = hash_files(paths, None, workers=2)
    assert list(result.digests) == paths[:-1]
    for path in paths[:-1]:
        assert result.digests[path] == hashlib.sha256(path.read_bytes()).hexdigest()
    assert list(result.failed) == [missing]


@pytest.mark.usefixtures("settled")
def test_thousands_of_files_found_in_the_cache_by_the_shares(tmp_path: Path) -> None:
    """The shares look files up in the cache; this process keeps what they found."""
    cache_file = tmp_path / "cache.json"
    count = hashing.WORTH_FORKING + 7
    paths = [write(tmp_path / f"d{n % 10}" / f"{n}.log", b"%d\n" % n) for n in range(count)]
    cache = HashCache.load(cache_file, tmp_path)
    first = hash_files(paths, cache, workers=2)
    cache.save()
    assert len(first.hashed) == count
    assert len(json.loads(cache_file.read_text())["files"]) == count
    cache = HashCache.load(cache_file, tmp_path)
    second = hash_files(paths, cache, workers=2)
    cache.save()
    assert second.hashed == ()
    assert second.digests == first.digests
    assert len(json.loads(cache_file.read_text())["files"]) == count  # all kept for the next


def test_a_pipe_in_place_of_a_file_is_refused_not_waited_for(tmp_path: Path) -> None:
    pipe = tmp_path / "swapped.log"
    os.mkfifo(pipe)  # nothing ever writes to it: reading it would wait for ever

    def hung(signum: int, frame: object) -> None:
        raise AssertionError("hashing waited on the pipe")

    previous = signal.signal(signal.SIGALRM, hung)
    signal.alarm(10)
    try:
        result = hash_files([pipe])
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    assert result.digests == {}
    assert "not a regular file" in str(result.failed[pipe].strerror)


def test_a_file_holding_more_than_its_size_says_is_read_to_its_end() -> None:
    """/proc files say they are empty: the one read of `size + 1` bytes is not the end."""
    path = Path("/proc/version")
    assert path.stat().st_size == 0
    assert hash_files([path]).digests[path] == hashlib.sha256(path.read_bytes()).hexdigest()

"""Collecting evidence/: pairing with sidecars, refusing what is unsafe, in a stable order."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import pytest

from auditbook.domain.findings import Finding, Level
from auditbook.domain.model import (
    Checks,
    Evidence,
    EvidenceMeta,
    Fact,
    Quote,
    ReaderResult,
    Verdict,
)
from auditbook.inputs import hashing, readers
from auditbook.inputs.evidence import collect_evidence

CHECKS = Checks()


def sidecar(kind: str = "other", extra: str = "") -> str:
    return (
        f"title: Sample {kind}\nkind: {kind}\ncollected: 2026-11-02\n"
        f"collected_by: Dana Okafor (Security Lead)\nfictional: true\n{extra}"
    )


def put(root: Path, rel: str, content: str | bytes) -> Path:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_bytes(content)
    return path


def put_pair(
    root: Path, rel: str, content: str = "fictional content\n", kind: str = "other"
) -> Path:
    put(root, rel + ".meta.yml", sidecar(kind))
    return put(root, rel, content)


def collect(
    root: Path, cache_path: Path | None = None
) -> tuple[tuple[Evidence, ...], tuple[Finding, ...]]:
    return collect_evidence(root / "evidence", CHECKS, cache_path=cache_path)


def test_pairs_files_with_sidecars_hashes_and_orders(tmp_path: Path) -> None:
    put_pair(tmp_path, "evidence/policies/security.md", "# Policy\n", kind="policy")
    put_pair(tmp_path, "evidence/backups/restore.log", "restore ok\n")
    put_pair(tmp_path, "evidence/a-report.txt", "report\n", kind="report")
    items, findings = collect_evidence(tmp_path / "evidence", CHECKS)
    assert findings == ()
    assert [e.path for e in items] == [
        "evidence/a-report.txt",
        "evidence/backups/restore.log",
        "evidence/policies/security.md",
    ]
    restore = items[1]
    assert restore.sha256 == hashlib.sha256(b"restore ok\n").hexdigest()
    assert restore.size == len(b"restore ok\n")
    assert restore.meta is not None
    assert restore.meta.sidecar == "evidence/backups/restore.log.meta.yml"
    assert restore.meta.kind == "other"
    assert restore.findings == ()


def test_ignores_hidden_entries_and_the_folder_readme(tmp_path: Path) -> None:
    put(tmp_path, "evidence/README.md", "What goes in this folder.\n")
    put(tmp_path, "evidence/.DS_Store", b"\x00junk")
    put(tmp_path, "evidence/.git/config", "[core]\n")
    put_pair(tmp_path, "evidence/sub/README.md", "A nested readme is evidence.\n")
    items, findings = collect(tmp_path)
    assert [e.path for e in items] == ["evidence/sub/README.md"]
    assert findings == ()


def test_file_without_sidecar_is_warned_but_listed(tmp_path: Path) -> None:
    put(tmp_path, "evidence/baa/hosting.pdf", b"%PDF-1.7 fictional")
    items, findings = collect_evidence(tmp_path / "evidence", CHECKS)
    expected = Finding(
        Level.WARNING,
        "evidence-no-sidecar",
        "no sidecar; add 'hosting.pdf.meta.yml' saying what this file is and what it covers",
        "evidence/baa/hosting.pdf",
        None,
    )
    assert findings == (expected,)
    assert [(e.path, e.meta, e.findings) for e in items] == [
        ("evidence/baa/hosting.pdf", None, (expected,))
    ]
    assert items[0].sha256 == hashlib.sha256(b"%PDF-1.7 fictional").hexdigest()


def test_sidecar_without_file_is_an_error_on_line_1(tmp_path: Path) -> None:
    put(tmp_path, "evidence/backups/restore.log.meta.yml", sidecar())
    items, findings = collect(tmp_path)
    assert items == ()
    assert findings == (
        Finding(
            Level.ERROR,
            "evidence-missing-file",
            "sidecar without its evidence file 'restore.log'",
            "evidence/backups/restore.log.meta.yml",
            1,
        ),
    )


def test_empty_file_is_an_error_but_listed(tmp_path: Path) -> None:
    put_pair(tmp_path, "evidence/empty.txt", "")
    items, findings = collect_evidence(tmp_path / "evidence", CHECKS)
    expected = Finding(
        Level.ERROR, "evidence-empty", "evidence file is empty (0 bytes)", "evidence/empty.txt"
    )
    assert findings == (expected,)
    assert (items[0].size, items[0].passed) == (0, False)
    assert items[0].findings == (expected,)


def test_symlink_outside_is_refused_unread(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    secret = put(tmp_path, "outside/secret.txt", "not evidence\n")
    put(tmp_path, "evidence/leak.txt.meta.yml", sidecar())
    (tmp_path / "evidence" / "leak.txt").symlink_to(secret)
    read: list[Path] = []
    real = hashing.sha256_file

    def spy(path: Path, chunk_size: int = hashing.CHUNK_SIZE) -> str:
        read.append(path)
        return real(path, chunk_size)

    monkeypatch.setattr(hashing, "sha256_file", spy)
    items, findings = collect(tmp_path)
    assert items == ()
    assert read == []
    assert findings == (
        Finding(
            Level.ERROR,
            "evidence-symlink-outside",
            f"symlink points outside evidence/ (to {secret}); refused",
            "evidence/leak.txt",
            None,
        ),
    )


def test_symlinked_folder_outside_is_refused(tmp_path: Path) -> None:
    put(tmp_path, "outside/etc/passwd", "root:x:0:0\n")
    put(tmp_path, "evidence/x.txt", "x\n")
    (tmp_path / "evidence" / "etc").symlink_to(tmp_path / "outside" / "etc")
    items, findings = collect(tmp_path)
    assert [e.path for e in items] == ["evidence/x.txt"]
    assert [(f.code, f.path) for f in findings if f.level == Level.ERROR] == [
        ("evidence-symlink-outside", "evidence/etc")
    ]


def test_symlink_inside_the_folder_is_followed(tmp_path: Path) -> None:
    target = put_pair(tmp_path, "evidence/real.txt", "real\n")
    put(tmp_path, "evidence/alias.txt.meta.yml", sidecar())
    (tmp_path / "evidence" / "alias.txt").symlink_to(target)
    items, findings = collect_evidence(tmp_path / "evidence", CHECKS)
    assert findings == ()
    assert [(e.path, e.sha256) for e in items] == [
        ("evidence/alias.txt", hashlib.sha256(b"real\n").hexdigest()),
        ("evidence/real.txt", hashlib.sha256(b"real\n").hexdigest()),
    ]


def test_unreadable_file_is_an_error_and_not_listed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    put_pair(tmp_path, "evidence/locked.txt", "locked\n")
    put_pair(tmp_path, "evidence/open.txt", "open\n")

    def sha256_file(path: Path, chunk_size: int = hashing.CHUNK_SIZE) -> str:
        if path.name == "locked.txt":
            raise PermissionError(13, "Permission denied", str(path))
        return hashlib.sha256(path.read_bytes()).hexdigest()

    real_open = hashing._open_and_hash

    def open_and_hash(path: str) -> object:
        if path.endswith("/locked.txt"):
            return PermissionError(13, "Permission denied", path)
        return real_open(path)

    # Root reads a chmod 000 file: the refusal is faked for both ways files are hashed.
    monkeypatch.setattr(hashing, "sha256_file", sha256_file)
    monkeypatch.setattr(hashing, "_open_and_hash", open_and_hash)
    items, findings = collect_evidence(tmp_path / "evidence", CHECKS)
    assert [e.path for e in items] == ["evidence/open.txt"]
    assert findings == (
        Finding(
            Level.ERROR,
            "evidence-unreadable",
            "cannot read evidence file: Permission denied",
            "evidence/locked.txt",
        ),
    )


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read a chmod 000 file")
def test_chmod_000_file_is_unreadable(tmp_path: Path) -> None:
    path = put_pair(tmp_path, "evidence/locked.txt", "locked\n")
    path.chmod(0)
    try:
        items, findings = collect(tmp_path)
    finally:
        path.chmod(0o644)
    assert items == ()
    assert [(f.code, f.message) for f in findings] == [
        ("evidence-unreadable", "cannot read evidence file: Permission denied")
    ]


def test_fifo_is_refused_not_read(tmp_path: Path) -> None:
    (tmp_path / "evidence").mkdir()
    os.mkfifo(tmp_path / "evidence" / "pipe")
    items, findings = collect(tmp_path)
    assert items == ()
    assert findings == (
        Finding(Level.ERROR, "evidence-not-a-file", "not a regular file; refused", "evidence/pipe"),
    )


def test_sidecar_findings_belong_to_the_file(tmp_path: Path) -> None:
    put(tmp_path, "evidence/log.txt", "x\n")
    put(tmp_path, "evidence/log.txt.meta.yml", sidecar(extra="colected: 2026-11-02\n"))
    items, findings = collect_evidence(tmp_path / "evidence", CHECKS)
    expected = Finding(
        Level.ERROR,
        "sidecar-unknown-key",
        "unknown key 'colected' (did you mean 'collected'?)",
        "evidence/log.txt.meta.yml",
        6,
    )
    assert findings == (expected,)
    assert items[0].findings == (expected,)
    assert items[0].meta is not None


def test_unusable_sidecar_leaves_meta_none(tmp_path: Path) -> None:
    put(tmp_path, "evidence/log.txt", "x\n")
    put(tmp_path, "evidence/log.txt.meta.yml", "title: [\n")
    items, findings = collect_evidence(tmp_path / "evidence", CHECKS)
    assert items[0].meta is None
    assert [(f.code, f.path, f.line) for f in findings] == [
        ("sidecar-yaml", "evidence/log.txt.meta.yml", 2)
    ]


def test_misnamed_sidecar_is_pointed_out(tmp_path: Path) -> None:
    put(tmp_path, "evidence/log.txt", "x\n")
    put(tmp_path, "evidence/log.txt.meta.yaml", sidecar())
    items, findings = collect(tmp_path)
    assert [e.path for e in items] == ["evidence/log.txt"]
    assert [(f.code, f.message) for f in findings] == [
        (
            "evidence-sidecar-name",
            "sidecars are named NAME.meta.yml; rename this to 'log.txt.meta.yml'",
        ),
        (
            "evidence-no-sidecar",
            "no sidecar; add 'log.txt.meta.yml' saying what this file is and what it covers",
        ),
    ]


def test_reader_result_is_copied_into_evidence(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import datetime as dt

    put_pair(tmp_path, "evidence/restore.log", "ok\n")
    note = Finding(Level.WARNING, "reader-note", "slow restore", "evidence/restore.log", 1)
    quote = Quote(3, "restore command end: completed successfully", "restore ended")
    result = ReaderResult(
        facts=(Fact("Duration", "2 h"),),
        findings=(note,),
        verdict=Verdict.PASSES,
        stale_after=dt.date(2027, 2, 1),
        recognised="pgBackRest restore log",
        quotes=(quote,),
    )
    seen: list[tuple[Path, str, str]] = []

    def reader(path: Path, rel: str, meta: EvidenceMeta, checks: Checks) -> ReaderResult:
        seen.append((path, rel, meta.kind))
        return result

    monkeypatch.setattr(readers, "read_evidence", reader)
    items, findings = collect_evidence(tmp_path / "evidence", CHECKS)
    assert seen == [(tmp_path / "evidence" / "restore.log", "evidence/restore.log", "other")]
    assert (items[0].facts, items[0].verdict, items[0].stale_after) == (
        result.facts,
        Verdict.PASSES,
        dt.date(2027, 2, 1),
    )
    assert (items[0].recognised, items[0].quotes) == ("pgBackRest restore log", (quote,))
    assert items[0].findings == (note,)
    assert findings == (note,)


def test_missing_evidence_folder_is_a_warning(tmp_path: Path) -> None:
    """Without evidence every item is at best attested: the gate says so (one finding)."""
    items, findings = collect(tmp_path)
    assert items == ()
    assert [(f.level, f.code, f.path) for f in findings] == [
        (Level.WARNING, "evidence-folder", "evidence")
    ]


def test_paths_are_relative_to_the_given_root(tmp_path: Path) -> None:
    put_pair(tmp_path, "project/data/evidence/x.txt")
    items, _ = collect_evidence(
        tmp_path / "project" / "data" / "evidence", CHECKS, root=tmp_path / "project"
    )
    assert [e.path for e in items] == ["data/evidence/x.txt"]
    assert items[0].meta is not None
    assert items[0].meta.sidecar == "data/evidence/x.txt.meta.yml"


def test_same_result_every_time_and_cache_is_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Files just written are inside the racy window (by ctime): trust them for this test.
    monkeypatch.setattr(hashing, "RACY_WINDOW_NS", -(10**12))
    for name in ["b.txt", "a.txt", "c/z.txt", "c/a.txt", "B.txt"]:
        put_pair(tmp_path, f"evidence/{name}", f"content of {name}\n")
        os.utime(tmp_path / "evidence" / name, ns=(1_700_000_000 * 10**9,) * 2)
    cache = tmp_path / ".auditbook-cache" / "hashes.json"
    first = collect(tmp_path, cache_path=cache)
    assert [e.path for e in first[0]] == [
        "evidence/B.txt",
        "evidence/a.txt",
        "evidence/b.txt",
        "evidence/c/a.txt",
        "evidence/c/z.txt",
    ]
    assert sorted(json.loads(cache.read_text())["files"]) == [
        "evidence/B.txt",
        "evidence/a.txt",
        "evidence/b.txt",
        "evidence/c/a.txt",
        "evidence/c/z.txt",
    ]
    monkeypatch.setattr(hashing, "sha256_file", lambda *a: pytest.fail("hashed again"))
    assert collect(tmp_path, cache_path=cache) == first


def test_symlinks_that_cannot_be_followed_are_refused_with_a_reason(tmp_path: Path) -> None:
    put_pair(tmp_path, "evidence/real.txt")
    (tmp_path / "evidence/loop-a").symlink_to("loop-b")
    (tmp_path / "evidence/loop-b").symlink_to("loop-a")
    (tmp_path / "evidence/dangling.txt").symlink_to("nowhere.txt")
    items, found = collect(tmp_path)
    assert [item.path for item in items] == ["evidence/real.txt"]
    assert [(f.level, f.code, f.path, f.message) for f in found] == [
        (
            Level.ERROR,
            "evidence-symlink-broken",
            "evidence/dangling.txt",
            "symlink cannot be followed (No such file or directory); refused",
        ),
        (
            Level.ERROR,
            "evidence-symlink-broken",
            "evidence/loop-a",
            "symlink cannot be followed (a symbolic link loop); refused",
        ),
        (
            Level.ERROR,
            "evidence-symlink-broken",
            "evidence/loop-b",
            "symlink cannot be followed (a symbolic link loop); refused",
        ),
    ]

"""The cache folder: used only inside the project, never through a link, and its keys
sealed with a secret believed only in the file this machine wrote it to."""

from __future__ import annotations

import shutil
from pathlib import Path

from auditbook.inputs.localcache import open_cache
from auditbook.render.packet.cache import prune_pieces, remember

KEY = "ab" * 32


def test_the_same_folder_seals_keys_the_same_way_across_builds(tmp_path: Path) -> None:
    first = open_cache(tmp_path / ".auditbook-cache", tmp_path)
    again = open_cache(tmp_path / ".auditbook-cache", tmp_path)
    assert first is not None and again is not None
    assert first.seal(KEY) == again.seal(KEY) != KEY


def test_a_copied_cache_gets_a_new_secret(tmp_path: Path) -> None:
    original = open_cache(tmp_path / "a" / ".auditbook-cache", tmp_path / "a")
    assert original is not None
    shutil.copytree(tmp_path / "a", tmp_path / "b")  # as a clone or an archive brings it
    copied = open_cache(tmp_path / "b" / ".auditbook-cache", tmp_path / "b")
    assert copied is not None
    assert copied.seal(KEY) != original.seal(KEY)


def test_a_forged_stamp_is_not_believed(tmp_path: Path) -> None:
    folder = tmp_path / ".auditbook-cache"
    folder.mkdir()
    (folder / "secret").write_text("00" * 32 + "\n", "ascii")
    (folder / "secret.stamp").write_text("1 1\n", "ascii")
    cache = open_cache(folder, tmp_path)
    assert cache is not None
    assert cache.secret != bytes(32)


def test_a_cache_folder_that_is_a_link_is_not_used(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "keep.txt").write_text("someone's file", "utf-8")
    project = tmp_path / "project"
    project.mkdir()
    (project / ".auditbook-cache").symlink_to(elsewhere)
    assert open_cache(project / ".auditbook-cache", project) is None
    assert [p.name for p in elsewhere.iterdir()] == ["keep.txt"]


def test_a_cache_folder_outside_the_project_is_not_used(tmp_path: Path) -> None:
    project = tmp_path / "project"
    project.mkdir()
    assert open_cache(project / ".." / "shared-cache", project) is None
    assert open_cache(tmp_path / "shared-cache", project) is None
    assert not (tmp_path / "shared-cache").exists()


def test_a_part_that_is_a_link_is_not_used(tmp_path: Path) -> None:
    cache = open_cache(tmp_path / ".auditbook-cache", tmp_path)
    assert cache is not None
    (tmp_path / "elsewhere").mkdir()
    (cache.folder / "pieces").symlink_to(tmp_path / "elsewhere")
    assert cache.part("pieces") is None
    assert cache.part("packets") == cache.folder / "packets"


def test_pruning_deletes_only_the_caches_own_entries(tmp_path: Path) -> None:
    pieces = tmp_path / "pieces"
    pieces.mkdir()
    theirs = [pieces / "notes.json", pieces / "notes.pdf", pieces / f"{KEY}-draft.json"]
    for path in theirs:
        path.write_text("not the cache's", "utf-8")
    ours = [pieces / f"{KEY}.json", pieces / f"{KEY}.pdf"]
    for path in ours:
        path.write_text("{}", "utf-8")
    prune_pieces(pieces, 0)
    assert sorted(p.name for p in pieces.iterdir()) == sorted(p.name for p in theirs)

    packets = tmp_path / "packets"
    packets.mkdir()
    (packets / "auditor-copy.pdf").write_bytes(b"%PDF-1.7 someone's packet")
    for n in range(5):
        remember(packets, f"{n:064x}", b"%PDF-1.7", 1, 0)
    assert (packets / "auditor-copy.pdf").exists()
    assert len(list(packets.glob("*.pdf"))) == 3 + 1  # KEEP of its own, and theirs

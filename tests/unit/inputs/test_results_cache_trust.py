"""A results cache is believed only as far as it can be: a broken file, a value of the wrong
shape, a failure of the moment or a file changed as it was read give a miss, never a wrong
result and never a failed build."""

from __future__ import annotations

import dataclasses
import json
import logging
import time
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from test_results_cache import CODE, READ, Runs, build, runs, warm, write_project

from auditbook.domain.model import Checks, Fact, ReaderResult
from auditbook.inputs import readers
from auditbook.inputs.catalog import load_catalog
from auditbook.inputs.code_digest import code_digest
from auditbook.inputs.evidence import collect_evidence
from auditbook.inputs.exposure import scan_public
from auditbook.inputs.localcache import open_cache
from auditbook.inputs.project import Inputs
from auditbook.inputs.results_cache import ResultCache
from auditbook.inputs.results_json import READINGS
from auditbook.inputs.settings import Settings

__all__ = ["runs"]  # the fixture, used by name


@pytest.mark.parametrize("text", ["", "{", "[]", '{"version": 1}', "\x00" * 10, '"x"' * 10])
def test_an_unreadable_cache_file_is_a_miss(tmp_path: Path, runs: Runs, text: str) -> None:
    root = write_project(tmp_path / "p")
    warm(root, runs)
    for name in ("readers.json", "scans.json"):
        (root / ".auditbook-cache/results" / name).write_text(text, "utf-8")
    again = build(root)
    assert set(runs.read) == READ
    assert again == build(root, cache=False)
    assert json.loads((root / ".auditbook-cache/results/readers.json").read_text())["entries"]


def reshape(value: Any) -> Any:
    """The same entry with one field of the wrong type: a line number that is a bool."""
    if isinstance(value, dict):
        return {key: reshape(each) for key, each in value.items()}
    if isinstance(value, list) and len(value) == 6 and isinstance(value[0], int):
        return [*value[:4], True, value[5]]  # a finding: level, code, message, path, line
    if isinstance(value, list):
        return [reshape(each) for each in value]
    return value


@pytest.mark.parametrize(
    "damage",
    [
        lambda entry: {"damage": "none", "result": None},
        lambda entry: {**entry, "more": 1},
        lambda entry: {**entry, "result": {**(entry["result"] or {}), "verdict": "great"}},
        reshape,
    ],
)
def test_an_entry_of_the_wrong_shape_is_a_miss(tmp_path: Path, runs: Runs, damage: Any) -> None:
    root = write_project(tmp_path / "p")
    warm(root, runs)
    path = root / ".auditbook-cache/results/readers.json"
    document = json.loads(path.read_text("ascii"))
    document["entries"] = {key: damage(entry) for key, entry in document["entries"].items()}
    path.write_text(json.dumps(document), "ascii")
    again = build(root)
    reread = set(runs.read)
    assert again == build(root, cache=False)
    if damage is reshape:  # only the entries that hold a finding with a line were spoilt
        assert "evidence/backups/failed.log" in reread
    else:
        assert reread == READ


def test_a_failure_of_the_moment_is_not_kept(
    tmp_path: Path, runs: Runs, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = write_project(tmp_path / "p")

    def unlucky(path: Path, rel: str, checks: Checks) -> ReaderResult:
        raise OSError(5, "Input/output error")

    with monkeypatch.context() as patch:
        patch.setitem(readers.READERS, "backup-restore", unlucky)
        first = build(root)
    assert [f.path for f in first[2] if f.code == "evidence-unreadable"] == [
        "evidence/backups/failed.log",
        "evidence/backups/restore.log",
    ]
    runs.clear()
    again = build(root)
    assert set(runs.read) == {"evidence/backups/failed.log", "evidence/backups/restore.log"}
    assert again == build(root, cache=False)


def test_a_file_changed_as_the_build_ran_is_read_again(tmp_path: Path, runs: Runs) -> None:
    root = write_project(tmp_path / "p")
    warm(root, runs)
    began = time.time_ns()
    with (root / "evidence/audit/app-drift.csv").open("a") as log:
        log.write("\n")  # after the build began: what it read may not be what it hashed
    build(root, since_ns=began)
    runs.clear()
    again = build(root)
    assert runs.read == Counter({"evidence/audit/app-drift.csv": 1})
    assert again == build(root, cache=False)


def test_a_results_folder_that_is_a_link_is_not_used(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    root = write_project(tmp_path / "p")
    (root / ".auditbook-cache").mkdir()
    (root / ".auditbook-cache/results").symlink_to(elsewhere)
    assert ResultCache.open(open_cache(root / ".auditbook-cache", root)) is None
    assert list(elsewhere.iterdir()) == []


def test_a_cache_that_cannot_be_written_never_fails_a_build(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    root = write_project(tmp_path / "p")
    (root / ".auditbook-cache").mkdir()
    (root / ".auditbook-cache/results").write_text("not a folder", "utf-8")
    with caplog.at_level(logging.INFO):
        assert build(root) == build(root, cache=False)
    assert "could not write the readers cache" in caplog.text
    assert (root / ".auditbook-cache/results").read_text("utf-8") == "not a folder"


def test_new_facts_for_the_same_bytes_are_scanned_again(tmp_path: Path, runs: Runs) -> None:
    """As when a reader reports differently: the facts are shown, so they are scanned."""
    root = write_project(tmp_path / "p")
    warm(root, runs)
    local = open_cache(root / ".auditbook-cache", root)
    settings = Settings(root, root / "content", root / "evidence")
    evidence, findings = collect_evidence(settings.evidence_dir, Checks(), root=root)
    fact = Fact("Reviewer", "SSN 123-45-6789 (fictional)")
    evidence = tuple(dataclasses.replace(each, facts=(*each.facts, fact)) for each in evidence)
    inputs = Inputs(settings, (), evidence, findings, load_catalog(), None, "", ())
    with_cache = dataclasses.replace(inputs, results=ResultCache.open(local, code=CODE))
    found = scan_public(with_cache)
    assert found == scan_public(inputs)
    assert len([f for f in found if f.line is None]) >= len(evidence)


def test_a_value_that_does_not_read_back_the_same_is_not_kept(tmp_path: Path) -> None:
    local = open_cache(tmp_path / ".auditbook-cache", tmp_path)
    cache = ResultCache.open(local, code=CODE)
    assert cache is not None
    odd, plain = cache.key("readers", "odd"), cache.key("readers", "plain")
    assert odd is not None and plain is not None
    facts = [Fact("Records", "3")]  # a list where a tuple belongs: JSON gives a tuple back
    cache.put(odd, ((), ReaderResult(facts=facts)), READINGS)  # type: ignore[arg-type]
    cache.put(plain, ((), ReaderResult(facts=tuple(facts))), READINGS)
    cache.save("readers")
    again = ResultCache.open(local, code=CODE)
    assert again is not None
    assert again.get(odd, READINGS) is None
    assert again.get(plain, READINGS) == ((), ReaderResult(facts=tuple(facts)))


def test_the_code_digest_sees_every_source_and_data_file_and_no_bytecode(tmp_path: Path) -> None:
    package = tmp_path / "auditbook"
    (package / "inputs" / "__pycache__").mkdir(parents=True)
    (package / "inputs" / "reader.py").write_text("LIMIT = 1\n", "utf-8")
    (package / "data.yml").write_text("a: 1\n", "utf-8")
    first = code_digest.__wrapped__(package)
    (package / "inputs" / "__pycache__" / "reader.cpython-311.pyc").write_bytes(b"\0")
    assert code_digest.__wrapped__(package) == first
    (package / "data.yml").write_text("a: 2\n", "utf-8")
    assert code_digest.__wrapped__(package) != first
    (package / "data.yml").write_text("a: 1\n", "utf-8")
    (package / "inputs" / "reader.py").write_text("LIMIT = 2\n", "utf-8")
    assert code_digest.__wrapped__(package) not in (first, "")
    assert len(code_digest()) == 64

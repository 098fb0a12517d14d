"""Sealed releases: versions.json chains each release's manifest hash, so any later change to
a released file, a manifest or versions.json itself is named by verify, versions and build."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from conftest import run_cli

pytestmark = pytest.mark.packet


@pytest.fixture(scope="module")
def released(releases: Path) -> Path:
    """Released as 1.0, then with changed evidence as 2.0 (alias latest)."""
    return releases / "two"


@pytest.fixture
def copy(released: Path, tmp_path: Path) -> Path:
    return Path(shutil.copytree(released, tmp_path / "copy", symlinks=True))


def entries(project: Path) -> list[dict]:
    return json.loads((project / "site" / "versions.json").read_text("utf-8"))


def test_every_release_is_sealed_and_the_chain_verifies(released: Path) -> None:
    seals = [entry["properties"]["seal"] for entry in entries(released)]
    assert len(seals) == 2 and len(set(seals)) == 2 and all(len(s) == 64 for s in seals)
    result = run_cli(released, "verify", "site")
    assert result.exit_code == 0, result.output
    assert run_cli(released, "versions").output.count("no longer matches its seal") == 0


def test_a_released_file_changed_is_named_by_verify(copy: Path) -> None:
    page = copy / "site" / "1.0" / "index.html"
    page.write_text(page.read_text("utf-8").replace("Readiness", "Readyness", 1), "utf-8")
    verify = run_cli(copy, "verify", "site")
    assert verify.exit_code == 1
    assert "mismatch: 1.0/index.html: changed since the build (SHA-256 differs)" in verify.output


def test_a_manifest_edited_to_match_breaks_the_seal(copy: Path) -> None:
    manifest = copy / "site" / "1.0" / "manifest.json"
    manifest.write_text(manifest.read_text("utf-8") + " ", "utf-8")  # one byte, still JSON
    verify = run_cli(copy, "verify", "site")
    assert "mismatch: 1.0: does not match its seal in versions.json" in verify.output
    versions = run_cli(copy, "versions")
    assert "warning: release 1.0 no longer matches its seal" in versions.output
    refused = run_cli(copy, "release", "3.0")  # no new release on a broken chain
    assert refused.exit_code == 2
    assert "release 1.0 no longer matches its seal in versions.json" in refused.output


def test_a_forged_readiness_in_versions_json_breaks_the_seal(copy: Path) -> None:
    recorded = entries(copy)
    recorded[1]["properties"]["readiness"] = 0.99
    (copy / "site" / "versions.json").write_text(json.dumps(recorded), "utf-8")
    verify = run_cli(copy, "verify", "site")
    assert verify.exit_code == 1
    assert "mismatch: 1.0: does not match its seal in versions.json" in verify.output

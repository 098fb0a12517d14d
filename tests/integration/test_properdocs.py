"""The engine outlives MkDocs: ProperDocs (the maintained fork of MkDocs 1.x) builds the demo
with the same plugin, and the pages and report equal those of the MkDocs build."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import REPO

# The only line a page may differ in: which generator wrote it.
GENERATOR = re.compile(rb'<meta name="generator" content="[^"]*">')
EPOCH = "1763700000"  # one assessment day for both builds


def _demo(root: Path) -> Path:
    for name in ("content", "evidence"):
        shutil.copytree(REPO / name, root / name)
    config = (REPO / "mkdocs.yml").read_text("utf-8")
    # The packet is the same code either way (and is compared elsewhere); pages are the point.
    config = config.replace(
        "      evidence_dir: evidence\n", "      evidence_dir: evidence\n      packet: false\n"
    )
    assert "packet: false" in config
    (root / "mkdocs.yml").write_text(config, "utf-8")
    return root


def _build(generator: str, root: Path, site: str) -> Path:
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH, "NO_MKDOCS_2_WARNING": "1"}
    command = [sys.executable, "-m", generator, "build", "-f", "mkdocs.yml", "-d", site]
    done = subprocess.run(command, cwd=root, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    return root / site


def _files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}


def test_properdocs_builds_the_same_pages_and_report(tmp_path: Path) -> None:
    root = _demo(tmp_path / "demo")
    mkdocs = _files(_build("mkdocs", root, "site-mkdocs"))
    properdocs = _files(_build("properdocs", root, "site-properdocs"))
    assert mkdocs.keys() == properdocs.keys()
    assert {"index.html", "coverage/index.html", "report.json", "manifest.json"} <= mkdocs.keys()
    generators = set()
    for name, content in mkdocs.items():
        if name.endswith(".html"):
            generators.update(GENERATOR.findall(properdocs[name]))
            assert GENERATOR.sub(b"", content) == GENERATOR.sub(b"", properdocs[name]), name
        elif name != "manifest.json":  # it hashes the pages, which name their generator
            assert content == properdocs[name], name
    assert any(b"ProperDocs" in line for line in generators)  # it really was ProperDocs
    evidence = [json.loads(files["manifest.json"])["evidence"] for files in (mkdocs, properdocs)]
    assert evidence[0] == evidence[1]

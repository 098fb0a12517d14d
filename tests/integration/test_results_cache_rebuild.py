"""A rebuild reuses what reading and scanning evidence found, and says the same."""

from __future__ import annotations

import json
import time
from pathlib import Path

from auditbook.inputs.results_cache import SETTLE_NS
from conftest import copy_fixture
from support.sites import build_site

CACHED = "told by the cache (fictional)"


def test_a_rebuild_reports_the_same_and_takes_it_from_the_cache(tmp_path: Path) -> None:
    root = copy_fixture("statuses", tmp_path / "p")
    time.sleep(SETTLE_NS / 1e9 + 0.02)  # only files older than the build's start are kept
    first = build_site(root).report
    results = root / ".auditbook-cache" / "results"
    assert sorted(path.name for path in results.iterdir()) == ["readers.json", "scans.json"]
    assert build_site(root).report == first

    # The stored values are not part of their keys: one changed shows it was reused.
    readers = results / "readers.json"
    document = json.loads(readers.read_text("ascii"))
    for entry in document["entries"].values():
        if entry["result"] and entry["result"]["facts"]:
            entry["result"]["facts"][0][1] = CACHED
    readers.write_text(json.dumps(document), "ascii")
    assert CACHED in json.dumps(build_site(root).report)

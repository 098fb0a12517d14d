"""Audit-trail readers: each family read by auditbook against a plain stdlib parse of it.

Each measurement runs in its own process, so the peak RSS is the reader's alone. The
ratios are the reader's own cost: its time and peak memory over those of `csv`/`json`
reading the same file line by line. A trail an eighth the size is read too, so the
memory row shows whether the reader's peak grows with the file (it must not).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from benchmarks.report import Row, Section
from benchmarks.runner import REPO, Run, RunError, run
from benchmarks.trails import FAMILIES, write_trail


def _read(family: str, path: Path, mode: str) -> tuple[Run, dict[str, object]]:
    argv = [sys.executable, "-m", "benchmarks.reader_child", family, str(path), mode]
    done = run(argv, REPO).check()
    return done, json.loads(done.stdout)


def reader_section(folder: Path, size: int, title: str) -> Section:
    rows: list[Row] = []
    notes: list[str] = []
    for family in FAMILIES:
        small_folder, full_folder = folder / f"{family}-small", folder / family
        small_folder.mkdir(parents=True)
        full_folder.mkdir(parents=True)
        small, _ = write_trail(small_folder, family, size // 8)
        full, records = write_trail(full_folder, family, size)
        megabytes = full.stat().st_size / (1 << 20)
        ours, found = _read(family, full, "auditbook")
        plain, parsed = _read(family, full, "plain")
        smaller, _ = _read(family, small, "auditbook")
        if found["records"] != str(records):
            raise RunError(f"{family}: the reader counted {found['records']} of {records} records")
        rows.append(
            Row.compare(
                f"reader-{family}-rate",
                f"{family}: MB/s, reader vs plain parse",
                megabytes / ours.cpu_seconds,
                megabytes / plain.cpu_seconds,
                "MB/s",
            )
        )
        rows.append(
            Row.compare(
                f"reader-{family}-rss",
                f"{family}: peak RSS, reader vs plain parse",
                ours.peak_rss_kb * 1024.0,
                plain.peak_rss_kb * 1024.0,
                "MB",
            )
        )
        rows.append(
            Row.compare(
                f"reader-{family}-growth",
                f"{family}: peak RSS, whole trail vs an eighth",
                ours.peak_rss_kb * 1024.0,
                smaller.peak_rss_kb * 1024.0,
                "MB",
            )
        )
        notes.append(
            f"{family}: {megabytes:,.0f} MB, {records:,} records, read as {found['read as']!r}, "
            f"verdict {found['verdict']!r}; plain parse counted {parsed['records']:,} rows"
        )
        for each in (small, full):
            each.unlink()
    return Section(title, tuple(rows), tuple(notes))

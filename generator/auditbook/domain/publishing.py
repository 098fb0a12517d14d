"""Which raw evidence files may be served from the site: an allowlist of inert types.

A refused list always misses something (`.shtml`, `.xht`, `.mht`, `.hta`, a file with no
extension that a server sniffs as HTML), so only types a browser shows or downloads
without running anything are served; everything else stays in the packet.
"""

from __future__ import annotations

import posixpath

INERT_SUFFIXES = frozenset(
    {
        # text and data, served as text/plain, text/csv or application/json
        ".txt", ".log", ".out", ".csv", ".tsv", ".json", ".jsonl", ".ndjson",
        ".yml", ".yaml", ".md", ".sql",
        # documents and images a browser renders without script
        ".pdf", ".png", ".jpg", ".jpeg", ".gif", ".webp",
        # archives and office files, downloaded rather than shown
        ".zip", ".gz", ".tgz", ".bz2", ".xz", ".zst", ".7z",
        ".docx", ".xlsx", ".pptx", ".odt", ".ods",
    }
)  # fmt: skip


def inert(path: str) -> bool:
    """Whether a browser given this file from the site's origin would run nothing in it."""
    name = posixpath.basename(path).lower()
    stem, suffix = posixpath.splitext(name)
    return bool(stem) and suffix in INERT_SUFFIXES

"""A piece's render as plain data: what it reads (a Job) and what it became (Laid).

Plain text, paths and bytes only, so a job crosses to a worker process and a result
comes back or is kept in the cache; nothing here imports WeasyPrint.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Job:
    """Everything one piece's render reads."""

    html: str
    stylesheet: str
    base_url: str
    css_base: str
    roots: tuple[Path, ...]
    files: tuple[Path, ...]
    ids: frozenset[str] = frozenset()
    write: bool = True  # False: lay out only, to count the pages


@dataclass(frozen=True)
class Laid:
    """What a piece became: its PDF (when written) and where its pages and anchors are."""

    pdf: bytes
    pages: int
    page_names: tuple[str, ...]
    anchors: dict[str, int]  # each id the piece holds -> the index of its page in the piece
    problems: tuple[str, ...] = ()
    refused: tuple[str, ...] = ()

"""The Markdown pages of docs_dir, decoded and repaired, each parsed for checklist items."""

from __future__ import annotations

import stat
from dataclasses import dataclass
from typing import TYPE_CHECKING

from auditbook.domain.errors import AuditbookError
from auditbook.domain.findings import Finding, Level
from auditbook.domain.text import unique_name
from auditbook.inputs.checklist import page_slug, parse_checklist
from auditbook.inputs.source import read_source

if TYPE_CHECKING:
    from pathlib import Path

    from auditbook.domain.model import Checklist
    from auditbook.inputs.settings import Settings


@dataclass(frozen=True)
class Page:
    """A page of docs_dir as the site shows it, and its checklist if it has items."""

    src_uri: str
    path: str
    text: str
    checklist: Checklist | None


def _markdown_files(docs_dir: Path) -> list[Path]:
    found = []
    for path in sorted(docs_dir.rglob("*.md")):
        parts = path.relative_to(docs_dir).parts
        if not any(part.startswith(".") for part in parts):
            found.append(path)
    return found


def _unreadable(file: Path) -> str | None:
    """Why a page cannot be read as a file (a FIFO would hang the build), or None."""
    try:
        mode = file.stat().st_mode
    except OSError as error:
        return error.strerror or str(error)
    if not stat.S_ISREG(mode):
        return "not a regular file (a pipe, device or socket)"
    return None


def read_pages(settings: Settings) -> tuple[list[Page], list[Finding], list[str]]:
    """Decode and parse every page; pages under checklists_dir must have items.

    The third list names the pages left out (not files that can be read) by src_uri.
    """
    pages, findings, left_out = [], [], []
    page_slugs: set[str] = set()
    folder = settings.checklists_dir.rstrip("/") + "/"
    for file in _markdown_files(settings.docs_dir):
        src_uri = file.relative_to(settings.docs_dir).as_posix()
        path = settings.relative(file)
        reason = _unreadable(file)
        if reason is not None:
            message = f"{reason}; left out of the site"
            findings.append(Finding(Level.WARNING, "page-unreadable", message, path))
            left_out.append(src_uri)
            continue
        try:
            raw = file.read_bytes()
        except OSError as error:
            raise AuditbookError(f"cannot read: {error.strerror}", path) from None
        text, read_findings = read_source(raw, path)
        # Two pages called ops.md (in two folders) give their items two prefixes.
        slug = unique_name(page_slug(path), page_slugs)
        checklist, parse_findings = parse_checklist(path, text, slug)
        findings += read_findings + parse_findings
        has_items = bool(checklist.all_items())
        if not has_items and src_uri.startswith(folder):
            message = "checklist has no items; write them as '- [ ] text' or '1. [ ] text'"
            findings.append(Finding(Level.WARNING, "checklist-empty", message, path, 1))
        pages.append(Page(src_uri, path, text, checklist if has_items else None))
    return pages, findings, left_out

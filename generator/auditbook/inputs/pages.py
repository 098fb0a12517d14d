"""The Markdown pages of docs_dir, decoded and repaired, each parsed for checklist items."""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from auditbook.domain.errors import AuditbookError
from auditbook.domain.findings import Finding, Level
from auditbook.domain.text import control_in_name, unique_name
from auditbook.inputs.checklist import page_slug, parse_page
from auditbook.inputs.docsfiles import walk_docs
from auditbook.inputs.frontmatter import split_front_matter
from auditbook.inputs.source import read_source

if TYPE_CHECKING:
    from auditbook.domain.model import Checklist
    from auditbook.inputs.blocks import PageShape
    from auditbook.inputs.settings import Settings


# A page is read whole, then MkDocs holds it and its HTML: a page nobody wrote by hand is
# left out rather than let one file take the memory of the build.
MAX_PAGE_BYTES = 32 * 1024 * 1024


@dataclass(frozen=True)
class Page:
    """A page of docs_dir as the site shows it, its checklist if it has items, and the
    shape of its lines for rewriting it (the same in `text`, whose front matter the parser
    saw blank; NO_SHAPE for a page without items, which is not rewritten)."""

    src_uri: str
    path: str
    text: str
    checklist: Checklist | None
    shape: PageShape


def _unreadable(file: Path, src_uri: str) -> str | None:
    """Why a file of docs_dir cannot be read (a FIFO would hang the build), or None."""
    control = control_in_name(src_uri)
    if control is not None:
        return f"name holds a control character ({control}): it cannot be linked safely"
    try:
        status = file.stat()
    except OSError as error:
        return error.strerror or str(error)
    if not stat.S_ISREG(status.st_mode):
        return "not a regular file (a pipe, device or socket)"
    if status.st_size > MAX_PAGE_BYTES and src_uri.endswith(".md"):
        return f"{status.st_size:,} bytes, more than the {MAX_PAGE_BYTES:,} a page may have"
    return None


def read_pages(settings: Settings) -> tuple[list[Page], list[Finding], list[str]]:
    """Decode and parse every page; pages under checklists_dir must have items.

    The third list names the pages left out (not files that can be read) by src_uri.
    """
    pages, findings, left_out = [], [], []
    page_slugs: set[str] = set()
    folder = settings.checklists_dir.rstrip("/") + "/"
    walked = walk_docs(settings.docs_dir)
    for loop in walked.loops:
        message = (
            f"folder link leads back to {os.readlink(loop)} (a loop): MkDocs would copy the "
            "folder into itself over and over; what it leads to is left out of the site"
        )
        findings.append(Finding(Level.WARNING, "page-link-loop", message, settings.relative(loop)))
    left_out += [file.relative_to(settings.docs_dir).as_posix() for file in walked.through_loops]
    for file in walked.files:
        src_uri = file.relative_to(settings.docs_dir).as_posix()
        path = settings.relative(file)
        reason = _unreadable(file, src_uri)
        if reason is not None:
            message = f"{reason}; left out of the site"
            findings.append(Finding(Level.WARNING, "page-unreadable", message, path))
            left_out.append(src_uri)
            continue
        if not src_uri.endswith(".md"):
            continue
        try:
            raw = file.read_bytes()
        except OSError as error:
            raise AuditbookError(f"cannot read: {error.strerror}", path) from None
        text, read_findings = read_source(raw, path)
        split = split_front_matter(text, path)
        # Two pages called ops.md (in two folders) give their items two prefixes.
        slug = unique_name(page_slug(path), page_slugs)
        parsed = parse_page(path, split.body_text, slug, vocabulary=settings.vocabulary)
        findings += read_findings + split.findings + parsed.findings
        has_items = bool(parsed.checklist.all_items())
        if not has_items and src_uri.startswith(folder):
            message = "checklist has no items; write them as '- [ ] text' or '1. [ ] text'"
            findings.append(Finding(Level.WARNING, "checklist-empty", message, path, 1))
        checklist = parsed.checklist if has_items else None
        pages.append(Page(src_uri, path, split.site_text, checklist, parsed.shape))
    return pages, findings, left_out

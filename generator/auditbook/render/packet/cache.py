"""Packets already rendered, by the digest of everything that goes into them.

WeasyPrint takes seconds to minutes for a packet, and most builds change nothing in it.
The key covers the HTML, the stylesheet, every attachment (name, description, date and
bytes), every local file the HTML or stylesheet refers to, auditbook's own code (every
file of the installed package: a working copy edited, or a new release, prints anew) and
the versions of WeasyPrint and pydyf; any change to any of them renders anew. The
packet's creation time is left out of the key unless SOURCE_DATE_EPOCH fixes it: a packet
reused is the one rendered first from the same inputs, with that render's time.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote, urljoin, urlsplit

from auditbook import __version__
from auditbook.domain.clock import source_date_epoch
from auditbook.inputs.code_digest import code_digest
from auditbook.inputs.localcache import ENTRY_NAME, write_whole

if TYPE_CHECKING:
    from collections.abc import Sequence

    from auditbook.render.packet.attachments import PacketFile
    from auditbook.render.packet.jobs import Job, Laid

KEEP = 3  # packets kept: the current one and a couple to go back to
_REFERENCE = re.compile(r"""(?:src|href)\s*=\s*["']([^"'#]+)|url\(\s*["']?([^"')#]+)""")


def packet_key(
    html: str, stylesheet: str, base_url: str, files: Sequence[PacketFile], created: dt.datetime
) -> str:
    """The digest of every input of one packet render."""
    digest = hashlib.sha256()

    def add(*parts: str | bytes) -> None:
        for part in parts:
            data = part.encode("utf-8") if isinstance(part, str) else part
            digest.update(len(data).to_bytes(8, "big") + data)

    add(__version__, code_digest(), _version("weasyprint"), _version("pydyf"))
    own_time = source_date_epoch() is None  # the render's own time: see the docstring
    if own_time:
        html = html.replace(created.strftime("%Y-%m-%dT%H:%M:%SZ"), "")
    add(html, stylesheet, base_url)
    for file in files:
        date = "" if own_time and file.date == created else file.date.isoformat()
        add(file.name, file.description, date, file.sha256)
    for url in sorted(_local_references(html + "\n" + stylesheet, base_url)):
        add(url, _file_digest(url))
    return digest.hexdigest()


def cached(folder: Path | None, key: str) -> tuple[Path, int, int] | None:
    """The PDF rendered from these inputs before, with its pages and attachments."""
    if folder is None:
        return None
    for path in folder.glob(f"{key}-*-*.pdf"):
        try:
            pages, attachments = (int(n) for n in path.stem.split("-")[1:3])
            with path.open("rb") as stream:
                head = stream.read(5)
        except (OSError, ValueError):
            continue
        if head == b"%PDF-" and not path.is_symlink():
            return path, pages, attachments
    return None


def remember(folder: Path | None, key: str, pdf: Path, pages: int, attachments: int) -> None:
    """Keep a copy of the packet for the next build; failing to cache never fails a build."""
    if folder is None:
        return
    try:
        write_whole(folder / f"{key}-{pages}-{attachments}.pdf", pdf)
        kept = sorted(_entries(folder, ".pdf"), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in kept[KEEP:]:
            old.unlink(missing_ok=True)
    except OSError:
        return


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "unknown"


def _local_references(text: str, base_url: str) -> set[str]:
    found = set()
    for match in _REFERENCE.finditer(text):
        url = urljoin(base_url, (match[1] or match[2]).strip())
        if urlsplit(url).scheme == "file":
            found.add(url)
    return found


def _file_digest(url: str) -> str:
    path = Path(unquote(urlsplit(url).path))
    try:
        digest = hashlib.sha256()
        with path.open("rb") as stream:
            while chunk := stream.read(1 << 20):
                digest.update(chunk)
        return digest.hexdigest()
    except OSError:
        return "unreadable"  # the render itself reports it


def piece_key(job: Job) -> str:
    """The digest of every input of one piece's render: its HTML and stylesheet, the
    files they refer to, what the fetcher may read, the versions."""
    digest = hashlib.sha256()

    def add(*parts: str | bytes) -> None:
        for part in parts:
            data = part.encode("utf-8") if isinstance(part, str) else part
            digest.update(len(data).to_bytes(8, "big") + data)

    add(__version__, code_digest(), _version("weasyprint"), _version("pydyf"), str(job.write))
    add(job.html, job.stylesheet, job.base_url, job.css_base)
    add(*sorted(str(root) for root in job.roots), "|", *sorted(str(f) for f in job.files))
    add(*sorted(job.ids))
    references = _local_references(job.html, job.base_url)
    references |= _local_references(job.stylesheet, job.css_base)
    for url in sorted(references):
        add(url, _file_digest(url))
    return digest.hexdigest()


def cached_piece(folder: Path | None, key: str) -> Laid | None:
    """A piece rendered before from exactly these inputs, marked as used just now."""
    if folder is None:
        return None
    from auditbook.render.packet.jobs import Laid

    try:
        facts = json.loads((folder / f"{key}.json").read_text("utf-8"))
        pdf = (folder / f"{key}.pdf").read_bytes()
        laid = Laid(
            pdf=pdf,
            pages=int(facts["pages"]),
            page_names=tuple(str(n) for n in facts["page_names"]),
            anchors={str(k): int(v) for k, v in facts["anchors"].items()},
        )
        for path in (folder / f"{key}.json", folder / f"{key}.pdf"):
            os.utime(path)
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None
    return laid if pdf.startswith(b"%PDF-") and len(laid.page_names) == laid.pages else None


def remember_piece(folder: Path | None, key: str, laid: Laid) -> None:
    """Keep a piece for the next build (the PDF first, its facts last: facts without
    their PDF are never read as a hit); failing to cache never fails a build."""
    if folder is None or laid.problems or not laid.pdf:
        return
    facts = {
        "pages": laid.pages,
        "page_names": list(laid.page_names),
        "anchors": laid.anchors,
    }
    try:
        folder.mkdir(parents=True, exist_ok=True)
        write_whole(folder / f"{key}.pdf", laid.pdf)
        write_whole(folder / f"{key}.json", json.dumps(facts).encode("utf-8"))
    except OSError:
        return


def prune_pieces(folder: Path | None, keep: int) -> None:
    """Drop all but the `keep` pieces used most recently."""
    if folder is None:
        return
    try:
        found = sorted(_entries(folder, ".json"), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in found[keep:]:
            old.unlink(missing_ok=True)
            old.with_suffix(".pdf").unlink(missing_ok=True)
    except OSError:
        return


def _entries(folder: Path, suffix: str) -> list[Path]:
    """The cache's own files: a file named otherwise is never pruned, whoever put it there."""
    return [
        path
        for path in folder.glob(f"*{suffix}")
        if ENTRY_NAME.fullmatch(path.name) and not path.is_symlink()
    ]

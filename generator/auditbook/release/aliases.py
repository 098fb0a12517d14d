"""The layout mike writes around the version folders: alias folders, the root page, sitemaps.

The root (site_dir, `site/` by default) holds one folder per release, `versions.json`, one
folder per alias and an `index.html` that leads to the default alias. An alias is a folder
of redirect pages (mike's default), not a copy: it holds no packet of its own, so there is
one file per packet, and moving an alias rewrites a few small pages.
"""

from __future__ import annotations

import gzip
import html
import json
import logging
import posixpath
import shutil
from typing import TYPE_CHECKING
from xml.sax.saxutils import escape

from auditbook.domain.clock import archive_mtime
from auditbook.domain.files import DRAFT, MANIFEST, VERSIONS
from auditbook.release.atomic import replacing_dir, replacing_file

if TYPE_CHECKING:
    from pathlib import Path

    from auditbook.release.versions import Versions

log = logging.getLogger(__name__)
# Material keeps the page when switching versions by looking it up in each version's
# sitemap, which MkDocs only fills when site_url is set; without one, a release writes its
# sitemap on this reserved, never-resolving origin (RFC 6761): Material only compares paths.
PLACEHOLDER_ORIGIN = "https://auditbook.invalid"
_RAW_EVIDENCE = "evidence-files/"


def write_sitemap(site: Path, version: str) -> None:
    """A sitemap of every page, so Material's selector can keep the page across versions."""
    urls = []
    for page in sorted(site.rglob("*.html")):
        path = page.relative_to(site).as_posix()
        if path == "404.html" or path.startswith(_RAW_EVIDENCE):
            continue
        urls.append(path[: -len("index.html")] if path.endswith("index.html") else path)
    base = f"{PLACEHOLDER_ORIGIN}/{version}/"
    body = "".join(f"  <url><loc>{escape(base + url)}</loc></url>\n" for url in urls)
    xml = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
        f"{body}</urlset>\n"
    )
    (site / "sitemap.xml").write_text(xml, "utf-8")
    with (
        (site / "sitemap.xml.gz").open("wb") as raw,
        gzip.GzipFile(filename="sitemap.xml", mode="wb", fileobj=raw, mtime=archive_mtime()) as gz,
    ):
        gz.write(xml.encode("utf-8"))


def finish_layout(root: Path, versions: Versions, use_directory_urls: bool = True) -> None:
    """Alias folders and the root page, derived from versions.json (so rerunning repairs them)."""
    for alias, version in versions.aliases().items():
        write_alias(root, alias, version, use_directory_urls)
    default = versions.default()
    if default is not None:
        with replacing_file(root / "index.html") as page:
            page.write_text(redirect_html(f"{default}/"), "utf-8")
    _remove_unversioned(root, versions)


def write_alias(root: Path, alias: str, version: str, use_directory_urls: bool = True) -> None:
    """An alias is a folder of redirect pages, one per page of the version (mike's default)."""
    source = root / version
    with replacing_dir(root / alias) as staging:
        for page in sorted(source.rglob("*.html")):
            relative = page.relative_to(source).as_posix()
            href = posixpath.relpath(
                f"{version}/{relative}", posixpath.dirname(f"{alias}/{relative}")
            )
            if use_directory_urls and posixpath.basename(href) == "index.html":
                href = posixpath.dirname(href) + "/"
            target = staging / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(redirect_html(href), "utf-8")


def redirect_html(href: str) -> str:
    """mike's redirect page, keeping the query and the fragment (links to an item)."""
    attribute, script = html.escape(href, quote=True), json.dumps(href).replace("</", "<\\/")
    return (
        '<!DOCTYPE html>\n<html>\n<head>\n  <meta charset="utf-8">\n'
        "  <title>Redirecting</title>\n"
        f'  <noscript><meta http-equiv="refresh" content="0; url={attribute}"></noscript>\n'
        f"  <script>window.location.replace({script} + window.location.search"
        " + window.location.hash);</script>\n"
        f'</head>\n<body>\n  Redirecting to <a href="{attribute}">{attribute}</a>...\n'
        "</body>\n</html>\n"
    )


def _remove_unversioned(root: Path, versions: Versions) -> None:
    """The first release replaces a plain build at the root: remove what that build listed."""
    manifest = root / MANIFEST
    if not manifest.is_file():
        return
    try:
        outputs = json.loads(manifest.read_text("utf-8")).get("outputs", [])
    except (OSError, ValueError):
        return
    keep = {VERSIONS, "index.html", DRAFT, *versions.aliases()}
    keep.update(info.version for info in versions)
    tops = {str(entry.get("path", "")).split("/", 1)[0] for entry in outputs} - keep
    for name in sorted(tops):
        path = root / name
        if name and not name.startswith(".") and path.exists():
            shutil.rmtree(path) if path.is_dir() else path.unlink()
    manifest.unlink()
    log.info(
        "removed the unversioned build from %s: `auditbook build` now writes it to %s/", root, DRAFT
    )

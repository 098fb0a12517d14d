"""URLs of site pages, computed the way MkDocs computes them, and relative links between them."""

from __future__ import annotations

import posixpath


def page_url(src_uri: str, use_directory_urls: bool = True) -> str:
    """The URL MkDocs gives a file of docs_dir: `a/b.md` is `a/b/`, or `a/b.html` and
    `a/index.html` without directory URLs (pages opened from disk need the file name)."""
    if not src_uri.endswith(".md"):
        return src_uri
    stem = src_uri[: -len(".md")]
    if not use_directory_urls:
        return stem + ".html"
    if stem == "index" or stem.endswith("/index"):
        return stem[: -len("index")]
    return stem + "/"


class Linker:
    """Relative links from one page to another file of the site."""

    def __init__(self, use_directory_urls: bool = True) -> None:
        self.use_directory_urls = use_directory_urls

    def url(self, src_uri: str) -> str:
        return page_url(src_uri, self.use_directory_urls)

    def link(self, from_src: str, to_src: str, anchor: str = "") -> str:
        target = relative_url(self.url(to_src) or ".", self.url(from_src) or ".")
        to_url = self.url(to_src)
        if (to_url == "" or to_url.endswith("/")) and not target.endswith("/"):
            target += "/"
        return target + (f"#{anchor}" if anchor else "")


def relative_url(url: str, other: str) -> str:
    """`url` relative to the page at `other`, both site paths (MkDocs' get_relative_url).

    A last part of `other` with a dot is a file, not a folder; '..' above the root stays
    at the root; a trailing slash is kept.
    """
    folder, _, last = other.rpartition("/")
    if "." in last:
        other = folder
    here, there = _parts(other), _parts(url)
    common = 0
    for a, b in zip(here, there, strict=False):
        if a != b:
            break
        common += 1
    relative = "/".join([".."] * (len(here) - common) + there[common:]) or "."
    return relative + "/" if url.endswith("/") else relative


def _parts(path: str) -> list[str]:
    normal = posixpath.normpath(path if path.startswith("/") else "/" + path)[1:]
    return normal.split("/") if normal else []


def evidence_page(path: str) -> str:
    """The page of an evidence file: `evidence/a/b.log` is shown at `evidence/a/b.log.md`."""
    return posixpath.join("evidence", path.split("/", 1)[-1]) + ".md"


def evidence_download(path: str) -> str:
    """Where a published raw evidence file is served."""
    return posixpath.join("evidence-files", path.split("/", 1)[-1])

"""Printing the packet's HTML with WeasyPrint: local files only, fonts checked, PDF/A-3.

WeasyPrint reports unusable resources (an image or stylesheet it cannot load) as
errors on its logger and carries on; for the packet each such error is fatal, so a
packet never silently lacks a part. The one exception is a URL refused by the
restricted fetcher (anything that is not a local file): it is reported as a warning
and the reader sees the element's alternative text.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from urllib.request import url2pathname

import tinycss2  # type: ignore[import-untyped]
from weasyprint import CSS
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher

from auditbook.domain.errors import PacketError

log = logging.getLogger(__name__)

PDF_VARIANT = "pdf/a-3b"
REFUSED = "packet: not fetched (only docs_dir, the templates and attached evidence are): %s"
GENERIC_FAMILIES = frozenset(
    {
        "serif",
        "sans-serif",
        "monospace",
        "cursive",
        "fantasy",
        "system-ui",
        "math",
        "emoji",
        "fangsong",
        "ui-serif",
        "ui-sans-serif",
        "ui-monospace",
        "ui-rounded",
        "inherit",
        "initial",
        "unset",
        "revert",
    }
)


class LocalFetcher(URLFetcher):  # type: ignore[misc]  # WeasyPrint is untyped
    """Fetches `data:` URLs, files under the allowed folders and the allowed files (the
    evidence this packet attaches); refuses everything else, wherever a link leads."""

    def __init__(
        self, roots: list[Path], files: Iterable[Path] = (), *, quiet: bool = False
    ) -> None:
        super().__init__(allowed_protocols=("file", "data"))
        self.quiet = quiet  # refusals are only collected: a worker's log reaches no one
        self.roots = [root.resolve() for root in roots]
        self.files = {file.resolve() for file in files}
        self.refused: list[str] = []

    def allows(self, url: str) -> bool:
        parts = urlsplit(url)
        if parts.scheme == "data":
            return True
        if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
            return False
        path = Path(url2pathname(parts.path)).resolve()
        return path in self.files or any(path.is_relative_to(root) for root in self.roots)

    def fetch(self, url: str, headers: Any = None) -> Any:
        if not self.allows(url):
            self.refused.append(url)
            if not self.quiet:
                log.warning(REFUSED, url)
            raise ValueError(f"refused by auditbook: only local files are fetched ({url})")
        return super().fetch(url, headers)


class _Records(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)

    def problems(self, level: int, refused: list[str]) -> list[str]:
        messages = [r.getMessage() for r in self.records if r.levelno >= level]
        return [m for m in messages if not any(url in m for url in refused)]


@contextmanager
def weasyprint_records() -> Iterator[_Records]:
    """Watch WeasyPrint's logger (without silencing it) for what went wrong."""
    handler = _Records()
    logger = logging.getLogger("weasyprint")
    level = logger.level
    if logger.getEffectiveLevel() > logging.WARNING:  # warnings must reach us, even if quiet
        logger.setLevel(logging.WARNING)
    logger.addHandler(handler)
    try:
        yield handler
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)


def _summary(problems: list[str]) -> str:
    more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
    return problems[0] + more


def load_stylesheet(
    text: str, path: str, base_url: str, fetcher: LocalFetcher, fonts: FontConfiguration
) -> Any:
    """The packet's stylesheet; any rule WeasyPrint ignores or cannot load is an error."""
    check_fonts(text, path)
    with weasyprint_records() as records:
        css = CSS(string=text, base_url=base_url, url_fetcher=fetcher, font_config=fonts)
    problems = records.problems(logging.WARNING, fetcher.refused)
    if problems:
        raise PacketError(f"stylesheet error: {_summary(problems)}", path)
    return css


def _families(value: list[Any]) -> list[str]:
    """Family names of a font-family value: quoted strings or runs of identifiers."""
    names: list[str] = []
    words: list[str] = []
    for token in [*value, None]:
        if token is None or (token.type == "literal" and token.value == ","):
            if words:
                names.append(" ".join(words))
            words = []
        elif token.type == "string":
            names.append(token.value)
        elif token.type == "ident":
            words.append(token.value)
    return names


def _declarations(rules: list[Any]) -> Iterator[tuple[str, Any]]:
    """(context, declaration) for every declaration, including @page margin boxes."""
    for rule in rules:
        if rule.type not in ("qualified-rule", "at-rule") or rule.content is None:
            continue
        font_face = rule.type == "at-rule" and rule.lower_at_keyword == "font-face"
        context = "font-face" if font_face else ""
        content = tinycss2.parse_blocks_contents(rule.content, skip_whitespace=True)
        for node in content:
            if node.type == "declaration":
                yield context, node
            elif node.type in ("at-rule", "qualified-rule"):
                yield from _declarations([node])


def check_fonts(text: str, path: str) -> None:
    """Every family the stylesheet names is installed or declared with @font-face."""
    rules = tinycss2.parse_stylesheet(text, skip_comments=True, skip_whitespace=True)
    declared: set[str] = set()
    wanted: list[tuple[str, int]] = []
    for context, declaration in _declarations(rules):
        if declaration.lower_name != "font-family":
            continue
        families = _families(declaration.value)
        if context == "font-face":
            declared.update(name.lower() for name in families)
        else:
            wanted.extend((name, declaration.source_line) for name in families)
    for name, line in wanted:
        lowered = name.lower()
        if lowered in GENERIC_FAMILIES or lowered in declared or font_installed(name):
            continue
        message = (
            f"font {name!r} is not installed (see `fc-list : family`); install it, "
            "declare it with @font-face, or name an installed one"
        )
        raise PacketError(message, path, line)


@cache
def font_installed(family: str) -> bool:
    """Whether fontconfig has this family itself, not merely a fallback for it."""
    from weasyprint.text.ffi import ffi, fontconfig

    config = fontconfig.FcInitLoadConfigAndFonts()
    pattern = fontconfig.FcPatternCreate()
    try:
        fontconfig.FcPatternAddString(pattern, b"family", family.encode())
        fontconfig.FcConfigSubstitute(config, pattern, fontconfig.FcMatchPattern)
        fontconfig.FcDefaultSubstitute(pattern)
        result = ffi.new("FcResult *")
        match = fontconfig.FcFontMatch(config, pattern, result)
        if match == ffi.NULL:
            return False
        found = []
        value = ffi.new("FcChar8 **")
        index = 0
        while fontconfig.FcPatternGetString(match, b"family", index, value) == 0:
            found.append(ffi.string(value[0]).decode("utf-8", "replace").lower())
            index += 1
        fontconfig.FcPatternDestroy(match)
        return family.lower() in found
    finally:
        fontconfig.FcPatternDestroy(pattern)
        fontconfig.FcConfigDestroy(config)

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
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit
from urllib.request import url2pathname

import tinycss2  # type: ignore[import-untyped]
from weasyprint import CSS, HTML, Attachment
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher

from auditbook.domain.errors import PacketError
from auditbook.render.packet.attachments import RELATIONSHIP

if TYPE_CHECKING:
    from auditbook.domain.progress import Tracker
    from auditbook.render.packet.attachments import PacketFile

log = logging.getLogger(__name__)

PDF_VARIANT = "pdf/a-3b"
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

    def __init__(self, roots: list[Path], files: Iterable[Path] = ()) -> None:
        super().__init__(allowed_protocols=("file", "data"))
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
            log.warning(
                "packet: not fetched (only docs_dir, the templates and attached evidence are): %s",
                url,
            )
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
def _weasyprint_records() -> Iterator[_Records]:
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
    with _weasyprint_records() as records:
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


def _attachment(file: PacketFile) -> Any:
    return Attachment(
        string=file.data,
        name=file.name,
        description=file.description,
        created=file.date,
        modified=file.date,
        relationship=RELATIONSHIP,
    )


@dataclass(frozen=True)
class Printed:
    """The PDF and what a benchmark or a check wants to know about it."""

    pdf: bytes
    pages: int
    attachments: int


def print_pdf(
    html: str,
    base_url: str,
    stylesheet: tuple[str, str, str],
    files: list[PacketFile],
    fetcher: LocalFetcher,
    tracker: Tracker | None = None,
) -> Printed:
    """Lay out and write the PDF/A-3 packet with its attachments, or raise PacketError."""
    fonts = FontConfiguration()
    css_text, css_path, css_base = stylesheet
    css = load_stylesheet(css_text, css_path, css_base, fetcher, fonts)
    attachments = [_attachment(file) for file in files]
    written: list[int] = []

    def finish(document: Any, pdf: Any) -> None:
        specs = [o for o in pdf.objects if isinstance(o, dict) and o.get("Type") == "/Filespec"]
        written.append(len(specs))
        # WeasyPrint 70 lists each attachment twice in the catalog's /AF: once is enough.
        associated = pdf.catalog.get("AF")
        if associated is not None:
            associated[:] = list(dict.fromkeys(associated))

    options = {"pdf_variant": PDF_VARIANT, "pdf_tags": True, "attachments": attachments}
    with _weasyprint_records() as records:
        document = HTML(string=html, base_url=base_url, url_fetcher=fetcher).render(
            font_config=fonts, stylesheets=[css], **options
        )
        if tracker is not None:
            tracker.advance(now=f"writing the packet's {len(document.pages)} pages")
        pdf = document.write_pdf(finisher=finish, **options)
    problems = records.problems(logging.ERROR, fetcher.refused)
    if problems:
        raise PacketError(f"the packet could not be rendered completely: {_summary(problems)}")
    return Printed(pdf, len(document.pages), written[0] if written else 0)

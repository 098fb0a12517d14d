"""Markdown and text made printable for the packet: pages, item text, links and emoji.

Pages are written for the site; in the PDF they sit inside one long document, so
their headings move one level down, their anchors get a per-page prefix, links to
other pages become links inside the packet, and relative images resolve against the
page's own folder. Emoji have no glyph in the packet's fonts: the few with a plain
equivalent are mapped to it, the rest are removed rather than printed as empty boxes.
"""

from __future__ import annotations

import html
import posixpath
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor
from markdown_it import MarkdownIt

from auditbook.domain.text import slugify

if TYPE_CHECKING:
    from pathlib import Path

    from markdown_it.token import Token

_EMOJI_TEXT = {
    "\u2705": "\u2713",  # white heavy check mark -> check mark
    "\u2714": "\u2713",
    "\u274c": "\u2717",  # cross mark -> ballot x
    "\u274e": "\u2717",
    "\u2753": "?",
    "\u2754": "?",
    "\u2755": "!",
    "\u2757": "!",
    "\u2795": "+",
    "\u2796": "\u2212",
    "\u2797": "\u00f7",
    "\u2b50": "\u2605",
    "\u2b55": "\u25cb",
    "\u2b1b": "\u25a0",
    "\u2b1c": "\u25a1",
}
# Emoji-presentation characters without a glyph in DejaVu: an emoji (with its joiners,
# modifiers and variation selectors) is removed with one following space.
_PICTOGRAPH = (
    "\u231a\u231b\u23e9-\u23f3\u23f8-\u23fa\u269d\u26b9-\u26bf\u26c4-\u26e1\u26e3-\u2700"
    "\u270a\u270b\u2728\u275f\u2760\u27b0\u27bf\U0001f000-\U0001faff"
)
_SELECTOR = "\ufe0e\ufe0f\u20e3\U000e0020-\U000e007f"  # alone, these go too (not ZWJ)
_EMOJI = re.compile(f"[{_PICTOGRAPH}][{_PICTOGRAPH}{_SELECTOR}\u200d]* ?|[{_SELECTOR}]")
_EMOJI_MAPPED = re.compile("[" + "".join(_EMOJI_TEXT) + "]\ufe0f?")


def printable(text: str) -> str:
    """Text without characters the packet's fonts cannot show."""
    text = _EMOJI_MAPPED.sub(lambda m: _EMOJI_TEXT[m.group(0)[0]], text)
    return _EMOJI.sub("", text)


@dataclass(frozen=True)
class Links:
    """Where the pages of docs_dir are in the packet, to turn site links into packet links."""

    docs_dir: Path
    anchors: dict[str, str]  # src_uri -> anchor of the page or checklist chapter
    prose: frozenset[str]  # pages rendered whole, whose own headings keep their anchors

    def href(self, src_uri: str, href: str) -> str | None:
        """The packet's link for a link written on `src_uri`; None when it leads nowhere here."""
        parts = urlsplit(href)
        if parts.scheme or parts.netloc:
            return href
        if not parts.path:
            if not parts.fragment:
                return None
            own = self.anchors[src_uri]
            return f"#{own}-{parts.fragment}" if src_uri in self.prose else f"#{own}"
        target = posixpath.normpath(posixpath.join(posixpath.dirname(src_uri), parts.path))
        if target.endswith("/"):
            target += "index.md"
        anchor = self.anchors.get(target)
        if anchor is None:
            return None
        if parts.fragment and target in self.prose:
            return f"#{anchor}-{parts.fragment}"
        return f"#{anchor}"

    def src(self, src_uri: str, src: str) -> str | None:
        """A local image's file URL; None for one on the network (the packet embeds none)."""
        parts = urlsplit(src)
        if parts.scheme == "data":
            return src
        if parts.scheme or parts.netloc or not parts.path:
            return None
        folder = (self.docs_dir / src_uri).parent
        return (folder / parts.path).resolve().as_uri()


def omitted_image(alt: str, src: str) -> str:
    """What the reader sees instead of an image that is not a local file."""
    return (
        f'<span class="omitted">[image not included: {html.escape(alt or "no description")}'
        f" ({html.escape(src)}); the packet embeds only local files]</span>"
    )


class _Rewrite(Treeprocessor):
    def __init__(self, md: markdown.Markdown, links: Links, src_uri: str, shift: int) -> None:
        super().__init__(md)
        self.links, self.src_uri, self.shift = links, src_uri, shift

    def run(self, root: ET.Element) -> None:
        for element in root.iter():
            if re.fullmatch(r"h[1-6]", element.tag):
                element.tag = f"h{min(6, int(element.tag[1]) + self.shift)}"
            elif element.tag == "a" and "href" in element.attrib:
                href = self.links.href(self.src_uri, element.attrib["href"])
                if href is None:
                    del element.attrib["href"]
                else:
                    element.attrib["href"] = href
            elif element.tag == "img" and "src" in element.attrib:
                self._image(element)
            elif element.tag == "li":
                _task_box(element)

    def _image(self, element: ET.Element) -> None:
        src = element.attrib["src"]
        local = self.links.src(self.src_uri, src)
        if local is not None:
            element.attrib["src"] = local
            return
        alt = element.attrib.get("alt", "")
        element.attrib.clear()
        element.tag = "span"
        element.set("class", "omitted")
        element.text = f"[image not included: {alt or 'no description'} ({src}); "
        element.text += "the packet embeds only local files]"


_BOX = re.compile(r"^\[([ xX])\] ")


def _task_box(item: ET.Element) -> None:
    """A task item's `[ ]` / `[x]` printed as a ballot box."""
    loose = not (item.text or "").strip() and len(item) and item[0].tag == "p"
    holder = item[0] if loose else item
    match = _BOX.match(holder.text or "")
    if match is not None:
        box = "\u2610 " if match.group(1) == " " else "\u2611 "
        holder.text = box + (holder.text or "")[match.end() :]


class _RewriteExtension(Extension):
    def __init__(self, links: Links, src_uri: str, shift: int) -> None:
        super().__init__()
        self.links, self.src_uri, self.shift = links, src_uri, shift

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        rewrite = _Rewrite(md, self.links, self.src_uri, self.shift)
        md.treeprocessors.register(rewrite, "auditbook-packet", 1)


_TITLE = re.compile(r"^# +(.+?)(?: +#+)? *$", re.MULTILINE)


def split_title(text: str, fallback: str) -> tuple[str, str]:
    """A page's H1 and the rest of the page (the H1 becomes the packet's own heading)."""
    match = _TITLE.search(text)
    if match is None:
        return fallback, text
    return match.group(1).strip(), text[: match.start()] + text[match.end() :]


def render_page(text: str, src_uri: str, links: Links, shift: int = 1) -> str:
    """A whole page as HTML, its headings `shift` levels down, ids prefixed by its anchor."""
    prefix = links.anchors[src_uri]
    md = markdown.Markdown(
        extensions=[
            "tables",
            "fenced_code",
            "admonition",
            "attr_list",
            "md_in_html",
            "sane_lists",
            "toc",
            _RewriteExtension(links, src_uri, shift),
        ],
        extension_configs={
            # The checklist parser's slugs: a section's id is its heading's id, prefixed.
            "toc": {"slugify": lambda value, sep: f"{prefix}-{slugify(value) or 'section'}"}
        },
        output_format="html",
    )
    return md.convert(text)


_INLINE = MarkdownIt("commonmark", {"html": False})


def render_inline(text: str, src_uri: str, links: Links) -> str:
    """An item's inline Markdown as HTML; raw HTML in it is shown as text, never interpreted."""
    tokens = _INLINE.parseInline(text)
    for token in tokens:
        for child in token.children or []:
            _rewrite_token(child, src_uri, links)
    return str(_INLINE.renderer.render(tokens, _INLINE.options, {}))


def _rewrite_token(token: Token, src_uri: str, links: Links) -> None:
    if token.type == "link_open":
        href = links.href(src_uri, str(token.attrGet("href") or ""))
        if href is None:
            token.attrs.pop("href", None)
        else:
            token.attrSet("href", href)
    elif token.type == "image":
        src = str(token.attrGet("src") or "")
        local = links.src(src_uri, src)
        if local is None:
            token.type, token.content = "html_inline", omitted_image(token.content, src)
        else:
            token.attrSet("src", local)

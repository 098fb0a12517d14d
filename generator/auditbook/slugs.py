"""Readable, stable slugs for sections and item ids."""

from __future__ import annotations

import re
import unicodedata

# Link text and target stop at the next bracket, so a line of brackets is linear, not quadratic.
_MARKUP = re.compile(r"[*_`~]|!?\[([^\]\[]*)\]\([^()]*\)")
_NON_WORD = re.compile(r"[^a-z0-9]+")
MAX_TEXT_SLUG = 48


def plain_text(markdown: str) -> str:
    """Inline Markdown without emphasis, code ticks or link targets."""
    return _MARKUP.sub(lambda m: m.group(1) or "", markdown).strip()


def slugify(text: str, limit: int | None = None) -> str:
    """Lower-case ASCII words joined by hyphens, cut at a word boundary past `limit`."""
    ascii_text = unicodedata.normalize("NFKD", plain_text(text)).encode("ascii", "ignore")
    slug = _NON_WORD.sub("-", ascii_text.decode("ascii").lower()).strip("-")
    if limit is not None and len(slug) > limit:
        cut = slug.rfind("-", 0, limit + 1)
        slug = slug[: cut if cut > 0 else limit]
    return slug


def item_anchor(item_id: str) -> str:
    """The HTML id of an item on its page ('/' is legal in ids but awkward in selectors)."""
    return "item-" + item_id.replace("/", "--")

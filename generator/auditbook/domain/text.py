"""Text for ids and for people: plain text of inline Markdown, slugs, names, suggestions."""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable

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


def unique_name(base: str, taken: set[str], *, keep_suffix: bool = False) -> str:
    """`base`, or `base-2`, `base-3`... (before the file suffix with `keep_suffix`); taken."""
    stem, dot, suffix = base.rpartition(".") if keep_suffix else ("", "", "")
    name, counter = base, 1
    while name in taken:
        counter += 1
        name = f"{stem}-{counter}.{suffix}" if dot and stem else f"{base}-{counter}"
    taken.add(name)
    return name


def did_you_mean(target: str, known: Iterable[str]) -> str:
    """' (did you mean 'a' or 'b'?)' for the closest known names, or ''."""
    known = list(known)
    close = difflib.get_close_matches(target, known, n=3, cutoff=0.6)
    if not close:
        tail = target.rsplit("/", 1)[-1]
        close = [k for k in known if tail and tail in k][:3]
    return f" (did you mean {' or '.join(repr(c) for c in close)}?)" if close else ""


def percent(share: float | None) -> str:
    """0.734 -> '73%'; no applicable items -> 'n/a'."""
    return "n/a" if share is None else f"{share * 100:.0f}%"

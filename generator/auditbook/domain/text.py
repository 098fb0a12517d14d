"""Text for ids and for people: plain text of inline Markdown, slugs, names, suggestions."""

from __future__ import annotations

import difflib
import html
import re
import unicodedata
from collections.abc import Iterable

# Link text and target stop at the next bracket, so a line of brackets is linear, not quadratic.
_MARKUP = re.compile(r"[*_`~]|!?\[([^\]\[]*)\]\([^()]*\)")
# Latin letters that are not a base letter with accents, spelt as their base letters.
_LATIN_LETTERS = str.maketrans(
    {"đ": "d", "Đ": "D", "ø": "o", "Ø": "O", "ł": "l", "Ł": "L", "ß": "ss", "æ": "ae",
     "Æ": "AE", "œ": "oe", "Œ": "OE", "þ": "th", "Þ": "Th"}
)  # fmt: skip


_NON_ASCII = re.compile(r"[^\x00-\x7f]+")
_SEPARATORS = re.compile(r"[\x00-\x2f\x3a-\x60\x7b-\x7f]+")  # ASCII but letters and digits


def _respelled(run: re.Match[str]) -> str:
    """Non-ASCII text as it goes into a slug: Latin letters without accents, letters and
    marks of other scripts kept, spaces kept; symbols (emoji, a typographic apostrophe,
    Persian's zero-width non-joiner) dropped without separating words."""
    kept = []
    for char in run.group():
        if ord(char) < 0x0250 or 0x1E00 <= ord(char) <= 0x1EFF:
            decomposed = unicodedata.normalize("NFKD", char)
            char = "".join(c for c in decomposed if not unicodedata.combining(c))
        else:
            char = unicodedata.normalize("NFKC", char)  # fullwidth forms are their letters
        if char.isascii() or char.isalnum() or _is_mark(char):
            kept.append(char)
        elif char.isspace():
            kept.append(" ")
    return "".join(kept)


def _is_mark(char: str) -> bool:
    """A vowel sign or other mark of a word (Devanagari, Thai); not an emoji's selector."""
    variation = 0xFE00 <= ord(char) <= 0xFE0F or 0xE0100 <= ord(char) <= 0xE01EF
    return unicodedata.category(char) in ("Mn", "Mc") and not variation


MAX_TEXT_SLUG = 48
# Characters no file name shown to people, linked from a page or written in a report may
# hold: they break lines, start terminal escapes, or are not allowed in XML.
_NAME_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def control_in_name(name: str) -> str | None:
    """The first control character of a file name, written out (`\\n`), or None."""
    found = _NAME_CONTROL.search(name)
    return None if found is None else repr(found.group())[1:-1]


def plain_text(markdown: str) -> str:
    """Inline Markdown without emphasis, code ticks or link targets."""
    return _MARKUP.sub(lambda m: m.group(1) or "", markdown).strip()


def slugify(text: str, limit: int | None = None) -> str:
    """Lower-case words joined by hyphens, cut at a word boundary past `limit`.

    Letters of every script are kept (a Chinese or Persian item keeps its words); Latin
    letters lose their accents (`Überprüfung` is `uberprufung`, `đ` is `d`), so ids stay
    easy to type where they can be.
    """
    plain = html.unescape(plain_text(text)).translate(_LATIN_LETTERS)
    if not plain.isascii():  # character by character, so bounded: a slug keeps `limit`
        head = plain if limit is None else plain[: limit * 64]
        plain = _NON_ASCII.sub(_respelled, unicodedata.normalize("NFC", head))
    slug = _SEPARATORS.sub("-", plain.lower()).strip("-")
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

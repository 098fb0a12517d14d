"""Which lines could break a rule at all: a cheap first look, so most lines cost nothing.

Every rule of rules.py needs a part of its pattern somewhere in a line: three digits and
a separator (SSN, phone), a number before a capitalised word (street), an `@` between a
name and a dotted domain (e-mail), or one of a few words, case aside (labels of SSNs,
record numbers and birth dates; the hints of secrets). A line holding none of them breaks
no rule, so it is never scanned.

Case-insensitive patterns are slow (every position of a text tries every word), so the
words are looked for in the text folded to lower case. Folded, a text holds every word
a case-insensitive pattern finds in it: `str.lower` folds every letter that matches an
ASCII one to it, except three, folded first: U+0130 and U+0131 (dotted capital and
dotless small I) to i, U+017F (long s) to s.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterator

# The words of rules._SSN_LABELLED, _MRN, _DOB and _SECRET_HINT in lower case (credentials
# in a URL by their `://` alone); one pattern each, as each one alone is found fast.
WORDS = (
    *("ssn", "social security", "mrn", "medical record", "member", "patient id"),
    *("dob", "birth", "born", "akia", "asia", "private key", "eyj", "://", "passw", "pwd"),
    *("secret", "token", r"api[_-]?key", "xox[abposr]-", "gh[pousr]_", "glpat-", "sk_live"),
    *("rk_live", "npm_", "pypi-", "accountkey="),
)
_WORDS = tuple(re.compile(word) for word in WORDS)
_ANY_WORD = re.compile("|".join(WORDS))  # for one short line, one pattern is faster
# Digits as _SSN and _PHONE (three, a separator, two) and _STREET (`42 Juniper`) need them.
_DIGITS = re.compile(r"\d(?:\d\d[ .-]\d\d| [A-Z][a-z])")
# What each match of rules._EMAIL holds: the last character of a name, `@`, a domain's
# first label and dot, and the first character after it. A bare `@` (a binary file, a
# decorator, `user@host` in a log) is no candidate. The `@` leads, so it is found fast.
_EMAIL_SHAPE = re.compile(r"@(?<=[\w.+-]@)[a-z0-9-]+\.[a-z0-9-]", re.IGNORECASE)
_UNFOLDED = re.compile("[\u0130\u0131\u017f]")


def may_hit(line: str) -> bool:
    """Whether a rule could match in `line` (False: none can)."""
    if ("@" in line and _EMAIL_SHAPE.search(line)) or _DIGITS.search(line) is not None:
        return True
    return _ANY_WORD.search(_folded(line)) is not None


def candidate_lines(text: str) -> Iterator[tuple[int, str]]:
    """(index from 0, line) of each line of `text`, split at "\\n", that may_hit; in order.

    No part of a pattern above matches a line break, so each match lies in one line."""
    found = {*_line_indices(_EMAIL_SHAPE, text), *_line_indices(_DIGITS, text)}
    folded = _folded(text)
    for word in _WORDS:
        found.update(_line_indices(word, folded))
    if found:
        lines = text.split("\n")
        for index in sorted(found):
            yield index, lines[index]


def _folded(text: str) -> str:
    # An ASCII text (nearly every one; Python knows it without reading it) holds none of
    # the three: no search of the whole text for them.
    if not text.isascii() and _UNFOLDED.search(text) is not None:
        text = text.replace("\u0130", "i").replace("\u0131", "i").replace("\u017f", "s")
    return text.lower()


def _line_indices(pattern: re.Pattern[str], text: str) -> Iterator[int]:
    """The index of each line of `text` in which `pattern` matches, once per line."""
    position = counted = index = 0
    while (found := pattern.search(text, position)) is not None:
        start = text.rfind("\n", 0, found.start()) + 1
        index += text.count("\n", counted, start)
        counted = start
        yield index
        end = text.find("\n", found.start())
        if end < 0:
            return
        position = end + 1

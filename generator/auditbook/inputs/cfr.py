"""Citations of 45 CFR Part 164 as people write them, brought to one canonical form."""

from __future__ import annotations

import re

# "45 CFR", "45 C.F.R.", "§", "§§", "sec." in any combination before the section number.
_PREFIX = re.compile(r"^(?:45\s*C\.?\s*F\.?\s*R\.?|§+|sec(?:tion)?\.?|\s)*", re.IGNORECASE)
_SECTION = re.compile(r"(\d{3}\.\d{3,4})")
EMBEDDED = re.compile(r"\d{3}\.\d{3,4}(?:\s*\(\s*[A-Za-z0-9]{1,4}\s*\))*")
_PARENS = re.compile(r"\s*\(\s*([A-Za-z]{1,4}|\d{1,2})\s*\)")
_DOTTED = re.compile(r"\.([A-Za-z]{1,4}|\d{1,2})")
# Paragraph levels of the CFR: (a), (1), (i), (A), (1), (i).
_LEVELS = (r"[a-z]{1,2}", r"\d{1,2}", r"[ivxl]+", r"[A-Z]{1,2}", r"\d{1,2}", r"[ivxl]+")


def normalize_citation(text: str) -> str | None:
    """The canonical form of a citation ("164.312(a)(2)(iv)"), or None if it is not one.

    Accepts "§164.312(b)", "45 CFR § 164.312(b)", "164.312 (b)" and the dotted
    "164.312.a.2.iv" some tools write; letter case is fixed by paragraph level.
    """
    rest = _PREFIX.sub("", text.strip()).rstrip(" \t.,;:")
    match = _SECTION.match(rest)
    if match is None:
        return None
    section, rest = match.group(1), rest[match.end() :]
    pattern = _DOTTED if rest.startswith(".") else _PARENS
    parts: list[str] = []
    position = 0
    while position < len(rest):
        step = pattern.match(rest, position)
        if step is None:
            return None
        parts.append(step.group(1))
        position = step.end()
    canonical = _canonical_parts(parts)
    if canonical is None:
        return None
    return section + "".join(f"({part})" for part in canonical)


def _canonical_parts(parts: list[str]) -> list[str] | None:
    if len(parts) > len(_LEVELS):
        return None
    fixed: list[str] = []
    for depth, part in enumerate(parts):
        value = part.upper() if depth == 3 else part.lower()
        if not re.fullmatch(_LEVELS[depth], value):
            return None
        fixed.append(value)
    return fixed

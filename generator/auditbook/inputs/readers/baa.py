"""Business Associate Agreements (PDF or text): parties, term, provisions, signatures."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from auditbook.domain.model import Verdict
from auditbook.inputs.readers._common import LineTooLong, Notes, bounded_lines, cap, open_text
from auditbook.inputs.readers._prose import DATE, parse_date

if TYPE_CHECKING:
    import datetime as dt
    from pathlib import Path

    from auditbook.domain.model import Checks, ReaderResult

# A BAA is a few pages: more text than this is not read.
MAX_CHARS = 2_000_000
# Signature lines looked at: an agreement has a handful.
MAX_SIGNATURES = 20
CE, BA = "covered entity", "business associate"

# The provisions 45 CFR 164.504(e)(2) requires, each found by any of its patterns.
PROVISIONS: tuple[tuple[str, str], ...] = (
    (
        "permitted uses and disclosures",
        r"permitted uses? (?:and|or) disclosures?|uses? (?:and|or) disclosures? "
        r"(?:permitted|required)|permitted or required by",
    ),
    ("safeguards", r"\bsafeguards?\b"),
    (
        "reporting of breaches and security incidents",
        r"\breport.{0,300}?(?:security incident|breach)"
        r"|(?:security incident|breach).{0,300}?\breport",
    ),
    ("subcontractors", r"\bsubcontractors?\b"),
    (
        "individual access (164.524)",
        r"164\.524|\baccess to (?:the |such |that )?(?:protected health information|phi)\b",
    ),
    (
        "amendment (164.526)",
        r"164\.526|\bamend(?:ment)?s? (?:to|of) (?:the |such )?(?:protected|phi)",
    ),
    ("accounting of disclosures (164.528)", r"164\.528|\baccounting of disclosures\b"),
    (
        "books and records available to HHS",
        r"books,? and records.{0,300}?(?:secretary|hhs|health and human services)"
        r"|(?:secretary|hhs).{0,300}?books,? and records",
    ),
    (
        "return or destruction at termination",
        r"return or destroy|return or destruction|return.{0,120}?\bdestroy",
    ),
    ("termination for material breach", r"\bmaterial (?:term|breach|violation)"),
)

_NAME = r"[A-Z0-9][^()\"“”]{1,120}?"
# `... and Example Hosting, LLC ("Business Associate")`: the name is right before the role.
_ROLE = r"\(\s*(?:hereinafter\s+)?(?:the\s+)?[\"“”']?{role}\b"
_NAME_BEFORE = (
    re.compile(rf"(?i:\b(?:between|and|by))\s+({_NAME})\s*$"),
    re.compile(rf"({_NAME})\s*$"),
)
_EFFECTIVE = (
    rf"(?i:effective\s+(?:as\s+of|on|from)\s+)({DATE})",
    rf"(?i:effective\s+date)[^.;]{{0,40}}?({DATE})",
    rf"({DATE})\s*\(\s*(?i:the\s+)?[\"“”']?(?i:effective\s+date)",
)
_END = (
    rf"(?i:(?:end|expiration|termination)\s+date)[^.;]{{0,40}}?({DATE})",
    rf"(?i:(?:terminates?|expires?|ends?)\s+on\s+)({DATE})",
    rf"(?i:(?:remain\s+in\s+(?:full\s+force\s+and\s+)?effect|continue)\s+(?:until|through)\s+)({DATE})",
)
# ", a Delaware corporation" after a party's name is not part of the name.
_LEGAL_FORM = re.compile(
    r",?\s+an?\s+[\w .-]{0,40}?(?:corporation|company|partnership|llc|inc\.?)\s*$", re.I
)
_UNTIL_TERMINATED = re.compile(r"until\s+(?:it\s+is\s+|this\s+agreement\s+is\s+)?terminated", re.I)
_SIGNED = re.compile(r"(?:\bsigned\s*:|/s/)(?P<rest>.*)$", re.IGNORECASE)
_DATE_LABEL = re.compile(rf"\bdate(?:d)?\s*:?\s*(?P<date>{DATE})", re.IGNORECASE)


@dataclass(frozen=True)
class _Signature:
    line: int
    party: str | None
    name: str
    date: dt.date | None


def read_baa(path: Path, rel: str, checks: Checks) -> ReaderResult:
    """Read the agreement's text and check what 164.504(e) asks of it."""
    notes = Notes(rel)
    text = _pdf_text(path, notes) if _is_pdf(path) else _plain_text(path, notes)
    if text is None:
        return notes.result(Verdict.FAILS)
    if not text.strip():
        notes.error("baa-no-text", "no text found (a scanned image?): nothing can be checked")
        return notes.result(Verdict.FAILS)
    flat = " ".join(text.split())
    parties = {role: _party(flat, role) for role in (CE, BA)}
    for role, name in parties.items():
        notes.fact(role.capitalize(), name or "not found")
        if name is None:
            notes.warning("baa-party-not-found", f"the {role} is not named")
    effective = _first_date(flat, _EFFECTIVE)
    end = _first_date(flat, _END)
    notes.fact("Effective date", effective.isoformat() if effective else "not found")
    if effective is None:
        notes.warning("baa-no-effective-date", "no effective date found")
    _term_fact(flat, end, notes)
    _provisions(flat.lower(), notes)
    _signatures(text.splitlines(), parties, notes)
    return notes.result(stale_after=end)


def _is_pdf(path: Path) -> bool:
    if path.suffix.lower() == ".pdf":
        return True
    with path.open("rb") as stream:
        return stream.read(5) == b"%PDF-"


def _pdf_text(path: Path, notes: Notes) -> str | None:
    from pypdf import PdfReader

    try:
        reader = PdfReader(path)
        pages: list[str] = []
        size = 0
        for page in reader.pages:
            pages.append(page.extract_text() or "")
            size += len(pages[-1])
            if size > MAX_CHARS:
                break
    except Exception as exc:  # pypdf raises many kinds on broken files; none may escape.
        notes.error("baa-unreadable", f"cannot read PDF: {cap(exc) or type(exc).__name__}")
        return None
    notes.fact("Format", f"PDF, {len(reader.pages)} page(s)")
    return "\n".join(pages)


def _plain_text(path: Path, notes: Notes) -> str | None:
    parts: list[str] = []
    size = 0
    with open_text(path) as stream:
        try:
            for line in bounded_lines(stream, limit=MAX_CHARS):
                parts.append(line)
                size += len(line)
                if size > MAX_CHARS:
                    notes.warning("baa-too-long", f"only the first {MAX_CHARS} characters read")
                    break
        except LineTooLong as exc:
            notes.error("baa-unreadable", f"{exc}: not a text agreement", exc.line)
            return None
    notes.fact("Format", "text")
    return "".join(parts)


def _party(flat: str, role: str) -> str | None:
    words = role.replace(" ", r"\s+")
    for marker in re.finditer(_ROLE.format(role=words), flat, re.IGNORECASE):
        before = flat[max(0, marker.start() - 160) : marker.start()]
        for pattern in _NAME_BEFORE:
            if match := pattern.search(before):
                return _clean_name(match[1])
    label = rf"(?i:{words})\s*:\s*(?:\*\*)?({_NAME})(?:\*\*|\s+(?i:by|name|signed)\b|$)"
    if match := re.search(label, flat):
        return _clean_name(match[1])
    return None


def _clean_name(text: str) -> str:
    return cap(_LEGAL_FORM.sub("", text).strip(" *,"))


def _first_date(flat: str, patterns: tuple[str, ...]) -> dt.date | None:
    found = [m for pattern in patterns if (m := re.search(pattern, flat))]
    for match in sorted(found, key=lambda m: m.start()):
        if (date := parse_date(match[1])) is not None:
            return date
    return None


def _term_fact(flat: str, end: dt.date | None, notes: Notes) -> None:
    if end is not None:
        notes.fact("End date", end.isoformat())
    elif _UNTIL_TERMINATED.search(flat):
        notes.fact("End date", "until terminated")
    else:
        notes.fact("End date", "not found")
        notes.warning("baa-no-term", "no end date and no 'until terminated' term found")


def _provisions(lowered: str, notes: Notes) -> None:
    missing = [name for name, pattern in PROVISIONS if not re.search(pattern, lowered)]
    present = len(PROVISIONS) - len(missing)
    notes.fact("Required provisions", f"{present} of {len(PROVISIONS)} present")
    if missing:
        notes.fact("Provisions not found", "; ".join(missing))
        message = f"required provision(s) not found (45 CFR 164.504(e)): {'; '.join(missing)}"
        notes.warning("baa-provisions-missing", message)


def _signatures(lines: list[str], parties: dict[str, str | None], notes: Notes) -> None:
    blocks = _signature_blocks(lines, parties)
    unsigned: list[str] = []
    for role in (CE, BA):
        signed = [each for each in blocks if each.party == role and each.name]
        if not signed:
            unsigned.append(role)
            notes.fact(f"Signature of the {role}", "none")
            continue
        first = signed[0]
        notes.fact(f"Signature of the {role}", f"{first.name}, {first.date or 'undated'}")
        if first.date is None:
            message = f"the signature of the {role} ({first.name}) has no date"
            notes.warning("baa-signature-undated", message, first.line)
    notes.fact("Signed", "no" if unsigned else "yes, by both parties")
    if unsigned:
        empty = [each.line for each in blocks if each.party in unsigned and not each.name]
        who = " and the ".join(unsigned)
        notes.error("baa-unsigned", f"not signed by the {who}", empty[0] if empty else None)


def _signature_blocks(lines: list[str], parties: dict[str, str | None]) -> list[_Signature]:
    found: list[_Signature] = []
    for index, text in enumerate(lines):
        match = _SIGNED.search(text)
        if not match:
            continue
        if len(found) == MAX_SIGNATURES:
            break
        rest = match["rest"]
        date_match = None
        for step, following in enumerate([rest, *lines[index + 1 : index + 5]]):
            if step and _SIGNED.search(following):
                break
            if date_match := _DATE_LABEL.search(following):
                break
        name = _DATE_LABEL.split(rest)[0] if _DATE_LABEL.search(rest) else rest
        name = re.sub(r"(?i)/s/|\bdate\s*:.*$|[*_|]", " ", name).strip(" .,:-\t")
        date = parse_date(date_match["date"]) if date_match else None
        party = _party_before(lines, index, match.start(), parties)
        found.append(_Signature(index + 1, party, cap(name) if _has_letters(name) else "", date))
    return found


def _party_before(
    lines: list[str], index: int, column: int, parties: dict[str, str | None]
) -> str | None:
    """The party whose role or name is written nearest before a signature line."""
    for back in range(index, max(-1, index - 10), -1):
        text = lines[back][:column] if back == index else lines[back]
        lowered = text.lower()
        spots = {}
        for role, name in parties.items():
            words = [role] + ([name.lower()] if name else [])
            spots[role] = max(lowered.rfind(word) for word in words)
        best = max(spots, key=lambda role: spots[role])
        if spots[best] >= 0:
            return best
    return None


def _has_letters(text: str) -> bool:
    return any(char.isalpha() for char in text)

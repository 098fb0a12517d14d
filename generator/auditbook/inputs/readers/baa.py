"""Business Associate Agreements (PDF or text): parties, term, provisions, signatures.

First the reader decides what the file is: an agreement, something else (an audit log,
a policy: `not this kind of file`) or too little text to tell (a scan). An agreement with
unfilled placeholders is a template and proves no executed BAA. Otherwise every element
45 CFR 164.504(e)(2) and 164.314(a)(2)(i) require is looked for, sentence by sentence,
and the signature block must be signed by both parties.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from auditbook.domain.model import Fact, Verdict
from auditbook.inputs.readers._baa_parties import (
    BA,
    CE,
    effective_date,
    end_date,
    find_party,
    open_term,
)
from auditbook.inputs.readers._baa_placeholders import find_placeholders
from auditbook.inputs.readers._baa_provisions import (
    BREACHES,
    INCIDENTS,
    PROVISIONS,
    find_provisions,
)
from auditbook.inputs.readers._baa_signatures import find_signatures
from auditbook.inputs.readers._baa_text import clean, is_heading, read_doc, sentences
from auditbook.inputs.readers._common import Notes

if TYPE_CHECKING:
    import datetime as dt
    from pathlib import Path

    from auditbook.domain.model import Checks, ReaderResult
    from auditbook.inputs.readers._baa_placeholders import Placeholder
    from auditbook.inputs.readers._baa_text import Doc, Sentence

# Fewer words than this cannot hold the provisions a BAA must have (a scanned cover page).
MIN_AGREEMENT_WORDS = 150
# Fewer words than this, with nothing else recognisable, is too little to tell what it is.
MIN_WORDS = 40
# More required provisions than this missing and the agreement fails; fewer are a warning
# (a clause worded unlike any pattern here is for a person to confirm).
MAX_MISSING = 3
# Found this many provisions, the text is an agreement whatever its title says.
SURELY_AN_AGREEMENT = 5
_TITLE = re.compile(r"business\s+associate\s+(?:agreement|addendum|contract|terms)|\bBAA\b", re.I)
_NOT_TITLE = re.compile(r"\b(?:policy|procedure|standard|checklist|register|inventory|log)\b", re.I)
_ROLE = re.compile(
    r"\(\s*(?:hereinafter\s+)?(?:referred\s+to\s+as\s+)?(?:the\s+)?[\"\u201c\u201d']?business\s+associate\b",
    re.IGNORECASE,
)
_DATA_LINE = re.compile(
    r"^\s*(?:\{|\[|\d{4}-\d{2}-\d{2}[T ]\d|[\w.-]+(?:\[\d+\])?:\s|.*(?:,.*){2}|.*\t.*\t)"
)


def read_baa(path: Path, rel: str, checks: Checks) -> ReaderResult:
    """Read the agreement's text and check what 164.504(e) and 164.314(a) ask of it."""
    notes = Notes(rel)
    doc = read_doc(path, notes)
    if doc is None:
        return notes.result(Verdict.FAILS)
    if not any(line.strip() for line in doc.lines):
        notes.error("baa-no-text", "no text found (a scanned image?): nothing can be checked")
        return notes.result(Verdict.UNDECIDED)
    found = sentences(doc)
    provisions = find_provisions(found)
    present = sum(sentence is not None for sentence in provisions.values())
    flat = " ".join(clean(line) for line in doc.lines)
    if not _is_agreement(doc, flat, present):
        return _not_an_agreement(doc, notes)
    if doc.words < MIN_AGREEMENT_WORDS:
        message = f"only {doc.words} words of text (a scan?): the provisions cannot be checked"
        notes.error("baa-too-little-text", message)
        return notes.result(Verdict.UNDECIDED)
    placeholders = find_placeholders(doc)
    names = _parties(doc, flat, found, notes, template=bool(placeholders))
    end = _term(flat, notes, template=bool(placeholders))
    _provisions(doc, provisions, notes)
    _execution(doc, names, placeholders, notes)
    return notes.result(stale_after=end)


def _is_agreement(doc: Doc, flat: str, present: int) -> bool:
    if present >= SURELY_AN_AGREEMENT:
        return True
    if not re.search(r"business\s+associate", flat, re.IGNORECASE):
        return False
    return bool(_ROLE.search(flat)) or _has_title(doc)


def _has_title(doc: Doc) -> bool:
    """A heading near the top that calls the document a business associate agreement."""
    lines = [line for line in doc.lines[:200] if line.strip()][:15]
    for line in lines:
        text = clean(line)
        short = is_heading(line, text) or len(text.split()) <= 12
        if short and _TITLE.search(text) and not _NOT_TITLE.search(text):
            return True
    return False


def _not_an_agreement(doc: Doc, notes: Notes) -> ReaderResult:
    filled = [line for line in doc.lines if line.strip()]
    data = len(filled) >= 2 and sum(bool(_DATA_LINE.match(line)) for line in filled) >= 0.8 * len(
        filled
    )
    if doc.words < MIN_WORDS and not data:
        message = f"only {doc.words} words of text, none of an agreement: too little to tell"
        notes.error("baa-too-little-text", message)
        return notes.result(Verdict.UNDECIDED)
    what = "data records or a log" if data else "a document that is not an agreement"
    message = (
        f"not a Business Associate Agreement: reads as {what} (no business associate named "
        "as a party, no title, too few of the provisions 45 CFR 164.504(e) requires)"
    )
    notes.error("baa-not-an-agreement", message)
    return notes.result(Verdict.WRONG_KIND)


def _parties(
    doc: Doc, flat: str, found: list[Sentence], notes: Notes, *, template: bool
) -> dict[str, str | None]:
    names: dict[str, str | None] = {}
    for role in (CE, BA):
        party = find_party(doc, flat, role)
        names[role] = party.name if party else None
        notes.fact(role.capitalize(), party.name if party else "not found")
        if party is None and not template:
            notes.warning("baa-party-not-found", f"the {role} is not named")
    effective = effective_date(flat)
    notes.fact("Effective date", effective.isoformat() if effective else "not found")
    if effective is None and not template:
        notes.warning("baa-no-effective-date", "no effective date found")
    return names


def _term(flat: str, notes: Notes, *, template: bool) -> dt.date | None:
    end = end_date(flat)
    if end is not None:
        notes.fact("End date", end.isoformat())
        return end
    term = open_term(flat)
    notes.fact("End date", term or "not found")
    if term is None and not template:
        message = "no end date and no term ('until terminated', 'until all PHI is returned...')"
        notes.warning("baa-no-term", message)
    return None


def _provisions(doc: Doc, provisions: dict[str, Sentence | None], notes: Notes) -> None:
    missing = [each for each in PROVISIONS if provisions[each.name] is None]
    notes.fact(
        "Required provisions", f"{len(PROVISIONS) - len(missing)} of {len(PROVISIONS)} present"
    )
    # Our own short names, not text from the file: the whole list is kept, past MAX_TEXT.
    missed = "; ".join(each.name for each in missing) or "none"
    notes.facts.append(Fact("Provisions not found", missed))
    notes.fact("Security incidents reported", "yes" if provisions[INCIDENTS] else "no")
    notes.fact("Breaches reported", "yes" if provisions[BREACHES] else "no")
    for provision in PROVISIONS:
        if sentence := provisions[provision.name]:
            text = doc.where(sentence.index) + sentence.text
            notes.quote(
                doc.line(sentence.index), text, f"provision: {provision.name} ({provision.cite})"
            )
    if missing:
        named = "; ".join(f"{each.name} ({each.cite})" for each in missing)
        message = f"required provision(s) not found (45 CFR 164.504(e), 164.314(a)): {named}"
        if len(missing) > MAX_MISSING:
            notes.error("baa-provisions-missing", message)
        else:
            notes.warning("baa-provisions-missing", message)


def _execution(
    doc: Doc, names: dict[str, str | None], placeholders: list[Placeholder], notes: Notes
) -> None:
    signatures = find_signatures(doc, names)
    unsigned = [role for role in (CE, BA) if role not in signatures or not signatures[role].signed]
    for role in (CE, BA):
        block = signatures.get(role)
        if block is None or not block.signed:
            notes.fact(f"Signature of the {role}", "none")
            continue
        notes.fact(f"Signature of the {role}", f"{block.signer}, {block.date or 'undated'}")
        line = None if block.index is None else doc.line(block.index)
        if block.index is not None:
            text = doc.where(block.index) + clean(doc.lines[block.index])
            notes.quote(line, text, f"signature of the {role}")
        if block.date is None:
            message = f"the signature of the {role} has no date"
            notes.warning("baa-signature-undated", message, line, excerpt=block.signer)
    notes.fact("Signed", "no" if unsigned else "yes, by both parties")
    if placeholders:
        _template(doc, placeholders, notes)
        return
    notes.fact("Executed", "no: not signed" if unsigned else "yes")
    notes.recognise(f"Business Associate Agreement, {'not signed' if unsigned else 'executed'}")
    if unsigned:
        blanks = [signatures[role].index for role in unsigned if role in signatures]
        first = next((doc.line(index) for index in blanks if index is not None), None)
        notes.error("baa-unsigned", f"not signed by the {' and the '.join(unsigned)}", first)


def _template(doc: Doc, placeholders: list[Placeholder], notes: Notes) -> None:
    notes.fact("Executed", "no: template with unfilled placeholders")
    notes.recognise("Business Associate Agreement template (unfilled placeholders)")
    first = placeholders[0]
    shown = ", ".join(
        f"{each.text}" + (f" (line {doc.line(each.index)})" if doc.pages is None else "")
        for each in placeholders[:3]
    )
    more = f" and {len(placeholders) - 3} more" if len(placeholders) > 3 else ""
    message = (
        f"a template, not an executed agreement: unfilled placeholder(s) {shown}{more}; "
        "fill them in and sign, or collect the executed copy"
    )
    line = doc.where(first.index) + clean(doc.lines[first.index])
    notes.error("baa-template", message, doc.line(first.index), excerpt=line)
    notes.quote(doc.line(first.index), line, "template: unfilled placeholder")

"""What 45 CFR 164.504(e)(2) and 164.314(a)(2)(i) require a business associate contract to say.

Each provision is matched by one sentence holding all the words of one of its wordings:
"report" and "security incident" must meet in a sentence, and access is the individual's
right under 164.524, not any mention of "access to PHI" (a training clause would do).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from auditbook.inputs.readers._baa_text import Sentence

_PHI = r"(?:e-?phi|phi|(?:electronic\s+)?protected\s+health\s+information)"
_REPORT = r"\b(?:report|notif(?:y|ies|ied|ication))"
_CASED = "(?-i)"
_COMPLY = r"\bcompl(?:y|ies|ied|iance|ying)\b"
# `"Security Incident" means ...`: a definition names a thing, it never obliges anyone.
_DEFINITION = re.compile(
    r"^\W*(?:\(?[a-z0-9]{1,3}[.)]\s*)?[\"\u201c'][^\"\u201d]{1,80}[\"\u201d']\s*(?:\([^)]{0,40}\)\s*)?"
    r"(?:means|shall\s+mean|has|have|shall\s+have|refers?|is\s+defined)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Provision:
    """One required element: a short name, its citation, and the wordings that satisfy it."""

    name: str
    cite: str
    # Any one wording satisfies the provision; a wording is satisfied when all its patterns are.
    wordings: tuple[tuple[re.Pattern[str], ...], ...]

    def matches(self, text: str) -> bool:
        return any(all(pattern.search(text) for pattern in wording) for wording in self.wordings)


def _p(name: str, cite: str, *wordings: str | tuple[str, ...]) -> Provision:
    compiled = tuple(
        tuple(_compile(part) for part in ((wording,) if isinstance(wording, str) else wording))
        for wording in wordings
    )
    return Provision(name, cite, compiled)


def _compile(pattern: str) -> re.Pattern[str]:
    """Case-insensitive, unless the pattern starts with `(?-i)` (a capitalised defined term)."""
    if pattern.startswith(_CASED):
        return re.compile(pattern.removeprefix(_CASED))
    return re.compile(pattern, re.IGNORECASE)


PERMITTED, NO_OTHER = "permitted uses and disclosures", "no other use or disclosure"
BREACHES, INCIDENTS = "breach reporting", "security incident reporting"
_MAY = (
    r"\b(?:may|can|is\s+(?:permitted|authori[sz]ed)\s+to"
    r"|shall\s+be\s+(?:permitted|authori[sz]ed)\s+to)"
)

PROVISIONS: tuple[Provision, ...] = (
    _p(
        PERMITTED,
        "164.504(e)(2)(i)",
        _MAY + r"\s+(?:only\s+)?(?:use\s+(?:and|or|and/or)\s+disclose|use|disclose)\s+"
        r"(?:the\s+|such\s+|any\s+)?" + _PHI,
        _MAY + r"\s+(?:only\s+)?use\s+(?:and|or|and/or)\s+disclose\b",
        r"\bauthori[sz]es?\s+business\s+associate\s+to\s+(?:use|disclose)",
        r"\buses?\s+(?:and|or|and/or)\s+disclosures?\b[^.;]{0,80}?(?<!not )\b"
        r"(?:permitted|authori[sz]ed)\s+(?:by|under|in)\b",
    ),
    _p(
        NO_OTHER,
        "164.504(e)(2)(ii)(A)",
        r"\bnot\s+(?:to\s+)?(?:further\s+)?(?:use|disclose)(?:\s+(?:or|and|and/or)\s+"
        r"(?:further\s+)?disclose)?\b[^.;]{0,200}?\b(?:other\s+than|except|unless)\b",
        r"\b(?:use|disclose)s?\b[^.;]{0,60}?\bonly\b[^.;]{0,60}?(?:\bas\s+(?:permitted|required"
        r"|necessary|provided|set\s+forth|authori[sz]ed|otherwise)|\bto\s+(?:perform|provide)"
        r"|\bfor\s+the\s+purposes?)",
        r"\bonly\s+(?:use|disclose)\b[^.;]{0,120}?\b(?:as|to|for)\b",
    ),
    _p(
        "safeguards",
        "164.504(e)(2)(ii)(B)",
        r"\b(?:use|implement|maintain|employ|establish|apply)\w*\b[^.;]{0,120}?\bsafeguards?\b",
        r"\bappropriately\s+safeguard",
    ),
    _p(
        "Subpart C compliance",
        "164.504(e)(2)(ii)(B); 164.314(a)(2)(i)(A)",
        (_COMPLY, r"\bsubpart\s+c\b|\bsecurity\s+(?:rule|standards)\b|164\.3(?:0[2-9]|1[0-6])"),
    ),
    _p(
        "reporting non-permitted uses",
        "164.504(e)(2)(ii)(C)",
        (
            _REPORT,
            r"\b(?:uses?|disclosures?)\b[^.;]{0,160}?\bnot\s+(?:provided\s+for|permitted"
            r"|authori[sz]ed|allowed|in\s+accordance)"
            r"|\b(?:unauthori[sz]ed|impermissible|improper|unpermitted|non-?permitted|prohibited)"
            r"\s+(?:uses?|disclosures?)",
        ),
    ),
    _p(
        BREACHES,
        "164.504(e)(2)(ii)(C); 164.410",
        (_REPORT, r"\bunsecured\b|164\.410|\bbreach\s+notification\b"),
        (
            _REPORT,
            r"(?-i)(?<!material )(?<!Material )(?<!MATERIAL )\bBreach(?:es)?\b"
            r"(?!\s+of\s+(?:this|the|its|any|such)\s+(?:[Aa]greement|[Cc]ontract|BAA|[Aa]ddendum"
            r"|[Oo]bligation|[Tt]erm))",
        ),
    ),
    _p(INCIDENTS, "164.314(a)(2)(i)(C)", (_REPORT, r"\bsecurity\s+incidents?\b")),
    _p(
        "subcontractors",
        "164.504(e)(2)(ii)(D); 164.314(a)(2)(i)(B)",
        (
            r"\bsubcontract",
            r"\bsame\s+(?:restrictions|conditions|terms|requirements|obligations)"
            r"|\bagree\w*\b[^.;]{0,200}?\b(?:restrictions|conditions|requirements)"
            r"|164\.502\s*\(e\)\s*\(1\)|164\.308\s*\(b\)\s*\(2\)"
            r"|\b(?:business\s+associate|written)\s+(?:agreement|contract)",
        ),
    ),
    _p(
        "individual access",
        "164.504(e)(2)(ii)(E); 164.524",
        r"164\.524",
        (
            r"\bdesignated\s+record\s+sets?\b",
            r"\b(?:access|available|provide|inspect|cop(?:y|ies))",
        ),
        r"\bright\s+(?:of|to)\s+access\b",
        r"\baccess\b[^.;]{0,150}?\b(?:to|by|for)\s+(?:an?|the|such|any|each)\s+individuals?\b",
        r"\bindividual(?:'s|\u2019s|s'|s\u2019)\s+(?:right\s+(?:of|to)\s+)?(?:access|request\s+for\s+access)",
        r"\binspect(?:ion)?\s+(?:and|or)\s+(?:copy|copying|obtain)",
    ),
    _p(
        "amendment",
        "164.504(e)(2)(ii)(F); 164.526",
        r"164\.526",
        r"\bamend(?:ment)?s?\b(?:\s+(?:to|of|in))?\s+(?:the\s+|such\s+|any\s+)?"
        r"(?:" + _PHI + r"|designated\s+record\s+set)",
        r"\bavailable\s+for\s+amendment|\bincorporate\s+(?:any\s+)?amendments?",
        r"\bamend\s+(?!(?:this|the)\s+(?:agreement|baa|addendum|contract))(?:\w+\s+){0,3}" + _PHI,
    ),
    _p(
        "accounting of disclosures",
        "164.504(e)(2)(ii)(G); 164.528",
        r"164\.528",
        r"\baccounting\s+of\s+(?:the\s+|such\s+|its\s+)?disclosures?",
        r"\baccount\s+for\s+(?:its\s+|such\s+|the\s+|any\s+)?disclosures",
    ),
    _p(
        "Subpart E obligations",
        "164.504(e)(2)(ii)(H)",
        (
            r"\b(?:carr(?:y|ies|ying)\s+out|perform\w*|fulfil\w*|discharg\w*|undertak\w*)\b",
            r"covered\s+entity(?:'s|\u2019s)?\s+(?:\w+\s+){0,3}obligations?"
            r"|obligations?\s+(?:\w+\s+){0,2}(?:of|for)\s+(?:the\s+)?covered\s+entity",
            r"\bsubpart\s+e\b|\bprivacy\s+(?:rule|standards|regulations)\b|164\.5\d\d",
            _COMPLY,
        ),
    ),
    _p(
        "books and records to HHS",
        "164.504(e)(2)(ii)(I)",
        (r"\bbooks\b", r"\brecords\b", r"\b(?:secretary|hhs|health\s+and\s+human\s+services)\b"),
    ),
    _p(
        "return or destruction",
        "164.504(e)(2)(ii)(J)",
        r"\breturn\w*\b[^.;]{0,80}?\b(?:or|and/or|and)\s+(?:\w+\s+){0,2}destr\w+",
        r"\bdestr\w+\b[^.;]{0,80}?\bor\s+return",
    ),
    _p(
        "termination for violation",
        "164.504(e)(2)(iii)",
        (
            r"\bterminat\w*",
            r"\bmaterial\s+(?:term|breach|violation|provision|obligation)s?\b"
            r"|\bmaterially\s+(?:breach|violat)\w*|\bviolat\w+\b[^.;]{0,60}?\bmaterial\b",
        ),
    ),
)


def find_provisions(found: list[Sentence]) -> dict[str, Sentence | None]:
    """For each provision, the first sentence that satisfies it (None when none does)."""
    result: dict[str, Sentence | None] = {provision.name: None for provision in PROVISIONS}
    for sentence in found:
        if sentence.heading or _DEFINITION.match(sentence.text):
            continue
        for provision in PROVISIONS:
            if result[provision.name] is None and provision.matches(sentence.text):
                result[provision.name] = sentence
    return result

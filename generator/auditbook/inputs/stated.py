"""The author's stated status: the marks people write beside a task, read as their claim.

People say where a task stands in its text as often as with its box: `- [ ] ✅ Backups
encrypted`, `:warning:`, `❌`, "(in progress)", "(80% complete)", "N/A: no mobile app".
auditbook reads these as the *author's claim*, never as proof:

| written (at the start or the end of the text)            | claim          | status         |
|----------------------------------------------------------|----------------|----------------|
| `✅ ✔️ ☑️ :white_check_mark: :heavy_check_mark:` "(done)" | done           | attested       |
| `⚠️ 🚧 ⏳ :warning: :construction:` "(in progress)", "(80% complete)" | in progress | open |
| `❌ ✖️ 🔴 :x: :no_entry:` "(not done)", "(not started)"    | not done       | open           |
| `N/A: reason`, `n/a - reason`, "(N/A: reason)"             | not applicable | not applicable |

The words are matched in parentheses (or brackets, or full-width parentheses) closing
the text, in English, Chinese, Persian and Vietnamese. An `N/A` with no reason stays open
with a finding (a reason is what makes it not applicable). A ticked box and a claim of
trouble disagree: the weaker wins (open), with a finding. Evidence decides over any claim,
as over a ticked box. The vocabulary is one `Vocabulary`; a project may pass its own to
the parser.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING

from auditbook.domain.findings import Finding, Level
from auditbook.domain.model import Claim, Stated

if TYPE_CHECKING:
    from auditbook.inputs.attributes import ItemAttributes

# Emoji are matched with or without their variation selector (U+FE0F).
_DONE_MARKS: tuple[str, ...] = ("✅", "✔", "☑", "✓", ":white_check_mark:", ":heavy_check_mark:")
_DONE_MARKS += (":ballot_box_with_check:",)
_PROGRESS_MARKS: tuple[str, ...] = (
    "⚠",
    "🚧",
    "⏳",
    "🟡",
    "🔶",
    ":warning:",
    ":construction:",
    ":hourglass:",
)
_NOT_DONE_MARKS: tuple[str, ...] = (
    "❌",
    "✖",
    "✗",
    "🔴",
    "⛔",
    ":x:",
    ":no_entry:",
    ":heavy_multiplication_x:",
)
_DONE_WORDS: tuple[str, ...] = (
    "done",
    "complete",
    "completed",
    "implemented",
    "100% complete",
    "100% done",
)
_DONE_WORDS += ("已完成", "完成", "انجام شد", "hoàn thành", "đã hoàn thành", "xong")
_PROGRESS_WORDS: tuple[str, ...] = (
    "in progress",
    "wip",
    "ongoing",
    "partial",
    "partially done",
    "started",
)
_PROGRESS_WORDS += ("进行中", "در حال انجام", "đang thực hiện", "đang tiến hành")
_NOT_DONE_WORDS: tuple[str, ...] = (
    "not done",
    "not started",
    "todo",
    "to do",
    "missing",
    "not implemented",
)
_NOT_DONE_WORDS += ("未完成", "未开始", "انجام نشده", "chưa thực hiện", "chưa bắt đầu")


@dataclass(frozen=True)
class Vocabulary:
    """What marks and parenthesised words say which claim (words match without case)."""

    marks: tuple[tuple[str, Claim], ...] = (
        *((m, Claim.DONE) for m in _DONE_MARKS),
        *((m, Claim.IN_PROGRESS) for m in _PROGRESS_MARKS),
        *((m, Claim.NOT_DONE) for m in _NOT_DONE_MARKS),
    )
    words: tuple[tuple[str, Claim], ...] = (
        *((w, Claim.DONE) for w in _DONE_WORDS),
        *((w, Claim.IN_PROGRESS) for w in _PROGRESS_WORDS),
        *((w, Claim.NOT_DONE) for w in _NOT_DONE_WORDS),
    )
    # "(80% complete)": any share short of 100% is a claim of work in progress.
    percent: bool = True
    # `N/A` and its spellings; what follows it (after `:`, `-`, a dash) is the reason.
    not_applicable: tuple[str, ...] = ("N/A", "n/a", "N/a", "n.a.", "N.A.")


DEFAULT_VOCABULARY = Vocabulary()
# The claims a project may add words or marks for (the `stated` option in mkdocs.yml).
EXTENSIBLE = {"done": Claim.DONE, "in_progress": Claim.IN_PROGRESS, "not_done": Claim.NOT_DONE}


def extended(extra: dict[str, list[str]]) -> Vocabulary:
    """The default vocabulary and a project's own words and marks for each claim; each is
    read both as a mark (at the start or end of a task) and as a word in parentheses."""
    added = tuple(
        (entry, EXTENSIBLE[claim]) for claim, entries in extra.items() for entry in entries
    )
    if not added:
        return DEFAULT_VOCABULARY
    return Vocabulary(
        marks=(*added, *DEFAULT_VOCABULARY.marks), words=(*added, *DEFAULT_VOCABULARY.words)
    )


_SELECTOR = "\ufe0f"
_SEPARATOR = r"[ \t]*[-\u2013\u2014:|,][ \t]*"
_PERCENT = re.compile(r"^(?P<n>\d{1,3})[ \t]*%[ \t]*(?:complete|completed|done)?$", re.IGNORECASE)
_PARENS = re.compile(r"[(\[\uff08](?P<inner>[^()\[\]\uff08\uff09]{1,80})[)\]\uff09][ \t]*$")
# Marks stand at the start or the end: only so much of a long line is ever searched.
_TAIL = 160


def read_stated(
    text: str, vocabulary: Vocabulary = DEFAULT_VOCABULARY
) -> tuple[str, Stated | None]:
    """The text without the author's status mark, and the claim it makes (or None)."""
    for reader in (_leading_mark, _trailing_mark, _trailing_words, _not_applicable):
        found = reader(text, vocabulary)
        if found is not None:
            rest, stated = found
            return (rest or text), stated
    return text, None


def _leading_mark(text: str, vocabulary: Vocabulary) -> tuple[str, Stated] | None:
    for mark, claim in vocabulary.marks:
        if text.startswith(mark):
            written = mark + _SELECTOR if text[len(mark) :].startswith(_SELECTOR) else mark
            rest = text[len(written) :].lstrip(" \t:-\u2013\u2014|")
            return (rest, Stated(claim, written)) if rest else None
    return None


def _trailing_mark(text: str, vocabulary: Vocabulary) -> tuple[str, Stated] | None:
    stripped = text.rstrip(" \t")
    written = _SELECTOR if stripped.endswith(_SELECTOR) else ""
    stripped = stripped.removesuffix(_SELECTOR)
    for mark, claim in vocabulary.marks:
        if stripped.endswith(mark):
            rest = stripped[: -len(mark)].rstrip(" \t-\u2013\u2014:|")
            return (rest, Stated(claim, mark + written)) if rest else None
    return None


def _trailing_words(text: str, vocabulary: Vocabulary) -> tuple[str, Stated] | None:
    """ "(in progress)", "(80% complete)", "[done]" at the end of the text."""
    cut = max(0, len(text) - _TAIL)
    parens = _PARENS.search(text, cut)
    if parens is None or parens.start() == 0:
        return None
    inner = unicodedata.normalize("NFC", parens["inner"].strip())
    words = {unicodedata.normalize("NFC", w.lower()): claim for w, claim in vocabulary.words}
    claim = words.get(inner.lower().rstrip("."))
    percent = _PERCENT.match(inner) if vocabulary.percent else None
    if claim is None and percent is not None:
        claim = Claim.DONE if int(percent["n"]) >= 100 else Claim.IN_PROGRESS
    if claim is None:
        return None
    return text[: parens.start()].rstrip(" \t-\u2013\u2014:|"), Stated(
        claim, parens.group().strip()
    )


def _not_applicable(text: str, vocabulary: Vocabulary) -> tuple[str, Stated] | None:
    """`N/A: text`, `text - N/A: reason`, `text (N/A: reason)`, `text \u2014 n/a (reason)`.

    A leading `N/A` marks the item, with a reason only in a closing `(...)`; a trailing
    one is followed by its reason.
    """
    spellings = "|".join(re.escape(s) for s in vocabulary.not_applicable)
    leading = re.match(rf"(?P<mark>{spellings})(?:{_SEPARATOR}|[ \t]+)(?=\S)", text)
    if leading is not None:
        rest = text[leading.end() :]
        why = _PARENS.search(rest, max(0, len(rest) - _TAIL))
        reason = why["inner"].strip() if why and why.start() > 0 else None
        return (rest[: why.start()] if reason and why else rest).strip(), Stated(
            Claim.NOT_APPLICABLE, leading["mark"], reason
        )
    cut = max(0, len(text) - _TAIL)
    trailing = re.search(
        rf"(?:{_SEPARATOR}|[ \t]+|[ \t]*\()(?P<mark>{spellings})"
        rf"(?:(?:{_SEPARATOR}|[ \t]+)(?P<reason>[^()]+?)|[ \t]*\((?P<why>[^()]+)\))?"
        r"[ \t]*\)?[ \t]*$",
        text[cut:],
    )
    if trailing is None or cut + trailing.start() == 0:
        return None
    reason = (trailing["reason"] or trailing["why"] or "").strip() or None
    rest = text[: cut + trailing.start()].rstrip(" \t-\u2013\u2014:|")
    return rest, Stated(Claim.NOT_APPLICABLE, trailing["mark"], reason)


def stated_findings(
    stated: Stated, attrs: ItemAttributes, checked: bool, path: str, line: int
) -> list[Finding]:
    """What a claim needs said: `N/A` without a reason, a ticked box the text contradicts.

    A stated `N/A` with its reason becomes the item's reason (an `na=` attribute wins).
    """
    if stated.claim is Claim.NOT_APPLICABLE:
        if stated.reason is None and attrs.na_reason is None:
            message = (
                f"says {stated.mark} without a reason, so it stays open; "
                f"write '{stated.mark}: why it does not apply'"
            )
            return [Finding(Level.WARNING, "item-stated-na-reason", message, path, line)]
        if attrs.na_reason is None:
            attrs.na_reason = stated.reason
        return []
    if checked and stated.claim in (Claim.IN_PROGRESS, Claim.NOT_DONE):
        message = (
            f"ticked [x], but the text says {stated.mark} ({stated.claim.value}): it stays "
            "open; untick the box or drop the mark"
        )
        return [Finding(Level.WARNING, "item-stated-conflict", message, path, line)]
    return []

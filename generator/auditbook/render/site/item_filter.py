"""The filters beyond statuses, on checklist pages and the coverage matrix: overdue, coming
due, and by owner ("what is mine"). CSS only, no script: each item's line carries its due
state and its owner's key, and the page's own rules hide the rows (checklist items, or
controls of the matrix) that have nothing matching the chosen radio button."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from markupsafe import Markup

from auditbook.core.renewals import agenda

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Iterable, Mapping

    from auditbook.core.renewals import Renewal
    from auditbook.core.results import Coverage, EvidenceResult, ItemResult
    from auditbook.domain.model import Checklist

_ITEM = "li:is(:has(> .ab-item), :has(> p:first-child > .ab-item))"
# What a chosen owner hides when it has nothing of theirs: `{key}` is the radio's value.
CHECKLIST_ROWS = ('.md-content:has(.ab-filter--items input[value="{key}"]:checked) ' + _ITEM,)
_COVERAGE = '#ab-filter-coverage:has(input[value="{key}"]:checked) ~ '
# The matrix's rows, then whole tables (the gaps, a family) and the undecided list.
COVERAGE_ROWS = tuple(
    _COVERAGE + part for part in ("* .ab-control", ".md-typeset__scrollwrap", ".ab-undecided")
)


def owner_key(owner: str) -> str:
    """An owner as a CSS-safe key: names are untrusted and may hold any character."""
    return "o" + hashlib.sha256(owner.encode("utf-8")).hexdigest()[:10]


def owner_rules(keys: Iterable[str], rows: tuple[str, ...]) -> Markup:
    """One rule per owner (keys are hex: nothing here comes from input)."""
    rules = []
    for key in keys:
        mine = f':not(:has(.ab-owner[data-owner="{key}"]))'
        selectors = ",\n".join(row.format(key=key) + mine for row in rows)
        rules.append(Markup(selectors + " { display: none; }"))
    return Markup("\n").join(rules)


def _owners(counts: Mapping[str, int]) -> tuple[tuple[str, str, int], ...]:
    ordered = sorted(counts.items(), key=lambda entry: (entry[0].lower(), entry[0]))
    return tuple((owner_key(name), name, n) for name, n in ordered)


def _due_state(items: Mapping[str, ItemResult], today: dt.date, horizon: int) -> dict[str, str]:
    plan = agenda(items, (), today, horizon)
    due_state = {d.result.item.id: "overdue" for d in plan.overdue}
    return due_state | {d.result.item.id: "due-soon" for d in plan.due_soon}


@dataclass(frozen=True)
class ItemFilter:
    due_state: dict[str, str]  # item id -> "overdue" or "due-soon"
    owners: tuple[tuple[str, str, int], ...]  # (key, name, rows)
    rows: tuple[str, ...] = CHECKLIST_ROWS
    # Rows (controls on the coverage page) per due state; None on a checklist page (items).
    counts: dict[str, int] | None = None
    renewals: dict[str, Renewal] = field(default_factory=dict)  # evidence path -> renewal

    def count(self, state: str) -> int:
        if self.counts is not None:
            return self.counts.get(state, 0)
        return sum(1 for value in self.due_state.values() if value == state)

    @property
    def style(self) -> Markup:
        """The rules for this page's owners."""
        return owner_rules((key for key, _, _ in self.owners), self.rows)


def item_filter(
    checklist: Checklist, items: Mapping[str, ItemResult], today: dt.date, horizon: int
) -> ItemFilter:
    mine = {item.id: items[item.id] for item in checklist.all_items()}
    counts: dict[str, int] = {}
    for result in mine.values():
        if result.item.owner:
            counts[result.item.owner] = counts.get(result.item.owner, 0) + 1
    return ItemFilter(_due_state(mine, today, horizon), _owners(counts))


def coverage_filter(
    coverage: Coverage,
    items: Mapping[str, ItemResult],
    evidence: Iterable[EvidenceResult],
    today: dt.date,
    horizon: int,
) -> ItemFilter:
    """A control matches an owner when one of its items is theirs or they renew its evidence
    within the horizon; it is overdue or coming due when one of those is."""
    due_state = _due_state(items, today, horizon)
    renewals = {r.result.evidence.path: r for r in agenda({}, evidence, today, horizon).renewals}
    owners: dict[str, int] = {}
    counts: dict[str, int] = {}
    for control in coverage.controls:
        names = {items[c.item_id].item.owner for c in control.items}
        names |= {renewals[e.path].owner for e in control.evidence if e.path in renewals}
        states = {due_state[c.item_id] for c in control.items if c.item_id in due_state}
        if any(e.path in renewals for e in control.evidence):
            states.add("due-soon")
        for name in filter(None, names):
            owners[name] = owners.get(name, 0) + 1
        for state in states:
            counts[state] = counts.get(state, 0) + 1
    return ItemFilter(due_state, _owners(owners), COVERAGE_ROWS, counts, renewals)

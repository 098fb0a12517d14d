"""A checklist page's filter beyond statuses: overdue, coming due, and by owner ("what is
mine"). CSS only, no script: each item's line carries its due state and its owner's key,
and the page's own rules hide what does not match the chosen radio button."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import TYPE_CHECKING

from markupsafe import Markup

from auditbook.core.renewals import agenda

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Mapping

    from auditbook.core.results import ItemResult
    from auditbook.domain.model import Checklist

_ITEM = "li:is(:has(> .ab-item), :has(> p:first-child > .ab-item))"


def owner_key(owner: str) -> str:
    """An owner as a CSS-safe key: names are untrusted and may hold any character."""
    return "o" + hashlib.sha256(owner.encode("utf-8")).hexdigest()[:10]


@dataclass(frozen=True)
class ItemFilter:
    due_state: dict[str, str]  # item id -> "overdue" or "due-soon"
    owners: tuple[tuple[str, str, int], ...]  # (key, name, items)

    def count(self, state: str) -> int:
        return sum(1 for value in self.due_state.values() if value == state)

    @property
    def style(self) -> Markup:
        """The rules for this page's owners (keys are hex: nothing here comes from input)."""
        return Markup("\n").join(Markup(rule) for rule in self._rules())

    def _rules(self) -> list[str]:
        return list(
            f'.md-content:has(.ab-filter--items input[value="{key}"]:checked) {_ITEM}'
            f':not(:has(.ab-owner[data-owner="{key}"])) {{ display: none; }}'
            for key, _, _ in self.owners
        )


def item_filter(
    checklist: Checklist, items: Mapping[str, ItemResult], today: dt.date, horizon: int
) -> ItemFilter:
    mine = {item.id: items[item.id] for item in checklist.all_items()}
    plan = agenda(mine, (), today, horizon)
    due_state = {d.result.item.id: "overdue" for d in plan.overdue}
    due_state |= {d.result.item.id: "due-soon" for d in plan.due_soon}
    counts: dict[str, int] = {}
    for result in mine.values():
        if result.item.owner:
            counts[result.item.owner] = counts.get(result.item.owner, 0) + 1
    owners = tuple(
        (owner_key(name), name, n) for name, n in sorted(counts.items(), key=lambda e: e[0].lower())
    )
    return ItemFilter(due_state, owners)

"""What the dashboard puts first: the numbers that say what to do next, each with its list."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING

from auditbook.core.renewals import agenda
from auditbook.domain.model import Status

if TYPE_CHECKING:
    from auditbook.core.renewals import Agenda
    from auditbook.core.results import Assessment, ItemResult


@dataclass(frozen=True)
class OwnerLoad:
    """One owner's items that are not done, and how many of them are overdue."""

    owner: str
    open: int
    overdue: int


@dataclass(frozen=True)
class NextSteps:
    """The dashboard's headline: readiness, gaps, and what is failing, expired or due."""

    plan: Agenda
    failing: tuple[ItemResult, ...]
    expired: tuple[ItemResult, ...]
    gaps: int | None  # Required HIPAA controls nothing covers (None: no coverage assessed)
    owners: tuple[OwnerLoad, ...]


def _leaves(a: Assessment, status: Status) -> tuple[ItemResult, ...]:
    order = {checklist.path: n for n, checklist in enumerate(a.checklists)}
    found = [r for r in a.items.values() if not r.item.children and r.status is status]
    return tuple(sorted(found, key=lambda r: (order[r.checklist], r.item.line)))


def _owners(a: Assessment, plan: Agenda) -> tuple[OwnerLoad, ...]:
    """Per owner ("what is mine"): items not yet met, and the overdue ones among them."""
    not_done = Counter(
        r.item.owner
        for r in a.items.values()
        if r.item.owner and r.status not in (Status.MET, Status.NOT_APPLICABLE)
    )
    late = Counter(d.owner for d in plan.overdue if d.owner)
    return tuple(
        OwnerLoad(owner, n, late[owner])
        for owner, n in sorted(not_done.items(), key=lambda entry: entry[0].lower())
    )


def next_steps(a: Assessment) -> NextSteps:
    plan = agenda(a.items, a.evidence, a.today, a.horizon)
    gaps = len(a.coverage.gaps()) if a.coverage is not None else None
    return NextSteps(
        plan,
        _leaves(a, Status.FAILING),
        _leaves(a, Status.EXPIRED),
        gaps,
        _owners(a, plan),
    )

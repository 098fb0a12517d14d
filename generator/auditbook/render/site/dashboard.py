"""What the dashboard puts first: the numbers that say what to do next, each with its list,
and per owner ("what is mine"): their items not yet met, what is late and what to renew."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from auditbook.core.renewals import agenda
from auditbook.domain.model import Status
from auditbook.domain.text import slugify, unique_name

if TYPE_CHECKING:
    from auditbook.core.renewals import Agenda, Renewal
    from auditbook.core.results import Assessment, ItemResult

_DONE = (Status.MET, Status.NOT_APPLICABLE)


@dataclass(frozen=True)
class Todo:
    """An owner's item not yet met; `days` to its due date (below zero: late), if it has one."""

    result: ItemResult
    days: int | None

    @property
    def overdue(self) -> bool:
        return self.days is not None and self.days < 0


@dataclass(frozen=True)
class OwnerLoad:
    """One owner's share: items not yet met (late first, then soonest due) and renewals."""

    owner: str
    anchor: str  # the HTML id of their section on the dashboard
    todo: tuple[Todo, ...]
    due_soon: int
    renewals: tuple[Renewal, ...]

    @property
    def open(self) -> int:
        return len(self.todo)

    @property
    def overdue(self) -> int:
        return sum(1 for each in self.todo if each.overdue)

    @property
    def coming_due(self) -> int:
        return self.due_soon + len(self.renewals)


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


def _todo(a: Assessment, owner: str) -> tuple[Todo, ...]:
    order = {checklist.path: n for n, checklist in enumerate(a.checklists)}
    mine = [
        Todo(r, (r.item.due - a.today).days if r.item.due else None)
        for r in a.items.values()
        if r.item.owner == owner and r.status not in _DONE
    ]
    far = 1 << 30  # items without a due date come after every dated one

    def key(todo: Todo) -> tuple[int, int, int]:
        days = far if todo.days is None else todo.days
        return days, order[todo.result.checklist], todo.result.item.line

    return tuple(sorted(mine, key=key))


def _owners(a: Assessment, plan: Agenda) -> tuple[OwnerLoad, ...]:
    """Per owner ("what is mine"): items not yet met, the late ones, and what to renew."""
    names = {r.item.owner for r in a.items.values() if r.item.owner and r.status not in _DONE}
    names |= {renewal.owner for renewal in plan.renewals if renewal.owner}
    taken: set[str] = set()
    loads = []
    for name in sorted(names, key=lambda owner: (owner.lower(), owner)):
        anchor = unique_name("owner-" + (slugify(name, 60) or "someone"), taken)
        soon = sum(1 for due in plan.due_soon if due.owner == name)
        renewals = tuple(r for r in plan.renewals if r.owner == name)
        loads.append(OwnerLoad(name, anchor, _todo(a, name), soon, renewals))
    return tuple(loads)


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

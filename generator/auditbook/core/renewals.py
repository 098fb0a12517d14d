"""Time and people: what is overdue, what comes due, which evidence must be renewed soon.

An item is due when its `due=` date is set and it is not yet met with evidence (or not
applicable): a tick alone is not proof, so an attested item past its date is overdue too.
Evidence is renewed before it expires: a file still current that expires within the
horizon is listed, with who renews it (its sidecar's `owner:`, else whoever collected it
last), so CI does not turn red without warning.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from auditbook.core.results import EvidenceResult, ItemResult
from auditbook.domain.findings import Finding, Level
from auditbook.domain.model import EvidenceState, Status

# How far ahead renewals and due dates are announced, in days (the default).
RENEWAL_DAYS = 30
_DONE = (Status.MET, Status.NOT_APPLICABLE)


@dataclass(frozen=True)
class DueItem:
    """An item with a due date that is not done; `days` below zero: overdue by that many."""

    result: ItemResult
    due: dt.date
    days: int

    @property
    def owner(self) -> str | None:
        return self.result.item.owner


@dataclass(frozen=True)
class Renewal:
    """Current evidence that expires within the horizon."""

    result: EvidenceResult
    until: dt.date
    days: int

    @property
    def owner(self) -> str | None:
        """Who renews it: the sidecar's `owner`, else whoever collected it last."""
        meta = self.result.evidence.meta
        return meta.renewed_by if meta else None

    @property
    def named(self) -> bool:
        """Whether the sidecar names who renews it (rather than who collected it)."""
        meta = self.result.evidence.meta
        return meta is not None and meta.owner is not None


@dataclass(frozen=True)
class Agenda:
    """What needs doing, by date: soonest first."""

    overdue: tuple[DueItem, ...] = ()
    due_soon: tuple[DueItem, ...] = ()
    renewals: tuple[Renewal, ...] = ()

    @property
    def coming_due(self) -> int:
        return len(self.due_soon) + len(self.renewals)


def agenda(
    items: Mapping[str, ItemResult],
    evidence: Iterable[EvidenceResult],
    today: dt.date,
    horizon: int = RENEWAL_DAYS,
) -> Agenda:
    """Overdue items, items due within `horizon` days, and evidence to renew within it."""
    due = sorted(
        (
            DueItem(r, r.item.due, (r.item.due - today).days)
            for r in items.values()
            if r.item.due is not None and r.status not in _DONE
        ),
        key=lambda d: (d.due, d.result.checklist, d.result.item.line),
    )
    renewals = sorted(
        (
            Renewal(r, r.evidence.valid_until, (r.evidence.valid_until - today).days)
            for r in evidence
            if r.state is EvidenceState.CURRENT
            and r.evidence.valid_until is not None
            and 0 <= (r.evidence.valid_until - today).days <= horizon
        ),
        key=lambda r: (r.until, r.result.evidence.path),
    )
    return Agenda(
        tuple(d for d in due if d.days < 0),
        tuple(d for d in due if 0 <= d.days <= horizon),
        tuple(renewals),
    )


def _when(days: int) -> str:
    if days == 0:
        return "today"
    if days > 0:
        return f"in {days} day{'' if days == 1 else 's'}"
    return f"{-days} day{'' if days == -1 else 's'} ago"


def _owner(owner: str | None) -> str:
    return f"; owner: {owner}" if owner else '; no owner: add owner="..." to the item'


def _due_finding(due: DueItem, level: Level, code: str, lead: str) -> Finding:
    item = due.result.item
    said = lead.format(day=due.due.isoformat(), when=_when(due.days))
    message = f"{said} {due.result.status.value}{_owner(item.owner)}"
    if item.assigned_in:
        message += f" (from the mapping, {item.assigned_in})"
    return Finding(level, code, message, due.result.checklist, item.line)


def agenda_findings(plan: Agenda) -> list[Finding]:
    """An overdue item is a warning (it is late); what comes due is a note, said in time."""
    findings = [
        _due_finding(due, Level.WARNING, "item-overdue", "overdue: due {day} ({when}) and still")
        for due in plan.overdue
    ]
    findings += [
        _due_finding(due, Level.INFO, "item-due-soon", "due {day} ({when}), still")
        for due in plan.due_soon
    ]
    for renewal in plan.renewals:
        said = "renewal owner:" if renewal.named else "last collected by"
        who = f" ({said} {renewal.owner})" if renewal.owner else ""
        message = (
            f"evidence expires on {renewal.until.isoformat()} ({_when(renewal.days)}): "
            f"collect it again before then{who}"
        )
        path = renewal.result.evidence.path
        findings.append(Finding(Level.INFO, "evidence-expiring", message, path))
    return findings

"""What changed between two releases: a pure comparison of their report.json files.

Reports are compared as data, not as Assessments, so that any two releases can be
compared, including ones made by an older auditbook: unknown keys are ignored and a
missing `coverage` simply means that controls are not compared.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from auditbook.domain.model import Status

# Strongest first, as in the design: `attested` is weaker than proof, `open` is nothing.
_STRENGTH = {
    Status.MET.value: 5,
    Status.ATTESTED.value: 4,
    Status.EXPIRED.value: 3,
    Status.FAILING.value: 2,
    Status.OPEN.value: 1,
}
_EXPIRED = "expired"
_FAILING = "failing"


@dataclass(frozen=True)
class ItemChange:
    """An item whose status differs (before or after is None when it was added or removed)."""

    id: str
    text: str
    checklist: str
    before: str | None
    after: str | None


@dataclass(frozen=True)
class EvidenceChange:
    """An evidence file added, removed, replaced or whose state changed."""

    path: str
    title: str
    sha256_before: str | None
    sha256_after: str | None
    state_before: str | None
    state_after: str | None


@dataclass(frozen=True)
class ControlChange:
    """A control whose coverage status differs."""

    control: str
    title: str
    before: str | None
    after: str | None


@dataclass(frozen=True)
class ScoreChange:
    """Readiness (share of applicable items met with evidence) before and after."""

    name: str
    before: float | None
    after: float | None
    met_before: int = 0
    met_after: int = 0
    applicable_before: int = 0
    applicable_after: int = 0

    @property
    def delta(self) -> float | None:
        """Change in percentage points."""
        if self.before is None or self.after is None:
            return None
        return round((self.after - self.before) * 100, 1)

    def to_json(self) -> dict[str, Any]:
        return {**asdict(self), "delta_points": self.delta}


@dataclass(frozen=True)
class Changes:
    """Everything an auditor asks about when comparing two releases."""

    before: str
    after: str
    readiness: ScoreChange
    checklists: tuple[ScoreChange, ...] = ()
    newly_met: tuple[ItemChange, ...] = ()
    regressed: tuple[ItemChange, ...] = ()
    expired: tuple[ItemChange, ...] = ()
    improved: tuple[ItemChange, ...] = ()
    applicability: tuple[ItemChange, ...] = ()
    items_added: tuple[ItemChange, ...] = ()
    items_removed: tuple[ItemChange, ...] = ()
    evidence_added: tuple[EvidenceChange, ...] = ()
    evidence_removed: tuple[EvidenceChange, ...] = ()
    evidence_replaced: tuple[EvidenceChange, ...] = ()
    evidence_expired: tuple[EvidenceChange, ...] = ()
    evidence_failing: tuple[EvidenceChange, ...] = ()
    controls: tuple[ControlChange, ...] | None = None  # None: a report has no coverage
    as_of: tuple[str | None, str | None] = field(default=(None, None))

    ITEM_GROUPS = (
        ("newly_met", "Newly met"),
        ("regressed", "Regressed"),
        ("expired", "Expired"),
        ("improved", "Improved, not yet met"),
        ("applicability", "Applicability changed"),
        ("items_added", "Items added"),
        ("items_removed", "Items removed"),
    )
    EVIDENCE_GROUPS = (
        ("evidence_added", "Evidence added"),
        ("evidence_removed", "Evidence removed"),
        ("evidence_replaced", "Evidence replaced"),
        ("evidence_expired", "Evidence expired"),
        ("evidence_failing", "Evidence now failing"),
    )

    def item_groups(self) -> list[tuple[str, str, tuple[ItemChange, ...]]]:
        return [(key, label, getattr(self, key)) for key, label in self.ITEM_GROUPS]

    def evidence_groups(self) -> list[tuple[str, str, tuple[EvidenceChange, ...]]]:
        return [(key, label, getattr(self, key)) for key, label in self.EVIDENCE_GROUPS]

    @property
    def is_empty(self) -> bool:
        """Nothing but (possibly) the date changed."""
        return (
            not any(group for _, _, group in self.item_groups())
            and not any(group for _, _, group in self.evidence_groups())
            and not self.controls
            and self.readiness.before == self.readiness.after
        )

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "before": self.before,
            "after": self.after,
            "as_of_before": self.as_of[0],
            "as_of_after": self.as_of[1],
            "readiness": self.readiness.to_json(),
            "checklists": [c.to_json() for c in self.checklists],
        }
        for key, _, group in self.item_groups():
            data[key] = [asdict(c) for c in group]
        for key, _, evidence in self.evidence_groups():
            data[key] = [asdict(c) for c in evidence]
        data["controls"] = None if self.controls is None else [asdict(c) for c in self.controls]
        return data


def _score(name: str, before: dict[str, Any] | None, after: dict[str, Any] | None) -> ScoreChange:
    def met(score: dict[str, Any] | None) -> int:
        return int((score or {}).get("counts", {}).get(Status.MET.value, 0))

    return ScoreChange(
        name,
        (before or {}).get("readiness"),
        (after or {}).get("readiness"),
        met(before),
        met(after),
        int((before or {}).get("applicable", 0)),
        int((after or {}).get("applicable", 0)),
    )


def _item_group(before: str, after: str) -> str:
    """Which group a status change belongs to: the first rule that holds wins."""
    if after == Status.MET.value:
        return "newly_met"
    if after == _EXPIRED:
        return "expired"
    if Status.NOT_APPLICABLE.value in (before, after):
        return "applicability"
    stronger = _STRENGTH.get(after, 0) > _STRENGTH.get(before, 0)
    return "improved" if stronger and after != _FAILING else "regressed"


def _items(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[ItemChange]]:
    old = {item["id"]: item for item in before.get("items", [])}
    new = {item["id"]: item for item in after.get("items", [])}
    groups: dict[str, list[ItemChange]] = {key: [] for key, _ in Changes.ITEM_GROUPS}
    for item_id in sorted(old.keys() | new.keys()):
        was, now = old.get(item_id), new.get(item_id)
        shown = now or was
        assert shown is not None
        change = ItemChange(
            item_id,
            str(shown.get("text", "")),
            str(shown.get("checklist", "")),
            was.get("status") if was else None,
            now.get("status") if now else None,
        )
        if was is None:
            groups["items_added"].append(change)
        elif now is None:
            groups["items_removed"].append(change)
        elif change.before != change.after:
            groups[_item_group(str(change.before), str(change.after))].append(change)
    return groups


def _evidence(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[EvidenceChange]]:
    old = {each["path"]: each for each in before.get("evidence", [])}
    new = {each["path"]: each for each in after.get("evidence", [])}
    groups: dict[str, list[EvidenceChange]] = {key: [] for key, _ in Changes.EVIDENCE_GROUPS}
    for path in sorted(old.keys() | new.keys()):
        was, now = old.get(path), new.get(path)
        shown = now or was
        assert shown is not None
        change = EvidenceChange(
            path,
            str(shown.get("title") or path),
            was.get("sha256") if was else None,
            now.get("sha256") if now else None,
            was.get("state") if was else None,
            now.get("state") if now else None,
        )
        if was is None:
            groups["evidence_added"].append(change)
            continue
        if now is None:
            groups["evidence_removed"].append(change)
            continue
        if change.sha256_before != change.sha256_after:
            groups["evidence_replaced"].append(change)
        if change.state_after != change.state_before and change.state_after == _EXPIRED:
            groups["evidence_expired"].append(change)
        if change.state_after != change.state_before and change.state_after == _FAILING:
            groups["evidence_failing"].append(change)
    return groups


def coverage_statuses(report: dict[str, Any]) -> dict[str, tuple[str, str]] | None:
    """Control -> (title, status) from a report's coverage; None when it has none."""
    coverage = report.get("coverage")
    if not isinstance(coverage, dict) or not isinstance(coverage.get("controls"), list):
        return None
    found: dict[str, tuple[str, str]] = {}
    for row in coverage["controls"]:
        if isinstance(row, dict) and isinstance(row.get("citation"), str):
            found[row["citation"]] = (str(row.get("title") or ""), str(row.get("status")))
    return found


def _controls(before: dict[str, Any], after: dict[str, Any]) -> tuple[ControlChange, ...] | None:
    old, new = coverage_statuses(before), coverage_statuses(after)
    if old is None or new is None:
        return None
    changes = []
    for control in sorted(old.keys() | new.keys()):
        was, now = old.get(control), new.get(control)
        if was is not None and now is not None and was[1] == now[1]:
            continue
        title = (now or was or ("", ""))[0]
        changes.append(
            ControlChange(control, title, was[1] if was else None, now[1] if now else None)
        )
    return tuple(changes)


def compare(
    before: dict[str, Any], after: dict[str, Any], before_label: str, after_label: str
) -> Changes:
    """What changed from report `before` to report `after` (both as report.json data)."""
    old_lists = {c["path"]: c.get("score") for c in before.get("checklists", [])}
    new_lists = {c["path"]: c.get("score") for c in after.get("checklists", [])}
    checklists = tuple(
        change
        for path in sorted(old_lists.keys() | new_lists.keys())
        if (change := _score(path, old_lists.get(path), new_lists.get(path))).before != change.after
        or path not in old_lists
        or path not in new_lists
    )
    items = {key: tuple(group) for key, group in _items(before, after).items()}
    evidence = {key: tuple(group) for key, group in _evidence(before, after).items()}
    return Changes(
        before=before_label,
        after=after_label,
        readiness=_score("overall", before.get("overall"), after.get("overall")),
        checklists=checklists,
        newly_met=items["newly_met"],
        regressed=items["regressed"],
        expired=items["expired"],
        improved=items["improved"],
        applicability=items["applicability"],
        items_added=items["items_added"],
        items_removed=items["items_removed"],
        evidence_added=evidence["evidence_added"],
        evidence_removed=evidence["evidence_removed"],
        evidence_replaced=evidence["evidence_replaced"],
        evidence_expired=evidence["evidence_expired"],
        evidence_failing=evidence["evidence_failing"],
        controls=_controls(before, after),
        as_of=(before.get("as_of"), after.get("as_of")),
    )

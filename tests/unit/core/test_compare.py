"""What changed between two reports: a pure comparison of report.json data."""

from __future__ import annotations

from typing import Any

from auditbook.core.compare import compare
from auditbook.export.text import changes_text


def report(
    items: dict[str, str],
    evidence: dict[str, tuple[str, str]] | None = None,
    readiness: float | None = 0.5,
    coverage: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """A minimal report.json: item id -> status, evidence path -> (sha256, state)."""
    data: dict[str, Any] = {
        "as_of": "2026-11-21",
        "overall": {"readiness": readiness, "applicable": 4, "counts": {"met": 2}},
        "checklists": [],
        "items": [
            {"id": key, "text": f"Item {key}", "checklist": "c.md", "status": status}
            for key, status in items.items()
        ],
        "evidence": [
            {"path": path, "title": path, "sha256": sha, "state": state}
            for path, (sha, state) in (evidence or {}).items()
        ],
    }
    if coverage is not None:
        data["coverage"] = {"controls": coverage}  # as report.json has it
    return data


def ids(changes: tuple[Any, ...]) -> list[str]:
    return [getattr(c, "id", None) or getattr(c, "path", None) or c.control for c in changes]


def test_status_changes_fall_into_one_group_each() -> None:
    before = report(
        {
            "a": "open",
            "b": "met",
            "c": "met",
            "d": "open",
            "e": "met",
            "f": "open",
            "g": "attested",
            "h": "met",
            "gone": "met",
        }
    )
    after = report(
        {
            "a": "met",
            "b": "expired",
            "c": "attested",
            "d": "attested",
            "e": "not applicable",
            "f": "failing",
            "g": "attested",
            "h": "met",
            "new": "open",
        }
    )
    changes = compare(before, after, "1.0", "2.0")
    assert ids(changes.newly_met) == ["a"]
    assert ids(changes.expired) == ["b"]
    assert ids(changes.regressed) == ["c", "f"]  # open -> failing is no improvement
    assert ids(changes.improved) == ["d"]
    assert ids(changes.applicability) == ["e"]
    assert ids(changes.items_added) == ["new"]
    assert ids(changes.items_removed) == ["gone"]
    assert changes.regressed[0].before == "met" and changes.regressed[0].after == "attested"


def test_evidence_added_removed_replaced_expired_and_failing() -> None:
    before = report(
        {},
        {
            "evidence/kept.txt": ("aaa", "current"),
            "evidence/gone.txt": ("bbb", "current"),
            "evidence/new-bytes.txt": ("ccc", "current"),
            "evidence/old.txt": ("ddd", "current"),
            "evidence/broken.log": ("eee", "current"),
        },
    )
    after = report(
        {},
        {
            "evidence/kept.txt": ("aaa", "current"),
            "evidence/added.txt": ("fff", "current"),
            "evidence/new-bytes.txt": ("999", "current"),
            "evidence/old.txt": ("ddd", "expired"),
            "evidence/broken.log": ("eee", "failing"),
        },
    )
    changes = compare(before, after, "1.0", "2.0")
    assert ids(changes.evidence_added) == ["evidence/added.txt"]
    assert ids(changes.evidence_removed) == ["evidence/gone.txt"]
    assert ids(changes.evidence_replaced) == ["evidence/new-bytes.txt"]
    assert ids(changes.evidence_expired) == ["evidence/old.txt"]
    assert ids(changes.evidence_failing) == ["evidence/broken.log"]
    replaced = changes.evidence_replaced[0]
    assert (replaced.sha256_before, replaced.sha256_after) == ("ccc", "999")


def test_controls_are_compared_only_when_both_reports_have_coverage() -> None:
    rows = [{"citation": "164.308(a)(1)", "title": "Security management", "status": "gap"}]
    now = [{"citation": "164.308(a)(1)", "title": "Security management", "status": "covered"}]
    assert compare(report({}), report({}, coverage=now), "a", "b").controls is None
    changes = compare(report({}, coverage=rows), report({}, coverage=now), "a", "b")
    assert changes.controls is not None
    assert [(c.control, c.before, c.after) for c in changes.controls] == [
        ("164.308(a)(1)", "gap", "covered")
    ]
    same = compare(report({}, coverage=now), report({}, coverage=now), "a", "b")
    assert same.controls == ()


def test_readiness_delta_in_points_and_an_empty_comparison() -> None:
    changes = compare(report({}, readiness=0.25), report({}, readiness=0.5), "1.0", "2.0")
    assert changes.readiness.delta == 25.0
    assert "25% -> 50% (+25.0 points)" in changes_text(changes)
    none = compare(report({"a": "met"}), report({"a": "met"}), "1.0", "1.1")
    assert none.is_empty
    assert changes_text(none).endswith("No changes.\n")
    unknown = compare(report({}, readiness=None), report({}, readiness=0.5), "a", "b")
    assert unknown.readiness.delta is None

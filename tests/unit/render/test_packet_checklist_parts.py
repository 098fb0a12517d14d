"""A checklist past CHECKLIST_PART rows goes on in chapters of its own, cut between
sections where it can, inside a longer section where it must; so do the runbooks past
PAGES_PART pages. No row or page is lost or repeated."""

from __future__ import annotations

from typing import Any

import pytest

from auditbook.render.packet import views
from auditbook.render.packet.views import ChecklistView, SectionView


def _view(*lengths: int) -> ChecklistView:
    sections = tuple(
        SectionView(section=f"s{n}", score=None, anchor=f"a{n}", rows=tuple(range(length)))  # type: ignore[arg-type]
        for n, length in enumerate(lengths)
    )
    return ChecklistView(checklist=None, anchor="cl", sections=sections)  # type: ignore[arg-type]


def _shape(view: ChecklistView) -> list[list[Any]]:
    return [
        [(run.view.anchor, len(run.rows), run.continued) for run in part] for part in view.parts()
    ]


def test_a_short_checklist_is_one_part(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(views, "CHECKLIST_PART", 5)
    assert _shape(_view(2, 0, 3)) == [[("a0", 2, False), ("a1", 0, False), ("a2", 3, False)]]
    assert _shape(_view()) == [[]]


def test_parts_end_between_sections_and_cut_a_longer_one(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(views, "CHECKLIST_PART", 5)
    view = _view(3, 3, 12, 1)
    assert _shape(view) == [
        [("a0", 3, False)],
        [("a1", 3, False)],
        [("a2", 5, False)],
        [("a2", 5, True)],
        [("a2", 2, True), ("a3", 1, False)],
    ]
    rows = [(run.view.anchor, row) for part in view.parts() for run in part for row in run.rows]
    expected = [(s.anchor, row) for s in view.sections for row in s.rows]
    assert rows == expected


def test_runbooks_go_on_in_parts_in_order(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(views, "PAGES_PART", 2)
    pages: list[Any] = ["p1", "p2", "p3"]
    assert views.pages_parts(pages) == [["p1", "p2"], ["p3"]]
    assert views.pages_parts([]) == []


def test_a_heading_with_no_rows_goes_on_with_its_sections(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(views, "CHECKLIST_PART", 5)
    assert _shape(_view(4, 0, 0, 3)) == [
        [("a0", 4, False)],
        [("a1", 0, False), ("a2", 0, False), ("a3", 3, False)],
    ]

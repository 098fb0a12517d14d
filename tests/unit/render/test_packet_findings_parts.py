"""The findings in chapters of their own past FINDINGS_PART: none is lost, none repeated."""

from __future__ import annotations

import pytest

from auditbook.render.packet import views
from auditbook.render.packet.views import findings_parts


def test_a_few_findings_are_one_chapter_and_none_is_one_too() -> None:
    (part,) = findings_parts(["a", "b"])
    assert (part.anchor, part.title, part.entries) == ("findings", "Findings", ("a", "b"))
    (empty,) = findings_parts([])
    assert (empty.anchor, empty.entries) == ("findings", ())


def test_many_findings_go_on_in_chapters_in_order(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(views, "FINDINGS_PART", 3)
    parts = findings_parts(list(range(7)))
    assert [(p.anchor, p.title) for p in parts] == [
        ("findings", "Findings"),
        ("findings-2", "Findings, 4\u20136"),
        ("findings-3", "Findings, 7"),
    ]
    assert [entry for part in parts for entry in part.entries] == list(range(7))

"""The executive summary shows the first rows of each list of what needs attention; the
lists it cut go whole into "Needs attention", in chapters of ATTENTION_PART rows."""

from __future__ import annotations

import pytest

from auditbook.render.packet import views
from auditbook.render.packet.views import AttentionList, attention_parts


def test_short_lists_stay_whole_in_the_summary(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(views, "SUMMARY_ROWS", 3)
    lists = [AttentionList("evidence", ("e1", "e2", "e3")), AttentionList("items", ())]
    assert [each.shown for each in lists] == [("e1", "e2", "e3"), ()]
    assert not any(each.cut for each in lists)
    assert attention_parts(lists) == []


def test_cut_lists_go_on_whole_in_parts_in_order(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(views, "SUMMARY_ROWS", 2)
    monkeypatch.setattr(views, "ATTENTION_PART", 4)
    evidence = AttentionList("evidence", ("e1", "e2", "e3", "e4", "e5"))
    overdue = AttentionList("overdue", ("o1",))  # short: only in the summary
    coming = AttentionList("coming", ("c1", "c2", "c3"))
    assert evidence.shown == ("e1", "e2") and evidence.cut
    parts = attention_parts([evidence, overdue, coming])
    assert [(p.anchor, p.title) for p in parts] == [
        ("attention", "Needs attention"),
        ("attention-2", "Needs attention, 5\u20138"),
    ]
    runs = [(r.kind, r.rows, r.first, r.total) for p in parts for r in p.runs]
    assert runs == [
        ("evidence", ("e1", "e2", "e3", "e4"), 1, 5),
        ("evidence", ("e5",), 5, 5),
        ("coming", ("c1", "c2", "c3"), 1, 3),
    ]

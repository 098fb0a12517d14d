"""What an item's line says besides its text: untrusted words stay inert."""

from __future__ import annotations

import datetime as dt

from auditbook.domain.model import Status
from auditbook.render.markup import item_notes


def test_reason_and_owner_are_escaped_for_html_and_markdown() -> None:
    notes = item_notes("<script>x</script> *not* us", "<b>Eve</b> [x](y)", dt.date(2026, 12, 31))
    assert "<script>" not in notes and "<b>" not in notes
    assert "&lt;script&gt;" in notes and r"\*not\*" in notes and r"\[x\]\(y\)" in notes
    assert "due 2026-12-31" in notes


def test_a_parent_counts_its_items_below_and_a_leaf_says_nothing() -> None:
    notes = item_notes(children=[(Status.FAILING, 1), (Status.OPEN, 2)])
    assert "items below:" in notes
    assert 'ab-children__n--failing">1 failing</span> · ' in notes
    assert 'ab-children__n--open">2 open</span>' in notes
    assert item_notes() == ""

"""`owner=` and `due=` on an item: who answers for it and by when."""

from __future__ import annotations

import datetime as dt

from auditbook.domain.model import Item
from auditbook.inputs.checklist import parse_checklist


def _parse(line: str) -> tuple[Item, list[str]]:
    checklist, findings = parse_checklist("c.md", f"# C\n\n## S\n\n{line}\n")
    return checklist.sections[0].items[0], [f"{f.code}: {f.message}" for f in findings]


def test_owner_and_due_are_read_and_left_out_of_the_text() -> None:
    item, findings = _parse('- [ ] Rotate keys {#keys owner="Dana (Security)" due=2026-12-31}')
    assert findings == []
    assert item.owner == "Dana (Security)"
    assert item.due == dt.date(2026, 12, 31)
    assert item.text == "Rotate keys"
    assert item.id == "keys"


def test_owner_without_quotes_and_no_id() -> None:
    item, findings = _parse("- [ ] Rotate keys {owner=dana due=2027-01-05}")
    assert findings == []
    assert (item.owner, item.due) == ("dana", dt.date(2027, 1, 5))


def test_an_impossible_or_unreadable_date_is_an_error_not_ignored() -> None:
    for bad in ("2026-02-30", "31/12/2026", "soon"):
        item, findings = _parse(f"- [ ] Rotate keys {{#keys due={bad}}}")
        assert item.due is None
        assert len(findings) == 1 and findings[0].startswith("item-attribute: 'due' must be")


def test_an_empty_owner_is_an_error() -> None:
    item, findings = _parse('- [ ] Rotate keys {#keys owner=""}')
    assert item.owner is None
    assert findings == [
        "item-attribute: 'owner' needs a name, e.g. "
        '{#my-item-id owner="Dana (Security)" due=2026-12-31}'
    ]

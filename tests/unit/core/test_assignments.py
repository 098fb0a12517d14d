"""Owners and due dates from the mapping file, merged into the items before the assessment."""

from __future__ import annotations

import dataclasses
import datetime as dt

from auditbook.core.assess import assess
from auditbook.core.assignments import assign_pages
from auditbook.core.renewals import agenda, agenda_findings
from auditbook.domain.findings import Level
from auditbook.inputs.blocks import page_shape
from auditbook.inputs.checklist import parse_checklist
from auditbook.inputs.mapping import parse_mapping
from auditbook.inputs.pages import Page
from unit.core.test_assess import TODAY, evidence

PATH = "content/ops.md"
REL = "content/mappings/hipaa.yml"
PAGE = """\
# Ops

## Work

- [ ] Keys rotated
- [ ] Access reviewed {#access owner="Sam" due=2026-12-05}
- [ ] Backups
  - [ ] Restore drill {#drill}
"""
MAPPING = """\
items:
  ops/work/keys-rotated: {owner: Dana, due: 2026-11-01}
  access: {owner: Someone Else, due: 2026-12-24}
  drill: {owner: Ops lead}
  ops/work/backups: ["164.308(a)(7)(ii)(A)"]
"""


def _merged(mapping_text: str = MAPPING) -> tuple[tuple[Page, ...], list]:
    checklist, findings = parse_checklist(PATH, PAGE)
    assert findings == []
    mapping, problems = parse_mapping(mapping_text, REL)
    assert problems == []
    return assign_pages((Page("ops.md", PATH, PAGE, checklist, page_shape(PAGE)),), mapping)


def _items(pages: tuple[Page, ...]) -> dict[str, tuple[str | None, dt.date | None, str | None]]:
    checklist = pages[0].checklist
    assert checklist is not None
    return {i.id: (i.owner, i.due, i.assigned_in) for i in checklist.all_items()}


def test_the_mapping_gives_owner_and_due_to_items_nested_or_not() -> None:
    pages, _ = _merged()
    assert _items(pages) == {
        "ops/work/keys-rotated": ("Dana", dt.date(2026, 11, 1), f"{REL}:2"),
        "access": ("Sam", dt.date(2026, 12, 5), None),  # its own attributes, both kept
        "ops/work/backups": (None, None, None),  # citations only: nothing assigned
        "drill": ("Ops lead", None, f"{REL}:4"),
    }


def test_the_item_wins_and_the_mapping_value_it_replaces_is_a_note() -> None:
    _, notes = _merged()
    assert [(n.level, n.code, n.path, n.line) for n in notes] == [
        (Level.INFO, "mapping-overridden", REL, 3),
        (Level.INFO, "mapping-overridden", REL, 3),
    ]
    owner, due = (n.message for n in notes)
    assert owner.startswith("'owner' of 'access' is not used: the item itself says owner=\"Sam\"")
    assert f"({PATH}:6)" in owner and "'Someone Else'" in owner
    assert "due=2026-12-05" in due and "'2026-12-24'" in due


def test_the_same_value_twice_is_no_note() -> None:
    _, notes = _merged("items:\n  access: {owner: Sam}\n")
    assert notes == []


def test_no_mapping_or_no_owners_leaves_the_pages_as_they_are() -> None:
    checklist, _ = parse_checklist(PATH, PAGE)
    pages = (Page("ops.md", PATH, PAGE, checklist, page_shape(PAGE)),)
    assert assign_pages(pages, None) == (pages, [])
    citations_only, _ = parse_mapping("items:\n  access: 164.312(b)\n", REL)
    assert assign_pages(pages, citations_only)[0] is pages


def test_the_assessment_sees_a_mapped_due_date_like_an_attribute() -> None:
    pages, _ = _merged()
    checklist = pages[0].checklist
    assert checklist is not None
    a = assess((checklist,), (), TODAY)
    plan = agenda(a.items, a.evidence, TODAY)
    assert [(d.result.item.id, d.owner, d.days) for d in plan.overdue] == [
        ("ops/work/keys-rotated", "Dana", -20)
    ]
    [late] = [f for f in a.findings if f.code == "item-overdue"]
    assert (late.path, late.line, late.level) == (PATH, 5, Level.WARNING)
    assert late.message == (
        "overdue: due 2026-11-01 (20 days ago) and still open; owner: Dana "
        f"(from the mapping, {REL}:2)"
    )


def test_a_renewal_names_the_sidecar_owner_or_whoever_collected_it() -> None:
    checklist, _ = parse_checklist(PATH, PAGE)
    named = evidence("named.log", "drill", expires=TODAY + dt.timedelta(days=10))
    assert named.meta is not None
    named = dataclasses.replace(named, meta=dataclasses.replace(named.meta, owner="Priya"))
    unnamed = evidence("unnamed.log", "drill", expires=TODAY + dt.timedelta(days=12))
    a = assess((checklist,), (named, unnamed), TODAY)
    plan = agenda(a.items, a.evidence, TODAY)
    assert [(r.owner, r.named) for r in plan.renewals] == [
        ("Priya", True),
        ("Ops (fictional)", False),
    ]
    messages = [f.message for f in agenda_findings(plan) if f.code == "evidence-expiring"]
    assert messages == [
        "evidence expires on 2026-12-01 (in 10 days): collect it again before then "
        "(renewal owner: Priya)",
        "evidence expires on 2026-12-03 (in 12 days): collect it again before then "
        "(last collected by Ops (fictional))",
    ]

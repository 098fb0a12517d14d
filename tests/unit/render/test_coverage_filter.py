"""The coverage matrix's due and owner filter: counts are of controls, never of items."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from auditbook.core.assess import assess
from auditbook.core.coverage import compute_coverage
from auditbook.domain.model import Evidence, Ref
from auditbook.inputs.catalog import load_catalog
from auditbook.inputs.checklist import parse_checklist
from auditbook.inputs.mapping import Mapping
from auditbook.render.site.item_filter import ItemFilter, coverage_filter, owner_key
from unit.core.test_assess import TODAY, evidence

PAGE = """\
# Ops

- [ ] Keys rotated {#keys owner="Dana" due=2026-11-01 hipaa="164.312(a)(2)(iv), 164.312(e)(2)(ii)"}
- [ ] Tidy the wiki {#wiki owner="Sam" due=2026-11-02}
- [ ] Access reviewed {#access owner="Sam" due=2026-12-05 hipaa="164.308(a)(1)(ii)(D)"}
"""


def _filter(*files: Evidence) -> ItemFilter:
    checklist, _ = parse_checklist("content/ops.md", PAGE)
    a = assess((checklist,), files, TODAY)
    coverage, _ = compute_coverage(load_catalog(), Mapping("m.yml"), a.items, a.evidence)
    return coverage_filter(coverage, a.items, a.evidence, TODAY, 30)


def test_rows_are_counted_per_control_and_items_without_one_do_not_count() -> None:
    chosen = _filter()
    assert chosen.count("overdue") == 2  # keys, on two controls; the wiki is on none
    assert chosen.count("due-soon") == 1
    assert chosen.owners == ((owner_key("Dana"), "Dana", 2), (owner_key("Sam"), "Sam", 1))


def test_nothing_due_on_any_control_offers_no_due_filter() -> None:
    checklist, _ = parse_checklist("content/ops.md", "# Ops\n\n- [ ] Wiki {#wiki due=2026-11-02}\n")
    a = assess((checklist,), (), TODAY)
    coverage, _ = compute_coverage(load_catalog(), Mapping("m.yml"), a.items, a.evidence)
    chosen = coverage_filter(coverage, a.items, a.evidence, TODAY, 30)
    assert (chosen.count("overdue"), chosen.owners) == (0, ())  # the item is late, no control is


def test_evidence_to_renew_makes_its_controls_coming_due_for_whoever_renews_it() -> None:
    renew = evidence("scan.txt", "keys", expires=TODAY + dt.timedelta(days=10))
    assert renew.meta is not None
    meta = replace(renew.meta, controls=(Ref("164.312(b)", 4),), owner="Priya")
    chosen = _filter(replace(renew, meta=meta))
    assert chosen.count("due-soon") == 2  # access's control, and the evidence's
    assert (owner_key("Priya"), "Priya", 1) in chosen.owners

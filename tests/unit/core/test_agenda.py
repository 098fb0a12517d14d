"""What is overdue, what comes due, and which evidence to renew: pure, on a fixed day."""

from __future__ import annotations

import datetime as dt

from auditbook.core.assess import assess
from auditbook.core.renewals import agenda
from auditbook.domain.findings import Level
from auditbook.inputs.checklist import parse_checklist
from unit.core.test_assess import TODAY, evidence

PAGE = """\
# Ops

## Work

- [ ] Late {#late owner="Dana" due=2026-11-20}
- [x] Ticked but late {#ticked due=2026-11-01}
- [ ] Proven though late {#proven due=2026-11-01}
- [ ] Soon {#soon owner="Sam" due=2026-12-21}
- [ ] Later {#later due=2026-12-22}
- [ ] Moot {#moot due=2026-01-01 na="not ours"}
"""


def test_not_done_by_its_date_is_overdue_and_a_tick_is_not_done() -> None:
    proof = evidence("proof.log", "proven")
    a = assess((parse_checklist("content/ops.md", PAGE)[0],), (proof,), TODAY)
    plan = agenda(a.items, a.evidence, TODAY)
    assert [(d.result.item.id, d.days) for d in plan.overdue] == [("ticked", -20), ("late", -1)]
    assert [d.result.item.id for d in plan.due_soon] == ["soon"]  # 30 days out, not 31


def test_the_horizon_decides_what_is_coming_due() -> None:
    a = assess((parse_checklist("content/ops.md", PAGE)[0],), (), TODAY)
    assert [d.result.item.id for d in agenda(a.items, a.evidence, TODAY, 31).due_soon] == [
        "soon",
        "later",
    ]
    assert agenda(a.items, a.evidence, TODAY, 29).due_soon == ()


def test_current_evidence_expiring_within_the_horizon_is_to_renew() -> None:
    soon = evidence("soon.log", "later", expires=TODAY + dt.timedelta(days=10))
    far = evidence("far.log", "later", expires=TODAY + dt.timedelta(days=31))
    lapsed = evidence("lapsed.log", "later", expires=TODAY - dt.timedelta(days=1))
    a = assess((parse_checklist("content/ops.md", PAGE)[0],), (soon, far, lapsed), TODAY)
    plan = agenda(a.items, a.evidence, TODAY)
    assert [(r.result.evidence.path, r.days) for r in plan.renewals] == [("evidence/soon.log", 10)]
    found = {(f.code, f.path, f.level) for f in a.findings}
    assert ("evidence-expiring", "evidence/soon.log", Level.INFO) in found
    assert not any(
        f.code == "evidence-expiring" and f.path != "evidence/soon.log" for f in a.findings
    )


def test_findings_say_who_and_when_overdue_is_a_warning() -> None:
    a = assess((parse_checklist("content/ops.md", PAGE)[0],), (), TODAY)
    mine = {f.message: (f.level, f.line) for f in a.findings if f.code.startswith("item-")}
    assert mine["overdue: due 2026-11-20 (1 day ago) and still open; owner: Dana"] == (
        Level.WARNING,
        5,
    )
    no_owner = (
        "overdue: due 2026-11-01 (20 days ago) and still attested; "
        'no owner: add owner="..." to the item'
    )
    assert mine[no_owner] == (Level.WARNING, 6)
    assert mine["due 2026-12-21 (in 30 days), still open; owner: Sam"] == (Level.INFO, 8)
    assert not any("Moot" in m or "2026-01-01" in m for m in mine)

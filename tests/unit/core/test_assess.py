"""The pure assessment: statuses, rollup, scores and findings, with no files and a fixed day."""

from __future__ import annotations

import datetime as dt

import pytest

from auditbook.core.assess import assess, evidence_state, rollup
from auditbook.core.results import Assessment
from auditbook.domain.findings import Level
from auditbook.domain.model import (
    Checklist,
    Evidence,
    EvidenceMeta,
    EvidenceState,
    Ref,
    Status,
    Verdict,
)
from auditbook.domain.text import did_you_mean
from auditbook.export.report import report_json
from auditbook.inputs.checklist import parse_checklist
from auditbook.inputs.report_file import check_report

TODAY = dt.date(2026, 11, 21)
M, A, E, F, OPEN, NA = (
    Status.MET,
    Status.ATTESTED,
    Status.EXPIRED,
    Status.FAILING,
    Status.OPEN,
    Status.NOT_APPLICABLE,
)


def checklist(text: str, path: str = "content/checklists/ops.md") -> Checklist:
    parsed, findings = parse_checklist(path, text)
    assert findings == []
    return parsed


def evidence(
    name: str,
    *covers: str,
    collected: dt.date = dt.date(2026, 11, 1),
    expires: dt.date | None = None,
    valid_for: int | None = None,
    passed: bool | None = None,
    stale_after: dt.date | None = None,
    described: bool = True,
    verdict: Verdict | None = None,
) -> Evidence:
    path = f"evidence/{name}"
    meta = EvidenceMeta(
        sidecar=f"{path}.meta.yml",
        title=name,
        kind="other",
        collected=collected,
        collected_by="Ops (fictional)",
        covers=tuple(Ref(target, 6 + index) for index, target in enumerate(covers)),
        valid_for_days=valid_for,
        expires=expires,
    )
    return Evidence(
        path=path,
        sha256="0" * 64,
        size=1,
        meta=meta if described else None,
        verdict=verdict or {True: Verdict.PASSES, False: Verdict.FAILS, None: None}[passed],
        stale_after=stale_after,
    )


def run(text: str, *files: Evidence, today: dt.date = TODAY) -> Assessment:
    return assess((checklist(text),), tuple(files), today)


def statuses(assessment: Assessment) -> dict[str, Status]:
    return {key: result.status for key, result in assessment.items.items()}


# --- an item's own status ----------------------------------------------------------------------

ITEMS = """# Ops

## S

- [ ] Has current evidence {#current}
- [x] Ticked, no evidence {#ticked}
- [ ] Nothing at all {#nothing}
- [ ] Old evidence {#old}
- [ ] Failed evidence {#failed}
- [ ] Does not apply {#na na="no tapes"}
- [x] Ticked, evidence expired {#ticked-old}
"""


def test_each_status_from_its_evidence() -> None:
    result = run(
        ITEMS,
        evidence("current.txt", "current", valid_for=90),
        evidence("old.txt", "old", expires=dt.date(2026, 6, 30)),
        evidence("failed.log", "failed", passed=False),
        evidence("ticked-old.txt", "ticked-old", expires=dt.date(2026, 6, 30)),
    )
    assert statuses(result) == {
        "current": M,
        "ticked": A,
        "nothing": OPEN,
        "old": E,
        "failed": F,
        "na": NA,
        "ticked-old": E,  # a tick does not revive expired evidence
    }
    assert result.items["current"].evidence == ("evidence/current.txt",)
    assert result.items["ticked"].evidence == ()


@pytest.mark.parametrize("verdict", [Verdict.WRONG_KIND, Verdict.UNDECIDED])
def test_evidence_its_reader_cannot_judge_never_makes_an_item_met(verdict: Verdict) -> None:
    text = "# Ops\n\n## S\n\n- [x] Ticked {#ticked}\n- [ ] Open {#open}\n"
    result = run(
        text,
        evidence("a.log", "ticked", valid_for=90, verdict=verdict),
        evidence("b.log", "open", valid_for=90, verdict=verdict),
    )
    assert statuses(result) == {"ticked": A, "open": OPEN}
    assert {r.state for r in result.evidence} == {EvidenceState.UNJUDGED}
    # Expiry still wins: an old file is expired whatever its reader made of it.
    old = evidence("c.log", "open", expires=dt.date(2026, 6, 30), verdict=verdict)
    assert evidence_state(old, TODAY) is EvidenceState.EXPIRED


def test_evidence_collected_after_the_assessment_date_proves_nothing_that_day() -> None:
    text = "# Ops\n\n## S\n\n- [ ] Restore tested {#restore}\n"
    later = evidence("drill.log", "restore", collected=TODAY + dt.timedelta(days=1), valid_for=90)
    result = run(text, later)
    assert statuses(result) == {"restore": OPEN}
    assert evidence_state(later, TODAY) is EvidenceState.UNJUDGED
    [finding] = [f for f in result.findings if f.code == "evidence-collected-later"]
    assert finding.level is Level.WARNING


def test_attested_is_never_counted_as_met() -> None:
    result = run("# Ops\n\n## S\n\n- [x] One\n- [x] Two\n- [ ] Three {#three}\n")
    assert result.overall.count(A) == 2
    assert result.overall.count(M) == 0
    assert result.overall.readiness == 0.0
    assert result.overall.share(A) == pytest.approx(2 / 3)
    proven = run(
        "# Ops\n\n## S\n\n- [x] One {#one}\n- [x] Two\n", evidence("one.txt", "one", valid_for=30)
    )
    assert proven.overall.readiness == 0.5  # the tick with evidence is met; the other is not


def test_not_applicable_is_left_out_of_the_denominator() -> None:
    result = run('# Ops\n\n## S\n\n- [ ] A {#a}\n- [ ] B {na="cloud only"}\n', evidence("a", "a"))
    assert result.overall.total == 2
    assert result.overall.applicable == 1
    assert result.overall.readiness == 1.0
    nothing = run('# Ops\n\n## S\n\n- [ ] B {na="cloud only"}\n')
    assert nothing.overall.readiness is None  # shown as n/a, not 0% or 100%


def test_a_not_applicable_parent_takes_its_children_with_it() -> None:
    result = run(
        '# Ops\n\n## S\n\n- [ ] Tapes {#tapes na="no tapes"}\n'
        "  - [ ] Rotate tapes {#rotate}\n  - [x] Label tapes {#label}\n- [ ] Other {#other}\n"
    )
    assert statuses(result) == {"tapes": NA, "rotate": NA, "label": NA, "other": OPEN}
    assert result.overall.applicable == 1


# --- expired against failing -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("files", "status"),
    [
        # one old file that also failed: it is old, so it is expired, whatever it said
        ([dict(expires=dt.date(2026, 6, 30), passed=False)], E),
        # a current failure outweighs current success and old evidence
        ([dict(passed=False), dict(valid_for=90)], F),
        ([dict(passed=False), dict(expires=dt.date(2026, 6, 30))], F),
        # current evidence outweighs old evidence
        ([dict(valid_for=90), dict(expires=dt.date(2026, 6, 30))], M),
        # the reader's own staleness (an old restore test) counts like an expiry
        ([dict(valid_for=365, stale_after=dt.date(2026, 11, 20))], E),
        ([dict(valid_for=365, stale_after=TODAY)], M),  # valid through its last day
    ],
)
def test_expired_and_failing_precedence(files: list[dict[str, object]], status: Status) -> None:
    covering = [evidence(f"e{index}", "x", **options) for index, options in enumerate(files)]  # type: ignore[arg-type]
    assert statuses(run("# Ops\n\n## S\n\n- [ ] X {#x}\n", *covering))["x"] is status


def test_evidence_state() -> None:
    assert evidence_state(evidence("a", valid_for=20), TODAY) is EvidenceState.CURRENT
    assert evidence_state(evidence("a", valid_for=19), TODAY) is EvidenceState.EXPIRED
    assert evidence_state(evidence("a", passed=False), TODAY) is EvidenceState.FAILING
    assert evidence_state(evidence("a", described=False), TODAY) is EvidenceState.UNDESCRIBED


def test_evidence_without_a_sidecar_proves_nothing() -> None:
    result = run("# Ops\n\n## S\n\n- [x] X {#x}\n", evidence("x", "x", described=False))
    assert statuses(result)["x"] is A
    assert result.evidence[0].covers == ()


# --- rollup ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("children", "parent"),
    [
        ([M, M], M),
        ([M, A], A),
        ([M, A, E], E),
        ([M, E, F], F),
        ([M, F, OPEN], OPEN),
        ([M, NA], M),
        ([NA, NA], NA),
        ([A, NA, M], A),
    ],
)
def test_rollup_is_the_weakest_applicable_status(children: list[Status], parent: Status) -> None:
    assert rollup(children) is parent


NESTED = """# Ops

## S

- [ ] Parent {#parent}
  - [ ] Child one {#one}
  - [ ] Child two {#two}
    - [ ] Grandchild {#grand}
"""


def test_parents_roll_up_from_their_children() -> None:
    result = run(
        NESTED,
        evidence("one", "one", valid_for=90),
        evidence("grand", "grand", expires=dt.date(2026, 1, 1)),
    )
    assert statuses(result) == {"parent": E, "one": M, "two": E, "grand": E}
    everything = run(
        NESTED, evidence("one", "one", valid_for=90), evidence("grand", "grand", valid_for=90)
    )
    assert statuses(everything) == {"parent": M, "one": M, "two": M, "grand": M}


def test_evidence_on_a_parent_cannot_hide_its_open_children() -> None:
    result = run(NESTED, evidence("parent", "parent", valid_for=90))
    assert statuses(result)["parent"] is OPEN
    failing = run(
        NESTED,
        evidence("parent", "parent", passed=False),
        evidence("one", "one", valid_for=90),
        evidence("grand", "grand", valid_for=90),
    )
    assert statuses(failing)["parent"] is F  # its own failing evidence still counts


def test_scores_count_each_leaf_once() -> None:
    result = run(NESTED, evidence("one", "one", valid_for=90))
    assert result.overall.total == 2  # Child one and Grandchild
    assert result.overall.count(M) == 1
    assert result.checklist_scores["content/checklists/ops.md"] == result.overall
    (section,) = result.sections
    assert section.score == result.overall


# --- sections ----------------------------------------------------------------------------------

SECTIONS = """# Ops

## A

- [ ] A item {#a}

### A.1

- [ ] A.1 item {#a1}

#### A.1.x

- [x] A.1.x item {#a1x}

### A.2

- [ ] A.2 item {#a2 na="not here"}

## B

- [ ] B item {#b}
"""


def test_section_scores_include_their_subsections() -> None:
    result = run(SECTIONS, evidence("a1", "a1", valid_for=90))
    scores = {section.id: section.score for section in result.sections}
    assert {key: score.total for key, score in scores.items()} == {
        "a": 4,
        "a-1": 2,
        "a-1-x": 1,
        "a-2": 1,
        "b": 1,
    }
    assert scores["a"].count(M) == 1 and scores["a"].count(A) == 1
    assert scores["a"].applicable == 3
    assert scores["a-1"].readiness == 0.5
    assert scores["a-2"].readiness is None
    assert scores["b"].count(OPEN) == 1
    assert result.overall.total == 5


# --- findings ----------------------------------------------------------------------------------


def test_unknown_item_in_covers_names_the_sidecar_line_and_suggests() -> None:
    result = run(ITEMS, evidence("x.txt", "current", "curent", "zzz"))
    unknown = [f for f in result.findings if f.code == "evidence-unknown-item"]
    assert [(f.level, f.path, f.line, f.message) for f in unknown] == [
        (
            Level.ERROR,
            "evidence/x.txt.meta.yml",
            7,
            "unknown item id 'curent' (did you mean 'current'?)",
        ),
        (Level.ERROR, "evidence/x.txt.meta.yml", 8, "unknown item id 'zzz'"),
    ]
    assert result.evidence[0].covers == ("current",)


def test_duplicate_ids_name_both_lines() -> None:
    """Two equal explicit ids are the author's to fix; items that merely read alike are not
    (their derived ids are told apart by the page, see the checklist parser)."""
    first = checklist("# Ops\n\n## S\n\n- [ ] Same {#one}\n- [ ] Same\n- [ ] Same\n")
    second = checklist("# Dev\n\n- [ ] Again {#one}\n", "content/checklists/dev.md")
    result = assess((first, second), (), TODAY)
    duplicates = [
        (f.path, f.line, f.message) for f in result.findings if f.code == "item-duplicate-id"
    ]
    assert sorted(duplicates) == [
        (
            "content/checklists/dev.md",
            3,
            "duplicate item id 'one' (first at content/checklists/ops.md:5); rename one of them",
        ),
    ]
    assert {"ops/s/same", "ops/s/same-2"} <= result.items.keys()
    assert all(f.level is Level.ERROR for f in result.findings if f.code == "item-duplicate-id")


def test_evidence_findings_for_expired_and_failing_files() -> None:
    result = run(
        ITEMS,
        evidence("old.txt", "old", expires=dt.date(2026, 6, 30)),
        evidence("failed.log", "failed", passed=False),
    )
    assert [(f.level, f.code, f.path) for f in result.findings] == [
        (Level.ERROR, "evidence-failing", "evidence/failed.log"),
        (Level.WARNING, "evidence-expired", "evidence/old.txt"),
    ]
    assert "2026-06-30" in result.findings[1].message


@pytest.mark.parametrize(
    ("target", "known", "suggestion"),
    [
        ("restore-tsted", ["restore-tested", "logs-kept"], " (did you mean 'restore-tested'?)"),
        (
            "ops/backups/restore",
            ["ops/backups/restores", "ops/backups/restore-2", "ops/logs/kept"],
            " (did you mean 'ops/backups/restores' or 'ops/backups/restore-2'?)",
        ),
        # far from every id as a whole, but the end of one of them: still suggested
        (
            "jwt-token-security",
            ["readiness/security-authentication/jwt-token-security-and-rotation"],
            " (did you mean 'readiness/security-authentication/jwt-token-security-and-rotation'?)",
        ),
        ("nothing-like-it", ["restore-tested", "logs-kept"], ""),
        ("anything", [], ""),
    ],
)
def test_did_you_mean(target: str, known: list[str], suggestion: str) -> None:
    assert did_you_mean(target, known) == suggestion


# --- purity ------------------------------------------------------------------------------------


def test_assess_depends_only_on_its_inputs() -> None:
    spring = dt.date(2026, 3, 1)  # collected before either assessment date
    files = (
        evidence("old.txt", "old", collected=spring, expires=dt.date(2026, 6, 30)),
        evidence("c", "current"),
    )
    first = report_json(run(ITEMS, *files))
    assert report_json(run(ITEMS, *files)) == first
    earlier = report_json(run(ITEMS, *files, today=dt.date(2026, 6, 30)))
    assert earlier["as_of"] == "2026-06-30"
    old = next(item for item in earlier["items"] if item["id"] == "old")
    assert old["status"] == "met"  # valid through 2026-06-30 itself


def test_thousands_of_unknown_ids_are_a_bounded_report() -> None:
    """A sidecar naming 2,000 ids that do not exist: 20 findings with suggestions, one sum."""
    unknown = tuple(f"ops/s/no-such-item-{n}" for n in range(2000))
    assessment = run(ITEMS, evidence("many.txt", "current", *unknown))
    found = [f for f in assessment.findings if f.code == "evidence-unknown-item"]
    assert len(found) == 21
    listed = [f for f in found if f.line is not None]
    assert len(listed) == 20
    assert all(f.message.startswith("unknown item id 'ops/s/no-such-item-") for f in listed)
    assert [f.message for f in found if f.line is None] == [
        "1,980 more of this kind in this file are not listed (only 20 are)"
    ]
    assert {f.path for f in found} == {"evidence/many.txt.meta.yml"}
    assert statuses(assessment)["current"] is Status.MET  # the known id still counts


def test_the_report_has_the_shape_its_schema_promises() -> None:
    spring = dt.date(2026, 3, 1)  # collected before either assessment date
    files = (
        evidence("old.txt", "old", collected=spring, expires=dt.date(2026, 6, 30)),
        evidence("c", "current"),
    )
    report = report_json(run(ITEMS, *files))
    assert check_report(report, "report.json") == report


def test_evidence_from_after_the_assessment_date_is_said() -> None:
    """Collected in 2099, or an --as-of before anything was collected: never silent."""
    later = evidence("later.txt", "current", collected=dt.date(2099, 1, 1))
    found = [f for f in run(ITEMS, later).findings if f.code == "evidence-collected-later"]
    assert [(f.level, f.path, f.message) for f in found] == [
        (
            Level.WARNING,
            "evidence/later.txt.meta.yml",
            f"collected on 2099-01-01, after the assessment date {TODAY}: it cannot show "
            "how things stood that day (a typo in 'collected', or an --as-of too early?)",
        )
    ]
    same_day = evidence("today.txt", "current", collected=TODAY)
    assert not [f for f in run(ITEMS, same_day).findings if f.code == "evidence-collected-later"]

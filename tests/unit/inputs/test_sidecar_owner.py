"""A sidecar's `owner:`: who renews the evidence, else whoever collected it."""

from __future__ import annotations

from auditbook.domain.findings import Level
from auditbook.inputs.sidecar import parse_sidecar

REL = "evidence/logs/api.log.meta.yml"
BASE = "title: T\nkind: other\ncollected: 2026-11-02\ncollected_by: Dana (Security)\n"


def test_an_owner_renews_the_evidence() -> None:
    meta, findings = parse_sidecar(BASE + "owner: Sam Ortiz (Ops)\nvalid_for: 90d\n", REL)
    assert findings == []
    assert meta is not None
    assert (meta.owner, meta.renewed_by, meta.collected_by) == (
        "Sam Ortiz (Ops)",
        "Sam Ortiz (Ops)",
        "Dana (Security)",
    )


def test_without_an_owner_whoever_collected_it_renews_it() -> None:
    meta, findings = parse_sidecar(BASE, REL)
    assert findings == [] and meta is not None
    assert (meta.owner, meta.renewed_by) == (None, "Dana (Security)")
    meta, findings = parse_sidecar(BASE + "owner:\n", REL)  # empty: not given
    assert findings == [] and meta is not None and meta.owner is None


def test_an_owner_that_is_not_a_name_is_an_error_at_its_line() -> None:
    meta, findings = parse_sidecar(BASE + "owner: [Sam, Dana]\n", REL)
    assert [(f.level, f.code, f.path, f.line) for f in findings] == [
        (Level.ERROR, "sidecar-type", REL, 5)
    ]
    assert findings[0].message == "'owner' must be a string, got a list"
    assert meta is not None and meta.renewed_by == "Dana (Security)"  # the rest still counts


def test_a_misspelt_owner_is_suggested() -> None:
    _, findings = parse_sidecar(BASE + "ownr: Sam\n", REL)
    assert [(f.code, f.line) for f in findings] == [("sidecar-unknown-key", 5)]
    assert "did you mean 'owner'?" in findings[0].message

"""The HIPAA mapping file: its shape, checked with the line of every problem."""

from __future__ import annotations

from pathlib import Path

import pytest

from auditbook.domain.findings import Finding, Level
from auditbook.domain.model import Ref
from auditbook.inputs.mapping import Decision, Inheritance, load_mapping, parse_mapping

REL = "content/mappings/hipaa.yml"


def problems(text: str) -> list[tuple[str, int | None, str]]:
    _, findings = parse_mapping(text, REL)
    assert all(f.level is Level.ERROR and f.path == REL for f in findings)
    return [(f.code, f.line, f.message) for f in findings]


def test_a_complete_mapping_is_read_with_lines() -> None:
    text = """\
items:
  readiness/a/unique-ids: ["164.312(a)(2)(i)", "§164.312(a)"]
  readiness/a/audit: 164.312(b)
controls:
  "164.310(a)(1)":
    inherited:
      from: Hosting provider
      evidence: [evidence/baa/baa.pdf]
      reason: Data centres are the provider's.
  "164.312(a)(2)(iv)":
    decision: implemented
    reason: >-
      Encrypted at
      rest.
    evidence: evidence/reports/scan.txt
  "164.314(b)(1)":
    not-applicable: Not a group health plan.
"""
    mapping, findings = parse_mapping(text, REL)
    assert findings == []
    assert mapping.path == REL
    first, second = mapping.items
    assert first.item_id == "readiness/a/unique-ids"
    assert first.line == 2
    assert first.citations == (Ref("164.312(a)(2)(i)", 2), Ref("§164.312(a)", 2))
    assert second.citations == (Ref("164.312(b)", 3),)
    inherited, decided, not_applicable = mapping.controls
    assert (inherited.citation, inherited.line) == ("164.310(a)(1)", 5)
    assert inherited.inherited == Inheritance(
        "Hosting provider", (Ref("evidence/baa/baa.pdf", 8),), "Data centres are the provider's."
    )
    assert decided.decision == Decision(
        "implemented", "Encrypted at rest.", (Ref("evidence/reports/scan.txt", 15),)
    )
    assert decided.decision.label == "implemented"
    assert not_applicable.not_applicable == "Not a group health plan."


def test_an_empty_file_is_an_empty_mapping() -> None:
    for text in ("", "# nothing mapped yet\n", "items:\ncontrols:\n"):
        mapping, findings = parse_mapping(text, REL)
        assert findings == []
        assert mapping.items == () and mapping.controls == ()


def test_yaml_anchors_let_specifications_share_an_entry() -> None:
    text = """\
controls:
  "164.310(d)(2)(i)":
    inherited: &provider {from: Provider, evidence: [evidence/a.pdf]}
  "164.310(d)(2)(ii)":
    inherited: *provider
"""
    mapping, findings = parse_mapping(text, REL)
    assert findings == []
    assert [c.inherited for c in mapping.controls] == [
        Inheritance("Provider", (Ref("evidence/a.pdf", 3),)),
    ] * 2


def test_malformed_yaml_names_the_line() -> None:
    (code, line, message), *_ = problems("items:\n  a: [1, 2\ncontrols: {}\n")
    assert code == "mapping-yaml"
    assert line == 3
    assert message.startswith("malformed YAML")


def test_the_top_level_must_be_a_mapping_of_known_keys() -> None:
    assert problems("- a\n- b\n")[0][:2] == ("mapping-type", 1)
    ((code, line, message),) = problems("item:\n  a: 164.312(b)\n")
    assert (code, line) == ("mapping-unknown-key", 1)
    assert "unknown key 'item'" in message and "did you mean 'items'?" in message


def test_duplicate_keys_name_the_first_line() -> None:
    text = "items:\n  a: 164.312(b)\n  b: 164.312(d)\n  a: 164.312(c)\n"
    ((code, line, message),) = problems(text)
    assert (code, line) == ("mapping-duplicate-key", 4)
    assert "duplicate key 'a' (first on line 2)" in message


@pytest.mark.parametrize(
    ("value", "got"),
    [("[]", "an empty list"), ("{x: 1}", "a mapping"), ("[164.312(b), [x]]", "a list")],
)
def test_item_citations_must_be_strings(value: str, got: str) -> None:
    ((code, line, message),) = problems(f"items:\n  a/b:\n    {value}\n")
    assert (code, line) == ("mapping-type", 3)
    assert got in message and "a/b" in message


def test_items_and_controls_must_be_mappings() -> None:
    ((code, line, message),) = problems("items:\n  - a/b\n")
    assert (code, line) == ("mapping-type", 2)
    assert "'items' must be a mapping, got a list" in message


def test_a_control_needs_exactly_one_of_decision_inherited_not_applicable() -> None:
    text = """\
controls:
  "164.312(b)": {reason: forgot the decision}
  "164.312(c)(2)":
    decision: implemented
    reason: x
    not-applicable: y
  "164.312(d)":
"""
    found = problems(text)
    assert [(code, line) for code, line, _ in found] == [
        ("mapping-control", 2),
        ("mapping-control", 3),
        ("mapping-type", 7),
    ]
    assert "got none" in found[0][2]
    assert "got decision and not-applicable" in found[1][2]
    assert "must be a mapping, got nothing" in found[2][2]


def test_unknown_keys_of_a_control_suggest_the_right_one() -> None:
    text = 'controls:\n  "164.312(c)(2)":\n    decison: implemented\n    decision: implemented\n'
    text += "    reason: r\n"
    ((code, line, message),) = problems(text)
    assert (code, line) == ("mapping-unknown-key", 3)
    assert "did you mean 'decision'?" in message


def test_a_decision_is_one_of_three_and_has_a_reason() -> None:
    text = """\
controls:
  "164.312(c)(2)":
    decision: not reasonable
    reason: too costly
  "164.312(e)(2)(i)":
    decision: alternative
"""
    found = problems(text)
    assert [(code, line) for code, line, _ in found] == [
        ("mapping-decision", 3),
        ("mapping-decision", 5),
    ]
    assert "did you mean 'not-reasonable'?" in found[0][2]
    assert "implemented, alternative, not-reasonable" in found[0][2]
    assert "needs its 'reason'" in found[1][2]


def test_a_blank_reason_is_refused() -> None:
    ((code, line, message),) = problems('controls:\n  "164.314(b)(1)":\n    not-applicable: "  "\n')
    assert (code, line) == ("mapping-type", 3)
    assert "a blank string" in message


def test_reason_and_evidence_belong_to_a_decision() -> None:
    text = """\
controls:
  "164.310(a)(1)":
    inherited: {from: P, evidence: [e.pdf]}
    reason: misplaced
  "164.314(b)(1)":
    not-applicable: n/a
    evidence: [e.pdf]
"""
    found = problems(text)
    assert [(code, line) for code, line, _ in found] == [
        ("mapping-control", 4),
        ("mapping-control", 7),
    ]
    assert "put it inside 'inherited'" in found[0][2]


def test_inherited_needs_a_provider_and_evidence() -> None:
    text = """\
controls:
  "164.310(a)(1)":
    inherited:
      from: Provider
  "164.310(b)":
    inherited: {evidence: [e.pdf], form: typo}
"""
    found = problems(text)
    assert [(code, line) for code, line, _ in found] == [
        ("mapping-inherited", 4),
        ("mapping-unknown-key", 6),
        ("mapping-inherited", 6),
    ]
    assert "needs 'evidence'" in found[0][2]
    assert "did you mean 'from'?" in found[1][2]
    assert "needs 'from'" in found[2][2]


def test_citations_stay_text_as_written() -> None:
    # Unquoted, 164.312 would be a float to a YAML loader; the mapping keeps what was written.
    mapping, findings = parse_mapping("items:\n  a: [164.312, 164.310(b)]\n", REL)
    assert findings == []
    assert [ref.target for ref in mapping.items[0].citations] == ["164.312", "164.310(b)"]


def test_load_mapping_reads_files_and_refuses_bad_encoding(tmp_path: Path) -> None:
    good = tmp_path / "good.yml"
    good.write_bytes(b"\xef\xbb\xbfitems:\n  a: 164.312(b)\n")
    mapping, findings = load_mapping(good, REL)
    assert findings == [] and mapping.items[0].item_id == "a"
    bad = tmp_path / "bad.yml"
    bad.write_bytes(b"items:\n  a: \xff\n")
    mapping, findings = load_mapping(bad, REL)
    assert mapping.items == ()
    assert [(f.code, f.line) for f in findings] == [("mapping-encoding", 2)]
    assert "0xff" in findings[0].message
    _, findings = load_mapping(tmp_path / "missing.yml", REL)
    assert findings == [Finding(Level.ERROR, "mapping-unreadable", findings[0].message, REL)]

"""Owners and due dates in the mapping file: its item entries, checked with their lines."""

from __future__ import annotations

import datetime as dt

import pytest

from auditbook.domain.findings import Level
from auditbook.domain.model import Ref
from auditbook.inputs.mapping import parse_mapping

REL = "content/mappings/hipaa.yml"


def problems(text: str) -> list[tuple[str, int | None, str]]:
    _, findings = parse_mapping(text, REL)
    assert all(f.level is Level.ERROR and f.path == REL for f in findings)
    return [(f.code, f.line, f.message) for f in findings]


def test_an_item_entry_gives_citations_owner_and_due_with_the_line_of_its_id() -> None:
    text = """\
items:
  ops/keys/rotated: ["164.312(a)(2)(iv)"]
  ops/keys/reviewed:
    hipaa: ["164.308(a)(1)(ii)(D)", "164.312(b)"]
    owner: "  Dana   Reyes (Security) "
    due: 2026-12-31
  ops/keys/restored: {owner: Sam Ortiz, due: "2027-01-15"}
"""
    mapping, findings = parse_mapping(text, REL)
    assert findings == []
    plain, full, owned = mapping.items
    assert (plain.citations, plain.owner, plain.due) == ((Ref("164.312(a)(2)(iv)", 2),), None, None)
    assert full.line == 3
    assert full.citations == (Ref("164.308(a)(1)(ii)(D)", 4), Ref("164.312(b)", 4))
    assert (full.owner, full.due) == ("Dana Reyes (Security)", dt.date(2026, 12, 31))
    # An owner and a due date alone, without citations, are an entry too.
    assert (owned.item_id, owned.line, owned.citations) == ("ops/keys/restored", 7, ())
    assert (owned.owner, owned.due) == ("Sam Ortiz", dt.date(2027, 1, 15))


@pytest.mark.parametrize(
    ("value", "got"),
    [
        ("31/12/2026", "'31/12/2026'"),
        ("2026-02-30", "'2026-02-30'"),
        ("2026-12-31 10:00:00", "'2026-12-31 10:00:00'"),
        ("20261231", "'20261231'"),
        ("[2026-12-31]", "a list"),
        ('""', "a blank string"),
    ],
)
def test_a_due_date_must_be_a_day_written_yyyy_mm_dd(value: str, got: str) -> None:
    text = f"items:\n  ops/keys/rotated:\n    owner: Dana\n    due: {value}\n"
    ((code, line, message),) = problems(text)
    assert (code, line) == ("mapping-due", 4)
    assert "item 'ops/keys/rotated'" in message and "YYYY-MM-DD" in message and got in message
    # What could be read is kept: the owner still counts.
    mapping, _ = parse_mapping(text, REL)
    assert [(e.owner, e.due) for e in mapping.items] == [("Dana", None)]


@pytest.mark.parametrize(("value", "got"), [("42", "a number"), ('"  "', "a blank string")])
def test_an_owner_is_a_name(value: str, got: str) -> None:
    ((code, line, message),) = problems(f"items:\n  a/b: {{owner: {value}}}\n")
    assert (code, line) == ("mapping-type", 2)
    assert "item 'a/b': 'owner' must be a non-empty string" in message and got in message


def test_an_unknown_key_of_an_entry_suggests_the_right_one() -> None:
    ((code, line, message),) = problems("items:\n  a/b:\n    owner: Dana\n    deu: 2026-12-31\n")
    assert (code, line) == ("mapping-unknown-key", 4)
    assert "item 'a/b': unknown key 'deu'" in message and "did you mean 'due'?" in message


def test_a_mapping_without_any_known_key_says_what_an_entry_may_be() -> None:
    ((code, line, message),) = problems("items:\n  a/b:\n    onwer: Dana\n")
    assert (code, line) == ("mapping-type", 3)
    assert "a list of citations, or a mapping of hipaa, owner, due" in message
    assert "did you mean 'owner'?" in message


def test_an_empty_citation_list_in_an_entry_is_refused() -> None:
    ((code, line, message),) = problems("items:\n  a/b: {hipaa: [], owner: Dana}\n")
    assert (code, line) == ("mapping-type", 2)
    assert "item 'a/b': hipaa: expected a list of strings, got an empty list" in message


def test_duplicate_keys_of_an_entry_name_the_first_line() -> None:
    ((code, line, message),) = problems("items:\n  a/b:\n    owner: A\n    owner: B\n")
    assert (code, line) == ("mapping-duplicate-key", 4)
    assert "duplicate key 'owner' (first on line 3)" in message

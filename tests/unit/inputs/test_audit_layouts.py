"""The audit-log tally counts records per layout: the facts must read as if counted one by one."""

from __future__ import annotations

import itertools
import json
import random
from collections import Counter
from typing import TYPE_CHECKING

from tests.unit.inputs.test_readers_audit_log import (
    DAYS,
    FIELDS,
    csv_text,
    facts,
    findings,
    read,
    record,
)

from auditbook.inputs.readers.audit.families import APP, family_of_columns
from auditbook.inputs.readers.audit.resolve import Resolver
from auditbook.inputs.readers.audit.tally import MAX_LAYOUTS, MAX_PATHS

if TYPE_CHECKING:
    from pathlib import Path


def _spellings() -> list[str]:
    """Column names that all mean the user (`userid` once folded), each spelled apart."""
    cases = ("".join(c) for c in itertools.product(*((ch, ch.upper()) for ch in "userid")))
    return [case[:4] + sep + case[4:] for case in cases for sep in ("", "_", "-", " ", ".")]


def _expected_who(names: list[str]) -> str:
    """The `who` fact counted record by record, as the reader once did."""
    counter: Counter[str] = Counter()
    for name in names:
        if name in counter or len(counter) < MAX_PATHS:
            counter[name] += 1
    ranked = counter.most_common()
    shown = [f"{name} ({count} of {len(names)} records)" for name, count in ranked[:3]]
    return ", ".join([*shown, f"{len(ranked) - 3} more"])


def test_more_layouts_than_kept_give_the_counts_of_counting_each_record(tmp_path: Path) -> None:
    spellings = _spellings()
    assert len(spellings) > MAX_LAYOUTS
    rng = random.Random(15)
    names = [rng.choice(spellings[: rng.choice((5, 40, len(spellings)))]) for _ in range(3000)]
    lines = [
        json.dumps({name: f"user{n % 7}", "action": "read", "time": f"2026-10-01T09:{n % 60:02d}Z"})
        for n, name in enumerate(names)
    ]
    path = tmp_path / "app.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = facts(read(path))
    assert result["Records"] == "3000"
    assert result["who"] == _expected_who(names)
    assert result["what"] == "action (3000 of 3000 records)"


def test_a_csv_column_classify_reads_still_gets_each_record_classified(tmp_path: Path) -> None:
    fields = [*FIELDS, "category"]
    rows = [record(DAYS[0], category="kube-audit"), record(DAYS[1], category="billing")]
    path = tmp_path / "api.csv"
    path.write_text(csv_text(rows, fields), encoding="utf-8")
    result = read(path)
    [(level, code, text, line)] = findings(result)
    assert (level, code, line) == ("error", "audit-log-bad-record", 2)
    assert "AKS kube-audit entry" in text
    assert facts(result)["Records"] == "1"


def test_columns_no_other_format_has_are_an_application_export() -> None:
    assert family_of_columns(["userId", "action", "time"]) is APP
    assert family_of_columns(["userId", "eventSource", "eventName"]) is None
    assert family_of_columns(["auditID", "verb"]) is None


def test_records_of_one_set_of_columns_share_their_layout() -> None:
    resolver = Resolver({})
    first, layout = resolver.resolve(APP, {"User ID": "ana", "action": "read", "x": "1"})
    second, again = resolver.resolve(APP, {"User ID": "bo", "action": "write", "x": "2"})
    assert layout is again
    assert layout == (("who", "User ID"), ("what", "action"))
    assert (first, second) == (
        {"who": ("User ID", "ana"), "what": ("action", "read")},
        {"who": ("User ID", "bo"), "what": ("action", "write")},
    )


def test_aliases_give_the_layout_of_what_they_found() -> None:
    resolver = Resolver({"who": ("actor.login",)})
    found, layout = resolver.resolve(APP, {"actor": {"login": "ana"}, "action": "read"})
    assert found == {"who": ("actor.login", "ana"), "what": ("action", "read")}
    assert layout == (("who", "actor.login"), ("what", "action"))

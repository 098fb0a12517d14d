"""The author's stated status vocabulary and table checklists, beyond the golden pages."""

from __future__ import annotations

import time

import pytest

from auditbook.domain.model import Claim, Stated
from auditbook.inputs.checklist import parse_checklist
from auditbook.inputs.stated import Vocabulary, read_stated
from auditbook.inputs.tables import cell_state

TABLE = "# T\n\n## S\n\n| Task | Status |\n|---|---|\n| Load test | ✅ |\n| Rotate keys | ❌ |\n"


@pytest.mark.parametrize(
    "text",
    [
        "Set up SSO (SAML)",
        "Review the logs (weekly)",
        "Check the NA region",
        "Plain task with a ✅ in the middle",
        "Keep 100% of backups encrypted",
        "✅",  # a mark alone is no task text: left as written
    ],
)
def test_text_that_claims_nothing_is_left_as_written(text: str) -> None:
    assert read_stated(text) == (text, None)


@pytest.mark.parametrize(
    ("text", "rest", "stated"),
    [
        ("✅️ Done thing", "Done thing", Stated(Claim.DONE, "✅️")),
        ("Thing — N/A: no app", "Thing", Stated(Claim.NOT_APPLICABLE, "N/A", "no app")),
        ("Backups (100% complete)", "Backups", Stated(Claim.DONE, "(100% complete)")),
        ("Tiến độ [đang thực hiện]", "Tiến độ", Stated(Claim.IN_PROGRESS, "[đang thực hiện]")),
        ("🚧 Migrate the database", "Migrate the database", Stated(Claim.IN_PROGRESS, "🚧")),
    ],
)
def test_marks_at_either_end_are_claims(text: str, rest: str, stated: Stated) -> None:
    assert read_stated(text) == (rest, stated)


def test_a_long_line_of_separators_and_brackets_is_read_at_once() -> None:
    noise = " - " * 600_000 + "(" * 600_000 + " " * 600_000
    started = time.monotonic()
    assert read_stated(f"x {noise} y") == (f"x {noise} y", None)
    assert time.monotonic() - started < 1.0


def test_a_project_may_bring_its_own_marks() -> None:
    vocabulary = Vocabulary(marks=(("🟢", Claim.DONE), ("🔴", Claim.NOT_DONE)))
    text = "# T\n\n- [ ] 🟢 Green means done\n- [ ] ✅ Not in this vocabulary\n"
    checklist, _ = parse_checklist("t.md", text, vocabulary=vocabulary)
    first, second = checklist.all_items()
    assert (first.text, first.stated) == ("Green means done", Stated(Claim.DONE, "🟢"))
    assert (second.text, second.stated) == ("✅ Not in this vocabulary", None)


def test_tables_are_read_when_the_caller_says_so_and_said_of_otherwise() -> None:
    unread, findings = parse_checklist("t.md", TABLE)
    assert unread.all_items() == []
    assert [(f.code, f.line) for f in findings] == [("checklist-table-not-read", 5)]
    read, findings = parse_checklist("t.md", TABLE, tables=True)
    assert [(i.text, i.line, i.stated) for i in read.all_items()] == [
        ("Load test", 7, Stated(Claim.DONE, "✅")),
        ("Rotate keys", 8, Stated(Claim.NOT_DONE, "❌")),
    ]
    assert findings == []


@pytest.mark.parametrize("cell", ["443", "HTTPS", "80% <b>bold</b>", "see notes"])
def test_a_cell_that_is_no_state_is_none(cell: str) -> None:
    assert cell_state(cell) is None

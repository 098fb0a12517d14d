"""Golden cases for the checklist parser, and the limits that keep it safe on hostile input.

Every `tests/golden/<case>.md` sits beside `<case>.yml`: the title, sections and item tree
that a person reading the page expects, and the findings the build should report. The
expectations were written and checked by hand against the Markdown; they say what the
author meant, not what the code happens to output.

`AUDITBOOK_REGEN_GOLDEN=1 pytest tests/test_checklist_golden.py` rewrites the `.yml` files
from the parser. Only do that on purpose, and read every changed line against its `.md`.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
import yaml

from auditbook.domain.errors import ChecklistError
from auditbook.inputs.checklist import MAX_DEPTH, parse_checklist
from auditbook.inputs.source import read_source
from conftest import REPO

if TYPE_CHECKING:
    from auditbook.domain.findings import Finding
    from auditbook.domain.model import Checklist, Item

ROOT = REPO
GOLDEN = Path(__file__).resolve().parent / "golden"
CASES = sorted(GOLDEN.glob("*.md"))
REGENERATE = os.environ.get("AUDITBOOK_REGEN_GOLDEN") == "1"
# The line an item is reported on is the line of its box, inside quotes or not, with or
# without a list marker (`[ ] I understand`), or the row of a table checklist.
_ITEM_LINE = re.compile(r"^(?:[ \t]*>)*[ \t]*(?:(?:[-*+]|\d{1,9}[.)])[ \t]+)?\[[ xX]\]|^[ \t]*\|")


def _item(item: Item) -> dict[str, Any]:
    optional: dict[str, Any] = {"groups": list(item.groups)} if item.groups else {}
    if item.stated is not None:
        stated = item.stated
        optional["stated"] = {"claim": stated.claim.value, "mark": stated.mark}
        optional["stated"] |= {"reason": stated.reason} if stated.reason else {}
    return {
        "id": item.id,
        "line": item.line,
        "checked": item.checked,
        "depth": item.depth,
        "text": item.text,
        **optional,
        "na_reason": item.na_reason,
        "controls": list(item.controls),
        "explicit_id": item.explicit_id,
        "children": [_item(child) for child in item.children],
    }


def _finding_key(finding: dict[str, Any]) -> tuple[int, str, str, str]:
    return (finding["line"] or 0, finding["level"], finding["code"], finding["message"])


def _structure(checklist: Checklist, findings: list[Finding]) -> dict[str, Any]:
    return {
        "title": checklist.title,
        "sections": [
            {
                "id": section.id,
                "title": section.title,
                "level": section.level,
                "line": section.line,
                "items": [_item(item) for item in section.items],
            }
            for section in checklist.sections
        ],
        "findings": sorted(
            (
                {"level": f.level.label, "code": f.code, "line": f.line, "message": f.message}
                for f in findings
            ),
            key=_finding_key,
        ),
    }


def _page_path(case: Path) -> str:
    return case.relative_to(ROOT).as_posix()


def _parse(case: Path) -> tuple[str, Checklist, list[Finding]]:
    path = _page_path(case)
    text, findings = read_source(case.read_bytes(), path)
    checklist, parse_findings = parse_checklist(path, text)
    return text, checklist, [*findings, *parse_findings]


def _dump(structure: dict[str, Any]) -> str:
    return yaml.safe_dump(structure, sort_keys=False, allow_unicode=True, width=1000)


@pytest.mark.parametrize("case", CASES, ids=[case.stem for case in CASES])
def test_golden(case: Path) -> None:
    _, checklist, findings = _parse(case)
    actual = _structure(checklist, findings)
    expected_file = case.with_suffix(".yml")
    if REGENERATE:
        expected_file.write_text(_dump(actual), encoding="utf-8")
    assert expected_file.exists(), f"no {expected_file.name}; write it (see this module's doc)"
    expected = yaml.safe_load(expected_file.read_text(encoding="utf-8"))
    expected["findings"] = sorted(expected["findings"], key=_finding_key)
    assert actual == expected


@pytest.mark.parametrize("case", CASES, ids=[case.stem for case in CASES])
def test_golden_invariants(case: Path) -> None:
    """What holds on every page, whatever its expectations say."""
    text, checklist, findings = _parse(case)
    lines = text.split("\n")
    assert checklist.slug == case.stem
    assert all(finding.path == _page_path(case) for finding in findings)
    ids = [item.id for item in checklist.all_items()]
    assert len(ids) == len(set(ids)), "a golden page must not repeat an item id"
    for section in checklist.sections:
        stack = [(item, 0) for item in section.items]
        while stack:
            item, depth = stack.pop()
            assert item.section_id == section.id
            assert item.depth == depth
            assert _ITEM_LINE.match(lines[item.line - 1]), (item.line, lines[item.line - 1])
            if not item.explicit_id:
                assert item.id.startswith(f"{checklist.slug}/{section.id}/")
            stack.extend((child, depth + 1) for child in item.children)


def test_every_expectation_has_its_page() -> None:
    pages = {case.stem for case in CASES}
    orphans = [yml.name for yml in GOLDEN.glob("*.yml") if yml.stem not in pages]
    assert not orphans


def test_seeds_are_the_content_checklists_byte_for_byte() -> None:
    for name in ("deployment", "readiness"):
        seed = (GOLDEN / f"seed-{name}.md").read_bytes()
        assert seed == (ROOT / "content" / "checklists" / f"{name}.md").read_bytes()


# Limits: nesting is bounded with a message a person can act on, and long lines are fine.

DEPTH_MESSAGE = f"lists nested deeper than {MAX_DEPTH} levels; flatten the list"


def _nested(levels: int, indent: int = 2) -> str:
    return "".join(" " * indent * level + f"- [ ] Level {level + 1}\n" for level in range(levels))


def _raises_depth(path: str, text: str) -> ChecklistError:
    with pytest.raises(ChecklistError) as raised:
        parse_checklist(path, text)
    return raised.value


def test_ten_thousand_levels_raise_a_checklist_error_not_a_recursion_error() -> None:
    text = "# Deep\n\n" + "- " * 10_000 + "[ ] The bottom\n"
    error = _raises_depth("content/deep.md", text)
    assert (error.path, error.line) == ("content/deep.md", 3)
    assert error.message == f"content/deep.md:3: {DEPTH_MESSAGE}"


def test_ten_thousand_indented_levels_are_refused_where_the_33rd_begins() -> None:
    """Indented the way editors indent (tabs and spaces): refused at once, at its line."""
    lines = [
        "\t" * (2 * level // 4) + " " * (2 * level % 4) + f"- [ ] level {level}\n"
        for level in range(10_000)
    ]
    error = _raises_depth("deep.md", "# Deep\n\n" + "".join(lines))
    assert error.message == f"deep.md:35: {DEPTH_MESSAGE}"


def test_deep_indentation_that_is_not_a_list_is_read_as_what_it_is() -> None:
    """Code indented 300 columns after a list is code, not nesting: nothing is refused."""
    code = "".join(" " * 300 + f"line {n}\n" for n in range(3))
    text = f"# Ops\n\n## S\n\n- [ ] First\n    - [ ] Nested\n\n{code}\n- [ ] After the code\n"
    checklist, findings = parse_checklist("ops.md", text)
    assert findings == []
    assert [item.text for item in checklist.all_items()] == ["First", "Nested", "After the code"]


def test_ten_thousand_levels_of_quotes_and_lists_raise_too() -> None:
    error = _raises_depth("deep.md", "> - " * 10_000 + "[ ] The bottom\n")
    assert error.message == f"deep.md:1: {DEPTH_MESSAGE}"


def test_thirty_two_levels_are_allowed() -> None:
    checklist, findings = parse_checklist("deep.md", "## Deep\n" + _nested(MAX_DEPTH))
    items = checklist.all_items()
    assert [item.depth for item in items] == list(range(MAX_DEPTH))
    assert items[-1].text == f"Level {MAX_DEPTH}"
    assert findings == []


@pytest.mark.parametrize("indent", [2, 4])
def test_the_thirty_third_level_is_reported_on_its_line(indent: int) -> None:
    error = _raises_depth("deep.md", "## Deep\n" + _nested(200, indent))
    assert error.message == f"deep.md:{MAX_DEPTH + 2}: {DEPTH_MESSAGE}"


def test_plain_bullets_count_towards_the_depth() -> None:
    text = "".join("  " * level + "- plain\n" for level in range(MAX_DEPTH))
    text += "  " * MAX_DEPTH + "- [ ] Task below 32 plain levels\n"
    assert _raises_depth("deep.md", text).line == MAX_DEPTH + 1


def test_a_ten_megabyte_line_parses() -> None:
    chunk = "Check `config.yml` and [the runbook](runbooks/a.md) *twice*, café. "
    body = chunk * (10_000_000 // len(chunk))
    raw = f"# Long\n\n- [ ] {body}{{#long-line}}\n- [x] After the long line\n".encode()
    text, findings = read_source(raw, "long.md")
    checklist, parse_findings = parse_checklist("long.md", text)
    first, second = checklist.all_items()
    assert len(raw) > 10_000_000
    assert (first.id, first.line, first.text) == ("long-line", 3, body.strip())
    assert (second.line, second.checked) == (4, True)
    assert findings == parse_findings == []


def test_a_ten_megabyte_line_of_unclosed_markup_parses() -> None:
    """Runs that once made a regular expression quadratic: spaces, brackets, braces, comments."""
    runs = (" ", "{", "[", "[a](", "<!--", "{#a ")
    noise = "".join(run * (1_700_000 // len(run)) for run in runs)
    checklist, findings = parse_checklist("long.md", f"# Long\n\n- [ ] x {noise}y\n")
    (item,) = checklist.all_items()
    assert item.text == f"x {noise}y"
    assert item.id == "long/long/x" + "-a" * 23  # cut at 48 characters
    assert findings == []

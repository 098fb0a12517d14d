"""`check --format junit`: a test case per checklist item and evidence file, passing ones
too, each with its file and line, in the JUnit XML that CI test reporters read.

No JUnit schema is published by JUnit itself (the ones around are other projects' files):
the report is held to the structure those reporters read, strictly, element by element.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from test_cli import CHECKLIST, CLEAN, MIXED, MIXED_LINES, Factory, invoke, sidecar

SUITES = ["checklist items", "evidence files", "other findings"]
ATTRIBUTES = {
    "testsuites": ({"name", "tests", "failures", "errors"}, set()),
    "testsuite": ({"name", "tests", "failures", "errors", "skipped"}, set()),
    "testcase": ({"classname", "name"}, {"file", "line"}),
    "failure": ({"type", "message"}, set()),
    "skipped": ({"message"}, set()),
    "system-out": (set(), set()),
}
CHILDREN = {
    "testsuites": {"testsuite"},
    "testsuite": {"testcase"},
    "testcase": {"skipped", "failure", "system-out"},
    "failure": set(),
    "skipped": set(),
    "system-out": set(),
}


def _valid(text: str, project: Path) -> ET.Element:
    """The report, held to the structure element by element; its counts add up."""
    root = ET.fromstring(text.encode("utf-8"))
    assert root.tag == "testsuites"
    for element in root.iter():
        required, optional = ATTRIBUTES[element.tag]
        assert required <= set(element.attrib) <= required | optional, element.attrib
        assert {child.tag for child in element} <= CHILDREN[element.tag], element.tag
    for case in root.iter("testcase"):
        assert len(case.findall("failure")) <= 1 and len(case.findall("skipped")) <= 1
        if "line" in case.attrib:
            assert int(case.get("line", "")) >= 1 and "file" in case.attrib
        if "file" in case.attrib:
            assert (project / case.get("file", "")).is_file(), case.attrib
    suites = root.findall("testsuite")
    for element in [root, *suites]:
        cases = list(element.iter("testcase"))
        assert element.get("tests") == str(len(cases))
        assert element.get("failures") == str(sum(c.find("failure") is not None for c in cases))
        assert element.get("errors") == "0"
    for suite in suites:
        skipped = sum(c.find("skipped") is not None for c in suite.iter("testcase"))
        assert suite.get("skipped") == str(skipped)
    assert [suite.get("name") for suite in suites] == SUITES
    return root


def _cases(root: ET.Element, suite: str) -> list[ET.Element]:
    (found,) = [s for s in root.findall("testsuite") if s.get("name") == suite]
    return found.findall("testcase")


def test_every_item_and_evidence_file_is_a_case_failing_on_its_findings(
    project_factory: Factory,
) -> None:
    project = project_factory(MIXED)
    result = invoke(project, "check", "--format", "junit")
    assert result.exit_code == 1
    root = _valid(result.stdout, project)
    assert root.get("failures") == "2"
    items = _cases(root, "checklist items")
    assert [(c.get("name"), c.get("file"), c.get("line")) for c in items] == [
        ("restore", "content/checklists/ops.md", "5"),
        ("logs", "content/checklists/ops.md", "6"),
    ]
    assert [c.findtext("system-out") for c in items] == [
        "failing: Restore tested",
        "expired: Logs kept",
    ]
    empty, old = _cases(root, "evidence files")
    assert (empty.get("classname"), empty.get("name")) == ("evidence", "evidence/empty.txt")
    failure = empty.find("failure")
    assert failure is not None and failure.get("type") == "error"
    assert failure.get("message") == "evidence file is empty (0 bytes)"
    assert failure.text == "\n".join(MIXED_LINES[:2])  # both findings about the file
    expired = old.find("failure")
    assert expired is not None and expired.text == MIXED_LINES[2]
    (note,) = _cases(root, "other findings")  # about the page, not one item
    assert note.find("failure") is None and note.findtext("system-out") == MIXED_LINES[3]


def test_fail_on_error_turns_warnings_into_passes_that_say_why(project_factory: Factory) -> None:
    project = project_factory(MIXED)
    result = invoke(project, "check", "--format", "junit", "--fail-on", "error")
    assert result.exit_code == 1
    root = _valid(result.stdout, project)
    assert root.get("failures") == "1"
    _, old = _cases(root, "evidence files")
    assert old.find("failure") is None
    assert old.findtext("system-out") == "expired: evidence/old.txt\n" + MIXED_LINES[2]


def test_a_clean_project_passes_every_case_and_skips_what_does_not_apply(
    project_factory: Factory,
) -> None:
    checklist = CHECKLIST + '- [ ] Paper records {#paper na="no paper records (fictional)"}\n'
    project = project_factory({**CLEAN, "content/checklists/ops.md": checklist})
    result = invoke(project, "check", "--format", "junit")
    assert result.exit_code == 0
    root = _valid(result.stdout, project)
    assert (root.get("tests"), root.get("failures")) == ("4", "0")
    items = _cases(root, "checklist items")
    assert [c.findtext("system-out") for c in items] == [
        "met: Restore tested",
        "open: Logs kept",
        "not applicable: Paper records",
    ]
    skipped = items[2].find("skipped")
    assert skipped is not None and skipped.get("message") == "no paper records (fictional)"
    assert _cases(root, "other findings") == []


def test_what_evidence_says_is_escaped(project_factory: Factory) -> None:
    files = {**CLEAN, "evidence/x.txt": "x\n", "evidence/x.txt.meta.yml": sidecar("'a<b>&\"c'")}
    project = project_factory(files)
    result = invoke(project, "check", "--format", "junit")
    root = _valid(result.stdout, project)  # parses: the markup in the id is escaped
    (case,) = [c for c in _cases(root, "evidence files") if c.get("name") == "evidence/x.txt"]
    failure = case.find("failure")
    assert failure is not None
    assert failure.get("message") == "unknown item id 'a<b>&\"c'"

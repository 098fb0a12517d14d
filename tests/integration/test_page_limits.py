"""Limits that answer at once: a page too large is refused before it is read or parsed, and
a list nested thousands deep before it is parsed, each with a message naming the file."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from auditbook.domain.errors import ChecklistError
from auditbook.inputs.checklist import MAX_DEPTH, parse_checklist
from auditbook.inputs.pages import MAX_PAGE_BYTES
from conftest import run_cli, write_project

if TYPE_CHECKING:
    from pathlib import Path

FILES: dict[str, str | bytes] = {
    "content/checklists/ops.md": "# Ops\n\n## Backups\n\n- [ ] Restore tested\n",
    "evidence/README.md": "No evidence yet (fictional project).\n",
}


def test_a_gigabyte_page_is_refused_by_its_size_without_being_read(tmp_path: Path) -> None:
    project = write_project(tmp_path / "p", FILES)
    huge = project / "content/checklists/huge.md"
    with huge.open("wb") as page:  # sparse: reading it would take seconds, stat does not
        page.write(b"# Huge\n\n- [ ] one\n")
        page.truncate(1024**3)
    started = time.monotonic()
    result = run_cli(project, "check")
    elapsed = time.monotonic() - started
    assert elapsed < 20, elapsed
    assert (
        f"content/checklists/huge.md: warning: {1024**3:,} bytes, more than the "
        f"{MAX_PAGE_BYTES:,} a page may have; left out of the site [page-unreadable]"
    ) in result.output.splitlines()
    report = run_cli(project, "build")
    assert report.exit_code == 0
    assert not (project / "site/checklists/huge").exists()
    assert (project / "site/checklists/ops/index.html").is_file()  # the others as usual


def test_ten_thousand_levels_are_refused_in_well_under_a_second_each_way() -> None:
    spaces = "".join("  " * level + f"- [ ] level {level}\n" for level in range(10_000))
    markers = "# Deep\n\n" + "- " * 10_000 + "[ ] The bottom\n"
    for text, line in ((spaces, MAX_DEPTH + 1), (markers, 3)):
        started = time.monotonic()
        try:
            parse_checklist("deep.md", text)
        except ChecklistError as error:
            assert (error.path, error.line) == ("deep.md", line)
        else:
            raise AssertionError("not refused")
        assert time.monotonic() - started < 2.0

"""An evidence page names the items it covers as readers see them, not as Markdown source."""

from __future__ import annotations

from pathlib import Path

from conftest import run_cli, write_project

ITEM_ID = "c/sign-off/tech-lead-code-quality"


def test_covered_items_are_shown_as_plain_text(tmp_path: Path) -> None:
    root = write_project(
        tmp_path / "p",
        {
            "content/checklists/c.md": "# C\n\n## Sign-off\n\n- [ ] **Tech Lead**: code quality\n",
            "evidence/tech-lead.txt": "Approved (fictional).\n",
            "evidence/tech-lead.txt.meta.yml": (
                "title: Tech lead approval\nkind: other\ncollected: 2026-11-01\n"
                f"collected_by: A. Person (fictional)\nvalid_for: 1y\ncovers: [{ITEM_ID}]\n"
            ),
        },
    )
    result = run_cli(root, "build")
    assert result.exit_code == 0, result.output
    page = (root / "site/evidence/tech-lead.txt/index.html").read_text("utf-8")
    covers = page[page.index('class="ab-covers"') :]
    covers = covers[: covers.index("</ul>")]
    assert ">Tech Lead: code quality</a>" in covers
    assert "\\*" not in covers and "**" not in covers

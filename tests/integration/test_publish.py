"""Raw evidence is published only when its sidecar asks and the file cannot run on the site."""

from __future__ import annotations

from pathlib import Path

from conftest import run_cli, write_project

SIDECAR = """\
title: {title}
kind: other
collected: 2026-11-01
collected_by: Test Author (fictional)
valid_for: 365d
publish: {publish}
fictional: true
"""

FILES: dict[str, str | bytes] = {
    "content/checklists/c.md": "# C\n\n## S\n\n- [ ] An item\n",
    "evidence/notes.txt": "fictional plain text\n",
    "evidence/notes.txt.meta.yml": SIDECAR.format(title="Notes", publish="true"),
    "evidence/page.html": "<script>alert(1)</script>\n",
    "evidence/page.html.meta.yml": SIDECAR.format(title="Page", publish="true"),
    "evidence/drawing.svg": '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>\n',
    "evidence/drawing.svg.meta.yml": SIDECAR.format(title="Drawing", publish="true"),
    "evidence/private.txt": "fictional, not for the site\n",
    "evidence/private.txt.meta.yml": SIDECAR.format(title="Private", publish="false"),
}


def test_only_inert_files_that_ask_are_published(tmp_path: Path) -> None:
    root = write_project(tmp_path / "p", FILES)
    result = run_cli(root, "build")
    assert result.exit_code == 0, result.output
    published = sorted(p.name for p in (root / "site" / "evidence-files").rglob("*"))
    assert published == ["notes.txt"]
    page = (root / "site" / "evidence" / "page.html" / "index.html").read_text("utf-8")
    assert "raw file not published" in page


def test_refusing_active_content_is_a_warning_naming_the_sidecar(tmp_path: Path) -> None:
    root = write_project(tmp_path / "p", FILES)
    result = run_cli(root, "check", "--format", "text")
    refused = [line for line in result.output.splitlines() if "evidence-publish-refused" in line]
    assert refused == [
        "evidence/drawing.svg.meta.yml: warning: not published although 'publish: true': "
        "a browser would run this file on the site [evidence-publish-refused]",
        "evidence/page.html.meta.yml: warning: not published although 'publish: true': "
        "a browser would run this file on the site [evidence-publish-refused]",
    ]
    assert result.exit_code == 1

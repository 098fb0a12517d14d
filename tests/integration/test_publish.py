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
    "evidence/page.shtml": "<script>alert(1)</script>\n",
    "evidence/page.shtml.meta.yml": SIDECAR.format(title="Server page", publish="true"),
    "evidence/page.xht": '<html xmlns="http://www.w3.org/1999/xhtml"><script>alert(1)</script></html>',
    "evidence/page.xht.meta.yml": SIDECAR.format(title="XHTML page", publish="true"),
    "evidence/archive.mhtml": "MIME-Version: 1.0\n\n<script>alert(1)</script>\n",
    "evidence/archive.mhtml.meta.yml": SIDECAR.format(title="Web archive", publish="true"),
    "evidence/README": "<script>alert(1)</script>\n",
    "evidence/README.meta.yml": SIDECAR.format(title="No extension", publish="true"),
    "evidence/export.csv": "when,who\n2026-11-01,fictional\n",
    "evidence/export.csv.meta.yml": SIDECAR.format(title="Export", publish="true"),
    "evidence/private.txt": "fictional, not for the site\n",
    "evidence/private.txt.meta.yml": SIDECAR.format(title="Private", publish="false"),
}


def test_only_inert_files_that_ask_are_published(tmp_path: Path) -> None:
    root = write_project(tmp_path / "p", FILES)
    result = run_cli(root, "build")
    assert result.exit_code == 0, result.output
    published = sorted(p.name for p in (root / "site" / "evidence-files").rglob("*"))
    assert published == ["export.csv", "notes.txt"]
    page = (root / "site" / "evidence" / "page.html" / "index.html").read_text("utf-8")
    assert "raw file not published" in page


def test_refusing_active_content_is_a_warning_naming_the_sidecar(tmp_path: Path) -> None:
    root = write_project(tmp_path / "p", FILES)
    result = run_cli(root, "check", "--format", "text")
    refused = [line for line in result.output.splitlines() if "evidence-publish-refused" in line]
    refused_files = [
        "README",
        "archive.mhtml",
        "drawing.svg",
        "page.html",
        "page.shtml",
        "page.xht",
    ]
    assert [line.split(".meta.yml:")[0] for line in refused] == [
        f"evidence/{name}" for name in refused_files
    ]
    assert "only inert file types are served raw" in refused[0]
    assert result.exit_code == 1

"""Bad input: one clear line with file and line, the right exit code, no half-written site.

Each case is a small project: a clean baseline plus the one bad file. `auditbook check`
must name the file and line with the exact message; `auditbook build --strict` must fail
and leave the previous site as it was, with no temporary folder beside it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from conftest import run_cli, write_project

BASELINE: dict[str, str | bytes] = {
    "content/checklists/a.md": "# A\n\n## S\n\n- [ ] One {#one}\n- [ ] Two {#two}\n",
    "evidence/ok.txt": "FICTIONAL sample evidence.\n",
    "evidence/ok.txt.meta.yml": (
        "title: OK\nkind: other\ncovers:\n  - one\n"
        "collected: 2026-11-01\ncollected_by: Ops (fictional)\nvalid_for: 90d\n"
    ),
}
SIDECAR = "title: T\nkind: other\ncollected: 2026-11-01\ncollected_by: me\ncovers:\n  - one\n"

# A PDF cut off in the middle of its third object: no xref table, no trailer, no %%EOF.
TRUNCATED_PDF = (
    b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
    b"2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n3 0 obj\n<< /Type /Page /Par"
)
SUMMARY_CLEAN = "0 errors, 0 warnings, 0 notes: gate passed (fails on warning and above)"


@dataclass(frozen=True)
class Case:
    """A bad file, what `auditbook check` says about it, and whether a strict build fails."""

    files: dict[str, str | bytes]
    exit_code: int
    lines: tuple[str, ...]
    strict_build_fails: bool = True
    extra: dict[str, str] = field(default_factory=dict)


CASES = {
    "malformed-yaml": Case(
        {"evidence/x.txt": "x\n", "evidence/x.txt.meta.yml": "title: Restore: quarterly\n"},
        1,
        (
            "evidence/x.txt.meta.yml:1: error: malformed YAML: "
            "mapping values are not allowed here [sidecar-yaml]",
        ),
    ),
    "sidecar-unknown-key": Case(
        {"evidence/x.txt": "x\n", "evidence/x.txt.meta.yml": SIDECAR + "colected_by: x\n"},
        1,
        (
            "evidence/x.txt.meta.yml:7: error: unknown key 'colected_by' "
            "(did you mean 'collected_by'?) [sidecar-unknown-key]",
        ),
    ),
    "unparseable-date": Case(
        {
            "evidence/x.txt": "x\n",
            "evidence/x.txt.meta.yml": SIDECAR.replace("2026-11-01", "2026-13-45"),
        },
        1,
        (
            "evidence/x.txt.meta.yml:3: error: 'collected' is not a valid date: "
            "'2026-13-45' (expected YYYY-MM-DD) [sidecar-bad-date]",
        ),
    ),
    "latin-1-checklist": Case(
        {
            "content/checklists/b.md": "# B\n\n## Caf\xe9\n\n- [ ] R\xe9sum\xe9 {#r}\n".encode(
                "latin-1"
            )
        },
        1,
        (
            "content/checklists/b.md:3: warning: not valid UTF-8 (byte 0xe9); "
            "read as Windows-1252, save it as UTF-8 [source-encoding]",
        ),
    ),
    "checklist-with-bom": Case(
        {"content/checklists/b.md": b"\xef\xbb\xbf# B\n\n- [ ] Bommed {#b}\n"},
        0,
        (),
        strict_build_fails=False,
    ),
    "empty-evidence-file": Case(
        {"evidence/x.txt": b"", "evidence/x.txt.meta.yml": SIDECAR},
        1,
        (
            "evidence/x.txt: error: evidence file is empty (0 bytes) [evidence-empty]",
            "evidence/x.txt: error: evidence shows a failure (see its findings) [evidence-failing]",
        ),
    ),
    "truncated-pdf-baa": Case(
        {
            "evidence/baa.pdf": TRUNCATED_PDF,
            "evidence/baa.pdf.meta.yml": SIDECAR.replace("kind: other", "kind: baa"),
        },
        1,
        (
            "evidence/baa.pdf: error: evidence shows a failure (see its findings) "
            "[evidence-failing]",
        ),
        extra={"starts": "evidence/baa.pdf: error: cannot read PDF: ", "code": "[baa-unreadable]"},
    ),
    "csv-missing-column": Case(
        {
            "evidence/api.csv": (
                "userId,action,resource,oldValues,newValues,ipAddress,time\n"
                "u-1,VIEW,Patient/1,,,192.0.2.1,2026-11-01T08:00:00Z\n"
            ),
            "evidence/api.csv.meta.yml": SIDECAR.replace("kind: other", "kind: audit-log"),
        },
        1,
        (
            "evidence/api.csv:1: error: missing required field(s): client (user agent) "
            "[audit-log-missing-field]",
            "evidence/api.csv: error: evidence shows a failure (see its findings) "
            "[evidence-failing]",
        ),
    ),
    "checklist-without-items": Case(
        {"content/checklists/b.md": "# B\n\nOnly prose, no task items.\n\n- a plain list item\n"},
        1,
        (
            "content/checklists/b.md:1: warning: checklist has no items; "
            "write them as '- [ ] text' or '1. [ ] text' [checklist-empty]",
        ),
    ),
    "unknown-item-in-covers": Case(
        {"evidence/x.txt": "x\n", "evidence/x.txt.meta.yml": SIDECAR.replace("- one", "- onee")},
        1,
        (
            "evidence/x.txt.meta.yml:6: error: unknown item id 'onee' "
            "(did you mean 'one'?) [evidence-unknown-item]",
        ),
    ),
    "duplicate-explicit-id": Case(
        {"content/checklists/b.md": "# B\n\n- [ ] One again {#one}\n"},
        1,
        (
            "content/checklists/b.md:3: error: duplicate item id 'one' "
            "(first at content/checklists/a.md:5); rename one of them [item-duplicate-id]",
        ),
    ),
}

# --- issue 13: hostile input that used to pass silently ---------------------------------------

OTHER_SIDECAR = SIDECAR.replace("- one", "- two")
BOMB = "".join(f"a{n}: &a{n} [{', '.join([f'*a{n - 1}' if n else 'x'] * 10)}]\n" for n in range(9))
UNKNOWN_IDS = "".join(f"  - unknown-{n}\n" for n in range(1_000))
MORE_UNKNOWN = "evidence/x.txt.meta.yml: error: 980 more of this kind in this file are not listed"


def _unknown_id_lines(count: int) -> tuple[str, ...]:
    return tuple(
        f"evidence/x.txt.meta.yml:{6 + n}: error: unknown item id 'unknown-{n}' "
        "[evidence-unknown-item]"
        for n in range(count)
    )


CASES |= {
    "front-matter-never-closed": Case(
        {"content/checklists/b.md": "---\ntitle: B\n\n# B\n\n- [ ] Item {#b}\n"},
        1,
        (
            "content/checklists/b.md:1: warning: front matter opened here is never closed with "
            "a '---' line: the page shows it as text [page-front-matter]",
        ),
    ),
    "front-matter-invalid-yaml": Case(
        {"content/checklists/b.md": "---\ntitle: Backups: weekly\n---\n\n# B\n\n- [ ] I {#b}\n"},
        1,
        (
            "content/checklists/b.md:2: error: front matter is malformed YAML: mapping values "
            "are not allowed here; it is left out of the page [page-front-matter]",
        ),
    ),
    "front-matter-a-list": Case(
        {"content/runbooks/r.md": "---\n- title\n- R\n---\n\n# R\n"},
        1,
        (
            "content/runbooks/r.md:2: error: front matter must be a mapping of keys (title: ...), "
            "got a list; it is left out of the page [page-front-matter]",
        ),
    ),
    "front-matter-alias-bomb": Case(
        {"content/runbooks/r.md": "---\n" + BOMB + "---\n\n# R\n"},
        1,
        (
            "content/runbooks/r.md:2: error: front matter aliases expand to more than 100,000 "
            "values; write the values out or remove the aliases; it is left out of the page "
            "[page-front-matter]",
        ),
    ),
    "front-matter-good": Case(
        {"content/checklists/b.md": "---\ntitle: Bee\n---\n\n# B\n\n- [ ] Item {#b}\n"},
        0,
        (),
        strict_build_fails=False,
    ),
    "sidecar-of-megabytes": Case(
        {
            "evidence/x.txt": "x\n",
            "evidence/x.txt.meta.yml": SIDECAR + "description: " + "y" * 1_500_000,
        },
        1,
        (
            "evidence/x.txt.meta.yml:1: error: sidecar is 1,500,089 bytes, more than the "
            "1,048,576 allowed [sidecar-size]",
        ),
    ),
    "sidecar-a-thousand-unknown-ids": Case(
        {
            "evidence/x.txt": "x\n",
            "evidence/x.txt.meta.yml": SIDECAR.replace("  - one\n", UNKNOWN_IDS),
        },
        1,
        _unknown_id_lines(20),
        extra={"starts": MORE_UNKNOWN, "code": "(only 20 are) [evidence-unknown-item]"},
    ),
    "sidecar-thousands-of-covers": Case(
        {"evidence/x.txt": "x\n", "evidence/x.txt.meta.yml": SIDECAR + "  - one\n" * 2_500},
        1,
        (
            "evidence/x.txt.meta.yml:6: error: 'covers' lists 2,501 entries, more than the 1,000 "
            "a sidecar may list: only the first 1,000 are read [sidecar-too-many]",
        ),
    ),
    "checklist-terminal-escapes": Case(
        {"content/checklists/b.md": "# B\n\n- [ ] Red \x1b[31malert\x1b[0m {#b}\n"},
        1,
        (
            "content/checklists/b.md:3: warning: 2 control characters removed (the first, \\x1b, "
            "on line 3) [source-control]",
        ),
    ),
    "checklist-nul-bytes": Case(
        {"content/checklists/b.md": "# B\n\n- [ ] One {#b}\n- [ ] T\x00wo\x00 {#c}\n"},
        1,
        ("content/checklists/b.md:4: warning: 2 NUL bytes removed (from line 4 on) [source-nul]",),
    ),
    "sidecar-nul-byte": Case(
        {"evidence/x.txt": "x\n", "evidence/x.txt.meta.yml": SIDECAR.replace("me\n", "m\x00e\n")},
        1,
        (
            "evidence/x.txt.meta.yml:4: error: malformed YAML: control character \\x00 is not "
            "allowed; remove it [sidecar-yaml]",
        ),
    ),
    "sidecar-terminal-escape": Case(
        {"evidence/x.txt": "x\n", "evidence/x.txt.meta.yml": SIDECAR.replace("T\n", "T\x1b[2J\n")},
        1,
        (
            "evidence/x.txt.meta.yml:1: error: malformed YAML: control character \\x1b is not "
            "allowed; remove it [sidecar-yaml]",
        ),
    ),
    "csv-with-nul-and-escapes": Case(
        {
            "evidence/x.csv": "who,what\nann,read\nbob,wr\x00ite\x1b[0m\ncy,\x00\n",
            "evidence/x.csv.meta.yml": OTHER_SIDECAR,
        },
        1,
        (
            "evidence/x.csv:3: warning: 2 NUL bytes (the first on line 3): the file is damaged "
            "or not text; export it again [evidence-nul]",
            "evidence/x.csv:3: warning: 1 control character (the first, \\x1b, on line 3): not "
            "text a CSV export holds; export it again [evidence-control]",
        ),
    ),
    "log-padded-with-nul": Case(
        {
            "evidence/x.log": "restore ok\n" + "\x00" * 4096,
            "evidence/x.log.meta.yml": OTHER_SIDECAR,
        },
        1,
        (
            "evidence/x.log:2: warning: 4,096 NUL bytes (the first on line 2): the file is "
            "damaged or not text; export it again [evidence-nul]",
        ),
    ),
    "utf-16-log-is-not-damaged": Case(
        {
            "evidence/x.log": "\ufeffrestore ok\n".encode("utf-16-le"),
            "evidence/x.log.meta.yml": OTHER_SIDECAR,
        },
        0,
        (),
        strict_build_fails=False,
    ),
    "evidence-name-with-a-newline": Case(
        {"evidence/a\nb.txt": "x\n", "evidence/a\nb.txt.meta.yml": OTHER_SIDECAR},
        1,
        (
            "evidence/a\\nb.txt: error: name holds a control character (\\n): it cannot be shown "
            "or linked safely; refused, rename it [evidence-name]",
        ),
    ),
    "evidence-name-with-an-escape": Case(
        {"evidence/\x1b[2Jx.txt": "x\n"},
        1,
        (
            "evidence/\\x1b[2Jx.txt: error: name holds a control character (\\x1b): it cannot "
            "be shown or linked safely; refused, rename it [evidence-name]",
        ),
    ),
    "page-name-with-a-newline": Case(
        {"content/runbooks/a\nb.md": "# R\n"},
        1,
        (
            "content/runbooks/a\\nb.md: warning: name holds a control character (\\n): it "
            "cannot be linked safely; left out of the site [page-unreadable]",
        ),
    ),
    "collected-in-2099": Case(
        {"evidence/x.txt": "x\n", "evidence/x.txt.meta.yml": OTHER_SIDECAR.replace("2026", "2099")},
        1,
        (
            "evidence/x.txt.meta.yml: warning: collected on 2099-11-01, after the assessment date "
            "2026-11-21: it cannot show how things stood that day (a typo in 'collected', or an "
            "--as-of too early?) [evidence-collected-later]",
        ),
    ),
    "sign-off-from-the-future": Case(
        {
            "evidence/s.yml": (
                "name: Ann Example (fictional)\nrole: CTO\ndate: 2099-01-01\n"
                "decision: approved\nversion: '1.0'\n"
            ),
            "evidence/s.yml.meta.yml": OTHER_SIDECAR.replace("kind: other", "kind: sign-off"),
        },
        1,
        (
            "evidence/s.yml:3: warning: signed on 2099-01-01, after the file was collected "
            "(2026-11-01): a date in the future, or a wrong 'collected' in its sidecar "
            "[signoff-date]",
        ),
    ),
}


def _project(root: Path, files: dict[str, str | bytes]) -> Path:
    return write_project(root, {**BASELINE, **files})


def _previous_site(root: Path) -> dict[str, bytes]:
    """A stand-in for the site an earlier build left, to prove a failed build keeps it."""
    site = root / "site"
    (site / "old").mkdir(parents=True)
    (site / "index.html").write_bytes(b"<p>the previous site</p>\n")
    (site / "old" / "page.html").write_bytes(b"<p>an older page</p>\n")
    return _files(site)


def _files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def _leftovers(root: Path) -> list[str]:
    return sorted(p.name for p in root.iterdir() if p.name.startswith(".site"))


def test_the_baseline_is_clean(tmp_path: Path) -> None:
    root = _project(tmp_path / "p", {})
    result = run_cli(root, "check")
    assert (result.exit_code, result.output) == (0, SUMMARY_CLEAN + "\n")


@pytest.mark.parametrize("name", sorted(CASES))
def test_check_names_file_and_line(tmp_path: Path, name: str) -> None:
    case = CASES[name]
    root = _project(tmp_path / "p", case.files)
    result = run_cli(root, "check")
    assert result.exit_code == case.exit_code, result.output
    assert "Traceback" not in result.output and "internal error" not in result.output
    lines = result.output.splitlines()
    for expected in case.lines:
        assert expected in lines
    if case.extra:
        matching = [line for line in lines if line.startswith(case.extra["starts"])]
        assert len(matching) == 1 and matching[0].endswith(case.extra["code"]), lines
    findings = lines[:-1]
    assert len(findings) == len(case.lines) + bool(case.extra), lines
    if not case.lines:
        assert lines == [SUMMARY_CLEAN]


@pytest.mark.parametrize("name", sorted(CASES))
def test_strict_build_keeps_the_previous_site(tmp_path: Path, name: str) -> None:
    case = CASES[name]
    root = _project(tmp_path / "p", case.files)
    before = _previous_site(root)
    result = run_cli(root, "build", "--strict")
    assert "Traceback" not in result.output
    assert _leftovers(root) == []
    if case.strict_build_fails:  # 1 for the gate (a finding), like mkdocs; 2 for bad input
        assert result.exit_code == (1 if "in strict mode!" in result.output else 2), result.output
        assert result.output.startswith("error: build failed")
        assert _files(root / "site") == before
    else:
        assert result.exit_code == 0, result.output
        after = _files(root / "site")
        assert "old/page.html" not in after  # replaced whole, not merged
        assert {"index.html", "report.json", "manifest.json"} <= set(after)


def _build(root: Path) -> dict[str, object]:
    result = run_cli(root, "build")
    assert result.exit_code == 0, result.output
    report: dict[str, object] = json.loads((root / "site" / "report.json").read_text("utf-8"))
    return report


def _item_texts(report: dict[str, object]) -> dict[str, str]:
    items = report["items"]
    assert isinstance(items, list)
    return {item["id"]: item["text"] for item in items}


def test_latin_1_checklist_is_read_correctly(tmp_path: Path) -> None:
    root = _project(tmp_path / "p", CASES["latin-1-checklist"].files)
    report = _build(root)
    assert _item_texts(report)["r"] == "Résumé"
    page = (root / "site" / "checklists" / "b" / "index.html").read_text("utf-8")
    assert "Café</h2>" in page and "Résumé" in page


def test_bom_is_dropped_before_parsing(tmp_path: Path) -> None:
    root = _project(tmp_path / "p", CASES["checklist-with-bom"].files)
    report = _build(root)
    assert _item_texts(report)["b"] == "Bommed"
    page = (root / "site" / "checklists" / "b" / "index.html").read_text("utf-8")
    assert '<h1 id="b">B</h1>' in page
    assert "\ufeff" not in page


def test_symlink_out_of_evidence_is_refused_and_never_published(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("NOT EVIDENCE: a file outside the project\n", "utf-8")
    sidecar = SIDECAR + "publish: true\n"
    root = _project(tmp_path / "p", {"evidence/leak.txt.meta.yml": sidecar})
    (root / "evidence" / "leak.txt").symlink_to(secret)
    result = run_cli(root, "check")
    assert result.exit_code == 1
    assert result.output.splitlines()[:-1] == [
        f"evidence/leak.txt: error: symlink points outside evidence/ (to {secret}); "
        "refused [evidence-symlink-outside]"
    ]
    before = _previous_site(root)
    assert run_cli(root, "build", "--strict").exit_code == 1  # the gate, like mkdocs --strict
    assert _files(root / "site") == before
    # even when the build goes ahead, the file outside never reaches the site
    _build(root)
    for content in _files(root / "site").values():
        assert b"NOT EVIDENCE" not in content


# --- very large inputs: built once per module, they are slow to make ---------------------------


def _tab_nested(levels: int) -> str:
    """A list nested `levels` deep; a tab stands for four columns, so the file stays ~25 MB."""
    lines = []
    for level in range(levels):
        column = 2 * level
        lines.append("\t" * (column // 4) + " " * (column % 4) + f"- [ ] level {level}\n")
    return "# Deep\n\n" + "".join(lines)


@pytest.fixture(scope="module")
def deep(tmp_path_factory: pytest.TempPathFactory) -> Path:
    files = {"content/checklists/deep.md": _tab_nested(10_000)}
    return _project(tmp_path_factory.mktemp("deep") / "p", files)


def test_ten_thousand_levels_of_nesting_is_one_clear_error(deep: Path) -> None:
    result = run_cli(deep, "check")
    assert result.exit_code == 2
    assert result.output == (
        "error: content/checklists/deep.md:35: lists nested deeper than 32 levels; "
        "flatten the list\n"
    )


def test_ten_thousand_levels_of_nesting_builds_nothing(
    deep: Path, caplog: pytest.LogCaptureFixture
) -> None:
    result = run_cli(deep, "build")
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert "content/checklists/deep.md:35: lists nested deeper than 32 levels" in caplog.text
    assert not (deep / "site").exists()
    assert _leftovers(deep) == []


@pytest.fixture(scope="module")
def long_line(tmp_path_factory: pytest.TempPathFactory) -> Path:
    text = "# Long\n\n- [ ] Short item {#short}\n\n" + "x" * (10 * 1024 * 1024) + "\n"
    return _project(tmp_path_factory.mktemp("long") / "p", {"content/checklists/long.md": text})


def test_a_ten_megabyte_line_is_just_a_paragraph(long_line: Path) -> None:
    result = run_cli(long_line, "check")
    assert (result.exit_code, result.output) == (0, SUMMARY_CLEAN + "\n")
    report = _build(long_line)
    assert "short" in _item_texts(report)
    page = (long_line / "site" / "checklists" / "long" / "index.html").read_text("utf-8")
    assert "x" * (10 * 1024 * 1024) in page
    assert 'id="item-short"' in page

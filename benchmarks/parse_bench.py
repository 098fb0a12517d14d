"""Checklist parsing: 100,000 invented items in four scripts, against markdown-it-py alone.

The reference is markdown-it-py's plain CommonMark parse of the same pages; the ratio is
the cost of auditbook's own work (ids, sections, comments, limits) on top of it. Both run
in this process, interleaved, and CPU time is measured.
"""

from __future__ import annotations

import time

from markdown_it import MarkdownIt

from auditbook.inputs.checklist import parse_checklist
from benchmarks.report import Row, Section, median

# Invented task texts per script; the same words repeat, as real lists do.
SCRIPTS = {
    "latin": ("Review the backup", "Rotate the API keys", "Document the on-call rota"),
    "chinese": ("检查备份恢复", "轮换接口密钥", "记录值班安排"),
    "persian": ("بررسی پشتیبان‌گیری", "چرخش کلیدهای دسترسی", "ثبت برنامه کشیک"),
    "vietnamese": ("Kiểm tra sao lưu", "Đổi khóa truy cập", "Ghi lại lịch trực"),
}
PER_PAGE = 500


def pages(total: int) -> list[tuple[str, str]]:
    """(path, text) pages holding `total` items: sections, bold groups, nested tasks."""
    found = []
    names = list(SCRIPTS)
    for number in range(total // PER_PAGE):
        script = names[number % len(names)]
        words = SCRIPTS[script]
        lines = [f"# {script} {number}", ""]
        for item in range(PER_PAGE):
            if item % 50 == 0:
                lines += ["", f"## {words[item % 3]} {item // 50}", ""]
            if item % 10 == 0:
                lines.append(f"- **{words[(item + 1) % 3]}**")
            indent = "  " if item % 10 else ""
            mark = "x" if item % 3 == 0 else " "
            lines.append(f"{indent}- [{mark}] {words[item % 3]} {item}")
        found.append((f"content/checklists/{script}-{number}.md", "\n".join(lines) + "\n"))
    return found


def parse_section(total: int, repeats: int, title: str) -> Section:
    texts = pages(total)
    plain = MarkdownIt("commonmark")
    ours: list[float] = []
    theirs: list[float] = []
    items = 0
    for _ in range(repeats):
        start = time.process_time()
        for _path, text in texts:
            plain.parse(text)
        theirs.append(time.process_time() - start)
        start = time.process_time()
        items = 0
        for path, text in texts:
            checklist, _findings = parse_checklist(path, text)
            items += len(checklist.all_items())
        ours.append(time.process_time() - start)
    rows = (
        Row.compare(
            "parse-items-per-second",
            "checklists: items/s, auditbook vs markdown-it-py",
            items / median(ours),
            items / median(theirs),
            "items/s",
        ),
    )
    notes = (f"{len(texts)} pages, {items:,} items parsed (of {total:,} written)",)
    return Section(title, rows, notes)

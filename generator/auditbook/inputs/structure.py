"""The shapes people give checklists that are not plain task lists, and what is said of them.

- `[ ] I understand` on a line of its own (no `- `): GitHub shows it as text, but the
  author meant a task. It is an item, with a finding that suggests `- [ ] I understand`.
- Task lines inside an HTML block (no blank line after `<summary>`), or indented four
  spaces with no list above them: GitHub shows them as HTML text or as code, and so does
  the site. Not items, but never without a word.
- `title: ...` lines closed by `---` with no opening `---`: CommonMark reads them as a
  heading; it is front matter that lost its first line. Not a section, and a finding.
"""

from __future__ import annotations

import re

from auditbook.domain.findings import Finding, Level

TASK_LINE = re.compile(r"^[ \t>]*(?:[-*+]|\d{1,9}[.)])[ \t]+\[[ xX]\]", re.MULTILINE)
# A paragraph line that is a box and its text, with no list marker before it.
BARE_TASK = re.compile(r"^\[([ xX])\][ \t]+(\S.*)$")
_FRONT_MATTER_KEY = re.compile(r"^[A-Za-z_][\w-]*:([ \t]|$)")
_SPACES = re.compile(r"[ \t]{2,}")


def without_comments(text: str) -> str:
    """Inline text without `<!-- ... -->`: readers of the page never see the comments."""
    kept: list[str] = []
    position = 0
    while (start := text.find("<!--", position)) >= 0:
        end = text.find("-->", start + 4)
        if end < 0:
            break
        kept.append(text[position:start])
        position = end + 3
    if not kept:
        return text
    kept.append(text[position:])
    return _SPACES.sub(" ", "".join(kept)).strip()


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def bare_tasks(content: str, first_line: int) -> list[tuple[int, str, str]]:
    """(line, box, text) of each `[ ] text` line of a paragraph that starts with one.

    Lines without a box continue the task above them, as a list item's lines would.
    """
    tasks: list[tuple[int, str, str]] = []
    for offset, raw in enumerate(content.split("\n")):
        line = raw.strip()
        task = BARE_TASK.match(line)
        if task is not None:
            tasks.append((first_line + offset, task[1], task[2]))
        elif tasks and line:
            number, box, text = tasks[-1]
            tasks[-1] = (number, box, f"{text} {line}")
        elif not tasks:
            return []
    return tasks


def bare_task_finding(path: str, line: int, box: str, text: str) -> Finding:
    shown = text if len(text) <= 40 else text[:37] + "..."
    message = (
        f"'[{box}] {shown}' is not a list item (GitHub shows it as text); it is counted as "
        f"an item: write '- [{box}] {shown}'"
    )
    return Finding(Level.WARNING, "checklist-bare-task", message, path, line)


def html_block_findings(path: str, line: int, content: str) -> list[Finding]:
    """A comment never closed hides the rest of the page; tasks inside HTML are its text."""
    if content.lstrip().startswith("<!--"):
        if "-->" in content:
            return []
        hidden = len(TASK_LINE.findall(content))
        message = (
            "comment opened here is never closed with '-->': it hides the rest of the page"
            f" ({_plural(hidden, 'task item')})"
        )
        return [Finding(Level.WARNING, "checklist-unclosed-comment", message, path, line)]
    tasks = TASK_LINE.search(content)
    if tasks is None:
        return []
    count = len(TASK_LINE.findall(content))
    message = (
        f"{_plural(count, 'task line')} inside an HTML block {'is' if count == 1 else 'are'}"
        " shown as text, not items (GitHub does the same): leave a blank line between the "
        "HTML tags and the list"
    )
    at = line + content.count("\n", 0, tasks.start())
    return [Finding(Level.WARNING, "checklist-html-tasks", message, path, at)]


def code_block_findings(path: str, line: int, content: str) -> list[Finding]:
    """Tasks indented four spaces with no list above are code, on GitHub and here (only
    said of indented code that starts with a task: fenced code shows syntax on purpose)."""
    tasks = TASK_LINE.match(content.lstrip("\n"))
    if tasks is None:
        return []
    count = len(TASK_LINE.findall(content))
    message = (
        f"{_plural(count, 'task line')} indented four spaces or more with no list above "
        f"{'is' if count == 1 else 'are'} code, not items (GitHub shows code too): "
        "indent them less, or put them under a list item"
    )
    at = line + len(content) - len(content.lstrip("\n"))
    return [Finding(Level.WARNING, "checklist-indented-tasks", message, path, at)]


def unopened_front_matter(path: str, line: int, content: str, markup: str) -> Finding | None:
    """A setext heading at the top made of `key: value` lines: front matter without `---`."""
    lines = content.split("\n")
    if line != 1 or markup[:1] != "-" or not all(_FRONT_MATTER_KEY.match(x) for x in lines):
        return None
    message = (
        "front matter without its opening '---': it shows as a heading; add a '---' line above it"
    )
    return Finding(Level.WARNING, "checklist-front-matter-unopened", message, path, line)

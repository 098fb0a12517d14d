"""Invented checklist pages: sections, nested and numbered task items, ids and attributes."""

from __future__ import annotations

import random
from dataclasses import dataclass, field

TOPICS = (
    ("access-control", "Access control", "AC"),
    ("audit-logging", "Audit logging", "AL"),
    ("backup-recovery", "Backup and recovery", "BR"),
    ("incident-response", "Incident response", "IR"),
    ("vendor-management", "Vendor management", "VM"),
    ("workforce-training", "Workforce training", "WT"),
    ("encryption", "Encryption", "EN"),
    ("change-management", "Change management", "CM"),
    ("risk-analysis", "Risk analysis", "RA"),
    ("physical-safeguards", "Physical safeguards", "PS"),
    ("device-management", "Device management", "DM"),
    ("contingency-planning", "Contingency planning", "CP"),
)
SECTIONS = (
    "Policies",
    "Identity and accounts",
    "Monitoring",
    "Data protection",
    "Operations",
    "Reviews",
    "Third parties",
    "Testing",
    "Documentation",
    "Hosting",
)
VERBS = ("Review", "Enforce", "Document", "Test", "Rotate", "Monitor", "Verify", "Restrict")
OBJECTS = (
    "access to the clinician dashboard",
    "administrator accounts",
    "database backups",
    "API keys of the sync service",
    "audit log exports",
    "business associate agreements",
    "the on-call rota",
    "TLS certificates",
    "laptop disk encryption",
    "firewall rules of the staging network",
    "break-glass accounts",
    "the data retention schedule",
)
QUALIFIERS = (
    "every quarter",
    "before each release",
    "for all staff",
    "in staging and production",
    "within 24 hours",
    "with two approvers",
    "",
)
CONTROLS = (
    "164.308(a)(1)(ii)(A)",
    "164.308(a)(1)(ii)(D)",
    "164.308(a)(3)(ii)(B)",
    "164.308(a)(5)(ii)(C)",
    "164.308(a)(6)(ii)",
    "164.308(a)(7)(ii)(A)",
    "164.308(b)(1)",
    "164.310(d)(1)",
    "164.312(a)(1)",
    "164.312(a)(2)(iv)",
    "164.312(b)",
    "164.312(d)",
    "164.312(e)(1)",
    "164.316(b)(1)",
)
DECOYS = """\
<!-- Draft, not counted:
- [ ] an item inside an HTML comment
-->

```text
- [ ] an item inside a fenced code block, not counted
```
"""


@dataclass
class _Node:
    text: str
    checked: bool
    attrs: str
    children: list[_Node] = field(default_factory=list)


@dataclass
class _Writer:
    """Draws items for one page until it holds `target` of them."""

    rng: random.Random
    code: str
    target: int
    count: int = 0

    def node(self) -> _Node:
        self.count += 1
        rng = self.rng
        ref = f"{self.code}-{self.count:03d}"
        words = [rng.choice(VERBS), rng.choice(OBJECTS), rng.choice(QUALIFIERS)]
        # The reference comes first: derived ids keep only the first 48 characters of the text.
        text = f"{ref}: " + " ".join(word for word in words if word)
        attrs = []
        if rng.random() < 0.15:
            attrs.append(f"#{ref.lower()}")
        if rng.random() < 0.2:
            attrs.append(f'hipaa="{", ".join(rng.sample(CONTROLS, rng.randint(1, 2)))}"')
        if rng.random() < 0.03:
            attrs.append('na="Not applicable: no on-premises servers (fictional)"')
        return _Node(text, rng.random() < 0.4, " {" + " ".join(attrs) + "}" if attrs else "")

    def tree(self, depth: int) -> _Node:
        node = self.node()
        chance = (0.35, 0.2, 0.0)[min(depth, 2)]
        if self.rng.random() < chance:
            for _ in range(self.rng.randint(1, 4)):
                if self.count < self.target:
                    node.children.append(self.tree(depth + 1))
        return node


def _lines(node: _Node, indent: str, marker: str) -> list[str]:
    box = "[x]" if node.checked else "[ ]"
    lines = [f"{indent}{marker} {box} {node.text}{node.attrs}"]
    for child in node.children:
        lines += _lines(child, indent + " " * (len(marker) + 1), "-")
    return lines


def _section(writer: _Writer, title: str, level: int, size: int) -> list[str]:
    numbered = writer.rng.random() < 0.2
    lines = ["#" * level + " " + title, ""]
    stop = min(writer.target, writer.count + size)
    number = 0
    while writer.count < stop:
        number += 1
        lines += _lines(writer.tree(0), "", f"{number}." if numbered else "-")
    return [*lines, ""]


def checklist_page(rng: random.Random, topic: int, items: int) -> str:
    """A checklist page with exactly `items` task items (a few decoys that are not items)."""
    _slug, title, code = TOPICS[topic % len(TOPICS)]
    code += str(topic // len(TOPICS) + 1) * (topic >= len(TOPICS))  # explicit ids stay unique
    writer = _Writer(rng, code, items)
    lines = [
        f"# {title} checklist",
        "",
        "Fictional benchmark checklist of an invented organisation; no real data.",
        "",
    ]
    sections = max(2, items // 12)
    for index in range(sections):
        if writer.count >= items:
            break
        nested = index > 0 and rng.random() < 0.3
        name = SECTIONS[index % len(SECTIONS)] + f" {index // len(SECTIONS) + 1}" * (index >= 10)
        left = items - writer.count
        size = left if index == sections - 1 else max(1, left // (sections - index))
        lines += _section(writer, name, 3 if nested else 2, size)
        if index == 0:
            lines += [DECOYS]
    while writer.count < items:  # sections ran out before the items did
        lines += _section(writer, f"More {writer.count}", 2, items - writer.count)
    return "\n".join(lines)


def topic_slug(topic: int) -> str:
    """The page name of a topic; topics past the list repeat with a number."""
    return TOPICS[topic % len(TOPICS)][0] + f"-{topic // len(TOPICS) + 1}" * (topic >= len(TOPICS))

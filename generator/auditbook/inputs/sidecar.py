"""Loading `NAME.meta.yml` sidecars: what people wrote about an evidence file, checked by line."""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from auditbook.domain.findings import Finding, Level
from auditbook.domain.model import EvidenceMeta, Ref, Review
from auditbook.inputs.yamlnodes import (
    TAG,
    compose,
    describe,
    described,
    is_null,
    line_of,
    read_text,
    scalar_text,
)

SIDECAR_SUFFIX = ".meta.yml"
KINDS = (
    "audit-log",
    "backup-restore",
    "baa",
    "sign-off",
    "policy",
    "report",
    "screenshot",
    "attestation",
    "other",
)
REQUIRED = ("title", "kind", "collected", "collected_by")
OPTIONAL = (
    "owner",  # who renews it before it expires (default: collected_by)
    "covers",
    "controls",
    "valid_for",
    "expires",
    "publish",
    "packet",
    "description",
    "fictional",
    "sensitive_data_reviewed",
)
KEYS = REQUIRED + OPTIONAL
REVIEW_KEYS = ("by", "date", "why")  # not `on`: YAML 1.1 reads it as true

_DURATION = re.compile(r"^\s*(\d+)\s*([dwmy])\s*$", re.IGNORECASE | re.ASCII)
# Longer than any real validity; also keeps `collected + valid_for` a representable date.
MAX_VALID_DAYS = 100 * 365
_UNIT_DAYS = {"d": 1, "w": 7, "m": 30, "y": 365}
# Entries read from `covers` or `controls`: a sign-off of a whole 300-item checklist fits;
# tens of thousands would cost seconds of suggestions and bury the report.
MAX_REFS = 1_000


def sidecar_path(evidence: Path) -> Path:
    """The sidecar that describes an evidence file, so both sides agree on the name."""
    return evidence.with_name(evidence.name + SIDECAR_SUFFIX)


def is_sidecar(path: Path) -> bool:
    """Whether a file is a sidecar rather than evidence, judged by its name alone."""
    return path.name.endswith(SIDECAR_SUFFIX) and path.name != SIDECAR_SUFFIX


def load_sidecar(path: Path, rel: str | None = None) -> tuple[EvidenceMeta | None, list[Finding]]:
    """Read and check a sidecar; findings carry `rel` (the path people see) and the line."""
    shown = rel if rel is not None else path.as_posix()
    text, findings = read_text(path, shown, "sidecar", "sidecar")
    return (None, findings) if text is None else parse_sidecar(text, shown)


def parse_sidecar(text: str, rel: str) -> tuple[EvidenceMeta | None, list[Finding]]:
    """Check sidecar text; None when a required key is unusable, findings either way."""
    root, problem = compose(text)
    if problem is not None:
        message, at = problem
        return None, [Finding(Level.ERROR, "sidecar-yaml", message, rel, at)]
    if not isinstance(root, MappingNode):
        got = "nothing (the file is empty)" if root is None else describe(root)
        at = 1 if root is None else line_of(root)
        message = f"sidecar must be a mapping of keys ({', '.join(REQUIRED)}, ...), got {got}"
        return None, [Finding(Level.ERROR, "sidecar-not-mapping", message, rel, at)]
    return _Checker(rel).check(root)


@dataclass
class _Checker:
    """Walks one sidecar's top-level mapping, collecting values and findings."""

    rel: str
    findings: list[Finding] = field(default_factory=list)
    values: dict[str, Any] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)

    def error(self, code: str, message: str, line: int | None) -> None:
        self.findings.append(Finding(Level.ERROR, code, message, self.rel, line))

    def check(self, root: MappingNode) -> tuple[EvidenceMeta | None, list[Finding]]:
        for key_node, value_node in root.value:
            key = self.key(key_node)
            if key is not None:
                self.lines[key] = line_of(key_node)
                self.store(key, value_node)
        for key in REQUIRED:
            if key not in self.lines:
                self.error("sidecar-missing-key", f"missing required key '{key}'", line_of(root))
        self.check_validity()
        if any(key not in self.values for key in REQUIRED):
            return None, self.findings
        return EvidenceMeta(sidecar=self.rel, **self.values), self.findings

    def key(self, node: Node) -> str | None:
        line = line_of(node)
        if not isinstance(node, ScalarNode) or is_null(node):
            self.error("sidecar-type", f"keys must be plain words, got {describe(node)}", line)
            return None
        key = str(node.value)
        if key in self.lines:
            message = f"duplicate key '{key}' (first on line {self.lines[key]})"
            self.error("sidecar-duplicate-key", message, line)
            return None
        if key not in KEYS:
            close = difflib.get_close_matches(key, KEYS, n=1)
            hint = f"did you mean '{close[0]}'?" if close else f"valid keys: {', '.join(KEYS)}"
            self.error("sidecar-unknown-key", f"unknown key '{key}' ({hint})", line)
            return None
        return key

    def store(self, key: str, node: Node) -> None:
        if is_null(node) and key not in REQUIRED:
            return
        value = _CONVERTERS[key](self, key, node)
        if value is not None:
            self.values[_FIELDS.get(key, key)] = value

    def text(self, key: str, node: Node) -> str | None:
        value = scalar_text(node, dates=True)
        if value is None:
            self.error(
                "sidecar-type", f"'{key}' must be a string, got {described(node)}", line_of(node)
            )
        return value

    def kind(self, key: str, node: Node) -> str | None:
        kind = self.text(key, node)
        if kind is None or kind in KINDS:
            return kind
        close = difflib.get_close_matches(kind, KINDS, n=1)
        hint = f"did you mean '{close[0]}'? " if close else ""
        message = f"unknown kind '{kind}' ({hint}valid kinds: {', '.join(KINDS)})"
        self.error("sidecar-unknown-kind", message, line_of(node))
        return None

    def date(self, key: str, node: Node) -> dt.date | None:
        text = self.text(key, node)
        if text is None:
            return None
        parsed = _parse_date(text)
        if parsed is None:
            message = f"'{key}' is not a valid date: '{text}' (expected YYYY-MM-DD)"
            self.error("sidecar-bad-date", message, line_of(node))
        return parsed

    def flag(self, key: str, node: Node) -> bool | None:
        if isinstance(node, ScalarNode) and node.tag == TAG + "bool":
            return str(node.value).lower() in ("true", "yes", "on")
        message = f"'{key}' must be true or false, got {describe(node)}"
        self.error("sidecar-type", message, line_of(node))
        return None

    def refs(self, key: str, node: Node) -> tuple[Ref, ...] | None:
        if not isinstance(node, SequenceNode):
            message = f"'{key}' must be a list (one '- ' entry per line), got {describe(node)}"
            self.error("sidecar-type", message, line_of(node))
            return None
        refs = []
        if len(node.value) > MAX_REFS:
            message = (
                f"'{key}' lists {len(node.value):,} entries, more than the {MAX_REFS:,} a sidecar "
                f"may list: only the first {MAX_REFS:,} are read"
            )
            self.error("sidecar-too-many", message, line_of(node))
        for entry in node.value[:MAX_REFS]:
            target = scalar_text(entry, dates=True)
            if target is None:
                message = f"each '{key}' entry must be a string, got {described(entry)}"
                self.error("sidecar-type", message, line_of(entry))
            else:
                refs.append(Ref(target, line_of(entry)))
        return tuple(refs)

    def review(self, key: str, node: Node) -> Review | None:
        """`{by: ..., date: YYYY-MM-DD, why: ...}`: all three, or the review does not count."""
        shape = f"'{key}' must be a mapping with {', '.join(REVIEW_KEYS)}"
        if not isinstance(node, MappingNode):
            self.error("sidecar-type", f"{shape}, got {describe(node)}", line_of(node))
            return None
        values: dict[str, object] = {}
        for key_node, value_node in node.value:
            name = scalar_text(key_node)
            if name not in REVIEW_KEYS:
                self.error("sidecar-unknown-key", f"{shape}; not {name!r}", line_of(key_node))
                continue
            read = self.date if name == "date" else self.text
            value = read(f"{key}.{name}", value_node)
            if value:
                values[name] = value
        if missing := [name for name in REVIEW_KEYS if name not in values]:
            message = f"{shape}; missing {', '.join(missing)}"
            self.error("sidecar-missing-key", message, line_of(node))
            return None
        date = values["date"]
        assert isinstance(date, dt.date)
        return Review(str(values["by"]), date, str(values["why"]))

    def duration(self, key: str, node: Node) -> int | None:
        text = str(node.value).strip() if isinstance(node, ScalarNode) else ""
        match = _DURATION.match(text)
        days = int(match[1]) * _UNIT_DAYS[match[2].lower()] if match else None
        if text.isascii() and text.isdigit():
            days = int(text)
        if days is not None and 0 < days <= MAX_VALID_DAYS:
            return days
        got = f"'{text}'" if isinstance(node, ScalarNode) else describe(node)
        message = f"'{key}' must be a positive duration like 90d, 12w, 6m, 1y or 90, got {got}"
        self.error("sidecar-valid-for", message, line_of(node))
        return None

    def check_validity(self) -> None:
        if "valid_for" in self.lines and "expires" in self.lines:
            line = max(self.lines["valid_for"], self.lines["expires"])
            message = "both 'valid_for' and 'expires' given; keep one ('expires' is used)"
            self.error("sidecar-conflict", message, line)
            self.values.pop("valid_for_days", None)
        collected, days = self.values.get("collected"), self.values.get("valid_for_days")
        if collected is not None and days is not None and (dt.date.max - collected).days < days:
            message = "'valid_for' runs past the year 9999; check 'collected'"
            self.error("sidecar-valid-for", message, self.lines["valid_for"])
            self.values.pop("valid_for_days")


def _parse_date(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        pass
    try:
        return dt.datetime.fromisoformat(text).date()
    except ValueError:
        return None


_FIELDS = {"valid_for": "valid_for_days"}
_CONVERTERS: dict[str, Callable[[_Checker, str, Node], object]] = {
    "title": _Checker.text,
    "kind": _Checker.kind,
    "collected": _Checker.date,
    "collected_by": _Checker.text,
    "covers": _Checker.refs,
    "controls": _Checker.refs,
    "valid_for": _Checker.duration,
    "expires": _Checker.date,
    "publish": _Checker.flag,
    "packet": _Checker.flag,
    "description": _Checker.text,
    "fictional": _Checker.flag,
    "sensitive_data_reviewed": _Checker.review,
    "owner": _Checker.text,
}

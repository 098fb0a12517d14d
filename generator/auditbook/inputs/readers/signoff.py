"""Sign-offs: who approved which version, as what, when, and on which conditions."""

from __future__ import annotations

import datetime as dt
import difflib
from typing import TYPE_CHECKING, Any

import yaml

from auditbook.domain.model import Verdict
from auditbook.inputs.readers._common import Notes, cap
from auditbook.inputs.yamlnodes import MAX_EXPANDED_VALUES, expanded_size

if TYPE_CHECKING:
    from pathlib import Path

    from auditbook.domain.model import Checks, ReaderResult

REQUIRED = ("name", "role", "date", "decision", "version")
OPTIONAL = ("scope", "conditions", "fictional", "notes")
DECISIONS = ("approved", "approved-with-conditions", "rejected")
# A sign-off is a dozen lines; anything much bigger is not one.
MAX_BYTES = 1_000_000
EXAMPLE = "name: Priya Raman / role: Security Lead / date: 2026-11-10 / decision: approved"

Values = dict[str, tuple[Any, int]]


def read_signoff(
    path: Path, rel: str, checks: Checks, collected: dt.date | None = None
) -> ReaderResult:
    """Validate the sign-off's keys and values, keeping the line of each.

    `collected` is when its sidecar says the file was collected: no signature is later.
    """
    notes = Notes(rel)
    if path.stat().st_size > MAX_BYTES:
        notes.error("signoff-invalid", f"larger than {MAX_BYTES} bytes: not a sign-off")
        return notes.result(Verdict.FAILS)
    values = _load(path.read_text(encoding="utf-8-sig", errors="replace"), notes)
    if values is None:
        return notes.result(Verdict.FAILS)
    signer = {key: _check(key, *values[key], notes) for key in values}
    _facts(signer, notes)
    _judge(signer, values, notes)
    signed = signer.get("date")
    if signed is not None and collected is not None and signed > collected:
        message = (
            f"signed on {signed}, after the file was collected ({collected}): "
            "a date in the future, or a wrong 'collected' in its sidecar"
        )
        notes.warning("signoff-date", message, values["date"][1])
    return notes.result()


def _load(text: str, notes: Notes) -> Values | None:
    root = _compose(text, notes)
    if root is None:
        return None
    constructor = yaml.SafeLoader("")
    values: Values = {}
    seen: set[str] = set()
    for key_node, value_node in root.value:
        line = key_node.start_mark.line + 1
        key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
        if not isinstance(key, str) or key not in REQUIRED + OPTIONAL:
            notes.error("signoff-unknown-key", _unknown(key), line)
            continue
        if key in seen:
            notes.error("signoff-duplicate-key", f"{key!r} is given twice", line)
            continue
        seen.add(key)
        try:
            values[key] = (constructor.construct_object(value_node, deep=True), line)
        except (yaml.YAMLError, ValueError, RecursionError) as exc:
            notes.error("signoff-bad-value", f"{key}: {cap(exc)}", line)
    missing = [key for key in REQUIRED if key not in seen]
    if missing:
        line = root.start_mark.line + 1
        notes.error("signoff-missing-key", f"missing key(s): {', '.join(missing)}", line)
    return values


def _compose(text: str, notes: Notes) -> yaml.MappingNode | None:
    """The document's top-level mapping, with the line of every key and value."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except RecursionError:
        notes.error("signoff-invalid", "invalid YAML: nested too deeply")
        return None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        problem = getattr(exc, "problem", None) or str(exc)
        line = mark.line + 1 if mark else None
        notes.error("signoff-invalid", f"invalid YAML: {cap(problem)}", line)
        return None
    if not isinstance(root, yaml.MappingNode):
        line = root.start_mark.line + 1 if root is not None else 1
        notes.error("signoff-invalid", f"a sign-off is a mapping, e.g. {EXAMPLE}", line)
        return None
    if expanded_size(root) > MAX_EXPANDED_VALUES:
        message = f"its aliases expand to more than {MAX_EXPANDED_VALUES:,} values: not a sign-off"
        notes.error("signoff-invalid", message, 1)
        return None
    return root


def _unknown(key: object) -> str:
    allowed = REQUIRED + OPTIONAL
    close = difflib.get_close_matches(str(key), allowed, n=1) if isinstance(key, str) else []
    hint = f"did you mean {close[0]!r}?" if close else f"expected one of {', '.join(allowed)}"
    return f"unknown key {cap(key, 60)!r}: {hint}"


def _check(key: str, value: Any, line: int, notes: Notes) -> Any:
    """The value in the form the facts need, or None after reporting why it is unusable."""
    problem: str | None = None
    if key in ("name", "role", "notes"):
        if isinstance(value, str) and value.strip():
            return value.strip()
        problem = "must be a non-empty text"
    elif key == "date":
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        problem = "must be a date like 2026-11-10"
    elif key == "decision":
        if value in DECISIONS:
            return value
        problem = f"must be one of {', '.join(DECISIONS)}"
    elif key == "version":
        return _version(value, line, notes)
    elif key in ("scope", "conditions"):
        return _texts(key, value, line, notes)
    elif key == "fictional":
        if isinstance(value, bool):
            return value
        problem = "must be true or false"
    notes.error("signoff-bad-value", f"{key} {problem} (got {cap(value, 60)!r})", line)
    return None


def _version(value: Any, line: int, notes: Notes) -> str | None:
    if isinstance(value, str) and value.strip():
        return value.strip()
    if isinstance(value, int | float) and not isinstance(value, bool):
        message = f'quote the version ("{value}"): YAML reads 1.10 as the number 1.1'
        notes.warning("signoff-unquoted-version", message, line)
        return str(value)
    notes.error(
        "signoff-bad-value", f'version must be a text like "1.0" (got {cap(value, 60)!r})', line
    )
    return None


def _texts(key: str, value: Any, line: int, notes: Notes) -> list[str] | None:
    if value is None:
        return []
    if isinstance(value, str):
        return [value.strip()] if value.strip() else []
    if isinstance(value, list) and all(isinstance(each, str) for each in value):
        return [each.strip() for each in value if each.strip()]
    notes.error("signoff-bad-value", f"{key} must be a text or a list of texts", line)
    return None


def _facts(signer: dict[str, Any], notes: Notes) -> None:
    date = signer.get("date")
    notes.fact("Who", signer.get("name") or "unknown")
    notes.fact("Role", signer.get("role") or "unknown")
    notes.fact("Date", date.isoformat() if date else "unknown")
    notes.fact("Decision", signer.get("decision") or "unknown")
    notes.fact("Version", signer.get("version") or "unknown")
    notes.fact("Scope", ", ".join(signer.get("scope") or []) or "not stated")
    conditions = signer.get("conditions") or []
    if not conditions:
        notes.fact("Conditions", "none")
    for number, condition in enumerate(conditions, start=1):
        notes.fact(f"Condition {number}", condition)


def _judge(signer: dict[str, Any], values: Values, notes: Notes) -> None:
    decision = signer.get("decision")
    line = values["decision"][1] if "decision" in values else None
    who = f"{signer.get('name') or 'the signer'} ({signer.get('role') or 'no role'})"
    conditions = signer.get("conditions") or []
    if decision == "rejected":
        version = signer.get("version") or "the packet"
        notes.error("signoff-rejected", f"{who} rejected version {version}", line)
    elif decision == "approved-with-conditions" and not conditions:
        message = "approved with conditions, but no conditions are listed"
        notes.warning("signoff-conditions", message, line)
    elif decision == "approved" and conditions:
        message = "conditions are listed but the decision is 'approved'"
        notes.warning("signoff-conditions", message, values["conditions"][1])

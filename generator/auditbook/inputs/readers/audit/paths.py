"""Find a field in a record by a dotted path (`user.username`, `sourceIPs[0]`)."""

from __future__ import annotations

import re
from typing import Any

from auditbook.inputs.readers.audit.concepts import norm

_PART = re.compile(r"([^.\[\]]+)|\[(\d*)\]")
_PARSED: dict[str, tuple[str | int, ...]] = {}


class _Missing:
    def __repr__(self) -> str:
        return "MISSING"


MISSING: Any = _Missing()


def parts(path: str) -> tuple[str | int, ...]:
    """`resources[].ARN` -> ("resources", 0, "ARN"); an empty index means the first item."""
    found = _PARSED.get(path)
    if found is None:
        found = tuple(
            (int(index) if index else 0) if name is None or name == "" else name
            for name, index in ((m[1], m[2]) for m in _PART.finditer(path))
        )
        if len(_PARSED) < 1024:
            _PARSED[path] = found
    return found


def lookup(record: object, path: str, loose: bool = False) -> Any:
    """The value at `path`, or MISSING; `loose` also matches keys spelled differently."""
    value = record
    for part in parts(path):
        if isinstance(part, int):
            if not isinstance(value, list) or part >= len(value):
                return MISSING
            value = value[part]
        elif isinstance(value, dict):
            if part in value:
                value = value[part]
            elif loose:
                wanted = norm(part)
                key = next((k for k in value if isinstance(k, str) and norm(k) == wanted), None)
                if key is None:
                    return MISSING
                value = value[key]
            else:
                return MISSING
        else:
            return MISSING
    return value

"""Findings and reader results as JSON and back, checked field by field on the way in.

A cache file is read like any other input: a value is rebuilt into the domain's
dataclasses only when every field has the type it must have, and anything else is a miss.
Keys are canonical JSON of what a result was made from, every dataclass field included,
so two different inputs never write the same text.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from typing import Any, Generic, TypeVar

from auditbook.domain.findings import Finding, Level
from auditbook.domain.model import Fact, Quote, ReaderResult, Verdict

T = TypeVar("T")
V = TypeVar("V")


@dataclass(frozen=True)
class Codec(Generic[T]):
    """How one kind of cached value is written as JSON and rebuilt (ValueError if it can't be)."""

    encode: Callable[[T], object]
    decode: Callable[[object], T]


def canonical(value: object) -> str:
    """One text for one value: dataclasses, enums and dates are tagged, so none reads as another."""
    return json.dumps(_plain(value), sort_keys=True, separators=(",", ":"))


def _plain(value: object) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
        return {"@": type(value).__name__, **fields}
    if isinstance(value, Enum):
        return {"enum": type(value).__name__, "value": _plain(value.value)}
    if isinstance(value, dt.date):  # a datetime too: its isoformat says the time
        return {"date": value.isoformat()}
    if isinstance(value, tuple | list):
        return [_plain(each) for each in value]
    if value is None or isinstance(value, str | int | float):
        return value
    raise TypeError(f"no canonical form for {type(value).__name__}")


def finding_json(finding: Finding) -> list[object]:
    f = finding
    return [int(f.level), f.code, f.message, f.path, f.line, f.excerpt]


def finding_from(value: object) -> Finding:
    level, code, message, path, line, excerpt = _list(value, 6)
    where = _maybe(path, _str), _maybe(line, _int)
    return Finding(Level(_int(level)), _str(code), _str(message), *where, _str(excerpt))


def result_json(result: ReaderResult) -> dict[str, object]:
    return {
        "facts": [[fact.label, fact.value] for fact in result.facts],
        "findings": [finding_json(finding) for finding in result.findings],
        "verdict": result.verdict.value if result.verdict else None,
        "stale_after": result.stale_after.isoformat() if result.stale_after else None,
        "recognised": result.recognised,
        "quotes": [[quote.line, quote.text, quote.decided] for quote in result.quotes],
    }


def result_from(value: object) -> ReaderResult:
    data = _object(value, {"facts", "findings", "verdict", "stale_after", "recognised", "quotes"})
    return ReaderResult(
        facts=tuple(Fact(*map(_str, _list(each, 2))) for each in _list(data["facts"])),
        findings=tuple(finding_from(each) for each in _list(data["findings"])),
        verdict=_maybe(data["verdict"], lambda v: Verdict(_str(v))),
        stale_after=_maybe(data["stale_after"], lambda v: dt.date.fromisoformat(_str(v))),
        recognised=_str(data["recognised"]),
        quotes=tuple(_quote(each) for each in _list(data["quotes"])),
    )


def _quote(value: object) -> Quote:
    line, text, decided = _list(value, 3)
    return Quote(_maybe(line, _int), _str(text), _str(decided))


def _findings_from(value: object) -> tuple[Finding, ...]:
    return tuple(finding_from(each) for each in _list(value))


def _findings_json(findings: tuple[Finding, ...]) -> list[object]:
    return [finding_json(finding) for finding in findings]


# What the scan for PHI and secrets found in one evidence file.
FINDINGS: Codec[tuple[Finding, ...]] = Codec(_findings_json, _findings_from)

# What reading one evidence file found: damage to its text, and its reader's result.
Reading = tuple[tuple[Finding, ...], ReaderResult | None]


def _reading_json(reading: Reading) -> dict[str, object]:
    damage, result = reading
    return {"damage": _findings_json(damage), "result": result_json(result) if result else None}


def _reading_from(value: object) -> Reading:
    data = _object(value, {"damage", "result"})
    return _findings_from(data["damage"]), _maybe(data["result"], result_from)


READINGS: Codec[Reading] = Codec(_reading_json, _reading_from)


def _list(value: object, length: int | None = None) -> list[object]:
    if type(value) is not list or (length is not None and len(value) != length):
        raise ValueError("not a list of the expected length")
    return value


def _object(value: object, keys: set[str]) -> dict[str, object]:
    if type(value) is not dict or set(value) != keys:
        raise ValueError("not an object with the expected keys")
    return value


def _str(value: object) -> str:
    if type(value) is not str:
        raise ValueError("not a string")
    return value


def _int(value: object) -> int:
    if type(value) is not int:  # not a bool either
        raise ValueError("not an integer")
    return value


def _maybe(value: object, rebuild: Callable[[object], V]) -> V | None:
    return None if value is None else rebuild(value)

"""What the records add up to, kept small enough for a multi-GB log."""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from auditbook.inputs.readers._common import MAX_TEXT, cap, human_duration, iso, parse_instant
from auditbook.inputs.readers.audit.concepts import ESSENTIAL

if TYPE_CHECKING:
    from auditbook.inputs.readers._common import Notes
    from auditbook.inputs.readers.audit.families import Family
    from auditbook.inputs.readers.audit.resolve import Found, Layout
    from auditbook.inputs.readers.audit.sources import Entry

# Distinct users are counted exactly up to this many, so memory stays bounded.
MAX_USERS = 100_000
# Distinct paths remembered per concept (an export could name a column anything).
MAX_PATHS = 20
# Distinct record layouts counted before they are folded into paths per concept.
MAX_LAYOUTS = 256
# Records read without finding anything an audit record tells before giving up on a file.
GIVE_UP_AFTER = 1000
# Quotes a reader keeps from one audit log: enough to check, few enough to read.
MAX_QUOTES = 6
# A time that opens with a digit and ends with a digit or `Z` has no space to strip and no
# ` UTC` to rewrite: instant() can hand it to datetime.fromisoformat as it is.
ISO_FIRST = frozenset("0123456789")
ISO_LAST = frozenset("0123456789Z")


@dataclass
class Gap:
    seconds: float
    before: dt.datetime
    after: dt.datetime
    line: int


@dataclass
class Tally:
    """Counts per concept, format and user; the time span and its gaps; lines to quote."""

    required: tuple[str, ...]
    max_gap_days: float
    records: int = 0
    audit_like: int = 0
    families: Counter[str] = field(default_factory=Counter)
    labels: dict[str, Family] = field(default_factory=dict)
    # Records per layout, folded into `paths` when asked or when there are too many.
    layouts: dict[Layout, int] = field(default_factory=dict)
    paths: dict[str, Counter[str]] = field(default_factory=dict)
    # concept -> [line of the first record lacking it, records lacking it]
    lacking: dict[str, list[int]] = field(default_factory=dict)
    without: Counter[str] = field(default_factory=Counter)
    first: dt.datetime | None = None
    last: dt.datetime | None = None
    previous: tuple[dt.datetime, Entry] | None = None
    users: set[str] = field(default_factory=set)
    too_many_users: bool = False
    gaps: int = 0
    longest: Gap | None = None
    unordered: bool = False
    quotes: dict[int, tuple[str, list[str]]] = field(default_factory=dict)
    # A CSV export's header line, and the required concepts it has no column for.
    header_line: int | None = None
    header_missing: tuple[str, ...] = ()
    # Kubernetes apiVersions seen (audit.k8s.io/v1), for saying what the file is.
    versions: set[str] = field(default_factory=set)
    _required: frozenset[str] = field(init=False)

    def __post_init__(self) -> None:
        self._required = frozenset(self.required)

    def add(self, entry: Entry, family: Family, found: Found, layout: Layout, notes: Notes) -> bool:
        """Count one record; False once it is clear the file holds no audit records."""
        self.records += 1
        self.families[family.name] += 1
        self.labels.setdefault(family.name, family)
        version = entry.record.get("apiVersion") if family.name in ("k8s", "aks") else None
        if isinstance(version, str) and len(self.versions) < 3:
            self.versions.add(cap(version, 40))
        if not found.keys().isdisjoint(ESSENTIAL):
            self.audit_like += 1
        elif self.audit_like == 0:
            return self.records < GIVE_UP_AFTER
        if self.records == 1:
            self.quote(entry, "first record")
        self.count_layout(layout)
        if not found.keys() >= self._required:
            self._check_required(entry, found)
        self._count_user(entry, found.get("who"))
        when = found.get("when")
        if when is None or _empty(when[1]):
            self.lack(entry, "when")
        else:
            self.add_time(entry, when[1], notes)
        return True

    def count_layout(self, layout: Layout, records: int = 1) -> None:
        count = self.layouts.get(layout)
        if count is None and len(self.layouts) >= MAX_LAYOUTS:
            self.fold_layouts()
        self.layouts[layout] = (count or 0) + records

    def fold_layouts(self) -> dict[str, Counter[str]]:
        """Per concept, the paths that held it and in how many records: the first
        MAX_PATHS paths met. Layouts are folded in the order first met, which admits the
        same paths as counting record by record would."""
        for layout, records in self.layouts.items():
            for concept, path in layout:
                counter = self.paths.get(concept)
                if counter is None:
                    counter = self.paths[concept] = Counter()
                if path in counter or len(counter) < MAX_PATHS:
                    counter[path] += records
        self.layouts.clear()
        return self.paths

    def _check_required(self, entry: Entry, found: Found) -> None:
        """Note the required concepts a record lacks (records lacking none skip this)."""
        lacking = [c for c in self.required if c not in found and c not in self.header_missing]
        for concept in lacking:
            slot = self.lacking.setdefault(concept, [entry.line, 0])
            slot[1] += 1
        if lacking and any(self.lacking[c][0] == entry.line for c in lacking):
            self.quote(entry, "lacks " + ", ".join(lacking))

    def _count_user(self, entry: Entry, who: tuple[str, Any] | None) -> None:
        if who is None or _empty(who[1]):
            self.lack(entry, "who")
            return
        if self.too_many_users:
            return
        user = who[1]
        self.users.add(user[:MAX_TEXT] if isinstance(user, str) else cap(user))
        if len(self.users) > MAX_USERS:
            self.too_many_users = True
            self.users.clear()

    def lack(self, entry: Entry, concept: str) -> None:
        """Count a record without a value for `concept`; the first such record is quoted."""
        self.without[concept] += 1
        if self.without[concept] == 1 and concept not in self.lacking:
            self.quote(entry, f"no {concept}")

    def add_time(self, entry: Entry, raw: object, notes: Notes) -> None:
        stamp = instant(raw)
        if stamp is None:
            notes.error("audit-log-bad-time", "unparseable time", entry.line, excerpt=cap(raw, 60))
        else:
            self.add_stamp(stamp, entry, notes)

    def add_stamp(self, stamp: dt.datetime, entry: Entry, notes: Notes) -> None:
        """Place a record's time: the first and last times, disorder, and gaps between records."""
        previous, self.previous = self.previous, (stamp, entry)
        if previous is None or self.first is None or self.last is None:
            self.first = self.last = stamp
            return
        if stamp < self.first:  # as min() and max() would, without calling them
            self.first = stamp
        elif stamp > self.last:
            self.last = stamp
        before, before_entry = previous
        seconds = abs((stamp - before).total_seconds())
        if stamp < before and not self.unordered:
            self.unordered = True
            message = "records are not in time order: gaps are measured in file order"
            notes.warning("audit-log-unordered", message, entry.line)
        longest = self.longest.seconds if self.longest else -1.0
        limit = self.max_gap_days * 86400
        if seconds > longest or seconds > limit:
            gap = Gap(seconds, min(before, stamp), max(before, stamp), entry.line)
            self.longest = gap if seconds > longest else self.longest
            if seconds > limit:
                self._add_gap(gap, notes, before_entry, entry)

    def _add_gap(self, gap: Gap, notes: Notes, before: Entry, after: Entry) -> None:
        self.gaps += 1
        limit = days(self.max_gap_days)
        message = (
            f"gap of {human_duration(gap.seconds)} with no records "
            f"({iso(gap.before)} to {iso(gap.after)}), longer than {limit}"
        )
        notes.warning("audit-log-gap", message, gap.line)
        if self.gaps == 1:
            self.quote(before, f"last record before a gap of {human_duration(gap.seconds)}")
            self.quote(after, "first record after the gap")

    def quote(self, entry: Entry, decided: str) -> None:
        if entry.line in self.quotes:
            self.quotes[entry.line][1].append(decided)
        elif len(self.quotes) < MAX_QUOTES:
            self.quotes[entry.line] = (_text(entry), [decided])


def instant(raw: object) -> dt.datetime | None:
    """An ISO 8601 time (`Z`, an offset, ` UTC`), or seconds or milliseconds since 1970."""
    if isinstance(raw, str):
        if 10 <= len(raw) <= 40 and raw[0] in ISO_FIRST and raw[-1] in ISO_LAST:
            return iso_instant(raw)
        text = raw.strip()
        if text.endswith((" UTC", " GMT")):
            text = text[:-4] + "+00:00"
        return parse_instant(text)
    if isinstance(raw, int | float) and not isinstance(raw, bool):
        seconds = raw / 1000 if raw > 1e11 else raw
        if 1e8 < seconds < 1e10:
            return dt.datetime.fromtimestamp(seconds, dt.UTC)
    return None


def iso_instant(text: str) -> dt.datetime | None:
    """parse_instant(text) for a time instant() lets through as it is (10 to 40 characters,
    ISO_FIRST and ISO_LAST): the same result, without the calls on the way there."""
    try:
        stamp = dt.datetime.fromisoformat(text)
    except ValueError:
        return None
    return stamp if stamp.tzinfo else stamp.replace(tzinfo=dt.UTC)


def days(value: float) -> str:
    return f"{value:g} day" + ("" if value == 1 else "s")


def _empty(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _text(entry: Entry) -> str:
    if entry.text is not None:
        return entry.text
    try:
        return json.dumps(entry.record, ensure_ascii=False, default=str)[:400]
    except (ValueError, RecursionError):
        return "(a record too deeply nested to show)"

"""A CSV export's rows added to the tally straight from their cells, as Tally.add would.

When the header alone says which cell holds each concept, every row has one layout and
lacks no required concept but those the header lacks: a row only has its user counted and
its time placed. The common row (a user, an ISO 8601 time, no earlier than the one before,
no gap) is counted here without a dict, an Entry or a call; any other goes through the
tally's own methods, which decide what it means.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from auditbook.inputs.readers._common import MAX_TEXT
from auditbook.inputs.readers.audit.concepts import ESSENTIAL
from auditbook.inputs.readers.audit.families import APP
from auditbook.inputs.readers.audit.sources import Entry
from auditbook.inputs.readers.audit.tally import ISO_FIRST, ISO_LAST, MAX_USERS, iso_instant

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Iterator

    from auditbook.inputs.readers._common import Notes
    from auditbook.inputs.readers.audit.resolve import Layout
    from auditbook.inputs.readers.audit.sources import Columns
    from auditbook.inputs.readers.audit.tally import Tally

    Row = tuple[int, list[str]]


def fits(tally: Tally, layout: Layout) -> bool:
    """Whether rows of `layout` can be added here: they are audit records, and the required
    concepts they lack are the ones the header lacks (which Tally.add never notes per row)."""
    concepts = {concept for concept, _column in layout}
    return not concepts.isdisjoint(ESSENTIAL) and all(
        concept in concepts or concept in tally.header_missing for concept in tally.required
    )


def add_rows(
    rows: Iterator[Row],
    columns: Columns,
    plan: tuple[Layout, dict[str, int]],
    tally: Tally,
    notes: Notes,
) -> None:
    """Add each row to `tally`, in file order; `plan` is Resolver.plan() for the header.

    One loop over local names: a call per row would cost more than what most rows need."""
    layout, cell = plan
    who, when = cell.get("who", -1), cell.get("when", -1)
    users, without, limit = tally.users, tally.without, tally.max_gap_days * 86400
    counting_users, first_record = not tally.too_many_users, tally.records == 0
    # The last timed row's time and, while the tally has not been told of it, the row.
    before, before_row, last, longest = _state(tally)

    def lack(row: Row, concept: str) -> None:
        if without[concept]:
            without[concept] += 1
        else:  # the first record without it may be quoted
            tally.lack(_entry(row, columns), concept)

    added = 0
    try:
        for row in rows:
            added += 1
            cells = row[1]
            if first_record:
                first_record = False
                tally.quote(_entry(row, columns), "first record")
            if who < 0 or not cells[who].strip():
                lack(row, "who")
            elif counting_users:  # as Tally._count_user
                users.add(cells[who][:MAX_TEXT])
                if len(users) > MAX_USERS:
                    tally.too_many_users, counting_users = True, False
                    users.clear()
            raw = cells[when] if when >= 0 else ""
            stamp = None
            if 10 <= len(raw) <= 40 and raw[0] in ISO_FIRST and raw[-1] in ISO_LAST:
                stamp = iso_instant(raw)  # what instant(raw) gives, in one call
            if stamp is not None and before is not None and before <= stamp:
                seconds = (stamp - before).total_seconds()
                if seconds <= longest and seconds <= limit:  # no gap to note
                    if last is None or stamp > last:
                        last = stamp
                    before, before_row = stamp, row
                    continue
            elif stamp is None and not raw.strip():
                lack(row, "when")
                continue
            # A time to parse the long way, the first, one out of order, or a gap.
            _tell(tally, columns, before, before_row, last)
            if stamp is None:
                tally.add_time(_entry(row, columns), raw, notes)
            else:
                tally.add_stamp(stamp, _entry(row, columns), notes)
            before, before_row, last, longest = _state(tally)
    finally:
        _tell(tally, columns, before, before_row, last)
        _count(tally, layout, added)


def _state(tally: Tally) -> tuple[dt.datetime | None, Row | None, dt.datetime | None, float]:
    """The tally's time so far, as add_rows() keeps it: the last timed record's time, no row
    untold, the latest time, and the longest gap's seconds (-1 before any)."""
    before = tally.previous[0] if tally.previous else None
    return before, None, tally.last, tally.longest.seconds if tally.longest else -1.0


def _tell(
    tally: Tally,
    columns: Columns,
    before: dt.datetime | None,
    before_row: Row | None,
    last: dt.datetime | None,
) -> None:
    """Give the tally the rows' times it has not been told of, before it decides anything."""
    if before_row is not None and before is not None:
        tally.previous = (before, _entry(before_row, columns))
    tally.last = last


def _count(tally: Tally, layout: Layout, added: int) -> None:
    """What Tally.add counts of every record, for `added` records at once."""
    if not added:
        return  # a count of none would still name the format and its columns
    tally.records += added
    tally.audit_like += added
    tally.families[APP.name] += added
    tally.labels.setdefault(APP.name, APP)
    tally.count_layout(layout, added)


def _entry(row: Row, columns: Columns) -> Entry:
    return Entry(row[0], family=APP, cells=row[1], columns=columns)

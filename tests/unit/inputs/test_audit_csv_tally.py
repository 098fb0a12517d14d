"""CSV rows counted straight from their cells read exactly as rows counted record by record.

An alias that names no column changes nothing a record holds, but leaves the header unable
to say where each concept is: the same file is then read record by record (Tally.add), the
way every row was read before the quick count existed.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import random
from typing import TYPE_CHECKING

import pytest

from auditbook.domain.model import Checks
from auditbook.inputs.readers._common import Notes, parse_instant
from auditbook.inputs.readers.audit import sources
from auditbook.inputs.readers.audit.families import APP
from auditbook.inputs.readers.audit.resolve import Resolver
from auditbook.inputs.readers.audit.tally import ISO_FIRST, ISO_LAST, instant, iso_instant
from unit.inputs.test_readers_audit_log import FIELDS, read

if TYPE_CHECKING:
    from pathlib import Path

# Routes every row through Tally.add, finding what no alias at all finds.
NOWHERE = (("who", ("no_such_column",)),)

HEADERS = [
    FIELDS,
    ["user_id", "Action", "IP Address", "when", "note"],
    ["userId", "time", "userId", "action"],  # a name twice: the record keeps its last cell
    ["user", "USER", "action", "time", "time"],
    ["action", "time"],  # no user column
    ["userId", "action"],  # no time column
    ["time"],  # one column: a line `""` is blank
]

SHAPES = [
    "%Y-%m-%dT%H:%M:%S.{ms}Z",
    "%Y-%m-%dT%H:%M:%SZ",
    "%Y-%m-%dT%H:%M:%S+02:00",
    "%Y-%m-%d %H:%M:%S UTC",
    " %Y-%m-%dT%H:%M:%SZ ",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d",
    "%Y%m%dT%H%M%SZ",
    "%Y-%m-%dt%H:%M:%Sz",
    "%Y-%m-%dT%H:%M:%S.{ms}123456Z",  # fraction too long
    "yesterday",
    "",
    "   ",
]


def _time(rng: random.Random, stamp: dt.datetime) -> str:
    shape = rng.choice(SHAPES[:3] * 8 + SHAPES)
    return stamp.strftime(shape.replace("{ms}", f"{stamp.microsecond // 1000:03d}"))


def _cell(rng: random.Random, name: str, stamp: dt.datetime) -> str:
    key = name.lower().replace("_", "").replace(" ", "")
    if key in ("userid", "user"):
        # Spaces count, and users differing past 200 characters are one.
        odd = [f" user{rng.randrange(9)}", "", "  ", "x" * 250, "x" * 201 + "y"]
        return rng.choice([f"user{rng.randrange(9)}"] * 8 + odd)
    if key in ("time", "when"):
        return _time(rng, stamp)
    return rng.choice(["read", "", "a\nnote, quoted", 'say "hi"'])


def _csv(seed: int) -> str:
    """A fictional export with the odd things exports hold: out of order, gaps, blank and
    unreadable cells, ragged rows, blank lines, a BOM, quoted line breaks."""
    rng = random.Random(seed)
    header = rng.choice(HEADERS)
    stream = io.StringIO()
    writer = csv.writer(stream, lineterminator=rng.choice(["\n", "\r\n"]))
    writer.writerow(header)
    stamp = dt.datetime(2026, 10, 1, tzinfo=dt.UTC)
    for _ in range(rng.choice([0, 1, 2, 40, 300])):
        step = rng.choice([0, 1, 37, 600, 3 * 86400, -3600, -5 * 86400])
        stamp += dt.timedelta(seconds=step, milliseconds=rng.randrange(1000))
        cells = [_cell(rng, name, stamp) for name in header]
        if rng.random() < 0.03:
            cells.append("one too many")
        if rng.random() < 0.03:
            stream.write(rng.choice(["\n", '""\n']))
        writer.writerow(cells)
    return ("\ufeff" if rng.random() < 0.2 else "") + stream.getvalue()


@pytest.mark.parametrize("seed", range(40))
@pytest.mark.parametrize("checks", [Checks(), Checks(audit_log_max_gap_days=0.01)])
def test_rows_read_as_record_by_record(tmp_path: Path, seed: int, checks: Checks) -> None:
    path = tmp_path / "api.csv"
    path.write_text(_csv(seed), encoding="utf-8", newline="")
    record_by_record = dataclasses.replace(checks, audit_log_aliases=NOWHERE)
    assert read(path, checks) == read(path, record_by_record)


def test_an_alias_that_names_no_column_leaves_the_header_unplanned() -> None:
    assert Resolver({}).plan(APP, FIELDS) is not None
    assert Resolver(dict(NOWHERE)).plan(APP, FIELDS) is None


def test_more_users_than_counted_are_said_to_be_more(tmp_path: Path) -> None:
    lines = ["userId,action,time"]
    lines += [f"user{n},read,2026-10-01T09:00:{n % 60:02d}Z" for n in range(100_001)]
    path = tmp_path / "api.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    [users] = [fact.value for fact in read(path).facts if fact.label == "Distinct users"]
    assert users == "more than 100000"


def test_a_plan_names_the_cell_resolve_row_reads() -> None:
    header = ["userId", "time", "userId", "action", "note"]
    cells = ["u1", "t", "u2", "read", "n"]
    resolver = Resolver({})
    found, layout = resolver.resolve_row(APP, header, cells)
    plan = resolver.plan(APP, header)
    assert plan is not None
    assert plan[0] == layout
    assert {concept: cells[index] for concept, index in plan[1].items()} == {
        concept: value for concept, (_column, value) in found.items()
    }


TIMES = [
    "2026-10-01",
    "2026-10-01T09:00Z",
    "2026-10-01T09:00:00Z",
    "2026-10-01T09:00:00.5Z",
    "2026-10-01T09:00:00.123456Z",
    "2026-10-01T09:00:00.1234567Z",
    "2026-10-01T09:00:00+0530",
    "2026-10-01T09:00:00-08:00",
    "2026-10-01 09:00:00",
    "20261001T090000Z",
    "2026-W40-1T09:00Z",
    "2026-10-01T24:00:00Z",
    "2026-13-01T09:00:00Z",
    "1234567890Z",
    "17900000000",
    "0001-01-01T00:00:00Z",
    "9999-12-31T23:59:59.999999Z",
]


@pytest.mark.parametrize("text", TIMES)
def test_the_quick_parse_gives_what_parse_instant_gives(text: str) -> None:
    assert text[0] in ISO_FIRST and text[-1] in ISO_LAST
    quick, slow = iso_instant(text), parse_instant(text)
    assert quick == slow and instant(text) == slow
    assert (quick and quick.utcoffset()) == (slow and slow.utcoffset())


def test_rows_give_the_header_then_rows_as_wide_with_their_lines() -> None:
    notes = Notes("api.csv")
    text = '\n time \n2026-10-01\n""\n\n"2026-\n10-02"\n2026-10-03,extra\n'
    rows = list(sources.rows(io.StringIO(text), notes, ","))
    assert rows == [(2, ["time"]), (3, ["2026-10-01"]), (6, ["2026-\n10-02"])]
    [finding] = notes.findings
    assert (finding.line, finding.message) == (8, "record has 2 field(s), the header has 1")

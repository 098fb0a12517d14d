"""CSV rows resolved from their cells find what resolving their record finds, and a file's
first kilobytes tell a PostgreSQL log from a CSV export however its names read."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from tests.unit.inputs.test_readers_audit_log import DAYS, FIELDS, csv_text, facts, read, record

from auditbook.inputs.readers.audit.families import APP, CLOUDTRAIL
from auditbook.inputs.readers.audit.resolve import Resolver
from auditbook.inputs.readers.audit.sniff import sniff
from auditbook.inputs.readers.audit.sources import Columns, Entry

if TYPE_CHECKING:
    from pathlib import Path

HEADERS = [
    FIELDS,
    ["user_id", "Action", "IP Address", "when", "note"],
    ["userId", "time", "userId", "action"],  # a name twice: the record keeps its last cell
    ["user", "USER", "action", "time", "time"],  # one concept under two spellings
    ["note", "comment"],  # nothing a concept is named
]


@pytest.mark.parametrize("header", HEADERS)
@pytest.mark.parametrize("aliases", [{}, {"who": ("note",)}])
def test_a_row_resolves_as_its_record_does(
    header: list[str], aliases: dict[str, tuple[str, ...]]
) -> None:
    resolver, plain = Resolver(aliases), Resolver(aliases)
    for number in range(3):  # the same header list for every row, as a file's rows share
        cells = [f"{name}-{index}-{number}" for index, name in enumerate(header)]
        expected = plain.resolve(APP, dict(zip(header, cells, strict=True)))
        assert resolver.resolve_row(APP, header, cells) == expected


def test_a_new_header_is_planned_anew() -> None:
    resolver = Resolver({})
    resolver.resolve_row(APP, ["userId", "time"], ["u", "t"])
    found, layout = resolver.resolve_row(APP, ["time", "userId"], ["t2", "u2"])
    assert found == {"who": ("userId", "u2"), "when": ("time", "t2")}
    assert layout == (("who", "userId"), ("when", "time"))


def test_a_family_with_paths_resolves_the_record() -> None:
    header, cells = ["eventName", "eventTime"], ["Login", "2026-10-01T09:00:00Z"]
    found, _ = Resolver({}).resolve_row(CLOUDTRAIL, header, cells)
    assert found == Resolver({}).resolve(CLOUDTRAIL, dict(zip(header, cells, strict=True)))[0]
    assert found["what"] == ("eventName", "Login")


def test_a_row_makes_its_record_and_text_when_asked() -> None:
    entry = Entry(7, cells=["u", "a,b"], columns=Columns(["userId", "action"], ";"))
    assert entry.record == {"userId": "u", "action": "a,b"}
    assert entry.text == "u;a,b"
    entry.record = {"other": 1}
    assert entry.record == {"other": 1}
    assert Entry(1, {"a": 1}, "given").text == "given"


def test_a_quoted_csv_row_reads_as_its_cells(tmp_path: Path) -> None:
    rows = [record(DAYS[0], user=""), record(DAYS[1], newValues='{"a":"b,c"}')]
    path = tmp_path / "api.csv"
    path.write_text(csv_text(rows), encoding="utf-8")
    result = read(path)
    assert facts(result)["Records"] == "2"
    [quote] = [q for q in result.quotes if q.line == 2]
    assert quote.text.startswith(",PATIENT_VIEW,Patient/")  # its cells joined, user empty


@pytest.mark.parametrize(
    ("head", "kind"),
    [
        ("2026-10-01 09:00:00 UTC [42] LOG:  AUDIT: SESSION,1,1,READ,SELECT,,,x,<none>\n", "pglog"),
        ("2026-10-01 09:00:00 UTC [42] ERROR:  relation does not exist\n", "pglog"),
        ("2026-10-01 09:00:00 UTC [42] LOG: AUDIT: OBJECT,1,1,READ,SELECT\n", "pglog"),
        ("note,comment\nAUDIT: SESSION;x,y\n", "csv"),  # the words, not the mark
        ("note,time\nsaid:  this,LOG:\n", "csv"),  # two spaces, but after no level
        ("userId,action,time\nu,LOGIN,2026-10-01T09:00:00Z\n", "csv"),
    ],
)
def test_a_postgresql_log_is_told_by_its_marks(tmp_path: Path, head: str, kind: str) -> None:
    path = tmp_path / "export.txt"
    path.write_text(head, encoding="utf-8")
    assert sniff(path).format == kind

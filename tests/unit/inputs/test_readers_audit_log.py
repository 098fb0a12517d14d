"""The audit-log reader: formats recognised by content, concepts found by any name."""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
import subprocess
import sys
from typing import TYPE_CHECKING

import pytest

from auditbook.domain.errors import ConfigError
from auditbook.domain.findings import Level
from auditbook.domain.model import Checks, EvidenceMeta, ReaderResult, Verdict
from auditbook.inputs.readers import _jsonarray, read_evidence
from auditbook.inputs.readers._common import LineTooLong, bounded_lines
from auditbook.inputs.readers.audit import sources
from auditbook.options import ChecksConfig, checks_of

if TYPE_CHECKING:
    from pathlib import Path

FIELDS = [
    "userId",
    "action",
    "resource",
    "oldValues",
    "newValues",
    "ipAddress",
    "userAgent",
    "time",
]
REL = "evidence/audit/api.csv"


def record(time: str, user: str = "ckuser0000000000000000001", **extra: str) -> dict[str, str]:
    base = {
        "userId": user,
        "action": "PATIENT_VIEW",
        "resource": "Patient/ckpatient00000000000000001",
        "oldValues": "",
        "newValues": '{"status":"ACTIVE"}',
        "ipAddress": "192.0.2.10",
        "userAgent": "Mozilla/5.0 (X11; Linux x86_64)",
        "time": time,
    }
    return base | extra


def csv_text(rows: list[dict[str, str]], fields: list[str] = FIELDS) -> str:
    def quote(value: str) -> str:
        return '"' + value.replace('"', '""') + '"' if any(c in value for c in ',"\n') else value

    lines = [",".join(fields)]
    lines += [",".join(quote(row.get(name, "")) for name in fields) for row in rows]
    return "\n".join(lines) + "\n"


def read(path: Path, checks: Checks | None = None) -> ReaderResult:
    meta = EvidenceMeta("x.meta.yml", "export", "audit-log", dt.date(2026, 11, 2), "tester")
    return read_evidence(path, REL, meta, checks or Checks())


def facts(result: ReaderResult) -> dict[str, str]:
    return {fact.label: fact.value for fact in result.facts}


def findings(result: ReaderResult) -> list[tuple[str, str, str, int | None]]:
    assert all(f.path == REL for f in result.findings)
    return [(f.level.label, f.code, f.text, f.line) for f in result.findings]


DAYS = [f"2026-10-{day:02d}T09:00:00Z" for day in range(1, 11)]


def test_good_csv_gives_facts_and_passes(tmp_path: Path) -> None:
    rows = [record(t, user=f"ckuser{i % 3:019d}") for i, t in enumerate(DAYS)]
    path = tmp_path / "api.csv"
    path.write_text(csv_text(rows), encoding="utf-8")
    result = read(path)
    assert result.findings == ()
    assert result.passed is True
    assert facts(result) == {
        "Format": "CSV",
        "Records": "10",
        "First record": "2026-10-01T09:00:00Z",
        "Last record": "2026-10-10T09:00:00Z",
        "Span": "9.0 days",
        "who": "userId (10 of 10 records)",
        "what": "action (10 of 10 records)",
        "resource": "resource (10 of 10 records)",
        "before": "oldValues (10 of 10 records)",
        "after": "newValues (10 of 10 records)",
        "where": "ipAddress (10 of 10 records)",
        "client": "userAgent (10 of 10 records)",
        "when": "time (10 of 10 records)",
        "Required fields": "8 of 8 present",
        "Missing fields": "none",
        "Records without a who": "0",
        "Records without a when": "0",
        "Distinct users": "3",
        "Gaps over 2 days": "0",
        "Longest gap": "24 h 0 min (2026-10-01T09:00:00Z to 2026-10-02T09:00:00Z)",
    }


def test_csv_missing_column_is_an_error_on_the_header_line(tmp_path: Path) -> None:
    fields = [name for name in FIELDS if name != "userAgent"]
    path = tmp_path / "api.csv"
    path.write_text(csv_text([record(t) for t in DAYS], fields), encoding="utf-8")
    result = read(path)
    assert result.passed is False
    [finding] = result.findings
    assert finding.level is Level.ERROR
    assert finding.code == "audit-log-missing-field"
    assert finding.message == "missing required field(s): client (user agent)"
    assert (finding.path, finding.line) == (REL, 1)
    assert facts(result)["Missing fields"] == "client"
    assert facts(result)["client"] == "not found"
    assert facts(result)["Required fields"] == "7 of 8 present"


def test_csv_with_a_10_mb_field_is_read_without_error(tmp_path: Path) -> None:
    huge = "A" * (10 * 1024 * 1024)
    path = tmp_path / "api.csv"
    rows = [record(DAYS[0]), record(DAYS[1], userAgent=huge), record(DAYS[2])]
    path.write_text(csv_text(rows), encoding="utf-8")
    result = read(path)
    assert result.findings == ()
    assert facts(result)["Records"] == "3"


def test_line_longer_than_the_limit_stops_reading() -> None:
    import io

    lines = bounded_lines(io.StringIO("short\n" + "x" * 50 + "\nafter\n"), limit=20)
    assert next(lines) == "short\n"
    with pytest.raises(LineTooLong) as caught:
        next(lines)
    assert caught.value.line == 2


def test_csv_errors_name_their_lines(tmp_path: Path) -> None:
    path = tmp_path / "api.csv"
    text = csv_text([record(DAYS[0], newValues='{"note":"two\nlines"}'), record(DAYS[1])])
    text += "only,three,fields\n" + csv_text([record("yesterday")]).split("\n", 1)[1]
    path.write_text(text, encoding="utf-8")
    result = read(path)
    assert findings(result) == [
        ("error", "audit-log-bad-record", "record has 3 field(s), the header has 8", 5),
        ("error", "audit-log-bad-time", "unparseable time: yesterday", 6),
    ]
    assert result.passed is False


@pytest.mark.parametrize(
    ("limit", "bad", "message"),
    [
        (1000, "x" * 5000, "cannot parse CSV: field larger than field limit (1000)"),
    ],
)
def test_csv_module_error_is_a_finding_not_a_traceback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, limit: int | None, bad: str, message: str
) -> None:
    path = tmp_path / "api.csv"
    path.write_text(csv_text([record(DAYS[0])]) + bad + "\n", encoding="utf-8", newline="")
    saved = csv.field_size_limit()
    if limit:
        monkeypatch.setattr(sources, "MAX_LINE", limit)
        csv.field_size_limit(limit)
    try:
        result = read(path)
    finally:
        csv.field_size_limit(saved)
    [finding] = result.findings
    assert finding.code == "audit-log-bad-record"
    assert finding.message.startswith(message)
    assert finding.line == 3


def test_gap_is_a_warning_on_the_record_after_it(tmp_path: Path) -> None:
    path = tmp_path / "api.jsonl"
    times = ["2026-10-01T00:00:00Z", "2026-10-02T00:00:00Z", "2026-10-05T12:00:00+02:00"]
    path.write_text("".join(json.dumps(record(t)) + "\n" for t in times), encoding="utf-8")
    result = read(path)
    assert findings(result) == [
        (
            "warning",
            "audit-log-gap",
            "gap of 3.4 days with no records (2026-10-02T00:00:00Z to 2026-10-05T10:00:00Z), "
            "longer than 2 days",
            3,
        )
    ]
    assert result.passed is True
    assert facts(result)["Gaps over 2 days"] == "1"
    assert facts(result)["Last record"] == "2026-10-05T10:00:00Z"


def test_jsonl_problems_name_the_first_record_concerned(tmp_path: Path) -> None:
    lines = [
        json.dumps(record(DAYS[0])),
        "",
        "{not json",
        json.dumps({k: v for k, v in record(DAYS[1]).items() if k != "ipAddress"}),
        json.dumps({k: v for k, v in record(DAYS[2]).items() if k != "ipAddress"}),
        "[1, 2]",
        json.dumps(record("2026-13-01T00:00:00Z")),
    ]
    path = tmp_path / "api.ndjson"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = read(path)
    assert findings(result) == [
        (
            "error",
            "audit-log-bad-record",
            "invalid JSON: Expecting property name enclosed in double quotes",
            3,
        ),
        ("error", "audit-log-bad-record", "record is not a JSON object", 6),
        ("error", "audit-log-bad-time", "unparseable time: 2026-13-01T00:00:00Z", 7),
        (
            "error",
            "audit-log-missing-field",
            "missing required field(s): where (IP address) (2 of 4 records)",
            4,
        ),
    ]
    assert facts(result)["Missing fields"] == "where"


def test_json_array_records_keep_their_lines(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rows = [record(t) for t in DAYS[:4]]
    text = "[\n" + ",\n".join(json.dumps(row, indent=2) for row in rows) + "\n]\n"
    path = tmp_path / "api.json"
    path.write_text(text, encoding="utf-8")
    expected = [2, 12, 22, 32]  # each record is 10 lines long
    whole = list(_jsonarray.json_array_records(path.open(encoding="utf-8")))
    assert [line for line, _ in whole] == expected
    monkeypatch.setattr(_jsonarray, "CHUNK", 7)  # every record spans several chunks
    chunked = list(_jsonarray.json_array_records(path.open(encoding="utf-8")))
    assert chunked == whole
    result = read(path)
    assert result.findings == ()
    assert facts(result)["Format"] == "JSON"
    assert facts(result)["Records"] == "4"


@pytest.mark.parametrize(
    ("text", "message", "line"),
    [
        ('[\n{"time": "2026-10-01T00:00:00Z"},\n{"time": ', "invalid JSON: Expecting value", 3),
        ('[\n{"time": "x"}\n{"time": "y"}]', "expected ',' or ']'; reading stopped", 3),
        ('[{"time": "x"},\n]', "trailing comma before ']'; reading stopped", 2),
        ('[{"time": "x"}] x', "expected a JSON object or array; reading stopped", 1),
        ('{"Records": [{"time": "x"},\n]}', "trailing comma before ']'; reading stopped", 2),
    ],
)
def test_broken_json_array_is_reported_with_its_line(
    tmp_path: Path, text: str, message: str, line: int
) -> None:
    path = tmp_path / "api.json"
    path.write_text(text, encoding="utf-8")
    result = read(path)
    bad = [f for f in result.findings if f.code == "audit-log-bad-record"]
    assert [(f.message.replace("; reading stopped", ""), f.line) for f in bad] == [
        (message.replace("; reading stopped", ""), line)
    ]
    assert result.passed is False


def test_empty_export_is_not_enough_to_tell(tmp_path: Path) -> None:
    path = tmp_path / "api.jsonl"
    path.write_text("\n\n", encoding="utf-8")
    result = read(path)
    assert findings(result) == [("error", "audit-log-empty", "the file is empty", None)]
    assert result.verdict is Verdict.UNDECIDED
    path.write_text('{"Records": []}', encoding="utf-8")
    result = read(path)
    assert findings(result) == [("error", "audit-log-empty", "no records", None)]
    assert result.verdict is Verdict.UNDECIDED


def test_a_workbook_is_not_this_kind_of_file(tmp_path: Path) -> None:
    path = tmp_path / "api.csv"
    path.write_bytes(b"PK\x03\x04")
    result = read(path)
    assert result.findings[0].code == "audit-log-wrong-kind"
    assert "ZIP archive" in result.findings[0].message
    assert result.verdict is Verdict.WRONG_KIND


def test_out_of_order_records_warn_once(tmp_path: Path) -> None:
    path = tmp_path / "api.jsonl"
    times = [DAYS[1], DAYS[0], DAYS[2], DAYS[1]]
    path.write_text("".join(json.dumps(record(t)) + "\n" for t in times), encoding="utf-8")
    result = read(path)
    assert [(f.code, f.line) for f in result.findings] == [("audit-log-unordered", 2)]


def test_findings_of_one_kind_are_capped(tmp_path: Path) -> None:
    path = tmp_path / "api.jsonl"
    path.write_text("".join(json.dumps(record("bad")) + "\n" for _ in range(25)), encoding="utf-8")
    result = read(path)
    assert len(result.findings) == 21
    assert result.findings[-1].message == "5 more finding(s) like the above not shown"


def test_text_from_the_file_is_an_excerpt_capped_apart_from_the_message(tmp_path: Path) -> None:
    path = tmp_path / "api.jsonl"
    path.write_text(json.dumps(record("<script>" + "x" * 500)) + "\n", encoding="utf-8")
    [finding] = read(path).findings
    assert finding.message == "unparseable time"  # auditbook's words only
    assert finding.excerpt.startswith("<script>")  # kept as data: renderers escape it
    assert len(finding.excerpt) <= 60


def test_hostile_json_values_are_bad_records(tmp_path: Path) -> None:
    lines = [json.dumps(record(DAYS[0])), '{"time": ' + "1" * 5000 + "}", "[" * 100_000]
    path = tmp_path / "api.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = read(path)
    assert [(f.code, f.line) for f in result.findings] == [
        ("audit-log-bad-record", 2),
        ("audit-log-bad-record", 3),
    ]
    array = tmp_path / "api.json"
    array.write_text("[\n" + "[" * 100_000 + "\n]", encoding="utf-8")
    assert [(f.code, f.line) for f in read(array).findings] == [
        ("audit-log-bad-record", 2),
        ("audit-log-empty", None),
    ]


def checks_config(**options: object) -> ChecksConfig:
    config = ChecksConfig()
    config.load_dict(dict(options))
    errors, _warnings = config.validate()
    assert errors == []
    return config


def test_old_field_names_are_read_as_their_concepts() -> None:
    checks = checks_of(checks_config(audit_log_fields=["userId", "ipAddress", "time", "when"]))
    assert checks.audit_log_fields == ("who", "where", "when")
    assert checks_of(checks_config()).audit_log_fields == Checks().audit_log_fields


def test_unknown_field_and_alias_names_are_one_config_error() -> None:
    config = checks_config(
        audit_log_fields=["who", "userid", "sessionId"], audit_log_aliases={"actor": ["a.b"]}
    )
    with pytest.raises(ConfigError) as caught:
        checks_of(config)
    assert "unknown field 'sessionId'" in caught.value.message
    assert "unknown concept 'actor'" in caught.value.message


def test_aliases_find_a_concept_anywhere(tmp_path: Path) -> None:
    path = tmp_path / "api.jsonl"
    row = {k: v for k, v in record(DAYS[0]).items() if k != "userId"}
    path.write_text(json.dumps(row | {"meta": {"by": ["x", "u-1"]}}) + "\n", encoding="utf-8")
    assert facts(read(path))["who"] == "not found"
    result = read(path, Checks(audit_log_aliases=(("who", ("meta.by[1]",)),)))
    assert facts(result)["who"] == "meta.by[1] (1 of 1 records)"
    assert result.verdict is Verdict.PASSES


def test_records_document_is_streamed_in_chunks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rows = [record(t) for t in DAYS]
    path = tmp_path / "trail.json"
    path.write_text('{"Records": [\n' + ",\n".join(map(json.dumps, rows)) + "\n]}", "utf-8")
    monkeypatch.setattr(_jsonarray, "CHUNK", 5)
    result = read(path)
    assert result.findings == ()
    assert facts(result)["Records"] == "10"
    assert [q.line for q in result.quotes] == [2]


def test_pgaudit_with_bom_crlf_and_nul_bytes(tmp_path: Path) -> None:
    prefix = "2026-11-02 10:15:01.123 UTC [1] user=alice,db=appdb,host=192.0.2.4,app=psql LOG:  "
    lines = [
        prefix + 'AUDIT: SESSION,1,1,READ,SELECT,TABLE,public.a,"select\r\n1 from a",<none>',
        prefix + "AUDIT: SESSION,2,1,MISC,SET,,,set x = '\x00',<not logged>",
        prefix + "AUDIT: SESSION,3,1,READ",
    ]
    path = tmp_path / "postgresql.out"
    path.write_bytes(b"\xef\xbb\xbf" + "\r\n".join(lines).encode() + b"\r\n")
    result = read(path, Checks(audit_log_fields=("who", "what", "where", "when")))
    assert [(f.code, f.line) for f in result.findings] == [("audit-log-bad-record", 4)]
    assert facts(result)["Records"] == "2"
    assert result.recognised == "pgaudit session records in a PostgreSQL log, 2 records"


def test_json_that_is_not_an_audit_log_is_given_up_on(tmp_path: Path) -> None:
    path = tmp_path / "big.jsonl"
    path.write_text('{"sku": 1}\n' * 3000, encoding="utf-8")
    result = read(path)
    assert result.verdict is Verdict.WRONG_KIND
    [finding] = result.findings
    assert finding.message == (
        "not an audit log: none of the first 1000 records has a user, action or time"
    )


def test_a_line_with_two_lists_of_records_is_read_alike_in_every_run() -> None:
    """Which list a wrapper line is read by once depended on the order of a set, which
    changes with each run's hash seed: one build could count other records than the next."""
    code = (
        "from auditbook.inputs.readers.audit.sources import _wrapped\n"
        "print(_wrapped({'items': ['an item'], 'Records': ['a record']}))"
    )
    seen = {
        subprocess.run(
            [sys.executable, "-c", code],
            env={**os.environ, "PYTHONHASHSEED": str(seed)},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for seed in range(8)
    }
    assert seen == {"['a record']\n"}

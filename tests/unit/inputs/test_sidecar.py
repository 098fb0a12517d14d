"""Sidecars: a good one loads whole; every bad one says what, where (file and line) and how."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from auditbook.domain.findings import Finding, Level
from auditbook.domain.model import EvidenceMeta, Ref
from auditbook.inputs.sidecar import KINDS, is_sidecar, load_sidecar, sidecar_path

REL = "evidence/logs/api.log.meta.yml"
GOOD = """\
title: Audit log export, API service, October 2026
kind: audit-log
covers:
  - readiness/technical-safeguards-164-312/audit-logs-include-userid-action-resource
controls:
  - "164.312(b)"
  - 164.308
collected: 2026-11-02
collected_by: Dana Okafor (Security Lead)
valid_for: 90d
publish: false
packet: true
description: Fictional sample export.
fictional: true
"""
LIST_HINT = "'covers' must be a list (one '- ' entry per line), "
BASE = "title: T\nkind: other\ncollected: 2026-11-02\ncollected_by: Dana\n"


def load(tmp_path: Path, text: str) -> tuple[EvidenceMeta | None, list[Finding]]:
    path = tmp_path / "api.log.meta.yml"
    path.write_text(text, encoding="utf-8")
    return load_sidecar(path, REL)


def only(findings: list[Finding]) -> Finding:
    assert len(findings) == 1, findings
    return findings[0]


def test_good_sidecar_loads_every_field_with_ref_lines(tmp_path: Path) -> None:
    meta, findings = load(tmp_path, GOOD)
    assert findings == []
    assert meta is not None
    assert meta.sidecar == REL
    assert meta.title == "Audit log export, API service, October 2026"
    assert meta.kind == "audit-log"
    assert meta.covers == (
        Ref("readiness/technical-safeguards-164-312/audit-logs-include-userid-action-resource", 4),
    )
    # A bare 164.308 stays the citation as written, not the float 164.308.
    assert meta.controls == (Ref("164.312(b)", 6), Ref("164.308", 7))
    assert meta.collected == dt.date(2026, 11, 2)
    assert meta.collected_by == "Dana Okafor (Security Lead)"
    assert meta.valid_for_days == 90
    assert meta.valid_until == dt.date(2027, 1, 31)
    assert (meta.publish, meta.packet, meta.fictional) == (False, True, True)
    assert meta.description == "Fictional sample export."


def test_defaults_for_optional_keys(tmp_path: Path) -> None:
    meta, findings = load(tmp_path, BASE)
    assert findings == []
    assert meta is not None
    assert (meta.covers, meta.controls, meta.valid_for_days, meta.expires) == ((), (), None, None)
    assert (meta.publish, meta.packet, meta.fictional, meta.description) == (False, True, False, "")


def test_iso_string_date_is_accepted(tmp_path: Path) -> None:
    meta, _ = load(tmp_path, BASE.replace("2026-11-02", "'2026-11-02'") + "expires: 2027-01-31\n")
    assert meta is not None
    assert (meta.collected, meta.expires) == (dt.date(2026, 11, 2), dt.date(2027, 1, 31))


@pytest.mark.parametrize(
    ("written", "days"),
    [("90d", 90), ("2w", 14), ("3m", 90), ("1y", 365), ("45", 45), ("'30'", 30), ("6 M", 180)],
)
def test_valid_for_units(tmp_path: Path, written: str, days: int) -> None:
    meta, findings = load(tmp_path, BASE + f"valid_for: {written}\n")
    assert findings == []
    assert meta is not None
    assert meta.valid_for_days == days


def test_malformed_yaml_uses_problem_line(tmp_path: Path) -> None:
    meta, findings = load(tmp_path, "title: T\nkind: other\n  collected: : 2026\n")
    assert meta is None
    assert only(findings) == Finding(
        Level.ERROR, "sidecar-yaml", "malformed YAML: mapping values are not allowed here", REL, 3
    )


def test_unclosed_quote_names_both_lines(tmp_path: Path) -> None:
    _, findings = load(tmp_path, "title: 'T\nkind: other\n")
    finding = only(findings)
    assert (finding.code, finding.line) == ("sidecar-yaml", 3)
    assert finding.message == (
        "malformed YAML: while scanning a quoted scalar (line 1), found unexpected end of stream"
    )


@pytest.mark.parametrize(
    ("text", "got", "line"),
    [
        ("- title\n- kind\n", "a list", 1),
        ("", "nothing (the file is empty)", 1),
        ("# just a comment\n", "nothing (the file is empty)", 1),
        ("\n\njust text\n", "a string", 3),
    ],
)
def test_top_level_must_be_a_mapping(tmp_path: Path, text: str, got: str, line: int) -> None:
    meta, findings = load(tmp_path, text)
    assert meta is None
    message = (
        f"sidecar must be a mapping of keys (title, kind, collected, collected_by, ...), got {got}"
    )
    assert only(findings) == Finding(Level.ERROR, "sidecar-not-mapping", message, REL, line)


def test_unknown_key_suggests_the_close_one(tmp_path: Path) -> None:
    text = BASE.replace("collected:", "colected:") + "collected: 2026-11-02\n"
    meta, findings = load(tmp_path, text)
    message = "unknown key 'colected' (did you mean 'collected'?)"
    assert only(findings) == Finding(Level.ERROR, "sidecar-unknown-key", message, REL, 3)
    assert meta is not None  # an unknown optional extra does not make the rest unusable


def test_unknown_key_without_close_match_lists_keys(tmp_path: Path) -> None:
    _, findings = load(tmp_path, BASE + "zzz: 1\n")
    assert only(findings).message == (
        "unknown key 'zzz' (valid keys: title, kind, collected, collected_by, owner, covers, "
        "controls, valid_for, expires, publish, packet, description, fictional, "
        "sensitive_data_reviewed)"
    )
    assert only(findings).line == 5


def test_missing_required_keys(tmp_path: Path) -> None:
    meta, findings = load(tmp_path, "# evidence\ntitle: T\nkind: other\n")
    assert meta is None
    assert findings == [
        Finding(Level.ERROR, "sidecar-missing-key", "missing required key 'collected'", REL, 2),
        Finding(Level.ERROR, "sidecar-missing-key", "missing required key 'collected_by'", REL, 2),
    ]


@pytest.mark.parametrize(
    ("line_text", "message"),
    [
        ("title: [a, b]", "'title' must be a string, got a list"),
        ("title:", "'title' must be a string, got an empty value"),
        ("title: '  '", "'title' must be a string, got a blank string"),
        ("collected_by: yes", "'collected_by' must be a string, got a boolean"),
        ("collected_by: {name: Dana}", "'collected_by' must be a string, got a mapping"),
    ],
)
def test_wrong_type_of_required_key(tmp_path: Path, line_text: str, message: str) -> None:
    key = line_text.split(":")[0]
    lines = [line for line in BASE.splitlines() if not line.startswith(key + ":")]
    meta, findings = load(tmp_path, "\n".join([*lines, line_text]) + "\n")
    assert meta is None
    assert only(findings) == Finding(Level.ERROR, "sidecar-type", message, REL, 4)


@pytest.mark.parametrize(
    ("extra", "message", "line"),
    [
        ("publish: 'no'", "'publish' must be true or false, got a string", 5),
        ("packet: 1", "'packet' must be true or false, got a number", 5),
        ("covers: readiness/x", LIST_HINT + "got a string", 5),
        (
            "controls:\n  - '164.312(b)'\n  - [x]",
            "each 'controls' entry must be a string, got a list",
            7,
        ),
        ("covers:\n  -\n  - a/b", "each 'covers' entry must be a string, got an empty value", 6),
        ("description: [a]", "'description' must be a string, got a list", 5),
    ],
)
def test_wrong_type_of_optional_key(tmp_path: Path, extra: str, message: str, line: int) -> None:
    meta, findings = load(tmp_path, BASE + extra + "\n")
    assert only(findings) == Finding(Level.ERROR, "sidecar-type", message, REL, line)
    assert meta is not None  # the bad optional value is dropped, the rest still counts


@pytest.mark.parametrize("written", ["2026-13-45", "yesterday", "02/11/2026", "'2026-11-31'"])
def test_unparseable_collected_date(tmp_path: Path, written: str) -> None:
    meta, findings = load(tmp_path, BASE.replace("2026-11-02", written))
    assert meta is None
    shown = written.strip("'")
    message = f"'collected' is not a valid date: '{shown}' (expected YYYY-MM-DD)"
    assert only(findings) == Finding(Level.ERROR, "sidecar-bad-date", message, REL, 3)


def test_unparseable_expires_date(tmp_path: Path) -> None:
    _, findings = load(tmp_path, BASE + "expires: 2027-02-30\n")
    message = "'expires' is not a valid date: '2027-02-30' (expected YYYY-MM-DD)"
    assert only(findings) == Finding(Level.ERROR, "sidecar-bad-date", message, REL, 5)


def test_unknown_kind_suggests_and_lists_kinds(tmp_path: Path) -> None:
    meta, findings = load(tmp_path, BASE.replace("kind: other", "kind: audit_log"))
    assert meta is None
    message = (
        "unknown kind 'audit_log' (did you mean 'audit-log'? valid kinds: audit-log, "
        "backup-restore, baa, sign-off, policy, report, screenshot, attestation, other)"
    )
    assert only(findings) == Finding(Level.ERROR, "sidecar-unknown-kind", message, REL, 2)


def test_unknown_kind_without_close_match(tmp_path: Path) -> None:
    _, findings = load(tmp_path, BASE.replace("kind: other", "kind: spreadsheet"))
    assert only(findings).message == f"unknown kind 'spreadsheet' (valid kinds: {', '.join(KINDS)})"


@pytest.mark.parametrize(
    "written", ["3 months", "90x", "0d", "-5", "0", "[90]", "²", "999999999999d", "36501"]
)
def test_malformed_valid_for(tmp_path: Path, written: str) -> None:
    meta, findings = load(tmp_path, BASE + f"valid_for: {written}\n")
    got = "a list" if written.startswith("[") else f"'{written}'"
    message = f"'valid_for' must be a positive duration like 90d, 12w, 6m, 1y or 90, got {got}"
    assert only(findings) == Finding(Level.ERROR, "sidecar-valid-for", message, REL, 5)
    assert meta is not None
    assert meta.valid_for_days is None


def test_valid_for_past_the_last_date(tmp_path: Path) -> None:
    meta, findings = load(tmp_path, BASE.replace("2026-11-02", "9999-12-01") + "valid_for: 1y\n")
    message = "'valid_for' runs past the year 9999; check 'collected'"
    assert only(findings) == Finding(Level.ERROR, "sidecar-valid-for", message, REL, 5)
    assert meta is not None
    assert meta.valid_until is None


def test_both_valid_for_and_expires(tmp_path: Path) -> None:
    meta, findings = load(tmp_path, BASE + "expires: 2027-01-31\nvalid_for: 30d\n")
    message = "both 'valid_for' and 'expires' given; keep one ('expires' is used)"
    assert only(findings) == Finding(Level.ERROR, "sidecar-conflict", message, REL, 6)
    assert meta is not None
    assert (meta.expires, meta.valid_for_days) == (dt.date(2027, 1, 31), None)


def test_duplicate_key_names_the_first_line(tmp_path: Path) -> None:
    _, findings = load(tmp_path, BASE + "title: Again\n")
    message = "duplicate key 'title' (first on line 1)"
    assert only(findings) == Finding(Level.ERROR, "sidecar-duplicate-key", message, REL, 5)


def test_several_problems_are_all_reported(tmp_path: Path) -> None:
    text = "title: T\nkind: nope\ncolected: 2026-11-02\ncollected_by: D\npublish: maybe\n"
    _, findings = load(tmp_path, text)
    assert [(f.code, f.line) for f in findings] == [
        ("sidecar-unknown-kind", 2),
        ("sidecar-unknown-key", 3),
        ("sidecar-type", 5),
        ("sidecar-missing-key", 1),
    ]


def test_not_utf8_is_a_finding_not_a_traceback(tmp_path: Path) -> None:
    path = tmp_path / "x.meta.yml"
    path.write_bytes(b"title: T\nkind: other\ncollected_by: Jos\xe9\n")
    meta, findings = load_sidecar(path, REL)
    assert meta is None
    message = "sidecar is not valid UTF-8 (byte 0xe9); save it as UTF-8"
    assert only(findings) == Finding(Level.ERROR, "sidecar-encoding", message, REL, 3)


def test_control_character_is_malformed_yaml(tmp_path: Path) -> None:
    _, findings = load(tmp_path, "title: T\nkind: other\x00\n")
    message = "malformed YAML: control character \\x00 is not allowed; remove it"
    assert only(findings) == Finding(Level.ERROR, "sidecar-yaml", message, REL, 2)


def test_utf8_bom_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "x.meta.yml"
    path.write_bytes(b"\xef\xbb\xbf" + BASE.encode())
    meta, findings = load_sidecar(path, REL)
    assert findings == []
    assert meta is not None


def test_python_tags_are_never_constructed(tmp_path: Path) -> None:
    text = BASE.replace("title: T", "title: !!python/name:os.system ''")
    meta, findings = load(tmp_path, text)
    assert meta is None
    assert only(findings).message == (
        "'title' must be a string, got a value tagged tag:yaml.org,2002:python/name:os.system"
    )


def test_path_defaults_to_the_file_path(tmp_path: Path) -> None:
    path = tmp_path / "x.meta.yml"
    path.write_text("[]\n", encoding="utf-8")
    _, findings = load_sidecar(path)
    assert only(findings).path == path.as_posix()


def test_sidecar_naming() -> None:
    assert sidecar_path(Path("evidence/restore-2026-10.log")) == Path(
        "evidence/restore-2026-10.log.meta.yml"
    )
    assert is_sidecar(Path("evidence/restore.log.meta.yml"))
    assert not is_sidecar(Path("evidence/restore.log"))
    assert not is_sidecar(Path("evidence/.meta.yml"))

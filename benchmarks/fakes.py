"""Invented evidence contents: audit-log CSVs, pg_restore logs, sign-offs and filler files.

Everything is fictional: invented people, ids drawn from a seeded generator, and only the
documentation address range 192.0.2.0/24.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import random

FIRST = ("Avery", "Noor", "Tomasz", "Ines", "Kwame", "Mireille", "Soren", "Yuki", "Dara", "Lio")
LAST = ("Quillfeather", "Brandvold", "Okonkwo-Hale", "Marchetti", "Velasquez", "Thornbury")
ROLES = ("Security Lead", "CTO", "Compliance Officer", "Privacy Officer", "Engineering Manager")
AUDIT_HEADER = [
    "userId",
    "action",
    "resource",
    "oldValues",
    "newValues",
    "ipAddress",
    "userAgent",
    "time",
    "fictional",
]
ACTIONS = (
    ("PATIENT_VIEW", "Patient", "", ""),
    ("USER_LOGIN", "User", "", '{"mfa":"totp"}'),
    ("ENROLLMENT_UPDATE", "Enrollment", '{"status":"PENDING"}', '{"status":"ACTIVE"}'),
    ("ALERT_ACKNOWLEDGE", "Alert", '{"status":"OPEN"}', '{"status":"ACKNOWLEDGED"}'),
    ("REPORT_EXPORT", "Organization", "", '{"format":"PDF"}'),
)
AGENTS = (
    "Mozilla/5.0 (X11; Linux x86_64; rv:131.0) Gecko/20100101 Firefox/131.0",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_6) AppleWebKit/605.1.15 (KHTML, like Gecko)",
    "BenchSync/1.0 (fictional integration client)",
)
WORDS = [
    "policy",
    "review",
    "access",
    "control",
    "backup",
    "restore",
    "encryption",
    "vendor",
    "training",
    "incident",
    "response",
    "retention",
    "schedule",
    "audit",
    "record",
    "approval",
    "workstation",
    "device",
    "network",
    "monitoring",
    "exception",
    "risk",
    "register",
    "owner",
    "quarterly",
    "annual",
    "evidence",
    "fictional",
]
_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789"


def person(rng: random.Random) -> str:
    return f"{rng.choice(FIRST)} {rng.choice(LAST)}"


def log_uniform(rng: random.Random, low: int, high: int) -> int:
    """A size between low and high, as many small files as large ones per factor of two."""
    return int(math.exp(rng.uniform(math.log(low), math.log(high))))


def _token(rng: random.Random) -> str:
    return "c" + "".join(rng.choices(_ALPHABET, k=24))


def audit_log_csv(rng: random.Random, size: int, end: dt.datetime, gap: bool) -> bytes:
    """An API audit-log export of about `size` bytes ending at `end`; `gap` leaves 3 days out."""
    rows = max(2, size // 230)
    step = dt.timedelta(days=28) / rows
    users = [_token(rng) for _ in range(12)]
    resources = [_token(rng) for _ in range(200)]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(AUDIT_HEADER)
    moment = end - step * rows - (dt.timedelta(days=3) if gap else dt.timedelta())
    for row in range(rows):
        moment += step + (dt.timedelta(days=3) if gap and row == rows // 2 else dt.timedelta())
        action, kind, old, new = rng.choice(ACTIONS)
        stamp = moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"
        writer.writerow(
            (
                rng.choice(users),
                action,
                f"{kind}/{rng.choice(resources)}",
                old,
                new,
                f"192.0.2.{rng.randint(1, 254)}",
                rng.choice(AGENTS),
                stamp,
                "true",
            )
        )
    return out.getvalue().encode("utf-8")


def restore_log(rng: random.Random, size: int, start: dt.datetime, outcome: str) -> bytes:
    """A wrapped `pg_restore --verbose` log; outcome is 'ok', 'failed' or 'slow' (over RTO)."""
    stamp = start.strftime("%Y-%m-%d %H:%M:%S UTC")
    lines = [
        "# FICTIONAL benchmark restore log; invented database, no real data.",
        f"{stamp} restore started: pg_restore --verbose --dbname=bench_restore /restore/bench.dump",
        "pg_restore: connecting to database for restore",
    ]
    table = 0
    while sum(len(line) + 1 for line in lines) < size - 200:
        table += 1
        lines.append(f'pg_restore: creating TABLE "public.bench_table_{table:05d}"')
        lines.append(f'pg_restore: processing data for table "public.bench_table_{table:05d}"')
        lines.append(f'pg_restore: creating INDEX "public.bench_table_{table:05d}_pkey"')
    status = 0
    if outcome == "failed":
        status = 1
        lines.append('pg_restore: error: could not execute query: ERROR:  relation "x" exists')
    hours = rng.uniform(5, 7) if outcome == "slow" else rng.uniform(0.5, 2.5)
    end = (start + dt.timedelta(hours=hours)).strftime("%Y-%m-%d %H:%M:%S UTC")
    lines.append(f"{end} pg_restore exited with status {status}")
    return ("\n".join(lines) + "\n").encode("utf-8")


def signoff(rng: random.Random, day: dt.date, scope: str) -> bytes:
    decision = rng.choices(("approved", "approved-with-conditions", "rejected"), (8, 2, 1))[0]
    conditions = "conditions:\n  - Re-test restore after the storage migration\n"
    text = (
        "# FICTIONAL sign-off for auditbook benchmarks; an invented person.\n"
        f"name: {person(rng)}\nrole: {rng.choice(ROLES)}\ndate: {day.isoformat()}\n"
        f'decision: {decision}\nversion: "1.{rng.randint(0, 12)}"\n'
        f"scope:\n  - {scope}\n"
        + (conditions if decision == "approved-with-conditions" else "")
        + "fictional: true\n"
    )
    return text.encode("utf-8")


class Filler:
    """Bytes for generic evidence: a unique header, then a slice of a seeded pool."""

    def __init__(self, rng: random.Random, pool_size: int) -> None:
        self.rng = rng
        self.binary = rng.randbytes(pool_size)
        text = " ".join(rng.choices(WORDS, k=pool_size // 6 + 1))
        self.text = "\n".join(text[i : i + 79] for i in range(0, len(text), 80)).encode()

    def make(self, header: str, size: int, *, text: bool) -> bytes:
        head = header.encode("utf-8")
        pool = self.text if text else self.binary
        length = max(0, min(size, len(pool)) - len(head))
        start = self.rng.randint(0, len(pool) - length)
        return head + pool[start : start + length]

"""Fictional audit trails of each family, written to a given size, for the reader benchmark.

Every record is made up (documentation addresses, example.com users); the generator counts
what it wrote so the benchmark can check the reader counted the same.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterator
from pathlib import Path

START = dt.datetime(2026, 10, 1, tzinfo=dt.UTC)
USERS = tuple(f"user{n:03d}@example.com" for n in range(50))
ACTIONS = ("READ", "WRITE", "DDL")


def _stamp(n: int) -> dt.datetime:
    return START + dt.timedelta(seconds=n)


def pgaudit(n: int) -> str:
    user = USERS[n % len(USERS)].split("@")[0]
    when = _stamp(n).strftime("%Y-%m-%d %H:%M:%S.000 UTC")
    statement = f"select * from public.account where id = {n}"
    return (
        f"{when} [4242] {user}@appdb LOG:  AUDIT: SESSION,{n},1,READ,SELECT,TABLE,"
        f'public.account,"{statement}",<not logged>\n'
    )


def kubernetes(n: int) -> str:
    event = {
        "kind": "Event",
        "apiVersion": "audit.k8s.io/v1",
        "level": "Metadata",
        "auditID": f"00000000-0000-4000-8000-{n:012d}",
        "stage": "ResponseComplete",
        "requestURI": f"/api/v1/namespaces/clinic/secrets/s{n % 97}",
        "verb": "get",
        "user": {"username": USERS[n % len(USERS)], "groups": ["system:authenticated"]},
        "sourceIPs": [f"192.0.2.{n % 250 + 1}"],
        "userAgent": "kubectl/v1.31.0 (linux/amd64)",
        "objectRef": {"resource": "secrets", "namespace": "clinic", "name": f"s{n % 97}"},
        "responseStatus": {"code": 200},
        "requestReceivedTimestamp": _stamp(n).isoformat().replace("+00:00", ".000000Z"),
        "stageTimestamp": _stamp(n).isoformat().replace("+00:00", ".001000Z"),
    }
    return json.dumps(event, separators=(",", ":")) + "\n"


def cloudtrail(n: int) -> str:
    record = {
        "eventVersion": "1.08",
        "userIdentity": {
            "type": "IAMUser",
            "principalId": f"AIDAEXAMPLE{n % 1000:06d}",
            "arn": f"arn:aws:iam::123456789012:user/{USERS[n % len(USERS)].split('@')[0]}",
            "accountId": "123456789012",
            "userName": USERS[n % len(USERS)].split("@")[0],
        },
        "eventTime": _stamp(n).isoformat().replace("+00:00", "Z"),
        "eventSource": "s3.amazonaws.com",
        "eventName": "GetObject",
        "awsRegion": "us-east-1",
        "sourceIPAddress": f"198.51.100.{n % 250 + 1}",
        "userAgent": "aws-cli/2.17.0",
        "requestParameters": {"bucketName": "example-clinic-records", "key": f"r/{n}.json"},
        "resources": [{"type": "AWS::S3::Object", "ARN": f"arn:aws:s3:::example/r/{n}.json"}],
        "eventID": f"00000000-0000-4000-9000-{n:012d}",
        "recipientAccountId": "123456789012",
    }
    return json.dumps(record, separators=(",", ":")) + "\n"


CSV_HEADER = "timestamp,user_id,action,resource,old_value,new_value,ip_address,user_agent\n"


def app_csv(n: int) -> str:
    return (
        f"{_stamp(n).isoformat().replace('+00:00', 'Z')},{USERS[n % len(USERS)]},update,"
        f"patient/{n % 5000},scheduled,confirmed,203.0.113.{n % 250 + 1},ExampleApp/3.2\n"
    )


# family -> (file name, header, one record, how a plain parse reads it)
FAMILIES: dict[str, tuple[str, str, Callable[[int], str], str]] = {
    "pgaudit": ("postgresql.log", "", pgaudit, "csv"),
    "kubernetes": ("k8s-audit.jsonl", "", kubernetes, "jsonl"),
    "cloudtrail": ("cloudtrail.jsonl", "", cloudtrail, "jsonl"),
    "app-csv": ("app-audit.csv", CSV_HEADER, app_csv, "csv"),
}


def write_trail(folder: Path, family: str, size: int) -> tuple[Path, int]:
    """A trail of about `size` bytes; returns its path and how many records it holds."""
    name, header, record, _plain = FAMILIES[family]
    path = folder / name
    records = 0
    with path.open("w", encoding="utf-8", newline="") as stream:
        stream.write(header)
        for chunk in _chunks(record, size - len(header)):
            stream.write(chunk)
            records += BATCH
    return path, records


BATCH = 1000


def _chunks(record: Callable[[int], str], size: int) -> Iterator[str]:
    n = total = 0
    while total < size:
        chunk = "".join(record(n + i) for i in range(BATCH))
        n += BATCH
        total += len(chunk)
        yield chunk

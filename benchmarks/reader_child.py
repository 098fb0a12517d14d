"""`python -m benchmarks.reader_child FAMILY PATH (auditbook|plain)`: read one trail, print JSON.

`auditbook` reads it with the audit-log reader, as a build does; `plain` parses the same file
with the standard library alone (csv or json per line), the cost any reader has to pay.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import sys
from pathlib import Path

from auditbook.domain.model import Checks, EvidenceMeta
from auditbook.inputs.readers import read_evidence
from benchmarks.trails import FAMILIES


def read_with_auditbook(path: Path) -> dict[str, object]:
    meta = EvidenceMeta("x.meta.yml", "bench", "audit-log", dt.date(2026, 11, 1), "bench")
    result = read_evidence(path, f"evidence/{path.name}", meta, Checks())
    facts = {fact.label: fact.value for fact in result.facts}
    verdict = result.verdict.value if result.verdict else None
    return {"records": facts.get("Records"), "verdict": verdict, "read as": result.recognised}


def read_plainly(path: Path, how: str) -> dict[str, object]:
    count = 0
    with path.open(encoding="utf-8", newline="") as stream:
        if how == "csv":
            for _row in csv.reader(stream):
                count += 1
        else:
            for line in stream:
                json.loads(line)
                count += 1
    return {"records": count}


def main() -> None:
    family, name, mode = sys.argv[1:4]
    path = Path(name)
    found = (
        read_with_auditbook(path)
        if mode == "auditbook"
        else read_plainly(path, FAMILIES[family][3])
    )
    print(json.dumps(found))


if __name__ == "__main__":
    main()

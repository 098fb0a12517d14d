"""A report.json read back (an earlier release's, or one given to `auditbook diff`).

It is data from elsewhere: checked against the report's JSON Schema (shipped in the
package, data/report.schema.json) before anything compares it, so a field of the wrong
type is one message naming the field, not a failure deep inside the comparison.
"""

from __future__ import annotations

import functools
import json
from importlib import resources
from typing import TYPE_CHECKING, Any

from auditbook.domain.errors import ReleaseError

if TYPE_CHECKING:
    from pathlib import Path

    from jsonschema import Draft202012Validator

SCHEMA_FILE = "data/report.schema.json"
# A report of a very large project is tens of megabytes; past this it is not a report.
MAX_BYTES = 512 * 1024 * 1024


@functools.cache
def _validator() -> Draft202012Validator:
    """Imported here: a build that reads no earlier report does not pay for jsonschema."""
    from jsonschema import Draft202012Validator

    schema = json.loads(resources.files("auditbook").joinpath(SCHEMA_FILE).read_text("utf-8"))
    return Draft202012Validator(schema)


def read_report(path: Path) -> dict[str, Any]:
    """The report's data; ReleaseError naming the file (and the field) when it is not one."""
    where = path.as_posix()
    try:
        if path.stat().st_size > MAX_BYTES:
            raise ReleaseError(f"larger than {MAX_BYTES:,} bytes: not a report.json", where)
        data = json.loads(path.read_text("utf-8"))
    except OSError as error:
        raise ReleaseError(f"cannot read: {error.strerror or error}", where) from None
    except ValueError as error:
        raise ReleaseError(f"not JSON: {error}", where) from None
    return check_report(data, where)


def check_report(data: Any, where: str) -> dict[str, Any]:
    """`data` when it has the shape of a report.json, else the first problem, by field."""
    problem = next(iter(sorted(_validator().iter_errors(data), key=lambda e: e.path)), None)
    if problem is not None:
        field = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in problem.path)
        at = f" at {field.lstrip('.')}" if field else ""
        raise ReleaseError(f"is not an auditbook report.json{at}: {problem.message}", where)
    return dict(data)

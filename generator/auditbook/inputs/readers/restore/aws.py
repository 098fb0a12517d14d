"""AWS Backup restore jobs: `describe-restore-job` and `list-restore-jobs` JSON.

The AWS CLI prints one small JSON document, so it is decoded whole, up to MAX_JSON
characters; anything larger is refused rather than read into memory.
"""

from __future__ import annotations

import json
import re
from typing import Any

from auditbook.inputs.readers._common import cap
from auditbook.inputs.readers.restore.stamps import json_instant
from auditbook.inputs.readers.restore.story import Mark, Story

MAX_JSON = 8 * 1024 * 1024
_FAILED = ("FAILED", "ABORTED")
_PENDING = ("PENDING", "RUNNING", "CREATED")
_BAD_VALIDATION = ("FAILED", "TIMED_OUT")
# JSON that other tools print, by a key only they use.
_OTHER_JSON = {
    "BackupJobs": "AWS Backup backup jobs (list-backup-jobs)",
    "BackupJobId": "an AWS Backup backup job (describe-backup-job)",
    "RecoveryPoints": "AWS Backup recovery points (list-recovery-points)",
    "Records": "CloudTrail records",
    "backup_name": "WAL-G backup-list output (JSON)",
    "archive": "pgBackRest info output (JSON)",
}


def decode(text: str) -> Any:
    """The document, or None when it is not valid JSON."""
    try:
        return json.loads(text)
    except (ValueError, RecursionError):
        return None


def aws_story(document: Any, text: str) -> Story | None:
    """The restore jobs in the document, judged together; None when there are none."""
    jobs = _jobs(document)
    if not jobs:
        return None
    lines = _status_lines(text)
    story = Story("AWS Backup", _recognised(document, len(jobs)), True, weight=len(jobs))
    done: list[dict[str, Any]] = []
    ended: list[dict[str, Any]] = []
    pending: list[str] = []
    for index, job in enumerate(jobs):
        status = str(job.get("Status", "")).upper()
        line = lines[index] if index < len(lines) else None
        mark = Mark.at(line, _line_text(text, line) or f"Status: {status}")
        if status in _FAILED:
            story.fail(mark, _failure(job, status))
            ended.append(job)
        elif status == "COMPLETED":
            _validation(story, job, _validation_mark(text, len(jobs), mark), pending)
            done.append(job)
            ended.append(job)
        else:
            name = cap(job.get("RestoreJobId", "?"), 60)
            pending.append(f"job {name} is {status or 'without a status'}")
    story.ok = False if story.failure else (True if done else None)
    if story.failure is None and pending and not done:
        story.pending = "; ".join(pending[:3])
    elif pending and story.failure is None:
        story.warnings_found.append(("restore-job-pending", "; ".join(pending[:3]), None))
    if ended:
        latest = max(done or ended, key=_sort_key)
        _times(story, latest, text if len(jobs) == 1 else "")
    story.facts = _facts(jobs)
    return story


def other_json(document: Any) -> str:
    """What a JSON document that holds no restore job looks like."""
    first = document[0] if isinstance(document, list) and document else document
    if isinstance(first, dict):
        for key, what in _OTHER_JSON.items():
            if key in first or (isinstance(document, dict) and key in document):
                return what
    return "JSON that holds no AWS Backup restore job"


def _jobs(document: Any) -> list[dict[str, Any]]:
    if isinstance(document, dict) and isinstance(document.get("RestoreJobs"), list):
        document = document["RestoreJobs"]
    if isinstance(document, dict):
        document = [document]
    if not isinstance(document, list):
        return []
    return [job for job in document if isinstance(job, dict) and "RestoreJobId" in job]


def _recognised(document: Any, count: int) -> str:
    if isinstance(document, dict) and "RestoreJobs" in document:
        return f"AWS Backup restore jobs (list-restore-jobs), {count} job(s)"
    if count == 1:
        return "AWS Backup restore job (describe-restore-job)"
    return f"AWS Backup restore jobs, {count} job(s)"


def _validation(story: Story, job: dict[str, Any], mark: Mark, pending: list[str]) -> None:
    """Restore testing validates what was restored: a failed validation fails the test."""
    status = str(job.get("ValidationStatus", "")).upper()
    message = cap(job.get("ValidationStatusMessage", "") or "", 150)
    if status in _BAD_VALIDATION:
        detail = f": {message}" if message else ""
        story.fail(mark, f"restore validation {status}{detail}")
    elif status == "VALIDATING":
        pending.append(f"job {cap(job.get('RestoreJobId', '?'), 60)} is still being validated")


def _validation_mark(text: str, jobs: int, mark: Mark) -> Mark:
    """The `ValidationStatus` line, when the file holds one job (else the job's status)."""
    line = _first_line(text, "ValidationStatus") if jobs == 1 else None
    return Mark.at(line, _line_text(text, line)) if line is not None else mark


def _failure(job: dict[str, Any], status: str) -> str:
    message = cap(job.get("StatusMessage", "") or "", 150)
    return f"restore job {status}" + (f": {message}" if message else "")


def _sort_key(job: dict[str, Any]) -> float:
    stamp = json_instant(job.get("CompletionDate")) or json_instant(job.get("CreationDate"))
    return stamp.timestamp() if stamp else 0.0


def _times(story: Story, job: dict[str, Any], text: str) -> None:
    """When the job was created and completed; lines are known only in a one-job file."""
    for key in ("CreationDate", "CompletionDate"):
        stamp = json_instant(job.get(key))
        line = _first_line(text, key) if text else None
        mark = Mark.at(line, _line_text(text, line) or f'"{key}": {job.get(key)}', stamp)
        if key == "CreationDate":
            story.start = mark if stamp else None
        else:
            story.end = mark if stamp else None


def _facts(jobs: list[dict[str, Any]]) -> list[tuple[str, object]]:
    last = jobs[-1]
    facts: list[tuple[str, object]] = []
    if len(jobs) > 1:
        counts: dict[str, int] = {}
        for job in jobs:
            status = str(job.get("Status", "?")).upper()
            counts[status] = counts.get(status, 0) + 1
        facts.append(("Jobs", ", ".join(f"{n} {s}" for s, n in sorted(counts.items()))))
    for label, key in (
        ("Restore job", "RestoreJobId"),
        ("Status", "Status"),
        ("Resource type", "ResourceType"),
        ("Validation", "ValidationStatus"),
        ("Created resource", "CreatedResourceArn"),
    ):
        if last.get(key) not in (None, ""):
            facts.append((label, last[key]))
    return facts


def _status_lines(text: str) -> list[int]:
    """Line of each job's `"Status"` key, in document order (one per job)."""
    return [text.count("\n", 0, m.start()) + 1 for m in re.finditer(r'"Status"\s*:', text)]


def _first_line(text: str, key: str) -> int | None:
    match = re.search(rf'"{key}"\s*:', text)
    return text.count("\n", 0, match.start()) + 1 if match else None


def _line_text(text: str, line: int | None) -> str:
    if line is None:
        return ""
    start = 0
    for _ in range(line - 1):
        start = text.find("\n", start) + 1
    end = text.find("\n", start)
    return text[start : end if end >= 0 else len(text)].strip()

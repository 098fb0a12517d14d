"""Say what a tally of audit records means: facts, findings and what the file is."""

from __future__ import annotations

from typing import TYPE_CHECKING

from auditbook.inputs.readers._common import human_duration, iso
from auditbook.inputs.readers.audit.concepts import CONCEPTS, describe
from auditbook.inputs.readers.audit.tally import MAX_USERS, days

if TYPE_CHECKING:
    from auditbook.inputs.readers._common import Notes
    from auditbook.inputs.readers.audit.pgaudit import PgLog
    from auditbook.inputs.readers.audit.tally import Tally

FORMATS = {"csv": "CSV", "json": "JSON", "jsonl": "JSON Lines", "pglog": "PostgreSQL log"}
_WRAPPERS = {"gke": "GKE Cloud Audit Logs", "aks": "AKS diagnostic logs"}
# Paths named in a concept's fact before the rest are only counted.
_SHOWN = 3


def recognised(tally: Tally, kind: str, log: PgLog) -> str:
    """What the records are, e.g. "CloudTrail records, 3 events"."""
    groups: dict[str, int] = {}
    for name, count in tally.families.items():
        group = tally.labels[name].group
        groups[group] = groups.get(group, 0) + count
    if len(groups) > 1:
        parts = ", ".join(f"{group} {count}" for group, count in sorted(groups.items()))
        return f"mixed audit records ({parts}), {tally.records} records"
    names = set(tally.families)
    family = tally.labels[next(iter(names))]
    unit = family.unit
    if family.name == "app":
        return f"{FORMATS[kind]} export, {tally.records} records"
    if family.name == "pgaudit":
        classes = " and ".join(c for c in ("session", "object") if c in log.classes)
        return f"pgaudit {classes} records in a PostgreSQL log, {tally.records} records"
    if family.group.startswith("Kubernetes"):
        kinds = sorted(tally.versions) if names & {"k8s", "aks"} else []
        kinds += [wrapper for name, wrapper in _WRAPPERS.items() if name in names]
        return f"{family.group} ({', '.join(kinds)}), {tally.records} {unit}"
    return f"{family.group}, {tally.records} {unit}"


def report(tally: Tally, kind: str, notes: Notes) -> None:
    """The facts every audit log gets, and the findings for required concepts it lacks."""
    _report_missing(tally, notes)
    notes.fact("Format", FORMATS.get(kind, kind))
    notes.fact("Records", tally.records)
    notes.fact("First record", iso(tally.first) if tally.first else "none")
    notes.fact("Last record", iso(tally.last) if tally.last else "none")
    if tally.first and tally.last:
        notes.fact("Span", f"{(tally.last - tally.first).total_seconds() / 86400:.1f} days")
    for concept in CONCEPTS:
        notes.fact(concept, _where_found(tally, concept))
    required = tally.required
    missing = _missing(tally)
    notes.fact("Required fields", f"{len(required) - len(missing)} of {len(required)} present")
    notes.fact("Missing fields", ", ".join(missing) or "none")
    notes.fact("Records without a who", tally.without["who"])
    notes.fact("Records without a when", tally.without["when"])
    users = f"more than {MAX_USERS}" if tally.too_many_users else len(tally.users)
    notes.fact("Distinct users", users)
    notes.fact(f"Gaps over {days(tally.max_gap_days)}", tally.gaps)
    if tally.longest:
        gap = tally.longest
        span = f"{iso(gap.before)} to {iso(gap.after)}"
        notes.fact("Longest gap", f"{human_duration(gap.seconds)} ({span})")
    for line, (text, decided) in sorted(tally.quotes.items()):
        notes.quote(line, text, "; ".join(decided))


def _where_found(tally: Tally, concept: str) -> str:
    counter = tally.fold_layouts().get(concept)
    if not counter:
        reason = _reason(tally, concept)
        return f"not found: {reason}" if reason else "not found"
    ranked = counter.most_common()
    shown = [f"{path} ({count} of {tally.records} records)" for path, count in ranked[:_SHOWN]]
    if len(ranked) > _SHOWN:
        shown.append(f"{len(ranked) - _SHOWN} more")
    return ", ".join(shown)


def _reason(tally: Tally, concept: str) -> str:
    """Why the formats in the file cannot carry `concept`, when they all agree they cannot."""
    reasons = {tally.labels[name].absent.get(concept, "") for name in tally.families}
    return reasons.pop() if len(reasons) == 1 else ""


def _missing(tally: Tally) -> list[str]:
    lacking = set(tally.lacking) | set(tally.header_missing)
    return [concept for concept in tally.required if concept in lacking]


def _report_missing(tally: Tally, notes: Notes) -> None:
    if tally.header_missing:
        names = ", ".join(describe(c) for c in tally.header_missing)
        message = f"missing required field(s): {names}" + _reasons(tally, tally.header_missing)
        notes.error("audit-log-missing-field", message, tally.header_line)
    by_line: dict[int, list[str]] = {}
    for concept, (line, _count) in tally.lacking.items():
        by_line.setdefault(line, []).append(concept)
    for line, concepts in sorted(by_line.items()):
        counts = {tally.lacking[c][1] for c in concepts}
        if len(counts) == 1:
            names = ", ".join(describe(c) for c in concepts)
            described = f"{names} ({counts.pop()} of {tally.records} records)"
        else:
            described = ", ".join(
                f"{describe(c)} ({tally.lacking[c][1]} of {tally.records} records)"
                for c in concepts
            )
        message = f"missing required field(s): {described}" + _reasons(tally, concepts)
        notes.error("audit-log-missing-field", message, line)


def _reasons(tally: Tally, concepts: tuple[str, ...] | list[str]) -> str:
    paths = tally.fold_layouts()
    reasons = [r for c in concepts if not paths.get(c) and (r := _reason(tally, c))]
    return "; " + "; ".join(reasons) if reasons else ""

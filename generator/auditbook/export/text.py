"""Text for people at a terminal: what `auditbook diff` and `auditbook versions` print."""

from __future__ import annotations

from typing import TYPE_CHECKING

from auditbook.domain.text import percent

if TYPE_CHECKING:
    from auditbook.core.compare import Changes, EvidenceChange
    from auditbook.release.versions import Versions


def _points(delta: float | None) -> str:
    return "" if delta is None else f" ({delta:+.1f} points)"


def changes_text(changes: Changes) -> str:
    """The comparison as `auditbook diff` prints it: groups that are empty are left out."""
    r = changes.readiness
    lines = [
        f"Changes from {changes.before} to {changes.after}",
        f"Readiness: {percent(r.before)} -> {percent(r.after)}{_points(r.delta)};"
        f" met {r.met_before} of {r.applicable_before} -> {r.met_after} of {r.applicable_after}",
    ]
    for score in changes.checklists:
        lines.append(
            f"  {score.name}: {percent(score.before)} -> {percent(score.after)}"
            f"{_points(score.delta)}"
        )
    for _, label, items in changes.item_groups():
        if items:
            lines += ["", f"{label} ({len(items)})"]
            lines += [f"  {c.id}: {c.before or '-'} -> {c.after or '-'}  {c.text}" for c in items]
    for _, label, evidence in changes.evidence_groups():
        if evidence:
            lines += ["", f"{label} ({len(evidence)})"]
            lines += [f"  {c.path}: {_evidence_detail(c)}" for c in evidence]
    if changes.controls:
        lines += ["", f"Controls whose coverage changed ({len(changes.controls)})"]
        lines += [f"  {c.control}: {c.before or '-'} -> {c.after or '-'}" for c in changes.controls]
    elif changes.controls is None:
        lines += ["", "Controls: not compared (a report has no coverage)"]
    if changes.is_empty:
        lines += ["", "No changes."]
    return "\n".join(lines) + "\n"


def _evidence_detail(change: EvidenceChange) -> str:
    old, new = change.sha256_before, change.sha256_after
    if old is None:
        return f"sha256 {new}, {change.state_after}"
    if new is None:
        return f"sha256 {old}, was {change.state_before}"
    if old != new:
        return f"sha256 {old[:12]} -> {new[:12]}, {change.state_before} -> {change.state_after}"
    return f"{change.state_before} -> {change.state_after}"


def versions_text(versions: Versions) -> str:
    """A table for people: what `auditbook versions` prints."""
    if not versions.entries:
        return "no releases yet: auditbook release VERSION\n"
    rows = [("VERSION", "TITLE", "ALIASES", "DATE", "READINESS", "PACKET SHA-256")]
    for info in versions.entries:
        readiness = percent(info.readiness)
        date = str(info.properties.get("date") or "-")
        sha256 = str(info.properties.get("packet_sha256") or "-")
        aliases = ",".join(info.aliases) or "-"
        rows.append((info.version, info.title, aliases, date, readiness, sha256))
    widths = [max(len(row[i]) for row in rows) + 2 for i in range(len(rows[0]) - 1)]
    lines = [
        "".join(c.ljust(w) for c, w in zip(row, widths, strict=False)) + row[-1] for row in rows
    ]
    return "\n".join(lines) + "\n"

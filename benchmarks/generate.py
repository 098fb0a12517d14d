"""A generated auditbook project: checklists, evidence with sidecars, and its mkdocs.yml.

Generation is deterministic (one seeded generator, fixed dates and mtimes), so two runs
with the same Spec write the same bytes. All data is invented.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from auditbook.domain.findings import Level
from auditbook.inputs.checklist import parse_checklist
from benchmarks import fakes
from benchmarks.checklists import CONTROLS, TOPICS, checklist_page, topic_slug

AS_OF = dt.date(2026, 11, 21)
# A fixed mtime long past, so the hash cache trusts the files (no "racily clean" entries).
MTIME_NS = 1_763_000_000 * 10**9
KB, MB = 1 << 10, 1 << 20
# kind -> (folder, extension(s), weight)
KINDS: dict[str, tuple[str, tuple[str, ...], int]] = {
    "audit-log": ("audit-logs", ("csv",), 6),
    "backup-restore": ("backups", ("log",), 6),
    "sign-off": ("sign-offs", ("yml",), 6),
    "report": ("reports", ("pdf",), 32),
    "policy": ("policies", ("txt",), 25),
    "other": ("other", ("png", "json", "zip"), 25),
}
VALIDITY = ("90d", "12w", "6m", "180d", "365d", "1y")
RUNBOOK = "# {title}\n\nFictional runbook of an invented organisation.\n\n## Steps\n\n{steps}\n"


class GenerationError(Exception):
    """The generator produced a project auditbook rejects: a bug in the generator."""


@dataclass(frozen=True)
class Spec:
    """How big a project to generate."""

    items: int = 1000
    checklists: int = 10
    files: int = 2000
    max_mb: float = 4.0
    seed: int = 20261121


FULL = Spec()
QUICK = Spec(items=100, checklists=4, files=200, max_mb=1.0)


@dataclass(frozen=True)
class Generated:
    """What was written, as auditbook's own parser counts it."""

    root: Path
    spec: Spec
    items: int
    evidence: tuple[Path, ...]
    evidence_bytes: int
    kinds: dict[str, int]
    covering: int


def generate_project(root: Path, spec: Spec) -> Generated:
    """Write mkdocs.yml, content/ and evidence/ under root (which must not exist yet)."""
    rng = random.Random(spec.seed)
    root.mkdir(parents=True)
    ids = _write_checklists(root, spec, rng)
    _write_runbooks(root)
    write_config(root / "mkdocs.yml", mkdocs_config(spec, plugin=True))
    evidence, kinds, covering = _write_evidence(root, spec, rng, ids)
    size = sum(path.stat().st_size for path in evidence)
    items = sum(len(each) for each in ids)
    return Generated(root, spec, items, tuple(evidence), size, dict(kinds), covering)


def _write_checklists(root: Path, spec: Spec, rng: random.Random) -> list[list[str]]:
    """Write the pages; return each page's item ids as auditbook derives them."""
    ids: list[list[str]] = []
    share, extra = divmod(spec.items, spec.checklists)
    for topic in range(spec.checklists):
        rel = f"content/checklists/{topic_slug(topic)}.md"
        text = checklist_page(rng, topic, share + (topic < extra))
        _write(root / rel, text.encode("utf-8"))
        checklist, findings = parse_checklist(rel, text)
        errors = [f.describe() for f in findings if f.level is Level.ERROR]
        if errors:
            raise GenerationError("; ".join(errors))
        ids.append([item.id for item in checklist.all_items()])
    return ids


def _write_runbooks(root: Path) -> None:
    for name, title in (("restore", "Database restore"), ("on-call", "On-call handbook")):
        steps = "\n".join(f"{n}. Step {n} of the fictional {name} procedure." for n in range(1, 9))
        _write(root / f"content/runbooks/{name}.md", RUNBOOK.format(title=title, steps=steps))


def _write_evidence(
    root: Path, spec: Spec, rng: random.Random, ids: list[list[str]]
) -> tuple[list[Path], Counter[str], int]:
    filler = fakes.Filler(rng, int(spec.max_mb * MB) + 64 * KB)
    kinds = list(KINDS)
    weights = [KINDS[kind][2] for kind in kinds]
    written: list[Path] = []
    counted: Counter[str] = Counter()
    covering = 0
    for number in range(1, spec.files + 1):
        kind = rng.choices(kinds, weights)[0]
        topic = rng.randrange(spec.checklists)
        folder, extensions, _ = KINDS[kind]
        name = f"{kind}-{number:04d}.{rng.choice(extensions)}"
        path = root / "evidence" / folder / topic_slug(topic) / name
        collected = AS_OF - dt.timedelta(days=rng.randint(1, 300))
        _write(path, _content(rng, filler, spec, kind, collected, topic))
        covers = _covers(rng, ids, topic)
        covering += bool(covers)
        sidecar = _sidecar(rng, kind, number, topic, collected, covers)
        _write(path.with_name(name + ".meta.yml"), sidecar)
        written.append(path)
        counted[kind] += 1
    return written, counted, covering


def _content(
    rng: random.Random, filler: fakes.Filler, spec: Spec, kind: str, day: dt.date, topic: int
) -> bytes:
    top = int(spec.max_mb * MB)
    start = dt.datetime.combine(day, dt.time(2, 0))
    if kind == "audit-log":
        size = fakes.log_uniform(rng, 16 * KB, top * 3 // 4)
        return fakes.audit_log_csv(rng, size, start - dt.timedelta(days=1), rng.random() < 0.1)
    if kind == "backup-restore":
        outcome = rng.choices(("ok", "failed", "slow"), (85, 10, 5))[0]
        return fakes.restore_log(rng, fakes.log_uniform(rng, 3 * KB, 256 * KB), start, outcome)
    if kind == "sign-off":
        return fakes.signoff(rng, day, TOPICS[topic % len(TOPICS)][1])
    band = rng.random()
    low, high = (2 * KB, 64 * KB) if band < 0.8 else (64 * KB, MB) if band < 0.95 else (MB, top)
    header = f"FICTIONAL benchmark {kind} evidence collected {day}; not a real document.\n"
    return filler.make(
        header, fakes.log_uniform(rng, low, max(low + 1, high)), text=kind == "policy"
    )


def _covers(rng: random.Random, ids: list[list[str]], topic: int) -> list[str]:
    if rng.random() >= 0.7:
        return []
    pool = ids[topic] if rng.random() < 0.8 else [each for page in ids for each in page]
    return rng.sample(pool, min(len(pool), rng.randint(1, 3)))


def _sidecar(
    rng: random.Random, kind: str, number: int, topic: int, collected: dt.date, covers: list[str]
) -> str:
    title = f"{kind.replace('-', ' ').capitalize()} {number:04d} ({TOPICS[topic % len(TOPICS)][1]})"
    who = f"{fakes.person(rng)} ({rng.choice(fakes.ROLES)})"
    lines = [
        "# FICTIONAL benchmark sidecar; invented data.",
        f"title: {json.dumps(title)}",
        f"kind: {kind}",
        f"collected: {collected.isoformat()}",
        f"collected_by: {json.dumps(who)}",
    ]
    if covers:
        lines += ["covers:", *(f"  - {json.dumps(each)}" for each in covers)]
    if rng.random() < 0.1:
        lines += ["controls:", f"  - {json.dumps(rng.choice(CONTROLS))}"]
    if rng.random() < 0.1:
        expires = collected + dt.timedelta(days=rng.randint(30, 500))
        lines.append(f"expires: {expires.isoformat()}")
    else:
        lines.append(f"valid_for: {rng.choices(VALIDITY, (1, 1, 2, 2, 4, 4))[0]}")
    publish = kind not in ("audit-log", "backup-restore") and rng.random() < 0.3
    lines += [f"publish: {str(publish).lower()}", f"packet: {str(rng.random() < 0.5).lower()}"]
    return "\n".join([*lines, "fictional: true", ""])


def _write(path: Path, content: str | bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    os.utime(path, ns=(MTIME_NS, MTIME_NS))


def mkdocs_config(
    spec: Spec, *, plugin: bool, docs_dir: str = "content", site_dir: str = "site"
) -> dict[str, Any]:
    """The project's mkdocs.yml; without the plugin it is the plain-MkDocs reference."""
    plugins: list[Any] = ["search"]
    if plugin:
        options = {
            "organisation": "Benchmark Health, Inc. (fictional)",
            "system": "Invented monitoring platform",
            "evidence_dir": "evidence",
            "as_of": AS_OF.isoformat(),
            "checks": {"rto_hours": 4, "restore_test_interval_days": 92},
        }
        plugins.append({"auditbook": options})
    checklists = [f"checklists/{topic_slug(topic)}.md" for topic in range(spec.checklists)]
    return {
        "site_name": "Benchmark Health readiness (fictional)",
        "docs_dir": docs_dir,
        "site_dir": site_dir,
        "use_directory_urls": True,
        "theme": {
            "name": "material",
            "features": ["navigation.tabs", "navigation.sections", "navigation.top"],
            "font": False,
        },
        "plugins": plugins,
        "markdown_extensions": [
            "admonition",
            "attr_list",
            "md_in_html",
            "tables",
            {"toc": {"permalink": True}},
            {"pymdownx.tasklist": {"custom_checkbox": True}},
            "pymdownx.superfences",
            "pymdownx.details",
        ],
        "nav": [
            {"Dashboard": "index.md"},
            {"Checklists": checklists},
            {"Evidence": ["evidence/index.md"]},
            {"Runbooks": ["runbooks/restore.md", "runbooks/on-call.md"]},
            {"Findings": "findings.md"},
            {"Downloads": "downloads.md"},
        ],
    }


def write_config(path: Path, config: dict[str, Any]) -> None:
    path.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")

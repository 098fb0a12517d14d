"""Rebuilds of the generated project, packet included, as ratios of a cold build.

Each round: a cold `auditbook build` (no `.auditbook-cache/`, which holds the hash and packet
caches, and no site/), then the same command again with nothing changed (no-op), then again
after one evidence file changed (a policy the packet attaches and that covers items, so
the change reaches a checklist page, the register and the packet).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Sequence
from pathlib import Path

from benchmarks.report import Row, Section, median
from benchmarks.runner import Run, RunError, run, tool

CACHE_DIR = ".auditbook-cache"
STEPS = ("cold", "noop", "changed")
NOOP_GOAL = 0.20  # issue 15: a no-op rebuild at most 20 % of a cold build


def changed_file(evidence: Sequence[Path]) -> Path:
    """The evidence file to change: a policy in the packet that covers checklist items."""
    for path in evidence:
        sidecar = path.with_name(path.name + ".meta.yml").read_text("utf-8")
        if path.suffix == ".txt" and "packet: true" in sidecar and "covers:" in sidecar:
            return path
    raise RunError("the generated project has no attached policy that covers an item")


def touch(path: Path, round_: int) -> None:
    """Change the file's bytes (a revision line) and its mtime, as an edit would."""
    with path.open("a", encoding="utf-8") as file:
        file.write(f"\nRevision {round_ + 1}: reworded by the benchmark (fictional).\n")
    os.utime(path)


def build(project: Path) -> Run:
    done = run([tool("auditbook"), "build"], cwd=project).check()
    if not any((project / "site").rglob("*.pdf")):
        raise RunError("auditbook build wrote no packet into site/")
    return done


def measure(project: Path, target: Path, rounds: int) -> dict[str, list[Run]]:
    """Cold, no-op, one-file-changed, in that order, `rounds` times."""
    runs: dict[str, list[Run]] = {step: [] for step in STEPS}
    for round_ in range(rounds):
        shutil.rmtree(project / CACHE_DIR, ignore_errors=True)
        shutil.rmtree(project / "site", ignore_errors=True)
        runs["cold"].append(build(project))
        runs["noop"].append(build(project))
        touch(target, round_)
        runs["changed"].append(build(project))
    return runs


def _reused(done: Run) -> bool:
    return "(reused" in done.stderr + done.stdout  # the plugin's "packet: ... (reused: ...)"


def rebuild_section(project: Path, runs: dict[str, list[Run]], target: Path, title: str) -> Section:
    """No-op and one-changed builds over the cold one, wall and CPU; the no-op judged."""
    cold_wall = median([done.seconds for done in runs["cold"]])
    cold_cpu = median([done.cpu_seconds for done in runs["cold"]])
    found: list[Row] = []
    for step, label in (("noop", "no-op rebuild"), ("changed", "one evidence file changed")):
        wall = Row.compare(
            f"rebuild.{step}.wall",
            f"{label} / cold build, wall",
            median([done.seconds for done in runs[step]]),
            cold_wall,
            "s",
        )
        cpu = Row.compare(
            f"rebuild.{step}.cpu",
            f"{label} / cold build, CPU",
            median([done.cpu_seconds for done in runs[step]]),
            cold_cpu,
            "s",
        )
        if step == "noop":
            wall, cpu = wall.within("<= 0.20x", NOOP_GOAL), cpu.within("<= 0.20x", NOOP_GOAL)
        found += [wall, cpu]
    reuse = {step: sum(map(_reused, runs[step])) for step in ("noop", "changed")}
    notes = (
        f"`auditbook build` (site and packet), median of {len(runs['cold'])} round(s) of "
        "cold, no-op, changed; cold = no .auditbook-cache/ and no site/",
        f"changed file: {target.relative_to(project).as_posix()} (a line appended, mtime now)",
        f"packet reused from its cache: no-op {reuse['noop']}/{len(runs['noop'])}, "
        f"changed {reuse['changed']}/{len(runs['changed'])}",
    )
    return Section(title, tuple(found), notes)

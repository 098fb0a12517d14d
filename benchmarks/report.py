"""Rows of the benchmark report, and the compact table they print as."""

from __future__ import annotations

import dataclasses
import statistics
from dataclasses import dataclass


@dataclass(frozen=True)
class Row:
    """One measurement, the reference measured in the same run, and their ratio."""

    key: str
    label: str
    value: str
    reference: str
    ratio: float | None
    target: str = ""  # e.g. "<= 0.20x: met", printed beside the ratio

    @classmethod
    def compare(cls, key: str, label: str, value: float, reference: float, unit: str) -> Row:
        """A row whose ratio is value / reference."""
        ratio = value / reference if reference > 0 else None
        return cls(key, label, amount(value, unit), amount(reference, unit), ratio)

    def judged(self, goal: str, met: bool | None) -> Row:
        """This row with its target beside it: met, not met, or unknown (None)."""
        verdict = "unknown" if met is None else "met" if met else "not met"
        return dataclasses.replace(self, target=f"{goal}: {verdict}")

    def within(self, goal: str, most: float) -> Row:
        """This row judged on its ratio: met when the ratio is at most `most`."""
        return self.judged(goal, None if self.ratio is None else self.ratio <= most)


@dataclass(frozen=True)
class Section:
    """A titled group of rows (a bench), with free-text notes printed under it."""

    title: str
    rows: tuple[Row, ...]
    notes: tuple[str, ...] = ()


def amount(value: float, unit: str) -> str:
    if unit == "MB":
        return (
            f"{value / (1 << 20):,.0f} MB" if value >= 10 << 20 else f"{value / (1 << 20):.1f} MB"
        )
    if unit == "s" and value < 1:
        return f"{value * 1000:.0f} ms"
    return f"{value:,.2f} {unit}" if value < 100 else f"{value:,.0f} {unit}"


def median(values: list[float]) -> float:
    return statistics.median(values)


def table(sections: list[Section]) -> str:
    """All sections as one aligned text table."""
    header = ("measurement", "value", "reference", "ratio", "target")
    body: list[tuple[str, ...] | str] = []
    for section in sections:
        body.append(f"== {section.title}")
        for row in section.rows:
            ratio = f"{row.ratio:.2f}x" if row.ratio is not None else "-"
            body.append((row.label, row.value, row.reference, ratio, row.target))
        body += [f"   {note}" for note in section.notes]
    cells = [header, *(line for line in body if isinstance(line, tuple))]
    widths = [max(len(cell[column]) for cell in cells) for column in range(len(header))]

    def line(cell: tuple[str, ...]) -> str:
        parts = [
            cell[0].ljust(widths[0]),
            *(c.rjust(w) for c, w in zip(cell[1:-1], widths[1:-1], strict=True)),
            cell[-1].ljust(widths[-1]),
        ]
        return "  ".join(parts).rstrip()

    rule = "-" * sum(width + 2 for width in widths)
    out = [line(header), rule]
    out += [each if isinstance(each, str) else line(each) for each in body]
    return "\n".join(out)

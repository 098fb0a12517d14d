"""Rows of the benchmark report, and the compact table they print as."""

from __future__ import annotations

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

    @classmethod
    def compare(cls, key: str, label: str, value: float, reference: float, unit: str) -> Row:
        """A row whose ratio is value / reference."""
        ratio = value / reference if reference > 0 else None
        return cls(key, label, amount(value, unit), amount(reference, unit), ratio)


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
    header = ("measurement", "value", "reference", "ratio")
    body: list[tuple[str, ...] | str] = []
    for section in sections:
        body.append(f"== {section.title}")
        for row in section.rows:
            ratio = f"{row.ratio:.2f}x" if row.ratio is not None else "-"
            body.append((row.label, row.value, row.reference, ratio))
        body += [f"   {note}" for note in section.notes]
    cells = [header, *(line for line in body if isinstance(line, tuple))]
    widths = [max(len(cell[column]) for cell in cells) for column in range(len(header))]

    def line(cell: tuple[str, ...]) -> str:
        parts = [
            cell[0].ljust(widths[0]),
            *(c.rjust(w) for c, w in zip(cell[1:], widths[1:], strict=True)),
        ]
        return "  ".join(parts)

    rule = "-" * len(line(header))
    out = [line(header), rule]
    out += [each if isinstance(each, str) else line(each) for each in body]
    return "\n".join(out)

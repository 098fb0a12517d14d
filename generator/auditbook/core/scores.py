"""Readiness scores: shares of applicable items, with `attested` counted apart from `met`."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from auditbook.domain.model import Status


@dataclass(frozen=True)
class Score:
    """Status counts of a set of leaf items."""

    counts: tuple[tuple[Status, int], ...]

    @classmethod
    def of(cls, statuses: Iterable[Status]) -> Score:
        counted = Counter(statuses)
        return cls(tuple((status, counted.get(status, 0)) for status in Status))

    def count(self, status: Status) -> int:
        return dict(self.counts)[status]

    @property
    def total(self) -> int:
        return sum(n for _, n in self.counts)

    @property
    def applicable(self) -> int:
        return self.total - self.count(Status.NOT_APPLICABLE)

    def share(self, status: Status) -> float | None:
        """The share of applicable items with `status`; None when nothing applies."""
        return self.count(status) / self.applicable if self.applicable else None

    @property
    def readiness(self) -> float | None:
        """Only `met` counts: a tick without evidence is not proof."""
        return self.share(Status.MET)

"""A build set against earlier releases: what the readiness chart plots and Changes compares."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from auditbook.core.compare import Changes, compare
from auditbook.domain.errors import ReleaseError
from auditbook.domain.files import DRAFT, REPORT
from auditbook.inputs.report_file import read_report
from auditbook.release.versions import Versions, load_versions

if TYPE_CHECKING:
    from auditbook.release.versions import VersionInfo

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Superseded:
    """An earlier packet of a re-released version, kept beside the new one under `name`."""

    name: str
    source: Path
    sha256: str
    released: str | None

    def to_json(self) -> dict[str, Any]:
        return {"file": self.name, "sha256": self.sha256, "released": self.released}


@dataclass(frozen=True)
class ChartPoint:
    """One release on the readiness chart."""

    label: str
    date: str | None
    readiness: float | None
    current: bool = False


@dataclass(frozen=True)
class History:
    """The releases under `root`, and which one (if any) this build is."""

    root: Path
    versions: Versions
    current: str | None = None  # the version being released; None for the unreleased draft
    title: str | None = None
    superseded: tuple[Superseded, ...] = ()

    @property
    def label(self) -> str:
        return self.title or self.current or DRAFT

    def previous(self) -> VersionInfo | None:
        return self.versions.previous(self.current)

    @cached_property
    def previous_report(self) -> dict[str, Any] | None:
        """The previous release's report.json; None for a first release or an unreadable one.

        Read once: the Changes page and the packet's chapter both compare with it."""
        previous = self.previous()
        if previous is None:
            return None
        try:
            return read_report(self.root / previous.version / REPORT)
        except ReleaseError as error:
            log.warning("cannot compare with release %s: %s", previous.version, error.message)
            return None

    def changes(self, report: dict[str, Any]) -> Changes | None:
        """This build's report compared with the previous release's; None when there is none."""
        previous, before = self.previous(), self.previous_report
        if previous is None or before is None:
            return None
        return compare(before, report, previous.title, self.label)

    def chart_points(self, readiness: float | None, as_of: str | None) -> list[ChartPoint]:
        """Every release, oldest first, with this build in its place (or last, for a draft)."""
        points = []
        for info in self.versions.chronological():
            if info.version == self.current:
                points.append(ChartPoint(self.label, as_of, readiness, current=True))
            else:
                date = info.properties.get("date")
                points.append(ChartPoint(info.title, date, info.readiness))
        if self.current is None or self.versions.get(self.current) is None:
            points.append(ChartPoint(self.label, as_of, readiness, current=True))
        return points


def load_report(root: Path | None, name: str) -> tuple[str, dict[str, Any]]:
    """(label, report) for a release, an alias, the draft, or a report.json file."""
    if Path(name).is_file():
        path, label = Path(name), name
    elif root is None:
        raise ReleaseError(f"no such file: {name}")
    elif name == DRAFT:
        path, label = root / DRAFT / REPORT, DRAFT
    else:
        versions = load_versions(root)
        info = versions.find(name)
        if info is None:
            known = ", ".join(each.version for each in versions) or "none yet"
            raise ReleaseError(f"no release or file {name!r} (releases: {known})")
        path, label = root / info.version / REPORT, info.title
    return label, read_report(path)


_AGAINST: ContextVar[History | None] = ContextVar("auditbook_history", default=None)


@contextmanager
def building_against(history: History | None) -> Iterator[None]:
    """Builds run inside this block are set against `history` (see current_history).

    A build is run by MkDocs, which only passes its own config to plugins: the release
    or draft a build belongs to reaches the plugin this way, as mike's reaches its
    plugin through the environment, and never through state set on a plugin instance.
    """
    token = _AGAINST.set(history)
    try:
        yield
    finally:
        _AGAINST.reset(token)


def current_history() -> History | None:
    """The history of the build being run, if it is run inside building_against()."""
    return _AGAINST.get()

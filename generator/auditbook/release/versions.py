"""versions.json: the index of released versions, in the layout mike writes and Material reads.

The file is a list of `{version, title, aliases, properties}`, newest release first (the
order Material's version selector shows). Releases are listed in the order they were made,
not sorted by name: "the previous release" is the one released before, whatever its name.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from auditbook.domain.errors import ReleaseError
from auditbook.domain.files import DRAFT, VERSIONS, json_text

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

DEFAULT_ALIAS = "latest"  # the root page leads here when some release carries it
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._+-]{0,99}$")
# What the root of a released site holds besides its version and alias folders.
_RESERVED = {
    DRAFT: "`auditbook build` writes the draft there",
    VERSIONS: "it is the index of the releases",
    "index.html": "it is the page that leads to the default release",
}


def check_name(name: str, kind: str = "version") -> str:
    """Names become folders and URLs: letters, digits and `._+-`, and none the root uses."""
    if not _NAME.match(name) or name in {".", ".."}:
        raise ReleaseError(
            f"{kind} {name!r} is not usable as a folder name; use up to 100 letters, digits "
            "and ._+- (for example 2026-Q4 or 1.2)"
        )
    reserved = next((why for key, why in _RESERVED.items() if key.lower() == name.lower()), None)
    if reserved is not None:
        raise ReleaseError(f"{kind} {name!r} is reserved: {reserved}")
    return name


@dataclass(frozen=True)
class VersionInfo:
    """One release: its folder name, the title the selector shows, aliases, and the facts."""

    version: str
    title: str
    aliases: tuple[str, ...] = ()
    properties: dict[str, Any] = field(default_factory=dict, hash=False, compare=True)

    @property
    def readiness(self) -> float | None:
        value = self.properties.get("readiness")
        return float(value) if isinstance(value, int | float) else None

    def to_json(self) -> dict[str, Any]:
        return {
            "version": self.version,
            "title": self.title,
            "aliases": list(self.aliases),
            "properties": self.properties,
        }

    @classmethod
    def from_json(cls, data: Any, where: str) -> VersionInfo:
        if not isinstance(data, dict) or not isinstance(data.get("version"), str):
            raise ReleaseError("each entry needs a 'version' string", where)
        aliases = data.get("aliases") or []
        properties = data.get("properties") or {}
        if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
            raise ReleaseError(f"{data['version']}: 'aliases' must be a list of names", where)
        if not isinstance(properties, dict):
            # mike allows any JSON here; keep it, but under a key of our own.
            properties = {"value": properties}
        title = data.get("title")
        return cls(
            data["version"],
            title if isinstance(title, str) else data["version"],
            tuple(aliases),
            properties,
        )


@dataclass(frozen=True)
class Versions:
    """The releases recorded in a site's root, newest first."""

    entries: tuple[VersionInfo, ...] = ()

    def __iter__(self) -> Iterator[VersionInfo]:
        return iter(self.entries)

    def __len__(self) -> int:
        return len(self.entries)

    def get(self, version: str) -> VersionInfo | None:
        return next((info for info in self.entries if info.version == version), None)

    def find(self, name: str) -> VersionInfo | None:
        """The release called `name`, or carrying it as an alias."""
        return self.get(name) or next((i for i in self.entries if name in i.aliases), None)

    def aliases(self) -> dict[str, str]:
        """Alias -> version."""
        return {alias: info.version for info in self.entries for alias in info.aliases}

    def previous(self, version: str | None) -> VersionInfo | None:
        """The release made before `version`; for a new version or a draft, the newest one."""
        names = [info.version for info in self.entries]
        if version in names:
            index = names.index(version) + 1
            return self.entries[index] if index < len(self.entries) else None
        return self.entries[0] if self.entries else None

    def chronological(self) -> list[VersionInfo]:
        return list(reversed(self.entries))

    def default(self) -> str | None:
        """Where the root page leads: the `latest` alias if some release has it, else the newest."""
        if DEFAULT_ALIAS in self.aliases():
            return DEFAULT_ALIAS
        return self.entries[0].version if self.entries else None

    def with_release(self, info: VersionInfo) -> Versions:
        """Record a release: a new one goes first, a re-release keeps its place; aliases move."""
        for alias in info.aliases:
            if self.get(alias) is not None:
                raise ReleaseError(f"alias {alias!r} is already the name of a release")
        moved = set(info.aliases)
        entries = [
            replace(each, aliases=tuple(a for a in each.aliases if a not in moved))
            for each in self.entries
        ]
        names = [each.version for each in entries]
        if info.version in names:
            entries[names.index(info.version)] = info
        else:
            entries.insert(0, info)
        return Versions(tuple(entries))

    def to_json(self) -> list[dict[str, Any]]:
        return [info.to_json() for info in self.entries]

    def dumps(self) -> str:
        return json_text(self.to_json())


def parse_versions(text: str, where: str) -> Versions:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise ReleaseError(f"not JSON: {error.msg}", where, error.lineno) from None
    if not isinstance(data, list):
        raise ReleaseError("must be a list of releases", where)
    entries = tuple(VersionInfo.from_json(each, where) for each in data)
    seen: set[str] = set()
    for info in entries:
        for name in (info.version, *info.aliases):
            try:  # names become paths under the root: a changed file must not lead elsewhere
                check_name(name, "alias" if name in info.aliases else "version")
            except ReleaseError as error:
                raise ReleaseError(f"{error.message} (edited by hand?)", where) from None
            if name in seen:
                raise ReleaseError(f"{name!r} is listed twice (as a version or alias)", where)
            seen.add(name)
    return Versions(entries)


def load_versions(root: Path) -> Versions:
    """The releases under `root`; none when it has no versions.json."""
    path = root / VERSIONS
    if not path.is_file():
        return Versions()
    return parse_versions(path.read_text("utf-8"), path.as_posix())


def has_releases(root: Path) -> bool:
    return (root / VERSIONS).is_file()

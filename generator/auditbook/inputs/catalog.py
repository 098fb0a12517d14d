"""The HIPAA Security Rule catalog: standards and implementation specifications by citation.

The catalog ships inside the package (``data/hipaa-security-rule.yml``) so that every
build checks coverage against the same, reviewed list of controls.
"""

from __future__ import annotations

import difflib
import functools
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from importlib import resources
from typing import Any, Literal, cast, get_args

import yaml

from auditbook.domain.errors import AuditbookError
from auditbook.inputs.cfr import EMBEDDED, normalize_citation

Family = Literal["administrative", "physical", "technical", "organizational", "documentation"]
Kind = Literal["standard", "implementation specification"]

FAMILIES: tuple[Family, ...] = get_args(Family)
KINDS: tuple[Kind, ...] = get_args(Kind)
STANDARD: Kind = "standard"
SPECIFICATION: Kind = "implementation specification"
SECTION_FAMILIES: Mapping[str, Family] = {
    "164.308": "administrative",
    "164.310": "physical",
    "164.312": "technical",
    "164.314": "organizational",
    "164.316": "documentation",
}
DATA_FILE = "data/hipaa-security-rule.yml"

_REQUIRED_KEYS = frozenset(
    {"citation", "family", "standard", "title", "kind", "required", "description"}
)
_OPTIONAL_KEYS = frozenset({"aliases", "note", "provisions"})
_SOURCE_KEYS = frozenset({"title", "text", "matrix", "notes"})


@dataclass(frozen=True)
class Control:
    """One standard or implementation specification, with its exact citation."""

    citation: str
    family: Family
    standard: str
    title: str
    kind: Kind
    required: bool
    description: str
    aliases: tuple[str, ...] = ()
    note: str = ""
    # Numbered provisions a specification lists without headings, e.g. 164.314(b)(2)(i)-(iv).
    provisions: tuple[str, ...] = ()

    @property
    def section(self) -> str:
        return self.citation.split("(", 1)[0]

    @property
    def is_standard(self) -> bool:
        return self.kind == STANDARD

    @property
    def marker(self) -> str:
        """Required or Addressable, as the regulation writes it after the title."""
        return "Required" if self.required else "Addressable"

    def to_json(self) -> dict[str, Any]:
        return {
            "citation": self.citation,
            "family": self.family,
            "standard": self.standard,
            "title": self.title,
            "kind": self.kind,
            "required": self.required,
            "description": self.description,
            "aliases": list(self.aliases),
            "note": self.note,
            "provisions": list(self.provisions),
        }


@dataclass(frozen=True)
class CatalogSource:
    """Which regulation text the catalog follows, and where the matrix differs from it."""

    title: str
    text: str
    matrix: str
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Catalog:
    """All controls in regulation order, looked up by citation or alias."""

    controls: tuple[Control, ...]
    source: CatalogSource
    _index: Mapping[str, Control] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        index: dict[str, Control] = {}
        for control in self.controls:
            for key in (control.citation, *control.aliases):
                if key in index:
                    raise ValueError(f"citation {key} is listed twice")
                index[key] = control
        object.__setattr__(self, "_index", index)

    def __iter__(self) -> Iterator[Control]:
        return iter(self.controls)

    def __len__(self) -> int:
        return len(self.controls)

    def get(self, citation: str) -> Control:
        """The control with this canonical citation; KeyError names it otherwise."""
        try:
            return self._index[citation]
        except KeyError:
            raise KeyError(f"no control {citation!r} in the catalog") from None

    def resolve(self, text: str) -> Control | None:
        """The control a citation refers to, however it is written, or None."""
        citation = normalize_citation(text)
        return None if citation is None else self._index.get(citation)

    def standards(self) -> tuple[Control, ...]:
        return tuple(c for c in self.controls if c.is_standard)

    def children(self, standard: Control | str) -> tuple[Control, ...]:
        """The implementation specifications of a standard (empty if it has none)."""
        found = standard if isinstance(standard, Control) else self.resolve(standard)
        if found is None:
            raise KeyError(f"no control {standard!r} in the catalog")
        if not found.is_standard:
            return ()
        return tuple(c for c in self.controls if c.standard == found.citation and not c.is_standard)

    def suggest(self, text: str, limit: int = 3) -> tuple[str, ...]:
        """Citations close to an unknown reference, best first, for a finding's message."""
        citation = normalize_citation(text)
        if citation is None:
            embedded = EMBEDDED.search(text)
            if embedded is None:
                return self._suggest_by_title(text, limit)
            citation = normalize_citation(embedded.group(0))
            if citation is None:
                return ()
        if citation in self._index:
            return (self._index[citation].citation,)
        below = [c for c in self.controls if c.citation.startswith(citation + "(")]
        below.sort(key=lambda c: not c.is_standard)
        close = difflib.get_close_matches(citation, list(self._index), n=limit, cutoff=0.8)
        ordered = [c.citation for c in below] + [self._index[key].citation for key in close]
        return tuple(dict.fromkeys(ordered))[:limit]

    def _suggest_by_title(self, text: str, limit: int) -> tuple[str, ...]:
        titles = {c.title.lower(): c.citation for c in self.controls}
        close = difflib.get_close_matches(text.strip().lower(), list(titles), n=limit, cutoff=0.6)
        return tuple(dict.fromkeys(titles[title] for title in close))

    def to_json(self) -> dict[str, Any]:
        return {
            "source": {
                "title": self.source.title,
                "text": self.source.text,
                "matrix": self.source.matrix,
                "notes": list(self.source.notes),
            },
            "controls": [c.to_json() for c in self.controls],
        }


@functools.cache
def load_catalog() -> Catalog:
    """The catalog shipped with auditbook, read once per process."""
    text = resources.files("auditbook").joinpath(DATA_FILE).read_text(encoding="utf-8")
    return parse_catalog(text, f"auditbook/{DATA_FILE}")


def parse_catalog(text: str, path: str) -> Catalog:
    """Build a catalog from its YAML text, refusing anything inconsistent."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise AuditbookError(f"the catalog is not valid YAML: {error}", path) from None
    if not isinstance(data, dict) or set(data) != {"source", "controls"}:
        raise AuditbookError("the catalog must have exactly 'source' and 'controls'", path)
    source = _parse_source(data["source"], path)
    entries = data["controls"]
    if not isinstance(entries, list) or not entries:
        raise AuditbookError("'controls' must be a non-empty list", path)
    controls = tuple(_parse_control(entry, path) for entry in entries)
    try:
        catalog = Catalog(controls, source)
    except ValueError as error:
        raise AuditbookError(str(error), path) from None
    for control in controls:
        _check_standard(catalog, control, path)
    return catalog


def _parse_source(raw: object, path: str) -> CatalogSource:
    if not isinstance(raw, dict) or set(raw) != _SOURCE_KEYS:
        raise AuditbookError(f"'source' must have exactly: {', '.join(sorted(_SOURCE_KEYS))}", path)
    notes = raw["notes"]
    if not isinstance(notes, list) or not all(isinstance(n, str) for n in notes):
        raise AuditbookError("'source.notes' must be a list of strings", path)
    return CatalogSource(str(raw["title"]), str(raw["text"]), str(raw["matrix"]), tuple(notes))


def _parse_control(raw: object, path: str) -> Control:
    if not isinstance(raw, dict):
        raise AuditbookError(f"each control must be a mapping, not {raw!r}", path)
    where = f"control {raw.get('citation', '?')}"
    keys = set(raw)
    if not keys >= _REQUIRED_KEYS or not keys <= _REQUIRED_KEYS | _OPTIONAL_KEYS:
        missing = sorted(_REQUIRED_KEYS - keys)
        unknown = sorted(keys - _REQUIRED_KEYS - _OPTIONAL_KEYS)
        raise AuditbookError(f"{where}: missing keys {missing}, unknown keys {unknown}", path)
    for key in ("citation", "standard", "title", "description", "note"):
        if not isinstance(raw.get(key, ""), str) or (key != "note" and not raw[key].strip()):
            raise AuditbookError(f"{where}: '{key}' must be a non-empty string", path)
    aliases = raw.get("aliases", [])
    if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
        raise AuditbookError(f"{where}: 'aliases' must be a list of citations", path)
    provisions = raw.get("provisions", [])
    if not isinstance(provisions, list) or not all(isinstance(p, str) for p in provisions):
        raise AuditbookError(f"{where}: 'provisions' must be a list of strings", path)
    for citation in (raw["citation"], raw["standard"], *aliases):
        if normalize_citation(citation) != citation:
            raise AuditbookError(f"{where}: {citation!r} is not a canonical citation", path)
    if raw["family"] not in FAMILIES or raw["kind"] not in KINDS:
        raise AuditbookError(f"{where}: unknown family or kind", path)
    if not isinstance(raw["required"], bool):
        raise AuditbookError(f"{where}: 'required' must be true or false", path)
    return Control(
        citation=raw["citation"],
        family=cast(Family, raw["family"]),
        standard=raw["standard"],
        title=raw["title"].strip(),
        kind=cast(Kind, raw["kind"]),
        required=raw["required"],
        description=" ".join(raw["description"].split()),
        aliases=tuple(aliases),
        note=" ".join(raw.get("note", "").split()),
        provisions=tuple(" ".join(p.split()) for p in provisions),
    )


def _check_standard(catalog: Catalog, control: Control, path: str) -> None:
    where = f"control {control.citation}"
    if SECTION_FAMILIES.get(control.section) != control.family:
        raise AuditbookError(f"{where}: family {control.family} does not fit its section", path)
    if control.is_standard:
        if control.standard != control.citation or not control.required:
            raise AuditbookError(f"{where}: a standard names itself and is required", path)
        return
    standard = catalog.resolve(control.standard)
    if standard is None or standard.citation != control.standard or not standard.is_standard:
        raise AuditbookError(f"{where}: its standard {control.standard} is not listed", path)
    if _paragraph(standard.citation) != _paragraph(control.citation):
        raise AuditbookError(f"{where}: not under its standard {standard.citation}", path)


def _paragraph(citation: str) -> str:
    """Section and first paragraph, e.g. "164.308(a)", which a spec shares with its standard."""
    return citation.split(")", 1)[0] + ")"

"""Find each concept in a record: the user's aliases first, then the format's own paths."""

from __future__ import annotations

from typing import Any

from auditbook.inputs.readers.audit.concepts import CONCEPTS, norm
from auditbook.inputs.readers.audit.families import APP, Family
from auditbook.inputs.readers.audit.paths import MISSING, lookup

# Application exports repeat one set of columns: each set is matched once.
_CACHE = 256

Found = dict[str, tuple[str, Any]]
# The path that held each concept found, in CONCEPTS order: a record's shape, which the
# records of one export share (so they are counted per shape, not per concept).
Layout = tuple[tuple[str, str], ...]


class Resolver:
    """Concept -> (the path that held it, its value) for each record, and its layout."""

    def __init__(self, aliases: dict[str, tuple[str, ...]]) -> None:
        self.aliases = aliases
        self._columns: dict[tuple[str, ...], Layout] = {}
        # The last CSV header resolve_row met (by identity: a file's rows share one), and
        # (concept, column, the index of its cell) for each concept its columns hold.
        self._header: list[str] | None = None
        self._cells: tuple[tuple[str, str, int], ...] = ()
        self._layout: Layout = ()

    def resolve_row(
        self, family: Family, header: list[str], cells: list[str]
    ) -> tuple[Found, Layout]:
        """What resolve() finds in the record dict(zip(header, cells)), without making it
        where the header alone says which cell holds what (a loose family, no aliases)."""
        if not family.loose or self.aliases:
            return self.resolve(family, dict(zip(header, cells, strict=True)))
        if header is not self._header:
            self._plan(header)
        return {concept: (key, cells[index]) for concept, key, index in self._cells}, self._layout

    def plan(self, family: Family, header: list[str]) -> tuple[Layout, dict[str, int]] | None:
        """The layout every row under `header` has and, per concept, the index of its cell;
        None when the header alone cannot say (a family with paths, or aliases to try)."""
        if not family.loose or self.aliases:
            return None
        if header is not self._header:
            self._plan(header)
        return self._layout, {concept: index for concept, _key, index in self._cells}

    def _plan(self, header: list[str]) -> None:
        # A name twice in a header: the record keeps its last cell, under its first place.
        last = {name: index for index, name in enumerate(header)}
        self._layout = self._app_columns(dict.fromkeys(header))
        self._cells = tuple((concept, key, last[key]) for concept, key in self._layout)
        self._header = header

    def resolve(self, family: Family, record: dict[str, Any]) -> tuple[Found, Layout]:
        if family.loose and not self.aliases:
            # Fast path of the loop below: with no alias, only the matched columns count.
            layout = self._app_columns(record)
            return {concept: (key, record[key]) for concept, key in layout}, layout
        found: Found = {}
        columns = dict(self._app_columns(record)) if family.loose else {}
        for concept in CONCEPTS:
            for path in self.aliases.get(concept, ()):
                value = lookup(record, path, loose=True)
                if value is not MISSING:
                    found[concept] = (path, value)
                    break
            else:
                if family.loose:
                    if concept in columns:
                        key = columns[concept]
                        found[concept] = (key, record[key])
                    continue
                for path in family.paths.get(concept, ()):
                    value = lookup(record, path)
                    if value is not MISSING:
                        found[concept] = (path, value)
                        break
        return found, tuple((concept, path) for concept, (path, _value) in found.items())

    def _app_columns(self, record: dict[str, Any]) -> Layout:
        """(concept, the column that holds it) for the columns an export's record has."""
        keys = tuple(record)
        columns = self._columns.get(keys)
        if columns is None:
            index: dict[str, str] = {}
            for key in keys:
                index.setdefault(norm(key), key)
            matched = []
            for concept in CONCEPTS:
                names = APP.paths.get(concept, ())
                column = next((index[name] for name in names if name in index), None)
                if column is not None:
                    matched.append((concept, column))
            columns = tuple(matched)
            if len(self._columns) < _CACHE:
                self._columns[keys] = columns
        return columns

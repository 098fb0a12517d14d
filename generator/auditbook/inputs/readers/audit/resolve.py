"""Find each concept in a record: the user's aliases first, then the format's own paths."""

from __future__ import annotations

from typing import Any

from auditbook.inputs.readers.audit.concepts import CONCEPTS, norm
from auditbook.inputs.readers.audit.families import APP, Family
from auditbook.inputs.readers.audit.paths import MISSING, lookup

# Application exports repeat one set of columns: each set is matched once.
_CACHE = 256

Found = dict[str, tuple[str, Any]]


class Resolver:
    """Concept -> (the path that held it, its value) for each record."""

    def __init__(self, aliases: dict[str, tuple[str, ...]]) -> None:
        self.aliases = aliases
        self._columns: dict[tuple[str, ...], dict[str, str]] = {}

    def resolve(self, family: Family, record: dict[str, Any]) -> Found:
        found: Found = {}
        columns = self._app_columns(record) if family.loose else {}
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
        return found

    def _app_columns(self, record: dict[str, Any]) -> dict[str, str]:
        keys = tuple(record)
        columns = self._columns.get(keys)
        if columns is None:
            index: dict[str, str] = {}
            for key in keys:
                index.setdefault(norm(key), key)
            columns = {}
            for concept, names in APP.paths.items():
                column = next((index[name] for name in names if name in index), None)
                if column is not None:
                    columns[concept] = column
            if len(self._columns) < _CACHE:
                self._columns[keys] = columns
        return columns

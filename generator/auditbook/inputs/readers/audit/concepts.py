"""The eight things an audit record must tell, and how mkdocs.yml names and aliases them.

A required field is a concept (who did what to which resource, before and after, from
where, with which client, when), not a column name: each format spells it differently.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

CONCEPTS = ("who", "what", "resource", "before", "after", "where", "client", "when")

# What each concept means, for messages people read.
MEANING = {
    "who": "user",
    "what": "action",
    "resource": "resource",
    "before": "old values",
    "after": "new values",
    "where": "IP address",
    "client": "user agent",
    "when": "time",
}

# The field names auditbook required before it knew concepts: existing mkdocs.yml
# files list these, and they keep meaning what they meant.
SYNONYMS = {
    "userid": "who",
    "user": "who",
    "action": "what",
    "oldvalues": "before",
    "newvalues": "after",
    "ipaddress": "where",
    "useragent": "client",
    "time": "when",
}

# Without at least one of these a file is not an audit log at all.
ESSENTIAL = ("who", "what", "when")

_NOT_NAME = re.compile(r"[^a-z0-9]")

Aliases = tuple[tuple[str, tuple[str, ...]], ...]


def norm(name: str) -> str:
    """A column name as compared: `ip_address`, `IP Address` and `ipAddress` are one name."""
    return _NOT_NAME.sub("", name.lower())


def concept_of(name: str) -> str | None:
    """The concept a name in `audit_log_fields` stands for, or None when it is unknown."""
    key = norm(name)
    if key in CONCEPTS:
        return key
    return SYNONYMS.get(key)


def describe(concept: str) -> str:
    meaning = MEANING[concept]
    return concept if meaning == concept else f"{concept} ({meaning})"


def required_concepts(names: Iterable[str]) -> tuple[tuple[str, ...], list[str]]:
    """The concepts `names` require, in the usual order, and the names that mean nothing."""
    wanted: set[str] = set()
    unknown: list[str] = []
    for name in names:
        concept = concept_of(str(name))
        if concept is None:
            unknown.append(str(name))
        else:
            wanted.add(concept)
    return tuple(c for c in CONCEPTS if c in wanted), unknown


def alias_problems(raw: object) -> list[str]:
    """What is wrong with an `audit_log_aliases` value (concept -> list of dotted paths)."""
    if not isinstance(raw, dict):
        return ["audit_log_aliases must map a concept to a list of field paths"]
    problems = []
    for key, paths in raw.items():
        if concept_of(str(key)) is None:
            choices = ", ".join(CONCEPTS)
            problems.append(f"audit_log_aliases: unknown concept {key!r} (use {choices})")
        if not isinstance(paths, list | tuple) or not all(
            isinstance(p, str) and p.strip() for p in paths
        ):
            problems.append(f"audit_log_aliases: {key!r} must be a list of field paths")
    return problems


def aliases_of(
    raw: Mapping[str, Iterable[str]] | Aliases,
) -> tuple[dict[str, tuple[str, ...]], list[str]]:
    """User aliases as concept -> paths (a mapping or pairs), and the keys that mean nothing."""
    found: dict[str, tuple[str, ...]] = {}
    unknown: list[str] = []
    pairs: Iterable[tuple[str, Iterable[str]]] = raw.items() if isinstance(raw, Mapping) else raw
    for key, paths in pairs:
        concept = concept_of(str(key))
        if concept is None:
            unknown.append(str(key))
            continue
        more = (paths,) if isinstance(paths, str) else tuple(str(path) for path in paths)
        found[concept] = found.get(concept, ()) + more
    return found, unknown

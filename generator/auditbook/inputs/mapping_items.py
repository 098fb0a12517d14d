"""What the mapping file says about checklist items: their citations, owner and due date.

An entry is the item's citations (a list, or one string), or a mapping of `hipaa` (the
citations), `owner` and `due`: so a checklist that stays untouched can still say who
answers for an item and by when. What the item itself says (`owner="..."`, `due=...`)
wins over the mapping; `core/assignments.py` merges the two.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from yaml.nodes import MappingNode

from auditbook.inputs.mapping_checks import NodeChecker
from auditbook.inputs.yamlnodes import described, is_null, line_of, scalar_text

if TYPE_CHECKING:
    from yaml.nodes import Node

    from auditbook.domain.model import Ref

ITEM_KEYS = ("hipaa", "owner", "due")
ITEM_EXAMPLE = '{hipaa: ["164.312(b)"], owner: "Dana (Security)", due: 2026-12-31}'
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


@dataclass(frozen=True)
class ItemEntry:
    """What the mapping file gives one checklist item; `line` is the line of its id."""

    item_id: str
    line: int
    citations: tuple[Ref, ...] = ()
    owner: str | None = None
    due: dt.date | None = None


def iso_day(text: str) -> dt.date | None:
    """A date written YYYY-MM-DD (as `due=` on an item is), or None."""
    if not _ISO_DAY.fullmatch(text):
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


class ItemReader(NodeChecker):
    """Reads the `items:` part of a mapping file."""

    def items(self, node: Node) -> tuple[ItemEntry, ...]:
        if is_null(node):
            return ()
        body = self.body(node, "'items'")
        if body is None:
            return ()
        found = []
        for item_id, (key_node, value) in self.pairs(body, None, "items").items():
            entry = self.item(item_id, line_of(key_node), value)
            if entry is not None:
                found.append(entry)
        return tuple(found)

    def item(self, item_id: str, line: int, node: Node) -> ItemEntry | None:
        if not isinstance(node, MappingNode):
            citations = self.refs(node, f"citations of '{item_id}'")
            return ItemEntry(item_id, line, citations) if citations else None
        where = f"item '{item_id}'"
        keys = [scalar_text(key) or "" for key, _ in node.value]
        if not any(key in ITEM_KEYS for key in keys):
            close = difflib.get_close_matches(keys[0], ITEM_KEYS, n=1) if keys else []
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            message = (
                f"{where}: expected a list of citations, or a mapping of "
                f"{', '.join(ITEM_KEYS)} such as {ITEM_EXAMPLE}; got a mapping "
                f"without any of them{hint}"
            )
            self.error("mapping-type", message, node)
            return None
        pairs = self.pairs(node, ITEM_KEYS, where)
        citations = self.refs(pairs["hipaa"][1], f"{where}: hipaa") if "hipaa" in pairs else ()
        owner = self.string(pairs["owner"][1], f"{where}: 'owner'") if "owner" in pairs else None
        due = self.due(pairs["due"][1], where) if "due" in pairs else None
        if not (citations or owner or due):
            return None
        return ItemEntry(item_id, line, citations, owner, due)

    def due(self, node: Node, where: str) -> dt.date | None:
        text = scalar_text(node, dates=True)
        day = iso_day(text) if text is not None else None
        if day is None:
            got = f"'{text}'" if text is not None else described(node)
            message = f"{where}: 'due' must be a date written YYYY-MM-DD (2026-12-31), got {got}"
            self.error("mapping-due", message, node)
        return day

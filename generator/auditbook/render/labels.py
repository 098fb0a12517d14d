"""How results are named on pages: HTML anchors, CSS status classes, safeguard family titles."""

from __future__ import annotations

import re
from collections.abc import Mapping
from enum import Enum

FAMILY_TITLES: Mapping[str, str] = {
    "administrative": "Administrative safeguards",
    "physical": "Physical safeguards",
    "technical": "Technical safeguards",
    "organizational": "Organizational requirements",
    "documentation": "Policies and procedures and documentation requirements",
}


def item_anchor(item_id: str) -> str:
    """The HTML id of an item on its page ('/' is legal in ids but awkward in selectors)."""
    return "item-" + item_id.replace("/", "--")


def control_anchor(citation: str) -> str:
    """The HTML id of a control on the coverage page: 164.312(a)(2)(i) -> hipaa-164-312-a-2-i."""
    return "hipaa-" + "-".join(re.findall(r"[0-9A-Za-z]+", citation))


def status_slug(status: Enum | str) -> str:
    """A status (of an item, a control or evidence) as a CSS class part: 'not-applicable'."""
    return str(status.value if isinstance(status, Enum) else status).replace(" ", "-")


# What each item status means, for the legends beside the marks (the marks themselves are
# drawn by the stylesheets, `.ab-badge--<status>::before`, the same on the site and in the
# packet, so that a status reads without colour).
STATUS_MEANINGS: tuple[tuple[str, str], ...] = (
    ("met", "proven by current evidence that passes its checks"),
    ("attested", "ticked by a person, no evidence: never counted as proof"),
    ("expired", "its evidence is past its validity"),
    ("failing", "its evidence shows a failure"),
    ("open", "neither evidence nor a tick"),
    ("not applicable", "does not apply, with a written reason"),
)

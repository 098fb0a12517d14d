"""The names of the files a build writes, in one place: every layer agrees on them."""

from __future__ import annotations

import json
from typing import Any

PACKET = "packet.pdf"  # where the site serves the packet; the download name says more
REPORT = "report.json"  # the assessment as data
MANIFEST = "manifest.json"  # SHA-256 of every evidence file (and, on the site, every output)
VERSIONS = "versions.json"  # the index of releases, in mike's layout
DRAFT = "draft"  # where `auditbook build` puts the unreleased site once the root holds releases


def json_text(data: Any) -> str:
    """How auditbook writes JSON: sorted keys and a final newline, so equal data is equal bytes."""
    return json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"

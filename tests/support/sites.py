"""Fixture projects built for real with the CLI, and what a test reads of the result."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from conftest import run_cli


@dataclass
class Site:
    root: Path
    site: Path
    output: str

    @property
    def report(self) -> dict[str, Any]:
        return json.loads((self.site / "report.json").read_text("utf-8"))

    @property
    def manifest(self) -> dict[str, Any]:
        return json.loads((self.site / "manifest.json").read_text("utf-8"))

    def page(self, url: str) -> Path:
        """The HTML file MkDocs writes for a directory URL like 'checklists/operations/'."""
        return self.site / url / "index.html"

    def resolve(self, page_url: str, href: str) -> Path:
        """The site file a relative link on the page at `page_url` points to."""
        target = Path(os.path.normpath(self.site / page_url / href.split("#")[0]))
        return target / "index.html" if href.split("#")[0].endswith("/") else target


def build_site(root: Path, *, packet: bool = False) -> Site:
    """`auditbook build`, with the packet only when asked (the tests asking are marked)."""
    result = run_cli(root, "build", packet=packet)
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    assert (root / "site" / "packet.pdf").is_file() == packet
    return Site(root, root / "site", result.output)

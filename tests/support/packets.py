"""The packet fixture project, rendered once: the full packet through the API, then its site.

test_packet.py reads the full packet page by page, test_verify.py and
test_signed_packet.py check and sign it; none of them needs its own render of the same
inputs. While the full packet renders, the network is refused and every URL the fetcher is
asked for is recorded (test_packet.py checks that remote images are never fetched).
"""

from __future__ import annotations

import logging
import socket
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from auditbook.core.project import Project
from auditbook.engine.project import load_project
from auditbook.render.packet.packet import Packet, write_packet
from conftest import copy_fixture, run_cli
from support.shared import Facts

EPOCH = "1763700000"  # 2025-11-21T04:40:00Z
VERSION = "1.2"


def fixture_project(root: Path) -> Project:
    """The fixture's project as the CLI loads it, from its mkdocs.yml."""
    from mkdocs.config import load_config

    from auditbook.options import settings_from

    config = load_config(str(root / "mkdocs.yml"))
    return load_project(settings_from(config, config.plugins["auditbook"].config))


@dataclass(frozen=True)
class PacketProject:
    """The project, its full packet (full.pdf) and its site (site/, with the public packet)."""

    root: Path
    facts: Facts

    @property
    def full(self) -> Path:
        return self.root / "full.pdf"

    @property
    def site(self) -> Path:
        return self.root / "site"

    @property
    def packet(self) -> Packet:
        """What write_packet returned for full.pdf."""
        facts = self.facts
        return Packet(
            facts["pages"],
            facts["attachments"],
            facts["version"],
            facts["reused"],
        )


class _Messages(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(record.getMessage())


def _no_network(*args: object, **kwargs: object) -> None:
    raise AssertionError("the packet tried to reach the network")


def build_packet_project(root: Path) -> Facts:
    """Copy the fixture to `root`, write its full packet and build its site (with packet)."""
    from auditbook.render.packet.pdf import LocalFetcher

    copy_fixture("packet", root)
    asked: list[str] = []
    original = LocalFetcher.fetch

    def recording(self: LocalFetcher, url: str, headers: Any = None) -> Any:
        asked.append(url)
        return original(self, url, headers)

    messages = _Messages()
    logger = logging.getLogger("auditbook.render")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", EPOCH)
        patch.setenv("AUDITBOOK_PROCESSES", "1")  # the fetcher watched is this process's
        patch.setattr(socket, "create_connection", _no_network)
        patch.setattr(socket.socket, "connect", _no_network)
        patch.setattr(LocalFetcher, "fetch", recording)
        logger.addHandler(messages)
        try:
            project = fixture_project(root)
            packet = write_packet(project, root / "full.pdf", version=VERSION, full=True)
        finally:
            logger.removeHandler(messages)
    result = run_cli(root, "build", packet=True)
    assert result.exit_code == 0, result.output
    return {
        "pages": packet.pages,
        "attachments": packet.attachments,
        "version": packet.version,
        "reused": packet.reused,
        "fetched": asked,
        "refused": messages.lines,
    }

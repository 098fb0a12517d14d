"""Where a project keeps things and what it checks, as the adapters read it from mkdocs.yml."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path

from auditbook.domain.findings import Level
from auditbook.domain.model import Checks
from auditbook.inputs.stated import DEFAULT_VOCABULARY, Vocabulary


@dataclass(frozen=True)
class Settings:
    """Paths are absolute; `mapping` is relative to docs_dir, as written in mkdocs.yml."""

    root: Path
    docs_dir: Path
    evidence_dir: Path
    organisation: str = "Example Organisation"
    system: str = "Example System"
    checklists_dir: str = "checklists"
    as_of: dt.date | None = None
    checks: Checks = field(default_factory=Checks)
    cache_dir: Path | None = None
    fail_on: Level = Level.WARNING
    templates_dir: Path | None = None
    mapping: str = "mappings/hipaa.yml"
    coverage_gap_level: Level = Level.WARNING
    paper: str = "a4"  # the packet's paper: "a4" or "letter"
    # How authors state a task's status beside it (ticks, emoji, words), read as claims.
    vocabulary: Vocabulary = DEFAULT_VOCABULARY

    @property
    def mapping_file(self) -> Path:
        """The HIPAA mapping file (relative to docs_dir in mkdocs.yml)."""
        return Path(os.path.normpath(self.docs_dir / self.mapping))

    @property
    def input_folders(self) -> dict[str, Path]:
        """The folders a build reads, by how a message names them: no output may replace one."""
        folders = {
            "docs_dir": self.docs_dir,
            "the evidence folder": self.evidence_dir,
            "the project root": self.root,
        }
        if self.templates_dir is not None:
            folders["the templates folder"] = self.templates_dir
        return folders

    def relative(self, path: Path) -> str:
        """A path as findings show it: relative to the project root, with '/'."""
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return path.as_posix()

"""Everything a project gives to assess: its pages, its evidence and its HIPAA mapping."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from auditbook.inputs.catalog import load_catalog
from auditbook.inputs.evidence import collect_evidence
from auditbook.inputs.localcache import open_cache
from auditbook.inputs.mapping import Mapping, load_mapping
from auditbook.inputs.pages import read_pages
from auditbook.inputs.results_cache import ResultCache

if TYPE_CHECKING:
    from auditbook.domain.findings import Finding
    from auditbook.domain.model import Evidence
    from auditbook.inputs.catalog import Catalog
    from auditbook.inputs.pages import Page
    from auditbook.inputs.settings import Settings


@dataclass(frozen=True)
class Inputs:
    """What was read from disk; `mapping` is None when the project has no mapping file."""

    settings: Settings
    pages: tuple[Page, ...]
    evidence: tuple[Evidence, ...]
    findings: tuple[Finding, ...]
    catalog: Catalog
    mapping: Mapping | None
    mapping_path: str  # as findings show it, whether or not the file exists
    left_out: tuple[str, ...] = ()  # pages of docs_dir that cannot be read as files
    # What reading and scanning evidence found in earlier builds; None: nothing is reused.
    results: ResultCache | None = field(default=None, compare=False)


def read_inputs(settings: Settings) -> Inputs:
    """Read pages, evidence and the mapping file; nothing is assessed yet."""
    pages, findings, left_out = read_pages(settings)
    cache = open_cache(settings.cache_dir, settings.root)
    hashes = cache.part("hashes.json") if cache else None
    results = ResultCache.open(cache)  # before any file is hashed: see ResultCache.settled
    evidence, evidence_findings = collect_evidence(
        settings.evidence_dir,
        settings.checks,
        cache_path=hashes,
        root=settings.root,
        results=results,
    )
    findings.extend(evidence_findings)
    path, rel = settings.mapping_file, settings.relative(settings.mapping_file)
    mapping: Mapping | None = None
    if path.is_file():
        mapping, mapping_findings = load_mapping(path, rel)
        findings.extend(mapping_findings)
    catalog = load_catalog()
    return Inputs(
        settings,
        tuple(pages),
        evidence,
        tuple(findings),
        catalog,
        mapping,
        rel,
        tuple(left_out),
        results,
    )

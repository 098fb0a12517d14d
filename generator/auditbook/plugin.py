"""The MkDocs plugin: a thin adapter that feeds MkDocs the pages the core renders."""

from __future__ import annotations

import logging
import shutil
from pathlib import Path
from typing import TYPE_CHECKING

from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files

from auditbook.config import AuditbookConfig, settings_from
from auditbook.errors import AuditbookError, ConfigError
from auditbook.findings import Level
from auditbook.links import Linker, evidence_download
from auditbook.manifest import MANIFEST, build_manifest, write_json
from auditbook.project import Project, load_project
from auditbook.sitepages import DASHBOARD, DOWNLOADS, FINDINGS, REGISTER, SitePages
from auditbook.templating import environment

if TYPE_CHECKING:
    from jinja2 import Environment
    from mkdocs.config.defaults import MkDocsConfig

log = logging.getLogger("mkdocs.plugins.auditbook")
CSS = "assets/auditbook.css"
REPORT = "report.json"
_LOG_LEVELS = {Level.ERROR: logging.ERROR, Level.WARNING: logging.WARNING, Level.INFO: logging.INFO}


class AuditbookPlugin(BasePlugin[AuditbookConfig]):
    """Parses checklists, collects evidence, assesses, and adds the pages to the site."""

    supports_multiple_instances = False

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        # Per-build state lives here, not in __init__: `mkdocs serve` reuses the plugin.
        self.project: Project | None = None
        try:
            self.settings = settings_from(config, self.config)
        except AuditbookError as error:
            raise PluginError(str(error.message)) from None
        if CSS not in config.extra_css:
            config.extra_css.append(CSS)
        return config

    @event_priority(50)  # before other plugins see the files: ours must be in the nav and search
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        try:
            self.project = load_project(self.settings)
            self._log_findings()
            self._add_pages(files, config)
        except AuditbookError as error:
            raise PluginError(str(error.message)) from None
        return files

    def _log_findings(self) -> None:
        assert self.project is not None
        for finding in self.project.assessment.findings:
            log.log(_LOG_LEVELS[finding.level], finding.describe())

    def _add_pages(self, files: Files, config: MkDocsConfig) -> None:
        assert self.project is not None
        env = environment(self.settings.templates_dir)
        pages = SitePages(self.project, env, Linker(config.use_directory_urls))
        generated: dict[str, str | bytes] = {}
        for page in self.project.pages:
            # Every page is replaced by its decoded, repaired (and, for checklists, enriched) text.
            checklist = page.checklist
            generated[page.src_uri] = (
                pages.checklist_page(page, checklist) if checklist else page.text
            )
        for src_uri, content in self._generated_pages(pages).items():
            if files.get_file_from_path(src_uri) is not None and src_uri not in generated:
                raise ConfigError(f"auditbook generates {src_uri}; rename the page in docs_dir")
            generated[src_uri] = content
        generated[CSS] = _packaged_css(env)
        for src_uri, content in generated.items():
            existing = files.get_file_from_path(src_uri)
            if existing is not None:
                files.remove(existing)
            files.append(File.generated(config, src_uri, content=content))

    def _generated_pages(self, pages: SitePages) -> dict[str, str | bytes]:
        downloads = [
            {"name": REPORT, "src_uri": REPORT, "description": "the assessment as JSON"},
            {
                "name": MANIFEST,
                "src_uri": MANIFEST,
                "description": "SHA-256 of every evidence file and output",
            },
        ]
        generated: dict[str, str | bytes] = {
            DASHBOARD: pages.dashboard(),
            REGISTER: pages.register(),
            FINDINGS: pages.findings(),
            DOWNLOADS: pages.downloads_page(downloads),
        }
        generated.update(pages.evidence())
        return generated

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if self.project is None:
            return
        site_dir = Path(config.site_dir)
        self._publish_evidence(site_dir)
        write_json(site_dir / REPORT, self.project.assessment.to_json())
        write_json(site_dir / MANIFEST, build_manifest(self.project.assessment, site_dir))

    def _publish_evidence(self, site_dir: Path) -> None:
        """Copy raw files whose sidecar says publish (copied, not added to Files: an
        evidence `.md` must stay a raw file, not become a page)."""
        assert self.project is not None
        for result in self.project.assessment.evidence:
            meta = result.evidence.meta
            if meta is None or not meta.publish:
                continue
            target = site_dir / evidence_download(result.evidence.path)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(self.settings.root / result.evidence.path, target)


def _packaged_css(env: Environment) -> str:
    """The site stylesheet, overridable from the project's templates/ like any template."""
    assert env.loader is not None
    return env.loader.get_source(env, CSS)[0]

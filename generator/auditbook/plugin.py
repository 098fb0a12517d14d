"""The MkDocs plugin: a thin adapter that feeds MkDocs the pages the core renders."""

from __future__ import annotations

import logging
import posixpath
import shutil
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files

from auditbook.changes_chapter import changes_chapter
from auditbook.chart import readiness_chart
from auditbook.config import AuditbookConfig, settings_from
from auditbook.errors import AuditbookError, ConfigError
from auditbook.findings import Level
from auditbook.layout import write_sitemap
from auditbook.links import Linker, evidence_download
from auditbook.manifest import MANIFEST, build_manifest, write_json
from auditbook.packet import PACKET, write_packet
from auditbook.project import Project, load_project
from auditbook.sitepages import (
    CHANGES,
    COVERAGE,
    DASHBOARD,
    DOWNLOADS,
    FINDINGS,
    REGISTER,
    SitePages,
)
from auditbook.templating import environment
from auditbook.versions import VERSIONS_FILE

if TYPE_CHECKING:
    from jinja2 import Environment
    from mkdocs.config.base import ConfigErrors, ConfigWarnings
    from mkdocs.config.defaults import MkDocsConfig

    from auditbook.changes_chapter import Chapter
    from auditbook.history import History, Superseded

log = logging.getLogger("mkdocs.plugins.auditbook")
CSS = "assets/auditbook.css"
REPORT = "report.json"
_LOG_LEVELS = {Level.ERROR: logging.ERROR, Level.WARNING: logging.WARNING, Level.INFO: logging.INFO}


class AuditbookPlugin(BasePlugin[AuditbookConfig]):
    """Parses checklists, collects evidence, assesses, and adds the pages to the site."""

    supports_multiple_instances = False
    # Set by `auditbook release` and `auditbook build` (an input, not per-build state): the
    # releases this build is set against, for the Changes page and the readiness chart.
    history: History | None = None
    # Set by on_startup, which only MkDocs' own commands call.
    serving = False

    def load_config(
        self, options: dict[str, Any], config_file_path: str | None = None
    ) -> tuple[ConfigErrors, ConfigWarnings]:
        # MkDocs keeps one instance of a plugin with on_startup for the whole process: each
        # loaded mkdocs.yml starts without releases, until an auditbook command sets them.
        self.history = None
        return super().load_config(options, config_file_path)

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # `mkdocs serve` rebuilds on every save: the packet is left to `auditbook packet`.
        self.serving = command == "serve"

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        # Per-build state lives here, not in __init__: `mkdocs serve` reuses the plugin.
        self.project: Project | None = None
        try:
            self.settings = settings_from(config, self.config)
        except AuditbookError as error:
            raise PluginError(str(error.message)) from None
        if CSS not in config.extra_css:
            config.extra_css.append(CSS)
        if self.history is not None and config.nav is not None and not _in_nav(config.nav):
            config.nav.append({"Changes": CHANGES})
        return config

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        # MkDocs empties site_dir next: refuse rather than delete released versions.
        if (Path(config.site_dir) / VERSIONS_FILE).exists():
            raise PluginError(
                f"{config.site_dir} holds released versions ({VERSIONS_FILE}) that `mkdocs build` "
                "would delete; build with `auditbook build` (it keeps them) or choose another "
                "site_dir (-d)"
            )

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
        # One environment per build, for the pages now and the packet after the build.
        self.env = env = environment(self.settings.templates_dir)
        pages = SitePages(self.project, env, Linker(config.use_directory_urls))
        generated: dict[str, str | bytes] = {}
        for page in self.project.pages:
            # Every page is replaced by its decoded, repaired (and, for checklists, enriched) text.
            checklist = page.checklist
            generated[page.src_uri] = (
                pages.checklist_page(page, checklist) if checklist else page.text
            )
        for src_uri, content in self._generated_pages(pages).items():
            if src_uri in generated:  # a page of docs_dir has the path of a generated one
                raise ConfigError(f"auditbook generates {src_uri}; rename the page in docs_dir")
            generated[src_uri] = content
        generated[CSS] = _packaged_css(env)
        for src_uri, content in generated.items():
            existing = files.get_file_from_path(src_uri)
            if existing is not None:
                files.remove(existing)
            files.append(File.generated(config, src_uri, content=content))
        # The HIPAA mapping in docs_dir is auditbook's input, not something to publish.
        mapping = files.get_file_from_path(posixpath.normpath(self.settings.mapping))
        if mapping is not None:
            files.remove(mapping)

    def _generated_pages(self, pages: SitePages) -> dict[str, str | bytes]:
        downloads = (
            [
                {
                    "name": PACKET,
                    "src_uri": PACKET,
                    "description": "the auditor's packet: a PDF/A-3, every evidence file attached",
                }
            ]
            if self._packet_wanted
            else []
        )
        downloads += [
            {"name": REPORT, "src_uri": REPORT, "description": "the assessment as JSON"},
            {
                "name": MANIFEST,
                "src_uri": MANIFEST,
                "description": "SHA-256 of every evidence file and output",
            },
        ]
        downloads += [
            {"name": s.name, "src_uri": s.name, "description": _superseded_text(s)}
            for s in (self.history.superseded if self.history else ())
        ]
        generated: dict[str, str | bytes] = {
            DASHBOARD: pages.dashboard(self._releases(pages), packet=self._packet_wanted),
            REGISTER: pages.register(),
            FINDINGS: pages.findings(),
            DOWNLOADS: pages.downloads_page(downloads),
        }
        generated.update(pages.evidence())
        if self.project is not None and self.project.assessment.coverage is not None:
            generated[COVERAGE] = pages.coverage()
        if self.history is not None:
            assert self.project is not None
            changes = self.history.changes(self.project.assessment.to_json())
            generated[CHANGES] = pages.changes_page(changes, self.history)
        return generated

    def _releases(self, pages: SitePages) -> dict[str, Any] | None:
        """The dashboard's chart of readiness over all releases, once there are any."""
        if self.history is None or self.project is None:
            return None
        a = self.project.assessment
        points = self.history.chart_points(a.overall.readiness, a.today.isoformat())
        previous = self.history.previous()
        return {
            "chart": readiness_chart(pages.env, points),
            "previous": previous.title if previous else None,
            "draft": self.history.current is None,
        }

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if self.project is None:
            return
        site_dir = Path(config.site_dir)
        self._publish_evidence(site_dir)
        if self.history is not None and self.history.current is not None:
            for superseded in self.history.superseded:
                shutil.copyfile(superseded.source, site_dir / superseded.name)
            if not config.site_url:  # before the manifest, which lists it
                write_sitemap(site_dir, self.history.current)
        self._write_packet(site_dir)  # before the manifest, which lists it
        write_json(site_dir / REPORT, self.project.assessment.to_json())
        write_json(site_dir / MANIFEST, build_manifest(self.project.assessment, site_dir))

    @property
    def _packet_wanted(self) -> bool:
        return self.config.packet and not self.serving

    def _write_packet(self, site_dir: Path) -> None:
        assert self.project is not None
        if not self._packet_wanted:
            log.info("packet not built (serving, or packet: false); `auditbook packet` builds it")
            return
        current = self.history.current if self.history is not None else None
        version = current or self.config.packet_version
        try:
            packet = write_packet(
                self.project,
                site_dir / PACKET,
                version=version,
                env=self.env,
                chapters=self._chapters(self.env),
            )
        except AuditbookError as error:
            raise PluginError(str(error.message)) from None
        log.info("packet: %s pages, %s attachments", packet.pages, packet.attachments)

    def _chapters(self, env: Environment) -> list[Chapter]:
        """A release's packet says what changed since the previous release."""
        if self.history is None or self.project is None:
            return []
        a = self.project.assessment
        chapter = changes_chapter(env, self.history, a.to_json(), a.overall.readiness)
        return [chapter] if chapter is not None else []

    def _publish_evidence(self, site_dir: Path) -> None:
        """Copy raw files whose sidecar says publish (copied, not added to Files: an
        evidence `.md` must stay a raw file, not become a page)."""
        assert self.project is not None
        for result in self.project.assessment.evidence:
            if not result.evidence.publishable:
                continue
            target = site_dir / evidence_download(result.evidence.path)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(self.settings.root / result.evidence.path, target)


def _in_nav(nav: Any) -> bool:
    """Whether the Changes page is already somewhere in an explicit nav."""
    if isinstance(nav, str):
        return nav == CHANGES
    if isinstance(nav, list):
        return any(_in_nav(entry) for entry in nav)
    if isinstance(nav, dict):
        return any(_in_nav(entry) for entry in nav.values())
    return False


def _superseded_text(superseded: Superseded) -> str:
    released = f" released {superseded.released}" if superseded.released else ""
    return (
        f"the earlier packet of this version{released}, superseded by a forced re-release "
        f"and kept unchanged (SHA-256 {superseded.sha256})"
    )


def _packaged_css(env: Environment) -> str:
    """The site stylesheet, overridable from the project's templates/ like any template."""
    assert env.loader is not None
    return env.loader.get_source(env, CSS)[0]

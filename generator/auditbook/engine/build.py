"""One build, composed without MkDocs: every page, the packet, report.json and manifest.json.

An adapter (the MkDocs or ProperDocs plugin, the CLI) gives the engine a project's
settings and the releases the build is set against, hands the pages to its site
generator, and asks the engine for the outputs once the site is written.
"""

from __future__ import annotations

import logging
import posixpath
import shutil
from typing import TYPE_CHECKING, Any

from auditbook.domain.errors import ConfigError
from auditbook.domain.files import MANIFEST, PACKET, REPORT
from auditbook.engine.project import load_project, refuse_to_publish
from auditbook.export.manifest import site_manifest
from auditbook.export.report import report_json, write_json
from auditbook.release.aliases import write_sitemap
from auditbook.release.seals import broken_seals
from auditbook.render.chart import readiness_chart
from auditbook.render.links import Linker, evidence_download
from auditbook.render.packet.changes import changes_chapter
from auditbook.render.packet.packet import write_packet
from auditbook.render.packet.sign import signing_key_from_env
from auditbook.render.site.pages import STYLESHEET, PageNames, SitePages
from auditbook.render.templating import environment, source

if TYPE_CHECKING:
    from pathlib import Path

    from jinja2 import Environment

    from auditbook.core.project import Project
    from auditbook.domain.findings import Finding
    from auditbook.inputs.settings import Settings
    from auditbook.release.history import History, Superseded
    from auditbook.render.packet.packet import Packet
    from auditbook.render.packet.views import Chapter

# Under MkDocs' own logger: `mkdocs build --strict` counts these warnings too.
log = logging.getLogger("mkdocs.plugins.auditbook")
_DOWNLOADS = {
    PACKET: "the auditor's packet: a PDF/A-3 with the evidence files published here attached",
    REPORT: "the assessment as JSON",
    MANIFEST: "SHA-256 of every evidence file and output",
}


class SiteBuild:
    """One build of a project's site: the pages first, the files beside them afterwards."""

    def __init__(
        self,
        settings: Settings,
        *,
        history: History | None = None,
        use_directory_urls: bool = True,
        site_url: str | None = None,
        packet: bool = True,
        packet_version: str | None = None,
        full_packet: bool = False,
        prefix: str = "",
    ) -> None:
        self.settings = settings
        self.names = PageNames(prefix)
        self.history = history
        self.packet = packet
        self.packet_version = packet_version
        self.full_packet = full_packet
        self.site_url = site_url
        self.project = load_project(settings)
        refuse_to_publish(self.project)  # a site is public, and so is the packet in it
        if history is not None:
            for version in broken_seals(history.root, history.versions):
                log.warning("release %s no longer matches its seal: run auditbook verify", version)
        self.report = report_json(self.project.assessment)
        self.env = environment(settings.templates_dir)
        self.linker = Linker(use_directory_urls)

    @property
    def findings(self) -> tuple[Finding, ...]:
        return self.project.assessment.findings

    def evidence_pages(self) -> list[str]:
        """The evidence pages, in the register's order."""
        return [self.names.evidence(r.evidence.path) for r in self.project.assessment.evidence]

    def nav_pages(self) -> list[str]:
        """The pages auditbook puts in the nav beside the register: the agreements, and the
        evidence pages while they are few (NAV_EVIDENCE). Material writes the whole nav
        into every page: 2,000 evidence pages in it made a 1.4 GB site and two thirds of
        the build's time. Past that, each evidence page is reached from the register and
        leads back to it by its breadcrumb."""
        evidence = self.evidence_pages()
        return [self.names.agreements, *(evidence if len(evidence) <= NAV_EVIDENCE else [])]

    def pages(self) -> dict[str, str]:
        """Every page of docs_dir as the site shows it, and every page auditbook adds."""
        site = SitePages(self.project, self.env, self.linker, self.names)
        pages = {
            page.src_uri: site.checklist_page(page, page.checklist) if page.checklist else page.text
            for page in self.project.pages
        }
        for src_uri, content in self._generated(site).items():
            if src_uri in pages:  # a page of docs_dir has the path of a generated one
                raise ConfigError(
                    f"auditbook generates {src_uri}, a page docs_dir has too; give auditbook's "
                    "pages a place of their own with the plugin's `prefix` option"
                )
            pages[src_uri] = content
        pages[STYLESHEET] = source(self.env, STYLESHEET)[0]  # overridable like any template
        return pages

    def unpublished(self) -> list[str]:
        """Files of docs_dir the site must not read: the HIPAA mapping (an input, not a
        page) and pages that are not files (a pipe would hang the build)."""
        return [posixpath.normpath(self.settings.mapping), *self.project.left_out]

    def write_outputs(self, site_dir: Path) -> Packet | None:
        """Everything beside the pages: raw evidence, packets, report and manifest (last)."""
        self._publish_evidence(site_dir)
        release = self.history.current if self.history is not None else None
        if self.history is not None and release is not None:
            for superseded in self.history.superseded:
                shutil.copyfile(superseded.source, site_dir / superseded.name)
            if not self.site_url:  # before the manifest, which lists it
                write_sitemap(site_dir, release)
        packet = None
        if self.packet:
            version = release or self.packet_version
            chapters = release_chapters(self.env, self.history, self.project, self.report)
            packet = write_packet(
                self.project,
                site_dir / PACKET,
                version=version,
                env=self.env,
                chapters=chapters,
                full=self.full_packet,
                signing=signing_key_from_env(self.settings.root),
            )
        write_json(site_dir / REPORT, self.report)
        write_json(site_dir / MANIFEST, site_manifest(self.project.assessment, site_dir))
        return packet

    def _generated(self, site: SitePages) -> dict[str, str]:
        names = self.names
        generated = {
            names.dashboard: site.dashboard(self._releases(), packet=self.packet),
            names.register: site.register(),
            names.agreements: site.agreements(),
            names.findings: site.findings(),
            names.downloads: site.downloads_page(self._downloads()),
            **site.evidence(),
        }
        if self.project.assessment.coverage is not None:
            generated[names.coverage] = site.coverage()
        if self.history is not None:
            changes = self.history.changes(self.report)
            generated[names.changes] = site.changes_page(changes, self.history)
        return generated

    def _downloads(self) -> list[dict[str, str]]:
        names = [PACKET, REPORT, MANIFEST] if self.packet else [REPORT, MANIFEST]
        downloads = [{"name": n, "src_uri": n, "description": _DOWNLOADS[n]} for n in names]
        for superseded in self.history.superseded if self.history else ():
            description = _superseded_text(superseded)
            downloads.append(
                {"name": superseded.name, "src_uri": superseded.name, "description": description}
            )
        return downloads

    def _releases(self) -> dict[str, Any] | None:
        """The dashboard's chart of readiness over all releases, once there are any."""
        if self.history is None:
            return None
        a = self.project.assessment
        points = self.history.chart_points(a.overall.readiness, a.today.isoformat())
        previous = self.history.previous()
        return {
            "chart": readiness_chart(self.env, points),
            "previous": previous.title if previous else None,
            "draft": self.history.current is None,
        }

    def _publish_evidence(self, site_dir: Path) -> None:
        """Copy raw files whose sidecar says publish (copied, not given to MkDocs as files:
        an evidence `.md` must stay a raw file, not become a page)."""
        for result in self.project.assessment.evidence:
            if result.evidence.publishable:
                target = site_dir / evidence_download(result.evidence.path)
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(self.settings.root / result.evidence.path, target)


AUTO_PREFIX = "auditbook/"


def pick_prefix(docs_dir: Path, configured: str | None) -> str:
    """Where auditbook's pages go: as configured, else docs_dir's root unless it has pages
    of its own there (a site's home page is its owner's), else auditbook/."""
    if configured is not None:
        prefix = configured.strip().strip("/")
        return prefix + "/" if prefix else ""
    names = PageNames()
    own = [name for name in (*names.fixed(), names.changes) if (docs_dir / name).is_file()]
    return AUTO_PREFIX if own else ""


def nav_entries(nav: Any, prefix: str, history: History | None) -> list[dict[str, str]]:
    """What an explicit nav lacks: a way to auditbook's pages under a prefix, and Changes."""
    names, entries = PageNames(prefix), []
    if prefix and not _in_nav(nav, names.dashboard):
        entries.append({"Readiness": names.dashboard})
    if history is not None and not _in_nav(nav, names.changes):
        entries.append({"Changes": names.changes})
    return entries


# Evidence pages listed in the nav, at most (see SiteBuild.nav_pages).
NAV_EVIDENCE = 50


def add_evidence_pages(nav: Any, register: str, pages: list[str]) -> bool:
    """Each evidence page listed after the register, in whichever nav list holds it (the
    Evidence section), so that no evidence page is an orphan; titles come from the pages.

    Changes `nav` in place; False when the nav has no register to put them beside.
    """
    missing = [page for page in pages if not _in_nav(nav, page)]
    return _insert_after(nav, register, missing)


def _insert_after(nav: Any, register: str, pages: list[str]) -> bool:
    if isinstance(nav, dict):
        return any(_insert_after(value, register, pages) for value in nav.values())
    if not isinstance(nav, list):
        return False
    for index, entry in enumerate(nav):
        if entry == register or (isinstance(entry, dict) and register in entry.values()):
            nav[index + 1 : index + 1] = pages
            return True
    return any(_insert_after(entry, register, pages) for entry in nav)


def _in_nav(nav: Any, page: str) -> bool:
    """Whether `page` is already somewhere in a nav (pages, sections, titled entries)."""
    if isinstance(nav, str):
        return nav == page
    if isinstance(nav, list | tuple):
        return any(_in_nav(entry, page) for entry in nav)
    if isinstance(nav, dict):
        return any(_in_nav(entry, page) for entry in nav.values())
    return False


def write_packet_alone(
    settings: Settings,
    target: Path,
    *,
    version: str | None,
    history: History | None = None,
    full: bool = True,
) -> Packet:
    """The packet of this project written to `target`: the full one, for an auditor, unless
    `full` is False (then the public one a build puts in its site)."""
    project = load_project(settings)
    if not full:
        refuse_to_publish(project)
    env = environment(settings.templates_dir)
    chapters = release_chapters(env, history, project, report_json(project.assessment))
    signing = signing_key_from_env(settings.root)
    return write_packet(
        project, target, version=version, env=env, chapters=chapters, full=full, signing=signing
    )


def release_chapters(
    env: Environment, history: History | None, project: Project, report: dict[str, Any]
) -> list[Chapter]:
    """A release's packet says what changed since the previous release."""
    if history is None:
        return []
    readiness = project.assessment.overall.readiness
    chapter = changes_chapter(env, history, report, readiness)
    return [chapter] if chapter is not None else []


def _superseded_text(superseded: Superseded) -> str:
    released = f" released {superseded.released}" if superseded.released else ""
    return (
        f"the earlier packet of this version{released}, superseded by a forced re-release "
        f"and kept unchanged (SHA-256 {superseded.sha256})"
    )

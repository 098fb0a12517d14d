"""The MkDocs (and ProperDocs) plugin: moves files between the site generator and the engine."""

from __future__ import annotations

import logging
import posixpath
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel

from auditbook.domain.errors import AuditbookError
from auditbook.domain.findings import Level
from auditbook.engine.build import SiteBuild, add_evidence_pages, nav_entries, pick_prefix
from auditbook.options import (
    AuditbookConfig,
    enable_extensions,
    respelled,
    settings_from,
    unknown_as_errors,
)
from auditbook.release.atomic import check_output_folder
from auditbook.release.history import current_history
from auditbook.release.staging import refuse_to_empty_releases
from auditbook.render.compiled import COMPILED
from auditbook.render.site.pages import STYLESHEET

if TYPE_CHECKING:
    from jinja2 import Environment
    from mkdocs.config.base import ConfigErrors, ConfigWarnings
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.livereload import LiveReloadServer

    from auditbook.inputs.settings import Settings

log = logging.getLogger("mkdocs.plugins.auditbook")
_LOG_LEVELS = {Level.ERROR: logging.ERROR, Level.WARNING: logging.WARNING, Level.INFO: logging.INFO}


class AuditbookPlugin(BasePlugin[AuditbookConfig]):
    """Gives the engine the project, MkDocs the pages, and the site the engine's outputs."""

    supports_multiple_instances = False
    serving = False  # set by on_startup, which only MkDocs' own commands call

    def load_config(
        self, options: dict[str, Any], config_file_path: str | None = None
    ) -> tuple[ConfigErrors, ConfigWarnings]:
        errors, warnings = super().load_config(respelled(options), config_file_path)
        return unknown_as_errors(errors, warnings)

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # `mkdocs serve` rebuilds on every save: the packet is left to `auditbook packet`.
        self.serving = command == "serve"

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        # Per-build state lives here, not in __init__: `mkdocs serve` reuses the plugin.
        self.build: SiteBuild | None = None
        self.history = current_history()  # set by `auditbook build` and `auditbook release`
        self.settings = _plugin_errors(settings_from, config, self.config)
        added = enable_extensions(config)
        if added:  # a page without them shows `{#id}` and raw HTML: on, and said so
            log.info(
                "auditbook turned on the Markdown extensions it needs: %s (list them under "
                "markdown_extensions in mkdocs.yml to say so yourself)",
                ", ".join(added),
            )
        if STYLESHEET not in config.extra_css:
            config.extra_css.append(STYLESHEET)
        self.prefix = pick_prefix(Path(config.docs_dir), self.config.prefix)
        if config.nav is not None:  # an explicit nav is its owner's: only ever added to
            config.nav.extend(nav_entries(config.nav, self.prefix, self.history))
        if self.history is not None and self.history.current is not None:
            _versioned(config, self.history.current)
        return config

    def on_serve(
        self, server: LiveReloadServer, *, config: MkDocsConfig, builder: Any
    ) -> LiveReloadServer:
        # MkDocs watches docs_dir and mkdocs.yml; a sidecar edit must show on the page too.
        for path in _watched(self.settings):
            server.watch(str(path))
        return server

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        # MkDocs empties site_dir next: refuse rather than delete inputs or released versions.
        site_dir = Path(config.site_dir)
        _plugin_errors(check_output_folder, site_dir, self.settings.input_folders)
        _plugin_errors(refuse_to_empty_releases, site_dir)

    @event_priority(50)  # before other plugins see the files: ours must be in the nav and search
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        self.build = build = _plugin_errors(
            SiteBuild,
            self.settings,
            history=self.history,
            use_directory_urls=config.use_directory_urls,
            site_url=config.site_url,
            packet=self.config.packet and not self.serving,
            packet_version=self.config.packet_version,
            full_packet=self.config.full_packet,
            prefix=self.prefix,
        )
        for finding in build.findings:
            log.log(_LOG_LEVELS[finding.level], finding.describe())
        for src_uri, content in _plugin_errors(build.pages).items():
            existing = files.get_file_from_path(src_uri)
            if existing is not None:
                files.remove(existing)
            files.append(File.generated(config, src_uri, content=content))
        for src_uri in build.unpublished():
            unpublished = files.get_file_from_path(src_uri)
            if unpublished is not None:
                files.remove(unpublished)
        in_nav = build.nav_pages()
        if config.nav is not None:  # the nav is made after on_files: evidence pages join it
            add_evidence_pages(config.nav, build.names.register, in_nav)
        for src_uri in set(build.evidence_pages()) - set(in_nav):  # too many for a nav
            page = files.get_file_from_path(src_uri)
            if page is not None:
                page.inclusion = InclusionLevel.NOT_IN_NAV
        return files

    def on_env(self, env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
        # MkDocs makes the theme's environment anew every build: its templates are compiled
        # once per process instead (a rebuild of `mkdocs serve` compiles nothing again).
        if env.bytecode_cache is None:
            env.bytecode_cache = COMPILED
        return env

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if self.build is None:
            return
        packet = _plugin_errors(self.build.write_outputs, Path(config.site_dir))
        if packet is None:
            log.info("packet not built (serving, or packet: false); `auditbook packet` builds it")
        else:
            reused = " (reused: nothing in it changed)" if packet.reused else ""
            log.info("packet: %s pages, %s attachments%s", packet.pages, packet.attachments, reused)


def _plugin_errors(call: Any, *args: Any, **kwargs: Any) -> Any:
    """Call into the engine; its errors become PluginError, which MkDocs reports cleanly."""
    try:
        return call(*args, **kwargs)
    except AuditbookError as error:
        raise PluginError(str(error.message)) from None


def _watched(settings: Settings) -> list[Path]:
    """What a page depends on besides docs_dir: evidence, the mapping and the templates
    (those that exist: a folder made later is seen when `mkdocs serve` starts again)."""
    paths = [settings.evidence_dir, settings.mapping_file, settings.templates_dir]
    return [path for path in paths if path is not None and path.exists()]


def _versioned(config: MkDocsConfig, version: str) -> None:
    """A release turns on Material's version selector and gets its own site_url (as mike)."""
    config.extra["version"] = {**(config.extra.get("version") or {}), "provider": "mike"}
    if config.site_url:
        config.site_url = posixpath.join(config.site_url.rstrip("/"), version) + "/"

"""The command line: a thin adapter over the core, and the only place that configures logging."""

from __future__ import annotations

import datetime as dt
import logging
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click

from auditbook import __version__
from auditbook.errors import AuditbookError, ConfigError
from auditbook.findings import Level
from auditbook.outputs import replacing_dir
from auditbook.project import Settings, load_project
from auditbook.reports import FORMATS, gate_fails, render_findings

log = logging.getLogger("auditbook")


def _load_mkdocs_config(config_file: str, **overrides: Any) -> Any:
    from mkdocs.config import load_config
    from mkdocs.exceptions import ConfigurationError

    if not Path(config_file).is_file():
        raise ConfigError(f"no such file: {config_file}")
    try:
        return load_config(config_file, **overrides)
    except ConfigurationError as error:
        raise ConfigError(f"invalid configuration: {error}", config_file) from None
    except SystemExit:  # mkdocs aborts on config errors it has already logged
        raise ConfigError("invalid configuration (see the messages above)", config_file) from None


def _settings(config_file: str, as_of: dt.date | None) -> Settings:
    from dataclasses import replace

    from auditbook.config import settings_from

    config = _load_mkdocs_config(config_file)
    plugin = config.plugins.get("auditbook")
    if plugin is None:
        raise ConfigError("the auditbook plugin is not enabled (plugins: - auditbook)", config_file)
    settings = settings_from(config, plugin.config)
    return replace(settings, as_of=as_of) if as_of else settings


def _build_config(
    config_file: str, strict: bool, as_of: dt.datetime | None, packet: bool | None = None
) -> Any:
    """mkdocs.yml loaded for a build, with the auditbook plugin enabled and told the date.

    `packet` overrides the plugin's option (None keeps what mkdocs.yml says).
    """
    config = _load_mkdocs_config(config_file, **({"strict": True} if strict else {}))
    plugin = config.plugins.get("auditbook")
    if plugin is None:
        raise ConfigError("the auditbook plugin is not enabled (plugins: - auditbook)", config_file)
    if as_of:
        plugin.config.as_of = as_of.date()
    if packet is not None:
        plugin.config.packet = packet
    return config


config_option = click.option(
    "-f", "--config-file", default="mkdocs.yml", show_default=True, help="The project's mkdocs.yml."
)
as_of_option = click.option(
    "--as-of", type=click.DateTime(["%Y-%m-%d"]), help="Assess as of this date (YYYY-MM-DD)."
)


def _date(value: dt.datetime | None) -> dt.date | None:
    return value.date() if value else None


class _Group(click.Group):
    """Turns any unexpected exception into one clean line; --debug shows the traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except Exception as error:
            if "--debug" in sys.argv[1:] or (ctx.obj or {}).get("debug"):
                raise
            message = f"unexpected {type(error).__name__}: {error} (rerun with --debug)"
            raise AuditbookError(message) from None


@click.group(cls=_Group)
@click.version_option(__version__, prog_name="auditbook")
@click.option("--debug", is_flag=True, help="Show tracebacks and debug logging.")
@click.pass_context
def cli(ctx: click.Context, debug: bool) -> None:
    """Turn compliance checklists and evidence into a site and an auditor's packet."""
    ctx.ensure_object(dict)
    ctx.obj["debug"] = debug
    logging.basicConfig(
        level=logging.DEBUG if debug else logging.INFO, format="%(levelname)-7s - %(message)s"
    )
    # WeasyPrint reports each layout step at INFO; its warnings and errors still show.
    logging.getLogger("weasyprint.progress").setLevel(logging.DEBUG if debug else logging.WARNING)


@cli.command()
@config_option
@click.option("-d", "--site-dir", type=click.Path(path_type=Path), help="Output folder.")
@click.option("--strict", is_flag=True, help="Fail on warnings, like mkdocs build --strict.")
@click.option(
    "--packet/--no-packet",
    default=None,
    help="Render the PDF packet into the site (default: the plugin's packet option, on).",
)
@as_of_option
def build(
    config_file: str,
    site_dir: Path | None,
    strict: bool,
    packet: bool | None,
    as_of: dt.datetime | None,
) -> None:
    """Build the site atomically: a failed build leaves the previous site untouched."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.exceptions import MkDocsException

    from auditbook.release import draft_target

    config = _build_config(config_file, strict, as_of, packet)
    target = draft_target(config, (site_dir or Path(config.site_dir)).resolve())
    with replacing_dir(target) as staging, _first_error() as first:
        config.site_dir = str(staging)
        try:
            mkdocs_build(config)
        except (MkDocsException, SystemExit) as error:
            # For a plugin error MkDocs only says "Aborted with a BuildError!": name the cause.
            said = str(error) if isinstance(error, MkDocsException) else ""
            cause = first[0] if first and (not said or "BuildError" in said) else said
            cause = cause or "see the messages above"
            raise AuditbookError(f"build failed: {cause}") from None
    click.echo(f"site built in {target}", err=True)


class _ErrorRecorder(logging.Handler):
    def __init__(self, messages: list[str]) -> None:
        super().__init__(logging.ERROR)
        self.messages = messages

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage().splitlines()[0] if record.getMessage() else "")


@contextmanager
def _first_error() -> Iterator[list[str]]:
    """Collect the ERROR messages MkDocs logs during a build, in order."""
    messages: list[str] = []
    handler = _ErrorRecorder(messages)
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    try:
        yield messages
    finally:
        logger.removeHandler(handler)


@cli.command()
@config_option
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True)
@click.option(
    "--fail-on",
    type=click.Choice([level.label for level in Level]),
    help="Lowest level that fails the gate (default: the plugin's fail_on, warning).",
)
@click.option("-o", "--output", type=click.Path(path_type=Path), help="Write the report here.")
@as_of_option
def check(
    config_file: str, fmt: str, fail_on: str | None, output: Path | None, as_of: dt.datetime | None
) -> None:
    """Print the findings; exit 1 when any reaches the --fail-on level."""
    settings = _settings(config_file, _date(as_of))
    level = Level.parse(fail_on) if fail_on else settings.fail_on
    logging.getLogger("auditbook").setLevel(logging.WARNING)  # the report says it all
    findings = load_project(settings).assessment.findings
    report = render_findings(findings, level, fmt)
    if output is not None:
        output.write_text(report, "utf-8")
    else:
        click.echo(report, nl=False)
    sys.exit(1 if gate_fails(findings, level) else 0)


site_dir_option = click.option(
    "-d", "--site-dir", type=click.Path(path_type=Path), help="Root of the releases (site_dir)."
)
format_option = click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)


def _site_root(config_file: str, site_dir: Path | None) -> Path:
    return (site_dir or Path(_load_mkdocs_config(config_file).site_dir)).resolve()


@cli.command()
@click.argument("version")
@click.option("--title", help="What the version selector shows (default: VERSION).")
@click.option("--alias", "aliases", multiple=True, help="An alias, e.g. latest (moved if taken).")
@click.option("--force", is_flag=True, help="Release an existing version again (keeps its packet).")
@config_option
@site_dir_option
@click.option("--strict", is_flag=True, help="Fail on warnings, like mkdocs build --strict.")
@as_of_option
def release(
    version: str,
    title: str | None,
    aliases: tuple[str, ...],
    force: bool,
    config_file: str,
    site_dir: Path | None,
    strict: bool,
    as_of: dt.datetime | None,
) -> None:
    """Build the site and packet into SITE/VERSION/ and record it in versions.json."""
    from auditbook.release import Request
    from auditbook.release import release as make_release

    config = _build_config(config_file, strict, as_of, packet=True)  # a release has its packet
    root = (site_dir or Path(config.site_dir)).resolve()
    info = make_release(config, root, Request(version, title, aliases, force))
    packet = info.properties.get("packet_sha256") or "no packet"
    click.echo(f"released {info.version} in {root / info.version} ({packet})", err=True)


@cli.command()
@config_option
@site_dir_option
@format_option
def versions(config_file: str, site_dir: Path | None, fmt: str) -> None:
    """List the releases, newest first (--format json prints versions.json)."""
    from auditbook.versions import load_versions

    recorded = load_versions(_site_root(config_file, site_dir))
    if fmt == "json":
        click.echo(recorded.dumps(), nl=False)
        return
    click.echo(recorded.as_text(), nl=False)


@cli.command()
@click.argument("before")
@click.argument("after")
@config_option
@site_dir_option
@format_option
def diff(before: str, after: str, config_file: str, site_dir: Path | None, fmt: str) -> None:
    """What changed from BEFORE to AFTER: releases, aliases, draft or report.json files."""
    import json

    from auditbook.changes import compare, render_text
    from auditbook.history import load_report

    both_files = Path(before).is_file() and Path(after).is_file()
    root = None if both_files else _site_root(config_file, site_dir)
    old_label, old = load_report(root, before)
    new_label, new = load_report(root, after)
    changes = compare(old, new, old_label, new_label)
    if fmt == "json":
        click.echo(json.dumps(changes.to_json(), indent=2, ensure_ascii=False))
    else:
        click.echo(render_text(changes), nl=False)


@cli.command()
@config_option
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Write the PDF here (default: ORGANISATION-packet-VERSION.pdf in this folder).",
)
@click.option("--packet-version", help="Version printed on the packet (default: packet_version).")
@as_of_option
def packet(
    config_file: str, output: Path | None, packet_version: str | None, as_of: dt.datetime | None
) -> None:
    """Render the auditor's PDF packet alone, without building the site."""
    from auditbook.config import settings_from
    from auditbook.packet import download_name, write_packet

    config = _build_config(config_file, False, as_of)
    options = config.plugins["auditbook"].config
    version = packet_version or options.packet_version
    settings = settings_from(config, options)
    target = output or Path(download_name(settings, version))
    written = write_packet(load_project(settings), target, version=version)
    click.echo(
        f"packet written to {target}: {written.pages} pages, {written.attachments} attachments",
        err=True,
    )


def main() -> None:
    """Entry point of the console script."""
    cli(prog_name="auditbook")

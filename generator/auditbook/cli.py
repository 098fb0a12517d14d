"""The command line: a thin adapter over the core, and the only place that configures logging."""

from __future__ import annotations

import datetime as dt
import errno
import logging
import os
import sys
from pathlib import Path
from typing import Any

import click

from auditbook import __version__
from auditbook.cli_options import as_of_option, config_option, date_of
from auditbook.cli_releases import diff, release, versions
from auditbook.cli_standalone import init, verify
from auditbook.domain.errors import AuditbookError, naming_path, os_error_message
from auditbook.domain.findings import Level
from auditbook.domain.progress import PROGRESS_LOG
from auditbook.engine.project import load_project
from auditbook.export.ci import FORMATS, gate_fails, render_check
from auditbook.release.atomic import (
    check_output_file,
    check_output_folder,
    replacing_dir,
    replacing_file,
)
from auditbook.release.history import building_against
from auditbook.runner import (
    build_config,
    build_into,
    load_config,
    plugin_options,
    project_settings,
    settings_of,
)

log = logging.getLogger("auditbook")


class _Group(click.Group):
    """Turns any other exception into one clean line; --debug shows the traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except Exception as error:
            if "--debug" in sys.argv[1:] or (ctx.obj or {}).get("debug"):
                raise
            if isinstance(error, OSError):  # the system said no: say what, where, what to do
                raise AuditbookError(os_error_message(error)) from None
            message = (
                f"internal error ({type(error).__name__}: {error}): this is a bug in auditbook; "
                "please report it with the output of the same command rerun with --debug"
            )
            raise AuditbookError(message) from None


@click.group(cls=_Group)
@click.version_option(__version__, prog_name="auditbook")
@click.option("--debug", is_flag=True, help="Show tracebacks and debug logging.")
@click.pass_context
def cli(ctx: click.Context, debug: bool) -> None:
    """Turn compliance checklists and evidence into a site and an auditor's packet.

    \b
    Exit codes:
      0  done: built, the gate passed, everything verified
      1  the gate failed (check), a build was strict about a warning, or a verification
         found a mismatch
      2  bad input or usage: one line says what and where (--debug shows the traceback)
    """
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
    from auditbook.release.recovery import recover_releases
    from auditbook.release.staging import draft_target

    config = build_config(config_file, strict=strict, as_of=date_of(as_of), packet=packet)
    requested = (site_dir or Path(config.site_dir)).resolve()
    check_output_folder(requested, settings_of(config).input_folders)
    recover_releases(requested)
    target, history = draft_target(requested)
    with naming_path(target), building_against(history), replacing_dir(target) as staging:
        build_into(config, staging)
    click.echo(f"site built in {target}", err=True)


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
    """Print the findings; exit 1 when any reaches the --fail-on level.

    \b
    Formats: text; json; junit (a test case per checklist item and evidence file, with
    file and line); github (workflow annotations); sarif (2.1.0, for code scanning).
    \b
    Exit codes:
      0  the gate passed: no finding reaches the --fail-on level
      1  the gate failed: at least one finding does
      2  the project could not be read (mkdocs.yml, an option, a file): nothing checked
    """
    settings = project_settings(config_file, date_of(as_of))
    if output is not None:
        check_output_file(output, settings.input_folders, Path(config_file))
        if not output.parent.is_dir():  # a report goes into a folder that exists
            raise FileNotFoundError(errno.ENOENT, os.strerror(errno.ENOENT), str(output))
    level = Level.parse(fail_on) if fail_on else settings.fail_on
    # The report says it all: no notes, and no progress lines (a terminal still gets a bar).
    for quiet in ("auditbook", PROGRESS_LOG):
        logging.getLogger(quiet).setLevel(logging.WARNING)
    assessment = load_project(settings).assessment
    findings = assessment.findings
    report = render_check(assessment, level, fmt)
    if output is not None:
        with naming_path(output), replacing_file(output) as temporary:
            temporary.write_text(report, "utf-8")
    else:
        click.echo(report, nl=False)
    sys.exit(1 if gate_fails(findings, level) else 0)


@cli.command()
@config_option
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Write the PDF here (default: ORGANISATION-packet-VERSION.pdf in this folder).",
)
@click.option("--packet-version", help="Version printed on the packet (default: packet_version).")
@click.option(
    "--public",
    is_flag=True,
    help="The public packet, as the site has it: only published evidence attached.",
)
@as_of_option
def packet(
    config_file: str,
    output: Path | None,
    packet_version: str | None,
    public: bool,
    as_of: dt.datetime | None,
) -> None:
    """Render the auditor's full PDF packet alone, without building the site.

    The full packet attaches every evidence file a packet may carry, published or not:
    hand it to the auditor, never publish it.
    """
    from auditbook.engine.build import write_packet_alone
    from auditbook.release.staging import draft_target
    from auditbook.render.packet.packet import download_name

    config = load_config(config_file)
    settings = settings_of(config, date_of(as_of))
    version = packet_version or plugin_options(config).packet_version
    target = output or Path(download_name(settings, version))
    check_output_file(target, settings.input_folders, Path(config_file))
    _, history = draft_target(Path(config.site_dir).resolve())  # the site's own releases
    with naming_path(target):
        written = write_packet_alone(
            settings, target, version=version, history=history, full=not public
        )
    which = "public packet" if public else "full packet (not for publication)"
    click.echo(
        f"{which} written to {target}: {written.pages} pages, {written.attachments} attachments",
        err=True,
    )


# Commands that live beside this module: releases, and those that need no project loaded.
for command in (release, versions, diff, verify, init):
    cli.add_command(command)


def main() -> None:
    """Entry point of the console script."""
    cli(prog_name="auditbook")

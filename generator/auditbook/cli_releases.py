"""The release commands: make a release, list the releases, compare two of them."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from auditbook.cli_options import (
    as_of_option,
    config_option,
    date_of,
    format_option,
    site_dir_option,
    site_root,
)
from auditbook.domain.errors import naming_path
from auditbook.release.atomic import check_output_folder
from auditbook.runner import build_config, build_into, settings_of


@click.command()
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
    from auditbook.release.staging import Request, releasing

    config = build_config(config_file, strict=strict, as_of=date_of(as_of), packet=True)
    root = (site_dir or Path(config.site_dir)).resolve()
    check_output_folder(root, settings_of(config).input_folders)
    request = Request(version, title, aliases, force)
    project_root = Path(config.config_file_path or config_file).resolve().parent
    directory_urls = config.use_directory_urls
    with (
        naming_path(root / version),
        releasing(root, request, project_root, use_directory_urls=directory_urls) as stage,
    ):
        build_into(config, stage.site_dir)
    assert stage.info is not None
    packet = stage.info.properties.get("packet_sha256") or "no packet"
    click.echo(f"released {version} in {root / version} ({packet})", err=True)


@click.command()
@config_option
@site_dir_option
@format_option
def versions(config_file: str, site_dir: Path | None, fmt: str) -> None:
    """List the releases, newest first (--format json prints versions.json)."""
    from auditbook.export.text import versions_text
    from auditbook.release.seals import broken_seals
    from auditbook.release.versions import load_versions

    root = site_root(config_file, site_dir)
    recorded = load_versions(root)
    click.echo(recorded.dumps() if fmt == "json" else versions_text(recorded), nl=False)
    for version in broken_seals(root, recorded):
        click.echo(f"warning: release {version} no longer matches its seal", err=True)


@click.command()
@click.argument("before")
@click.argument("after")
@config_option
@site_dir_option
@format_option
def diff(before: str, after: str, config_file: str, site_dir: Path | None, fmt: str) -> None:
    """What changed from BEFORE to AFTER: releases, aliases, draft or report.json files."""
    import json

    from auditbook.core.compare import compare
    from auditbook.export.text import changes_text
    from auditbook.release.history import load_report

    both_files = Path(before).is_file() and Path(after).is_file()
    root = None if both_files else site_root(config_file, site_dir)
    old_label, old = load_report(root, before)
    new_label, new = load_report(root, after)
    changes = compare(old, new, old_label, new_label)
    if fmt == "json":
        click.echo(json.dumps(changes.to_json(), indent=2, ensure_ascii=False))
    else:
        click.echo(changes_text(changes), nl=False)

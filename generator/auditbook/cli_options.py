"""Options and helpers the command-line modules share."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from auditbook.runner import load_config

config_option = click.option(
    "-f", "--config-file", default="mkdocs.yml", show_default=True, help="The project's mkdocs.yml."
)
as_of_option = click.option(
    "--as-of", type=click.DateTime(["%Y-%m-%d"]), help="Assess as of this date (YYYY-MM-DD)."
)


def date_of(value: dt.datetime | None) -> dt.date | None:
    return value.date() if value else None


site_dir_option = click.option(
    "-d", "--site-dir", type=click.Path(path_type=Path), help="Root of the releases (site_dir)."
)
format_option = click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)


def site_root(config_file: str, site_dir: Path | None) -> Path:
    return (site_dir or Path(load_config(config_file).site_dir)).resolve()

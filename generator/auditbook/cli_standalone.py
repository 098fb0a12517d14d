"""The commands that need no project loaded: `verify` checks outputs, `init` makes a project."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from auditbook.domain.findings import visible


@click.command()
@click.argument("path", type=click.Path(exists=True, path_type=Path))
def verify(path: Path) -> None:
    """Check a packet, a built site or a folder of releases, offline.

    A packet against the manifest embedded in it, and its signature; a site or a release
    against its manifest.json; a folder of releases each release, and against the seals
    in versions.json. Exits 0 when everything holds, 1 naming each file that does not.
    """
    from auditbook.engine.verify import verify as check_path

    result = check_path(path)
    for note in result.notes:
        click.echo(f"note: {visible(note)}")
    for problem in result.problems:
        click.echo(f"mismatch: {visible(problem)}")
    if result.holds:
        click.echo(f"{path}: holds ({result.checked} files and signatures checked)")
        return
    click.echo(f"{path}: {len(result.problems)} mismatch(es)")
    raise SystemExit(1)


@click.command()
@click.argument("folder", default=".", type=click.Path(file_okay=False, path_type=Path))
@click.option(
    "--into",
    "config_file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Add auditbook to this existing mkdocs.yml instead, keeping its settings and comments.",
)
@click.option("--name", default="Readiness", show_default=True, help="The site's name.")
@click.option(
    "--organisation",
    "--organization",
    default="Example Organisation (fictional)",
    show_default=True,
    help="Whose readiness this is.",
)
def init(folder: Path, config_file: Path | None, name: str, organisation: str) -> None:
    """Start a project that builds and passes the gate at once (or add auditbook to a site).

    Files that exist already are kept; what was written or changed is listed.
    """
    from auditbook.scaffold import add_to_site, init_project

    today = dt.date.today()
    if config_file is not None:
        changes = add_to_site(config_file, organisation=organisation, today=today)
    else:
        changes = init_project(folder, name=name, organisation=organisation, today=today)
    for line in changes.config:
        click.echo(f"mkdocs.yml: {line}")
    for target in changes.written:
        click.echo(f"wrote {target}")
    for target in changes.kept:
        click.echo(f"kept {target} (it exists)")
    click.echo("next: auditbook check, then auditbook build")

"""`auditbook init`: a project that builds and passes the gate at once, or auditbook added to
an existing MkDocs site without losing its settings or comments.

The starter files ship in `data/starter/`; the example evidence is written on the day of
`init`, so it is current (and fictional, and says so).
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from auditbook.domain.errors import ConfigError

STARTER = "data/starter"
# Starter file -> where it goes in the project.
FILES = {
    "mkdocs.yml": "mkdocs.yml",
    "content/index.md": "content/index.md",
    "content/checklists/launch.md": "content/checklists/launch.md",
    "content/mappings/hipaa.yml": "content/mappings/hipaa.yml",
    "evidence/README.md": "evidence/README.md",
    "templates/README.md": "templates/README.md",
    "github-workflow.yml": ".github/workflows/auditbook.yml",
}
EXTENSIONS: tuple[Any, ...] = (
    "attr_list",
    "md_in_html",
    "tables",
    {"pymdownx.tasklist": {"custom_checkbox": True}},
)
RESTORE_LOG = "evidence/backups/restore-drill.log"


@dataclass
class Changes:
    """What init did, for the lines it prints."""

    written: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)
    config: list[str] = field(default_factory=list)


def init_project(folder: Path, *, name: str, organisation: str, today: dt.date) -> Changes:
    """Write a new project into `folder`; files that exist already are kept, not replaced."""
    changes = Changes()
    values = {"{site_name}": name, "{organisation}": organisation, "{system}": name}
    for source, target in FILES.items():
        text = _starter(source)
        for key, value in values.items():
            text = text.replace(key, _yaml_text(value) if source == "mkdocs.yml" else value)
        _write(folder, target, text, changes)
    for target, text in _evidence(today).items():
        _write(folder, target, text, changes)
    return changes


def add_to_site(config_file: Path, *, organisation: str, today: dt.date) -> Changes:
    """Add the plugin and the Markdown extensions auditbook needs to an existing mkdocs.yml,
    keeping its comments, order and other settings; add the evidence folder beside it."""
    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError

    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.indent(mapping=2, sequence=4, offset=2)
    try:
        config = yaml.load(config_file.read_text(encoding="utf-8"))
    except (OSError, YAMLError) as error:
        raise ConfigError(f"cannot be read as YAML: {error}", str(config_file)) from None
    if not isinstance(config, dict):
        raise ConfigError("is not a mapping of settings", str(config_file))
    changes = Changes()
    _add_plugin(config, organisation, changes)
    _add_extensions(config, changes)
    theme = config.get("theme")
    theme_name = theme.get("name") if isinstance(theme, dict) else theme
    if theme_name != "material":
        changes.config.append(
            f"theme is {theme_name or 'mkdocs'!r}: auditbook's pages look best with "
            "`theme: {name: material}` (left as it is)"
        )
    if changes.config and any(not line.startswith("theme is") for line in changes.config):
        out = io.StringIO()
        yaml.dump(config, out)
        config_file.write_text(out.getvalue(), encoding="utf-8")
    folder = config_file.parent
    _write(folder, "evidence/README.md", _starter("evidence/README.md"), changes)
    for target, text in _evidence(today).items():
        _write(folder, target, text, changes)
    return changes


def _add_plugin(config: Any, organisation: str, changes: Changes) -> None:
    plugins = config.get("plugins")
    if plugins is None:
        # MkDocs' default is [search]: naming plugins replaces it, so keep it explicitly.
        config["plugins"] = plugins = ["search"]
        changes.config.append("plugins: added, with search (MkDocs' default) kept")
    names = [next(iter(p)) if isinstance(p, dict) else p for p in plugins]
    if "auditbook" in names:
        changes.config.append("plugins: auditbook is there already")
        return
    plugins.append({"auditbook": {"organisation": organisation, "coverage_gap_level": "info"}})
    changes.config.append("plugins: auditbook added")


def _add_extensions(config: Any, changes: Changes) -> None:
    extensions = config.get("markdown_extensions")
    if extensions is None:
        config["markdown_extensions"] = extensions = []
    names = {next(iter(e)) if isinstance(e, dict) else e for e in extensions}
    for extension in EXTENSIONS:
        name = next(iter(extension)) if isinstance(extension, dict) else extension
        if name not in names:
            extensions.append(extension)
            changes.config.append(f"markdown_extensions: {name} added")


def _evidence(today: dt.date) -> dict[str, str]:
    """A fictional, passing pgBackRest restore drill of today, and its sidecar."""
    day = today.isoformat()
    log = (
        f"{day} 02:00:01.000 P00   INFO: restore command begin 2.54.0: --stanza=main "
        "--pg1-path=/var/lib/postgresql/16/main\n"
        f"{day} 02:00:02.000 P00   INFO: repo1: restore backup set 20260101-020000F\n"
        f"{day} 02:41:37.000 P00   INFO: restore size = 12.4GB, file total = 2817\n"
        f"{day} 02:41:38.000 P00   INFO: restore command end: completed successfully "
        "(2497000ms)\n"
    )
    sidecar = (
        "# Fictional example written by `auditbook init`: replace it with your own drill.\n"
        "title: Restore drill (example)\n"
        "kind: backup-restore\n"
        "covers: [restore-tested]\n"
        f"collected: {day}\n"
        "collected_by: Operations (fictional)\n"
        "valid_for: 92d\n"
        "fictional: true\n"
    )
    return {RESTORE_LOG: log, RESTORE_LOG + ".meta.yml": sidecar}


def _starter(name: str) -> str:
    return resources.files("auditbook").joinpath(f"{STARTER}/{name}").read_text(encoding="utf-8")


def _write(folder: Path, target: str, text: str, changes: Changes) -> None:
    path = folder / target
    if path.exists():
        changes.kept.append(target)
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    changes.written.append(target)


def _yaml_text(value: str) -> str:
    """A value that stays one plain YAML string whatever it holds."""
    import json

    return json.dumps(value, ensure_ascii=False)

"""The plugin's options in mkdocs.yml, and the Settings the engine reads from them."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.base import ValidationError

from auditbook.domain.errors import ConfigError
from auditbook.domain.findings import Level
from auditbook.domain.model import Checks
from auditbook.domain.text import did_you_mean
from auditbook.inputs.readers.audit.concepts import CONCEPTS, alias_problems, required_concepts
from auditbook.inputs.settings import Settings
from auditbook.inputs.stated import EXTENSIBLE, Vocabulary, extended

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig

_DEFAULT_CHECKS = Checks()


class ChecksConfig(base.Config):
    """Thresholds for the evidence readers."""

    audit_log_fields = c.ListOfItems(c.Type(str), default=list(_DEFAULT_CHECKS.audit_log_fields))
    """What every audit-log record must tell: who, what, resource, before, after, where,
    client, when (the old names userId, action, oldValues, newValues, ipAddress, userAgent
    and time still work)."""
    audit_log_aliases = c.Type(dict, default={})
    """Where else to find a concept, tried first: `{who: [actor.login]}` (dotted paths)."""
    audit_log_max_gap_days = c.Type((int, float), default=_DEFAULT_CHECKS.audit_log_max_gap_days)
    """A gap between two audit records longer than this many days is reported."""
    rto_hours = c.Type((int, float), default=_DEFAULT_CHECKS.rto_hours)
    """Recovery time objective: a restore that took longer fails."""
    restore_test_interval_days = c.Type(int, default=_DEFAULT_CHECKS.restore_test_interval_days)
    """A restore test older than this many days no longer proves anything."""
    renewal_horizon_days = c.Type(int, default=_DEFAULT_CHECKS.renewal_horizon_days)
    """Due dates and evidence renewals this many days ahead are announced (info findings)."""


class AuditbookConfig(base.Config):
    """Options of the `auditbook` plugin."""

    organisation = c.Type(str, default="Example Organisation")
    """Whose readiness this is: shown on the dashboard and the packet's cover."""
    system = c.Type(str, default="Example System")
    """Which system is assessed."""
    evidence_dir = c.Type(str, default="evidence")
    """Evidence folder, relative to mkdocs.yml."""
    checklists_dir = c.Type(str, default="checklists")
    """Folder of docs_dir whose pages must contain checklist items."""
    as_of: c.Optional[str | dt.date] = c.Optional(c.Type((str, dt.date)))
    """Assess as of this date (ISO); default: SOURCE_DATE_EPOCH's day, else today."""
    checks = c.SubConfig(ChecksConfig)
    """Thresholds for the evidence readers."""
    cache_dir = c.Type(str, default=".auditbook-cache")
    """Where hashes are cached between builds, relative to mkdocs.yml."""
    fail_on = c.Choice(("info", "warning", "error"), default="warning")
    """Lowest finding level at which `auditbook check` fails."""
    templates_dir = c.Type(str, default="templates")
    """Project templates overriding the packaged ones, relative to mkdocs.yml."""
    mapping = c.Type(str, default="mappings/hipaa.yml")
    """HIPAA mapping file (items to citations, per-control decisions), relative to docs_dir."""
    coverage_gap_level = c.Choice(("info", "warning", "error"), default="warning")
    """Level of the finding for each Required HIPAA control that nothing covers."""
    prefix: c.Optional[str] = c.Optional(c.Type(str))
    """Folder of the site for auditbook's pages (`compliance/`); default: the site's root,
    or `auditbook/` when docs_dir has pages of its own there (its home page, say)."""
    packet = c.Type(bool, default=True)
    """Render the PDF packet into the site (site/packet.pdf) on every build."""
    full_packet = c.Type(bool, default=False)
    """Put the full packet in the site: every evidence file attached and quoted, published or
    not. Only for a site that is itself private; by default the site's packet is the public
    one and `auditbook packet` makes the full one."""
    packet_version: c.Optional[str] = c.Optional(c.Type(str))
    """Version printed on the PDF packet; default: the release being made, else "draft"."""
    paper = c.Choice(("a4", "letter"), default="a4")
    stated = c.Type(dict, default={})
    """Words and marks your authors write beside a task, by claim: `{done: [...],
    in_progress: [...], not_done: [...]}`, added to the ones auditbook knows."""
    """Paper of the PDF packet: `a4`, or `letter` for auditors who print on US Letter."""


def parse_date(value: str | dt.date, what: str) -> dt.date:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ConfigError(f"{what} {value!r} is not a date (YYYY-MM-DD)") from None


def settings_from(mkdocs_config: MkDocsConfig, options: AuditbookConfig) -> Settings:
    """Resolve the options against the folder of mkdocs.yml."""
    root = Path(mkdocs_config.config_file_path or ".").resolve().parent
    return Settings(
        root=root,
        docs_dir=Path(mkdocs_config.docs_dir).resolve(),
        evidence_dir=(root / options.evidence_dir).resolve(),
        organisation=options.organisation,
        system=options.system,
        checklists_dir=options.checklists_dir,
        as_of=parse_date(options.as_of, "as_of") if options.as_of else None,
        checks=checks_of(options.checks),
        cache_dir=root / options.cache_dir,
        fail_on=Level.parse(options.fail_on),
        templates_dir=root / options.templates_dir,
        mapping=options.mapping,
        coverage_gap_level=Level.parse(options.coverage_gap_level),
        paper=options.paper,
        vocabulary=vocabulary_of(options.stated),
    )


def vocabulary_of(stated: dict[str, object]) -> Vocabulary:
    """`stated: {done: [...], in_progress: [...], not_done: [...]}`: words and marks a
    project's authors use, added to the ones auditbook knows."""
    problems = []
    extra: dict[str, list[str]] = {}
    for claim, entries in stated.items():
        if claim not in EXTENSIBLE:
            problems.append(f"stated: unknown claim {claim!r} (use {', '.join(EXTENSIBLE)})")
        elif not isinstance(entries, list) or not all(
            isinstance(e, str) and e.strip() for e in entries
        ):
            problems.append(f"stated: {claim} must be a list of words or marks")
        else:
            extra[claim] = [entry.strip() for entry in entries]
    if problems:
        raise ConfigError("; ".join(problems))
    return extended(extra)


def checks_of(checks: ChecksConfig) -> Checks:
    """The readers' thresholds; audit-log names that mean nothing are one error naming all."""
    required, unknown = required_concepts(checks.audit_log_fields)
    problems = [
        f"audit_log_fields: unknown field {name!r} (use {', '.join(CONCEPTS)})" for name in unknown
    ]
    problems += alias_problems(checks.audit_log_aliases)
    if problems:
        raise ConfigError("; ".join(problems))
    aliases = tuple(
        (str(concept), tuple(str(path) for path in paths))
        for concept, paths in checks.audit_log_aliases.items()
    )
    return Checks(
        audit_log_fields=required,
        audit_log_aliases=aliases,
        audit_log_max_gap_days=float(checks.audit_log_max_gap_days),
        rto_hours=float(checks.rto_hours),
        restore_test_interval_days=checks.restore_test_interval_days,
        renewal_horizon_days=checks.renewal_horizon_days,
    )


# Other spellings people write for an option, read as the option itself.
SPELLINGS = {"organization": "organisation"}


def respelled(options: dict[str, Any]) -> dict[str, Any]:
    """The options with the US spelling of an option read as the option (not a typo)."""
    options = dict(options)
    for other, option in SPELLINGS.items():
        if other in options and option not in options:
            options[option] = options.pop(other)
    return options


def unknown_as_errors(
    errors: list[tuple[str, Exception]], warnings: list[tuple[str, str]]
) -> tuple[list[tuple[str, Exception]], list[tuple[str, str]]]:
    """An option auditbook does not know is a typo until proven otherwise: an error, with
    the option it is closest to (MkDocs would only warn, and build without it)."""
    known = [name for name, _ in AuditbookConfig._schema]
    unknown = [key for key, message in warnings if message.startswith("Unrecognised")]
    errors = errors + [
        (key, ValidationError(f"unknown option{did_you_mean(key, known)}")) for key in unknown
    ]
    return errors, [(key, message) for key, message in warnings if key not in unknown]


# The Markdown extensions auditbook's pages rely on, with the options they need: item and
# heading attributes (`{#id}`), HTML blocks with Markdown inside, tables and task boxes.
EXTENSIONS: dict[str, dict[str, Any]] = {
    "attr_list": {},
    "md_in_html": {},
    "tables": {},
    "pymdownx.tasklist": {"custom_checkbox": True},
}


def enable_extensions(config: MkDocsConfig) -> list[str]:
    """Turn on each extension auditbook needs that mkdocs.yml leaves out; the ones added.

    An extension listed already keeps the options its owner gave it.
    """
    listed = {_short_name(name) for name in config.markdown_extensions if isinstance(name, str)}
    added = []
    for name, options in EXTENSIONS.items():
        if name not in listed:
            config.markdown_extensions.append(name)
            if options:
                config.mdx_configs[name] = dict(options)
            added.append(name)
    return added


def _short_name(name: str) -> str:
    """`markdown.extensions.attr_list` is `attr_list`."""
    return name.removeprefix("markdown.extensions.")

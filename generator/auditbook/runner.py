"""Running MkDocs for the CLI: mkdocs.yml with the plugin, builds that name why they failed."""

from __future__ import annotations

import logging
import os
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from auditbook.domain.clock import source_date_epoch
from auditbook.domain.errors import AuditbookError, ConfigError, os_error_message
from auditbook.inputs.yamlnodes import MAX_EXPANDED_VALUES, compose, expanded_size
from auditbook.options import settings_from

# mkdocs.yml is a page of settings; a megabyte of it is something else.
MAX_CONFIG_BYTES = 1_000_000

if TYPE_CHECKING:
    import datetime as dt

    from mkdocs.config.defaults import MkDocsConfig

    from auditbook.inputs.settings import Settings


def load_config(config_file: str, **overrides: Any) -> MkDocsConfig:
    """mkdocs.yml, validated by MkDocs; its errors become one clean message."""
    from mkdocs.config import load_config as mkdocs_load_config
    from mkdocs.exceptions import ConfigurationError

    try:
        regular = stat.S_ISREG(os.stat(config_file).st_mode)
    except FileNotFoundError:
        raise ConfigError(f"no such file: {config_file}") from None
    except OSError as error:  # a loop of links, a name too long, no permission
        raise ConfigError(os_error_message(error)) from None
    if not regular:
        raise ConfigError("not a regular file", config_file)
    _check_bounded(Path(config_file))
    try:
        return mkdocs_load_config(config_file, **overrides)
    except ConfigurationError as error:
        raise ConfigError(f"invalid configuration: {error}", config_file) from None
    except SystemExit:  # mkdocs aborts on config errors it has already logged
        raise ConfigError("invalid configuration (see the messages above)", config_file) from None


def _check_bounded(path: Path) -> None:
    """MkDocs expands every alias of mkdocs.yml: refuse a file that would not fit in memory."""
    if path.stat().st_size > MAX_CONFIG_BYTES:
        message = f"larger than {MAX_CONFIG_BYTES:,} bytes: not a site's configuration"
        raise ConfigError(message, str(path))
    root, _ = compose(path.read_text("utf-8", errors="replace"))  # MkDocs reports bad YAML
    if root is not None and expanded_size(root) > MAX_EXPANDED_VALUES:
        raise ConfigError(
            f"its aliases expand to more than {MAX_EXPANDED_VALUES:,} values; "
            "write the values out or remove the aliases",
            str(path),
        )


def build_config(
    config_file: str,
    *,
    strict: bool = False,
    as_of: dt.date | None = None,
    packet: bool | None = None,
) -> MkDocsConfig:
    """mkdocs.yml loaded for a build, the plugin's options overridden by the command line.

    `packet` overrides the plugin's option (None keeps what mkdocs.yml says).
    """
    source_date_epoch()  # MkDocs reads it too, and fails with a traceback on a bad one
    config = load_config(config_file, **({"strict": True} if strict else {}))
    options = _plugin(config, config_file).config
    if as_of:
        options.as_of = as_of
    if packet is not None:
        options.packet = packet
    return config


def project_settings(config_file: str, as_of: dt.date | None = None) -> Settings:
    """The project's settings, for the commands that do not build a site."""
    return settings_of(load_config(config_file), as_of)


def settings_of(config: MkDocsConfig, as_of: dt.date | None = None) -> Settings:
    settings = settings_from(config, plugin_options(config))
    return replace(settings, as_of=as_of) if as_of else settings


def plugin_options(config: MkDocsConfig) -> Any:
    return _plugin(config, os.path.relpath(config.config_file_path or "mkdocs.yml")).config


def _plugin(config: MkDocsConfig, config_file: str) -> Any:
    plugin = config.plugins.get("auditbook")
    if plugin is None:
        raise ConfigError("the auditbook plugin is not enabled (plugins: - auditbook)", config_file)
    return plugin


class StrictFailure(AuditbookError):
    """`--strict` and a warning: the gate's exit code, as `mkdocs build --strict` has it."""

    exit_code = 1


def build_into(config: MkDocsConfig, site_dir: Path) -> None:
    """MkDocs' build into `site_dir`; a failure names its first real cause."""
    from mkdocs.commands.build import build
    from mkdocs.exceptions import Abort, MkDocsException

    config.site_dir = str(site_dir)
    with _errors_logged() as errors:
        try:
            build(config)
        except (MkDocsException, SystemExit) as error:
            # For a plugin error MkDocs only says "Aborted with a BuildError!", right after
            # logging the error itself: name that cause (findings logged before are not it).
            said = str(error) if isinstance(error, MkDocsException) else ""
            if isinstance(error, Abort) and said.endswith("in strict mode!"):
                raise StrictFailure(f"build failed: {said}") from None
            cause = errors[-1] if errors and (not said or "BuildError" in said) else said
            raise AuditbookError(f"build failed: {cause or 'see the messages above'}") from None


class _ErrorRecorder(logging.Handler):
    def __init__(self, messages: list[str]) -> None:
        super().__init__(logging.ERROR)
        self.messages = messages

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage().splitlines()[0] if record.getMessage() else "")


@contextmanager
def _errors_logged() -> Iterator[list[str]]:
    """Collect the ERROR messages MkDocs logs during a build, in order."""
    messages: list[str] = []
    handler = _ErrorRecorder(messages)
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    try:
        yield messages
    finally:
        logger.removeHandler(handler)

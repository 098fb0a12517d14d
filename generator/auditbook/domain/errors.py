"""Errors a person can act on, converted at the boundary (CLI message, MkDocs PluginError)."""

from __future__ import annotations

from typing import IO, Any

import click


class AuditbookError(click.ClickException):
    """Input auditbook cannot use; the CLI prints the message and exits 2."""

    exit_code = 2

    def __init__(self, message: str, path: str | None = None, line: int | None = None) -> None:
        self.path = path
        self.line = line
        super().__init__(_locate(message, path, line))

    def show(self, file: IO[Any] | None = None) -> None:
        """One line on stderr, no 'Usage:' noise: this is about the input, not the command."""
        click.echo(f"error: {self.format_message()}", err=True, file=file)


class ConfigError(AuditbookError):
    """The project's configuration (mkdocs.yml, plugin options) is unusable."""


class ChecklistError(AuditbookError):
    """A checklist cannot be parsed at all."""


class PacketError(AuditbookError):
    """The PDF packet cannot be rendered completely."""


class ReleaseError(AuditbookError):
    """A release cannot be made, or the recorded releases cannot be read."""


def _locate(message: str, path: str | None, line: int | None) -> str:
    if path is None:
        return message
    if line is None:
        return f"{path}: {message}"
    return f"{path}:{line}: {message}"

"""Errors a person can act on, converted at the boundary (CLI message, MkDocs PluginError)."""

from __future__ import annotations

import errno
import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import IO, TYPE_CHECKING, Any

import click

if TYPE_CHECKING:
    from pathlib import Path


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


_ADVICE = {
    errno.ENOSPC: "free some space on that disk, then run again",
    errno.EDQUOT: "the disk quota is used up; free some space, then run again",
    errno.EFBIG: "the file is larger than the system allows (see `ulimit -f`)",
    errno.EACCES: "check the owner and permissions of that path",
    errno.EPERM: "check the owner and permissions of that path",
    errno.EROFS: "that file system is read-only; choose another place to write",
    errno.ELOOP: "a symbolic link leads back to itself; remove the loop",
    errno.ENAMETOOLONG: "the name is too long for the file system; shorten it",
    errno.ENOENT: "check the path, and that its folder exists",
    errno.ENOTDIR: "a part of the path is a file, not a folder",
    errno.EISDIR: "it is a folder, not a file",
    errno.EMFILE: "too many files are open; raise the limit (`ulimit -n`)",
}


def os_error_message(error: OSError) -> str:
    """An operating-system failure as one line: the path, what the system said, what to do."""
    where = " -> ".join(str(name) for name in (error.filename, error.filename2) if name)
    said = error.strerror or str(error)
    advice = _ADVICE.get(error.errno or 0)
    return f"{where + ': ' if where else ''}{said}{'; ' + advice if advice else ''}"


@contextmanager
def naming_path(path: Path) -> Iterator[None]:
    """A failed write names the output it was for: the system names none for a full disk or
    an I/O error, and only a temporary name for a file being written beside it."""
    try:
        yield
    except OSError as error:
        temporary = f".{path.name}.tmp-"
        named = error.filename is not None
        if named and not os.path.basename(str(error.filename)).startswith(temporary):
            raise
        if error.errno is not None:  # what the system said, now with the output's name
            raise type(error)(error.errno, error.strerror, str(path)) from None
        raise


def _locate(message: str, path: str | None, line: int | None) -> str:
    if path is None:
        return message
    if line is None:
        return f"{path}: {message}"
    return f"{path}:{line}: {message}"

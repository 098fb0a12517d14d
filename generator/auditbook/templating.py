"""The one Jinja2 environment: packaged templates, overridable from the project's templates/."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from jinja2 import (
    BaseLoader,
    ChoiceLoader,
    Environment,
    FileSystemLoader,
    PackageLoader,
    StrictUndefined,
    TemplateError,
)

from auditbook.errors import AuditbookError
from auditbook.filters import FILTERS


def environment(overrides: Path | None = None) -> Environment:
    """Autoescaping everywhere: evidence is untrusted and ends up in HTML."""
    loaders: list[BaseLoader] = []
    if overrides is not None and overrides.is_dir():
        loaders.append(FileSystemLoader(overrides))
    loaders.append(PackageLoader("auditbook", "templates"))
    env = Environment(
        loader=ChoiceLoader(loaders),
        undefined=StrictUndefined,
        autoescape=True,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(FILTERS)
    return env


def render(env: Environment, name: str, **context: Any) -> str:
    """Render a template; a broken override is reported with its file and line."""
    try:
        return env.get_template(name).render(**context)
    except TemplateError as error:
        filename = getattr(error, "filename", None) or name
        lineno = getattr(error, "lineno", None)
        raise AuditbookError(f"template error: {error.message}", filename, lineno) from None

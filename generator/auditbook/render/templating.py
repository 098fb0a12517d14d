"""The one Jinja2 environment: packaged templates, overridable from the project's templates/."""

from __future__ import annotations

import traceback
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

from auditbook.domain.errors import AuditbookError
from auditbook.render.compiled import COMPILED
from auditbook.render.filters import FILTERS

# The packaged templates, as files: the packet's fetcher may read their images and fonts.
PACKAGED = Path(__file__).resolve().parent.parent / "templates"


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
        bytecode_cache=COMPILED,  # compiled once per process, not once per build
    )
    env.filters.update(FILTERS)
    return env


def render(
    env: Environment, name: str, *, error: type[AuditbookError] = AuditbookError, **context: Any
) -> str:
    """Render a template; a broken one (override or packaged) is `error` with its file and line."""
    try:
        return env.get_template(name).render(**context)
    except TemplateError as problem:
        filename, line = _location(problem)
        message = getattr(problem, "message", None) or str(problem)
        raise error(f"template error: {message}", filename or name, line) from None


def source(env: Environment, name: str) -> tuple[str, str | None]:
    """A template file's text and where it was found (a stylesheet is not rendered)."""
    assert env.loader is not None
    text, filename, _ = env.loader.get_source(env, name)
    return text, filename


def _location(error: TemplateError) -> tuple[str | None, int | None]:
    """Syntax errors carry their place; runtime errors have it in Jinja's rewritten traceback."""
    filename = getattr(error, "filename", None)
    line = getattr(error, "lineno", None)
    if filename and line:
        return filename, line
    for frame in reversed(traceback.extract_tb(error.__traceback__)):
        if frame.filename.endswith(".j2"):
            return frame.filename, frame.lineno
    return filename, line

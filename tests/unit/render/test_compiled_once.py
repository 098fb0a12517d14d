"""Templates compiled once per process (render/compiled.py), never served to an environment
configured otherwise, and compiled again when their source changes."""

from __future__ import annotations

import pytest
from jinja2 import DictLoader, Environment, TemplateAssertionError

from auditbook.plugin import AuditbookPlugin
from auditbook.render.compiled import COMPILED, CompiledOnce
from auditbook.render.templating import environment


def _env(cache: CompiledOnce, templates: dict[str, str], **settings: object) -> Environment:
    env = Environment(loader=DictLoader(templates), **settings)  # type: ignore[arg-type]
    env.bytecode_cache = cache
    return env


def test_auditbook_and_the_theme_share_the_process_cache() -> None:
    assert environment().bytecode_cache is COMPILED
    theme = AuditbookPlugin().on_env(Environment(), config=None, files=None)  # type: ignore[arg-type]
    assert theme.bytecode_cache is COMPILED


def test_a_template_is_compiled_once_and_again_when_its_source_changes() -> None:
    cache = CompiledOnce()
    assert _env(cache, {"t": "Hello {{ who }}"}).get_template("t").render(who="Dana") == (
        "Hello Dana"
    )
    assert len(cache.codes) == 1
    (code,) = (code for _, code in cache.codes.values())
    again = _env(cache, {"t": "Hello {{ who }}"}).get_template("t")
    assert again.render(who="Sam") == "Hello Sam" and len(cache.codes) == 1
    assert next(code for _, code in cache.codes.values()) is code  # reused, not recompiled
    edited = _env(cache, {"t": "Bye {{ who }}"}).get_template("t")
    assert edited.render(who="Sam") == "Bye Sam"


def test_code_compiled_with_other_settings_is_not_shared() -> None:
    cache = CompiledOnce()
    source = {"t": "{% if x %}\n  {{ x }}\n{% endif %}\n"}
    escaped = _env(cache, source, autoescape=True).get_template("t").render(x="<b>")
    raw = _env(cache, source).get_template("t").render(x="<b>")
    trimmed = _env(cache, source, trim_blocks=True).get_template("t").render(x="<b>")
    assert (escaped, raw, trimmed) == ("\n  &lt;b&gt;\n", "\n  <b>\n", "  <b>\n")
    assert len(cache.codes) == 3
    with_filter = _env(cache, {"f": "{{ 1 | shout }}"})
    with_filter.filters["shout"] = lambda value: f"{value}!"
    assert with_filter.get_template("f").render() == "1!"
    with pytest.raises(TemplateAssertionError, match="No filter named 'shout'"):
        _env(cache, {"f": "{{ 1 | shout }}"}).get_template("f")

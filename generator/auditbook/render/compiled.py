"""Jinja templates compiled once per process, not once per build.

MkDocs makes a new Jinja environment for its theme on every build, and auditbook one for
its own templates, so each build compiled Material's templates and auditbook's again:
half of a small site build's CPU, and every rebuild of `mkdocs serve` paid it. Jinja's own
bytecode cache keeps the compiled code in this process. A template is still loaded through
its environment's loaders on every build (an override or an edit is found as before) and
compiled anew whenever its source differs; code compiled by an environment configured
otherwise (syntax, extensions, filters, escaping) is never shared.
"""

from __future__ import annotations

from hashlib import sha256
from types import CodeType

from jinja2 import Environment
from jinja2.bccache import Bucket, BytecodeCache


def _compiled_alike(environment: Environment, name: str) -> str:
    """What the code Jinja compiles for `name` depends on, besides the template's source."""
    env = environment
    autoescape = env.autoescape(name) if callable(env.autoescape) else env.autoescape
    settings = (
        env.block_start_string,
        env.block_end_string,
        env.variable_start_string,
        env.variable_end_string,
        env.comment_start_string,
        env.comment_end_string,
        env.line_statement_prefix,
        env.line_comment_prefix,
        env.trim_blocks,
        env.lstrip_blocks,
        env.newline_sequence,
        env.keep_trailing_newline,
        sorted(env.extensions),
        env.optimized,
        env.is_async,
        bool(autoescape),
        getattr(env.finalize, "__qualname__", repr(env.finalize)),
        sorted(env.filters),
        sorted(env.tests),
    )
    return sha256(repr(settings).encode("utf-8")).hexdigest()


class CompiledOnce(BytecodeCache):
    """Compiled templates kept in this process, by name, file, settings and source."""

    def __init__(self) -> None:
        self.codes: dict[str, tuple[str, CodeType]] = {}

    def get_bucket(
        self, environment: Environment, name: str, filename: str | None, source: str
    ) -> Bucket:
        key = self.get_cache_key(name, filename) + _compiled_alike(environment, name)
        bucket = Bucket(environment, key, self.get_source_checksum(source))
        self.load_bytecode(bucket)
        return bucket

    def load_bytecode(self, bucket: Bucket) -> None:
        checksum, code = self.codes.get(bucket.key, ("", None))
        if code is not None and checksum == bucket.checksum:
            bucket.code = code

    def dump_bytecode(self, bucket: Bucket) -> None:
        if bucket.code is not None:
            self.codes[bucket.key] = (bucket.checksum, bucket.code)

    def clear(self) -> None:
        self.codes.clear()


# One per process: every build of a `mkdocs serve` session, every build of a test run.
COMPILED = CompiledOnce()

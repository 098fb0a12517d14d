"""A digest of the code that reads evidence: a result made by other code is never served.

A reader fixed in a new release (or edited in a working copy) must read every file again,
so every cached result is keyed on this digest. It covers every file of the installed
package, code and data alike, since readers and scanners load both (compiled bytecode is
left out, being made from the sources it would only repeat), and the versions of Python
and of the libraries readers and the scan parse with: a new pypdf extracts other text.
"""

from __future__ import annotations

import functools
import hashlib
import os
import sys
from importlib import metadata
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1]
LIBRARIES = ("pypdf", "PyYAML", "detect-secrets")


@functools.cache
def code_digest(package: Path = PACKAGE) -> str:
    """SHA-256 over the names and bytes of the package's files; computed once a process.

    An empty string when a file cannot be read: then nothing is cached at all."""
    digest = hashlib.sha256(_versions().encode("utf-8"))
    try:
        for path in _files(package):
            name = path.relative_to(package).as_posix().encode("utf-8", "surrogateescape")
            data = path.read_bytes()
            digest.update(b"%d:%s%d:" % (len(name), name, len(data)))
            digest.update(data)
    except OSError:
        return ""
    return digest.hexdigest()


def _files(package: Path) -> list[Path]:
    found: list[Path] = []
    for folder, subfolders, names in os.walk(package):
        subfolders[:] = [name for name in subfolders if name != "__pycache__"]
        found.extend(Path(folder, name) for name in names if not name.endswith((".pyc", ".pyo")))
    return sorted(found)


def _versions() -> str:
    found = [sys.version]
    for name in LIBRARIES:
        try:
            found.append(f"{name}=={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            found.append(f"{name} missing")
    return "\n".join(found)

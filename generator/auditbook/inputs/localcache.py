"""The project's cache folder, trusted only for what this machine wrote into it.

A cache entry is found by the digest of its inputs, which anyone holding the project can
compute. A repository could therefore ship a `.auditbook-cache/` whose entries say a
failing restore log passes, or hold a packet of someone else's making. So every key is
sealed with a secret kept in the folder, and the secret is believed only in the very file
it was first written to: its inode and change time are recorded beside it, and a clone,
a copy or an unpacked archive gives the file new ones. A cache that is a link, or lies
outside the project, is not used at all: writing or pruning it would touch files that
are not the cache's.
"""

from __future__ import annotations

import hmac
import logging
import os
import re
import secrets
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

logger = logging.getLogger(__name__)

SECRET = "secret"
STAMP = "secret.stamp"
# The names cache entries are written under: nothing else in the folder is ever deleted.
ENTRY_NAME = re.compile(r"[0-9a-f]{64}(?:-\d+-\d+)?\.(?:pdf|json)")


@dataclass(frozen=True)
class LocalCache:
    """A cache folder inside the project, with the secret that seals its keys."""

    folder: Path
    secret: bytes

    def part(self, name: str) -> Path | None:
        """A subfolder or file of the cache, unless it was made a link to somewhere else."""
        path = self.folder / name
        return None if path.is_symlink() else path

    def seal(self, key: str) -> str:
        """The key as this machine's cache knows it: the same inputs, another key elsewhere."""
        return hmac.new(self.secret, key.encode("ascii"), "sha256").hexdigest()


def open_cache(folder: Path | None, root: Path) -> LocalCache | None:
    """The cache at `folder`, made if missing; None when it must not or cannot be used."""
    if folder is None:
        return None
    reason = _unusable(folder, root)
    if reason:
        logger.warning("not using the cache folder %s: %s; nothing is reused", folder, reason)
        return None
    try:
        folder.mkdir(parents=True, exist_ok=True)
        secret = _trusted_secret(folder) or _new_secret(folder)
    except OSError as error:
        logger.warning("cannot use the cache folder %s: %s", folder, error.strerror or error)
        return None
    return LocalCache(folder, secret)


def _unusable(folder: Path, root: Path) -> str:
    root = root.resolve()
    absolute = Path(os.path.abspath(folder))
    if not absolute.is_relative_to(root):
        return "it is outside the project"
    for path in [absolute, *absolute.parents]:
        if path == root:
            break
        if path.is_symlink():
            return f"{path.relative_to(root).as_posix()} is a link"
    return ""


def _trusted_secret(folder: Path) -> bytes | None:
    try:
        text = (folder / SECRET).read_text("ascii").strip()
        recorded = (folder / STAMP).read_text("ascii").split()
        stamp = _stamp(folder / SECRET)
    except (OSError, UnicodeDecodeError):
        return None
    if recorded != stamp or not re.fullmatch(r"[0-9a-f]{64}", text):
        return None  # written elsewhere, or not by auditbook: entries sealed with it are not ours
    return bytes.fromhex(text)


def _new_secret(folder: Path) -> bytes:
    secret = secrets.token_bytes(32)
    write_whole(folder / SECRET, secret.hex().encode("ascii") + b"\n")
    write_whole(folder / STAMP, " ".join(_stamp(folder / SECRET)).encode("ascii") + b"\n")
    return secret


def _stamp(path: Path) -> list[str]:
    info = os.stat(path, follow_symlinks=False)
    return [str(info.st_ino), str(info.st_ctime_ns)]


def write_whole(path: Path, data: bytes | Path) -> None:
    """Write a file of the cache whole or not at all: a crash or a full disk never leaves
    a torn entry to be read as a good one by the next build. `data` may be a file to copy,
    a chunk at a time (a packet can be hundreds of MB)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as stream:
            if isinstance(data, bytes):
                stream.write(data)
            else:
                with data.open("rb") as source:
                    shutil.copyfileobj(source, stream)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise

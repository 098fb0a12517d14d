"""Writing outputs atomically, readable by a web server, and never where inputs live.

A failed build leaves what was there before untouched: everything is written beside its
target and renamed into place. The temporary names carry the writer's process id, so
that the leftovers of a killed run are recognised and removed by the next one, while a
build running at the same time keeps its own. A user's dot-entries in an output folder
(the `.git` of a gh-pages worktree) are moved into the new folder, never deleted.
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import tempfile
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

from auditbook.domain.errors import AuditbookError

log = logging.getLogger(__name__)

# `.NAME.new-PID-xxxx` (folders being written), `.NAME.old-PID` (folders being replaced),
# `.NAME.tmp-PID-xxxx` (files); earlier versions wrote `.NAME.new-xxxxxxxx` without the id.
_LEFTOVER = re.compile(r"^\.(?P<name>.+)\.(?P<kind>new|old|tmp)-(?:(?P<pid>\d+)(?:-\w+)?|\w{8})$")
# Without a process id, a leftover is only taken for abandoned once nobody wrote it for this long.
_ABANDONED_AFTER_S = 3600


def check_output_folder(target: Path, inputs: Mapping[str, Path]) -> None:
    """Refuse an output folder that is, contains or is inside a folder of inputs.

    `inputs` names each folder for the message ("docs_dir", "the evidence folder"); the
    project root may hold the output folder (site/), but may not be it or be inside it.
    """
    target = target.resolve()
    for what, folder in inputs.items():
        folder = folder.resolve()
        root = what == "the project root"
        clash = target == folder or folder.is_relative_to(target)
        if clash or (not root and target.is_relative_to(folder)):
            raise AuditbookError(
                f"the output folder {target} would replace {what} ({folder}); "
                "choose a site_dir (-d) of its own, such as site/",
            )


def check_output_file(target: Path, inputs: Mapping[str, Path], config_file: Path) -> None:
    """Refuse a file output (`-o`) that would replace an input or something not a file.

    A report or a packet may go anywhere a file may, the project root included, but never
    into a folder of inputs, over mkdocs.yml, or over a device, pipe or folder (a rename
    would replace `/dev/null` itself).
    """
    resolved = target.resolve()
    if resolved == config_file.resolve():
        raise AuditbookError(
            f"the output file {target} would replace {config_file}; choose another"
        )
    for what, folder in inputs.items():
        if what != "the project root" and resolved.is_relative_to(folder.resolve()):
            raise AuditbookError(
                f"the output file {target} is inside {what} ({folder}); write it elsewhere"
            )
    if os.path.lexists(resolved) and not resolved.is_file():
        raise AuditbookError(f"the output file {target} exists and is not a file; choose another")


def writable_mode(directory: bool) -> int:
    """What a new folder or file gets under the umask: a server as another user reads it."""
    mask = os.umask(0)
    os.umask(mask)
    return (0o777 if directory else 0o666) & ~mask


@contextmanager
def replacing_dir(target: Path) -> Iterator[Path]:
    """Yield an empty sibling folder; on success it takes `target`'s place, else it vanishes."""
    target = target.resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    remove_leftovers(target.parent, target.name)
    staging = staging_dir(target.parent, target.name)
    try:
        yield staging
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    staging.chmod(writable_mode(directory=True))
    swap_into_place(staging, target)


def staging_dir(parent: Path, name: str) -> Path:
    """A new, empty folder beside `parent / name`, named so the next run can recognise it."""
    return Path(tempfile.mkdtemp(prefix=f".{name}.new-{os.getpid()}-", dir=parent))


def swap_into_place(staging: Path, target: Path) -> None:
    """Rename `staging` to `target`, keeping the dot-entries a user put in the old one."""
    old = target.parent / f".{target.name}.old-{os.getpid()}"
    kept = _keep_dot_entries(target, staging)
    try:
        if target.exists():
            os.replace(target, old)
        os.replace(staging, target)
    except BaseException:
        if old.exists() and not target.exists():
            os.replace(old, target)
        for name in kept:
            if (staging / name).exists():
                os.replace(staging / name, target / name)
        shutil.rmtree(staging, ignore_errors=True)
        raise
    shutil.rmtree(old, ignore_errors=True)


def _keep_dot_entries(target: Path, staging: Path) -> list[str]:
    if not target.is_dir() or target.is_symlink():
        return []
    kept = []
    for entry in sorted(target.iterdir()):
        if entry.name.startswith(".") and not (staging / entry.name).exists():
            os.replace(entry, staging / entry.name)
            kept.append(entry.name)
    return kept


@contextmanager
def replacing_file(target: Path) -> Iterator[Path]:
    """Yield a temporary path beside `target`; it replaces `target` only on success."""
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(prefix=f".{target.name}.tmp-{os.getpid()}-", dir=target.parent)
    os.close(handle)
    temporary = Path(name)
    try:
        yield temporary
        temporary.chmod(writable_mode(directory=False))
        os.replace(temporary, target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def leftovers(folder: Path, name: str | None = None) -> list[tuple[Path, str, str]]:
    """What killed runs left in `folder` (for `name` only, when given): (path, name, kind).

    Only what no running process is still writing: a concurrent build keeps its own.
    """
    try:
        entries = sorted(folder.iterdir())
    except OSError:
        return []
    found = []
    for entry in entries:
        match = _LEFTOVER.match(entry.name)
        if match is None or (name is not None and match["name"] != name):
            continue
        if _abandoned(entry, match["pid"]):
            found.append((entry, match["name"], match["kind"]))
    return found


def remove_leftovers(folder: Path, name: str | None = None) -> None:
    """Clean up after killed runs in `folder`, with a line for each thing done.

    A folder moved aside (`.NAME.old-PID`) whose replacement never arrived is put back:
    it is the last good site or release, not debris. Everything else is removed.
    """
    for entry, original, kind in leftovers(folder, name):
        target = folder / original
        if kind == "old" and entry.is_dir() and not os.path.lexists(target):
            log.info("restoring %s, moved aside by an interrupted build or release", target)
            os.replace(entry, target)
            continue
        log.info("removing %s, left by an interrupted build or release", entry)
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry, ignore_errors=True)
        else:
            entry.unlink(missing_ok=True)


def _abandoned(entry: Path, pid: str | None) -> bool:
    if pid is None:
        try:
            return time.time() - entry.lstat().st_mtime > _ABANDONED_AFTER_S
        except OSError:
            return False
    if int(pid) == os.getpid():
        return False
    try:
        os.kill(int(pid), 0)
    except (ProcessLookupError, OverflowError):  # no such process (or no such process id)
        return True
    except PermissionError:  # alive, another user's
        return False
    return False

"""The files of docs_dir as MkDocs walks them, and the ones a build must leave out.

MkDocs walks docs_dir following symbolic links and copies every file it finds, so a
pipe hangs the build, a link to nothing stops it, and a folder link that leads back to
one of its own parents repeats the whole tree in the site, up to 40 times (until the
system refuses to follow more links). The walk here is the same one, bounded the same
way, so that what MkDocs would find under a loop is known and can be left out.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class DocsFiles:
    """Files to read (`files`), folder links that loop, and the files found through them."""

    files: list[Path] = field(default_factory=list)
    loops: list[Path] = field(default_factory=list)
    through_loops: list[Path] = field(default_factory=list)


def walk_docs(docs_dir: Path) -> DocsFiles:
    """Every file under `docs_dir` (dot-entries aside), in order, loops found and set apart."""
    walked = DocsFiles()
    for folder, dirnames, filenames in os.walk(docs_dir, followlinks=True):
        dirnames[:] = sorted(name for name in dirnames if not name.startswith("."))
        inside_loop = any(Path(folder).is_relative_to(loop) for loop in walked.loops)
        if not inside_loop:
            walked.loops.extend(_loops(Path(folder), dirnames))
        for name in filenames:
            if name.startswith("."):
                continue
            path = Path(folder, name)
            looped = inside_loop or any(path.is_relative_to(loop) for loop in walked.loops)
            (walked.through_loops if looped else walked.files).append(path)
        if inside_loop:
            walked.through_loops.extend(Path(folder, name) for name in dirnames)
    walked.files.sort()
    walked.through_loops = sorted(set(walked.through_loops))
    return walked


def _loops(folder: Path, dirnames: list[str]) -> list[Path]:
    """The folder links of `folder` that lead to it or to one of its parents."""
    here = Path(os.path.realpath(folder))
    found = []
    for name in dirnames:
        link = folder / name
        if link.is_symlink() and here.is_relative_to(os.path.realpath(link)):
            found.append(link)
    return found

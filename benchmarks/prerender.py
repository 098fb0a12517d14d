"""Write the pages the auditbook plugin gives MkDocs as plain files of a new docs folder.

Run as `python -m benchmarks.prerender PROJECT OUT` (a child process, so the plugin's log
lines stay out of the benchmark's output). A plain `mkdocs build` of OUT then renders the
very pages an auditbook build renders, without the plugin: the reference that isolates
what the plugin itself costs.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

from mkdocs.config import load_config
from mkdocs.structure.files import get_files


def prerender(project: Path, out: Path) -> int:
    """Run the plugins' config and files events as `mkdocs build` does; write every file."""
    config = load_config(str(project / "mkdocs.yml"))
    config = config.plugins.on_config(config)
    files = config.plugins.on_files(get_files(config), config=config)
    count = 0
    for file in files:
        target = out / file.src_uri
        target.parent.mkdir(parents=True, exist_ok=True)
        if file.abs_src_path is not None and file.generated_by is not None:
            _link_or_copy(Path(file.abs_src_path), target)  # a published evidence file
        else:
            target.write_bytes(file.content_bytes)
        count += 1
    return count


def _link_or_copy(source: Path, target: Path) -> None:
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)


def main() -> None:
    project, out = (Path(arg) for arg in sys.argv[1:3])
    print(prerender(project, out))


if __name__ == "__main__":
    main()

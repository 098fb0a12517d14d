"""The bench's own environment: mkdocs-to-pdf, the reference packet, kept out of the project's.

A virtualenv under `.auditbook-cache/bench-env/`, made on first use with `python -m venv` and
pip from the package registry. It holds the MkDocs, Material and WeasyPrint versions the
project's environment has (so both PDFs come from the same engine and theme) and a pinned
mkdocs-to-pdf. A file in it records what was asked for; asking for anything else (the project
moved to another WeasyPrint) makes it anew.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import venv
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
FOLDER = REPO / ".auditbook-cache" / "bench-env"
STAMP = "bench-requirements.txt"
TOPDF = "mkdocs-to-pdf==0.12.1"  # the maintained fork of mkdocs-with-pdf
SAME_AS_PROJECT = ("mkdocs", "mkdocs-material", "weasyprint")
INSTALL_SECONDS = 600


@dataclass(frozen=True)
class BenchEnv:
    """A ready environment, or why there is none (`python` is then None)."""

    python: str | None
    requirements: tuple[str, ...]
    problem: str = ""


def requirements() -> tuple[str, ...]:
    """The project's own versions of the shared packages, and mkdocs-to-pdf."""
    return (*(f"{name}=={metadata.version(name)}" for name in SAME_AS_PROJECT), TOPDF)


def _python(folder: Path) -> Path:
    return folder / "bin" / "python"


def _ready(folder: Path, wanted: tuple[str, ...]) -> bool:
    stamp = folder / STAMP
    return (
        _python(folder).exists()
        and stamp.is_file()
        and stamp.read_text("utf-8").split() == list(wanted)
    )


def find(folder: Path = FOLDER) -> BenchEnv:
    """The environment if it is there already and holds what is wanted; never installs."""
    wanted = requirements()
    if _ready(folder, wanted):
        return BenchEnv(str(_python(folder)), wanted)
    return BenchEnv(None, wanted, f"no bench environment at {folder.relative_to(REPO)}/")


def ensure(folder: Path = FOLDER) -> BenchEnv:
    """The environment, made (venv + pip install) when missing or stale."""
    found = find(folder)
    if found.python is not None:
        return found
    wanted = found.requirements
    shutil.rmtree(folder, ignore_errors=True)
    try:
        venv.EnvBuilder(with_pip=True, clear=True).create(folder)
        pip = [
            str(_python(folder)),
            "-m",
            "pip",
            "install",
            "--quiet",
            "--disable-pip-version-check",
        ]
        subprocess.run(
            [*pip, *wanted], check=True, capture_output=True, text=True, timeout=INSTALL_SECONDS
        )
    except (OSError, subprocess.SubprocessError) as error:
        shutil.rmtree(folder, ignore_errors=True)
        return BenchEnv(None, wanted, f"could not install {' '.join(wanted)}: {_why(error)}")
    (folder / STAMP).write_text("\n".join(wanted) + "\n", encoding="utf-8")
    return BenchEnv(str(_python(folder)), wanted)


def _why(error: BaseException) -> str:
    """The last meaningful line of pip's output, or the error itself."""
    output = getattr(error, "stderr", None) or ""
    lines = [line for line in str(output).splitlines() if line.strip() and "WARNING" not in line]
    return lines[-1].strip() if lines else str(error)


if __name__ == "__main__":  # `python -m benchmarks.bench_env`: make it now, say where
    made = ensure()
    print(made.python or made.problem)
    sys.exit(0 if made.python else 1)

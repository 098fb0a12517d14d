"""The profile's phase table names functions that exist, so no phase comes out empty."""

from __future__ import annotations

import ast
from pathlib import Path

import material
import mkdocs
import pytest
import weasyprint
from benchmarks.profile_bench import PHASES

import auditbook

PACKAGES = (auditbook, material, mkdocs, weasyprint)


def _functions_by_file() -> dict[str, set[str]]:
    """Every function and method name, by the posix path of the module defining it."""
    found: dict[str, set[str]] = {}
    for package in PACKAGES:
        for path in Path(package.__file__).parent.rglob("*.py"):
            tree = ast.parse(path.read_text("utf-8"))
            names = {
                node.name
                for node in ast.walk(tree)
                if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
            }
            found[path.as_posix()] = names
    return found


FUNCTIONS = _functions_by_file()


@pytest.mark.parametrize(("ending", "name", "label"), PHASES, ids=[p[2].strip() for p in PHASES])
def test_every_phase_names_a_function_that_exists(ending: str, name: str, label: str) -> None:
    files = [path for path in FUNCTIONS if path.endswith("/" + ending)]
    assert len(files) == 1, f"{label}: {ending} matches {files}"
    assert name in FUNCTIONS[files[0]], f"{label}: no function {name} in {files[0]}"

"""The command line: report formats, exit codes, --as-of, help, the README, no tracebacks."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

import click
import pytest
from click.testing import Result

import auditbook.cli as cli_module
from auditbook import __version__
from auditbook.cli import cli
from conftest import MKDOCS_YML, REPO, run_cli

AUDITBOOK = Path(sys.executable).with_name("auditbook")
Factory = Callable[..., Path]

CHECKLIST = "# Ops\n\n## Backups\n\n- [ ] Restore tested {#restore}\n- [ ] Logs kept {#logs}\n"


def sidecar(covers: str, *extra: str) -> str:
    lines = ["title: Evidence", "kind: other", "covers:", f"  - {covers}"]
    lines += ["collected: 2026-11-01", "collected_by: Ops (fictional)", *extra]
    return "\n".join(lines) + "\n"


CLEAN: dict[str, str | bytes] = {
    "content/checklists/ops.md": CHECKLIST,
    "evidence/restore.txt": "FICTIONAL: restore tested.\n",
    "evidence/restore.txt.meta.yml": sidecar("restore", "expires: 2026-12-31"),
}
# One finding of each level: an error (empty evidence), a warning (expired), a note (mojibake).
MIXED: dict[str, str | bytes] = {
    "content/checklists/ops.md": CHECKLIST.replace("## Backups", "## \u00e2\u0153\u2026 Backups"),
    "evidence/empty.txt": b"",
    "evidence/empty.txt.meta.yml": sidecar("restore"),
    "evidence/old.txt": "FICTIONAL: an old review.\n",
    "evidence/old.txt.meta.yml": sidecar("logs", "expires: 2026-06-30"),
}
MIXED_LINES = [
    "evidence/empty.txt: error: evidence file is empty (0 bytes) [evidence-empty]",
    "evidence/empty.txt: error: evidence shows a failure (see its findings) [evidence-failing]",
    "evidence/old.txt: warning: evidence expired on 2026-06-30: collect it again "
    "[evidence-expired]",
    "content/checklists/ops.md: info: restored 1 mis-decoded character on 1 line "
    "[source-mojibake-restored]",
]
WARNINGS_ONLY: dict[str, str | bytes] = {
    **CLEAN,
    "evidence/restore.txt.meta.yml": sidecar("restore", "expires: 2026-06-30"),
}
INFO_ONLY: dict[str, str | bytes] = {
    **CLEAN,
    "content/checklists/ops.md": MIXED["content/checklists/ops.md"],
}


def invoke(project: Path, *args: str) -> Result:
    """`auditbook ARGS` in the project; no output of any command may show a traceback."""
    result = run_cli(project, *args)
    assert "Traceback" not in result.output
    return result


def _commands(group: click.Group, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    found = []
    for name, command in sorted(group.commands.items()):
        found.append((*prefix, name))
        if isinstance(command, click.Group):
            found.extend(_commands(command, (*prefix, name)))
    return found


COMMANDS = _commands(cli)


# --- text, JSON and JUnit reports --------------------------------------------------------------


def test_check_passes_a_clean_project(project_factory: Factory) -> None:
    result = invoke(project_factory(CLEAN), "check")
    assert result.exit_code == 0
    assert result.output == (
        "0 errors, 0 warnings, 0 notes: gate passed (fails on warning and above)\n"
    )


def test_check_text_lists_findings_worst_first(project_factory: Factory) -> None:
    result = invoke(project_factory(MIXED), "check")
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        *MIXED_LINES,
        "2 errors, 1 warnings, 1 notes: gate FAILED (fails on warning and above)",
    ]


def test_check_json_report(project_factory: Factory) -> None:
    result = invoke(project_factory(MIXED), "check", "--format", "json")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data["fail_on"] == "warning"
    assert data["failed"] is True
    assert [(f["level"], f["code"], f["path"], f["line"]) for f in data["findings"]] == [
        ("error", "evidence-empty", "evidence/empty.txt", None),
        ("error", "evidence-failing", "evidence/empty.txt", None),
        ("warning", "evidence-expired", "evidence/old.txt", None),
        ("info", "source-mojibake-restored", "content/checklists/ops.md", None),
    ]
    assert data["findings"][0]["message"] == "evidence file is empty (0 bytes)"


def test_check_json_report_of_a_clean_project(project_factory: Factory) -> None:
    result = invoke(project_factory(CLEAN), "check", "--format", "json", "--fail-on", "info")
    assert result.exit_code == 0
    assert json.loads(result.stdout) == {"fail_on": "info", "failed": False, "findings": []}


def test_check_writes_the_report_to_a_file(project_factory: Factory) -> None:
    project = project_factory(MIXED)
    result = invoke(project, "check", "--format", "junit", "-o", "report.xml")
    assert result.exit_code == 1
    assert result.stdout == ""
    report = ET.fromstring((project / "report.xml").read_bytes())
    assert (report.tag, report.get("failures")) == ("testsuites", "2")


# --- exit codes --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("files", "args", "exit_code"),
    [
        (INFO_ONLY, (), 0),
        (INFO_ONLY, ("--fail-on", "info"), 1),
        (WARNINGS_ONLY, (), 1),
        (WARNINGS_ONLY, ("--fail-on", "error"), 0),
        (WARNINGS_ONLY, ("--fail-on", "warning"), 1),
        (MIXED, ("--fail-on", "error"), 1),
    ],
)
def test_check_exit_code_follows_fail_on(
    project_factory: Factory, files: dict[str, str | bytes], args: tuple[str, ...], exit_code: int
) -> None:
    assert invoke(project_factory(files), "check", *args).exit_code == exit_code


def test_fail_on_from_mkdocs_yml_and_overridden_on_the_command_line(
    project_factory: Factory,
) -> None:
    config = MKDOCS_YML.format(as_of="2026-11-21", packet="").replace(
        "      as_of:", "      fail_on: error\n      as_of:"
    )
    project = project_factory({**WARNINGS_ONLY, "mkdocs.yml": config})
    relaxed = invoke(project, "check")
    assert relaxed.exit_code == 0
    assert relaxed.stdout.endswith("gate passed (fails on error and above)\n")
    assert invoke(project, "check", "--fail-on", "warning").exit_code == 1


def test_missing_mkdocs_yml_is_unusable_input(tmp_path: Path) -> None:
    result = invoke(tmp_path, "check")
    assert result.exit_code == 2
    assert result.output == "error: no such file: mkdocs.yml\n"


@pytest.mark.parametrize("command", ["check", "build"])
def test_mkdocs_yml_without_the_plugin_is_unusable_input(
    project_factory: Factory, command: str
) -> None:
    config = "site_name: No plugin\ndocs_dir: content\ntheme:\n  name: material\n"
    project = project_factory({**CLEAN, "mkdocs.yml": config})
    result = invoke(project, command)
    assert result.exit_code == 2
    assert result.output == (
        "error: mkdocs.yml: the auditbook plugin is not enabled (plugins: - auditbook)\n"
    )
    assert not (project / "site").exists()


def test_invalid_mkdocs_yml_is_unusable_input(project_factory: Factory) -> None:
    config = MKDOCS_YML.format(as_of="2026-11-21", packet="").replace(
        "docs_dir: content", "docs_dir: nowhere"
    )
    result = invoke(project_factory({**CLEAN, "mkdocs.yml": config}), "check")
    assert result.exit_code == 2
    assert result.output.startswith("error: mkdocs.yml: invalid configuration")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("check", "--bogus"), "No such option '--bogus'"),
        (("bogus",), "No such command 'bogus'"),
        (("check", "--format", "xml"), "Invalid value for '--format'"),
        (("check", "--fail-on", "fatal"), "Invalid value for '--fail-on'"),
        (("check", "--as-of", "21/11/2026"), "Invalid value for '--as-of'"),
        (("build", "--as-of", "2026-02-30"), "Invalid value for '--as-of'"),
    ],
)
def test_usage_errors_exit_2(project_factory: Factory, args: tuple[str, ...], message: str) -> None:
    result = invoke(project_factory(CLEAN), *args)
    assert result.exit_code == 2
    assert message in result.output


def test_unusable_source_date_epoch_is_one_clean_line(
    project_factory: Factory, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = MKDOCS_YML.format(as_of="x", packet="").replace("      as_of: x\n", "")
    project = project_factory({**CLEAN, "mkdocs.yml": config})
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "yesterday")
    result = invoke(project, "check")
    assert result.exit_code == 2
    assert result.output == "error: SOURCE_DATE_EPOCH='yesterday' is not a Unix time\n"
    # a valid one is the assessment day when nothing else says so: 2027-01-15, after expiry
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1800000000")
    result = invoke(project, "check")
    assert result.exit_code == 1
    assert "evidence expired on 2026-12-31" in result.output


# --- --as-of -----------------------------------------------------------------------------------


def test_as_of_decides_expiry(project_factory: Factory) -> None:
    project = project_factory(CLEAN)
    assert invoke(project, "check").exit_code == 0  # mkdocs.yml: as_of 2026-11-21
    assert invoke(project, "check", "--as-of", "2026-12-31").exit_code == 0  # its last day
    later = invoke(project, "check", "--as-of", "2027-01-01")
    assert later.exit_code == 1
    assert later.stdout.splitlines()[0] == (
        "evidence/restore.txt: warning: evidence expired on 2026-12-31: collect it again "
        "[evidence-expired]"
    )


def test_as_of_reaches_the_built_site(project_factory: Factory) -> None:
    project = project_factory(CLEAN)
    result = invoke(project, "build", "--as-of", "2027-01-01")
    assert result.exit_code == 0
    report = json.loads((project / "site" / "report.json").read_text("utf-8"))
    assert report["as_of"] == "2027-01-01"
    statuses = {item["id"]: item["status"] for item in report["items"]}
    assert statuses["restore"] == "expired"


# --- help, version, README ---------------------------------------------------------------------


def test_top_level_help_lists_every_command(tmp_path: Path) -> None:
    result = invoke(tmp_path, "--help")
    assert result.exit_code == 0
    for (name,) in (c for c in COMMANDS if len(c) == 1):
        assert f"  {name} " in result.output, name


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_every_command_has_help(tmp_path: Path, command: tuple[str, ...]) -> None:
    result = invoke(tmp_path, *command, "--help")
    assert result.exit_code == 0
    assert f"{' '.join(command)} [OPTIONS]" in result.output
    summary = cli.get_command(click.Context(cli), command[0])
    assert summary is not None and summary.help
    assert summary.help.split("\n")[0].strip() in " ".join(result.output.split())


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_every_command_is_in_the_readme(command: tuple[str, ...]) -> None:
    readme = (REPO / "README.md").read_text("utf-8")
    assert f"auditbook {' '.join(command)}" in readme


def test_version(tmp_path: Path) -> None:
    result = invoke(tmp_path, "--version")
    assert (result.exit_code, result.output) == (0, f"auditbook, version {__version__}\n")


# --- failures: one line that says what to do, or a traceback with --debug ---------------------


def test_a_system_failure_names_the_path_and_what_to_do(project_factory: Factory) -> None:
    result = invoke(project_factory(CLEAN), "check", "-o", "no/such/folder/report.txt")
    assert result.exit_code == 2
    assert result.output == (
        "error: no/such/folder/report.txt: No such file or directory; "
        "check the path, and that its folder exists\n"
    )


def test_a_bug_is_one_line_that_asks_for_a_report(
    project_factory: Factory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No bug is known to reach the boundary: one is planted to see what a user would get."""

    def planted(settings: object) -> None:
        raise ZeroDivisionError("planted")

    monkeypatch.setattr(cli_module, "load_project", planted)
    result = invoke(project_factory(CLEAN), "check")
    assert result.exit_code == 2
    assert result.output == (
        "error: internal error (ZeroDivisionError: planted): this is a bug in auditbook; "
        "please report it with the output of the same command rerun with --debug\n"
    )


def test_debug_shows_the_traceback(project_factory: Factory) -> None:
    project = project_factory(CLEAN)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    command = [str(AUDITBOOK), "--debug", "check", "-o", "no/such/folder/report.txt"]
    result = subprocess.run(command, cwd=project, capture_output=True, text=True, env=env)
    assert result.returncode != 0
    assert "Traceback (most recent call last)" in result.stderr
    assert "FileNotFoundError" in result.stderr


@pytest.mark.parametrize(
    ("report", "problem"),
    [
        ({"as_of": "2026-11-21"}, ": 'overall' is a required property"),
        (
            {"as_of": None, "overall": {"readiness": 0.5}, "items": [{"id": 1, "status": "met"}]},
            ": 'evidence' is a required property",
        ),
        (
            {
                "as_of": None,
                "overall": {"readiness": 0.5},
                "items": [{"id": 1, "status": "met"}],
                "evidence": [],
            },
            " at items[0].id: 1 is not of type 'string'",
        ),
        (
            {"as_of": None, "overall": {"readiness": "high"}, "items": [], "evidence": []},
            " at overall.readiness: 'high' is not of type 'number', 'null'",
        ),
        ([], ": [] is not of type 'object'"),
    ],
)
def test_diff_names_the_field_of_a_report_that_is_not_one(
    tmp_path: Path, report: object, problem: str
) -> None:
    good = {"as_of": "2026-11-21", "overall": {"readiness": 0.5}, "items": [], "evidence": []}
    (tmp_path / "good.json").write_text(json.dumps(good), "utf-8")
    (tmp_path / "bad.json").write_text(json.dumps(report), "utf-8")
    result = invoke(tmp_path, "diff", "good.json", "bad.json")
    assert result.exit_code == 2
    assert result.output == f"error: bad.json: is not an auditbook report.json{problem}\n"


@pytest.mark.parametrize("command", ["check", "build"])
def test_a_misspelt_option_is_an_error_that_suggests_the_option(
    project_factory: Factory, command: str, caplog: pytest.LogCaptureFixture
) -> None:
    config = MKDOCS_YML.format(as_of="2026-11-21", packet="\n      fail_onn: error")
    result = invoke(project_factory({**CLEAN, "mkdocs.yml": config}), command)
    assert result.exit_code == 2
    assert result.output == "error: mkdocs.yml: invalid configuration (see the messages above)\n"
    assert "option 'fail_onn': unknown option (did you mean 'fail_on'?)" in caplog.text


def test_the_us_spelling_of_organisation_is_the_same_option(project_factory: Factory) -> None:
    config = MKDOCS_YML.format(as_of="2026-11-21", packet="").replace(
        "organisation: Example Clinic (fictional)", "organization: Example Health (fictional)"
    )
    project = project_factory({**CLEAN, "mkdocs.yml": config})
    assert "organization: Example Health" in (project / "mkdocs.yml").read_text("utf-8")
    assert invoke(project, "build").exit_code == 0
    assert "Example Health (fictional)" in (project / "site/index.html").read_text("utf-8")

"""Bad input for the packet: a clear message naming the file, never a packet missing a part."""

from __future__ import annotations

from pathlib import Path

import pytest

from auditbook.core.project import Project
from auditbook.domain.errors import PacketError
from auditbook.engine.project import load_project
from auditbook.render.packet.packet import render_packet, write_packet
from auditbook.render.packet.pdf import check_fonts
from conftest import copy_fixture, run_cli, write_project

pytestmark = pytest.mark.packet  # every test here renders a packet


def fixture_project(root: Path) -> Project:
    from mkdocs.config import load_config

    from auditbook.options import settings_from

    config = load_config(str(root / "mkdocs.yml"))
    return load_project(settings_from(config, config.plugins["auditbook"].config))


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return copy_fixture("packet", tmp_path / "project")


# A packet of a few pages: where a test needs a whole render but not the fixture's volume.
SMALL: dict[str, str | bytes] = {
    "content/checklists/ops.md": "# Ops\n\n## Backups\n\n- [ ] Restore tested {#restore}\n",
    "content/runbooks/restore.md": "# Restore\n\nFictional runbook.\n",
}


@pytest.fixture
def small(tmp_path: Path) -> Path:
    return write_project(tmp_path / "small", SMALL)


def override(root: Path, name: str, text: str) -> Path:
    path = root / "templates" / "packet" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, "utf-8")
    return path


def test_evidence_that_vanished_after_collecting_is_named(root: Path) -> None:
    project = fixture_project(root)
    (root / "evidence/screens/mfa-settings.png").unlink()
    with pytest.raises(PacketError) as raised:
        render_packet(project, full=True)
    assert str(raised.value.message).startswith("evidence/screens/mfa-settings.png: ")
    assert "vanished" in raised.value.message


def test_evidence_that_changed_after_collecting_is_refused(root: Path) -> None:
    project = fixture_project(root)
    (root / "evidence/backups/restore-drill.log").write_text("tampered\n", "utf-8")
    with pytest.raises(PacketError, match=r"restore-drill.log: evidence file changed"):
        render_packet(project, full=True)


def test_unreadable_evidence_is_named(root: Path) -> None:
    project = fixture_project(root)
    path = root / "evidence/backups/restore-drill.log"
    path.unlink()
    path.mkdir()  # a folder where the file was: reading it fails with an OSError
    with pytest.raises(PacketError, match=r"restore-drill.log: cannot read evidence file"):
        render_packet(project, full=True)


def test_the_cli_says_which_file_and_exits_2(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Collected, then gone before it is attached: the CLI prints one line and exits 2."""
    import auditbook.render.packet.packet as packet_module

    real = packet_module.evidence_files

    def vanish_first(*args: object, **kwargs: object) -> object:
        (root / "evidence/sign-offs/security-lead.yml").unlink()
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(packet_module, "evidence_files", vanish_first)
    (root / "old.pdf").write_bytes(b"%PDF previous packet")
    result = run_cli(root, "packet", "-o", "old.pdf")
    assert result.exit_code == 2
    assert "error: evidence/sign-offs/security-lead.yml: evidence file vanished" in result.output
    assert "Traceback" not in result.output
    assert (root / "old.pdf").read_bytes() == b"%PDF previous packet"  # left untouched


def test_template_syntax_error_names_file_and_line(root: Path) -> None:
    path = override(root, "cover.html.j2", "<section class='cover'>\n<h1>{{ info.title }</h1>\n")
    with pytest.raises(PacketError) as raised:
        render_packet(fixture_project(root))
    assert raised.value.message.startswith(f"{path}:2: template error")


def test_template_runtime_error_names_file_and_line(root: Path) -> None:
    path = override(root, "cover.html.j2", "<section>\n\n<p>{{ info.no_such_field }}</p>\n")
    with pytest.raises(PacketError) as raised:
        render_packet(fixture_project(root))
    assert raised.value.message.startswith(f"{path}:3: template error")
    assert "no_such_field" in raised.value.message


def test_a_cover_override_is_used(small: Path) -> None:
    root = small
    override(
        root,
        "cover.html.j2",
        '<section class="cover"><h1 class="cover__title">Branded cover for {{ info.organisation }}'
        "</h1></section>\n",
    )
    project = fixture_project(root)
    pdf = render_packet(project).pdf
    text = _text(pdf, root)
    assert "Branded cover for Example Clinic (fictional)" in text


def test_a_stylesheet_override_with_a_missing_font_is_an_error(root: Path) -> None:
    css = "html { font-size: 9pt; }\n\nh1 {\n  font-family: 'No Such Font Family', serif;\n}\n"
    override(root, "packet.css", css)
    with pytest.raises(PacketError) as raised:
        render_packet(fixture_project(root))
    message = raised.value.message
    assert message.startswith("templates/packet/packet.css:4: font 'No Such Font Family'")
    assert "not installed" in message


def test_fonts_declared_with_font_face_or_generic_are_fine() -> None:
    check_fonts(
        "@font-face { font-family: Brand; src: url(brand.woff2); }\n"
        "h1 { font-family: Brand, sans-serif; }\np { font-family: 'DejaVu Sans', monospace; }\n",
        "packet.css",
    )


def test_a_stylesheet_override_with_an_invalid_rule_is_an_error(root: Path) -> None:
    override(root, "packet.css", "html { font-size: 9pt; }\nh1 { colour: red; }\n")
    with pytest.raises(PacketError) as raised:
        render_packet(fixture_project(root))
    assert raised.value.message.startswith("templates/packet/packet.css: stylesheet error")
    assert "colour" in raised.value.message


def test_a_missing_local_image_fails_the_packet(small: Path) -> None:
    root = small
    runbook = root / "content/runbooks/restore.md"
    runbook.write_text(runbook.read_text("utf-8") + "\n![Diagram](img/missing.png)\n", "utf-8")
    with pytest.raises(PacketError, match=r"could not be rendered completely.*missing\.png"):
        render_packet(fixture_project(root))


def test_a_failed_render_leaves_the_previous_packet(root: Path) -> None:
    target = root / "site" / "packet.pdf"
    target.parent.mkdir()
    target.write_bytes(b"%PDF previous")
    override(root, "cover.html.j2", "{% if %}")
    with pytest.raises(PacketError):
        write_packet(fixture_project(root), target)
    assert target.read_bytes() == b"%PDF previous"
    assert [p.name for p in target.parent.iterdir()] == ["packet.pdf"]


def _text(pdf: bytes, root: Path) -> str:
    import subprocess

    path = root / "check.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True)
    return " ".join(out.stdout.split())

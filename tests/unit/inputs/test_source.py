# ruff: noqa: RUF001  (look-alike characters are what these tests are about)
"""Reading a page as people save it: byte order marks, Windows line endings, Latin-1."""

from __future__ import annotations

from auditbook.domain.findings import Finding, Level
from auditbook.inputs.checklist import parse_checklist
from auditbook.inputs.source import read_source

PATH = "content/checklists/cafe.md"


def _encoding_warning(byte: int, line: int) -> Finding:
    message = f"not valid UTF-8 (byte 0x{byte:02x}); read as Windows-1252, save it as UTF-8"
    return Finding(Level.WARNING, "source-encoding", message, PATH, line)


def test_utf8_passes_through_untouched() -> None:
    text = "# Café\n\n- [ ] Über 🚀 § →\n"
    assert read_source(text.encode(), PATH) == (text, [])


def test_a_byte_order_mark_is_stripped() -> None:
    assert read_source(b"\xef\xbb\xbf# Title\n- [ ] Item\n", PATH) == ("# Title\n- [ ] Item\n", [])


def test_only_the_leading_byte_order_mark_is_stripped() -> None:
    text, findings = read_source("\ufeff# Title\nword\ufeffjoiner\n".encode(), PATH)
    assert (text, findings) == ("# Title\nword\ufeffjoiner\n", [])


def test_crlf_and_lone_cr_become_newlines() -> None:
    assert read_source(b"# T\r\n\r\n- [ ] a\r\n", PATH) == ("# T\n\n- [ ] a\n", [])
    assert read_source(b"# T\r- [ ] a\r", PATH) == ("# T\n- [ ] a\n", [])
    assert read_source(b"a\r\nb\rc\nd", PATH) == ("a\nb\nc\nd", [])


def test_bom_and_crlf_together() -> None:
    assert read_source(b"\xef\xbb\xbf# T\r\n- [x] a\r\n", PATH) == ("# T\n- [x] a\n", [])


def test_latin1_is_read_as_windows_1252_with_a_warning() -> None:
    text, findings = read_source(b"# Caf\xe9\n", PATH)
    assert text == "# Café\n"
    assert findings == [_encoding_warning(0xE9, 1)]


def test_the_warning_names_the_line_of_the_first_bad_byte() -> None:
    raw = b"# Menu\r\n\r\n- [ ] Order caf\xe9\r\n- [ ] Cr\xe8me br\xfbl\xe9e\r\n"
    text, findings = read_source(raw, PATH)
    assert text == "# Menu\n\n- [ ] Order café\n- [ ] Crème brûlée\n"
    assert findings == [_encoding_warning(0xE9, 3)]


def test_windows_1252_punctuation_is_read_as_meant() -> None:
    text, findings = read_source(b"- [ ] \x93Quoted\x94 \x80 5 \x96 \x85 caf\xe9\x92s\n", PATH)
    assert text == "- [ ] “Quoted” € 5 – … café’s\n"
    assert findings == [_encoding_warning(0x93, 1)]


def test_a_bom_before_latin1_is_not_read_as_text() -> None:
    text, findings = read_source(b"\xef\xbb\xbf# Caf\xe9\n", PATH)
    assert text == "# Café\n"
    assert findings == [_encoding_warning(0xE9, 1)]


def test_every_byte_can_be_read() -> None:
    """Every byte is read; NUL and the other control characters (not tab or newline), which
    no page means, are removed and said."""
    text, findings = read_source(bytes(range(256)), PATH)
    controls = [*range(0x01, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F]
    assert len(text) == 255 - len(controls) and "\x00" not in text and "\x1b" not in text
    assert text.count("\n") == 2  # 0x0a and 0x0d, which are not a CR LF pair
    assert [(f.code, f.line) for f in findings] == [
        ("source-encoding", 2),
        ("source-nul", 1),
        ("source-control", 1),
    ]
    assert "byte 0x80" in findings[0].message
    assert findings[1].message == "1 NUL byte removed (from line 1 on)"
    assert findings[2].message == "29 control characters removed (the first, \\x01, on line 1)"


def test_utf16_is_read_as_utf16() -> None:
    text, findings = read_source("# Ops\r\n- [ ] Backups ✅\r\n".encode("utf-16"), PATH)
    assert text == "# Ops\n- [ ] Backups ✅\n"
    assert [(f.code, f.message) for f in findings] == [
        ("source-encoding", "saved as UTF-16; read as such, save it as UTF-8")
    ]


def test_stripped_mojibake_is_a_warning_on_its_line() -> None:
    raw = "# T\r\n\r\n## ðŸ” Security\r\n- [ ] ðŸ—ï¸ Build\r\n".encode()
    text, findings = read_source(raw, PATH)
    assert text == "# T\n\n## Security\n- [ ] Build\n"
    prefix = "stripped unrecoverable mis-decoded characters"
    assert findings == [
        Finding(Level.WARNING, "source-mojibake", rf"{prefix} '\xf0\u0178\u201d'", PATH, 3),
        Finding(
            Level.WARNING, "source-mojibake", rf"{prefix} '\xf0\u0178\u2014' '\xef\xb8'", PATH, 4
        ),
    ]


def test_restored_mojibake_is_one_summary_note() -> None:
    raw = "## ðŸš€ Launch\n- [ ] Ship âœ… ðŸŽ¯\n".encode()
    text, findings = read_source(raw, PATH)
    assert text == "## 🚀 Launch\n- [ ] Ship ✅ 🎯\n"
    message = "restored 3 mis-decoded characters on 2 lines"
    assert findings == [Finding(Level.INFO, "source-mojibake-restored", message, PATH, None)]


def test_latin1_text_is_not_taken_for_mojibake() -> None:
    text, findings = read_source(b"- [ ] Say \xabcaf\xe9\xbb to Jos\xe9\x92s team\n", PATH)
    assert text == "- [ ] Say «café» to José’s team\n"
    assert findings == [_encoding_warning(0xAB, 1)]


def test_a_comment_never_closed_is_said_where_it_opens() -> None:
    """GitHub hides the rest of such a page: the items below it are not silently dropped."""
    text = (
        "# T\n\n## S\n\n- [ ] Seen {#seen}\n\n<!-- draft notes\n\n- [ ] Hidden\n- [x] Hidden too\n"
    )
    checklist, findings = parse_checklist(PATH, text)
    assert [item.id for item in checklist.all_items()] == ["seen"]
    assert [(f.level, f.code, f.line, f.message) for f in findings] == [
        (
            Level.WARNING,
            "checklist-unclosed-comment",
            7,
            "comment opened here is never closed with '-->': it hides the rest of the page "
            "(2 task items)",
        )
    ]
    closed, none = parse_checklist(PATH, text.replace("draft notes", "draft notes -->"))
    assert none == [] and len(closed.all_items()) == 3


def test_a_headings_own_id_is_its_sections_id_and_not_part_of_its_title() -> None:
    text = (
        "# Ops\n\n## Steps {#custom .important}\n\n- [ ] One\n\n## Plain {: .note}\n\n- [ ] Two\n"
    )
    checklist, findings = parse_checklist(PATH, text)
    assert findings == []
    assert [(s.id, s.title) for s in checklist.sections] == [
        ("custom", "Steps"),
        ("plain", "Plain"),
    ]
    assert [item.section_id for item in checklist.all_items()] == ["custom", "plain"]

"""A finding keeps auditbook's words and the file's own text apart."""

from __future__ import annotations

from auditbook.domain.findings import Finding, Level


def test_the_terminal_shows_the_excerpt_after_the_message_on_one_line() -> None:
    finding = Finding(Level.ERROR, "restore-failed", "restore failed", "e/r.log", 3, "bad\x1b[31m")
    assert str(finding) == "e/r.log:3: error: restore failed: bad\\x1b[31m [restore-failed]"
    assert finding.to_json()["excerpt"] == "bad\x1b[31m"


def test_without_excerpt_keeps_everything_else() -> None:
    finding = Finding(Level.WARNING, "c", "message", "e/x", 1, "copied text")
    assert finding.without_excerpt() == Finding(Level.WARNING, "c", "message", "e/x", 1)
    plain = Finding(Level.WARNING, "c", "message")
    assert plain.without_excerpt() is plain and str(plain) == "warning: message [c]"

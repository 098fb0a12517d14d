# ruff: noqa: RUF001  (look-alike characters are what these tests are about)
"""Mojibake repair: exact where the bytes survived, stripped where they did not, and real
text in other languages left exactly as it was written."""

from __future__ import annotations

import pytest

from auditbook.inputs.mojibake import Repair, repair_line, repair_text
from auditbook.inputs.source import read_source
from conftest import REPO

SEEDS = REPO / "content" / "checklists"


def _garbled(text: str, codepage: str) -> str:
    """What a UTF-8 text looks like read as `codepage`; every byte must have a character."""
    return text.encode("utf-8").decode(codepage)


# Every byte of these has a Windows-1252 character, so nothing was lost on the way.
WINDOWS_1252_EXACT = list("🚀✅📊🔧📞🎯🚨📈🩺🧪→’—§é")
# Mac Roman has a character for every byte: all of them come back.
MAC_ROMAN_EXACT = ["🔐", "🗄️", "⏳", "✅", "🩺", "🚀", "🏥", "🎉", "§", "→", "“", "é", "ü"]


@pytest.mark.parametrize("original", WINDOWS_1252_EXACT)
def test_windows_1252_mojibake_is_restored_exactly(original: str) -> None:
    garbled = _garbled(original, "cp1252")
    assert repair_text(f"## {garbled} Deployment Process") == (
        f"## {original} Deployment Process",
        [Repair(1, garbled, original)],
    )


@pytest.mark.parametrize("original", MAC_ROMAN_EXACT)
def test_mac_roman_mojibake_is_restored_exactly(original: str) -> None:
    garbled = _garbled(original, "mac_roman")
    fixed, repairs = repair_text(f"- [ ] Ship it {garbled} today")
    assert fixed == f"- [ ] Ship it {original} today"
    assert "".join(r.original for r in repairs) == garbled
    assert "".join(r.fixed or "" for r in repairs) == original


def test_the_rocket_round_trip() -> None:
    garbled = "🚀".encode().decode("cp1252")
    assert garbled == "ðŸš€"
    assert repair_line(garbled, 7) == ("🚀", [Repair(7, "ðŸš€", "🚀")])


def test_a_longer_run_and_repairs_on_their_own_lines() -> None:
    text = "ok\n" + _garbled("日本語 ✅", "cp1252") + "\n" + _garbled("¬ 🎉", "mac_roman")
    fixed, repairs = repair_text(text)
    assert fixed == "ok\n日本語 ✅\n¬ 🎉"
    assert [(r.line, r.fixed) for r in repairs] == [
        (2, "日"),
        (2, "本"),
        (2, "語"),
        (2, "✅"),
        (3, "¬"),
        (3, "🎉"),
    ]


def test_double_encoded_latin_letters_are_restored() -> None:
    assert repair_text("Ã©tÃ© Â© Å¡")[0] == "été © š"


def test_two_byte_runs_are_only_restored_to_latin_letters_and_signs() -> None:
    """A trade-off: Greek or Cyrillic mojibake stays, so that '—über' in real text survives."""
    assert repair_text("Î¼s")[0] == "Î¼s"


# Windows-1252 has no characters for 0x81, 0x8D, 0x8F, 0x90 and 0x9D: those bytes are gone.
def _lost(text: str) -> str:
    return text.encode("utf-8").decode("cp1252", errors="ignore")


def test_a_sequence_that_lost_a_byte_is_stripped_and_reported() -> None:
    garbled = _lost("🔐")
    assert garbled == "ðŸ”"
    assert repair_text(f"## {garbled} Security Checklist") == (
        "## Security Checklist",
        [Repair(1, garbled, None)],
    )


@pytest.mark.parametrize(
    ("original", "expected"),
    [
        ("## 🏗️ Infrastructure Checklist", "## Infrastructure Checklist"),
        ("⏳ Pending", "Pending"),
        ("- [ ] 🔐 Rotate keys", "- [ ] Rotate keys"),
        ("Done 🔐 now", "Done now"),
        ("text🔐 now", "text now"),
        ("Two 🔐🔐 in a row", "Two in a row"),
        ("Nurse 👩‍⚕️ on call", "Nurse 👩⚕ on call"),
        ("“quoted”", "“quoted"),
    ],
)
def test_lost_bytes_are_stripped_without_gluing_words(original: str, expected: str) -> None:
    fixed, repairs = repair_text(_lost(original))
    assert fixed == expected
    assert any(repair.fixed is None for repair in repairs)


LEGIT = [
    "café, über, Straße, naïve — “quotes” ½ ©",
    "José’s checklist",
    "“Café” and ‘thé’",
    "résumé… naïve™",
    "«école» and « école »",
    "„Straße“ and “Über”",
    "text—über, ÄÖÜ…",
    "São Paulo, Ação, piñata, Zürich, Ærø, Œuvre, Ça va",
    "40° ±2 µs ¼ ¾ × ÷ ≥ ≤ ≠ ∞",
    "Ελληνικά, Привет, 日本語, العربية, עברית, 한국어",
    "🚀 ✅ 🗄️ 👩‍⚕️ → § ¶ • † ‡",
    "ÀÉÎÕÜ àéîõü ÿ Ÿ ð Þ",
]


@pytest.mark.parametrize("text", LEGIT)
def test_real_text_is_left_untouched(text: str) -> None:
    assert repair_text(text) == (text, [])


def _seed_text(name: str) -> str:
    path = SEEDS / name
    return read_source(path.read_bytes(), f"content/checklists/{name}")[0]


# Characters the seeds' mojibake is made of; none may survive the repair.
MOJIBAKE_CHARS = set("ðŸ‚üÔ∏¬\uf8ffÃÅâ€ï¸ÖîêÄöúéØ™ß•è©ìäù√∫") | {"\u0178"}


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("deployment.md", set("🚀📊🔧📞🎯🚨📈")),
        ("readiness.md", set("✅🔐🗄\ufe0f🩺§📊🧪🚀📝🧩🏥🎯🚨🎉→⏳")),
    ],
)
def test_no_mojibake_survives_in_the_seeds(name: str, expected: set[str]) -> None:
    text = _seed_text(name)
    assert not MOJIBAKE_CHARS & set(text)
    assert {char for char in text if not char.isascii()} == expected


@pytest.mark.parametrize("name", ["deployment.md", "readiness.md"])
def test_repairing_twice_changes_nothing(name: str) -> None:
    text = _seed_text(name)
    assert repair_text(text) == (text, [])

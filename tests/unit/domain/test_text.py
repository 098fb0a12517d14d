"""Text for ids and people: unique names, suggestions, percentages, slugs."""

from __future__ import annotations

from auditbook.domain.text import did_you_mean, percent, plain_text, slugify, unique_name


def test_unique_names_count_up_and_remember_what_they_gave() -> None:
    taken = {"manifest.json"}
    names = [unique_name(n, taken, keep_suffix=True) for n in ("a.log", "a.log", "a.log")]
    assert names == ["a.log", "a-2.log", "a-3.log"]
    assert unique_name("manifest.json", taken, keep_suffix=True) == "manifest-2.json"
    assert [unique_name("section", taken) for _ in range(2)] == ["section", "section-2"]
    assert unique_name("README", taken, keep_suffix=True) == "README"
    assert unique_name("README", taken, keep_suffix=True) == "README-2"


def test_suggestions_name_the_closest_known_names() -> None:
    known = ["ops/backups/restore-tested", "ops/access/mfa-enforced"]
    assert did_you_mean("ops/backups/restore-test", known) == (
        " (did you mean 'ops/backups/restore-tested'?)"
    )
    assert did_you_mean("mfa-enforced", known) == " (did you mean 'ops/access/mfa-enforced'?)"
    assert did_you_mean("nothing-like-it", known) == ""


def test_percentages_and_slugs_for_people() -> None:
    assert (percent(0.734), percent(1.0), percent(None)) == ("73%", "100%", "n/a")
    assert plain_text("**MFA** for [admins](x.md)") == "MFA for admins"
    assert slugify("Backups & Restores: the *weekly* test") == "backups-restores-the-weekly-test"
    assert slugify("one two three four", 9) == "one-two"


def test_slugs_keep_the_words_of_every_script() -> None:
    assert slugify("检查数据库备份是否加密") == "检查数据库备份是否加密"
    assert slugify("بررسی&nbsp;امنیت&nbsp;سرور") == "بررسی-امنیت-سرور"  # entities decoded
    assert slugify("नमस्ते दुनिया") == "नमस्ते-दुनिया"  # vowel signs stay with their letters
    assert slugify("Kiểm tra đăng nhập") == "kiem-tra-dang-nhap"  # Latin loses its accents
    assert slugify("Überprüfung der Straße") == "uberprufung-der-strasse"
    assert slugify("José\u2019s café") == "joses-cafe"  # as ids were before: no id changes
    assert slugify("🗄️ Database & Data Integrity") == "database-data-integrity"
    fullwidth = "\uff21\uff42\uff43\u3000\uff11\uff12\uff13"  # "Abc 123" in fullwidth forms
    assert slugify(fullwidth) == "abc-123"
    assert slugify("🚀 ✅") == ""
    assert slugify("检查" * 1_000_000, 12) == "检查" * 6  # bounded by the limit

"""Front matter split for MkDocs and for the item parser, lines kept, bad blocks said."""

from __future__ import annotations

from auditbook.inputs.frontmatter import split_front_matter


def test_a_page_without_front_matter_is_left_alone() -> None:
    text = "# A\n\n- [ ] x\n"
    split = split_front_matter(text, "a.md")
    assert (split.site_text, split.body_text, split.findings) == (text, text, [])


def test_good_front_matter_goes_to_mkdocs_and_is_blank_for_the_parser() -> None:
    text = "---\ntitle: A\ntags: [x]\n...\n# A\n"
    split = split_front_matter(text, "a.md")
    assert split.site_text == text
    assert split.body_text == "\n\n\n\n# A\n"
    assert split.findings == []


def test_a_page_that_starts_with_a_rule_is_not_front_matter() -> None:
    text = "---\n\nSome prose under a rule.\n"
    assert split_front_matter(text, "a.md").findings == []


def test_a_bad_block_is_blanked_everywhere_and_keeps_line_numbers() -> None:
    text = "---\na: [1\n---\n# A\n- [ ] x\n"
    split = split_front_matter(text, "a.md")
    assert split.site_text == split.body_text == "\n\n\n# A\n- [ ] x\n"
    assert [(f.code, f.line) for f in split.findings] == [("page-front-matter", 3)]


def test_a_closing_line_at_the_very_end_still_closes() -> None:
    split = split_front_matter("---\ntitle: A\n---", "a.md")
    assert split.site_text == "---\ntitle: A\n---\n"
    assert split.findings == []

"""The page rewrite that lets Python-Markdown show what GitHub (CommonMark) shows: Markdown
inside HTML blocks, lists right under a paragraph, `1)` lists, tasks in quotes and tables.

Each case is rendered with Python-Markdown and the extensions a project has, so the test
checks the HTML a reader gets, not the rewrite's text."""

from __future__ import annotations

import markdown

from auditbook.inputs.blocks import page_shape
from auditbook.render.enrich import enrich_page

EXTENSIONS = ["md_in_html", "tables", "pymdownx.tasklist", "attr_list"]


def _page(text: str, lines: set[int]) -> str:
    """The page as HTML, each item on `lines` marked `<b>ITEM</b>`."""

    def decorate(line: int) -> tuple[str, str] | None:
        return ("<b>ITEM</b> ", "") if line in lines else None

    return markdown.markdown(enrich_page(text, page_shape(text), decorate), extensions=EXTENSIONS)


def test_markdown_inside_a_div_left_open_is_rendered() -> None:
    html = _page('<div dir="rtl">\n\n## عنوان\n\n- [ ] کار\n\n</div>\n', {5})
    assert html == (
        '<div dir="rtl">\n<h2>عنوان</h2>\n<ul>\n<li><b>ITEM</b> کار</li>\n</ul>\n</div>'
    )


def test_details_close_after_their_list() -> None:
    text = "<details>\n<summary>S</summary>\n\n- [ ] a\n- [x] b\n</details>\n\nAfter\n"
    html = _page(text, {4, 5})
    assert html.index("</ul>") < html.index("</details>") < html.index("<p>After</p>")
    assert html.count("<b>ITEM</b>") == 2


def test_verbatim_html_and_closed_elements_are_left_alone() -> None:
    text = "<pre>\n<div>as written\n</pre>\n\n<div class=x>closed</div>\n"
    assert enrich_page(text, page_shape(text), lambda line: None) == text


def test_a_list_right_under_a_paragraph_is_a_list() -> None:
    html = _page("Before the list:\n- [ ] one\n- [ ] two\n", {2, 3})
    items = "<li><b>ITEM</b> one</li>\n<li><b>ITEM</b> two</li>"
    assert html == f"<p>Before the list:</p>\n<ul>\n{items}\n</ul>"


def test_parenthesis_numbers_are_a_numbered_list() -> None:
    html = _page("1) [ ] first\n2) [ ] second\n", {1, 2})
    assert html.startswith("<ol>") and html.count("<li><b>ITEM</b>") == 2


def test_tasks_in_a_quote_keep_their_quote_and_nesting() -> None:
    html = _page("> - [ ] outer\n>   - [ ] inner\n", {1, 2})
    assert html == (
        "<blockquote>\n<ul>\n<li><b>ITEM</b> outer<ul>\n<li><b>ITEM</b> inner</li>\n</ul>\n"
        "</li>\n</ul>\n</blockquote>"
    )


def test_a_bare_box_line_is_decorated_on_a_line_of_its_own() -> None:
    html = _page("[ ] I understand\n[x] I agree\n", {1, 2})
    assert html == "<p><b>ITEM</b> I understand<br />\n<b>ITEM</b> I agree</p>"


def test_a_table_row_gets_its_item_in_the_task_cell() -> None:
    text = "| Task | Status |\n|---|---|\n| Encrypt {#enc} | ✅ |\n"
    html = _page(text, {3})
    assert "<td><b>ITEM</b> Encrypt</td>\n<td>✅</td>" in html

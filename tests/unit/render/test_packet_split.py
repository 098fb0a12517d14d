"""Cutting the packet into pieces, and the stylesheet each piece is printed with."""

from __future__ import annotations

import tinycss2  # type: ignore[import-untyped]

from auditbook.render.packet.pagecss import for_numbers, for_pieces, has_numbers
from auditbook.render.packet.pieces import split_pieces, with_page_numbers

DOCUMENT = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Packet</title>
<meta name="dcterms.created" content="2026-11-01T00:00:00Z">
</head>
<body>
<section class="cover">
<div class="running"><span class="running-org">Example Clinic (fictional)</span></div>
<h1>Cover</h1>
</section>
<nav class="toc" id="contents"><a href="#one">One</a> <a href="#two">Two</a></nav>
<section class="chapter" id="one">
<h1>One</h1>
<p id="own">See <a href="#two-detail">two</a>, <a href="#own">here</a>
and <a href="#nowhere">nothing</a>.</p>
<section class="chapter" id="nested"><p>inside one, not a piece</p></section>
</section>
<p>Between chapters, kept with the one before.</p><section class="chapter" id="same-line">
<p>Starts on the line of other text: not cut here.</p>
</section>
<section class="chapter two" id="two">
<h1>Two</h1>
<p id="two-detail">Detail &amp; more.</p>
</section>
</body>
</html>
"""


def test_the_front_and_each_top_level_chapter_that_opens_its_line_are_pieces() -> None:
    front, one, two = split_pieces(DOCUMENT)
    assert front.front and not one.front and not two.front
    assert '<section class="cover">' in front.html and 'id="contents"' in front.html
    assert 'id="nested"' in one.html and 'id="same-line"' in one.html
    assert "<h1>Two</h1>" in two.html
    assert front.ids == {"contents"}
    assert one.ids == {"one", "own", "nested", "same-line"}
    assert two.ids == {"two", "two-detail"}
    for piece in (front, one, two):
        assert piece.html.startswith("<!DOCTYPE html>") and piece.html.rstrip().endswith("</html>")


def test_a_chapter_gets_the_running_heads_and_stand_ins_for_ids_held_elsewhere() -> None:
    front, one, _ = split_pieces(DOCUMENT)
    added = one.html.split('<div class="auditbook-piece"', 1)[1].split("<h1>", 1)[0]
    assert "visibility:hidden" in added and "height:0" in added
    assert "Example Clinic (fictional)" in added  # the organisation in its running head
    assert '<span id="two-detail"></span>' in added  # a link to another piece keeps its target
    assert 'id="own"' not in added and 'id="nowhere"' not in added  # its own; none at all
    assert '<span id="one"></span>' in front.html and '<span id="two"></span>' in front.html
    assert front.html.count("Example Clinic (fictional)") == 1  # the front has its own


def test_only_the_front_keeps_the_time_of_the_render() -> None:
    front, one, _ = split_pieces(DOCUMENT)
    assert "dcterms.created" in front.html
    assert "dcterms.created" not in one.html  # the same chapter is the same piece tomorrow


def test_a_document_without_chapters_is_one_piece() -> None:
    document = "<html><body><h1>Only</h1><p id='x'>text</p></body></html>"
    (piece,) = split_pieces(document)
    assert piece.html == document and piece.front


def test_the_front_links_carry_the_pages_they_land_on() -> None:
    front = split_pieces(DOCUMENT)[0].html
    numbered = with_page_numbers(front, {"one": 3, "two": 7})
    assert '<a data-auditbook-page="3" href="#one">' in numbered
    assert '<a data-auditbook-page="7" href="#two">' in numbered


STYLESHEET = """
@font-face { font-family: "Fictional Sans"; src: url(fictional.woff2); }
@page {
  size: A4;
  margin: 20mm;
  @top-left { content: string(organisation); }
  @bottom-right { content: "page " counter(page) " of " counter(pages); }
  @bottom-center { content: counter(page, upper-roman); }
}
@page cover { @bottom-right { content: none; } @top-left { content: none; } }
.toc a::after { content: leader(dotted) " " target-counter(attr(href), page); }
h1 { color: #123; }
"""


def _boxes(css: str) -> dict[str, dict[str, str]]:
    """{page selector: {margin box: its declarations}}."""
    found: dict[str, dict[str, str]] = {}
    for rule in tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True):
        if rule.type == "at-rule" and rule.lower_at_keyword == "page":
            page = tinycss2.serialize(rule.prelude).strip() or "*"
            for node in tinycss2.parse_blocks_contents(rule.content, skip_whitespace=True):
                if node.type == "at-rule":
                    found.setdefault(page, {})[node.lower_at_keyword] = " ".join(
                        tinycss2.serialize(node.content).split()
                    )
    return found


def test_pieces_print_without_the_numbers_and_read_contents_numbers_from_links() -> None:
    css = for_pieces(STYLESHEET)
    boxes = _boxes(css)
    assert boxes["*"]["top-left"] == "content: string(organisation);"
    assert boxes["*"]["bottom-right"] == "content: none;"
    assert boxes["*"]["bottom-center"] == "content: none;"  # a number inside a function too
    assert "target-counter" not in css and "attr(data-auditbook-page)" in css
    assert "h1 { color: #123; }" in css and "size: A4" in css


def test_the_numbering_has_the_page_rules_the_numbered_boxes_and_the_fonts() -> None:
    css = for_numbers(STYLESHEET)
    boxes = _boxes(css)
    assert set(boxes["*"]) == {"bottom-right", "bottom-center"}
    assert boxes["cover"] == {"bottom-right": "content: none;"}  # no number on the cover
    assert "size: A4" in css and "margin: 20mm" in css and "Fictional Sans" in css
    assert "h1" not in css and "string(organisation)" not in css
    assert has_numbers(STYLESHEET)
    assert not has_numbers("@page { @bottom-left { content: string(chapter); } }")


def test_a_later_run_of_the_numbering_counts_on_and_shows_the_book_total() -> None:
    css = for_numbers(STYLESHEET + "@page :first { @bottom-right { content: none; } }", 201, 1224)
    boxes = _boxes(css)
    assert boxes["*"]["bottom-right"] == 'content: "page " counter(page) " of " "1224";'
    assert ":first { counter-reset: page 201; }" in css  # its first page is page 201
    assert ":first {@bottom-right" not in css  # only the book's own first page is :first
    assert "counter(pages)" not in css

"""The stylesheet as the pieces of a packet need it: numbers left to the assembly.

A piece laid out alone cannot know its page numbers: they depend on every piece before
it. So the pieces are printed without the page-margin boxes that show `counter(page)` or
`counter(pages)`, and those boxes are printed afterwards on a blank document of the whole
packet's length (the numbering), laid over each page. The contents' page numbers come the
same way: `target-counter(attr(href), page)` reads the number auditbook writes on each
link of the front once the other pieces are laid out.
"""

from __future__ import annotations

from typing import Any

import tinycss2  # type: ignore[import-untyped]

PAGE_ATTRIBUTE = "data-auditbook-page"
_NUMBERS = ("page", "pages")


def has_numbers(text: str) -> bool:
    """Whether any page-margin box of the stylesheet shows a page number."""
    return any(
        node.type == "at-rule" and _shows_numbers(node)
        for rule in _page_rules(text)
        for node in _nodes(rule)
    )


def for_pieces(text: str) -> str:
    """The stylesheet with the numbered margin boxes emptied and the contents' page
    numbers read from the links' own attribute."""
    out = []
    for rule in tinycss2.parse_stylesheet(text):
        if rule.type == "at-rule" and rule.lower_at_keyword == "page" and rule.content:
            nodes = _nodes(rule)
            for node in nodes:
                if node.type == "at-rule" and _shows_numbers(node):
                    node.content = tinycss2.parse_component_value_list(" content: none; ")
            out.append(f"@page{tinycss2.serialize(rule.prelude)}{{{_block(nodes)}}}")
        else:
            if rule.type == "qualified-rule":
                rule.content = _page_references(rule.content)
            out.append(tinycss2.serialize([rule]))
    return "".join(out)


def for_numbers(text: str, first: int = 1, total: int | None = None) -> str:
    """Only the page rules (size, margins, names) and the margin boxes that show numbers
    somewhere (with every page's own rule for them, `content: none` on a cover included),
    and the fonts they may need: the numbering laid over the assembled pages.

    The numbering is printed in runs: one starting at page `first` of a book of `total`
    pages counts from there, shows that total, and is no book's first page.
    """
    rules = [(rule, _nodes(rule)) for rule in _page_rules(text)]
    numbered = {
        node.lower_at_keyword
        for _, nodes in rules
        for node in nodes
        if node.type == "at-rule" and _shows_numbers(node)
    }
    kept = [
        tinycss2.serialize([rule])
        for rule in tinycss2.parse_stylesheet(text, skip_comments=True)
        if rule.type == "at-rule" and rule.lower_at_keyword == "font-face"
    ]
    for rule, nodes in rules:
        prelude = tinycss2.serialize(rule.prelude)
        if first > 1 and ":first" in prelude.lower():
            continue
        own = [n for n in nodes if n.type == "declaration"]
        boxes = [n for n in nodes if n.type == "at-rule" and n.lower_at_keyword in numbered]
        if total is not None:
            for box in boxes:
                box.content = _total(tinycss2.parse_blocks_contents(box.content or []), total)
        kept.append(f"@page{prelude}{{{_block([*own, *boxes])}}}")
    if first > 1:
        kept.append(f"@page :first {{ counter-reset: page {first}; }}")
    return "\n".join(kept)


def _total(nodes: list[Any], total: int) -> list[Any]:
    """The declarations with `counter(pages)` written out as the book's page count."""
    for node in nodes:
        if node.type == "declaration":
            node.value = [
                tinycss2.ast.StringToken(t.source_line, t.source_column, str(total), f'"{total}"')
                if _is_pages(t)
                else t
                for t in node.value
            ]
    return _flatten(nodes)


def _flatten(nodes: list[Any]) -> list[Any]:
    return list(tinycss2.parse_component_value_list(_block(nodes)))


def _is_pages(token: Any) -> bool:
    if token.type != "function" or token.lower_name != "counter":
        return False
    names = [t for t in token.arguments if t.type == "ident"]
    return bool(names) and names[0].lower_value == "pages"


def _page_rules(text: str) -> list[Any]:
    rules = tinycss2.parse_stylesheet(text, skip_comments=True)
    return [r for r in rules if r.type == "at-rule" and r.lower_at_keyword == "page"]


def _nodes(rule: Any) -> list[Any]:
    return list(tinycss2.parse_blocks_contents(rule.content or []))


def _shows_numbers(margin_rule: Any) -> bool:
    return any(
        node.type == "declaration" and node.lower_name == "content" and _counts(node.value)
        for node in _nodes(margin_rule)
    )


def _counts(tokens: list[Any]) -> bool:
    """Whether the tokens hold `counter(page)` or `counter(pages)`, however nested."""
    for token in tokens:
        if token.type != "function":
            continue
        if token.lower_name == "counter":
            names = [t for t in token.arguments if t.type == "ident"]
            if names and names[0].lower_value in _NUMBERS:
                return True
        if _counts(token.arguments):
            return True
    return False


def _page_references(tokens: list[Any]) -> list[Any]:
    """`target-counter(attr(href), page)` becomes `attr(data-auditbook-page)`."""
    replaced = []
    for token in tokens:
        if token.type == "function" and token.lower_name == "target-counter":
            replaced.extend(tinycss2.parse_component_value_list(f"attr({PAGE_ATTRIBUTE})"))
        else:
            replaced.append(token)
    return replaced


def _block(nodes: list[Any]) -> str:
    """Nodes of a block serialised back, declarations with their semicolons."""
    parts = []
    for node in nodes:
        text = tinycss2.serialize([node])
        closed = node.type != "declaration" or text.rstrip().endswith(";")
        parts.append(text if closed else text + ";")
    return "".join(parts)

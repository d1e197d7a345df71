"""A post that starts with a list, for Astro: written from the margin.

Astro's content loader trims the start of a body, so the first item lost the two
spaces html2text indents a list with while the others kept them, and the item after
a nested list fell into it (seen in a real build: ``test_markdown_site_node_builds``).
"""

from __future__ import annotations

import pytest

from wxr_tools.writers.markdown.html import from_the_margin, to_markdown

NESTED = "<ul><li>top<ul><li>one</li><li>two</li></ul></li><li>next</li></ul><p>after</p>"


def test_a_leading_list_moves_to_the_margin_for_astro() -> None:
    assert to_markdown(NESTED, "astro") == "- top\n  - one\n  - two\n- next\n\nafter\n"


@pytest.mark.parametrize("flavor", ["hugo", "jekyll", "eleventy"])
def test_other_flavors_keep_html2text_indentation(flavor: str) -> None:
    assert to_markdown(NESTED, flavor) == "  - top\n    - one\n    - two\n  - next\n\nafter\n"


def test_only_the_leading_list_moves() -> None:
    source = "<p>first</p>" + NESTED
    assert to_markdown(source, "astro") == to_markdown(source, "hugo")
    later = to_markdown(NESTED + NESTED, "astro")
    assert later.startswith("- top\n  - one\n  - two\n- next\n\nafter\n\n  - top\n")


def test_lists_parted_by_a_blank_line_move_together() -> None:
    # Moving only the first would put the second inside its last item.
    markdown = to_markdown("<ul><li>a</li></ul><ul><li>b<ol><li>c</li></ol></li></ul>", "astro")
    assert markdown == "- a\n\n- b\n  1. c\n"


def test_an_ordered_list_keeps_its_nested_list_in_its_item() -> None:
    markdown = to_markdown("<ol><li>a<ul><li>b</li></ul></li><li>c</li></ol>", "astro")
    assert markdown == "1. a\n   - b\n2. c\n"


@pytest.mark.parametrize(
    "markdown", ["text\n\n  - a\n", "- a\n  - b\n", "    code\n", "  not an item\n", ""]
)
def test_text_that_does_not_start_with_an_indented_item_is_kept(markdown: str) -> None:
    assert from_the_margin(markdown) == markdown

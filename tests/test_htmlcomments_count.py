"""``htmlcomments.count`` gives the counts, in the order, of the scan it replaced."""

from __future__ import annotations

from collections import Counter

import pytest
from corpus_helpers import corpus_files, file_params, transformed_sources
from hypothesis import given, settings
from hypothesis import strategies as st

from wxr_tools.writers.markdown.htmlcomments import (
    _DELIMITER,
    _MORE,
    DROPPED,
    KEPT_DYNAMIC,
    MORE_DROPPED,
    count,
)


def _plain_count(html: str, counts: Counter[str]) -> None:
    """The count as it was: each delimiter's match object, ``_MORE`` searched in every
    text with a comment."""
    if "<!--" not in html:
        return
    if "wp:" in html:
        for m in _DELIMITER.finditer(html):
            counts[KEPT_DYNAMIC if m.group(2) else DROPPED] += 1
    markers = len(_MORE.findall(html))
    if markers:
        counts[MORE_DROPPED] += markers


def _both(html: str, before: Counter[str] | None = None) -> None:
    fast, plain = Counter(before), Counter(before)
    count(html, fast)
    _plain_count(html, plain)
    assert list(fast.items()) == list(plain.items())  # the values and the order of keys


_PIECES = st.sampled_from(
    [
        *("<!-- wp:paragraph -->", "<!-- /wp:paragraph -->", '<!-- wp:image {"id":12} -->'),
        *('<!-- wp:latest-posts {"n":5} /-->', '<!-- wp:block {"ref":42} /-->', "/-->"),
        *("<!-- wp:jetpack/map -->", "<!--\nwp:x\n-->", "<!--wp:x -->", "<!-- wp:X -->"),
        *("<!--more-->", "<!--more Read on-->", "<!--noteaser-->", "<!--more", "<!--note"),
        *('<!-- wp:x {"a":"<!--more-->"} -->', "{", "}", "} ", " ", "\n", "-->", "<!--"),
        *("wp:", "/", "<p>", "x", '<!-- wp:x {"a":{"b":1}} /-->', "<", ">", "ſ"),
    ]
)


@settings(max_examples=1500, deadline=None)
@given(st.lists(_PIECES, max_size=16), st.sampled_from([None, DROPPED, KEPT_DYNAMIC]))
def test_count_is_the_plain_scan(parts: list[str], known: str | None) -> None:
    # A count the report already holds keeps its place: start from each.
    _both("".join(parts), Counter({known: 1}) if known else None)


def test_each_kind_is_counted_first_where_it_comes_first() -> None:
    found: Counter[str] = Counter()
    count("<!-- wp:a /--><!-- wp:b --><!-- /wp:b -->", found)
    assert list(found.items()) == [(KEPT_DYNAMIC, 1), (DROPPED, 2)]
    found = Counter()
    count("<!-- wp:b --><!-- wp:a /--><!-- /wp:b -->", found)
    assert list(found.items()) == [(DROPPED, 2), (KEPT_DYNAMIC, 1)]


def test_a_marker_inside_a_delimiter_is_counted_too() -> None:
    found: Counter[str] = Counter()
    count('<!-- wp:x {"a":"<!--more-->"} -->', found)
    assert found == {DROPPED: 1, MORE_DROPPED: 1}


@pytest.mark.parametrize("name", file_params(corpus_files()))
def test_count_is_the_plain_scan_on_the_corpus(name: str) -> None:
    for item_id, source in transformed_sources(name):
        fast: Counter[str] = Counter()
        plain: Counter[str] = Counter()
        count(source, fast)
        _plain_count(source, plain)
        assert list(fast.items()) == list(plain.items()), item_id

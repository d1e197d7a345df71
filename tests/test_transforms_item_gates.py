"""The transforms' looks at a whole item before their steps give what the steps give.

``comments``, ``smilies``, ``unclosedcomments`` and ``more`` first tell whether any text
of the item has something for them; when none has, they give the item back as it is.
``players`` builds no tuple of comments for an item without any. Their full steps
(``_filtered``, ``_converted``, the transforms as they were, the plain ``in`` tests) are
compared with them on every item of the corpus, as the pipeline hands it to each, and
on made-up items.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from corpus_helpers import corpus_files, corpus_path, file_params
from hypothesis import given, settings
from hypothesis import strategies as st
from yaml_cases import SITE

from wxr_tools.config import Config
from wxr_tools.diagnostics import InputError
from wxr_tools.model import Comment, Item
from wxr_tools.pipeline import Options, open_items
from wxr_tools.report import RunReport
from wxr_tools.transforms import (
    Context,
    get_transform,
    html_of,
    more,
    players,
    smilies,
    unclosedcomments,
)
from wxr_tools.transforms import comments as comments_transform
from wxr_tools.unclosedcomments import OPENER

_NAMES = ("comments", "players", "smilies", "unclosedcomments", "more")


Steps = list[tuple[str, Callable[[Item, Context], object]]]


def _walk(item: Item, start: int, steps: Steps, ctx: Context, seen: dict[str, list[Item]]) -> None:
    """``item`` through ``steps`` from ``start``, as ``run_pipeline`` applies them,
    each input of ``_NAMES``' transforms kept in ``seen``."""
    for at in range(start, len(steps)):
        name, transform = steps[at]
        if name in seen:
            seen[name].append(item)
        result = transform(item, ctx)
        if result is None:
            return
        if not isinstance(result, Item):
            assert isinstance(result, list)
            for part in result:
                _walk(part, at + 1, steps, ctx, seen)
            return
        item = result


def _inputs(name: str) -> tuple[Context, dict[str, list[Item]]]:
    """The items each of ``_NAMES`` gets in the default pipeline over a corpus file."""
    path = str(corpus_path(name))
    for recover in (False, True):
        try:
            opened = open_items(path, Options(recover=recover), RunReport())
        except InputError:
            continue
        ctx = opened.ctx
        assert ctx is not None
        steps: Steps = [(n, get_transform(n)) for n in opened.names]
        seen: dict[str, list[Item]] = {n: [] for n in _NAMES}
        with opened.export:
            for item in opened.export:
                _walk(item, 0, steps, ctx, seen)
        opened.close()
        return ctx, seen
    pytest.skip(f"{name}: the reader refuses it even with --recover")


def _fresh(ctx: Context) -> Context:
    return Context(site=ctx.site, config=ctx.config, index=ctx.index, path=ctx.path)


def _same(
    items: list[Item],
    ctx: Context,
    fast: Callable[[Item, Context], Item | None],
    full: Callable[[Item, Context], Item | None],
) -> None:
    for item in items:
        a, b = _fresh(ctx), _fresh(ctx)
        assert fast(item, a) == full(item, b)
        assert a.report.counts == b.report.counts
        assert a.report.comments_excluded == b.report.comments_excluded
        assert a.report.diagnostics == b.report.diagnostics


def _full_comments(item: Item, ctx: Context) -> Item | None:
    if not item.comments:
        return item
    keep = set(ctx.config.section("comments")["keep"])
    return comments_transform._filtered(item, keep, ctx)


@pytest.mark.parametrize("name", file_params(corpus_files()))
def test_item_gates_on_the_corpus(name: str) -> None:
    ctx, seen = _inputs(name)
    _same(seen["comments"], ctx, comments_transform.transform, _full_comments)
    _same(seen["smilies"], ctx, smilies.transform, smilies._converted)
    _same(seen["players"], ctx, players.transform, _reference_players)
    _same(seen["more"], ctx, more.transform, _reference_more)
    for item in seen["unclosedcomments"]:
        excerpt = item.excerpt_html if item.excerpt_html is not None else item.excerpt
        texts = (html_of(item), excerpt, *(c.content_html or c.content for c in item.comments))
        plain = any(OPENER in text for text in texts)
        assert unclosedcomments._holds_opener(item, html_of(item), excerpt) == plain


def _reference_more(item: Item, ctx: Context) -> Item | None:
    """The more transform as it was: a scan for each marker on every item."""
    from wxr_tools.model import evolve
    from wxr_tools.shortcodes import split_more

    html = html_of(item)
    if "<!--more" not in html and "<!--noteaser" not in html:
        return item
    summary, rest = split_more(html)
    if rest is None:
        return item
    summary = more._close_paragraph(summary)
    rest = more._open_paragraph(rest)
    content = "\n".join(part for part in (summary, rest) if part)
    return evolve(item, summary_html=summary, content_html=content)


def _reference_players(item: Item, ctx: Context) -> Item | None:
    """The players transform as it was: every item's comments made a tuple and compared."""
    from wxr_tools.model import evolve

    counts = ctx.report.counts
    content = html_of(item)
    made = players._converted(content, counts)
    comments = tuple(players._comment(c, counts) for c in item.comments)
    changes: dict[str, object] = {}
    if made is not content:
        changes["content_html"] = made
    if any(a is not b for a, b in zip(comments, item.comments, strict=True)):
        changes["comments"] = comments
    return evolve(item, **changes) if changes else item


_TEXTS = st.lists(
    st.sampled_from(
        [
            *("<!--", "<!-- x -->", "-->", "<", "!--", "<p>", "<b>x</b>", "<a href=x>", " "),
            *("<!--more-->", "<!--more Read on-->", "<!--noteaser-->", "more", "noteaser"),
            *(":)", " :-) ", ";)", "8-)", ":mrgreen:", "&nbsp;:D", ">:P", "x:)", "\n", "é"),
        ]
    ),
    max_size=10,
).map("".join)
_COMMENTS = st.builds(
    Comment,
    id=st.integers(1, 5),
    parent=st.integers(0, 5),
    content=_TEXTS,
    content_html=st.none() | _TEXTS,
    approved=st.sampled_from(["1", "0", "spam", "trash", "post-trashed", "x"]),
    type=st.sampled_from(["", "comment", "pingback", "trackback"]),
    user_id=st.integers(0, 2),
)
_ITEMS = st.builds(
    Item,
    id=st.just(1),
    content=_TEXTS,
    excerpt=_TEXTS,
    content_html=st.none() | _TEXTS,
    excerpt_html=st.none() | _TEXTS,
    comments=st.lists(_COMMENTS, max_size=4).map(tuple),
)
_POLICIES = st.fixed_dictionaries(
    {
        "keep": st.sampled_from([["1"], ["1", "0"], []]),
        "pings": st.booleans(),
        "sanitize": st.sampled_from(["none", "visitors", "all"]),
    }
)


@settings(max_examples=400, deadline=None)
@given(_ITEMS, _POLICIES)
def test_item_gates_on_made_up_items(item: Item, policy: dict[str, object]) -> None:
    config = Config()
    config.data["comments"] = {**config.section("comments"), **policy}
    ctx = Context(site=SITE, config=config)
    _same([item], ctx, comments_transform.transform, _full_comments)
    _same([item], ctx, smilies.transform, smilies._converted)
    _same([item], ctx, players.transform, _reference_players)
    _same([item], ctx, more.transform, _reference_more)
    excerpt = item.excerpt_html if item.excerpt_html is not None else item.excerpt
    texts = (html_of(item), excerpt, *(c.content_html or c.content for c in item.comments))
    plain = any(OPENER in text for text in texts)
    assert unclosedcomments._holds_opener(item, html_of(item), excerpt) == plain

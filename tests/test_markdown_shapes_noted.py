"""``simplemd`` calls ``emphasis.reshape`` only where its writer noted a shape.

``reshape`` changes a post only where its search (``emphasis._needs_work``) finds one
of the shapes; the writer notes each tag of emphasis where one may be
(``_Writer.shaped``) instead, and only those posts (and those it gives up on) are
reshaped. Compared here with the long way round (reshape every post, then write it)
on generated HTML full of emphasis next to white space, references, tags, case
variants of the names (the search is case-blind, "ſ" and "ı" included) and the
sentinels' plane.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from contextlib import suppress

from hypothesis import example, given, settings
from hypothesis import strategies as st

from wxr_tools.writers.markdown import emphasis, privateplane, simplemd, simpleoutput

_MARKS = ["em", "i", "strong", "b", "Em", "I", "STRONG", "B", "ſtrong", "ı", "İ"]
_PIECES = [
    "x", "word", " ", "\n", "\t", "\xa0", "\u3000", ";", ">", "&nbsp;", "&amp;", "&#160;",
    "&#xa0;", "&#1114111;", "&#", "1114111;", "\U0010ff01", ".", "*",
    "<p>", "</p>", "<br>", "<br />", '<a href="/x">', "</a>", "<span>", "</span>",
    '<span class="c">', "<ul>", "</ul>", "<li>", "</li>", "<blockquote>", "</blockquote>",
    "<h2>", "</h2>", '<img src="/a.png" alt="a">',
]  # fmt: skip
_PIECES += [f"<{m}>" for m in _MARKS] + [f"</{m}>" for m in _MARKS]
_PIECES += ['<em class="c">', '<strong style="x">', "<em >", "</em >", "</strong\n>"]
_HTML = st.lists(st.sampled_from(_PIECES), max_size=24).map("".join)


def _old_html2text_output(cut: str) -> simplemd.Written | None:
    # What ``html2text_output`` did after ``first_look``: reshape, then write.
    return simplemd._written(emphasis.reshape(cut))


def _old_written(html: str) -> simplemd.Written | None:
    # What ``html.convert`` and ``written`` did: reshape, then the plane, then write.
    shaped = emphasis.reshape(html)
    return None if privateplane.present(shaped) else simplemd._written(shaped)


@settings(max_examples=2000)
@given(_HTML)
@example("<em> x</em>")
@example("<strong><em>x</em></strong>")
@example("a<b></b>c")
@example("<em>&#1114111;</em>")
@example("&#<em></em>1114111;")
@example("x <em>a <em>b</em></em>")
@example("<p><em>a ></em> b</p>")
@example("<p><em>a &amp;</em> b</p>")
@example("<p><b>a</b><b>\xa0b</b></p>")
def test_the_writer_notes_every_shape_reshape_looks_for(html: str) -> None:
    writer = simplemd._Writer()
    with suppress(simpleoutput.Beyond):
        writer.convert(html)
        # The writer read the post whole: where ``reshape`` would look further, a
        # shape was noted (else the post is written without ``reshape``).
        if emphasis._needs_work(html):
            assert writer.shaped


@settings(max_examples=2000)
@given(_HTML)
@example("<em> x</em>")
@example("&#<em></em>1114111;")
@example("<p>a <i>b</i> </p>")
def test_written_as_when_every_post_was_reshaped(html: str) -> None:
    assert _outcome(simplemd._reshaped_written, html, False) == _outcome(
        _old_html2text_output, html
    )
    if not privateplane.present(html):  # ``written`` looks first
        assert _outcome(simplemd._reshaped_written, html, True) == _outcome(_old_written, html)
    assert _outcome(simplemd.written, html) == _outcome(_old_written, html)


def _outcome(f: Callable[..., object], *args: object) -> object:
    # ``reshape`` fails on a case variant it reads as a mark ("<ſtrong> "): both ways.
    try:
        return f(*args)
    except KeyError as e:
        return ("KeyError", e.args)


def test_a_shape_s_white_space_is_what_str_isspace_takes() -> None:
    # The writer tests ``str.isspace`` where ``reshape`` tests ``\\s`` (and "\\xa0").
    space = re.compile(r"[\s\xa0]")
    for code in range(sys.maxunicode + 1):
        c = chr(code)
        assert (space.fullmatch(c) is not None) == c.isspace(), hex(code)

"""Comments for static sites: one data file per item, or a section appended to the post.

Each comment becomes ``{id, parent, depth, author, author_url, date, content, type}``
(plus ``author_email`` and ``author_ip`` when the privacy transform left them;
``author_url`` as WordPress linked it, ``shown_url``; a ping from one of the site's
posts, to that post's new address), in thread order: every reply
right after its parent, siblings in WordPress's order (by date, then id: the export's
order is the database's, and real exports list a thread's comments out of it), so a
template only has to loop and indent by ``depth`` (at most ``SHOWN_DEPTH`` levels). A
reply whose parent is not among the item's comments (one on another post, or missing;
the comments transform re-attached those it left out) starts a thread of its own
(depth 0) and keeps its ``parent`` id; so does the oldest comment of a cycle of
parents, its replies under it. Each such move is named (``MOVED_AWAY``,
``MOVED_CYCLE``) for the run report.

``content`` is HTML: the comment as WordPress displayed it (paragraphs added by the
autop transform; WordPress filtered the markup when the comment was posted). It is
not converted to Markdown because templates print data files as they are (no
Markdown step for data in Eleventy or Astro), and because comments outnumber posts
tenfold: converting them would cost more than the posts themselves.

Data files are JSON text for every flavor. For Hugo (``.yaml``) and Jekyll (``.yml``)
that is still YAML (flow style: every JSON document is YAML 1.2, and what is written
here is also YAML 1.1, which Ruby reads), emitted about ten times faster than PyYAML
can with libyaml, and sixty times faster than without.
"""

from __future__ import annotations

import html
import json
import re
from datetime import datetime
from typing import Any
from urllib.parse import unquote

from wxr_tools import htmlrefs
from wxr_tools.model import Comment, Item
from wxr_tools.writers.markdown import uiwords
from wxr_tools.writers.markdown.localtimes import local_iso
from wxr_tools.writers.markdown.verbatim import no_blank_lines, template_escape

DATA_FILE = {
    "hugo": "data/comments/{key}.yaml",
    "jekyll": "_data/comments/{key}.yml",
    "eleventy": "_data/comments/{key}.json",
    "astro": "src/data/comments/{key}.json",
}

# Characters JSON leaves raw that YAML 1.1 reads as line breaks or refuses.
_YAML_UNSAFE = re.compile("[\u007f-\u009f\u2028\u2029\ufeff\ufffe\uffff\ud800-\udfff]")
# The protocols WordPress's esc_url() lets through (wp_allowed_protocols()).
_PROTOCOLS = re.compile(
    r"(?:https?|ftps?|mailto|news|irc[6s]?|gopher|nntp|feed|telnet|mms|rtsp|sms|svn|tel|fax"
    r"|xmpp|webcal|urn):",
    re.IGNORECASE,
)
_SCHEME = re.compile(r"[a-z][a-z0-9+.-]*:", re.IGNORECASE)
# An e-mail address anywhere in a URL: ``mailto:``, ``http://tom@example.org`` (an address
# typed as the website: WordPress put http:// before it), ``xmpp:``, or in a query. An
# ``@`` with no name before it (``/@tom``) or no dotted domain after it (Flickr's
# ``12345678@N00``) is not one.
_ADDRESS = re.compile(r"[^\s/@:?#=&;,]+@[^\s/@:?#=&;,]+\.[^\s/@:?#=&;,]+")
# What ``json.dumps(value, ensure_ascii=False)`` builds on every call, built once.
_JSON = json.JSONEncoder(ensure_ascii=False)


def _c_encoder() -> Any:
    """json's C encoder with ``_JSON``'s options, made once, or None without it.

    ``JSONEncoder.encode`` makes one on every call (and a closure, and a dict of the
    containers seen, against cycles: a record is a dict of text and integers built by
    ``record``, it has none), about a third of a comment's line. Checked here against
    ``_JSON`` on a record with every kind of value a record holds; None if it differs.
    """
    make = getattr(json.encoder, "c_make_encoder", None)
    if make is None:
        return None
    try:
        encoder = make(
            None,  # no check for cycles
            _JSON.default,
            json.encoder.encode_basestring,
            None,  # no indent
            _JSON.key_separator,
            _JSON.item_separator,
            _JSON.sort_keys,
            _JSON.skipkeys,
            _JSON.allow_nan,
        )
        sample = {"id": 1, "parent": None, "author": 'Zoë "Z" \\ \x7f\u2028😀\n', "n": -2}
        if "".join(encoder(sample, 0)) != _JSON.encode(sample):
            return None
    except (TypeError, ValueError):  # another Python's signature
        return None
    return encoder


_ENCODER = _c_encoder()

SHOWN_DEPTH = 4
"""The deepest indent a page shows: WordPress nests replies down to its thread depth
setting (``thread_comments_depth``: five levels by default, the top one and four of
replies) and shows a deeper reply at that last level, after its parent. Threads of a
long-lived blog go deeper (fourteen levels in the corpus): at 2em a level, their text
would be squeezed to nothing on a phone. The data keeps the real ``depth``; the layouts
and the inline comments cap the indent (``Math.min``, ``at_most``...) at this."""

PINGS = frozenset(("pingback", "trackback"))
"""The comment types WordPress's themes show under "Pingback:" (the ``pingback`` word):
WordPress itself (``Walker_Comment::ping``) says it of trackbacks too."""

MOVED_AWAY = "replies shown at the top level (parent not on their post)"
MOVED_CYCLE = "replies shown at the top level (a cycle of parents)"


def _shown_order(comment: Comment) -> tuple[bool, datetime, int]:
    """WordPress's order of comments (``comments_template``): by GMT date, then id; a
    comment without a date first, as its zero date sorted there."""
    when = comment.date_gmt or comment.date
    return (when is not None, when or datetime.min, comment.id or 0)


def thread(comments: tuple[Comment, ...]) -> tuple[list[tuple[Comment, int]], list[str]]:
    """Comments in thread order with their depth, each once: a reply right after its
    parent, siblings in WordPress's order (oldest first). A reply whose parent is not
    among ``comments`` starts a thread of its own; so does, in a cycle of parents (a
    comment its own ancestor), the cycle's oldest comment, its replies under it. With
    them, why each reply shown at the top level is there (``MOVED_AWAY``,
    ``MOVED_CYCLE``: one entry a reply, for the run report)."""
    if not any(c.parent for c in comments):
        # No replies (most posts' comments): each comment is a thread of its own, in
        # WordPress's order; what the walk below gives, without its tables.
        return [(c, 0) for c in sorted(comments, key=_shown_order)], []
    # By position, not id: a repeated id (merged exports) must not hide a comment. Made
    # from the last comment to the first, so that the first of a repeated id stays.
    first = {c.id: n for n, c in reversed(list(enumerate(comments)))}
    # One pass for the parents' positions, the replies moved away and the comments
    # their own parent (a cycle each): each was a pass of its own.
    parent_of: list[int | None] = []
    moved: list[str] = []
    cycles = 0
    for n, c in enumerate(comments):
        p = first.get(c.parent) if c.parent else None
        if p is None:
            if c.parent:
                moved.append(MOVED_AWAY)
        elif p == n:
            cycles += 1
            p = None
        parent_of.append(p)
    keys = [_shown_order(c) for c in comments]  # once a comment, not once a comparison
    order = sorted(range(len(comments)), key=keys.__getitem__)
    if _may_cycle(parent_of):
        cycles += _break_cycles(parent_of, order)
    moved += [MOVED_CYCLE] * cycles
    children: dict[int | None, list[int]] = {}
    for n in order:
        children.setdefault(parent_of[n], []).append(n)
    ordered: list[tuple[Comment, int]] = []
    stack = [(n, 0) for n in reversed(children.get(None, []))]
    while stack:
        n, depth = stack.pop()
        ordered.append((comments[n], depth))
        stack.extend((k, depth + 1) for k in reversed(children.get(n, [])))
    return ordered, moved


def _may_cycle(parent_of: list[int | None]) -> bool:
    """False when no comment's parent is listed after it (the export's usual order: by
    id): each step up then goes to an earlier position, so no chain of parents comes
    back to where it started, and ``_break_cycles`` would find nothing."""
    return not all(p is None or p < n for n, p in enumerate(parent_of))


def _break_cycles(parent_of: list[int | None], order: list[int]) -> int:
    """Make the oldest comment of each cycle of parents top-level (``order``: oldest
    first), so that every comment's ancestors end at a top-level one; how many cycles
    there were."""
    broken = 0
    rank = {n: r for r, n in enumerate(order)}
    state = [0] * len(parent_of)  # 0: not seen, 1: on the path followed, 2: settled
    for start in order:
        path: list[int] = []
        at: int | None = start
        while at is not None and state[at] == 0:
            state[at] = 1
            path.append(at)
            at = parent_of[at]
        if at is not None and state[at] == 1:  # back on this path: a cycle
            cycle = path[path.index(at) :]
            parent_of[min(cycle, key=rank.__getitem__)] = None
            broken += 1
        for n in path:
            state[n] = 2
    return broken


def _author_url(comment: Comment) -> str:
    """The author URL the new site links: a ping from one of the site's posts, that
    post's new address (the links transform's ``new_author_url``)."""
    return comment.new_author_url if comment.new_author_url is not None else comment.author_url


def shown_url(url: str) -> str:
    """The author's link, the one rule of the data files' layouts and of the inline
    comments (both link it when it is not empty): as WordPress showed it (``esc_url``),
    none for a protocol it refuses (``javascript:``), ``http://`` before an address typed
    without a protocol, none for ``http://`` alone; and none for a URL holding an e-mail
    address, whatever ``[privacy] emails`` keeps in the data: WordPress published it as
    a link, the new site does not publish it again."""
    url = url.strip()
    if url in ("", "http://"):
        return ""
    if _SCHEME.match(url) is not None:
        shown = url if _PROTOCOLS.match(url) else ""
    elif url[0] in "/#?":
        shown = url
    else:
        shown = "" if ":" in url else f"http://{url}"
    if shown.lower().startswith("mailto:"):
        return ""
    # An address has an "@": without one, the pattern (whose search of a long URL
    # tries every start) has nothing to find.
    address = unquote(shown)
    if "@" in address and _ADDRESS.search(address):
        return ""
    return shown


_SHOWN_URLS: dict[str, str] = {}
"""Author URL -> ``shown_url``'s answer: a blog's commenters come back (its own address
for its pingbacks, its regulars' sites), and the answer (a strip, two patterns, an
unquote) cost half of a comment's record."""
_SHOWN_URLS_MAX = 4096  # entries; then it starts over (a bound, not a policy)


def _shown_url_of(url: str) -> str:
    """``shown_url(url)``, remembered (``_SHOWN_URLS``): it depends on ``url`` alone."""
    shown = _SHOWN_URLS.get(url)
    if shown is None:
        if len(_SHOWN_URLS) >= _SHOWN_URLS_MAX:
            _SHOWN_URLS.clear()
        shown = _SHOWN_URLS[url] = shown_url(url)
    return shown


def record(comment: Comment, depth: int) -> dict[str, Any]:
    """One comment as data: plain text author (entities decoded once), HTML content."""
    author = comment.author
    data: dict[str, Any] = {
        "id": comment.id,
        "parent": comment.parent,
        "depth": depth,
        # No "&", no reference: most authors, and the calls cost more than the rest.
        "author": htmlrefs.unescape(author) if "&" in author else author,
        "author_url": _shown_url_of(_author_url(comment)),
        "date": local_iso(comment.date, comment.date_gmt),
        "content": comment.content_html if comment.content_html is not None else comment.content,
        "type": comment.type or "comment",
    }
    if comment.author_email:
        data["author_email"] = comment.author_email
    if comment.author_ip:
        data["author_ip"] = comment.author_ip
    return data


def records(item: Item) -> tuple[list[dict[str, Any]], list[str]]:
    """The item's comments as data, in thread order, and the moves ``thread`` made."""
    shown, moved = thread(item.comments)
    return [record(c, depth) for c, depth in shown], moved


def data_file(items: list[dict[str, Any]]) -> bytes:
    """The data file: JSON, one comment a line, readable as YAML too (see the module docstring)."""
    # One comment a line: json's C encoder only runs without ``indent``, and comments
    # are many (the pure-Python indenting encoder cost more than the posts' front matter).
    lines = ",\n".join([_json_line(c) for c in items])
    text = f"[\n{lines}\n]\n" if items else "[]\n"
    try:
        data = text.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate, which YAML refuses too: escaped below
        data = None
    if data is None or _yaml_unsafe_in(text, data):
        # Each escape stands for one character, and the brackets and separators added
        # to the lines hold none: escaping the whole text is escaping each line.
        data = _YAML_UNSAFE.sub(_escaped, text).encode("utf-8")
    return data


def _yaml_unsafe_in(text: str, data: bytes) -> bool:
    """Whether ``text`` (``data`` in UTF-8) holds a character of ``_YAML_UNSAFE``,
    surrogates aside (UTF-8 has none: ``data_file``'s encoding fails on them).

    One search per character of the set, none of them through Unicode's tables: a
    comment's ``str.isprintable`` (what was asked of each line) cost as much as json's
    writing of it, and comments are long and many. ``in`` finds one character with
    ``memchr`` (and at once knows that a text of Latin-1 alone holds none above it);
    the C1 controls, a range, are looked for in ``data``: in UTF-8 each is ``C2``
    then a byte below ``A0``, and ``C2`` starts a character (it never continues one),
    always followed by a byte from ``80`` to ``BF`` (U+0080 to U+00BF).
    """
    if (
        "\x7f" in text
        or "\u2028" in text
        or "\u2029" in text
        or "\ufeff" in text
        or "\ufffe" in text
        or "\uffff" in text
    ):
        return True
    at = data.find(b"\xc2")
    while at >= 0:  # in French text, each "«" and "»" (C2 AB, C2 BB): a few a file
        if data[at + 1] < 0xA0:
            return True
        at = data.find(b"\xc2", at + 2)
    return False


_RECORD_KEYS = ["id", "parent", "depth", "author", "author_url", "date", "content", "type"]
"""The keys of a comment's ``record`` (without the address and IP ``[privacy]`` may keep)."""
_quoted = json.encoder.encode_basestring  # what json writes for a string (ensure_ascii off)


def _json_line(data: dict[str, Any]) -> str:
    """``_JSON.encode(data)``: for a ``record`` (its keys in their order, each value of
    the type ``record`` gives it), written by one f-string with json's own string
    quoting; the encoder went through the keys and their quoting again for every
    comment, and cost half as much again. Anything else is given to the encoder."""
    if list(data) == _RECORD_KEYS:
        id_, parent, depth, author, url, date, content, kind = data.values()
        # ``type() is``: a bool is an int that json writes "true"; a subclass of int or
        # str may write itself otherwise. None is JSON's null.
        if (
            (id_ is None or type(id_) is int)
            and (parent is None or type(parent) is int)
            and type(depth) is int
            and type(author) is str
            and type(url) is str
            and (date is None or type(date) is str)
            and (content is None or type(content) is str)
            and type(kind) is str
        ):
            return (
                f'{{"id": {"null" if id_ is None else id_}, '
                f'"parent": {"null" if parent is None else parent}, "depth": {depth}, '
                f'"author": {_quoted(author)}, "author_url": {_quoted(url)}, '
                f'"date": {"null" if date is None else _quoted(date)}, '
                f'"content": {"null" if content is None else _quoted(content)}, '
                f'"type": {_quoted(kind)}}}'
            )
    if _ENCODER is not None:
        return "".join(_ENCODER(data, 0))
    return _JSON.encode(data)


def _escaped(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group(0)):04x}"


def inline(items: list[dict[str, Any]], flavor: str, lang: str) -> str:
    """The comments as one raw HTML section to append to the post's Markdown, its words
    in the post's language ``lang`` ("3 commentaires"), as the skeleton's layouts say."""
    count = html.escape(uiwords.word(lang, "comments", len(items)))
    anonymous = html.escape(uiwords.word(lang, "anonymous"))
    pingback = html.escape(uiwords.word(lang, "pingback"))
    parts = ['<section class="comments" id="comments">', f"<h2>{count}</h2>"]
    for c in items:
        author = html.escape(c["author"]) or anonymous
        if c["author_url"]:  # ``shown_url``'s: what the data files' layouts link
            author = f'<a href="{html.escape(c["author_url"])}" rel="nofollow ugc">{author}</a>'
        when = ""
        if c["date"]:
            when = (
                f' · <time datetime="{html.escape(c["date"])}">{html.escape(c["date"][:10])}</time>'
            )
        depth = min(c["depth"], SHOWN_DEPTH)  # the level it shows at, as WordPress's class
        parts.append(
            f'<article class="comment comment-{html.escape(c["type"])} depth-{depth}" '
            f'id="comment-{c["id"]}" style="margin-left: {2 * depth}em">'
        )
        label = f"{pingback} " if c["type"] in PINGS else ""
        parts.append(f'<p class="comment-meta">{label}{author}{when}</p>')
        content = (c["content"] or "").replace("\r\n", "\n").strip()
        if content:
            # A blank line would end the HTML block and turn the rest into Markdown.
            parts.append(no_blank_lines(content))
        parts.append("</article>")
    parts.append("</section>")
    return template_escape("\n".join(parts), flavor) + "\n"

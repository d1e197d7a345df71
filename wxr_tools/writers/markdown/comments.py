"""Comments for static sites: one data file per item, or a section appended to the post.

Each comment becomes ``{id, parent, depth, author, author_url, date, content, type}``
(plus ``author_email`` and ``author_ip`` when the privacy transform left them), in
thread order: every reply right after its parent, siblings in export order, so a
template only has to loop and indent by ``depth``. A reply whose parent is not among
the kept comments (spam, pending, or missing) starts a thread of its own (depth 0)
and keeps its ``parent`` id.

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
from typing import Any

from wxr_tools.model import Comment, Item
from wxr_tools.writers.markdown import uiwords
from wxr_tools.writers.markdown.frontmatter import iso, local_time
from wxr_tools.writers.markdown.verbatim import no_blank_lines, template_escape

DATA_FILE = {
    "hugo": "data/comments/{key}.yaml",
    "jekyll": "_data/comments/{key}.yml",
    "eleventy": "_data/comments/{key}.json",
    "astro": "src/data/comments/{key}.json",
}

# Characters JSON leaves raw that YAML 1.1 reads as line breaks or refuses.
_YAML_UNSAFE = re.compile("[\u007f-\u009f\u2028\u2029\ufeff\ufffe\uffff\ud800-\udfff]")
_SAFE_URL = re.compile(r"(?:https?:)?//|mailto:", re.IGNORECASE)
# What ``json.dumps(value, ensure_ascii=False)`` builds on every call, built once.
_JSON = json.JSONEncoder(ensure_ascii=False)


def thread(comments: tuple[Comment, ...]) -> list[tuple[Comment, int]]:
    """Comments in thread order with their depth; orphans start threads of their own."""
    ids = {c.id for c in comments if c.id is not None}
    children: dict[int, list[Comment]] = {}
    roots: list[Comment] = []
    for c in comments:
        if c.parent and c.parent in ids and c.parent != c.id:
            children.setdefault(c.parent, []).append(c)
        else:
            roots.append(c)
    ordered: list[tuple[Comment, int]] = []
    seen: set[int] = set()
    stack: list[tuple[Comment, int]] = [(c, 0) for c in reversed(roots)]
    while stack:
        c, depth = stack.pop()
        if c.id is not None:
            if c.id in seen:  # a cycle of parents: each comment is written once
                continue
            seen.add(c.id)
        ordered.append((c, depth))
        stack.extend((r, depth + 1) for r in reversed(children.get(c.id or 0, [])))
    # Comments caught in a parent cycle never reach a root: write them at the top level.
    ordered.extend((c, 0) for c in comments if c.id is not None and c.id not in seen)
    return ordered


def record(comment: Comment, depth: int) -> dict[str, Any]:
    """One comment as data: plain text author (entities decoded once), HTML content."""
    date = local_time(comment.date, comment.date_gmt)
    data: dict[str, Any] = {
        "id": comment.id,
        "parent": comment.parent,
        "depth": depth,
        "author": html.unescape(comment.author),
        "author_url": comment.author_url,
        "date": iso(date) if date is not None else None,
        "content": comment.content_html if comment.content_html is not None else comment.content,
        "type": comment.type or "comment",
    }
    if comment.author_email:
        data["author_email"] = comment.author_email
    if comment.author_ip:
        data["author_ip"] = comment.author_ip
    return data


def records(item: Item) -> list[dict[str, Any]]:
    return [record(c, depth) for c, depth in thread(item.comments)]


def data_file(items: list[dict[str, Any]]) -> bytes:
    """The data file: JSON, one comment a line, readable as YAML too (see the module docstring)."""
    # One comment a line: json's C encoder only runs without ``indent``, and comments
    # are many (the pure-Python indenting encoder cost more than the posts' front matter).
    lines = ",\n".join(_JSON.encode(c) for c in items)
    text = f"[\n{lines}\n]" if items else "[]"
    text = _YAML_UNSAFE.sub(lambda m: f"\\u{ord(m.group(0)):04x}", text)
    return (text + "\n").encode("utf-8")


def inline(items: list[dict[str, Any]], flavor: str, lang: str) -> str:
    """The comments as one raw HTML section to append to the post's Markdown, its words
    in the post's language ``lang`` ("3 commentaires"), as the skeleton's layouts say."""
    count = html.escape(uiwords.word(lang, "comments", len(items)))
    anonymous = html.escape(uiwords.word(lang, "anonymous"))
    parts = ['<section class="comments" id="comments">', f"<h2>{count}</h2>"]
    for c in items:
        author = html.escape(c["author"]) or anonymous
        url = c["author_url"] or ""
        if _SAFE_URL.match(url):
            author = f'<a href="{html.escape(url)}" rel="nofollow ugc">{author}</a>'
        when = ""
        if c["date"]:
            when = (
                f' · <time datetime="{html.escape(c["date"])}">{html.escape(c["date"][:10])}</time>'
            )
        parts.append(
            f'<article class="comment comment-{html.escape(c["type"])} depth-{c["depth"]}" '
            f'id="comment-{c["id"]}" style="margin-left: {2 * c["depth"]}em">'
        )
        parts.append(f'<p class="comment-meta">{author}{when}</p>')
        content = (c["content"] or "").replace("\r\n", "\n").strip()
        if content:
            # A blank line would end the HTML block and turn the rest into Markdown.
            parts.append(no_blank_lines(content))
        parts.append("</article>")
    parts.append("</section>")
    return template_escape("\n".join(parts), flavor) + "\n"

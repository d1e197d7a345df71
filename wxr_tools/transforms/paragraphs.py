"""Paragraphs (autop): WordPress's wpautop on classic content, excerpts and comments.

WordPress stores classic posts and comments as typed, without ``<p>`` tags, and adds
them at display time (for comments, after making the addresses typed in them links:
``clickable``). Block-editor content (``<!-- wp:`` markers) already holds its markup
and is left as is. The results go to ``content_html``, ``excerpt_html`` and
each comment's ``content_html``; the raw fields stay untouched.
"""

from __future__ import annotations

from wxr_tools.model import Item, evolve
from wxr_tools.transforms import Context, html_of
from wxr_tools.transforms.autop import autop, has_blocks
from wxr_tools.transforms.clickable import clickable


def _format(text: str) -> str:
    return text if has_blocks(text) else autop(text)


def transform(item: Item, ctx: Context) -> Item | None:
    excerpt = item.excerpt_html if item.excerpt_html is not None else item.excerpt
    comments = tuple(
        [
            evolve(c, content_html=autop(clickable(c.content_html or c.content)))
            for c in item.comments
        ]
    )
    return evolve(
        item,
        content_html=_format(html_of(item)),
        excerpt_html=_format(excerpt) if excerpt.strip() else None,
        comments=comments,
    )

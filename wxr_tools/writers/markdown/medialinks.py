"""An item's links to its media files on the new site: a pure rewrite, run where ``render`` runs.

The links transform has already pointed every reference to an uploaded file at
``[links] media_path`` (``/media/2010/03/photo.jpg``). When the writer also places the
files (``--media-from``, ``--download``; see ``media``), some of them end up elsewhere:
in a Hugo page bundle, under the name of an identical file stored once, or nowhere (a
failed download keeps the old site's URL). ``MediaLinks`` carries, for one item, each
such link URL and the URL to write instead, and ``apply`` rewrites the item's HTML
before it becomes Markdown.

Two URLs per file, because a file in the item's own page bundle is best linked by its
bare name in the body (Hugo resolves it beside ``index.md``, and it survives a change
of ``baseURL``), but text that is shown on other pages (the summary on list pages and
in feeds, other-language summaries, comments, ``images``) needs a site-absolute URL.

Only attribute values are rewritten (``href``, ``src``, ``srcset``, ``poster`` and the
lazy-loading ``data-src``/``data-srcset``), never text or HTML comments, and only exact
matches of a link URL, so ``/media/a.jpg`` never changes inside ``/media/a.jpg.webp``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from wxr_tools import attrvalue
from wxr_tools.model import Item, evolve
from wxr_tools.transforms import html_of

_TAG = re.compile(r"<!--.*?-->|<[a-zA-Z][^>]*>", re.DOTALL)
# Every attribute in turn (so that `title='src="x"'` is one attribute, not a src).
_ATTR = re.compile(r"""(\s+([^\s"'>/=]+)\s*=\s*)(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""")
_URL_ATTRS = frozenset(("href", "src", "srcset", "poster", "data-src", "data-srcset"))

Pairs = tuple[tuple[str, str], ...]


@dataclass(frozen=True, slots=True)
class MediaLinks:
    """What one item's media links become (tuples, not dicts: placements are hashable)."""

    body: Pairs = ()
    """Link URL → URL written in the item's body (a bare name for its own bundle's files)."""
    elsewhere: Pairs = ()
    """Link URL → site-absolute URL, for summaries, comments and front matter."""
    featured: str | None = None
    """The featured image's URL (``_thumbnail_id``), site-absolute."""

    def apply(self, item: Item) -> Item:
        """``item`` with its HTML (content, excerpt, summaries, comments) rewritten."""
        body, elsewhere = dict(self.body), dict(self.elsewhere)
        changes: dict[str, Any] = {}
        content = html_of(item)
        if body and (new := rewrite(content, body)) != content:
            changes["content_html"] = new
        if elsewhere:
            for name in ("excerpt_html", "summary_html"):
                text = getattr(item, name)
                if text and (new := rewrite(text, elsewhere)) != text:
                    changes[name] = new
            if item.summaries:
                summaries = {k: rewrite(v, elsewhere) for k, v in item.summaries.items()}
                if summaries != item.summaries:
                    changes["summaries"] = summaries
            comments = []
            for c in item.comments:
                text = c.content_html if c.content_html is not None else c.content
                new = rewrite(text, elsewhere)
                comments.append(evolve(c, content_html=new) if new != text else c)
            if any(a is not b for a, b in zip(comments, item.comments, strict=True)):
                changes["comments"] = tuple(comments)
        return evolve(item, **changes) if changes else item


def featured_image(url: str, flavor: str) -> dict[str, Any]:
    """The front matter key of the featured image, per flavor.

    Hugo: ``images``, a list, which its own Open Graph, Twitter card and schema.org
    templates read (and most themes after them). Elsewhere: ``image``, the key of
    jekyll-seo-tag and of most Jekyll, Eleventy and Astro starters.
    """
    return {"images": [url]} if flavor == "hugo" else {"image": url}


def rewrite(text: str, urls: dict[str, str]) -> str:
    """``text`` (HTML) with every attribute URL found in ``urls`` replaced."""
    if not urls or ("src" not in text and "href" not in text and "poster" not in text):
        return text

    def attr(m: re.Match[str]) -> str:
        if m.group(2).lower() not in _URL_ATTRS:
            return m.group(0)
        value = next(g for g in m.groups()[2:] if g is not None)
        srcset = "srcset" in m.group(2).lower()
        new = _srcset(value, urls) if srcset else _one(value, urls)
        if new == value:
            return m.group(0)
        quote = "'" if m.group(4) is not None else '"'
        return f"{m.group(1)}{quote}{new}{quote}"

    def tag(m: re.Match[str]) -> str:
        found = m.group(0)
        return found if found.startswith("<!--") else _ATTR.sub(attr, found)

    return _TAG.sub(tag, text)


def _one(value: str, urls: dict[str, str]) -> str:
    """One attribute value (HTML-escaped in, escaped out), replaced when it is a known URL."""
    new = urls.get(attrvalue.decode(value).strip())
    if new is None:
        return value
    return new.replace("&", "&amp;").replace('"', "&quot;").replace("'", "&#39;")


def _srcset(value: str, urls: dict[str, str]) -> str:
    """A ``srcset``: each candidate's URL replaced; the value untouched when none is."""
    parts = []
    for part in value.split(","):
        url, _, size = part.strip().partition(" ")
        parts.append((url, _one(url, urls), size.strip()))
    if all(url == new for url, new, _ in parts):
        return value
    return ", ".join(f"{new} {size}".strip() for _, new, size in parts)

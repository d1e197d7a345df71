"""One item as one Markdown document: a pure function of (item, placement, settings).

Nothing here reads or writes files, touches the report, or keeps state between calls,
so ``render`` can run in worker processes: everything it needs is in its arguments
(all picklable), everything it produces is in its result (bytes ready to write).
"""

from __future__ import annotations

import tomllib
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from typing import Any

import yaml

from wxr_tools.archives import base_of, page_key
from wxr_tools.model import Item
from wxr_tools.transforms import html_of
from wxr_tools.writers.markdown import comments as comment_data
from wxr_tools.writers.markdown.frontmatter import parse as parse_fm
from wxr_tools.writers.markdown.frontmatter import render as render_fm
from wxr_tools.writers.markdown.html import templated, to_markdown
from wxr_tools.writers.markdown.localtimes import jekyll_date, local_time
from wxr_tools.writers.markdown.medialinks import featured_image
from wxr_tools.writers.markdown.paths import Placement, old_paths
from wxr_tools.writers.markdown.termpages import hugo_name
from wxr_tools.writers.markdown.urlforms import readable

# Taxonomies with a front matter key of their own; every other one is kept under
# ``wordpress.terms`` so that nothing is lost.
_FIRST_TAXONOMIES = ("category", "post_tag")
"""Their keys (``categories``, ``tags``) come first, then other taxonomies' in order."""

# Generators that read ``date`` as an instant and show it in UTC (Eleventy, Astro) or
# in the build machine's zone (Jekyll): the author's offset is lost, and a post written
# at 00:30 in UTC+2 would show the day before. Their layouts show ``local_date``, the
# day the author's site showed; ``date`` stays exact for sorting.
_OFFSET_LOST = frozenset(("jekyll", "eleventy", "astro"))


@dataclass(frozen=True, slots=True)
class Settings:
    """What rendering needs besides the item: the options and the author names."""

    flavor: str = "hugo"
    front_matter: str = "yaml"
    comments: str = "data"
    default_lang: str = "en"
    authors: dict[str, str] = field(default_factory=dict)
    """Login → display name."""


# Not ``frozen`` (as ``Placement``): a frozen dataclass sets each field through
# ``object.__setattr__``, and an item's is made twice (in a worker, and unpickled in
# the writing process). Never changed once made; ``unsafe_hash`` keeps the frozen hash.
@dataclass(slots=True, unsafe_hash=True)
class Rendered:
    """The bytes to write for one item (never changed once made)."""

    document: bytes
    comments: bytes | None
    """The comments data file, when the item has comments and they go to data files."""
    comments_written: int
    comments_moved: tuple[str, ...] = ()
    """Why each reply shown at the top level is there (``comments.thread``): the run
    report counts them, as the comments transform counts the replies it re-attached."""


def render(item: Item, placement: Placement, settings: Settings) -> Rendered:
    flavor = settings.flavor
    if placement.media is not None:
        item = placement.media.apply(item)  # links to where the writer put the files
    body = to_markdown(html_of(item), flavor)
    data_file: bytes | None = None
    written = 0
    moved: list[str] = []
    if item.comments and settings.comments != "none":
        records, moved = comment_data.records(item)
        written = len(records)
        if settings.comments == "inline":
            body = (body + "\n" if body else "") + comment_data.inline(
                records, flavor, item.lang or settings.default_lang
            )
        else:
            data_file = comment_data.data_file(records)
    fm = front_matter(item, placement, settings, templated(body, flavor))
    head = render_fm(fm, settings.front_matter)
    document = f"{head}\n{body}" if body else head  # the body copied once, not twice
    return Rendered(document.encode("utf-8"), data_file, written, tuple(moved))


def drop_aliases(document: bytes, aliases: Collection[str], settings: Settings) -> bytes | None:
    """``document`` (written by ``render``) without ``aliases`` in its front matter.

    The result is what ``render`` writes when its placement hides those aliases: the
    front matter is read and written again by the same emitter (it round-trips), the
    body is kept as it is. None if the front matter is not one ``render`` wrote.
    """
    text = document.decode("utf-8")
    try:
        fm = parse_fm(text)
    except (ValueError, yaml.YAMLError, tomllib.TOMLDecodeError):
        return None
    head = render_fm(fm, settings.front_matter)
    if not text.startswith(head):
        return None
    key = "redirect_from" if settings.flavor == "jekyll" else "aliases"
    kept = [alias for alias in fm.get(key, ()) if alias not in aliases]
    if kept:
        fm[key] = kept
    else:
        fm.pop(key, None)
    return (render_fm(fm, settings.front_matter) + text[len(head) :]).encode("utf-8")


def _summary(item: Item, flavor: str) -> str | None:
    for source in (item.excerpt_html, item.excerpt, item.summary_html):
        if source and not source.isspace():  # ``source.strip()`` without its copy
            text = to_markdown(source, flavor).strip()
            if text:
                return text
    return None


def front_matter(
    item: Item, placement: Placement, settings: Settings, body_templated: bool
) -> dict[str, Any]:
    """The front matter as data, keys in a stable order (see the README's key table)."""
    flavor = settings.flavor
    draft = item.state == "draft"
    fm: dict[str, Any] = {"title": item.title}
    date = local_time(item.date, item.date_gmt)
    if date is not None:
        fm["date"] = jekyll_date(date) if flavor == "jekyll" else date
        if flavor in _OFFSET_LOST:
            fm["local_date"] = date.date().isoformat()
    modified = local_time(item.modified, item.modified_gmt)
    if modified is not None:
        fm["lastmod"] = jekyll_date(modified) if flavor == "jekyll" else modified
    fm["draft"] = draft
    fm["slug"] = placement.slug
    if flavor == "astro":
        # The glob loader's entry id: unique within the collection (language folders).
        prefix = f"src/content/{placement.section}/"
        fm["slug"] = placement.path.removeprefix(prefix).removesuffix(".md")
    if item.lang:
        fm["lang"] = item.lang
    if item.translation_group:
        fm["translationKey"] = item.translation_group
    if item.translations:  # those on the other languages' sites (--lang, lang_base_urls)
        fm["translations"] = item.translations
    terms: dict[str, list[str]] = {}
    for term in item.terms:
        name = term.name or term.slug
        # Hugo makes the term's path of its name: one that would climb out stops it.
        terms.setdefault(term.taxonomy, []).append(hugo_name(name) if flavor == "hugo" else name)
    for taxonomy in _FIRST_TAXONOMIES:
        if taxonomy in terms:
            fm[page_key(taxonomy)] = terms.pop(taxonomy)
    for taxonomy in [t for t in terms if base_of(t) is not None]:
        # A taxonomy with archives (post formats, a theme's "series"): a key of its
        # own, as categories and tags, that the generators and layouts list by.
        fm[page_key(taxonomy)] = terms.pop(taxonomy)
    fm["summary"] = _summary(item, flavor)
    if item.summaries:
        fm["summaries"] = {
            lang: to_markdown(text, flavor).strip() for lang, text in item.summaries.items()
        }
    if placement.media is not None and placement.media.featured:
        fm.update(featured_image(placement.media.featured, flavor))
    elif item.featured_image:  # the file is not placed: where the links send its file
        fm.update(featured_image(item.featured_image, flavor))
    fm["original_url"] = item.original_url
    fm["original_publication"] = item.original_publication
    left_out = placement.hidden_aliases + placement.shared_aliases
    old: Sequence[str] | None = placement.old
    if old is None:  # not placed by ``Paths.allocate`` nor ``with_old``
        old = old_paths(item, placement.url, flavor == "jekyll")
    aliases = [path for path in old if path not in left_out]
    if aliases:
        fm["redirect_from" if flavor == "jekyll" else "aliases"] = aliases
    if flavor == "hugo":
        if placement.explicit_url:
            fm["url"] = readable(placement.url)
    elif flavor == "eleventy" and draft:
        fm["permalink"] = False  # Eleventy has no drafts: not written, not listed
    else:
        fm["permalink"] = readable(placement.url)
    if item.author:
        fm["author"] = settings.authors.get(item.author) or item.author
    if flavor != "hugo":  # Hugo has none of these switches
        fm.update(_flavor_switches(item, flavor, draft, body_templated))
    wordpress: dict[str, Any] = {
        "id": item.id,
        "type": item.type,
        "status": item.status,
        "link": item.link,
        "guid": item.guid,
    }
    if terms:
        wordpress["terms"] = terms
    if item.sticky:  # first on WordPress's home page: for a layout that wants it
        wordpress["sticky"] = True
    if item.comments and placement.comments_key != str(item.id):
        wordpress["comments"] = placement.comments_key
    fm["wordpress"] = wordpress
    return fm


def _flavor_switches(item: Item, flavor: str, draft: bool, body_templated: bool) -> dict[str, Any]:
    switches: dict[str, Any] = {}
    if flavor == "jekyll":
        if draft and item.type != "post":  # posts use _drafts/; the rest need this
            switches["published"] = False
        if body_templated:
            switches["render_with_liquid"] = False
    elif flavor == "eleventy":
        if draft:
            switches["eleventyExcludeFromCollections"] = True
        if body_templated:
            switches["templateEngineOverride"] = "md"
    return switches

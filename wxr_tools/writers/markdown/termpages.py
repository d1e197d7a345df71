"""A page for each term (category, tag, post format, a theme's series...) that a
published item carries, at its new URL, with its old archive addresses as aliases (and
in the redirect maps, with its feed's).

WordPress listed a term's posts at ``/category/x/`` and the like (``wxr_tools.archives``);
the links transform sends links there to ``[links.archive_pattern]``, and this module
makes sure a page answers there. Each flavor gets it its own way:

* Hugo builds term pages itself, one per language, in the folder named after the term
  as Hugo turns a name into a path (``hugo_key``: "Médias sociaux" is
  ``médias-sociaux``). A ``_index.<lang>.md`` there gives the page the term's name as
  title, its URL and the aliases. One language's page takes the pattern's URL (the
  site's language when the term has posts in it, else the language most of them are
  in); the others have the same URL behind ``/<lang>``, where Hugo puts them.
* Jekyll, Eleventy and Astro build none: one page per term lists the posts of every
  language, as WordPress did, through the skeleton's term layout. Jekyll also gets a
  file per term for its feed (``feedtemplates``) and a table of the term pages by name
  (``_data/terms.json``), through which a post links its terms.

The term's description, which WordPress themes showed above the list (with paragraphs:
``term_description`` runs wpautop), is the page's text. A category's page lists the
posts of its subcategories too, as WordPress's did (``also`` in its front matter: their
names, Hugo's keys for them in Hugo), so a parent with no post of its own has a page.

Pages are written once every item is placed (a term's languages are known then), and
never where an item's page is: that URL keeps its page, and the term is counted.
"""

from __future__ import annotations

import json
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote

from wxr_tools.archives import (
    Archive,
    Archives,
    Front,
    LanguageFolders,
    base_of,
    new_url,
    old_paths,
    page_key,
    term_key,
    term_pattern,
)
from wxr_tools.config import Config
from wxr_tools.diagnostics import SLUG, TAXONOMY, Diagnostic, cut, shown
from wxr_tools.model import Item, Site, Term, TermRef
from wxr_tools.report import RunReport
from wxr_tools.transforms.autop import autop
from wxr_tools.transforms.unclosedcomments import SHOWN
from wxr_tools.unclosedcomments import escaped
from wxr_tools.urlparts import home_of, split_address, split_url
from wxr_tools.writers.files import is_unsafe
from wxr_tools.writers.markdown.aliases import Aliases
from wxr_tools.writers.markdown.feeds import redirect_archive
from wxr_tools.writers.markdown.frontmatter import render as render_fm
from wxr_tools.writers.markdown.html import templated, to_markdown
from wxr_tools.writers.markdown.output import Output
from wxr_tools.writers.markdown.paths import make_slug
from wxr_tools.writers.markdown.urlforms import jekyll_url, readable
from wxr_tools.writers.redirects import RedirectMap, site_path

TERM_TABLE = "_data/terms.json"
"""Jekyll's table of the term pages: {taxonomy key: {term name: URL}}."""
LABELS = {"category": "category", "post_tag": "tag", "post_format": "format"}
"""What the run report calls each taxonomy's pages (another's: by its name)."""
_ROOT = {"jekyll": "_pages", "eleventy": "content", "astro": "src/content"}
_LAYOUT = {"jekyll": "term", "eleventy": "term.njk"}
_NOT_TEMPLATED: dict[str, dict[str, Any]] = {
    "jekyll": {"render_with_liquid": False},
    "eleventy": {"templateEngineOverride": "md"},
}
_HUGO_KEPT = frozenset("./\\_-#+~")
_HEX = frozenset("0123456789abcdefABCDEF")


def hugo_key(name: str) -> str:
    """The path Hugo gives the term ``name``: letters, digits, marks and ``./\\_-#+~``
    kept (``%`` before two hex digits too), each run of spaces between them one
    hyphen, everything else dropped; in lower case. Checked against Hugo's build."""
    out: list[str] = []
    hyphen = False
    for n, ch in enumerate(name):
        kept = (
            ch in _HUGO_KEPT
            or ch.isalpha()
            or unicodedata.category(ch) in ("Nd", "Mn", "Mc", "Me")
            or (ch == "%" and len(name) > n + 2 and name[n + 1] in _HEX and name[n + 2] in _HEX)
        )
        if kept:
            if hyphen:
                out.append("-")
                hyphen = False
            out.append(ch)
        elif out and ch.isspace():
            hyphen = True
    return "".join(out).lower()


def hugo_name(name: str) -> str:
    """The name a Hugo site's front matter gives the term ``name``: itself, unless Hugo's
    path for it (``hugo_key``) has a ``.`` or ``..`` segment (``..``, ``a/..``,
    ``../posts``): Hugo's build stops on one that climbs out of the taxonomy ("missing
    taxonomy") and reads the others as the taxonomy's own page. Then that path with
    those segments' dots made hyphens (``--``), a folder Hugo keeps; the term's page,
    which Hugo reads there, gives the name as typed as its title."""
    if "." not in name:
        # ``hugo_key`` keeps only characters of the name (and adds hyphens): with no dot
        # it has no dot segment. Most names; this runs for each term of each page.
        return name
    parts = hugo_key(name).split("/")
    if not any(part in (".", "..") for part in parts):
        return name
    return "/".join("-" * len(part) if part in (".", "..") else part for part in parts)


@dataclass(slots=True)
class _Seen:
    slug: str
    name: str
    langs: Counter[str | None] = field(default_factory=Counter)
    also: list[str] = field(default_factory=list)
    """The names of its subcategories that published items carry (their posts are
    listed on its page too)."""


_NO_PAGE = _Seen("", "")
"""What a term with no page is seen as (``TermPages._first_seen``): never counted in."""


@dataclass(slots=True)
class _Plan:
    """One term's pages, before they are written."""

    archive: Archive
    seen: _Seen
    pages: list[tuple[str, str]]
    """(file, URL), the page at the pattern's URL first."""
    old: list[str]
    """Its old addresses (and those of terms merged with it), for aliases and maps."""
    body: str
    link: str


class TermPages:
    """The categories and tags of the published items placed, and their pages."""

    def __init__(self, flavor: str, default_lang: str, site: Site, terms: list[Term]) -> None:
        self.flavor = flavor
        self.default_lang = default_lang
        self._terms = terms
        self.home = home_of(site)
        self._front = Front(split_url(self.home).path or "/")
        self.folders = LanguageFolders(split_url(self.home).path or "/")
        """The languages' folders (Polylang's ``/fr/``): their archives were there too."""
        self._seen: dict[tuple[str, str], _Seen] = {}
        self._by_slug: dict[tuple[str, str], _Seen] = {}
        """(taxonomy, slug) of the terms ``see`` met → their ``_Seen`` (``_NO_PAGE``: none)."""
        self.paged: set[str] = set()
        """The front matter keys of the taxonomies ``write`` gave pages (``page_key``)."""
        self.by_id: dict[tuple[str, int], tuple[str, str]] = {}
        """(taxonomy, term id) → (URL, name) of the page ``write`` gave the term (or
        the term Hugo merges it with): where a menu's entry for the term goes."""

    def see(self, item: Item, lang: str | None) -> None:
        """A placed item (``lang``: its language in paths): its terms, if published."""
        if item.state != "published":
            return
        if item.link:
            parts = split_address(item.link)
            if item.type == "post":
                self._front.see(parts.path, parts.query)
            self.folders.see(parts.path, lang)
        by_slug = self._by_slug
        for term in item.terms:
            # The same terms come back on item after item: what a (taxonomy, slug) is
            # seen as (its ``_Seen``, or none) is known after its first time.
            seen = by_slug.get((term.taxonomy, term.slug))
            if seen is None:
                seen = self._first_seen(term)
            if seen is not _NO_PAGE:
                seen.langs[lang] += 1

    def _first_seen(self, term: TermRef) -> _Seen:
        """What ``see`` counts ``term`` in (``_NO_PAGE``: nothing, it has no page), for
        its taxonomy and slug: kept, so that the next item that carries it is one look-up.

        The key and the page follow from the taxonomy and the slug alone (``term_key``,
        ``base_of``); two slugs of one key (``Foo``, ``foo``) share the ``_Seen`` of
        the first, as before."""
        key = term_key(term.taxonomy, term.slug)
        seen = _NO_PAGE
        if key and base_of(term.taxonomy) is not None:
            found = self._seen.get((term.taxonomy, key))
            if found is None:
                # The name the items' front matter gives the term (``document``).
                found = _Seen(term.slug, term.name or term.slug)
                self._seen[term.taxonomy, key] = found
            seen = found
        self._by_slug[term.taxonomy, term.slug] = seen
        return seen

    @property
    def front(self) -> str:
        """The permalink structure's static start (``archives/``), from the posts seen."""
        return self._front.value

    @property
    def structure(self) -> Front:
        """The permalink structure learned from the posts seen (its start, and whether
        it was WordPress's plain ``/?p=12``)."""
        return self._front

    def sections(self) -> set[str]:
        """The folders the pages go in (Astro's content collections)."""
        return {page_key(taxonomy) for taxonomy, _ in self._seen}

    def write(
        self,
        output: Output,
        aliases: Aliases,
        redirects: RedirectMap | None,
        config: Config,
        front_matter: str,
        report: RunReport,
        fresh: bool = False,
    ) -> None:
        """Write every term's page (or pages, in Hugo); count what could not be."""
        urls: dict[str, dict[str, str]] = {}
        per_page = int(config.section("links")["posts_per_page"])
        for plan in self._plan(config, aliases, report):
            main_path, main_url = plan.pages[0]
            by_name = urls.setdefault(page_key(plan.archive.taxonomy), {})
            by_name.setdefault(plan.seen.name, readable(main_url))
            kept = aliases.place_archive(main_url, main_path, plan.old)
            if redirects is not None:
                redirects.add(plan.old, main_url, None)
                posts, plain = plan.seen.langs.total(), self._front.plain
                redirect_archive(redirects, plan.old, main_url, self.flavor, posts, per_page, plain)
            for n, (path, page_url) in enumerate(plan.pages):
                if n:
                    aliases.place(None, None, True, page_url, path, [])
                    if redirects is not None:
                        redirects.add((), page_url, None)
                fm = self._front_matter(plan, page_url, kept if n == 0 else [])
                if templated(plan.body, self.flavor):  # shown as written, never run
                    fm.update(_NOT_TEMPLATED[self.flavor])
                body = "\n" + plan.body if plan.body else ""
                output.write(path, (render_fm(fm, front_matter) + body).encode("utf-8"), fresh)
                if self.flavor == "jekyll" and page_url.endswith("/"):
                    self._write_feed(output, plan, path, page_url, front_matter, fresh)
            report.counts[f"{_label(plan.archive.taxonomy)} pages written"] += 1
            if plan.archive.id is not None:
                self.by_id[plan.archive.taxonomy, plan.archive.id] = (main_url, plan.seen.name)
            self.paged.add(page_key(plan.archive.taxonomy))
        if self.flavor == "jekyll" and urls:
            # Liquid cannot find a page by its front matter cheaply: the post layout
            # links each of a post's terms to its page through this table.
            table = json.dumps(urls, ensure_ascii=False, indent=1, sort_keys=True)
            output.write(TERM_TABLE, (table + "\n").encode("utf-8"), fresh)

    def _write_feed(
        self, output: Output, plan: _Plan, path: str, url: str, front_matter: str, fresh: bool
    ) -> None:
        """Jekyll's file for the term's feed (the skeleton's ``term-feed`` layout makes
        it), beside its page: Jekyll makes no page per term by itself."""
        fm: dict[str, Any] = {
            "layout": "term-feed",
            "title": plan.seen.name,
            "permalink": readable(url) + "feed.xml",
            "page_url": readable(url),
            "taxonomy": page_key(plan.archive.taxonomy),
            "term": plan.seen.name,
        }
        if plan.seen.also:
            fm["also"] = plan.seen.also
        feed = path.removesuffix(".md") + ".feed.xml"
        output.write(feed, render_fm(fm, front_matter).encode("utf-8"), fresh)

    def _plan(self, config: Config, aliases: Aliases, report: RunReport) -> list[_Plan]:
        """Each term's page(s), old addresses and text; what cannot be had, counted."""
        links = config.section("links")
        patterns: dict[str, str] = links["archive_pattern"]
        base_url = str(links["base_url"]).rstrip("/")
        archives = Archives(self._terms, links["archive_base"])
        descriptions = {
            (t.taxonomy, term_key(t.taxonomy, t.slug)): t.description
            for t in self._terms
            if t.description.strip()
        }
        front = self._front.value
        home = split_url(self.home).path or "/"
        plans: list[_Plan] = []
        owners: dict[str, _Plan] = {}
        for (taxonomy, _), seen in self._with_parents(archives).items():
            pattern = term_pattern(patterns, taxonomy)
            archives.add(taxonomy, seen.slug, seen.name)
            archive = archives.get(taxonomy, seen.slug)
            if not pattern or archive is None:
                continue
            url = site_path(new_url(pattern, archive, base_url))
            what = _label(taxonomy)
            named = f"{what} {shown(seen.name, SLUG)}"
            if aliases.is_page(unquote(url)):
                why = f"{named}: {unquote(url)} is an item's page: the {what} has none"
                report.add(Diagnostic(code="WXR416", message=why))
                continue
            pages = self._pages(archive, seen, url, set(owners))
            if not pages:
                why = (
                    f"{named}: Hugo would read its page from content/{page_key(taxonomy)}/"
                    f"{cut(hugo_key(hugo_name(seen.name)), SLUG)}/, no safe or visible folder: "
                    f"Hugo makes the page, not at {unquote(url)}"
                )
                report.add(Diagnostic(code="WXR416", message=why))
                continue
            langs = sorted(seen.langs, key=lambda lang: (-seen.langs[lang], lang or ""))
            own = old_paths(archive, home, front, archives.base(taxonomy))
            old = self.folders.old_paths(own, langs)
            owner = next((owners[path] for path, _ in pages if path in owners), None)
            if owner is not None:
                # Hugo makes one term of two names that give one path ("Sport" twice, in
                # two parents): its page shows the posts of both, and the second's
                # addresses, its new one too, send there.
                owner.old += [url, *old]
                if archive.id is not None:
                    self.by_id[taxonomy, archive.id] = (owner.pages[0][1], owner.seen.name)
                why = (
                    f"{named}: Hugo makes one term of it and {owner.seen.name!r}: its "
                    f"addresses redirect to {unquote(owner.pages[0][1])}"
                )
                report.add(Diagnostic(code="WXR416", message=why))
                continue
            text = descriptions.get((taxonomy, archive.slug), "")
            body = to_markdown(autop(_shown(text, named, report)), self.flavor) if text else ""
            link = _origin(self.home) + old[0]
            plan = _Plan(archive, seen, pages, old, body, link)
            plans.append(plan)
            owners.update((path, plan) for path, _ in pages)
        return plans

    def _with_parents(self, archives: Archives) -> dict[tuple[str, str], _Seen]:
        """The terms seen, and the parent categories of those seen (WordPress listed a
        subcategory's posts on its parents' pages: their languages count there too)."""
        terms = dict(self._seen)
        for (taxonomy, key), seen in self._seen.items():
            archive = archives.get(taxonomy, key) if taxonomy == "category" else None
            for parent in archive.parents if archive is not None else ():
                above = terms.get((taxonomy, parent))
                if above is None:
                    found = archives.get(taxonomy, parent)
                    name = found.name if found is not None and found.name else parent
                    above = terms[taxonomy, parent] = _Seen(parent, name)
                elif above is self._seen.get((taxonomy, parent)):
                    above = terms[taxonomy, parent] = _Seen(
                        above.slug, above.name, Counter(above.langs), list(above.also)
                    )
                above.langs.update(seen.langs)
                if seen.name not in above.also and seen.name != above.name:
                    above.also.append(seen.name)
        return terms

    def _pages(
        self, archive: Archive, seen: _Seen, url: str, files: set[str]
    ) -> list[tuple[str, str]]:
        """(file, URL) of the term's pages, the one at ``url`` first; none
        when Hugo's folder for the name would not be a safe path, or one it reads."""
        folder = page_key(archive.taxonomy)
        if self.flavor != "hugo":
            # Any file name will do (the page states its URL): distinct ones.
            slug = make_slug(archive.slug) or "term"
            path, n = f"{_ROOT[self.flavor]}/{folder}/{slug}.md", 1
            while path in files:
                n += 1
                path = f"{_ROOT[self.flavor]}/{folder}/{slug}-{n}.md"
            return [(path, jekyll_url(url) if self.flavor == "jekyll" else url)]
        langs = sorted(seen.langs, key=lambda lang: (-seen.langs[lang], lang or ""))
        if self.default_lang in seen.langs:
            langs.remove(self.default_lang)
            langs.insert(0, self.default_lang)
        key = hugo_key(hugo_name(seen.name))
        if any(part.startswith(".") for part in key.split("/")):
            # Hugo skips a folder whose name starts with a dot (".net") and builds the
            # term's page itself, at a URL of its own: ours goes in the folder without
            # the dots, the page of a term no post has, and lists the term's posts as
            # a category's page lists its subcategories' ("also").
            key = "/".join(part.lstrip(".") for part in key.split("/"))
            if seen.name not in seen.also:
                seen.also.append(seen.name)
        pages = []
        for n, lang in enumerate(langs):
            name = f"_index.{lang}.md" if lang else "_index.md"
            page_url = url if n == 0 or not lang else f"/{lang}{url}"
            pages.append((f"content/{folder}/{key}/{name}", page_url))
        if not key or "//" in key or any(is_unsafe(path) for path, _ in pages):
            return []
        return pages

    def _front_matter(self, plan: _Plan, url: str, kept: list[str]) -> dict[str, Any]:
        flavor, archive = self.flavor, plan.archive
        fm: dict[str, Any] = {}
        if flavor in _LAYOUT:
            fm["layout"] = _LAYOUT[flavor]
        fm["title"] = plan.seen.name
        if flavor == "hugo":
            fm["url"] = readable(url)
        else:
            fm["permalink"] = readable(url)
            fm["taxonomy"] = page_key(archive.taxonomy)
            fm["term"] = plan.seen.name
        if plan.seen.also:
            # Hugo finds a term by the key it made of the name (``hugo_key``).
            also = plan.seen.also
            fm["also"] = [hugo_key(hugo_name(name)) for name in also] if flavor == "hugo" else also
        if kept:
            fm["redirect_from" if flavor == "jekyll" else "aliases"] = kept
        fm["wordpress"] = {
            "type": archive.taxonomy,
            "id": archive.id,
            "slug": plan.seen.slug,
            "link": plan.link,
        }
        return fm


def _label(taxonomy: str) -> str:
    """The taxonomy as the report names it."""
    return LABELS.get(taxonomy) or cut(taxonomy, TAXONOMY)


def _origin(url: str) -> str:
    parts = split_url(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""


def _shown(description: str, named: str, report: RunReport) -> str:
    """The description with its ``<!--`` never closed shown as text, as a post's are (by
    the ``unclosedcomments`` transform, which sees items only): the old site hid what
    followed, and each later search for the comment's end read on to the end of the
    text, once per ``<!--``."""
    text, count = escaped(description)
    if count:
        report.counts[SHOWN] += count
        why = f"{named} description ×{count}: '<!--' never closed, what followed it is now shown"
        report.add(Diagnostic(code="WXR511", message=why))
    return text

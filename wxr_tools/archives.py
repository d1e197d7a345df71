"""Category, tag and date archives: the addresses WordPress served them at, and their
new pages.

WordPress lists the posts of each category at ``/category/<parents>/<slug>/`` (and at
``/category/<slug>/``, which it sends there), and those of each tag at
``/tag/<slug>/``, both behind the permalink structure's static start, its "front"
(``/archives/category/x/`` for ``/archives/%year%/%postname%/``), with ``/page/2/`` and
``/feed/`` forms; ``?cat=<id>`` and ``?tag=<slug>`` work with any structure. Readers,
other sites and search engines link to these pages. On the new site each category and
tag that a published item carries has a page (``[links.archive_pattern]``), links in
the content are rewritten to it, and its old addresses redirect to it.

Other public taxonomies had archives too: post formats at ``/type/aside/`` (the term
``post-format-aside``), a plugin's or a theme's taxonomy at ``/<taxonomy>/<slug>/`` and
``?<taxonomy>=<slug>`` (``register_taxonomy``'s defaults: the export does not say
whether a site changed them). Their terms get pages as categories and tags do. The
taxonomies WordPress and common plugins keep for their own bookkeeping (menus, Polylang's
languages, block themes' parts) had none. Search pages stay links to the old site
("site" links, counted).

Dates likewise: WordPress listed a month's posts at ``/2010/03/`` and a year's at
``/2010/`` (behind the front too; ``?m=201003``, ``?m=2010``); a day's, at
``/2010/03/15/``, go to its month's page here. Each month and year with a published
post has a page (``[links.archive_pattern] month``, ``year``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import quote, unquote

from wxr_tools.diagnostics import UsageError
from wxr_tools.digits import is_number
from wxr_tools.feedurls import OLD_FEEDS
from wxr_tools.model import Term
from wxr_tools.slugs import slugify
from wxr_tools.urlparts import PLACEHOLDER, fill, jekyll_dots

BASES = {
    "category": "category",
    "post_tag": "tag",
    "post_format": "type",
    "product_cat": "product-category",
    "product_tag": "product-tag",
}
"""WordPress's own taxonomies with archives (and WooCommerce's), and the path segment of
their archives by default. Another public taxonomy's segment is its name (``base_of``);
``[links.archive_base]`` gives the one a site had instead (``Archives.base``)."""
_QUERIES = {"cat": "category", "category_name": "category", "tag": "post_tag"}
"""Query arguments WordPress reads as an archive (``cat`` by id, the others by slug);
another taxonomy's is its name (``post_format`` too)."""
_TAILS = frozenset(("feed", "rss", "rss2", "atom", "rdf", "page", "amp", "embed"))
"""Segments that start what follows an archive's own path: its feeds and later pages."""
FORMAT_PREFIX = "post-format-"
"""Post formats' slugs start with it; their archives' addresses do not (``/type/aside/``)."""
_NO_ARCHIVE_NAMES = """nav_menu link_category wp_theme wp_template_part_area
    wp_pattern_category language term_language post_translations term_translations author
    product_type product_visibility product_shipping_class avhec_catgroup"""
NO_ARCHIVE = frozenset(_NO_ARCHIVE_NAMES.split())
"""Taxonomies kept for bookkeeping, with no archive page: menus, blogroll categories,
block themes' parts, Polylang's languages and translation groups, Co-Authors Plus's
authors (their archives are the authors'), WooCommerce's flags, AVH's groups."""
_TAKEN_NAMES = """title date lastmod draft slug lang translationKey translations categories tags
    summary summaries original_url original_publication aliases redirect_from url permalink author
    wordpress layout local_date taxonomy term also period by type weight outputs params menu
    menus build cascade resources published sticky image images featured_image cover
    eleventyExcludeFromCollections templateEngineOverride render_with_liquid"""
TAKEN = frozenset(_TAKEN_NAMES.split())
"""Front matter keys the site writer and the generators use for something else: a
taxonomy of that name stays in ``wordpress.terms``, with no page."""
_NAME = re.compile(r"[a-z][a-z0-9_-]{0,31}")
"""A taxonomy name WordPress accepts (32 characters at most) that is safe as a key."""


def base_of(taxonomy: str) -> str | None:
    """The path segment of ``taxonomy``'s WordPress archives; None when its terms have
    no archive (or no page of ours: see ``TAKEN``)."""
    base = BASES.get(taxonomy)
    if base is not None:
        return base
    if taxonomy in NO_ARCHIVE or taxonomy in TAKEN or taxonomy in _TAILS:
        return None
    return taxonomy if _NAME.fullmatch(taxonomy) else None


def page_key(taxonomy: str) -> str:
    """The front matter key of a taxonomy with archives (``base_of``), also its pages'
    folder: ``categories``, ``tags``, or the taxonomy's own name."""
    return {"category": "categories", "post_tag": "tags"}.get(taxonomy, taxonomy)


def key_of(slug: str) -> str:
    """A slug as archives are looked up: decoded, lower case (WordPress's are)."""
    return unquote(slug).strip().lower()


def term_key(taxonomy: str, slug: str) -> str:
    """A term's key: ``key_of`` its slug, a post format's without ``post-format-``."""
    key = key_of(slug)
    return key.removeprefix(FORMAT_PREFIX) if taxonomy == "post_format" else key


@dataclass(frozen=True, slots=True)
class Archive:
    """One term's archive: a category's, a tag's, a post format's, a series'..."""

    taxonomy: str
    """``category``, ``post_tag``, ``post_format`` or another (``base_of``)."""
    slug: str
    """Its key (``term_key``): the slug decoded, in lower case (a post format's without
    ``post-format-``)."""
    parents: tuple[str, ...] = ()
    """The parent categories' keys, the topmost first."""
    id: int | None = None
    name: str = ""


class Archives:
    """The export's terms that have archives (``base_of``), by slug and by id.

    The channel's terms give ids, names and parents; a term that only an item names
    (some exports list none) is known by its slug.
    """

    def __init__(self, terms: Iterable[Term] = (), bases: Mapping[str, str] | None = None) -> None:
        self._own_bases = {t: b.strip("/") for t, b in (bases or {}).items() if b.strip("/")}
        """The site's own bases (``[links.archive_base]``: Settings > Permalinks' category
        base, a plugin's rewrite slug), which the export does not carry: taxonomy."""
        self._terms: dict[tuple[str, str], tuple[str, str, int | None]] = {}
        """(taxonomy, key) -> (name, parent key, id)."""
        self._ids: dict[int, tuple[str, str]] = {}
        self.bases: dict[str, str] = {}
        """The path segment of each taxonomy's archives, learned: taxonomy."""
        self.queries: dict[str, str] = dict(_QUERIES)
        """The query arguments that name an archive: taxonomy."""
        for term in terms:
            self.add(term.taxonomy, term.slug, term.name, term.parent, term.id)

    def add(
        self, taxonomy: str, slug: str, name: str = "", parent: str = "", id: int | None = None
    ) -> None:
        """Learn a term; the first of a slug wins, as in WordPress (slugs are unique).
        A slug that would make a ``.`` or ``..`` segment of its page's URL (``..``,
        ``%2e``, ``．．``: ``/tags/../`` is the home page), or that Jekyll reads so
        (``jekyll_dots``), is no slug, as an empty one."""
        key = term_key(taxonomy, slug)
        if not key or (taxonomy, key) in self._terms or jekyll_dots(f"/{key}/"):
            return
        base = self.base(taxonomy)
        if base is None:
            return
        # A link may name the default base as well as the site's own (one written
        # before the base was changed): both are the taxonomy's, the site's first.
        for segment in (base.rsplit("/", 1)[-1], base_of(taxonomy) or ""):
            if segment and segment not in self.bases:
                self.bases[segment] = taxonomy
                if taxonomy not in ("category", "post_tag"):  # theirs are in _QUERIES
                    self.queries[taxonomy] = taxonomy
        self._terms[taxonomy, key] = (name, key_of(parent), id)
        if id is not None:
            self._ids.setdefault(id, (taxonomy, key))

    def base(self, taxonomy: str) -> str | None:
        """The path of ``taxonomy``'s archives below the site (``category``, or the
        site's own, ``rubrique``); None when its terms have none (``base_of``)."""
        base = base_of(taxonomy)
        return None if base is None else self._own_bases.get(taxonomy, base)

    def get(self, taxonomy: str, slug: str) -> Archive | None:
        key = term_key(taxonomy, slug)
        found = self._terms.get((taxonomy, key))
        if found is None:
            return None
        name, parent, term_id = found
        parents: list[str] = []
        seen = {key}
        while parent and parent not in seen and taxonomy == "category":
            if jekyll_dots(f"/{parent}/"):  # no term (``add``): no path
                break
            parents.append(parent)
            seen.add(parent)
            above = self._terms.get((taxonomy, parent))
            parent = above[1] if above is not None else ""
        return Archive(taxonomy, key, tuple(reversed(parents)), term_id, name)

    def by_segments(self, segments: list[str]) -> Archive | None:
        """The archive a path's segments (decoded, lower case) name, wherever the base
        (``category``, ``tag``, ``type``...) is in them: a front, a blog in a folder, a
        stray prefix."""
        for at, segment in enumerate(segments):
            taxonomy = self.bases.get(segment)
            if taxonomy is None:
                continue
            rest = segments[at + 1 :]
            for n, part in enumerate(rest[1:], 1):
                if part in _TAILS:
                    rest = rest[:n]
                    break
            if rest:
                return self.get(taxonomy, rest[-1])
            return None
        return None

    def by_query(self, values: dict[str, list[str]]) -> Archive | None:
        """The archive ``?cat=5``, ``?category_name=x``, ``?tag=x`` or ``?series=x``
        names, alone."""
        for name, taxonomy in self.queries.items():
            if name not in values:
                continue
            value = values[name][0].strip()
            if name == "cat":
                found = self._ids.get(int(value)) if is_number(value) else None
                return self.get(*found) if found is not None else None
            if "," in value or "+" in value or " " in value:
                return None  # several terms: a page of its own that no longer exists
            return self.get(taxonomy, value.rsplit("/", 1)[-1])
        return None


def old_paths(archive: Archive, home: str, front: str, base: str | None = None) -> list[str]:
    """The site paths WordPress answered the archive at (``home`` is the blog's own
    path, ``/`` or ``/blog/``; ``front`` the permalink structure's, ``""`` or
    ``archives/``; ``base`` the taxonomy's, ``Archives.base``, by default WordPress's)."""
    start = home.rstrip("/") + "/" + front
    base = start + (base or base_of(archive.taxonomy) or archive.taxonomy) + "/"
    paths = [base + "/".join((*archive.parents, archive.slug)) + "/"]
    if archive.parents:
        paths.append(base + archive.slug + "/")
    query = f"{home.rstrip('/')}/?"
    if archive.taxonomy == "category":
        if archive.id is not None:
            paths.append(f"{query}cat={archive.id}")
    elif archive.taxonomy == "post_tag":
        paths.append(f"{query}tag={archive.slug}")
    else:
        paths.append(f"{query}{archive.taxonomy}={archive.slug}")
    return paths


def paged_paths(paths: Iterable[str], posts: int, per_page: int, queries: bool) -> list[str]:
    """The addresses of an archive's later pages, page 2 to the last that ``posts``
    posts made at ``per_page`` a page: WordPress's ``/category/x/page/2/`` for a path,
    ``?cat=3&paged=2`` for a query (only with ``queries``: a site with pretty permalinks
    never linked those). The new archive pages list every post on one page."""
    if per_page < 1:
        return []
    last = -(-posts // per_page)
    paths = [p for p in paths if ("?" in p and queries) or p.endswith("/")]
    # The home's query form is a bare "/?": its pages are "/?paged=2".
    return [
        f"{path}{'' if path.endswith('?') else '&'}paged={n}" if "?" in path else f"{path}page/{n}/"
        for n in range(2, last + 1)
        for path in paths
    ]


def term_pattern(patterns: dict[str, str], taxonomy: str) -> str:
    """``[links.archive_pattern]``'s pattern for ``taxonomy``'s pages: its own, else
    ``other``'s for a taxonomy that is not WordPress's own."""
    if taxonomy in patterns or taxonomy in BASES:
        return str(patterns.get(taxonomy, ""))
    return str(patterns.get("other", ""))


def new_url(pattern: str, archive: Archive, base_url: str = "") -> str:
    """The archive's page on the new site: ``pattern`` filled (``{slug}``, ``{path}``,
    the parents' slugs and its own)."""
    # Encoded, as the items' URLs keep WordPress's encoded slugs (the writers name
    # the page with the characters themselves).
    slug = quote(archive.slug, safe="-_.~")
    path = "/".join(quote(key, safe="-_.~") for key in (*archive.parents, archive.slug))
    values = {"slug": slug, "path": path, "taxonomy": archive.taxonomy}
    return base_url + fill(pattern, values)


class Front:
    """The permalink structure's static start, from the posts' own permalinks.

    WordPress puts it before the category and tag bases too. It is what every post's
    path (below the blog's own) starts with, when that is a word, not a date or an id,
    and every post has more after it: ``archives`` for ``/archives/2019/06/slug/``;
    nothing for ``/2019/06/slug/`` or ``/slug/``.
    """

    def __init__(self, home: str) -> None:
        self.home = home.rstrip("/") + "/"
        self._first: set[str] = set()
        self._known: str | None = None
        """``home``, a first segment of ``_first`` as a path wrote it, and "/": a path
        that starts so, with more than slashes after it, changes nothing (most posts')."""
        self._short = False
        self.plain = False
        """A post's permalink was a query (``/?p=12``): WordPress's plain permalinks,
        whose archives' later pages were queries too (``?cat=3&paged=2``)."""

    def see(self, path: str, query: str = "") -> None:
        """A post's permalink path (``/archives/2019/06/slug/``) and query; a query one
        says nothing of the structure."""
        known = self._known
        if known is not None and path.startswith(known) and path[len(known) :].strip("/"):
            return  # a first segment seen already, and more after it
        if not path.startswith(self.home):
            return
        # The path's non-empty segments, cut with C calls, not listed (every post's
        # path): none, one, or a first and more (the rest after it not only slashes).
        rest = path[len(self.home) :].lstrip("/")
        if not rest:
            if query.startswith("p="):
                self.plain = True
            self._short = True
            return
        first, _, after = rest.partition("/")
        if not after.strip("/"):
            self._short = True
        elif len(self._first) < 2:
            self._first.add(first.lower())
            self._known = self.home + first + "/"  # its lower case is in _first
        elif first.lower() in self._first:
            self._known = self.home + first + "/"

    @property
    def value(self) -> str:
        if self._short or len(self._first) != 1:
            return ""
        (first,) = self._first
        return "" if is_number(first) else first + "/"


class LanguageFolders:
    """The folder each language's addresses were in (Polylang's and WPML's ``/fr/``),
    from the published items' own permalinks: an item in ``fr`` at ``/fr/essai/``.

    Those plugins put a language's archives in its folder too (``/fr/category/x/``); a
    language with no folder (the site's own, usually) has none.
    """

    def __init__(self, home: str) -> None:
        self.home = home.rstrip("/") + "/"
        self.folders: dict[str, str] = {}
        """Language (as in paths): its folder's name."""
        self.langs: set[str] = set()
        """Every language seen, with a folder or not."""
        self._misses: dict[str, str] = {}
        """A language with no folder yet: ``home``, the first segment of a path of its
        that was not its folder, and "/" (the site's language's items, mostly: every
        path that starts so has that first segment, and is no folder of it either)."""

    def see(self, path: str, lang: str | None) -> None:
        """A published item's permalink path and its language."""
        if lang:
            self.langs.add(lang)
        if not lang or lang in self.folders or not path.startswith(self.home):
            return
        miss = self._misses.get(lang)
        if miss is not None and path.startswith(miss):
            return
        segment = path[len(self.home) :].partition("/")[0]
        first = segment.lower()
        low = lang.lower()  # once: every published item of a language without a folder
        if first and (first == low or first == low.partition("-")[0]):
            self.folders[lang] = first
        else:
            self._misses[lang] = self.home + segment + "/"

    def old_paths(self, paths: list[str], langs: Iterable[str | None]) -> list[str]:
        """``paths`` (an archive's addresses below the blog's own), and the same in the
        folder of each of ``langs`` that had one; those first when every one of
        ``langs`` had one (the archive was only in a folder: a Polylang term is in one
        language)."""
        langs = list(langs)
        folders = [self.folders[lang] for lang in langs if lang in self.folders]
        if not folders:
            return paths
        start = len(self.home)
        foldered = [
            f"{self.home}{folder}/{path[start:]}"
            for folder in dict.fromkeys(folders)
            for path in paths
            if path.startswith(self.home) and "?" not in path
        ]
        every = all(lang in self.folders for lang in langs)
        return [*foldered, *paths] if every else [*paths, *foldered]


PERIODS = {"month": frozenset(("yyyy", "mm")), "year": frozenset(("yyyy",))}
"""The date archives that have pages, and the placeholders of their patterns."""
_URL_NAMES = {"yyyy", "mm", "dd", "slug", "id", "type", "lang", "langpath", "path", "media"}


def check_patterns(urls: dict[str, str], archives: dict[str, str], media_path: str) -> None:
    """Refuse a ``[links]`` pattern naming a placeholder nothing fills."""
    for kind, pattern in urls.items():
        unknown = set(PLACEHOLDER.findall(str(pattern))) - _URL_NAMES
        if unknown:
            raise UsageError(f"[links.url_pattern] {kind}: unknown placeholder {unknown}")
    for taxonomy, pattern in archives.items():
        known = PERIODS.get(taxonomy, {"slug", "path", "taxonomy"})
        unknown = set(PLACEHOLDER.findall(str(pattern))) - known
        if unknown:
            where = f"[links.archive_pattern] {taxonomy}"
            raise UsageError(f"{where}: unknown placeholder {unknown}")
    if set(PLACEHOLDER.findall(media_path)) - {"path", "folder"}:
        raise UsageError("[links] media_path: only {path} and {folder} are known")


@lru_cache(maxsize=4096)
def period_digits(year: int, month: int | None) -> tuple[str, str]:
    """``2010`` and ``03`` (``""`` for a year's period): the digits of a period's
    addresses and keys. Formatted once a period: a page asks for them four times (its
    URL, its old paths, its file and its front matter), and a format spec costs three
    times a ``str`` of the number."""
    return f"{year:04d}", f"{month:02d}" if month else ""


def period_old_paths(year: int, month: int | None, home: str, front: str) -> list[str]:
    """The site paths WordPress answered a month's (or, without ``month``, a year's)
    archive at."""
    start = home.rstrip("/") + "/"
    yyyy, mm = period_digits(year, month)
    if mm:
        return [f"{start}{front}{yyyy}/{mm}/", f"{start}?m={yyyy}{mm}"]
    return [f"{start}{front}{yyyy}/", f"{start}?m={yyyy}"]


def period_url(pattern: str, year: int, month: int | None, base_url: str = "") -> str:
    """A month's (or a year's) page on the new site."""
    yyyy, mm = period_digits(year, month)
    return base_url + fill(pattern, {"yyyy": yyyy, "mm": mm})


def author_nicename(login: str) -> str:
    """The author's nicename, the slug of their archive: the login made a slug, as
    WordPress made it (the export does not carry it)."""
    return str(slugify(login))


def author_old_paths(login: str, author_id: int | None, home: str, front: str) -> list[str]:
    """The site paths WordPress answered an author's archive at: ``/author/<nicename>/``
    and ``?author=ID``."""
    start = home.rstrip("/") + "/"
    nicename = author_nicename(login)
    paths = [f"{start}{front}author/{nicename}/"] if nicename else []
    if author_id is not None:
        paths.append(f"{start}?author={author_id}")
    return paths


OLD_SITEMAPS = ("wp-sitemap.xml", "sitemap_index.xml", "sitemap.xml")
"""WordPress's sitemap (5.5 and later) and the usual plugins' (Yoast, Google XML
Sitemaps), under the blog's own path: search engines were told of one of them."""


def old_sitemaps(home: str) -> list[str]:
    """The old sitemap addresses: they redirect to the new site's sitemap (the Markdown
    site writer's ``/sitemap.xml``; Ghost's is ``/sitemap.xml`` too)."""
    start = home.rstrip("/") + "/"
    return [start + path for path in OLD_SITEMAPS]


def old_feeds(home: str) -> list[str]:
    """The old feed addresses of a blog at ``home`` (its path: ``/``, ``/blog/``):
    ``feedurls.OLD_FEEDS``."""
    start = home.rstrip("/") + "/"
    return [start + path for path in OLD_FEEDS]

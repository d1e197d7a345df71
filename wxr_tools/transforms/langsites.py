"""Links to items that ``--lang`` leaves out: they live on another language's site.

A bilingual blog converted as one site per language (``wxr convert --lang fr``, then
``--lang en``) has, on the English site, links to French posts that this run does not
write. The links transform gives such a link the path the French run gives the post:
an item's path does not depend on the filters (the URL pattern, its slug, Ghost's slugs
and a split post's ``/fr/`` all come from the index, whatever is written). With
``[links] lang_base_urls`` naming where the French site lives, the link is written
absolute on it; without, it stays site-relative (a page this site lacks) and is counted,
with one WXR509 per linking item naming its first such link.

The same holds for an item's translations: the layouts link those this build has (Hugo's
``.Translations``, a ``translationKey``'s group), and ``translations`` gives those on the
other sites ``lang_base_urls`` names, for the layouts to link alike. Its group's members
are read from its key (Polylang's ``pll:<ids>``, a split post's ``qt:<id>``) and the
index, one item at a time: nothing is kept per group in memory. A WPML group
(``wpml:<trid>``) names no members: the index keeps each entry's trid, and gives the
entries of one (``Index.wpml_group``). An unreadable Polylang group is not followed.
Each is named by the title the other site's run gives it: its language's part, marker
removed, and repaired and texturized when this run's transforms do so (``_title``).

Only ``--lang`` counts here: a target the other filters (``--type``, ``--since``…) leave
out is left out of every language's site alike, and its link is written as before.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from wxr_tools.config import Config
from wxr_tools.diagnostics import UsageError
from wxr_tools.digits import is_number
from wxr_tools.followers import FOLLOWING, Followers
from wxr_tools.followers import NAME as FOLLOWERS
from wxr_tools.index import Entry, Index
from wxr_tools.langtags import normalize
from wxr_tools.model import Item
from wxr_tools.transforms import Context
from wxr_tools.transforms.languages import entry_languages, entry_title
from wxr_tools.transforms.languages import tables as language_tables
from wxr_tools.transforms.text import repaired_title
from wxr_tools.transforms.texturize import shown_title
from wxr_tools.urlmap import SiteMap
from wxr_tools.writers import Filters

COUNT = "links to items of another language's site (--lang)"
"""The run report's count of links to items left out for their language, with no
``lang_base_urls`` for it: they stay site-relative, pages this site lacks."""
COUNT_ABSOLUTE = "links to items of another language's site, made absolute"


def base_urls(config: Config) -> dict[str, str]:
    """``[links] lang_base_urls``: language code (as the languages transform writes it)
    to base URL, without its trailing "/"."""
    keep = bool(config.section("languages")["keep_region"])
    found: dict[str, str] = {}
    for code, url in config.section("links")["lang_base_urls"].items():
        lang = normalize(code, keep)
        if not lang or not isinstance(url, str) or not url.startswith(("http://", "https://")):
            message = f"[links] lang_base_urls: {code} = {url!r} is not a language and an address"
            raise UsageError(message + ' (such as fr = "https://fr.example.org")')
        found[lang] = url.rstrip("/")
    return found


@dataclass(frozen=True, slots=True)
class OtherSites:
    """What this run knows of the other languages' sites: the ``--lang`` filter and the
    ``lang_base_urls``."""

    filters: Filters
    others: Filters
    """The same filters but ``--lang``: whether the target is written somewhere at all."""
    bases: dict[str, str]

    @classmethod
    def of(cls, ctx: Context) -> OtherSites | None:
        """None unless ``--lang`` filters the run (no link then leaves the site)."""
        filters = ctx.filters
        if filters is None or not filters.langs:
            return None
        return cls(filters, replace(filters, langs=frozenset()), base_urls(ctx.config))

    def site_of(
        self, entry: Entry, lang: str | None, split: bool, ctx: Context
    ) -> tuple[str, str | None] | None:
        """When ``--lang`` leaves out the target ``entry`` (its copy in ``lang`` when
        ``split``) and the other filters keep it: the language whose site has it, and
        that site's base URL (None when ``lang_base_urls`` names none). None when this
        site writes it, or no site does."""
        langs: tuple[str | None, ...] = (lang,)
        followers = ctx.state.get(FOLLOWERS)
        if not split and entry.type in FOLLOWING and isinstance(followers, Followers):
            # An attachment's page goes where the posts that use it go.
            langs = followers.followed(entry.id, self.filters.langs) or langs
        if any(self.filters.keeps_lang(code) for code in langs):
            return None
        if self.others.reason(entry.type, entry.status, langs, entry.date) is not None:
            return None
        codes = [code for code in langs if code]
        based = next((code for code in codes if code in self.bases), None)
        if based is not None:
            return based, self.bases[based]
        return (codes[0] if codes else "?"), None

    def language_site(self, lang: str) -> tuple[str, str | None] | None:
        """When ``--lang`` leaves out ``lang``: that language and its site's base URL
        (None when ``lang_base_urls`` names none); None when this site has it."""
        if self.filters.keeps_lang(lang):
            return None
        return lang, self.bases.get(lang)

    def written(self, item: Item, ctx: Context) -> bool:
        """Whether the linking ``item`` is written (by its language): a link from a page
        this site leaves out is no concern of its report."""
        followers = ctx.state.get(FOLLOWERS)
        langs: tuple[str | None, ...] = (item.lang,)
        if isinstance(followers, Followers):
            langs = followers.item_langs(item, self.filters.langs)
        return any(self.filters.keeps_lang(code) for code in langs)

    def translations(self, item: Item, sitemap: SiteMap, ctx: Context) -> dict[str, dict[str, str]]:
        """``item``'s published translations that ``--lang`` leaves out, on the sites
        ``lang_base_urls`` names: {language: {"url": …, "title": …}}, by language."""
        if not self.bases or not item.translation_group or ctx.index is None:
            return {}
        found: dict[str, dict[str, str]] = {}
        main = language_tables(ctx).main
        for entry in _members(item.translation_group, ctx.index, ctx):
            if sitemap.state(entry) != "published":
                continue
            lang, langs = entry_languages(entry, ctx)
            for code in langs or (lang,):
                if code is None or code == item.lang or code in found:
                    continue
                away = self.site_of(entry, code, bool(langs), ctx)
                split_copy = bool(langs) and code != langs[0]
                url = sitemap.url_of(entry, code, main, prefix_lang=split_copy)
                if away is None or away[1] is None or url is None:
                    continue
                address = away[1] + url.removeprefix(sitemap.base_url)
                found[code] = {"url": address, "title": _title(entry, code, ctx)}
        return dict(sorted(found.items()))


def _members(group: str, index: Index, ctx: Context) -> list[Entry]:
    """The entries of translation group ``group`` (an item's ``translation_group``)."""
    kind, _, key = group.partition(":")
    if kind in ("qt", "ls"):  # the copies of one post, split by language
        ids = [key]
    elif kind == "pll":
        ids = key.split(",")
    elif kind == "wpml":
        # Only those the languages transform puts in this group: an item with Polylang's
        # language term is grouped by Polylang, one whose code is no language by nothing.
        t = language_tables(ctx)
        return [
            entry
            for entry in index.wpml_group(key)
            if t.code(entry.lang_meta) is not None
            and not any(
                taxonomy == "language" and t.code(slug, strict=False) is not None
                for taxonomy, slug in entry.terms
            )
        ]
    else:
        return []
    entries = (index.get(int(text)) if is_number(text) else None for text in ids)
    return [entry for entry in entries if entry is not None]


def _title(entry: Entry, lang: str, ctx: Context) -> str:
    """``entry``'s title in ``lang`` as the run of ``lang``'s site writes it, given the
    same transforms: the text transform's repairs, then the language's part, then
    texturize (the default pipeline's order)."""
    if "text" in ctx.names:
        entry = entry._replace(title=repaired_title(entry.title, ctx))
    title = entry_title(entry, lang, ctx)
    if "texturize" in ctx.names:
        title = shown_title(title, ctx)
    return title

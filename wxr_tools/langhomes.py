"""A language's home page and feed: WordPress's addresses of them and the new sites'.

A bilingual blog had a home page and a feed for each language. Polylang and WPML put
them in the language's folder (``/fr/``, ``/fr/feed/``, ``/fr/comments/feed/``; the
site's own language usually has none), qTranslate-X's default "pre-path" mode too; with
the language in the query (``/?lang=fr``, ``/?lang=fr&feed=rss2``: qTranslate's query
mode, Polylang's and WPML's parameter mode) otherwise. The sites written have:

========================  ============================  ====================
target                    a language's home             its feed
========================  ============================  ====================
Hugo                      /<lang>/ (the site's own: /)  /<lang>/index.xml
Jekyll, Eleventy, Astro   / (every language's posts)    /feed.xml
Ghost                     /                             /rss/
========================  ============================  ====================

(``feedurls.LANGUAGE_HOMES``.) Hugo names a language's folder by the code its content
files carry (``path_lang``: ``index.fr.md``); the site's own language (``site_language``,
the export's, else English) is Hugo's ``defaultContentLanguage``, at ``/``. Paths do not
depend on ``--lang``: a French run of a site whose own language is English has its
home at ``/fr/``, as the English run has it at ``/``. The latest comments' feed is the
whole site's in every flavor. The links transform (``urlmap``) and the redirect maps
(the Markdown sites', Ghost's) read the same function, ``language_home``; the maps'
rules are ``language_redirects``'.

The query forms were addresses only where a plugin answered ``?lang=`` (Polylang,
WPML, qTranslate; ``answers_lang_query``): a blog whose languages come from ``[fr]``
markers or Basic Bilingual's meta had none, and its maps get no rule for them.

Polylang's and WPML's folders show in the items' permalinks (``LanguageFolders``);
qTranslate-X's do not (the export has the plain permalink, ``/essai/``). Its default
URL mode is pre-path, with the default language's folder hidden (``/`` for it, ``/fr/``
for the others), on any permalinks but the plain (``?p=``) and ``index.php`` ones, where
pre-path could not be chosen and the query mode served. So an export with qTranslate's
tags on pretty permalinks (``qtranslate_prepath``) gets a folder rule for each written
language but the site's own: an address that did not exist costs a line of the map,
one that did and is missing a broken link.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, NamedTuple

from wxr_tools.archives import Front, LanguageFolders
from wxr_tools.feedurls import OLD_COMMENT_FEEDS, OLD_FEEDS, NewFeeds
from wxr_tools.langtags import has_qtranslate, normalize
from wxr_tools.model import Term
from wxr_tools.writers.files import RESERVED_NAMES

if TYPE_CHECKING:
    from wxr_tools.index import Index

_LANG = re.compile(r"[a-z]{2,3}(?:-[a-z0-9]{2,8})*")


def path_lang(code: str | None) -> str | None:
    """A lower-case language code safe for paths (``pt-br``), or None."""
    if not code:
        return None
    code = code.strip().replace("_", "-").lower()
    if not _LANG.fullmatch(code) or code.split("-")[0] in RESERVED_NAMES:
        return None
    return code


def site_language(language: str) -> str:
    """The site's language code as paths have it (``fr`` for ``fr-FR``), English when the
    export names none: Hugo's ``defaultContentLanguage``, whose home is ``/``."""
    return path_lang(normalize(language) if language.strip() else None) or "en"


def language_home(feeds: NewFeeds, lang: str | None, default: str) -> tuple[str, str]:
    """The site paths of the home page and the feed of ``lang``'s posts (a code as the
    items carry it) on a site whose own language is ``default`` (``site_language``)."""
    folder = path_lang(lang)
    if feeds.languages and folder is not None and folder != default:
        return f"/{folder}/", f"/{folder}/{feeds.page}"
    return "/", feeds.site


def old_language_addresses(home: str, folder: str) -> tuple[list[str], list[str], list[str]]:
    """WordPress's addresses of a language's home page, its feed and its latest comments'
    feed in a language plugin's ``folder`` on a blog at ``home`` (its path): ``/fr/``,
    ``/fr/feed/``, ``/fr/comments/feed/``…"""
    at = f"{home.rstrip('/')}/{folder}/"
    return [at], [at + path for path in OLD_FEEDS], [at + path for path in OLD_COMMENT_FEEDS]


def old_language_queries(home: str, lang: str) -> tuple[list[str], list[str], list[str]]:
    """The same with the language in the query, as a language plugin's query mode made
    every address of the blog (qTranslate's ``/feed/?lang=fr``; ``?feed=rss2&lang=fr``
    with plain permalinks, and ``?lang=fr&feed=rss2``; ``/?lang=fr``)."""
    start = home.rstrip("/") + "/"

    def queries(paths: tuple[str, ...]) -> list[str]:
        found = []
        for path in paths:
            if path.startswith("?"):
                found += [f"{start}{path}&lang={lang}", f"{start}?lang={lang}&{path[1:]}"]
            else:
                found.append(f"{start}{path}?lang={lang}")
        return found

    return [f"{start}?lang={lang}"], queries(OLD_FEEDS), queries(OLD_COMMENT_FEEDS)


def answers_lang_query(terms: Iterable[Term], index: Index | None) -> bool:
    """Whether the export shows a language plugin that answered ``?lang=``: Polylang
    (terms of its ``language`` taxonomy), WPML (its meta), qTranslate (its tags in a
    term's name or an item's texts, split or not), or any item whose link or guid has ``lang``
    in its query. The channel's terms first, then what the index pass saw of each item
    (``Entry.lang_query``)."""
    if any(t.taxonomy == "language" or has_qtranslate(t.name) for t in terms):
        return True
    return index is not None and index.lang_queries()


def qtranslate_prepath(terms: Iterable[Term], index: Index | None, front: Front) -> bool:
    """Whether the export shows qTranslate (its tags in a term's name or an item's
    texts, split or not: ``Index.qtranslated``) on permalinks its pre-path mode took
    (``front``: learned from the posts' links; neither plain nor ``/index.php/``)."""
    if front.plain or front.value.startswith("index.php"):
        return False
    if any(has_qtranslate(t.name) for t in terms):
        return True
    return index is not None and index.qtranslated()


class LanguageRedirects(NamedTuple):
    """One language's old home page and feeds, and where they go."""

    homes: list[str]
    home: str
    feeds: list[str]
    feed: str
    comments: list[str]
    """Its latest comments' feed: to the site's comments feed, else to ``feed``."""


def language_redirects(
    folders: LanguageFolders,
    written: set[str],
    feeds: NewFeeds,
    *,
    site: tuple[str, str, bool],
    several: bool,
    queries: Callable[[], bool],
    prepath: Callable[[], bool],
) -> list[LanguageRedirects]:
    """Each written language's (``written``: the languages of the items written, as
    paths have them) old home page and feeds: in its folder (``folders``; for each
    language but the site's own ``/<lang>/`` on a site of several languages whose
    export ``prepath`` says was qTranslate's in its pre-path mode: ``qtranslate_prepath``,
    asked only then), and with ``?lang=`` on a site of several languages (or one of
    ``several``: a run of ``--lang``) whose export ``queries`` says had them
    (``answers_lang_query``, asked only then). ``site``: the blog's path, its own
    language, ``[languages] keep_region``."""
    home, default, keep_region = site
    found: list[tuple[str, tuple[list[str], list[str], list[str]]]] = []
    foldered: set[str | None] = set()
    for raw, folder in sorted(folders.folders.items()):
        lang = path_lang(normalize(raw, keep_region))
        foldered.add(lang)
        if lang in written:
            found.append((lang, old_language_addresses(home, folder)))
    others = sorted(written - foldered - {default})
    if others and (several or len(written) > 1) and prepath():
        found += [(lang, old_language_addresses(home, lang)) for lang in others]
    if (several or len(written) > 1 or folders.folders) and queries():
        found += [(lang, old_language_queries(home, lang)) for lang in sorted(written)]
    rules = []
    for lang, (old, old_feeds, old_comments) in found:
        new_home, feed = language_home(feeds, lang, default)
        rules.append(LanguageRedirects(old, new_home, old_feeds, feed, old_comments))
    return rules

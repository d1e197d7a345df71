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
whole site's in every flavor. The links transform (``urlmap``) and the Markdown sites'
redirect maps read the same function, ``language_home``.
"""

from __future__ import annotations

import re

from wxr_tools.feedurls import OLD_COMMENT_FEEDS, OLD_FEEDS, NewFeeds
from wxr_tools.langtags import normalize
from wxr_tools.writers.files import RESERVED_NAMES

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

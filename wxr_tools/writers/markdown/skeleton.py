"""A minimal working site per flavor, so that the output builds and can be opened at once.

Configuration files are data written through emitters (tomli-w, PyYAML, json); the
layouts are the static texts of ``templates``. Every file is written only when it is
absent: the skeleton is a starting point that the user owns, and a re-run must not
undo their edits. (Delete a file to get it written again, for instance after the
export gained a language.)

The configuration states what the writer assumes about URLs: Hugo serves pages at
``/slug/`` (``[permalinks] pages``) and raw HTML (Goldmark's ``unsafe``, without which
embeds and captions would be replaced by a comment); Jekyll includes ``_pages/`` and
``_redirects``, loads jekyll-redirect-from, and declares each custom post type as an
output collection.

The words the layouts show a reader ("3 commentaires", "Page introuvable") are in the
page's language, from a table of the site's languages written as a skeleton file too
(``uiwords``): Hugo's ``i18n/<lang>.toml``, ``i18n.json`` in the others.

Posts dated in the future (WordPress's scheduled posts, published by the status
policy) are left to the generators' defaults: Hugo and Jekyll build them once their
date has come, as WordPress showed them (``buildFuture``/``future`` to change it).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

import tomli_w
import yaml

from wxr_tools.model import Site
from wxr_tools.writers.markdown import (
    commentfeedtemplates,
    commenttemplates,
    feedtemplates,
    listingtemplates,
    nodetemplates,
    notfoundtemplates,
    sitemaptemplates,
    templates,
    uiwords,
    wordtemplates,
)
from wxr_tools.writers.redirects import FILE_NAMES


@dataclass(slots=True)
class SiteFacts:
    """What the skeleton's configuration depends on, gathered while items are written."""

    site: Site
    default_lang: str
    langs: set[str] = field(default_factory=set)
    sections: set[str] = field(default_factory=set)
    taxonomies: set[str] = field(default_factory=set)
    """The front matter keys of the taxonomies with pages besides ``categories`` and
    ``tags`` (``series``, ``post_format``): Hugo builds their terms' pages when told."""
    media_folder: str | None = None
    """The static media folder, when the writer places media files (``media``)."""
    base_url: str = ""
    """``[links] base_url``: the new site's address, when given (feeds need absolute
    links; the generators make them from it)."""
    comments_feed: bool = True
    """Whether the site has the latest comments' feed: it reads the comment data files,
    which only ``--comments data`` writes."""

    def languages(self) -> list[str]:
        """The default language first, then the others in alphabetical order."""
        return [self.default_lang, *sorted(self.langs - {self.default_lang})]


def files(flavor: str, facts: SiteFacts) -> dict[str, bytes]:
    """Every skeleton file of ``flavor``: path → bytes."""
    build = {"hugo": _hugo, "jekyll": _jekyll, "eleventy": _eleventy, "astro": _astro}[flavor]
    return {path: text.encode("utf-8") for path, text in build(facts).items()}


def needs(flavor: str, facts: SiteFacts) -> dict[str, tuple[str, ...]]:
    """What skeleton files must hold for the pages this version writes: a file kept from
    an earlier run (or the user's own) may not (``missing``)."""
    if flavor == "hugo":
        wanted: dict[str, tuple[str, ...]] = {
            "layouts/_default/list.html": (".Params.also", ".Content"),
            "layouts/_default/rss.xml": (".Params.by",),
        }
        wanted |= {path: _word_keys(toml=True) for path in _hugo_words(facts)}
        if facts.taxonomies:
            wanted["hugo.toml"] = tuple(f'{key} = "{key}"' for key in sorted(facts.taxonomies))
        return wanted
    if flavor == "jekyll":
        words = {"_data/i18n.json": _word_keys()}
        return {"_layouts/term.html": ("where_exp",), **words} if facts.taxonomies else words
    if flavor == "eleventy":
        names = (
            'addFilter("withTerms"',
            'addFilter("termsOf"',
            'addFilter("termFeed"',
            'addFilter("inPeriod"',
            'addFilter("byAuthor"',
            'addFilter("translationsOf"',
            'addCollection("feed"',
            'addFilter("archiveFeed"',
            *(['addFilter("latestComments"'] if facts.comments_feed else []),
            'addFilter("word"',
            'addFilter("longDate"',
        )
        return {"eleventy.config.js": names, "_data/i18n.json": _word_keys()}
    if flavor == "astro":
        sections = tuple(f'"{name}"' for name in sorted(facts.sections))
        return {
            "src/content.config.ts": sections,
            "src/pages/[...path].astro": ("data.period", "data.by"),
            "src/pages/[...path]/feed.xml.js": ("archive.period", "archive.by"),
            "src/data/i18n.json": _word_keys(),
            "src/lib/words.js": ("longDate",),
        }
    return {}


def _word_keys(toml: bool = False) -> tuple[str, ...]:
    """The words the layouts look up, as a words file holds their keys (``"home"`` in
    JSON; ``home =``, or ``[comments]`` for a plural, in Hugo's TOML): a table kept from
    an earlier version may lack one, which a page then shows in English (or as its key,
    where the table lost English too)."""
    words = uiwords.WORDS[uiwords.FALLBACK].items()
    if not toml:
        return tuple(f'"{key}"' for key, _ in words)
    return tuple(f"[{key}]" if isinstance(word, dict) else f"{key} =" for key, word in words)


def _hugo_words(facts: SiteFacts) -> dict[str, str]:
    return uiwords.hugo_files(facts.languages())


def missing(text: str, wanted: tuple[str, ...]) -> list[str]:
    """The ``wanted`` strings ``text`` lacks."""
    return [want for want in wanted if want not in text]


def netlify_path(flavor: str) -> str:
    """Where ``_redirects`` must be to be published with the site."""
    return {"hugo": "static/_redirects", "astro": "public/_redirects"}.get(
        flavor, FILE_NAMES["netlify"]
    )


def _title(facts: SiteFacts) -> str:
    return facts.site.title or "Blog"


def _hugo(facts: SiteFacts) -> dict[str, str]:
    config = {
        "baseURL": facts.base_url + "/" if facts.base_url else "/",
        "title": _title(facts),
        "defaultContentLanguage": facts.default_lang,
        "permalinks": {"pages": "/:slug/"},
        "taxonomies": {
            "category": "categories",
            "tag": "tags",
            **{key: key for key in sorted(facts.taxonomies)},
        },
        "languages": {
            lang: {"weight": n, "languageName": lang}
            for n, lang in enumerate(facts.languages(), start=1)
        },
        # Raw HTML is kept where Markdown has no form; typographer off: text as typed;
        # linkify off: an address typed in a post was text on WordPress (and goldmark
        # cut one at an escape, "http://a/x\_y" linked to "http://a/x").
        "markup": {
            "goldmark": {
                "renderer": {"unsafe": True},
                "extensions": {"typographer": False, "linkify": False},
            }
        },
        "params": {"description": facts.site.description, "wordpress": facts.site.link},
    }
    header = "# Hugo configuration written by wxr_tools; edit freely, it is never rewritten.\n"
    return {
        "hugo.toml": header + tomli_w.dumps(config),
        "layouts/_default/baseof.html": templates.HUGO_BASEOF,
        "layouts/_default/list.html": templates.HUGO_LIST,
        "layouts/_default/single.html": templates.HUGO_SINGLE,
        "layouts/partials/comments.html": templates.HUGO_COMMENTS,
        "layouts/partials/menu.html": templates.HUGO_MENU,
        "layouts/partials/date.html": templates.HUGO_DATE,
        "layouts/partials/title.html": templates.HUGO_TITLE,
        "layouts/_default/period.html": templates.HUGO_PERIOD,
        "layouts/partials/period-posts.html": templates.HUGO_PERIOD_POSTS,
        "layouts/_default/author.html": templates.HUGO_AUTHOR,
        "layouts/_default/rss.xml": templates.HUGO_RSS,
        "layouts/404.html": notfoundtemplates.HUGO_404,
        **_hugo_words(facts),
        **_comments_feed(
            facts, "layouts/_default/comments.rss.xml", commentfeedtemplates.HUGO_COMMENTS_RSS
        ),
    }


def _jekyll(facts: SiteFacts) -> dict[str, str]:
    custom = sorted(facts.sections - {"posts", "pages"})
    config = {
        "title": _title(facts),
        "description": facts.site.description,
        **({"url": facts.base_url} if facts.base_url else {}),
        "lang": facts.default_lang,
        "languages": facts.languages(),
        "markdown": "kramdown",
        # Text as typed, as Hugo's typographer is off: kramdown's defaults made "--delete"
        # "–delete", "<<" "«" and straight quotes curly in code written as text.
        "kramdown": {
            "smart_quotes": ["apos", "apos", "quot", "quot"],
            "typographic_symbols": {
                "hellip": "...",
                "mdash": "---",
                "ndash": "--",
                "laquo": "<<",
                "raquo": ">>",
                "laquo_space": "<< ",
                "raquo_space": " >>",
            },
        },
        "plugins": ["jekyll-redirect-from"],
        "include": ["_pages", "_redirects"],
        "exclude": [
            FILE_NAMES["nginx"],
            FILE_NAMES["apache"],
            FILE_NAMES["csv"],
            "Gemfile",
            "Gemfile.lock",
            "vendor",
        ],
        "collections": {name: {"output": True} for name in custom},
        "defaults": [
            {"scope": {"path": ""}, "values": {"layout": "post"}},
            {"scope": {"path": "index.html"}, "values": {"layout": "default"}},
        ],
    }
    header = "# Jekyll configuration written by wxr_tools; edit freely, it is never rewritten.\n"
    text = yaml.safe_dump(config, allow_unicode=True, sort_keys=False, width=2**16)
    return {
        "_config.yml": header + text,
        "_layouts/default.html": templates.JEKYLL_DEFAULT,
        "_layouts/post.html": templates.JEKYLL_POST,
        "_layouts/term.html": templates.JEKYLL_TERM,
        "_layouts/period.html": templates.JEKYLL_PERIOD,
        "_layouts/author.html": templates.JEKYLL_AUTHOR,
        "_layouts/term-feed.xml": feedtemplates.JEKYLL_TERM_FEED,
        "_layouts/archive-feed.xml": feedtemplates.JEKYLL_ARCHIVE_FEED,
        **_comments_feed(facts, "comments-feed.xml", commentfeedtemplates.JEKYLL_COMMENTS_FEED),
        "feed.xml": feedtemplates.JEKYLL_FEED,
        "_includes/feed-item.xml": feedtemplates.JEKYLL_ITEM,
        "_includes/period-posts.html": templates.JEKYLL_PERIOD_POSTS,
        "sitemap.xml": sitemaptemplates.JEKYLL_SITEMAP,
        "_includes/comments.html": templates.JEKYLL_COMMENTS,
        "_includes/menu.html": templates.JEKYLL_MENU,
        "_includes/word.html": wordtemplates.JEKYLL_WORD,
        "_includes/date.html": wordtemplates.JEKYLL_DATE,
        "_data/i18n.json": uiwords.data_json(facts.languages()),
        "index.html": templates.JEKYLL_INDEX,
        "404.html": notfoundtemplates.JEKYLL_404,
    }


def _site_data(facts: SiteFacts) -> dict[str, object]:
    """The site's title and languages, as data the Eleventy and Astro layouts read."""
    return {
        "title": _title(facts),
        "description": facts.site.description,
        "url": facts.base_url,
        "lang": facts.default_lang,
        "languages": facts.languages(),
    }


def _json(data: object) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def passthrough(facts: SiteFacts) -> str | None:
    """Eleventy's line that publishes the media folder; None without media files.

    Only then: a site written without media keeps exactly the configuration it had.
    """
    if not facts.media_folder:
        return None
    return f"  eleventyConfig.addPassthroughCopy({json.dumps(facts.media_folder)});\n"


def _eleventy(facts: SiteFacts) -> dict[str, str]:
    package = {
        "private": True,
        "scripts": {"build": "eleventy", "start": "eleventy --serve"},
        "devDependencies": {"@11ty/eleventy": "^3.0.0", "markdown-it": "^14.1.0"},
    }
    return {
        "package.json": _json(package),
        "eleventy.config.js": _eleventy_config(facts),
        "_data/site.json": _json(_site_data(facts)),
        "_data/i18n.json": uiwords.data_json(facts.languages()),
        "_includes/base.njk": nodetemplates.ELEVENTY_BASE,
        "_includes/post.njk": nodetemplates.ELEVENTY_POST,
        "_includes/term.njk": nodetemplates.ELEVENTY_TERM,
        "_includes/period.njk": nodetemplates.ELEVENTY_PERIOD,
        "_includes/author.njk": nodetemplates.ELEVENTY_AUTHOR,
        "content/content.11tydata.json": _json({"layout": "post.njk"}),
        "content/index.njk": nodetemplates.ELEVENTY_INDEX,
        "content/404.njk": notfoundtemplates.ELEVENTY_404,
        "content/redirects.njk": nodetemplates.ELEVENTY_REDIRECTS,
        "content/feed.njk": feedtemplates.ELEVENTY_FEED,
        "_includes/feed-item.njk": feedtemplates.ELEVENTY_ITEM,
        "content/sitemap.njk": sitemaptemplates.ELEVENTY_SITEMAP,
        "content/term-feeds.njk": feedtemplates.ELEVENTY_TERM_FEED,
        "content/archive-feeds.njk": feedtemplates.ELEVENTY_ARCHIVE_FEED,
        **_comments_feed(
            facts, "content/comments-feed.njk", commentfeedtemplates.ELEVENTY_COMMENTS_FEED
        ),
    }


def _eleventy_config(facts: SiteFacts) -> str:
    anchor = '  eleventyConfig.addPassthroughCopy("_redirects");\n'
    config = nodetemplates.ELEVENTY_CONFIG
    filters = (
        wordtemplates.ELEVENTY_WORD_FILTER
        + feedtemplates.ELEVENTY_TERM_FEED_FILTER
        + feedtemplates.ELEVENTY_ARCHIVE_FEED_FILTER
        + commentfeedtemplates.ELEVENTY_COMMENTS_FILTER
    )
    config = config.replace(anchor, anchor + filters)
    start = "module.exports = function (eleventyConfig) {\n"
    config = config.replace(start, wordtemplates.WORD_JS + "\n" + start)
    line = passthrough(facts)
    return config if line is None else config.replace(anchor, anchor + line)


def _astro(facts: SiteFacts) -> dict[str, str]:
    package = {
        "name": "wordpress-site",
        "type": "module",
        "private": True,
        "scripts": {"dev": "astro dev", "build": "astro build"},
        # 5.7: astro:config/server, which src/lib/comments.js finds the data files by.
        "dependencies": {"astro": "^5.7.0"},
    }
    sections = sorted(facts.sections | {"posts"})
    content_config = nodetemplates.ASTRO_CONTENT_CONFIG.replace("SECTIONS", json.dumps(sections))
    return {
        "package.json": _json(package),
        "astro.config.mjs": nodetemplates.ASTRO_CONFIG,
        "src/content.config.ts": content_config,
        "src/data/site.json": _json(_site_data(facts)),
        "src/data/i18n.json": uiwords.data_json(facts.languages()),
        "src/lib/words.js": wordtemplates.ASTRO_WORDS,
        "src/lib/listings.js": listingtemplates.ASTRO_LISTINGS,
        "src/lib/comments.js": commenttemplates.ASTRO_COMMENTS,
        "src/layouts/Base.astro": nodetemplates.ASTRO_BASE,
        "src/components/Menu.astro": nodetemplates.ASTRO_MENU,
        "src/pages/index.astro": nodetemplates.ASTRO_INDEX,
        "src/pages/404.astro": notfoundtemplates.ASTRO_404,
        "src/pages/[...path].astro": nodetemplates.ASTRO_PAGE,
        "src/pages/feed.xml.js": feedtemplates.ASTRO_FEED,
        "src/lib/rss.js": feedtemplates.ASTRO_RSS,
        "src/pages/sitemap.xml.js": sitemaptemplates.ASTRO_SITEMAP,
        "src/pages/[...path]/feed.xml.js": feedtemplates.ASTRO_TERM_FEED,
        **_comments_feed(
            facts, "src/pages/comments/feed.xml.js", commentfeedtemplates.ASTRO_COMMENTS_FEED
        ),
    }


def _comments_feed(facts: SiteFacts, path: str, template: str) -> dict[str, str]:
    """The latest comments' feed at ``path``, when the comment data files it reads are
    written."""
    return {path: template} if facts.comments_feed else {}

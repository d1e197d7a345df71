# ruff: noqa: E501  (the templates are Liquid, Nunjucks and JavaScript: long lines are theirs)
"""The RSS feeds of the Jekyll, Eleventy and Astro skeletons (Hugo's is ``HUGO_RSS``).

WordPress served its latest posts at ``/feed/`` and each category's, tag's and other
term's at ``/category/x/feed/``, each month's, year's and author's at ``/2010/03/feed/``,
``/author/x/feed/``; readers subscribed there, and the redirect maps send those
addresses here: the site's feed at ``/feed.xml``, each archive's beside its page at
``<page>feed.xml``. Every feed holds the 20 latest posts (never pages) and each entry
keeps its WordPress guid, so that a reader that follows a redirect does not show them
again as new. One piece writes an entry in each flavor (an include, a module), so that
the feeds stay alike when a person edits them.

* Jekyll makes no page per term by itself: the writer puts a small file beside each
  term page (``<term>.feed.xml``: its URL and its term), which the ``term-feed`` layout
  makes the feed of; beside each month's, year's and author's page too, for the
  ``archive-feed`` layout (``period`` or ``by``, as the page).
* Eleventy makes one from each page of the ``terms`` collection (pagination), with the
  ``termFeed`` filter of its configuration, and one from each page of the ``archives``
  collection (months, years, authors) with ``archiveFeed``.
* Astro makes one from each term, month, year and author entry (a dynamic route under
  every such page's path).

The latest comments' feed is in ``commentfeedtemplates``.
"""

from __future__ import annotations

JEKYLL_ITEM = """\
{% comment %}One feed entry (written by wxr_tools): include.post, under its WordPress guid.{% endcomment %}
<item>
<title>{{ include.post.title | xml_escape }}</title>
<link>{{ include.post.url | absolute_url }}</link>
{% if include.post.wordpress.guid %}<guid isPermaLink="false">{{ include.post.wordpress.guid | xml_escape }}</guid>{% else %}<guid>{{ include.post.url | absolute_url }}</guid>{% endif %}
<pubDate>{{ include.post.date | date_to_rfc822 }}</pubDate>
<description>{{ include.post.excerpt | xml_escape }}</description>
</item>
"""

JEKYLL_FEED = """\
---
layout: null
permalink: /feed.xml
---
<?xml version="1.0" encoding="utf-8"?>
{% comment %}The latest posts as RSS (written by wxr_tools): the old /feed/ redirects here.{% endcomment %}
<rss version="2.0">
<channel>
<title>{{ site.title | xml_escape }}</title>
<link>{{ "/" | absolute_url }}</link>
<description>{{ site.description | xml_escape }}</description>
{% for post in site.posts limit: 20 %}{% include feed-item.xml post=post %}{% endfor %}</channel>
</rss>
"""

_JEKYLL_FEED_HEAD = """\
---
layout: null
---
<?xml version="1.0" encoding="utf-8"?>
"""
_JEKYLL_FEED_CHANNEL = """\
<rss version="2.0">
<channel>
<title>{{ page.title | xml_escape }} – {{ site.title | xml_escape }}</title>
<link>{{ page.page_url | absolute_url }}</link>
<description>{{ site.description | xml_escape }}</description>
{% for post in posts limit: 20 %}{% include feed-item.xml post=post %}{% endfor %}</channel>
</rss>
"""
"""What a term's and an archive's feed write of the ``posts`` they chose (the first 20)."""

JEKYLL_TERM_FEED = (
    _JEKYLL_FEED_HEAD
    + """\
{% comment %}A term's feed (written by wxr_tools): the 20 latest posts its page lists; the old /category/x/feed/ redirects here.{% endcomment %}
{% if page.taxonomy == "categories" or page.taxonomy == "tags" %}{% assign posts = site[page.taxonomy][page.term] %}{% for name in page.also %}{% assign more = site[page.taxonomy][name] %}{% if more %}{% assign posts = posts | concat: more %}{% endif %}{% endfor %}{% else %}{% assign posts = site.posts | where_exp: "post", "post[page.taxonomy] contains page.term" %}{% endif %}
{% assign posts = posts | uniq | sort: "date" | reverse %}
"""
    + _JEKYLL_FEED_CHANNEL
)

JEKYLL_ARCHIVE_FEED = (
    _JEKYLL_FEED_HEAD
    + """\
{% comment %}A month's, a year's or an author's feed (written by wxr_tools): the 20 latest posts its page lists (page.period: "2010-03" or "2010"; page.by: the author's name); the old /2010/03/feed/, /author/x/feed/ redirect here.{% endcomment %}
{% if page.by %}{% assign posts = site.posts | where: "author", page.by %}{% else %}{% include period-posts.html period=page.period %}{% assign posts = period_posts %}{% endif %}
"""
    + _JEKYLL_FEED_CHANNEL
)

ELEVENTY_ITEM = """\
{# One feed entry (written by wxr_tools): post, under its WordPress guid. #}
<item>
<title>{{ post.data.title | escape }}</title>
<link>{{ site.url | escape }}{{ post.url | escape }}</link>
{% if post.data.wordpress.guid %}<guid isPermaLink="false">{{ post.data.wordpress.guid | escape }}</guid>{% else %}<guid>{{ site.url | escape }}{{ post.url | escape }}</guid>{% endif %}
<pubDate>{{ post.date.toUTCString() }}</pubDate>
<description>{{ post.data.summary | escape }}</description>
</item>
"""

ELEVENTY_FEED = """\
---
# The latest posts as RSS: the old /feed/ redirects here.
permalink: /feed.xml
layout: false
eleventyExcludeFromCollections: true
---
<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0">
<channel>
<title>{{ site.title | escape }}</title>
<link>{{ site.url | escape }}/</link>
<description>{{ site.description | escape }}</description>
{% for post in collections.feed %}{% include "feed-item.njk" %}{% endfor %}</channel>
</rss>
"""

_ELEVENTY_PAGED_FEED = """\
---
ABOUT
pagination:
  data: collections.COLLECTION
  size: 1
  alias: X
permalink: "{{ X.url }}feed.xml"
layout: false
eleventyExcludeFromCollections: true
---
<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0">
<channel>
<title>{{ X.data.title | escape }} – {{ site.title | escape }}</title>
<link>{{ site.url | escape }}{{ X.url | escape }}</link>
<description>{{ site.description | escape }}</description>
{% for post in collections.wordpress | FILTER(X.data) %}{% include "feed-item.njk" %}{% endfor %}</channel>
</rss>
"""


def _eleventy_paged_feed(about: str, collection: str, alias: str, feed_filter: str) -> str:
    """A feed for each page of ``collection`` (Eleventy's pagination, ``alias`` naming
    the page), its entries the posts ``feed_filter`` keeps; ``about`` its comment."""
    # The alias first: the comment is the caller's text, never looked into.
    text = _ELEVENTY_PAGED_FEED.replace("X.", alias + ".").replace("alias: X", "alias: " + alias)
    text = text.replace("COLLECTION", collection).replace("FILTER", feed_filter)
    return text.replace("ABOUT", about)


ELEVENTY_TERM_FEED = _eleventy_paged_feed(
    "# A term's feed (written by wxr_tools): the 20 latest posts its page lists; the old\n"
    "# /category/x/feed/ redirects here.",
    "terms",
    "t",
    "termFeed",
)

ELEVENTY_TERM_FEED_FILTER = """\
  // A term's feed (term-feeds.njk): the 20 latest posts its page lists.
  eleventyConfig.addFilter("termFeed", (posts, term) => {
    const names = [term.term, ...(term.also ?? [])];
    const terms = (post) => (isPost(post) ? termsIn(post, term.taxonomy) : []);
    return withAny(posts, grouped(posts, `post terms ${term.taxonomy}`, terms), names).slice(0, 20);
  });
"""

ELEVENTY_ARCHIVE_FEED = _eleventy_paged_feed(
    "# A month's, a year's or an author's feed (written by wxr_tools): the 20 latest posts its\n"
    "# page lists; the old /2010/03/feed/, /author/x/feed/ redirect here.",
    "archives",
    "a",
    "archiveFeed",
)

ELEVENTY_ARCHIVE_FEED_FILTER = """\
  // A month's, a year's or an author's feed (archive-feeds.njk): the 20 latest posts
  // its page lists (period.njk's, author.njk's).
  eleventyConfig.addCollection("archives", (api) => api.getAll().filter((page) => page.data.period || page.data.by));
  eleventyConfig.addFilter("archiveFeed", (posts, archive) => {
    const authors = (post) => (isPost(post) ? [post.data.author] : []);
    const listed = archive.by ? grouped(posts, "author", authors).get(archive.by) : inPeriod(posts, String(archive.period));
    return (listed ?? []).slice(0, 20);
  });
"""

ASTRO_RSS = """\
// RSS (written by wxr_tools): the site's feed and every term's (pages/feed.xml.js,
// pages/[...path]/feed.xml.js). Each entry keeps its WordPress guid.
import site from "../data/site.json";

const xml = (text) =>
  String(text ?? "").replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

// Absolute with the site's address (site.json's url: [links] base_url), else site-relative.
const url = (path) => xml((site.url ?? "") + path);

// The 20 latest of ``posts`` (entries of any collection: the posts are kept).
export function latest(posts) {
  return posts
    .filter((post) => post.data.wordpress.type === "post" && !post.data.draft)
    .sort((a, b) => (b.data.date?.getTime() ?? 0) - (a.data.date?.getTime() ?? 0))
    .slice(0, 20);
}

export function rss(title, link, posts) {
  const items = posts.map((post) => `<item>
<title>${xml(post.data.title)}</title>
<link>${url(post.data.permalink)}</link>
${post.data.wordpress.guid ? `<guid isPermaLink="false">${xml(post.data.wordpress.guid)}</guid>` : `<guid>${url(post.data.permalink)}</guid>`}
${post.data.date ? `<pubDate>${post.data.date.toUTCString()}</pubDate>` : ""}
<description>${xml(post.data.summary)}</description>
</item>`);
  const body = `<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0">
<channel>
<title>${xml(title)}</title>
<link>${url(link)}</link>
<description>${xml(site.description)}</description>
${items.join("\\n")}
</channel>
</rss>
`;
  return new Response(body, { headers: { "Content-Type": "application/rss+xml; charset=utf-8" } });
}
"""

ASTRO_FEED = """\
// The latest posts as RSS (written by wxr_tools): the old /feed/ redirects here.
import site from "../data/site.json";
import { entriesOf } from "../lib/listings.js";
import { latest, rss } from "../lib/rss.js";

export async function GET() {
  return rss(site.title, "/", latest(await entriesOf("posts")));
}
"""

ASTRO_TERM_FEED = """\
// A term's, a month's, a year's or an author's feed (written by wxr_tools): the 20
// latest posts its page lists; the old /category/x/feed/, /2010/03/feed/,
// /author/x/feed/ redirect here.
import site from "../../data/site.json";
import { archiveListings, published } from "../../lib/listings.js";
import { latest, rss } from "../../lib/rss.js";

export async function getStaticPaths() {
  const entries = await published();
  // The posts each page lists ([...path].astro), found once (src/lib/listings.js): a
  // term's (and its subcategories'), a month's or a year's (by the author's day), an
  // author's.
  const listings = archiveListings(entries);
  return entries
    .filter((entry) => (entry.data.term && entry.data.taxonomy) || entry.data.period || entry.data.by)
    .map((entry) => ({
      params: { path: entry.data.permalink.replace(/^\\/+|\\/+$/g, "") },
      props: { archive: entry.data, posts: listings.get(entry) },
    }));
}

export async function GET({ props }) {
  const { archive, posts } = props;
  return rss(`${archive.title} – ${site.title}`, archive.permalink, latest(posts));
}
"""

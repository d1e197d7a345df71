# ruff: noqa: E501  (the templates are Liquid, Nunjucks and JavaScript: long lines are theirs)
"""The feeds of the term pages in Jekyll, Eleventy and Astro (Hugo makes its own).

WordPress served each category's, tag's and other term's latest posts at
``/category/x/feed/``; readers subscribed there. Each term page of the new site has its
feed beside it, at ``<page>feed.xml``, with the 20 latest posts the page lists (posts
only, as every feed of the site), each under its WordPress guid, so that a reader that
follows the old address's redirect does not show them again as new.

* Jekyll has no way to make a page per term by itself: the writer puts a small file
  beside each term page (``<term>.feed.xml``: its URL and its term), which the layout
  here makes the feed of.
* Eleventy makes one from each page of the ``terms`` collection (pagination), with the
  ``termFeed`` filter of its configuration.
* Astro makes one from each term entry (a dynamic route under every term's path).
"""

from __future__ import annotations

JEKYLL_TERM_FEED = """\
---
layout: null
---
<?xml version="1.0" encoding="utf-8"?>
{% comment %}A term's feed (written by wxr_tools): the 20 latest posts its page lists; the old /category/x/feed/ redirects here. An entry keeps its WordPress guid.{% endcomment %}
{% if page.taxonomy == "categories" or page.taxonomy == "tags" %}{% assign posts = site[page.taxonomy][page.term] %}{% for name in page.also %}{% assign more = site[page.taxonomy][name] %}{% if more %}{% assign posts = posts | concat: more %}{% endif %}{% endfor %}{% else %}{% assign posts = site.posts | where_exp: "post", "post[page.taxonomy] contains page.term" %}{% endif %}
{% assign posts = posts | uniq | sort: "date" | reverse %}
<rss version="2.0">
<channel>
<title>{{ page.title | xml_escape }} – {{ site.title | xml_escape }}</title>
<link>{{ page.page_url | absolute_url }}</link>
<description>{{ site.description | xml_escape }}</description>
{% for post in posts limit: 20 %}<item>
<title>{{ post.title | xml_escape }}</title>
<link>{{ post.url | absolute_url }}</link>
{% if post.wordpress.guid %}<guid isPermaLink="false">{{ post.wordpress.guid | xml_escape }}</guid>{% else %}<guid>{{ post.url | absolute_url }}</guid>{% endif %}
<pubDate>{{ post.date | date_to_rfc822 }}</pubDate>
<description>{{ post.excerpt | xml_escape }}</description>
</item>
{% endfor %}</channel>
</rss>
"""

ELEVENTY_TERM_FEED = """\
---
# A term's feed (written by wxr_tools): the 20 latest posts its page lists; the old
# /category/x/feed/ redirects here. An entry keeps its WordPress guid.
pagination:
  data: collections.terms
  size: 1
  alias: t
permalink: "{{ t.url }}feed.xml"
layout: false
eleventyExcludeFromCollections: true
---
<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0">
<channel>
<title>{{ t.data.title | escape }} – {{ site.title | escape }}</title>
<link>{{ site.url | escape }}{{ t.url | escape }}</link>
<description>{{ site.description | escape }}</description>
{% for post in collections.wordpress | termFeed(t.data) %}<item>
<title>{{ post.data.title | escape }}</title>
<link>{{ site.url | escape }}{{ post.url | escape }}</link>
{% if post.data.wordpress.guid %}<guid isPermaLink="false">{{ post.data.wordpress.guid | escape }}</guid>{% else %}<guid>{{ site.url | escape }}{{ post.url | escape }}</guid>{% endif %}
<pubDate>{{ post.date.toUTCString() }}</pubDate>
<description>{{ post.data.summary | escape }}</description>
</item>
{% endfor %}</channel>
</rss>
"""

ELEVENTY_TERM_FEED_FILTER = """\
  // A term's feed (term-feeds.njk): the 20 latest posts its page lists.
  eleventyConfig.addFilter("termFeed", (posts, term) => {
    const names = [term.term, ...(term.also ?? [])];
    return posts
      .filter((post) => post.data.wordpress?.type === "post")
      .filter((post) => [post.data[term.taxonomy] ?? []].flat().some((name) => names.includes(name)))
      .slice(0, 20);
  });
"""

ASTRO_TERM_FEED = """\
// A term's feed (written by wxr_tools): the 20 latest posts its page lists; the old
// /category/x/feed/ redirects here. An entry keeps its WordPress guid.
import { getCollection } from "astro:content";
import site from "../../data/site.json";
import { sections } from "../../content.config";

const xml = (text) =>
  String(text ?? "").replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

export async function getStaticPaths() {
  const all = (await Promise.all(sections.map((name) => getCollection(name)))).flat();
  const entries = all.filter((entry) => !entry.data.draft);
  return entries
    .filter((entry) => entry.data.term && entry.data.taxonomy)
    .map((entry) => ({
      params: { path: entry.data.permalink.replace(/^\\/+|\\/+$/g, "") },
      props: { term: entry.data, entries },
    }));
}

export async function GET({ props }) {
  const { term, entries } = props;
  const names = [term.term, ...(term.also ?? [])];
  const posts = entries
    .filter((e) => e.data.wordpress.type === "post")
    .filter((e) => [e.data[term.taxonomy] ?? []].flat().some((name) => names.includes(name)))
    .sort((a, b) => (b.data.date?.getTime() ?? 0) - (a.data.date?.getTime() ?? 0))
    .slice(0, 20);
  // Absolute with the site's address (site.json's url: [links] base_url), else site-relative.
  const url = (path) => xml((site.url ?? "") + path);
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
<title>${xml(term.title)} – ${xml(site.title)}</title>
<link>${url(term.permalink)}</link>
<description>${xml(site.description)}</description>
${items.join("\\n")}
</channel>
</rss>
`;
  return new Response(body, { headers: { "Content-Type": "application/rss+xml; charset=utf-8" } });
}
"""

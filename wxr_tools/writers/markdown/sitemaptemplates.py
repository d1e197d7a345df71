# ruff: noqa: E501  (the templates are Liquid, Nunjucks and JavaScript: long lines are theirs)
"""The sitemaps of the Jekyll, Eleventy and Astro skeletons (Hugo makes its own).

Search engines were told of the old site's sitemap (WordPress's ``/wp-sitemap.xml``,
Yoast's ``/sitemap_index.xml``); the redirect maps send those addresses to the new
site's ``/sitemap.xml``, which lists every page a person can reach: posts, pages, the
archive pages and the home page, never a redirect page, a feed or a draft.
"""

from __future__ import annotations

JEKYLL_SITEMAP = """\
---
layout: null
permalink: /sitemap.xml
---
<?xml version="1.0" encoding="utf-8"?>
{% comment %}Every page of the site, for search engines (written by wxr_tools): the old /wp-sitemap.xml redirects here. Redirect pages (sitemap: false) and files (feeds, this one: their URLs end with no "/") are left out; documents (posts) are all in. By URL: Jekyll sorts site.pages by file name, unstably, from the order the folders are read, which differs from one copy of the site to the next.{% endcomment %}
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
{% assign entries = site.documents | concat: site.pages | sort: "url" %}{% for p in entries %}{% assign last = p.url | slice: -1 %}{% if p.collection or p.sitemap != false and last == "/" %}<url><loc>{{ p.url | absolute_url | xml_escape }}</loc></url>
{% endif %}{% endfor %}</urlset>
"""

ELEVENTY_SITEMAP = """\
---
# Every page of the site, for search engines: the old /wp-sitemap.xml redirects here.
# Feeds and redirect pages are out of the collections; drafts have no URL.
# By URL: collections.all is by date, and a page without one (term, period, author
# pages) takes its file's creation time, which differs from one conversion to the next.
permalink: /sitemap.xml
layout: false
eleventyExcludeFromCollections: true
---
<?xml version="1.0" encoding="utf-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
{% for entry in collections.all | selectattr("url") | sort(false, true, "url") %}<url><loc>{{ site.url | escape }}{{ entry.url | escape }}</loc></url>
{% endfor %}</urlset>
"""

ASTRO_SITEMAP = """\
// Every page of the site, for search engines (written by wxr_tools): the old
// /wp-sitemap.xml redirects here. Drafts are left out, as they are of the site.
// By URL: getCollection's order is the order the files' reads finished.
import { getCollection } from "astro:content";
import site from "../data/site.json";
import { sections } from "../content.config";

const xml = (text) =>
  String(text ?? "").replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

export async function GET() {
  const all = (await Promise.all(sections.map((name) => getCollection(name)))).flat();
  const paths = ["/", ...all.filter((entry) => !entry.data.draft).map((entry) => entry.data.permalink)].sort();
  const urls = paths.map((path) => `<url><loc>${xml((site.url ?? "") + path)}</loc></url>`);
  const body = `<?xml version="1.0" encoding="utf-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
${urls.join("\\n")}
</urlset>
`;
  return new Response(body, { headers: { "Content-Type": "application/xml; charset=utf-8" } });
}
"""

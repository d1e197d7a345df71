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
{% comment %}Every page of the site, for search engines (written by wxr_tools): the old /wp-sitemap.xml redirects here. Redirect pages (sitemap: false) and files (feeds, this one: their URLs end with no "/") are left out.{% endcomment %}
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
{% for doc in site.documents %}<url><loc>{{ doc.url | absolute_url | xml_escape }}</loc></url>
{% endfor %}{% for p in site.pages %}{% assign last = p.url | slice: -1 %}{% if p.sitemap != false and last == "/" %}<url><loc>{{ p.url | absolute_url | xml_escape }}</loc></url>
{% endif %}{% endfor %}</urlset>
"""

ELEVENTY_SITEMAP = """\
---
# Every page of the site, for search engines: the old /wp-sitemap.xml redirects here.
# Feeds and redirect pages are out of the collections; drafts have no URL.
permalink: /sitemap.xml
layout: false
eleventyExcludeFromCollections: true
---
<?xml version="1.0" encoding="utf-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
{% for entry in collections.all %}{% if entry.url %}<url><loc>{{ site.url | escape }}{{ entry.url | escape }}</loc></url>
{% endif %}{% endfor %}</urlset>
"""

ASTRO_SITEMAP = """\
// Every page of the site, for search engines (written by wxr_tools): the old
// /wp-sitemap.xml redirects here. Drafts are left out, as they are of the site.
import { getCollection } from "astro:content";
import site from "../data/site.json";
import { sections } from "../content.config";

const xml = (text) =>
  String(text ?? "").replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

export async function GET() {
  const all = (await Promise.all(sections.map((name) => getCollection(name)))).flat();
  const paths = ["/", ...all.filter((entry) => !entry.data.draft).map((entry) => entry.data.permalink)];
  const urls = paths.map((path) => `<url><loc>${xml((site.url ?? "") + path)}</loc></url>`);
  const body = `<?xml version="1.0" encoding="utf-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
${urls.join("\\n")}
</urlset>
`;
  return new Response(body, { headers: { "Content-Type": "application/xml; charset=utf-8" } });
}
"""

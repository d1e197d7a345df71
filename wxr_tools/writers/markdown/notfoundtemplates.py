# ruff: noqa: E501  (the templates are Go templates, Liquid, Nunjucks and Astro: long lines are theirs)
"""The "page not found" page of each skeleton, which static hosts (Netlify, Cloudflare
Pages, GitHub Pages, GitLab Pages) serve as ``/404.html`` for any address with no page.

A visitor who arrives from an old link that no redirect knows (a URL typed by hand, a
page the export did not hold) meets it instead of the host's bare error: it says the
site moved, and offers the home page and the latest posts, as a WordPress theme's
404 template did. It is no page of the sitemap. Its words are in the site's language
(Hugo renders one for each language, ``/en/404.html``; the hosts serve the root's).
"""

from __future__ import annotations

HUGO_404 = """\
{{ define "main" }}
{{- /* Served for any address with no page (written by wxr_tools): the site moved from WordPress. */ -}}
<h1>{{ i18n "not_found" }}</h1>
<p>{{ i18n "not_found_text" }}</p>
<p><a href="{{ "/" | relLangURL }}">{{ i18n "home" }}</a></p>
<h2>{{ i18n "latest_posts" }}</h2>
<ul class="posts">
{{ range first 10 (where site.RegularPages "Section" "posts").ByDate.Reverse }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>
{{ end }}</ul>
{{ end }}
"""

JEKYLL_404 = """\
---
layout: default
permalink: /404.html
---
{% comment %}Served for any address with no page (written by wxr_tools): the site moved from WordPress.{% endcomment %}
<h1>{% include word.html key="not_found" %}</h1>
<p>{% include word.html key="not_found_text" %}</p>
<p><a href="{{ "/" | relative_url }}">{% include word.html key="home" %}</a></p>
<h2>{% include word.html key="latest_posts" %}</h2>
<ul class="posts">
{% for post in site.posts limit: 10 %}<li><a href="{{ post.url | relative_url }}">{{ post.title | escape }}</a></li>
{% endfor %}</ul>
"""

ELEVENTY_404 = """\
---
# Served for any address with no page (written by wxr_tools): the site moved from WordPress.
layout: base.njk
permalink: /404.html
eleventyExcludeFromCollections: true
---
<h1>{{ i18n | word(site.lang, "not_found") }}</h1>
<p>{{ i18n | word(site.lang, "not_found_text") }}</p>
<p><a href="/">{{ i18n | word(site.lang, "home") }}</a></p>
<h2>{{ i18n | word(site.lang, "latest_posts") }}</h2>
<ul class="posts">
{% for post in collections.feed %}{% if loop.index <= 10 %}<li><a href="{{ post.url }}">{{ post.data.title }}</a></li>
{% endif %}{% endfor %}</ul>
"""

ASTRO_404 = """\
---
// Served for any address with no page (written by wxr_tools): the site moved from WordPress.
import Base from "../layouts/Base.astro";
import { entriesOf } from "../lib/listings.js";
import { word } from "../lib/words.js";
const posts = (await entriesOf("posts"))
  .filter((post) => !post.data.draft)
  .sort((a, b) => (b.data.date?.getTime() ?? 0) - (a.data.date?.getTime() ?? 0))
  .slice(0, 10);
---
<Base>
<h1>{word(undefined, "not_found")}</h1>
<p>{word(undefined, "not_found_text")}</p>
<p><a href="/">{word(undefined, "home")}</a></p>
<h2>{word(undefined, "latest_posts")}</h2>
<ul class="posts">
{posts.map((post) => <li><a href={post.data.permalink}>{post.data.title}</a></li>)}
</ul>
</Base>
"""

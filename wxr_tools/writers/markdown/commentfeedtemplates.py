# ruff: noqa: E501  (the templates are Go templates, Liquid, Nunjucks and JavaScript: long lines are theirs)
"""The latest comments' feed of each skeleton, where WordPress's ``/comments/feed/`` now
redirects (``feeds``): written with ``--comments data`` only, as it reads the comment
data files (``comments.DATA_FILE``: one per item, named by the key the item's front
matter gives, ``wordpress.comments``, else its ``wordpress.id``).

Each template goes through the published items (never drafts, never the archive pages,
whose ``wordpress.id`` is a term's), takes their threads, and keeps the 20 newest
comments across them: an entry has the commenter's name, the date, the content (HTML,
as the post shows it) and a link to the comment on the item's page; never an e-mail or
an IP, which the data files may hold. Its guid is the item's WordPress guid and
``#comment-<id>``, as WordPress's was, so a reader that follows the redirect does not
show the comments again as new. A comment without a date cannot be placed among the
latest and is left out. The feed is one document in the site's language: its title
("Commentaires"), an entry's ("X sur <title>", "Anonyme" for a comment without a name)
are in it, whatever the item's language (Hugo renders it once, in that language).

* Hugo: a section (``content/comments/_index.md``, written by the writer) whose only
  output is RSS, made by the ``comments`` layout: ``/comments/index.xml``.
* Jekyll: Liquid makes no list of records, only of strings: each comment is a line
  ``<seconds since 1970, plus 10^10> <item's index> <comment's index>`` (the seconds
  padded to eleven digits, so that the lines sort by time), sorted; the newest 20 are
  looked up again.
* Eleventy: the ``latestComments`` filter of its configuration.
* Astro: an endpoint that reads the data files as the page layout does
  (``src/lib/comments.js``, ``commenttemplates``).
"""

from __future__ import annotations

HUGO_COMMENTS_RSS = """\
{{- /* The latest comments of the published items (written by wxr_tools), from
     data/comments/<key>.yaml: the old /comments/feed/ redirects here. */ -}}
{{- $comments := slice -}}
{{- with index site.Data "comments" -}}{{- $threads := . -}}
{{- range $.Sites }}{{ range .RegularPages }}{{ $page := . -}}
{{- with index $threads (string ($page.Params.wordpress.comments | default $page.Params.wordpress.id)) }}{{ range $c := . }}{{ with $c.date -}}
{{- $comments = $comments | append (dict "at" (time .).Unix "comment" $c "page" $page) -}}
{{- end }}{{ end }}{{ end -}}
{{- end }}{{ end -}}
{{- end -}}
{{- printf "<?xml version=\\"1.0\\" encoding=\\"utf-8\\"?>" | safeHTML }}
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel>
<title>{{ i18n "comments_feed" }} – {{ site.Title }}</title>
<link>{{ site.Home.Permalink }}</link>
<description>{{ site.Params.description }}</description>
{{- range first 20 (sort $comments "at" "desc") }}{{ $c := .comment }}{{ $page := .page }}
<item>
<title>{{ i18n "comment_on" (dict "author" ($c.author | default (i18n "anonymous")) "title" $page.Title) }}</title>
<link>{{ $page.Permalink }}#comment-{{ $c.id }}</link>
<dc:creator>{{ $c.author }}</dc:creator>
<pubDate>{{ (time $c.date).Format "Mon, 02 Jan 2006 15:04:05 -0700" | safeHTML }}</pubDate>
{{- with $page.Params.wordpress.guid }}
<guid isPermaLink="false">{{ . }}#comment-{{ $c.id }}</guid>
{{- else }}
<guid>{{ $page.Permalink }}#comment-{{ $c.id }}</guid>
{{- end }}
<description>{{ $c.content }}</description>
</item>
{{- end }}
</channel>
</rss>
"""

JEKYLL_COMMENTS_FEED = """\
---
layout: null
permalink: /comments/feed.xml
---
<?xml version="1.0" encoding="utf-8"?>
{% comment %}The latest comments of the published items (written by wxr_tools), from _data/comments/<key>.yml: the old /comments/feed/ redirects here. Liquid cannot sort records it makes: each comment is a line "<seconds + 5·10^11> <item> <comment>", and the lines are sorted (twelve digits for any date from year -10000 to 17000: a comment dated before 1970 had ten, and sorted as the newest).{% endcomment -%}
{% assign pages = site.pages | where_exp: "p", "p.wordpress.type == 'page'" %}{% assign items = site.documents | concat: pages -%}
{% capture lines %}{% for item in items %}{% assign key = item.wordpress.comments | default: item.wordpress.id | append: "" %}{% assign thread = site.data.comments[key] %}{% if thread %}{% assign i = forloop.index0 %}{% for c in thread %}{% if c.date %}{{ c.date | date: "%s" | plus: 500000000000 }} {{ i }} {{ forloop.index0 }},{% endif %}{% endfor %}{% endif %}{% endfor %}{% endcapture -%}
{% assign lines = lines | split: "," | sort | reverse -%}
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel>
<title>{% include word.html key="comments_feed" lang=site.lang %} – {{ site.title | xml_escape }}</title>
<link>{{ "/" | absolute_url }}</link>
<description>{{ site.description | xml_escape }}</description>
{% for line in lines limit: 20 %}{% assign at = line | split: " " %}{% assign i = at[1] | plus: 0 %}{% assign n = at[2] | plus: 0 %}{% assign item = items[i] %}{% assign key = item.wordpress.comments | default: item.wordpress.id | append: "" %}{% assign c = site.data.comments[key][n] %}{% capture entry_author %}{% if c.author and c.author != "" %}{{ c.author }}{% else %}{% include word.html key="anonymous" lang=site.lang %}{% endif %}{% endcapture %}{% capture entry_title %}{% include word.html key="comment_on" lang=site.lang author=entry_author title=item.title %}{% endcapture %}<item>
<title>{{ entry_title | xml_escape }}</title>
<link>{{ item.url | absolute_url }}#comment-{{ c.id }}</link>
<dc:creator>{{ c.author | xml_escape }}</dc:creator>
<pubDate>{{ c.date | date_to_rfc822 }}</pubDate>
{% if item.wordpress.guid %}<guid isPermaLink="false">{{ item.wordpress.guid | xml_escape }}#comment-{{ c.id }}</guid>{% else %}<guid>{{ item.url | absolute_url }}#comment-{{ c.id }}</guid>{% endif %}
<description>{{ c.content | xml_escape }}</description>
</item>
{% endfor %}</channel>
</rss>
"""

ELEVENTY_COMMENTS_FEED = """\
---
# The latest comments of the published items (written by wxr_tools), from
# _data/comments/<key>.json: the old /comments/feed/ redirects here.
permalink: /comments/feed.xml
layout: false
eleventyExcludeFromCollections: true
---
<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel>
<title>{{ i18n | word(site.lang, "comments_feed") }} – {{ site.title | escape }}</title>
<link>{{ site.url | escape }}/</link>
<description>{{ site.description | escape }}</description>
{% for c in collections.wordpress | latestComments(comments) %}<item>
<title>{{ i18n | word(site.lang, "comment_on", { author: c.author or (i18n | word(site.lang, "anonymous")), title: c.item.data.title }) | escape }}</title>
<link>{{ site.url | escape }}{{ c.item.url | escape }}#comment-{{ c.id }}</link>
<dc:creator>{{ c.author | escape }}</dc:creator>
<pubDate>{{ c.pubDate }}</pubDate>
{% if c.item.data.wordpress.guid %}<guid isPermaLink="false">{{ c.item.data.wordpress.guid | escape }}#comment-{{ c.id }}</guid>{% else %}<guid>{{ site.url | escape }}{{ c.item.url | escape }}#comment-{{ c.id }}</guid>{% endif %}
<description>{{ c.content | escape }}</description>
</item>
{% endfor %}</channel>
</rss>
"""

ELEVENTY_COMMENTS_FILTER = """\
  // The 20 newest comments of the published items (comments-feed.njk): each item's
  // thread is _data/comments/<key>.json; the archive pages have none.
  eleventyConfig.addFilter("latestComments", (items, threads) =>
    items
      .filter((item) => !item.data.term && !item.data.period && !item.data.by)
      .flatMap((item) =>
        (threads?.[item.data.wordpress?.comments || item.data.wordpress?.id] ?? [])
          .filter((c) => c.date)
          .map((c) => ({ ...c, item, at: Date.parse(c.date), pubDate: new Date(c.date).toUTCString() })),
      )
      .sort((a, b) => b.at - a.at)
      .slice(0, 20),
  );
"""

ASTRO_COMMENTS_FEED = """\
// The latest comments of the published items (written by wxr_tools), from
// src/data/comments/<key>.json: the old /comments/feed/ redirects here.
import site from "../../data/site.json";
import { sections } from "../../content.config";
import { threadOf } from "../../lib/comments.js";
import { entriesOf } from "../../lib/listings.js";
import { word } from "../../lib/words.js";

const xml = (text) =>
  String(text ?? "").replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
// Absolute with the site's address (site.json's url: [links] base_url), else site-relative.
const url = (path) => xml((site.url ?? "") + path);

export async function GET() {
  const all = (await Promise.all(sections.map((name) => entriesOf(name)))).flat();
  // The archive pages (terms, months, authors) have no comments: their ids are others'.
  const items = all.filter((e) => !e.data.draft && !e.data.term && !e.data.period && !e.data.by);
  const latest = items
    .flatMap((item) =>
      threadOf(item.data)
        .filter((c) => c.date)
        .map((c) => ({ c, item, at: Date.parse(c.date) })),
    )
    .sort((a, b) => b.at - a.at)
    .slice(0, 20);
  const entries = latest.map(({ c, item }) => {
    const link = url(`${item.data.permalink}#comment-${c.id}`);
    const guid = item.data.wordpress.guid
      ? `<guid isPermaLink="false">${xml(item.data.wordpress.guid)}#comment-${c.id}</guid>`
      : `<guid>${link}</guid>`;
    return `<item>
<title>${xml(word(site.lang, "comment_on", { author: c.author || word(site.lang, "anonymous"), title: item.data.title }))}</title>
<link>${link}</link>
<dc:creator>${xml(c.author)}</dc:creator>
<pubDate>${new Date(c.date).toUTCString()}</pubDate>
${guid}
<description>${xml(c.content)}</description>
</item>`;
  });
  const body = `<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel>
<title>${xml(word(site.lang, "comments_feed"))} – ${xml(site.title)}</title>
<link>${url("/")}</link>
<description>${xml(site.description)}</description>
${entries.join("\\n")}
</channel>
</rss>
`;
  return new Response(body, { headers: { "Content-Type": "application/rss+xml; charset=utf-8" } });
}
"""

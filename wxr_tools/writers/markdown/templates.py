# ruff: noqa: E501  (the templates are HTML and Liquid: long lines are theirs)
"""The static files of the Hugo and Jekyll skeletons: layouts that list posts and show a
post with its summaries in other languages, its translations and its comments, and the
archive and feed pages (Eleventy's and Astro's are in ``nodetemplates``).

They are deliberately plain (no theme, no CSS framework): a person can open the built
site at once, and a theme can replace them. Values that depend on the export (title,
languages, collections) are not here: ``skeleton.py`` writes those through emitters.
"""

from __future__ import annotations

HUGO_BASEOF = """\
<!DOCTYPE html>
<html lang="{{ site.Language.Lang }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ if eq .Kind "404" }}{{ i18n "not_found" }} · {{ else if not .IsHome }}{{ partial "title.html" . }} · {{ end }}{{ site.Title }}</title>
{{ range .AllTranslations }}<link rel="alternate" hreflang="{{ .Lang }}" href="{{ .RelPermalink }}">
{{ end }}</head>
<body>
<header><a href="{{ "/" | relLangURL }}">{{ site.Title }}</a>
{{ with site.Menus.main }}<nav class="menu">{{ partial "menu.html" . }}</nav>{{ end }}
</header>
<main>
{{ block "main" . }}{{ end }}
</main>
</body>
</html>
"""

HUGO_MENU = """\
{{/* A menu's entries (config/_default/menus.toml: the export's menus), submenus nested. */}}
<ul>
{{ range . }}<li class="menu-item{{ range .Params.classes }} {{ . }}{{ end }}"><a href="{{ .URL }}"{{ with .Params.target }} target="{{ . }}"{{ end }}{{ with .Params.rel }} rel="{{ . }}"{{ end }}{{ with .Title }} title="{{ . }}"{{ end }}>{{ .Name }}</a>{{ with .Children }}
{{ partial "menu.html" . }}{{ end }}</li>
{{ end }}</ul>
"""

HUGO_LIST = """\
{{ define "main" }}
<h1>{{ if .IsHome }}{{ site.Title }}{{ else }}{{ partial "title.html" . }}{{ end }}</h1>
{{- /* A language's home links the other languages' homes (Hugo has one for each, at /<lang>/). */}}
{{ if .IsHome }}{{ with .Translations }}<nav class="translations"><ul>
{{ range . }}<li><a href="{{ .RelPermalink }}" hreflang="{{ .Lang }}" lang="{{ .Lang }}">{{ .Language.LanguageName }}</a></li>
{{ end }}</ul></nav>{{ end }}{{ end }}
{{ .Content }}
{{ $pages := .Pages }}
{{ if .IsHome }}{{ $pages = where site.RegularPages "Section" "posts" }}{{ end }}
{{/* A category's page lists its subcategories' posts too (.Params.also: their keys). */}}
{{ with .Params.also }}{{ $taxonomy := index site.Taxonomies $.Data.Plural }}{{ range . }}{{ with $taxonomy.Get . }}{{ $pages = $pages | union .Pages }}{{ end }}{{ end }}{{ end }}
<ul class="posts">
{{ range $pages.ByDate.Reverse }}
<li><a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ if not .Date.IsZero }} <time datetime="{{ .Date.Format "2006-01-02" }}">{{ partial "date.html" .Date }}</time>{{ end }}</li>
{{ end }}
</ul>
{{ end }}
"""

HUGO_SINGLE = """\
{{ define "main" }}
<article lang="{{ .Language.Lang }}">
<h1>{{ .Title }}</h1>
<p class="meta">{{ with .Params.author }}{{ . }} · {{ end }}<time datetime="{{ .Date.Format "2006-01-02T15:04:05-07:00" }}">{{ partial "date.html" .Date }}</time></p>
{{ with .Params.original_url }}<p class="original">{{ i18n "first_published_in" }} <a href="{{ . }}">{{ $.Params.original_publication | default . }}</a></p>{{ end }}
{{ range $lang, $text := .Params.summaries }}<blockquote class="summary" lang="{{ $lang }}">{{ $text | markdownify }}</blockquote>
{{ end }}
{{ .Content }}
{{/* Its categories, tags and other terms, each a link to its page (as a theme's "Posted in"),
     under the taxonomy's name in the page's language (i18n/: categories, tags; others by their key). */}}
{{ range $taxonomy, $_ := site.Taxonomies }}{{ with $.GetTerms $taxonomy }}<p class="terms {{ $taxonomy }}">{{ with i18n (printf "taxonomy_%s" $taxonomy) }}{{ . }}{{ else }}{{ $taxonomy }}{{ end }}: {{ range $n, $term := . }}{{ if $n }}, {{ end }}<a href="{{ $term.RelPermalink }}">{{ $term.LinkTitle }}</a>{{ end }}</p>
{{ end }}{{ end }}
{{- /* Its translations: those of this build, then those on the other languages' sites (.Params.translations, one site per language). */}}
{{- if or .Translations .Params.translations }}<nav class="translations"><ul>
{{ range .Translations }}<li><a href="{{ .RelPermalink }}" hreflang="{{ .Lang }}" lang="{{ .Lang }}">{{ .Title }}</a></li>
{{ end }}{{ range $lang, $t := .Params.translations }}<li><a href="{{ $t.url }}" hreflang="{{ $lang }}" lang="{{ $lang }}">{{ $t.title }}</a></li>
{{ end }}</ul></nav>{{ end }}
{{ partial "comments.html" . }}
</article>
{{ end }}
"""

HUGO_AUTHOR = """\
{{/* An author's page (written by wxr_tools): the posts of every language whose author
     is .Params.by, newest first. */}}
{{ define "main" }}
<h1>{{ .Title }}</h1>
{{ $pages := slice }}
{{ range .Sites }}{{ range where (where .RegularPages "Section" "posts") "Params.author" $.Params.by }}{{ $pages = $pages | append . }}{{ end }}{{ end }}
<ul class="posts">
{{ range sort $pages "Date" "desc" }}
<li><a href="{{ .RelPermalink }}" hreflang="{{ .Lang }}">{{ .Title }}</a> <time datetime="{{ .Date.Format "2006-01-02" }}">{{ partial "date.html" .Date }}</time></li>
{{ end }}
</ul>
{{ end }}
"""

HUGO_RSS = """\
{{- /* Every RSS feed of the site (written by wxr_tools): the 20 latest posts, as
     WordPress's /feed/ held its latest posts and never the pages. The site's home
     lists every language's posts (the old /feed/ redirects to it); another language's
     home, its own; a category's, a tag's, a month's, a year's or an author's page, its
     posts (the old /category/x/feed/, /2010/03/feed/, /author/x/feed/ redirect to them;
     the latest comments' feed has its own, comments.rss.xml). An entry keeps its
     WordPress guid: a reader that follows the redirect knows the posts it has shown. */ -}}
{{- $posts := slice -}}
{{- if and .IsHome (eq .RelPermalink "/") -}}
{{- range .Sites }}{{ $posts = $posts | append (where .RegularPages "Section" "posts") }}{{ end -}}
{{- else if .IsHome -}}
{{- $posts = where .Site.RegularPages "Section" "posts" -}}
{{- else if .Params.period -}}
{{- $posts = index (partialCached "period-posts.html" . "all") .Params.period | default slice -}}
{{- else if .Params.by -}}
{{- range .Sites }}{{ $posts = $posts | append (where (where .RegularPages "Section" "posts") "Params.author" $.Params.by) }}{{ end -}}
{{- else -}}
{{- $posts = where .RegularPages "Section" "posts" -}}
{{- /* A category's feed has its subcategories' posts too, as its page (.Params.also). */ -}}
{{- with .Params.also }}{{ $taxonomy := index site.Taxonomies $.Data.Plural }}{{ range . }}{{ with $taxonomy.Get . }}{{ $posts = $posts | union (where .Pages "Section" "posts") }}{{ end }}{{ end }}{{ end -}}
{{- end -}}
{{- printf "<?xml version=\\"1.0\\" encoding=\\"utf-8\\"?>" | safeHTML }}
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">
<channel>
<title>{{ if .IsHome }}{{ site.Title }}{{ else }}{{ partial "title.html" . }} – {{ site.Title }}{{ end }}</title>
<link>{{ .Permalink }}</link>
<description>{{ site.Params.description }}</description>
<language>{{ site.Language.Lang }}</language>
{{- with .OutputFormats.Get "RSS" }}
<atom:link href="{{ .Permalink }}" rel="self" type="application/rss+xml" />
{{- end }}
{{- range first 20 (sort $posts "Date" "desc") }}
<item>
<title>{{ .Title }}</title>
<link>{{ .Permalink }}</link>
<pubDate>{{ .Date.Format "Mon, 02 Jan 2006 15:04:05 -0700" | safeHTML }}</pubDate>
{{- with .Params.wordpress.guid }}
<guid isPermaLink="false">{{ . }}</guid>
{{- else }}
<guid>{{ .Permalink }}</guid>
{{- end }}
<description>{{ .Summary | html }}</description>
</item>
{{- end }}
</channel>
</rss>
"""

HUGO_PERIOD = """\
{{/* A month's or a year's page (written by wxr_tools): the posts of every language
     dated in it (.Params.period: "2010-03" or "2010"), newest first. */}}
{{ define "main" }}
<h1>{{ .Title }}</h1>
{{ $pages := index (partialCached "period-posts.html" . "all") .Params.period | default slice }}
<ul class="posts">
{{ range sort $pages "Date" "desc" }}
<li><a href="{{ .RelPermalink }}" hreflang="{{ .Lang }}">{{ .Title }}</a> <time datetime="{{ .Date.Format "2006-01-02" }}">{{ partial "date.html" .Date }}</time></li>
{{ end }}
</ul>
{{ end }}
"""

HUGO_PERIOD_POSTS = """\
{{- /* The posts of every language by month ("2010-03") and by year ("2010"), by their
     own date's day, as the period pages and feeds list them (written by wxr_tools):
     made once (partialCached) rather than by going through every post on each of the
     hundreds of period pages and feeds. GroupByDate starts a group wherever the key
     changes in date order: a post after midnight in UTC+14 comes before one of the
     evening before in UTC-12, so a period can have several groups, joined here. */ -}}
{{- $posts := where (where site.AllPages "Kind" "page") "Section" "posts" -}}
{{- $by := dict -}}
{{- range $format := slice "2006-01" "2006" }}{{ range $posts.GroupByDate $format -}}
{{- $group := . -}}
{{- with index $by .Key }}{{ $by = merge $by (dict $group.Key (. | append $group.Pages)) }}{{ else }}{{ $by = merge $by (dict .Key .Pages) }}{{ end -}}
{{- end }}{{ end -}}
{{- return $by -}}
"""

HUGO_DATE = """\
{{- /* A date as the page's language writes it ("12 mars 2010", "March 12, 2010"),
     written by wxr_tools: i18n/<lang>.toml's date_long, its day, month (month_1 …
     month_12) and year filled in; as 2010-03-12 where the words file lacks them. Given
     a date (a page's .Date: the author's own day). */ -}}
{{- $text := "" -}}
{{- with i18n (printf "month_%d" .Month) }}{{ $text = i18n "date_long" (dict "day" $.Day "month" . "year" $.Year) }}{{ end -}}
{{- return ($text | default (.Format "2006-01-02")) -}}
"""

HUGO_TITLE = """\
{{- /* A page's title in its language (written by wxr_tools). A list Hugo makes by
     itself, without a file of ours or yours, has an English title ("Posts",
     "Categories"): a section's (/posts/) and a taxonomy's (/categories/) take the words
     of i18n/<lang>.toml (section_posts, taxonomy_categories) where it has them. An
     _index.md of yours (content/posts/_index.md) keeps its own title. */ -}}
{{- $title := .Title -}}
{{- if not .File -}}
{{- if eq .Kind "taxonomy" }}{{ with i18n (printf "taxonomy_%s" .Data.Plural) }}{{ $title = . }}{{ end }}{{ end -}}
{{- if eq .Kind "section" }}{{ with i18n (printf "section_%s" .Section) }}{{ $title = . }}{{ end }}{{ end -}}
{{- end -}}
{{- return $title -}}
"""

# A reply is indented 2em a level down to the fifth level (depth 4, ``comments.SHOWN_DEPTH``)
# and no deeper: WordPress stops nesting at its thread depth (five levels by default) and
# shows deeper replies at that level, and a thread fourteen levels deep (one in the
# corpus) would leave its text no width on a phone. The data keeps the real depth.
# Pingbacks and trackbacks say "Pingback:" (the ``pingback`` word) before their author,
# as WordPress's themes did (``comments.PINGS``).
# A comment's date is the ``date.html`` partial's, cached by day and language
# (``partialCached``): a thread's comments share their days, and the partial, run once
# per comment, was an eighth of the build's time on 38,700 comments.
HUGO_COMMENTS = """\
{{/* Comments from data/comments/<id>.yaml, in thread order; indent by depth, five levels at
     most as WordPress's default. Their count in the page's language, with its plural
     (i18n/<lang>.toml: "1 comment", "0 commentaire"). */}}
{{ $key := string (.Params.wordpress.comments | default .Params.wordpress.id) }}
{{ with index site.Data "comments" }}{{ with index . $key }}
<section class="comments" id="comments">
<h2>{{ i18n "comments" (len .) }}</h2>
{{ range . }}
<article class="comment comment-{{ .type }}" id="comment-{{ .id }}" style="margin-left: {{ mul (cond (gt .depth 4) 4 .depth) 2 }}em">
<p class="comment-meta">{{ if in (slice "pingback" "trackback") .type }}{{ i18n "pingback" }} {{ end }}{{ $author := .author | default (i18n "anonymous") }}{{ if .author_url }}<a href="{{ .author_url }}" rel="nofollow ugc">{{ $author }}</a>{{ else }}{{ $author }}{{ end }}{{ with .date }} · <time datetime="{{ . }}">{{ partialCached "date.html" (time.AsTime (substr . 0 10)) $.Lang (substr . 0 10) }}</time>{{ end }}</p>
{{ .content | safeHTML }}
</article>
{{ end }}
</section>
{{ end }}{{ end }}
"""

JEKYLL_DEFAULT = """\
<!DOCTYPE html>
<html lang="{{ page.lang | default: site.lang }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{% if page.title %}{{ page.title | escape }} · {% endif %}{{ site.title | escape }}</title>
</head>
<body>
<header><a href="{{ "/" | relative_url }}">{{ site.title | escape }}</a>
{% comment %}The main menu, or the one standing for it in the page's language (its langs).{% endcomment %}{% assign header_menu = site.data.menus.main %}{% assign menu_lang = page.lang | default: site.lang %}{% assign menu_key = header_menu.langs[menu_lang] %}{% if menu_key %}{% assign header_menu = site.data.menus[menu_key] %}{% endif %}
{% if header_menu %}<nav class="menu">{% include menu.html entries=header_menu.entries %}</nav>{% endif %}
</header>
<main>
{{ content }}
</main>
</body>
</html>
"""

JEKYLL_MENU = """\
{% comment %}A menu's entries (_data/menus.json: the export's menus), submenus nested; the site's own addresses under its baseurl.{% endcomment %}
<ul>
{% for entry in include.entries %}{% assign first = entry.url | slice: 0 %}<li class="menu-item{% for name in entry.classes %} {{ name | escape }}{% endfor %}"><a href="{% if first == "/" %}{{ entry.url | relative_url | escape }}{% else %}{{ entry.url | escape }}{% endif %}"{% if entry.target %} target="{{ entry.target | escape }}"{% endif %}{% if entry.rel %} rel="{{ entry.rel | escape }}"{% endif %}{% if entry.title %} title="{{ entry.title | escape }}"{% endif %}>{{ entry.name | escape }}</a>{% if entry.children %}
{% include menu.html entries=entry.children %}{% endif %}</li>
{% endfor %}</ul>
"""

JEKYLL_POST = """\
---
layout: default
---
<article lang="{{ page.lang | default: site.lang }}">
<h1>{{ page.title | escape }}</h1>
<p class="meta">{% if page.author %}{{ page.author | escape }} · {% endif %}<time datetime="{{ page.date | date_to_xmlschema }}">{% include date.html date=page.local_date time=page.date %}</time></p>
{% if page.original_url %}<p class="original">{% include word.html key="first_published_in" %} <a href="{{ page.original_url | escape }}">{{ page.original_publication | default: page.original_url | escape }}</a></p>{% endif %}
{% for summary in page.summaries %}<blockquote class="summary" lang="{{ summary[0] }}">{{ summary[1] | markdownify }}</blockquote>
{% endfor %}
{{ content }}
{% comment %}Its categories, tags and other terms, each a link to its page (_data/terms.json: each taxonomy's pages by term name), under the taxonomy's name in the page's language (_data/i18n.json: categories, tags; others by their key).{% endcomment %}
{% for taxonomy in site.data.terms %}{% assign key = taxonomy[0] %}{% assign names = page[key] %}{% if names.size > 0 %}{% assign label = "taxonomy_" | append: key %}<p class="terms {{ key }}">{% include word.html key=label fallback=key %}: {% for name in names %}{% unless forloop.first %}, {% endunless %}{% assign url = taxonomy[1][name] %}{% if url %}<a href="{{ url | relative_url }}">{{ name | escape }}</a>{% else %}{{ name | escape }}{% endif %}{% endfor %}</p>
{% endif %}{% endfor %}
{% comment %}Its translations (_data/translations.json: each translation group's published documents, written by wxr_tools on each run; a lookup, where going through site.documents on each post page made a build posts × documents).{% endcomment %}{% comment %}Then those on the other languages' sites (page.translations, one site per language).{% endcomment %}{% if page.translationKey %}{% assign translations = site.data.translations[page.translationKey] %}{% if translations.size > 1 or page.translations %}<nav class="translations"><ul>
{% for t in translations %}{% if t.url != page.url %}<li><a href="{{ t.url | relative_url }}" hreflang="{{ t.lang }}" lang="{{ t.lang }}">{{ t.title | escape }}</a></li>
{% endif %}{% endfor %}{% for t in page.translations %}<li><a href="{{ t[1].url | escape }}" hreflang="{{ t[0] }}" lang="{{ t[0] }}">{{ t[1].title | escape }}</a></li>
{% endfor %}</ul></nav>{% endif %}{% endif %}
{% include comments.html %}
</article>
"""

# As Hugo's (``HUGO_COMMENTS``): the indent capped at depth 4, pings labelled.
# A comment's date is written here as the ``date.html`` include writes one, not by
# including it: a post's hundreds of comments made as many includes, each a file lookup
# and a Liquid scope, which cost a comment-heavy site about a seventh of its render time
# (2,000 posts, 38,700 comments). The date is the data's own ISO text (``comments.record``),
# so its day, month and year are read from it, in its own offset as the ``date`` filter
# reads it, without parsing; the words are still the table's, so an edit to
# _data/i18n.json shows here as in every date.
JEKYLL_COMMENTS = """\
{% comment %}Comments from _data/comments/<id>.yml, in thread order; indent by depth, five levels at most as WordPress's default. Their count in the page's language, with its plural (_data/i18n.json).{% endcomment %}
{% assign key = page.wordpress.comments | default: page.wordpress.id | append: "" %}
{% assign thread = site.data.comments[key] %}
{% if thread %}{% comment %}Each date ("2010-03-12T14:05:00+01:00") as date.html writes one, without an include per comment (each costs a file lookup and a scope): by date_long and month_1 … month_12 of the page's language in _data/i18n.json, else English's; as 2010-03-12 where neither has them.{% endcomment %}{% assign comment_lang = page.lang | default: site.lang %}{% assign comment_words = site.data.i18n[comment_lang] %}{% if comment_words.date_long == nil %}{% assign comment_words = site.data.i18n.en %}{% endif %}
<section class="comments" id="comments">
<h2>{% include word.html key="comments" count=thread.size %}</h2>
{% for c in thread %}
<article class="comment comment-{{ c.type }}" id="comment-{{ c.id }}" style="margin-left: {{ c.depth | at_most: 4 | times: 2 }}em">
<p class="comment-meta">{% if c.type == "pingback" or c.type == "trackback" %}{% include word.html key="pingback" %} {% endif %}{% capture comment_author %}{% if c.author != "" %}{{ c.author | escape }}{% else %}{% include word.html key="anonymous" %}{% endif %}{% endcapture %}{% if c.author_url != "" %}<a href="{{ c.author_url | escape }}" rel="nofollow ugc">{{ comment_author }}</a>{% else %}{{ comment_author }}{% endif %}{% if c.date %} · <time datetime="{{ c.date }}">{% assign comment_month = c.date | slice: 5, 2 | plus: 0 | prepend: "month_" %}{% assign comment_month = comment_words[comment_month] %}{% if comment_words.date_long == nil or comment_month == nil %}{{ c.date | slice: 0, 10 }}{% else %}{% assign comment_day = c.date | slice: 8, 2 | plus: 0 %}{% assign comment_year = c.date | slice: 0, 4 %}{% assign comment_date = comment_words.date_long | replace: "{day}", comment_day | replace: "{year}", comment_year | replace: "{month}", comment_month %}{{ comment_date }}{% endif %}</time>{% endif %}</p>
{{ c.content }}
</article>
{% endfor %}
</section>
{% endif %}
"""

JEKYLL_INDEX = """\
---
layout: default
---
<h1>{{ site.title | escape }}</h1>
<ul class="posts">
{% for post in site.posts %}<li><a href="{{ post.url | relative_url }}">{{ post.title | escape }}</a> <time datetime="{{ post.date | date_to_xmlschema }}">{% include date.html date=post.local_date time=post.date %}</time></li>
{% endfor %}</ul>
"""

JEKYLL_TERM = """\
---
layout: default
---
{% comment %}A category's, tag's or other term's page (written by wxr_tools): its description, its posts, newest first.{% endcomment %}
<h1>{{ page.title | escape }}</h1>
{{ content }}
<ul class="posts">
{% comment %}Jekyll lists posts by category and tag itself; another taxonomy's entries (series: in front matter) are looked for among every kind, as WordPress's archive of a custom taxonomy listed every post type it holds.{% endcomment %}
{% if page.taxonomy == "categories" or page.taxonomy == "tags" %}{% assign posts = site[page.taxonomy][page.term] %}{% else %}{% assign posts = site.documents | where_exp: "post", "post[page.taxonomy] contains page.term" | sort: "date", "first" | reverse %}{% endif %}
{% comment %}A category's page lists its subcategories' posts too (page.also: their names).{% endcomment %}
{% for name in page.also %}{% assign more = site[page.taxonomy][name] %}{% if more %}{% assign posts = posts | concat: more %}{% endif %}{% endfor %}
{% if page.also %}{% assign posts = posts | uniq | sort: "date" | reverse %}{% endif %}
{% for post in posts %}<li><a href="{{ post.url | relative_url }}">{{ post.title | escape }}</a> <time datetime="{{ post.date | date_to_xmlschema }}">{% include date.html date=post.local_date time=post.date %}</time></li>
{% endfor %}</ul>
"""

JEKYLL_PERIOD = """\
---
layout: default
---
{% comment %}A month's or a year's page (written by wxr_tools): the posts dated in it (page.period: "2010-03" or "2010"), newest first.{% endcomment %}
<h1>{{ page.title | escape }}</h1>
<ul class="posts">
{% include period-posts.html period=page.period %}
{% for post in period_posts %}<li><a href="{{ post.url | relative_url }}">{{ post.title | escape }}</a> <time datetime="{{ post.date | date_to_xmlschema }}">{% include date.html date=post.local_date time=post.date %}</time></li>
{% endfor %}</ul>
"""

JEKYLL_PERIOD_POSTS = """\
{%- comment -%}The posts dated in include.period ("2010-03" or "2010": their local_date, the author's day, starts with it), newest first, as period_posts: what a month's or a year's page and its feed list (written by wxr_tools).
site.posts is sorted by date, newest first, and a post's date is less than a day from its local_date: a binary search finds the posts of the period and of the two days each side of it, and only those are looked at, rather than every post of the site on each of the hundreds of period pages and feeds (the two days also cover the build machine's zone, in which the period's first day is read).{%- endcomment -%}
{%- assign period_start = include.period | append: "-01-01" | slice: 0, 10 | date: "%s" | plus: 0 -%}
{%- if include.period.size > 4 %}{% assign period_days = 31 %}{% else %}{% assign period_days = 366 %}{% endif -%}
{%- assign period_newest = period_days | plus: 2 | times: 86400 | plus: period_start -%}
{%- assign period_oldest = period_start | minus: 172800 -%}
{%- comment -%}period_first: the first post not newer than period_newest; period_end: the first older than period_oldest.{%- endcomment -%}
{%- assign period_first = 0 -%}{%- assign period_end = site.posts.size -%}
{%- for step in (1..64) -%}
{%- if period_first >= period_end %}{% break %}{% endif -%}
{%- assign middle = period_first | plus: period_end | divided_by: 2 -%}
{%- assign time = site.posts[middle].date | date: "%s" | plus: 0 -%}
{%- if time > period_newest %}{% assign period_first = middle | plus: 1 %}{% else %}{% assign period_end = middle %}{% endif -%}
{%- endfor -%}
{%- assign period_end = site.posts.size -%}{%- assign low = period_first -%}
{%- for step in (1..64) -%}
{%- if low >= period_end %}{% break %}{% endif -%}
{%- assign middle = low | plus: period_end | divided_by: 2 -%}
{%- assign time = site.posts[middle].date | date: "%s" | plus: 0 -%}
{%- if time < period_oldest %}{% assign period_end = middle %}{% else %}{% assign low = middle | plus: 1 %}{% endif -%}
{%- endfor -%}
{%- assign period_count = period_end | minus: period_first -%}
{%- assign period_posts = site.posts | slice: period_first, period_count | where_exp: "post", "post.local_date contains include.period" -%}
"""

JEKYLL_AUTHOR = """\
---
layout: default
---
{% comment %}An author's page (written by wxr_tools): the posts whose author is page.by, newest first.{% endcomment %}
<h1>{{ page.title | escape }}</h1>
<ul class="posts">
{% assign posts = site.posts | where: "author", page.by %}
{% for post in posts %}<li><a href="{{ post.url | relative_url }}">{{ post.title | escape }}</a> <time datetime="{{ post.date | date_to_xmlschema }}">{% include date.html date=post.local_date time=post.date %}</time></li>
{% endfor %}</ul>
"""

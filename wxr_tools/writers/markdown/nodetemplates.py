# ruff: noqa: E501  (the templates are JavaScript, Nunjucks and Astro: long lines are theirs)
"""The static files of the Eleventy and Astro skeletons (the generators that run on Node):
as ``templates`` for Hugo and Jekyll, layouts that list posts and show a post with its
summaries, translations and comments, the archive and feed pages, and the configuration
that does not depend on the export (``skeleton.py`` writes what does).
"""

from __future__ import annotations

ELEVENTY_CONFIG = """\
// Eleventy configuration written by wxr_tools; edit freely, it is never rewritten.
// npm install && npx @11ty/eleventy --serve
const markdownIt = require("markdown-it");

// The posts of a collection by a value of theirs (keysOf: a post's values), in the
// collection's order, worked out once for each collection (name: the grouping; its
// lists are shared: copy one before changing it). Eleventy hands every page the same
// array: each page looks its own posts up rather than going through all of them (a
// build was pages × posts, a minute of 4,000 posts' site).
const groupings = new WeakMap();
function grouped(posts, name, keysOf) {
  let byName = groupings.get(posts);
  if (!byName) groupings.set(posts, (byName = new Map()));
  let groups = byName.get(name);
  if (!groups) {
    groups = new Map();
    for (const post of posts) {
      for (const key of new Set(keysOf(post))) {
        if (!groups.has(key)) groups.set(key, []);
        groups.get(key).push(post);
      }
    }
    byName.set(name, groups);
  }
  return groups;
}
// The posts with any of keys in a grouping, in the collection's order, each once.
const positions = new WeakMap();
function withAny(posts, groups, keys) {
  const found = new Set(keys.flatMap((key) => groups.get(key) ?? []));
  if (keys.length < 2) return [...found];
  let at = positions.get(posts);
  if (!at) positions.set(posts, (at = new Map(posts.map((post, i) => [post, i]))));
  return [...found].sort((a, b) => at.get(a) - at.get(b));
}
// A post's values in a taxonomy (categories, tags, series…), as its front matter has them.
const termsIn = (post, taxonomy) => [post.data[taxonomy] ?? []].flat();
const isPost = (post) => post.data.wordpress?.type === "post";
// The posts dated in period ("2010-03", "2010"), by the author's day (local_date).
function inPeriod(posts, period) {
  const start = (post) => (isPost(post) ? [String(post.data.local_date ?? "").slice(0, period.length)] : []);
  return [...(grouped(posts, `period ${period.length}`, start).get(period) ?? [])];
}

module.exports = function (eleventyConfig) {
  // WordPress content keeps raw HTML where Markdown has no form (embeds, captions).
  eleventyConfig.setLibrary("md", markdownIt({ html: true }));
  eleventyConfig.addPassthroughCopy("_redirects");
  eleventyConfig.addCollection("wordpress", (api) =>
    api
      .getAll()
      .filter((page) => page.inputPath.endsWith(".md") && !page.data.draft)
      .sort((a, b) => b.date - a.date),
  );
  // The posts a category's or tag's page lists (term.njk): those with any of the names.
  eleventyConfig.addFilter("withTerms", (posts, taxonomy, names) =>
    withAny(posts, grouped(posts, `terms ${taxonomy}`, (post) => termsIn(post, taxonomy)), names),
  );
  // Each post's categories, tags and other terms, with their pages (post.njk): [[taxonomy,
  // [{name, url}]]], the taxonomies that have pages, in order, names as the post has them.
  eleventyConfig.addCollection("terms", (api) => api.getAll().filter((page) => page.data.term && page.data.taxonomy));
  eleventyConfig.addFilter("termsOf", (termPages, posts, url) => {
    const post = grouped(posts, "url", (p) => [p.url]).get(url)?.[0];
    const urls = grouped(termPages, "term", (t) => [`${t.data.taxonomy}\n${t.data.term}`]);
    const taxonomies = [...grouped(termPages, "taxonomy", (t) => [t.data.taxonomy]).keys()].sort();
    return taxonomies
      .map((taxonomy) => [taxonomy, [post?.data[taxonomy] ?? []].flat().map((name) => ({ name, url: urls.get(`${taxonomy}\n${name}`)?.[0].url }))])
      .filter(([, names]) => names.length > 0);
  });
  // The posts a month's or a year's page lists (period.njk): dated in it, by the author's day.
  eleventyConfig.addFilter("inPeriod", (posts, period) => inPeriod(posts, String(period)));
  // The posts an author's page lists (author.njk): those the author wrote.
  eleventyConfig.addFilter("byAuthor", (posts, name) =>
    [...(grouped(posts, "author", (post) => (isPost(post) ? [post.data.author] : [])).get(name) ?? [])],
  );
  // A post's translations (post.njk): the other posts of its translation group.
  eleventyConfig.addFilter("translationsOf", (posts, key, url) =>
    (grouped(posts, "translationKey", (post) => [post.data.translationKey]).get(key) ?? []).filter((t) => t.url !== url),
  );
  // The latest posts, for feed.njk (the old /feed/ redirects to it).
  eleventyConfig.addCollection("feed", (api) =>
    api
      .getAll()
      .filter((page) => page.data.wordpress?.type === "post" && !page.data.draft)
      .sort((a, b) => b.date - a.date)
      .slice(0, 20),
  );
  // Old URLs (the aliases in front matter) as redirect pages, made by redirects.njk.
  // One that is now a page, or that an earlier item claimed, is left out: Eleventy
  // refuses two outputs at one path (the redirect maps, --redirects, keep it).
  eleventyConfig.addCollection("redirects", (api) => {
    const pages = api.getAll().filter((page) => page.url);
    const taken = new Set(pages.map((page) => page.url));
    const redirects = [];
    for (const page of pages) {
      for (const alias of page.data.aliases || []) {
        const from = /\\/$|\\.[A-Za-z0-9]+$/.test(alias) ? alias : alias + "/";
        if (!taken.has(from)) {
          taken.add(from);
          redirects.push({ from, to: page.url });
        }
      }
    }
    return redirects;
  });
  return {
    dir: { input: "content", includes: "../_includes", data: "../_data", output: "_site" },
    markdownTemplateEngine: "njk",
  };
};
"""

ELEVENTY_BASE = """\
<!DOCTYPE html>
<html lang="{{ lang or site.lang }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{% if title %}{{ title }} · {% endif %}{{ site.title }}</title>
</head>
<body>
{# A menu's entries (_data/menus.json: the export's menus), submenus nested. #}
{% macro menu(entries) %}<ul>
{% for entry in entries %}<li class="menu-item{% for name in entry.classes %} {{ name }}{% endfor %}"><a href="{{ entry.url }}"{% if entry.target %} target="{{ entry.target }}"{% endif %}{% if entry.rel %} rel="{{ entry.rel }}"{% endif %}{% if entry.title %} title="{{ entry.title }}"{% endif %}>{{ entry.name }}</a>{% if entry.children %}
{{ menu(entry.children) }}{% endif %}</li>
{% endfor %}</ul>{% endmacro %}
<header><a href="/">{{ site.title }}</a>
{# The main menu, or the one standing for it in the page's language (its langs). #}
{% set shown = menus.main if menus else none %}{% if shown and shown.langs and shown.langs[lang or site.lang] %}{% set shown = menus[shown.langs[lang or site.lang]] %}{% endif %}
{% if shown %}<nav class="menu">{{ menu(shown.entries) }}</nav>{% endif %}
</header>
<main>
{{ content | safe }}
</main>
</body>
</html>
"""

# Comments as Hugo's layout shows them (``templates.HUGO_COMMENTS`` says why): the indent
# capped at depth 4, WordPress's five levels; "Pingback:" before a ping's author.
ELEVENTY_POST = """\
---
layout: base.njk
---
<article lang="{{ lang or site.lang }}">
<h1>{{ title }}</h1>
<p class="meta">{% if author %}{{ author }} · {% endif %}<time datetime="{{ page.date.toISOString() }}">{{ i18n | longDate(lang or site.lang, local_date or page.date) }}</time></p>
{% if original_url %}<p class="original">{{ i18n | word(lang or site.lang, "first_published_in") }} <a href="{{ original_url }}">{{ original_publication or original_url }}</a></p>{% endif %}
{% for code, text in summaries %}<blockquote class="summary" lang="{{ code }}">{{ text }}</blockquote>
{% endfor %}
{{ content | safe }}
{% for taxonomy, names in collections.terms | termsOf(collections.wordpress, page.url) %}<p class="terms {{ taxonomy }}">{{ i18n | word(lang or site.lang, "taxonomy_" + taxonomy, { fallback: taxonomy }) }}: {% for t in names %}{% if not loop.first %}, {% endif %}{% if t.url %}<a href="{{ t.url }}">{{ t.name }}</a>{% else %}{{ t.name }}{% endif %}{% endfor %}</p>
{% endfor %}
{% if translationKey %}<nav class="translations"><ul>
{% for t in collections.wordpress | translationsOf(translationKey, page.url) %}<li><a href="{{ t.url }}" hreflang="{{ t.data.lang }}" lang="{{ t.data.lang }}">{{ t.data.title }}</a></li>
{% endfor %}{# Then those on the other languages' sites (one site per language). #}{% for code, t in translations %}<li><a href="{{ t.url }}" hreflang="{{ code }}" lang="{{ code }}">{{ t.title }}</a></li>
{% endfor %}</ul></nav>{% endif %}
{% set thread = comments[wordpress.comments or wordpress.id] %}
{% if thread %}<section class="comments" id="comments">
<h2>{{ i18n | word(lang or site.lang, "comments", { count: thread.length }) }}</h2>
{% for c in thread %}<article class="comment comment-{{ c.type }}" id="comment-{{ c.id }}" style="margin-left: {{ (4 if c.depth > 4 else c.depth) * 2 }}em">
<p class="comment-meta">{% if c.type == "pingback" or c.type == "trackback" %}{{ i18n | word(lang or site.lang, "pingback") }} {% endif %}{% set author = c.author or (i18n | word(lang or site.lang, "anonymous")) %}{% if c.author_url %}<a href="{{ c.author_url }}" rel="nofollow ugc">{{ author }}</a>{% else %}{{ author }}{% endif %}{% if c.date %} · <time datetime="{{ c.date }}">{{ i18n | longDate(lang or site.lang, c.date) }}</time>{% endif %}</p>
{{ c.content | safe }}
</article>
{% endfor %}</section>{% endif %}
</article>
"""

ELEVENTY_INDEX = """\
---
layout: base.njk
permalink: /
---
<h1>{{ site.title }}</h1>
<ul class="posts">
{% for post in collections.wordpress %}{% if post.data.wordpress.type == "post" %}<li><a href="{{ post.url }}">{{ post.data.title }}</a> <time>{{ i18n | longDate(lang or site.lang, post.data.local_date or post.date) }}</time></li>
{% endif %}{% endfor %}</ul>
"""

ELEVENTY_TERM = """\
---
layout: base.njk
---
{# A category's or tag's page (written by wxr_tools): its description, its posts, newest first. #}
<h1>{{ title }}</h1>
{{ content | safe }}
<ul class="posts">
{# A category's page lists its subcategories' posts too (also: their names). #}
{% for post in collections.wordpress | withTerms(taxonomy, [term].concat(also or [])) %}<li><a href="{{ post.url }}">{{ post.data.title }}</a> <time>{{ i18n | longDate(lang or site.lang, post.data.local_date or post.date) }}</time></li>
{% endfor %}</ul>
"""

ELEVENTY_PERIOD = """\
---
layout: base.njk
---
{# A month's or a year's page (written by wxr_tools): the posts dated in it, newest first. #}
<h1>{{ title }}</h1>
<ul class="posts">
{% for post in collections.wordpress | inPeriod(period) %}<li><a href="{{ post.url }}">{{ post.data.title }}</a> <time>{{ i18n | longDate(lang or site.lang, post.data.local_date or post.date) }}</time></li>
{% endfor %}</ul>
"""

ELEVENTY_AUTHOR = """\
---
layout: base.njk
---
{# An author's page (written by wxr_tools): the posts the author wrote, newest first. #}
<h1>{{ title }}</h1>
<ul class="posts">
{% for post in collections.wordpress | byAuthor(by) %}<li><a href="{{ post.url }}">{{ post.data.title }}</a> <time>{{ i18n | longDate(lang or site.lang, post.data.local_date or post.date) }}</time></li>
{% endfor %}</ul>
"""


ELEVENTY_REDIRECTS = """\
---
# Each old URL (aliases in front matter) as a page that sends to the new one.
pagination:
  data: collections.redirects
  size: 1
  alias: redirect
permalink: "{{ redirect.from | safe }}"
layout: false
eleventyExcludeFromCollections: true
---
<!DOCTYPE html>
<html>
<head>
<meta charset="utf-8">
<title>{{ redirect.to }}</title>
<link rel="canonical" href="{{ redirect.to }}">
<meta name="robots" content="noindex">
<meta http-equiv="refresh" content="0; url={{ redirect.to }}">
</head>
<body><a href="{{ redirect.to }}">{{ redirect.to }}</a></body>
</html>
"""

ASTRO_CONFIG = """\
// Astro configuration written by wxr_tools; edit freely, it is never rewritten.
// npm install && npx astro dev
import { defineConfig } from "astro/config";
import site from "./src/data/site.json";

// Astro takes a Markdown image with a relative path for a file beside the page, and
// fails the build when there is none. WordPress content has such paths that never were
// files (editor leftovers, broken links); the media this site has are under /media/.
// So those images stay plain <img> tags, which Astro leaves as they are.
const attribute = (text) =>
  String(text ?? "").replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;");

function relativeImagesAsHtml() {
  const relative = (url) => !/^([a-z][a-z0-9+.-]*:|\\/)/i.test(url);
  const visit = (node) =>
    node.children?.forEach((child, i) => {
      if (child.type === "image" && relative(child.url)) {
        const title = child.title ? ` title="${attribute(child.title)}"` : "";
        const value = `<img src="${attribute(child.url)}" alt="${attribute(child.alt)}"${title}>`;
        node.children[i] = { type: "html", value };
      } else {
        visit(child);
      }
    });
  return visit;
}

export default defineConfig({
  // The export's languages: the default one at the root, the others under /<code>/.
  i18n: { defaultLocale: site.lang, locales: site.languages },
  // SmartyPants off: text as typed ("--delete" stays so, quotes stay straight), as
  // in the Hugo and Jekyll sites.
  markdown: { remarkPlugins: [relativeImagesAsHtml], smartypants: false },
});
"""

ASTRO_CONTENT_CONFIG = """\
// Content collections written by wxr_tools: one per section of the export.
import { defineCollection, z } from "astro:content";
import { glob } from "astro/loaders";

export const sections = SECTIONS;

const schema = z
  .object({
    title: z.string(),
    date: z.coerce.date().optional(),
    local_date: z.string().optional(),
    lastmod: z.coerce.date().optional(),
    draft: z.boolean().default(false),
    slug: z.string().optional(),
    lang: z.string().optional(),
    translationKey: z.string().optional(),
    translations: z.record(z.object({ url: z.string(), title: z.string() })).optional(),
    categories: z.array(z.string()).optional(),
    tags: z.array(z.string()).optional(),
    summary: z.string().optional(),
    summaries: z.record(z.string()).optional(),
    original_url: z.string().optional(),
    original_publication: z.string().optional(),
    aliases: z.array(z.string()).optional(),
    permalink: z.string(),
    author: z.string().optional(),
    wordpress: z.object({ id: z.number().optional(), type: z.string() }).passthrough(),
  })
  .passthrough();

export const collections = Object.fromEntries(
  sections.map((name) => [
    name,
    defineCollection({ loader: glob({ pattern: "**/*.md", base: `./src/content/${name}` }), schema }),
  ]),
);
"""

ASTRO_MENU = """\
---
// A menu's entries (src/data/menus.json: the export's menus), submenus nested.
const { entries } = Astro.props;
---
<ul>
{entries.map((entry) => <li class={["menu-item", ...(entry.classes ?? [])].join(" ")}><a href={entry.url} target={entry.target} rel={entry.rel} title={entry.title}>{entry.name}</a>{entry.children && <Astro.self entries={entry.children} />}</li>)}
</ul>
"""

ASTRO_BASE = """\
---
import site from "../data/site.json";
import Menu from "../components/Menu.astro";
const { title, lang = site.lang } = Astro.props;
// The export's menus, when it has some (written on every run, or not at all).
const menus = Object.values(import.meta.glob("../data/menus.json", { eager: true, import: "default" }))[0] ?? {};
// The main menu, or the one standing for it in the page's language (its langs).
const shown = menus[menus.main?.langs?.[lang]] ?? menus.main;
---
<!DOCTYPE html>
<html lang={lang}>
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title ? `${title} · ${site.title}` : site.title}</title>
<slot name="head" />
</head>
<body>
<header><a href="/">{site.title}</a>
{shown && <nav class="menu"><Menu entries={shown.entries} /></nav>}
</header>
<main><slot /></main>
</body>
</html>
"""

ASTRO_INDEX = """\
---
import Base from "../layouts/Base.astro";
import site from "../data/site.json";
import { entriesOf } from "../lib/listings.js";
import { longDate } from "../lib/words.js";
const posts = (await entriesOf("posts"))
  .filter((post) => !post.data.draft)
  .sort((a, b) => (b.data.date?.getTime() ?? 0) - (a.data.date?.getTime() ?? 0));
---
<Base>
<h1>{site.title}</h1>
<ul class="posts">
{posts.map((post) => <li><a href={post.data.permalink}>{post.data.title}</a>{post.data.date && <> <time datetime={post.data.date.toISOString()}>{longDate(undefined, post.data.local_date ?? post.data.date)}</time></>}</li>)}
</ul>
</Base>
"""


# Comments as Hugo's layout shows them (``templates.HUGO_COMMENTS`` says why): the indent
# capped at depth 4, WordPress's five levels; "Pingback:" before a ping's author.
ASTRO_PAGE = """\
---
// Every entry at its permalink, with its summaries, translations and comments; every
// old URL (aliases) a page that sends to the new one.
import { render } from "astro:content";
import Base from "../layouts/Base.astro";
import { threadOf } from "../lib/comments.js";
import { archiveListings, isArchive, published, termAddresses, translationGroups } from "../lib/listings.js";
import { longDate, word } from "../lib/words.js";

export async function getStaticPaths() {
  const entries = await published();
  const param = (url) => url.replace(/^\\/+|\\/+$/g, "") || undefined;
  // Found once for all the pages (src/lib/listings.js), each page given its own.
  const groups = translationGroups(entries);
  const listings = archiveListings(entries);
  const termPages = termAddresses(entries);
  const pages = entries.map((entry) => {
    const data = entry.data;
    const props = {
      entry,
      // The other entries of its translation group.
      translations: (groups.get(data.translationKey) ?? []).filter((e) => e !== entry),
      // An archive page's posts (none for the others).
      listed: listings.get(entry) ?? [],
      // The term pages' addresses, for a post's categories and tags: one Map for all.
      termPages,
    };
    return { params: { path: param(data.permalink) }, props };
  });
  // An old URL that is now a page, or that an earlier entry claimed, is left out
  // (the redirect maps, --redirects, keep it).
  const taken = new Set(pages.map((page) => page.params.path));
  const redirects = [];
  for (const entry of entries) {
    for (const alias of entry.data.aliases ?? []) {
      const path = param(alias);
      if (!taken.has(path)) {
        taken.add(path);
        redirects.push({ params: { path }, props: { to: entry.data.permalink } });
      }
    }
  }
  return [...pages, ...redirects];
}

// A Location header takes ASCII only: the URL's other characters percent-encoded.
if (Astro.props.to) return Astro.redirect(Astro.props.to.replace(/[^\\0-\\x7f]+/gu, encodeURI), 301);
const { entry, translations } = Astro.props;
const { Content } = await render(entry);
const data = entry.data;
// A category's or tag's page (written by wxr_tools): its description, its posts, newest
// first, its subcategories' (data.also: their names) too.
// A month's or a year's (data.period: "2010-03" or "2010"): the posts dated in it.
// An author's (data.by: the name the posts give as their author): the author's posts.
const archive = isArchive(data);
// Its comments (src/lib/comments.js), read for this page only; an archive page's id is
// a term's, and it shows none.
const thread = archive ? [] : threadOf(data);
// A post's categories, tags and other terms, with their pages: the taxonomies that have
// pages, in order, names as the post has them (termPages: taxonomy → name → address).
const { termPages } = Astro.props;
const terms = [...termPages.keys()]
  .sort()
  .map((taxonomy) => [taxonomy, [data[taxonomy] ?? []].flat().map((name) => ({ name, url: termPages.get(taxonomy).get(name) }))])
  .filter(([, names]) => names.length > 0);
// A taxonomy's name in the page's language (src/data/i18n.json: categories, tags); others by their key.
const termsLabel = (taxonomy) => word(data.lang, `taxonomy_${taxonomy}`, { fallback: taxonomy });
// Another taxonomy's page (a series) lists every kind it holds, as WordPress's did.
const anyType = data.term && !["categories", "tags"].includes(data.taxonomy);
const listed = Astro.props.listed
  .filter((e) => anyType || e.data.wordpress.type === "post")
  .sort((a, b) => (b.data.date?.getTime() ?? 0) - (a.data.date?.getTime() ?? 0));
---
<Base title={data.title} lang={data.lang}>
{archive && <h1>{data.title}</h1>}
{archive && <Content />}
{archive && <ul class="posts">{listed.map((post) => <li><a href={post.data.permalink}>{post.data.title}</a>{post.data.date && <> <time datetime={post.data.date.toISOString()}>{longDate(data.lang, post.data.local_date ?? post.data.date)}</time></>}</li>)}</ul>}
{translations.map((t) => <link slot="head" rel="alternate" hreflang={t.data.lang} href={t.data.permalink} />)}
{!archive && <article lang={data.lang}>
<h1>{data.title}</h1>
<p class="meta">{data.author && <>{data.author} · </>}{data.date && <time datetime={data.date.toISOString()}>{longDate(data.lang, data.local_date ?? data.date)}</time>}</p>
{data.original_url && <p class="original">{word(data.lang, "first_published_in")} <a href={data.original_url}>{data.original_publication ?? data.original_url}</a></p>}
{Object.entries(data.summaries ?? {}).map(([code, text]) => <blockquote class="summary" lang={code}>{text}</blockquote>)}
<Content />
{terms.map(([taxonomy, names]) => <p class={`terms ${taxonomy}`}>{termsLabel(taxonomy)}: {names.map((t, n) => <>{n > 0 && ", "}{t.url ? <a href={t.url}>{t.name}</a> : t.name}</>)}</p>)}
{(translations.length > 0 || data.translations) && <nav class="translations"><ul>{translations.map((t) => <li><a href={t.data.permalink} hreflang={t.data.lang} lang={t.data.lang}>{t.data.title}</a></li>)}{Object.entries(data.translations ?? {}).map(([code, t]) => <li><a href={t.url} hreflang={code} lang={code}>{t.title}</a></li>)}</ul></nav>}
{thread.length > 0 && <section class="comments" id="comments">
<h2>{word(data.lang, "comments", { count: thread.length })}</h2>
{thread.map((c) => <article class={`comment comment-${c.type}`} id={`comment-${c.id}`} style={`margin-left: ${Math.min(c.depth, 4) * 2}em`}>
<p class="comment-meta">{(c.type === "pingback" || c.type === "trackback") && `${word(data.lang, "pingback")} `}{c.author_url ? <a href={c.author_url} rel="nofollow ugc">{c.author || word(data.lang, "anonymous")}</a> : c.author || word(data.lang, "anonymous")}{c.date && <> · <time datetime={c.date}>{longDate(data.lang, c.date)}</time></>}</p>
<Fragment set:html={c.content} />
</article>)}
</section>}
</article>}
</Base>
"""

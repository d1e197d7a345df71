"""Links: internal links and media rewritten to the new site; the original publication.

* Every ``href``, ``src`` and ``srcset`` in the item's HTML (content, excerpt,
  summary, comments, other-language summaries) that points to the site's own items
  is rewritten to the target's new URL (``[links.url_pattern]``); uploaded files,
  resized variants included, go to ``[links] media_path``. What resolves is decided
  by ``wxr_tools.urlmap``; links that point to the site and resolve to nothing, or to
  an excluded item, are left as they are and reported (WXR504, WXR506).
* Links to a category's, a tag's, a month's or a year's archive go to its page on the
  new site (``[links.archive_pattern]``, ``wxr_tools.archives``).
* Links to WordPress's feeds (the site's, the latest comments', an archive's) go to the
  new site's feed of the same posts when the run writes one (``wxr_tools.feedurls``);
  one the site lacks (the comments' without comment data files, Ghost's) is reported
  (WXR504). An item's comments' feed goes to its page, as its redirect does.
* Links to a language's home page and feed (Polylang's ``/fr/``, ``/fr/feed/``,
  qTranslate's ``?lang=fr``) go to that language's on the new site (``langhomes``:
  Hugo's ``/fr/``, the other flavors' home); with ``--lang``, a language the run
  leaves out to its site's (``[links] lang_base_urls``), as links to its items do.
* A pingback's or trackback's author URL, the address of the post that linked this one,
  goes to that post's new URL when it is one of the site's (WordPress pings itself):
  with ``--lang``, on its language's site, as a link in the text would. It is the
  comment's ``new_author_url``, a display field like ``content_html``: ``author_url``
  keeps the export's, for the WXR writer.
* ``[links] rewrite`` rules then apply to every other link, and to ``original_url``.
* Republication notes ("initialement publié dans X (voir l'original)", "originally
  published in X", "first published by X", ``[links] original_patterns``) and
  canonical meta (``_yoast_wpseo_canonical``…) give ``original_url`` and
  ``original_publication``.
* Each item gets ``url`` (new) and ``old_urls`` (every URL it answered at): the
  writers' redirect maps come from these (a split post's: one copy's, a written one,
  ``Splits.has_old_urls``). A menu's custom link (a ``nav_menu_item`` whose
  ``_menu_item_url`` is an address) gets the address it links to, rewritten as a link
  in a post is, as its ``url``: where the entry goes on the new site.

Only attributes inside tags are touched: never text, HTML comments (block markup
keeps its JSON as written), ``mailto:``, ``#anchors`` or other hosts
(``example.com.evil.org`` is not ``example.com``). Runs after ``shortcodes``, on the
final HTML. ``linktables.media_target`` gives a file URL's new one.
"""

from __future__ import annotations

import re
from typing import Any

from wxr_tools import attrvalue
from wxr_tools.diagnostics import URL, cut
from wxr_tools.digits import is_number
from wxr_tools.entries import page_entry
from wxr_tools.feedurls import feed_address
from wxr_tools.model import Item, evolve
from wxr_tools.originals import original as find_original
from wxr_tools.sitetables import comment_pages
from wxr_tools.transforms import Context, html_of
from wxr_tools.transforms.langsites import COUNT, COUNT_ABSOLUTE
from wxr_tools.transforms.languages import entry_languages
from wxr_tools.transforms.languages import tables as language_tables
from wxr_tools.transforms.linkreport import REPORT, LinkReport
from wxr_tools.transforms.linkrules import Rule, apply_rules
from wxr_tools.transforms.linktables import Tables, tables
from wxr_tools.urlmap import SiteMap, Target
from wxr_tools.urlparts import climbs, split_address

# A comment, or a tag that may hold a URL (group 1: the tag after its "<").
# * The "<" is written once, before both: the pattern's first character is then a
#   literal, which the search looks for in C (a group around the whole tag hid it: the
#   pattern was tried at every character).
# * A comment is "<!--" up to the first "-->" after it, as "<!--.*?-->" says, but read in
#   runs without a "-" and one "-" not starting "-->" at a time: the lazy ".*?" tried the
#   end at every character of every block markup comment. The runs cannot pass a "-->",
#   so nothing is given back (possessive); without a "-->" both fail.
# * The lookahead is the names' first letters (the same characters under IGNORECASE as
#   the names' own, ſ and İ too: a test compares them): most tags (</p>, <p>, <strong>,
#   <h2>) fail at that one test, not at each of ten names in turn.
_MARKUP = re.compile(
    r"<(?:!--[^-]*+(?:-(?!->)[^-]*+)*+-->"
    r"|((?=[aisvetl])(?:a|img|source|video|audio|iframe|embed|area|track|link)\b[^>]*+>))",
    re.IGNORECASE,
)
# Every attribute in turn (so that `title='src="x"'` is one attribute, not a src).
# Groups: the name with its "=" (1), the name (2), the value "double" (3), 'single' (4), bare (5).
_ATTR = re.compile(
    r"""(\s+([^\s"'>/=]+)\s*=\s*)(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))|\s+[^\s"'>/=]+"""
)
_URL_ATTRS = frozenset(("href", "src", "srcset", "poster", "data-src", "data-srcset"))
_PINGS = frozenset(("pingback", "trackback"))
"""Comment types whose author URL is the linking post's address, not a commenter's site."""


def transform(item: Item, ctx: Context) -> Item | None:
    t = tables(ctx)
    rewriter = _Rewriter(item, ctx, t)
    if item.type == "nav_menu_item":
        return _menu_link(item, rewriter)
    changes: dict[str, Any] = {}
    content = html_of(item)
    original = find_original(item, content, t.canonical, t.sitemap.hosts, t.notes)
    for name, text in (
        ("content_html", content),
        ("excerpt_html", item.excerpt_html),
        ("summary_html", item.summary_html),
    ):
        if text:
            new = rewriter.html(text)
            if new != text:
                changes[name] = new
    comments = list(item.comments)
    changed = False  # a flag, not a second pass comparing the lists: most items keep all
    for n, comment in enumerate(comments):
        if (
            comment.content_html
            and (new := rewriter.html(comment.content_html)) != comment.content_html
        ):
            comments[n] = evolve(comment, content_html=new)
            changed = True
        ping = comment.type in _PINGS and bool(comment.author_url)
        if ping and (source := rewriter.ping_source(comment.author_url)) != comment.author_url:
            comments[n] = evolve(comments[n], new_author_url=source)
            changed = True
    if changed:
        changes["comments"] = tuple(comments)
    if item.summaries:
        summaries = {k: rewriter.html(v) for k, v in item.summaries.items()}
        if summaries != item.summaries:
            changes["summaries"] = summaries
    if original is not None:
        url, publication = original
        if url is not None:
            url = rewriter.rules(url)
        changes["original_url"], changes["original_publication"] = url, publication
        ctx.report.counts["original publications found"] += 1
        if rewriter.report is not None:
            rewriter.report.originals.append((item.id, item.title, publication, url))
    if t.media and (featured := _featured_image(item, t, rewriter)) is not None:
        changes["featured_image"] = featured
    url, old_urls = _own_urls(item, ctx, t)
    if t.others is not None and (translations := t.others.translations(item, t.sitemap, ctx)):
        changes["translations"] = translations
    if item.type == "attachment" and url is None and (entry := page_entry(item)) is not None:
        rewriter.refused(t.sitemap.media_file(entry), "attachment", "no new URL, no redirect")
    rewriter.flush()
    return evolve(item, url=url, old_urls=old_urls, **changes)


def _menu_link(item: Item, rewriter: _Rewriter) -> Item:
    """A menu entry: its custom link's address rewritten (its ``url``); it has no page,
    and its other kinds link to an item or a term, which the writer knows the page of."""
    meta = {m.key: m.value.strip() for m in item.meta if m.key.startswith("_menu_item_")}
    address = meta.get("_menu_item_url", "")
    url = None
    if meta.get("_menu_item_type") == "custom" and address:
        url = attrvalue.decode(rewriter.url(_escape(address)))
        rewriter.flush()
    return evolve(item, url=url, old_urls=())


def _featured_image(item: Item, t: Tables, rewriter: _Rewriter) -> str | None:
    """The new URL of the file of the attachment the item's ``_thumbnail_id`` names:
    themes showed it above the post and in lists; the site writer's front matter keeps it."""
    value = next((m.value.strip() for m in item.meta if m.key == "_thumbnail_id"), "")
    if not is_number(value) or not t.resolve:
        return None
    entry = t.sitemap.index.get(int(value))
    if entry is None or entry.type != "attachment":
        return None
    url = t.sitemap.media_url(entry)
    if url is None:
        rewriter.refused(t.sitemap.media_file(entry), f"featured image {value}", "no new URL")
    return url


def _own_urls(item: Item, ctx: Context, t: Tables) -> tuple[str | None, tuple[str, ...]]:
    entry = page_entry(item)  # the item as it is now (a split copy, a repeated id)
    if entry is None or entry.type in t.sitemap.no_url:
        return None, ()
    languages = language_tables(ctx)
    secondary = languages.splits.is_copy(entry.id, item.lang)
    url = t.sitemap.url_of(entry, item.lang, languages.main, prefix_lang=secondary, memo=False)
    if not languages.splits.has_old_urls(entry.id, item.lang, ctx.filters):
        return url, ()
    guid = item.guid
    if secondary:  # its guid is its own (``langtags.copy_guid``): the post's is the old one
        found = t.sitemap.index.get(entry.id) if entry.id is not None else None
        guid = found.guid if found is not None else ""
    old = t.sitemap.old_urls(entry, item.link, guid)
    if item.type == "attachment" and item.attachment_url:
        old = (*old, item.attachment_url)
    elif item.comments and item.link:
        old = (*old, *comment_pages(item, t.comments_per_page))
    return url, old


class _Rewriter:
    """Rewrites the links of one item's texts, counting and reporting as it goes."""

    def __init__(self, item: Item, ctx: Context, t: Tables) -> None:
        self.item, self.ctx, self.t = item, ctx, t
        self.page = item.link if item.link.startswith("http") else t.sitemap.home
        found = ctx.state.get(REPORT)
        self.report = found if isinstance(found, LinkReport) else None
        self.seen: set[str] = set()
        # Plain dicts, not a Counter: one of these is made per item, and a Counter's
        # constructor costs more than the whole rewrite of most items' links.
        self.ruled: dict[Rule, int] = {}
        self.first: dict[Rule, str] = {}
        self.away: bool | None = None
        """Whether links to other languages' sites are counted: the item is written."""
        self.said_away = False

    def html(self, text: str) -> str:
        if "=" not in text:
            # No attribute has a value (most comments, after autop: "<p>…</p>"), so
            # every attribute the rewrite looks at would be left as it is.
            return text
        if "href" not in text and "src" not in text and "poster" not in text:
            # Most comments: no attribute to look at. Old editors wrote HREF= (a
            # case-blind regex costs ten times these scans on text without links).
            lower = text.lower()
            if "href" not in lower and "src" not in lower and "poster" not in lower:
                return text
        return self._tags(text)

    def _tags(self, text: str) -> str:
        """``text`` with the URL attributes of its tags rewritten; ``text`` itself when
        none changed.

        A loop over the matches, not ``_MARKUP.sub`` with a function: most matches are
        block markup comments, kept as they are, and a call per match cost more than
        the scan (a property test compares the two). A tag's attributes are read in
        ``text`` itself between the tag's ends (``_ATTR`` looks at nothing before its
        start or past ``endpos``, so it finds what it finds in the tag cut out): the
        tag is not copied, and a changed attribute goes straight into the text's pieces.
        """
        out: list[str] = []
        pos = 0
        for m in _MARKUP.finditer(text):
            if m.lastindex is None:  # a comment: kept as written
                continue
            for a in _ATTR.finditer(text, m.start(), m.end()):
                name = (a[2] or "").lower()
                # Most attributes are no URL (alt, class, width): looked at no further.
                if name not in _URL_ATTRS:
                    continue
                new = self._attr(a, name)
                if new is not None:
                    out.append(text[pos : a.start()])
                    out.append(new)
                    pos = a.end()
        if not out:
            return text
        out.append(text[pos:])
        return "".join(out)

    def _attr(self, m: re.Match[str], name: str) -> str | None:
        """The attribute ``m`` (named ``name``) rewritten, or None when it stays as written."""
        value = m[3] if m[3] is not None else m[4] or m[5] or ""
        if "srcset" in name:
            new = ", ".join(self._srcset_entry(part) for part in value.split(","))
        else:
            new = self.url(value)
        if new == value:
            return None
        quote = "'" if m[4] is not None else '"'
        return f"{m[1]}{quote}{new}{quote}"

    def ping_source(self, url: str) -> str:
        """A pingback's or trackback's author URL (plain text) to write: the linking
        post's new URL when it is one of the site's written items (WordPress pinged
        itself from a post that links this one), as a link in the text to it is; else
        as written (another site's post; one no longer published stays the old
        address, unreported: the comment is not the item's text)."""
        t = self.t
        if not (t.resolve and t.internal):
            return url
        value = _escape(url)
        target = t.sitemap.resolve(value, self.page)
        if target is None or target.kind != "item" or target.entry is None:
            return url
        if t.sitemap.state(target.entry) == "exclude":
            return url
        new = self._resolved(target, value)
        return url if new is None else new

    def _srcset_entry(self, part: str) -> str:
        url, _, size = part.strip().partition(" ")
        return f"{self.url(url)} {size.strip()}".strip()

    def url(self, value: str) -> str:
        """The attribute value to write for ``value`` (HTML-escaped in, escaped out)."""
        t, report = self.t, self.report
        target = t.sitemap.resolve(value, self.page) if t.resolve else None
        if target is None and t.resolve:
            return value  # mailto:, #anchor, javascript:
        new: str | None = None
        if target is not None:
            new = self._resolved(target, value)
            if target.kind == "external" and report is not None:
                report.external[target.form] += 1
            elif target.kind == "site" and report is not None:
                _count_site(report, value)
        if new is not None:
            return _escape(new)
        if not t.rules:
            return value  # what apply_rules gives without rules
        raw = attrvalue.decode(value)
        if not raw.startswith(("http://", "https://", "//", "/")):
            return value
        ruled, rule = apply_rules(raw, t.rules, self.item.date)
        if rule is None:
            return value
        self.ruled[rule] = self.ruled.get(rule, 0) + 1
        self.first.setdefault(rule, f"{raw} -> {ruled}")
        if report is not None:
            report.rules[rule.label] += 1
        return _escape(ruled)

    def _resolved(self, target: Target, value: str) -> str | None:
        t, ctx = self.t, self.ctx
        sitemap, entry, kind = t.sitemap, target.entry, target.kind
        if kind == "media" and entry is not None and t.media:
            url = sitemap.media_url(entry, target.path)
            if url is None:
                file = sitemap.media_file(entry, target.path)
                self.refused(file, attrvalue.decode(value), "left as written")
                return None
            ctx.report.counts["media links rewritten"] += 1
            if self.report is not None:
                self.report.media += 1
            return url
        if not t.internal:
            return None
        if kind == "home":  # the home page, or a one-author blog's author archive
            self._count(target.form)
            return sitemap.base_url + "/"
        if kind == "item" and entry is not None:
            if sitemap.state(entry) == "exclude":
                self._unresolved(value, f"item {entry.id} is excluded ({entry.status})")
                return None
            lang, langs = entry_languages(entry, ctx)
            if langs and self.item.lang in langs:
                lang = self.item.lang  # a split target: the linking item's language
            main = language_tables(ctx).main
            url = sitemap.url_of(entry, lang, main, prefix_lang=bool(langs) and lang != langs[0])
            if url is None:
                self._unresolved(value, f"item {entry.id} ({entry.type}) has no page")
                return None
            self._count(target.form)
            if t.others is not None and (away := t.others.site_of(entry, lang, bool(langs), ctx)):
                url = self._away(url, value, *away)
            return url + (f"#{target.fragment}" if target.fragment else "")
        if kind in ("archive", "period", "author"):
            # A term's, a month's, a year's or an author's page; none when its pattern is "".
            url = sitemap.archive_url(target)
            if url is not None:
                self._count(f"{target.form} archive")
                return url + (f"#{target.fragment}" if target.fragment else "")
            if self.report is not None:
                _count_site(self.report, value)
            return None
        if kind == "language":  # a language's home or feed: the new site's (``langhomes``)
            return self._language(target, value)
        if kind == "feed":  # one of WordPress's feeds: the new site's (``feedurls``)
            if target.path:
                self._count(f"{target.form} feed")
                return target.path
            self._unresolved(value, _no_feed(target.form, sitemap))
            return None
        if kind == "missing":
            media = target.form in ("uploads", "file")
            why = "no attachment holds this file" if media else "no item at this address"
            self._unresolved(value, why, "WXR506" if media else "WXR504")
        return None

    def _language(self, target: Target, value: str) -> str | None:
        """A language's home page or feed (``target.path``: the language): this site's,
        or with ``--lang`` the other language's site's (``_away``); kept as written
        (a site link) by a run that writes no pages."""
        t = self.t
        url = t.sitemap.language_url(target)
        if url is None:
            if self.report is not None:
                _count_site(self.report, value)
            return None
        self._count(f"language {target.form}")
        if t.others is not None and (away := t.others.language_site(target.path)):
            url = self._away(url, value, *away)
        return url + (f"#{target.fragment}" if target.fragment else "")

    def _away(self, url: str, value: str, lang: str, base: str | None) -> str:
        """The link to an item of ``lang``'s site (``url``: its path here): absolute on
        ``base``; else as it is, counted, and said once per item (WXR509)."""
        if self.away is None:
            assert self.t.others is not None
            self.away = self.t.others.written(self.item, self.ctx)
        if base is not None:
            self.ctx.report.counts[COUNT_ABSOLUTE] += self.away
            return base + url.removeprefix(self.t.sitemap.base_url)
        if self.away:
            self.ctx.report.counts[COUNT] += 1
        if self.away and not self.said_away:
            self.said_away = True
            linked = cut(attrvalue.decode(value), URL)
            message = f"{linked}: {cut(url, URL)} is on the {lang} site, not this one"
            self.ctx.diagnose(self.item, "WXR509", message + " ([links] lang_base_urls)")
        return url

    def _count(self, form: str) -> None:
        self.ctx.report.counts["internal links rewritten"] += 1
        if self.report is not None:
            self.report.rewritten[form] += 1

    def _unresolved(self, value: str, why: str, code: str = "WXR504") -> None:
        files = code == "WXR506"
        self.ctx.report.counts[
            "files not in the export" if files else "internal links unresolved"
        ] += 1
        url = attrvalue.decode(value)
        if self.report is not None:
            found = self.report.missing_files if files else self.report.unresolved
            found.append((self.item.id, url, why))
        if url not in self.seen:
            self.seen.add(url)
            self.ctx.diagnose(self.item, code, f"{cut(url, URL)}: {why}")

    def refused(self, file: str, what: str, outcome: str) -> None:
        """A file whose path climbs out of its folder (``urlparts.climbs``) gets no URL:
        said once per item and file (WXR508)."""
        if climbs(file) and file not in self.seen:
            self.seen.add(file)
            self.ctx.report.counts["media paths refused ('..')"] += 1
            message = f"{what}: file path {file!r} leaves the uploads folder: {outcome}"
            self.ctx.diagnose(self.item, "WXR508", message)

    def rules(self, url: str) -> str:
        return apply_rules(url, self.t.rules, self.item.date)[0]

    def flush(self) -> None:
        """One WXR505 per rule and item, not one per link (a dead domain is everywhere)."""
        for rule, n in self.ruled.items():
            self.ctx.report.counts["links rewritten by rule"] += n
            self.ctx.diagnose(
                self.item, "WXR505", f"{n} link(s) by {rule.label}: {self.first[rule]}"
            )


def _no_feed(form: str, sitemap: SiteMap) -> str:
    """Why a link to one of WordPress's feeds (``form``: whose) has no new feed to go to."""
    if form == "comments":
        return sitemap.feeds.no_comments if sitemap.feeds is not None else ""
    return "its page has no feed on the new site" if form else "a feed of no page of the export"


def _escape(url: str) -> str:
    return url.replace("&", "&amp;").replace('"', "&quot;")


def _count_site(report: LinkReport, value: str) -> None:
    """A link to the site kept as written, counted as a feed's or an archive's: ``wxr
    links`` says apart the feed links a conversion sends to the new site's feeds."""
    parts = split_address(attrvalue.decode(value).strip())
    if feed_address(parts.path, parts.query) is not None:
        report.feeds += 1
    else:
        report.site += 1

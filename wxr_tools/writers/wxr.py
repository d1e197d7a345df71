"""``--to wxr``: the model written back as a WordPress export (WXR 1.2), streaming.

The markup and its order are those of WordPress's own exporter (FORMATS.md §1.2-1.5):
the XML declaration, explanatory and generator comments, ``<rss>`` with the five
namespaces, the channel header, ``wp:author`` blocks, ``wp:category``/``wp:tag``/
``wp:term`` with their term meta, then one ``<item>`` at a time with every field,
its ``category`` elements, post meta and comments with comment meta. Items are
written as they arrive and never held.

Round trip: reading the output gives the raw model the original gave (the corpus
test checks every strict-readable file), with these normalisations only:

* ``site.namespace`` is ``http://wordpress.org/export/1.2/`` and ``site.wxr_version``
  is ``1.2``: the output is WXR 1.2 whatever the input was.
* An ``extra`` element's ``xml`` may declare other namespaces it does not use: lxml
  serialises every namespace in scope, and the output's scope is not the input's.
  It is the same element: the same names (by namespace URI), attributes, text and
  children.

Authors and terms that the reader found after the first item (WXR106) are written
after the items, so that they read back in the same order. Unknown channel elements
found there are the one thing the writer cannot carry: the job's site is read
before the items (no corpus file has any).

Text, and what XML 1.0 cannot hold:

* Fields are CDATA where WordPress 1.2 writes CDATA, escaped text elsewhere; ``]]>``
  inside a value is split as ``]]]]><![CDATA[>``, as WordPress does.
* A carriage return is data (PHP-serialized meta counts its byte), but XML parsers
  turn CR LF into LF. It is written as the character reference ``&#13;`` (closing
  and reopening CDATA around it), exactly as the reader's byte stream protects a
  raw CR before parsing: our reader reads it back unchanged, and so does any other
  conformant parser, WordPress's importer included.
* Control characters other than tab, LF and CR (and U+FFFE, U+FFFF, lone
  surrogates) cannot be written at all, not even as references. They are dropped
  and each drop is reported (WXR420, naming the item and field). Our reader never
  produces them; only a model built another way can hold them.

Without ``--raw`` the transformed stream is written, and only what WordPress itself
would store flows back: the items the status policy and filters kept; comments the
comment policy kept (it re-attaches replies whose parent it left out), with e-mails
and IPs as the privacy policy left them; a reply to a comment the export does not
hold becomes top-level, as WordPress's importer would otherwise keep the old
number and attach it to an unrelated comment; title, content and excerpt as the
text transform repaired them. The display fields (``content_html``, ``excerpt_html``,
``summary_html``: paragraphs added, shortcodes converted, links rewritten) are never
written: WordPress stores raw text and applies ``wpautop`` and shortcodes when it
renders. The links transform rewrites only those display fields (to the new site's
URLs, which a new WordPress does not have), and a ping's ``new_author_url`` (its
``author_url`` stays the export's: a real import of a new address left a pingback
from the site itself linking ``/2010/03/slug/``, a path the new WordPress does not
serve), so a run that rewrote links says that the WXR does not carry them (WXR425).
``lang``, ``url`` and the other transformed fields have no WXR element and are not
written.

References between items (parents, featured images, menu items) to an item the status
policy or the filters left out are changed so that none dangles, and a post split by
language writes each copy with an id, slug and guid of its own and its comments once
(``wxr_tools.writers.references``; WXR426 counts the changes). From standard input,
``wxr convert`` reads a copy of it in a file (``reader.spool``): the index that this
needs is there, and the output is the same file's, byte for byte.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable
from datetime import datetime
from typing import TextIO

from lxml import etree

from wxr_tools import __version__
from wxr_tools.diagnostics import Diagnostic
from wxr_tools.model import Author, Comment, Extra, Item, Meta, Term
from wxr_tools.writers import WriteJob
from wxr_tools.writers.files import atomic_file
from wxr_tools.writers.references import References

WP_NS = "http://wordpress.org/export/1.2/"
WXR_VERSION = "1.2"
ZERO_DATE = "0000-00-00 00:00:00"

# XML 1.0's Char production leaves out these code points; no escape can write them.
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_TEXT = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;"})
# Attribute values are normalised by parsers (tab, LF and CR become spaces) unless
# written as references.
_ATTR = _TEXT | str.maketrans({'"': "&quot;", "\t": "&#9;", "\n": "&#10;"})

# Counts the links transform keeps (wxr_tools.transforms.links) of rewrites it made.
_LINK_COUNTS = ("internal links rewritten", "media links rewritten", "links rewritten by rule")

_PROLOG = """<?xml version="1.0" encoding="UTF-8" ?>
<!-- This is a WordPress eXtended RSS file (WXR 1.2), written by wxr_tools from an export. -->
<!-- It contains a site's posts, pages, comments, categories and other content. -->
<!-- To import it into WordPress: Tools > Import > WordPress, then upload this file. -->

<!-- generator="wxr_tools/{version}" -->
<rss version="2.0"
\txmlns:excerpt="{wp}excerpt/"
\txmlns:content="http://purl.org/rss/1.0/modules/content/"
\txmlns:wfw="http://wellformedweb.org/CommentAPI/"
\txmlns:dc="http://purl.org/dc/elements/1.1/"
\txmlns:wp="{wp}"
>

<channel>
"""


class XmlText:
    """Values into XML 1.0 text: CDATA sections, escaped text and attribute values.

    Characters XML cannot hold are dropped and reported against ``item`` (the item
    being written), so that nothing disappears silently.
    """

    def __init__(self, report: Callable[[Diagnostic], None]) -> None:
        self._report = report
        self.item: Item | None = None

    def legal(self, value: str, field: str) -> str:
        """``value`` without the characters XML 1.0 cannot hold; ``field`` names it."""
        if _ILLEGAL.search(value) is None:
            return value
        found = Counter(_ILLEGAL.findall(value))
        chars = ", ".join(f"U+{ord(c):04X} x{n}" for c, n in sorted(found.items()))
        self.dropped(f"{field}: dropped {chars}")
        return _ILLEGAL.sub("", value)

    def dropped(self, message: str) -> None:
        """Report something XML could not hold (WXR420), against the current item."""
        item = self.item
        self._report(
            Diagnostic(
                code="WXR420",
                message=message,
                line=item.line if item is not None else None,
                item_id=item.id if item is not None else None,
            )
        )

    def cdata(self, value: str, field: str) -> str:
        """A CDATA section, split around ``]]>`` and around each CR."""
        value = self.legal(value, field).replace("]]>", "]]]]><![CDATA[>")
        if "\r" in value:
            value = value.replace("\r", "]]>&#13;<![CDATA[")
        return f"<![CDATA[{value}]]>"

    def text(self, value: str, field: str) -> str:
        """Escaped element text; a CR as ``&#13;`` (a raw one would read as LF)."""
        return self.legal(value, field).translate(_TEXT)

    def attr(self, value: str, field: str) -> str:
        """An attribute value for double quotes, blank characters as references."""
        return self.legal(value, field).translate(_ATTR)


def mysql_date(value: datetime | None) -> str:
    """WordPress's ``YYYY-MM-DD HH:MM:SS``; None is the zero date the reader reads as None."""
    # isoformat() also keeps what a non-MySQL source gave (fractions, an offset), so
    # that the reader's fromisoformat() gives the same value back.
    return ZERO_DATE if value is None else value.isoformat(" ")


def _int(value: int | None) -> str:
    # An empty element reads back as None, as a missing id was read.
    return "" if value is None else str(value)


def effective_parents(comments: Iterable[Comment], kept: set[int]) -> dict[int, int]:
    """Each kept comment's parent, or its nearest kept ancestor, or 0 (by comment id).

    Replies whose parent is not written would otherwise point at a missing comment
    (WordPress's importer then keeps the old numeric id: a random comment).
    """
    parent_of = {c.id: c.parent for c in comments if c.id is not None}
    out: dict[int, int] = {}
    for cid in kept:
        parent, seen = parent_of.get(cid, 0), {cid}
        while parent and parent not in kept and parent not in seen:
            seen.add(parent)  # a cycle in the export must not loop forever
            parent = parent_of.get(parent, 0)
        out[cid] = parent if parent in kept else 0
    return out


class WxrWriter:
    """Writes one export: ``header()``, ``item()`` per item, then ``footer()``."""

    def __init__(self, out: TextIO, job: WriteJob) -> None:
        self.out = out
        self.job = job
        self.x = XmlText(job.report.add)
        self._authors = 0
        self._terms = 0
        # A raw run is the lossless dump: its items are written as they were read.
        self.references = None if job.raw else References(job)

    def header(self) -> None:
        """Everything before the first item: site fields, authors, terms, extras."""
        site, t = self.job.site, self.x.text
        parts = [
            _PROLOG.format(version=__version__, wp=WP_NS),
            f"\t<title>{t(site.title, 'title')}</title>\n",
            f"\t<link>{t(site.link, 'link')}</link>\n",
            f"\t<description>{t(site.description, 'description')}</description>\n",
            f"\t<pubDate>{t(site.pub_date, 'pubDate')}</pubDate>\n",
            f"\t<language>{t(site.language, 'language')}</language>\n",
            f"\t<wp:wxr_version>{WXR_VERSION}</wp:wxr_version>\n",
            f"\t<wp:base_site_url>{t(site.base_site_url, 'base')}</wp:base_site_url>\n",
            f"\t<wp:base_blog_url>{t(site.base_blog_url, 'base')}</wp:base_blog_url>\n\n",
        ]
        self.out.write("".join(parts))
        self._channel_entries()
        tail = []
        if site.generator:
            tail.append(f"\n\t<generator>{t(site.generator, 'generator')}</generator>\n")
        tail.extend(f"\t{self._extra(e)}\n" for e in site.extra)
        self.out.write("".join(tail) + "\n")

    def _channel_entries(self) -> None:
        """Authors and terms not written yet: the reader finds late ones after the items."""
        authors, terms = self.job.authors, self.job.terms
        # Authors derived from dc:creator (WXR 1.0) are left out: the reader derives
        # them again, as WordPress's importer does, and marks them so.
        parts = [self._author(a) for a in authors[self._authors :] if not a.derived]
        if parts:
            parts.append("\n")
        refs = self.references
        parts.extend(
            self._term(term) for term in terms[self._terms :] if refs is None or refs.term(term)
        )
        self._authors, self._terms = len(authors), len(terms)
        self.out.write("".join(parts))

    def _author(self, a: Author) -> str:
        c = self.x.cdata
        return (
            f"\t<wp:author><wp:author_id>{_int(a.id)}</wp:author_id>"
            f"<wp:author_login>{c(a.login, 'author_login')}</wp:author_login>"
            f"<wp:author_email>{c(a.email, 'author_email')}</wp:author_email>"
            f"<wp:author_display_name>{c(a.display_name, 'author_display_name')}"
            "</wp:author_display_name>"
            f"<wp:author_first_name>{c(a.first_name, 'author_first_name')}</wp:author_first_name>"
            f"<wp:author_last_name>{c(a.last_name, 'author_last_name')}</wp:author_last_name>"
            "</wp:author>\n"
        )

    def _term(self, term: Term) -> str:
        # Which element: the reader maps wp:category to "category" and wp:tag to
        # "post_tag"; a tag with a parent (only possible through wp:term) stays wp:term.
        if term.taxonomy == "category":
            tag = "wp:category"
            rows = [("wp:category_nicename", term.slug), ("wp:category_parent", term.parent)]
            names = ("wp:cat_name", "wp:category_description")
        elif term.taxonomy == "post_tag" and not term.parent:
            tag = "wp:tag"
            rows = [("wp:tag_slug", term.slug)]
            names = ("wp:tag_name", "wp:tag_description")
        else:
            tag = "wp:term"
            rows = [
                ("wp:term_taxonomy", term.taxonomy),
                ("wp:term_slug", term.slug),
                ("wp:term_parent", term.parent),
            ]
            names = ("wp:term_name", "wp:term_description")
        # WordPress writes the name and the description only when they are not empty.
        rows += [(n, v) for n, v in zip(names, (term.name, term.description), strict=True) if v]
        lines = [f"\t<{tag}>\n\t\t<wp:term_id>{_int(term.id)}</wp:term_id>\n"]
        lines += [f"\t\t<{n}>{self.x.cdata(v, n)}</{n}>\n" for n, v in rows]
        lines += [self._meta("wp:termmeta", m, "\t\t", "\t\t\t") for m in term.meta]
        lines.append(f"\t</{tag}>\n")
        return "".join(lines)

    def _meta(self, tag: str, meta: Meta, outer: str, inner: str) -> str:
        c = self.x.cdata
        return (
            f"{outer}<{tag}>\n"
            f"{inner}<wp:meta_key>{c(meta.key, tag + ' key')}</wp:meta_key>\n"
            f"{inner}<wp:meta_value>{c(meta.value, tag + ' ' + meta.key)}</wp:meta_value>\n"
            f"{outer}</{tag}>\n"
        )

    def _extra(self, extra: Extra) -> str:
        if extra.xml:
            return self.x.legal(extra.xml, extra.name)
        # A record built without its XML: rebuild the element from its parts.
        try:
            el = etree.Element(extra.name, extra.attrs)
            el.text = self.x.legal(extra.text, extra.name)
        except ValueError:
            self.x.dropped(f"extra element {extra.name!r}: not a valid XML name, dropped")
            return ""
        return str(etree.tostring(el, encoding="unicode"))

    def item(self, item: Item) -> None:
        """Write one item, every field in the exporter's order, and count it."""
        if self.references is not None:
            written = self.references.item(item)
            if written is None:
                return
            item = written
        x = self.x
        x.item = item
        c, t = x.cdata, x.text
        modified = ""
        if item.modified is not None or item.modified_gmt is not None:
            # Only WordPress 5.7+ writes these; leaving them out reads back as None too.
            modified = (
                f"\t\t<wp:post_modified>{c(mysql_date(item.modified), '')}</wp:post_modified>\n"
                f"\t\t<wp:post_modified_gmt>{c(mysql_date(item.modified_gmt), '')}"
                "</wp:post_modified_gmt>\n"
            )
        parts = [
            "\t<item>\n",
            f"\t\t<title>{c(item.title, 'title')}</title>\n",
            f"\t\t<link>{t(item.link, 'link')}</link>\n",
            f"\t\t<pubDate>{t(item.pub_date, 'pubDate')}</pubDate>\n",
            f"\t\t<dc:creator>{c(item.author, 'dc:creator')}</dc:creator>\n",
            f'\t\t<guid isPermaLink="false">{t(item.guid, "guid")}</guid>\n',
            "\t\t<description></description>\n",
            f"\t\t<content:encoded>{c(item.content, 'content')}</content:encoded>\n",
            f"\t\t<excerpt:encoded>{c(item.excerpt, 'excerpt')}</excerpt:encoded>\n",
            f"\t\t<wp:post_id>{_int(item.id)}</wp:post_id>\n",
            f"\t\t<wp:post_date>{c(mysql_date(item.date), '')}</wp:post_date>\n",
            f"\t\t<wp:post_date_gmt>{c(mysql_date(item.date_gmt), '')}</wp:post_date_gmt>\n",
            modified,
            f"\t\t<wp:comment_status>{c(item.comment_status, 'comment_status')}"
            "</wp:comment_status>\n",
            f"\t\t<wp:ping_status>{c(item.ping_status, 'ping_status')}</wp:ping_status>\n",
            f"\t\t<wp:post_name>{c(item.slug, 'post_name')}</wp:post_name>\n",
            f"\t\t<wp:status>{c(item.status, 'status')}</wp:status>\n",
            f"\t\t<wp:post_parent>{item.parent}</wp:post_parent>\n",
            f"\t\t<wp:menu_order>{item.menu_order}</wp:menu_order>\n",
            f"\t\t<wp:post_type>{c(item.type, 'post_type')}</wp:post_type>\n",
            f"\t\t<wp:post_password>{c(item.password, 'post_password')}</wp:post_password>\n",
            f"\t\t<wp:is_sticky>{int(item.sticky)}</wp:is_sticky>\n",
        ]
        if item.type == "attachment" or item.attachment_url:
            url = c(item.attachment_url, "attachment_url")
            parts.append(f"\t\t<wp:attachment_url>{url}</wp:attachment_url>\n")
        for term in item.terms:
            domain, slug = x.attr(term.taxonomy, "domain"), x.attr(term.slug, "nicename")
            name = c(term.name, "category")
            parts.append(f'\t\t<category domain="{domain}" nicename="{slug}">{name}</category>\n')
        parts += [self._meta("wp:postmeta", m, "\t\t", "\t\t\t") for m in item.meta]
        parents = None
        if not self.job.raw and any(cm.parent for cm in item.comments):
            kept = {cm.id for cm in item.comments if cm.id is not None}
            parents = effective_parents(item.comments, kept)
        parts += [self._comment(cm, parents) for cm in item.comments]
        # Unknown elements last: a later element wins when read, so an unparsable
        # value kept in extra (WXR108/110) reads back exactly as it was read.
        parts += [f"\t\t{self._extra(e)}\n" for e in item.extra]
        parts.append("\t</item>\n")
        self.out.write("".join(parts))
        self.job.report.items_written[item.type] += 1
        self.job.report.comments_written += len(item.comments)

    def _comment(self, cm: Comment, parents: dict[int, int] | None) -> str:
        c, t = self.x.cdata, self.x.text
        parent = cm.parent
        if parents is not None and cm.id is not None and parents[cm.id] != parent:
            parent = parents[cm.id]
            self.job.report.counts["replies to comments not in the export made top-level"] += 1
        meta = "".join(self._meta("wp:commentmeta", m, "\t\t\t", "\t\t\t\t") for m in cm.meta)
        return (
            "\t\t<wp:comment>\n"
            f"\t\t\t<wp:comment_id>{_int(cm.id)}</wp:comment_id>\n"
            f"\t\t\t<wp:comment_author>{c(cm.author, 'comment_author')}</wp:comment_author>\n"
            f"\t\t\t<wp:comment_author_email>{c(cm.author_email, 'comment_author_email')}"
            "</wp:comment_author_email>\n"
            f"\t\t\t<wp:comment_author_url>{t(cm.author_url, 'comment_author_url')}"
            "</wp:comment_author_url>\n"
            f"\t\t\t<wp:comment_author_IP>{c(cm.author_ip, 'comment_author_IP')}"
            "</wp:comment_author_IP>\n"
            f"\t\t\t<wp:comment_date>{c(mysql_date(cm.date), '')}</wp:comment_date>\n"
            f"\t\t\t<wp:comment_date_gmt>{c(mysql_date(cm.date_gmt), '')}</wp:comment_date_gmt>\n"
            f"\t\t\t<wp:comment_content>{c(cm.content, 'comment_content')}</wp:comment_content>\n"
            f"\t\t\t<wp:comment_approved>{c(cm.approved, 'comment_approved')}"
            "</wp:comment_approved>\n"
            f"\t\t\t<wp:comment_type>{c(cm.type, 'comment_type')}</wp:comment_type>\n"
            f"\t\t\t<wp:comment_parent>{parent}</wp:comment_parent>\n"
            f"\t\t\t<wp:comment_user_id>{cm.user_id}</wp:comment_user_id>\n"
            f"{meta}\t\t</wp:comment>\n"
        )

    def footer(self) -> None:
        """Late authors and terms, the end of the document, and the WXR425 note."""
        # Authors and terms the reader found after the first item (WXR106) are only
        # known now; written after the items, they read back in the same order.
        self._channel_entries()
        self.out.write("</channel>\n</rss>\n")
        if self.references is not None:
            self.references.finish()
        counts = self.job.report.counts
        rewrites = sum(counts[k] for k in _LINK_COUNTS)
        if rewrites and not self.job.raw:
            # The report counts them as done: say that this target does not carry them.
            message = f"{rewrites} link rewrites are in the display HTML only, not in this WXR"
            self.job.report.add(Diagnostic(code="WXR425", message=message, path=self.job.output))


def write(job: WriteJob) -> None:
    """Write ``job`` as a WXR 1.2 file (``-`` for standard output), atomically."""
    with atomic_file(job.output) as out:
        writer = WxrWriter(out, job)
        writer.header()
        for item in job.items:
            writer.item(item)
        writer.footer()

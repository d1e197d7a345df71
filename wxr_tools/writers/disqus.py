"""``--to disqus``: the comments as Disqus's custom XML import (FORMATS.md §4.5).

Disqus reads a WXR dialect: one ``<item>`` per thread (``title``, ``link``,
``content:encoded``, ``dsq:thread_identifier``, ``wp:post_date_gmt``,
``wp:comment_status``), each with its ``wp:comment`` elements (id, author, e-mail,
URL, IP, GMT date, content, approval and the parent's id). "All fields are
required even if they contain no content", so every element is always written.

* Only items with comments to import become threads; the others are counted as
  excluded ("no comments").
* The thread's ``link`` is the item's new URL (``url``, made absolute against the
  old site's address when it is site-relative: a migration usually keeps the
  domain), falling back to the old ``link``; ``dsq:thread_identifier`` is the same
  URL, which is what a site template passes as ``disqus_identifier`` and
  ``disqus_url``.
* Disqus takes approved (1) and pending (0) comments only, of at least 3 characters,
  and has no pingbacks or trackbacks; other comments are counted as excluded, by
  reason. A post split by language has one thread per language written (each at its
  own URL); its comments go to the first one only (``references.Copies``: Disqus would
  see each comment id twice), the others' are counted as excluded. A reply whose
  parent is not written hangs from its nearest written
  ancestor (or becomes top-level), so that no ``wp:comment_parent`` dangles.
* E-mails are written as the privacy policy left them. Disqus tells commenters apart
  by e-mail: comments without one (the default policy drops them; a hashed one is
  no address) are counted and reported once (WXR423).
* ``content:encoded`` is left empty: Disqus does not show it, and its import has a
  50 MB limit that comments alone should fill.

The text rules (CDATA split, carriage returns, characters XML cannot hold) are the
WXR writer's (:class:`wxr_tools.writers.wxr.XmlText`).
"""

from __future__ import annotations

from datetime import datetime
from typing import TextIO
from urllib.parse import urljoin, urlsplit

from wxr_tools.diagnostics import TYPE, Diagnostic, cut
from wxr_tools.model import Comment, Item
from wxr_tools.writers import WriteJob
from wxr_tools.writers.files import atomic_file
from wxr_tools.writers.references import Copies
from wxr_tools.writers.wxr import XmlText, effective_parents, mysql_date

MIN_CONTENT = 3
"""Disqus refuses comments shorter than this (characters, after trimming)."""

_HEAD = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"
\txmlns:content="http://purl.org/rss/1.0/modules/content/"
\txmlns:dsq="http://www.disqus.com/"
\txmlns:dc="http://purl.org/dc/elements/1.1/"
\txmlns:wp="http://wordpress.org/export/1.0/"
>
<channel>
"""
_PINGS = frozenset(("pingback", "trackback"))


def comment_exclusion(comment: Comment) -> str | None:
    """Why Disqus cannot take this comment, or None."""
    if comment.id is None:
        return "no comment id (disqus links replies by id)"
    if comment.approved not in ("1", "0"):
        status = cut(comment.approved, TYPE) or "no status"
        return f"{status} (disqus takes approved and pending comments only)"
    if comment.type in _PINGS:
        return f"{comment.type} (disqus has no pingbacks or trackbacks)"
    if len(_body(comment).strip()) < MIN_CONTENT:
        return f"shorter than {MIN_CONTENT} characters (disqus minimum)"
    return None


def _body(comment: Comment) -> str:
    return comment.content_html if comment.content_html is not None else comment.content


def _first(*dates: datetime | None) -> datetime | None:
    return next((d for d in dates if d is not None), None)


class DisqusWriter:
    """Writes one Disqus import: ``item()`` per item, then ``footer()``."""

    def __init__(self, out: TextIO, job: WriteJob) -> None:
        self.out = out
        self.job = job
        self.report = job.report
        self.x = XmlText(job.report.add)
        self.without_email = 0
        # A post split by language: its first thread written holds its comments.
        self.copies = Copies(job, renumber=False)
        out.write(_HEAD)

    def thread_url(self, item: Item) -> str:
        """The new URL, absolute; else the old ``link``."""
        url = item.url or item.link
        if url and not urlsplit(url).scheme:
            site = self.job.site
            url = urljoin(site.base_blog_url or site.link, url)
            self.report.counts[
                "thread URLs made absolute against the old site ([links] base_url)"
            ] += 1
        return url

    def item(self, item: Item) -> None:
        item = self.copies.item(item)
        kept: list[Comment] = []
        for comment in item.comments:
            reason = comment_exclusion(comment)
            if reason is None:
                kept.append(comment)
            else:
                self.report.exclude_comment(reason)
        if not kept:
            self.report.exclude_item("no comments (disqus holds comments only)")
            return
        self.x.item = item
        parents = effective_parents(item.comments, {c.id for c in kept if c.id is not None})
        url = self.x.text(self.thread_url(item), "link")
        date = _first(item.date_gmt, item.date, *(c.date_gmt or c.date for c in kept))
        status = "closed" if item.comment_status == "closed" else "open"
        parts = [
            "\t<item>\n",
            f"\t\t<title>{self.x.text(item.title, 'title')}</title>\n",
            f"\t\t<link>{url}</link>\n",
            "\t\t<content:encoded><![CDATA[]]></content:encoded>\n",
            f"\t\t<dsq:thread_identifier>{url}</dsq:thread_identifier>\n",
            f"\t\t<wp:post_date_gmt>{mysql_date(date)}</wp:post_date_gmt>\n",
            f"\t\t<wp:comment_status>{status}</wp:comment_status>\n",
        ]
        parts += [self._comment(c, parents) for c in kept]
        parts.append("\t</item>\n")
        self.out.write("".join(parts))
        self.report.items_written[item.type] += 1
        self.report.comments_written += len(kept)

    def _comment(self, c: Comment, parents: dict[int, int]) -> str:
        t = self.x.text
        assert c.id is not None  # comment_exclusion left out comments without an id
        parent = parents[c.id]
        if parent != c.parent:
            self.report.counts["replies re-parented (parent not written)"] += 1
        email = c.author_email.strip()
        if "@" not in email:  # empty, or hashed by the privacy policy
            email = ""
            self.without_email += 1
        return (
            "\t\t<wp:comment>\n"
            f"\t\t\t<wp:comment_id>{c.id}</wp:comment_id>\n"
            f"\t\t\t<wp:comment_author>{t(c.author, 'comment_author')}</wp:comment_author>\n"
            f"\t\t\t<wp:comment_author_email>{t(email, 'comment_author_email')}"
            "</wp:comment_author_email>\n"
            f"\t\t\t<wp:comment_author_url>{t(c.author_url, 'comment_author_url')}"
            "</wp:comment_author_url>\n"
            f"\t\t\t<wp:comment_author_IP>{t(c.author_ip, 'comment_author_IP')}"
            "</wp:comment_author_IP>\n"
            f"\t\t\t<wp:comment_date_gmt>{mysql_date(_first(c.date_gmt, c.date))}"
            "</wp:comment_date_gmt>\n"
            f"\t\t\t<wp:comment_content>{self.x.cdata(_body(c), 'comment_content')}"
            "</wp:comment_content>\n"
            f"\t\t\t<wp:comment_approved>{c.approved}</wp:comment_approved>\n"
            f"\t\t\t<wp:comment_parent>{parent}</wp:comment_parent>\n"
            "\t\t</wp:comment>\n"
        )

    def footer(self) -> None:
        self.out.write("</channel>\n</rss>\n")
        if self.without_email:
            self.report.counts["comments without e-mail"] += self.without_email
            total = self.report.comments_written
            message = (
                f"{self.without_email} of {total} comments have no e-mail; Disqus shows them "
                'as one anonymous commenter (set [privacy] emails = "keep")'
            )
            self.report.add(Diagnostic(code="WXR423", message=message, path=self.job.output))


def write(job: WriteJob) -> None:
    """Write ``job``'s comments as a Disqus import file (``-`` for stdout), atomically."""
    with atomic_file(job.output) as out:
        writer = DisqusWriter(out, job)
        for item in job.items:
            writer.item(item)
        writer.footer()

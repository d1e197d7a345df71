"""Generate large, realistic WordPress WXR 1.2 exports for tests and benchmarks.

The output imitates what WordPress 6.x's exporter writes for a bilingual
French/English personal blog (the kind of blog ``fixtures/ctts-sample.xml``
models): the exporter's comment header, the five namespace declarations,
authors, categories (with a parent/child pair), tags, a nav menu term, then
one ``<item>`` per post in ID order.  Posts mix classic content (paragraphs
separated by blank lines, no ``<p>``) and block-editor content, carry
shortcodes, images from ``wp-content/uploads``, internal links to earlier
posts, Basic Bilingual post meta (``bb-post-language``, ``bb-post-excerpts``,
and the older ``language`` / ``other-excerpt`` keys) and threaded comments
with pingbacks.  Every PHP-serialized value has correct UTF-8 byte counts and
every CDATA section uses the exporter's ``]]>`` split.

Usage::

    python scripts/make_export.py --posts 1000 -o big.xml [--seed 1]
    python scripts/make_export.py --posts 50 -o -          # to stdout

The output only depends on ``--posts`` and ``--seed``: there is no clock,
no hash-order dependence and no global random state.  It is written item by
item, so memory stays flat however many posts are asked for.  Facts about one
post (ID, date, title, slug, status, language, attachment) are a pure function
of ``(seed, index)``, which is how later posts can link to earlier ones
without keeping them in memory.  Slugs are unique: a title that repeats an
earlier post's gets ``-<post ID>`` appended.

This module holds the command line, :func:`write_export` and the streaming
:class:`Writer`; the rest lives next to it (``scripts/`` must be on
``sys.path``, as it is when the script is run): ``export_text`` (vocabulary,
sentences, comments), ``export_plan`` (site constants, dates, slugs, the
per-post plan), ``export_body`` (post content, attachment items) and
``export_xml`` (CDATA, PHP serialization, item/comment/channel markup).
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import random
import sys
from typing import TextIO

from export_body import attachment_item, build_body
from export_plan import (
    AUTHORS,
    CATEGORIES,
    MAX_COMMENTS,
    NAV_MENU,
    OLD_SITE,
    PAGE_IDS,
    SITE,
    SITE_NAME,
    START,
    TAGS,
    ZERO_DATE,
    ZERO_PUBDATE,
    Plan,
    PostHead,
    local,
    make_slug,
    mysql,
    rfc822,
)
from export_text import COMMENTERS, comment_text, paragraph, sentence
from export_xml import (
    FOOTER,
    Comment,
    ItemFields,
    PhpValue,
    channel_header,
    comment_xml,
    item_head,
    meta_block,
    php_serialize,
    term_ref,
)


class Writer:
    """Streams one export; holds only counters and the current item."""

    def __init__(self, out: TextIO, posts: int, seed: int) -> None:
        self.out = out
        self.plan = Plan(posts, seed)
        self.rng = random.Random(seed)
        self.next_comment_id = 1
        # Nothing (comment, edit) may be dated after the export itself.
        self.deadline = self.plan.export_time() - dt.timedelta(hours=1)

    def header(self) -> None:
        self.out.write(channel_header(self.plan.export_time()))

    def footer(self) -> None:
        self.out.write(FOOTER)

    # -- pages and menu -----------------------------------------------------

    def pages(self) -> None:
        utc = START - dt.timedelta(days=3)
        specs = (
            (PAGE_IDS[0], "À propos", "a-propos", 0, f"{SITE}/a-propos/"),
            (
                PAGE_IDS[1],
                "Conférences",
                "conferences",
                PAGE_IDS[0],
                f"{SITE}/a-propos/conferences/",
            ),
        )
        for pid, title, slug, parent, link in specs:
            text = "\n\n".join(
                [paragraph(self.rng, "fr"), paragraph(self.rng, "en"), paragraph(self.rng, "fr")]
            )
            when = mysql(local(utc))
            self.out.write(
                item_head(
                    ItemFields(
                        post_id=pid,
                        title=title,
                        link=link,
                        creator="claire",
                        guid=f"{OLD_SITE}/?page_id={pid}",
                        content=text,
                        excerpt="",
                        date_local=when,
                        date_gmt=mysql(utc),
                        pub_date=rfc822(utc),
                        modified_local=when,
                        modified_gmt=mysql(utc),
                        comment_status="closed",
                        ping_status="closed",
                        name=slug,
                        status="publish",
                        post_type="page",
                        parent=parent,
                        menu_order=1 if parent else 0,
                    )
                )
                + meta_block("_wp_page_template", "default")
                + "\t</item>\n"
            )
            utc += dt.timedelta(minutes=25)

    def menu(self) -> None:
        utc = self.plan.export_time() - dt.timedelta(days=10, hours=4)
        base_id = self.plan.post_id(self.plan.posts) + 2
        for order, page_id in enumerate(PAGE_IDS, start=1):
            nid = base_id + order
            meta = (
                ("_menu_item_type", "post_type"),
                ("_menu_item_menu_item_parent", str(base_id + 1) if order > 1 else "0"),
                ("_menu_item_object_id", str(page_id)),
                ("_menu_item_object", "page"),
                ("_menu_item_target", ""),
                ("_menu_item_classes", php_serialize([""])),
                ("_menu_item_xfn", ""),
                ("_menu_item_url", ""),
            )
            self.out.write(
                item_head(
                    ItemFields(
                        post_id=nid,
                        title="",
                        link=f"{SITE}/?p={nid}",
                        creator="claire",
                        guid=f"{SITE}/?p={nid}",
                        content="",
                        excerpt="",
                        date_local=mysql(local(utc)),
                        date_gmt=mysql(utc),
                        pub_date=rfc822(utc),
                        modified_local=mysql(local(utc)),
                        modified_gmt=mysql(utc),
                        comment_status="closed",
                        ping_status="closed",
                        name=str(nid),
                        status="publish",
                        post_type="nav_menu_item",
                        menu_order=order,
                    )
                )
                + term_ref("nav_menu", NAV_MENU[1], NAV_MENU[2])
                + "".join(meta_block(k, v) for k, v in meta)
                + "\t</item>\n"
            )

    # -- posts --------------------------------------------------------------

    def post(self, index: int) -> None:
        rng = self.rng
        plan = self.plan
        head = plan.head(index)
        body = build_body(rng, plan, head)
        login = AUTHORS[head.author - 1][1]
        unpublished = head.unpublished
        local_date = mysql(local(head.utc))
        if rng.random() < 0.3:
            mod_utc = head.utc + dt.timedelta(seconds=int(rng.expovariate(1 / 86400)))
        else:
            mod_utc = head.utc + dt.timedelta(seconds=rng.randint(0, 900))
        mod_utc = min(mod_utc, self.deadline)
        guid_site = OLD_SITE if head.utc.year < 2016 else SITE
        parts: list[str] = [
            item_head(
                ItemFields(
                    post_id=head.post_id,
                    title=head.title,
                    link=head.permalink,
                    creator=login,
                    guid=f"{guid_site}/?p={head.post_id}",
                    content=body.content,
                    excerpt=body.excerpt,
                    date_local=local_date,
                    date_gmt=ZERO_DATE if unpublished else mysql(head.utc),
                    pub_date=ZERO_PUBDATE if unpublished else rfc822(head.utc),
                    modified_local=mysql(local(mod_utc)),
                    modified_gmt=mysql(mod_utc),
                    comment_status="open" if rng.random() < 0.9 else "closed",
                    ping_status="open",
                    name="" if unpublished and rng.random() < 0.7 else head.slug,
                    status=head.status,
                    post_type="post",
                )
            )
        ]
        for tid in sorted(rng.sample(range(len(CATEGORIES)), rng.choice((1, 1, 1, 2)))):
            _, slug, _, name, _ = CATEGORIES[tid]
            parts.append(term_ref("category", slug, name))
        for tid in sorted(rng.sample(range(len(TAGS)), rng.choice((0, 0, 1, 2, 3, 4)))):
            _, slug, name = TAGS[tid]
            parts.append(term_ref("post_tag", slug, name))
        meta: list[tuple[str, str]] = []
        if rng.random() < 0.3:
            meta.append(("_edit_last", str(head.author)))
        if body.thumbnail is not None:
            meta.append(("_thumbnail_id", str(body.thumbnail)))
        other = "en" if head.lang == "fr" else "fr"
        legacy = head.utc.year < 2010 or rng.random() < 0.1
        if legacy:
            meta.append(("language", head.lang))
            if body.summary is not None:
                meta.append(("other-excerpt", body.summary))
        if not legacy or rng.random() < 0.5:
            meta.append(("bb-post-language", head.lang))
            if body.summary is not None:
                meta.append(("bb-post-excerpts", php_serialize({other: body.summary})))
        parts.extend(meta_block(k, v) for k, v in meta)
        self.out.write("".join(parts))
        if head.published:
            self.comments(head)
        self.out.write("\t</item>\n")
        if head.has_attachment:
            self.attachment(head)

    def comments(self, head: PostHead) -> None:
        rng = self.rng
        # About half of the posts get no comment; the others follow a
        # Pareto tail capped at MAX_COMMENTS (mean about 2.4 per post).
        if rng.random() < 0.45:
            return
        count = min(MAX_COMMENTS, int(rng.paretovariate(1.1)))
        repliable: list[int] = []
        when = head.utc
        for _ in range(count):
            when += dt.timedelta(seconds=int(rng.expovariate(1 / 20000)) + 30)
            if when >= self.deadline:
                break
            cid = self.next_comment_id
            self.next_comment_id += 1
            roll = rng.random()
            if roll < 0.06:
                ping = self.pingback(cid, head, when)
                if ping.utc >= self.deadline:
                    break
                when = ping.utc
                self.out.write(comment_xml(ping))
                continue
            parent = 0
            if repliable and rng.random() < 0.35:
                parent = rng.choice(repliable[-8:])
            if parent and rng.random() < 0.4:
                author_row = AUTHORS[head.author - 1]
                name, email, user_id = author_row[3], author_row[2], head.author
                url, ip = SITE, "192.0.2.10"
            else:
                name, handle = rng.choice(COMMENTERS)
                email = f"{handle}@example.org" if rng.random() < 0.95 else ""
                url = f"https://{handle}.example.org/" if rng.random() < 0.4 else ""
                ip = f"192.0.2.{rng.randint(11, 254)}"
                user_id = 0
            lang = head.lang if rng.random() < 0.85 else ("en" if head.lang == "fr" else "fr")
            text = comment_text(rng, lang, signature=name.split(" ")[0])
            approved = rng.choices(("1", "0", "trash"), weights=(94, 4, 2))[0]
            meta: list[tuple[str, str]] = []
            if rng.random() < 0.1:
                meta.append(("akismet_result", "false"))
                history: dict[str, PhpValue] = {
                    "time": round(when.replace(tzinfo=dt.UTC).timestamp() + rng.random(), 4),
                    "event": "check-ham",
                    "user": "",
                }
                meta.append(("akismet_history", php_serialize(history)))
            ctype = "comment" if when.year >= 2020 else ""
            self.out.write(
                comment_xml(
                    Comment(
                        cid,
                        name,
                        email,
                        url,
                        ip,
                        when,
                        text,
                        approved,
                        ctype,
                        parent,
                        user_id,
                        meta,
                    )
                )
            )
            if approved == "1":
                repliable.append(cid)

    def pingback(self, cid: int, head: PostHead, when: dt.datetime) -> Comment:
        rng = self.rng
        source = self.plan.later_published(rng, head.index)
        if source is not None and source.utc > head.utc:
            when = max(when, source.utc + dt.timedelta(seconds=5))
            author = f"{SITE_NAME} &raquo; {source.title}"
            url = source.permalink
            ip = "192.0.2.10"
        else:
            host = f"blog{rng.randint(1, 99)}.example.net"
            author = f"{host} &raquo; " + sentence(rng, head.lang)[:40]
            path = make_slug(sentence(rng, head.lang))[:40]
            url = f"https://{host}/{local(when):%Y/%m}/{path}/"
            ip = f"198.51.100.{rng.randint(1, 254)}"
        text = f"[&#8230;] {sentence(rng, head.lang)} [&#8230;]"
        return Comment(cid, author, "", url, ip, when, text, "1", "pingback", 0, 0)

    def attachment(self, head: PostHead) -> None:
        self.out.write(attachment_item(self.rng, head))


def write_export(out: TextIO, posts: int, seed: int = 1) -> None:
    """Write a complete WXR 1.2 document with ``posts`` posts to ``out``."""
    if posts < 0:
        raise ValueError("posts must be >= 0")
    writer = Writer(out, posts, seed)
    writer.header()
    writer.pages()
    for index in range(posts):
        writer.post(index)
    writer.menu()
    writer.footer()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--posts", type=int, required=True, help="number of posts (post_type=post)")
    parser.add_argument("-o", "--output", required=True, help="output file, or - for stdout")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default: 1)")
    args = parser.parse_args(argv)
    if args.posts < 0:
        parser.error("--posts must be >= 0")
    if args.output == "-":
        stream = io.TextIOWrapper(sys.stdout.buffer, encoding="utf-8", newline="\n")
        try:
            write_export(stream, args.posts, args.seed)
        finally:
            stream.flush()
            stream.detach()
        return 0
    with open(args.output, "w", encoding="utf-8", newline="\n") as fh:
        write_export(fh, args.posts, args.seed)
    return 0


if __name__ == "__main__":
    sys.exit(main())

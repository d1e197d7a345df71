"""WXR markup for the synthetic exports, written one item at a time.

Part of the ``scripts/make_export.py`` generator: CDATA sections with the
exporter's ``]]>`` split, PHP-serialized meta values (phpserialize, so ``s:N``
counts UTF-8 bytes), post and comment meta blocks, the ``<item>`` head shared
by posts, pages, attachments and menu items, ``<wp:comment>`` elements, and
the channel header WordPress 6.x writes (comment banner, namespaces, authors,
categories, tags, nav menu term).  Functions return strings; the caller
streams them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TypeAlias
from xml.sax.saxutils import escape

import phpserialize
from export_plan import AUTHORS, CATEGORIES, NAV_MENU, SITE, SITE_NAME, TAGS, local, mysql, rfc822

PhpValue: TypeAlias = (
    str
    | int
    | float
    | bool
    | list["PhpValue"]
    | tuple["PhpValue", ...]
    | dict[str, "PhpValue"]
    | None
)


def cdata(text: str) -> str:
    """Wrap ``text`` the way WordPress's ``wxr_cdata()`` does."""
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def php_serialize(value: PhpValue) -> str:
    """Serialize like PHP's ``serialize()`` (dicts in insertion order)."""
    data: bytes = phpserialize.dumps(value)
    return data.decode("utf-8")


def meta_block(key: str, value: str, indent: str = "\t\t", tag: str = "wp:postmeta") -> str:
    return (
        f"{indent}<{tag}>\n"
        f"{indent}\t<wp:meta_key>{cdata(key)}</wp:meta_key>\n"
        f"{indent}\t<wp:meta_value>{cdata(value)}</wp:meta_value>\n"
        f"{indent}</{tag}>\n"
    )


def term_ref(domain: str, slug: str, name: str) -> str:
    return f'\t\t<category domain="{domain}" nicename="{slug}">{cdata(name)}</category>\n'


@dataclass(slots=True)
class ItemFields:
    post_id: int
    title: str
    link: str
    creator: str
    guid: str
    content: str
    excerpt: str
    date_local: str
    date_gmt: str
    pub_date: str
    modified_local: str
    modified_gmt: str
    comment_status: str
    ping_status: str
    name: str
    status: str
    post_type: str
    parent: int = 0
    menu_order: int = 0
    attachment_url: str | None = None


def item_head(f: ItemFields) -> str:
    """An ``<item>`` up to its terms, meta and comments (the caller closes it)."""
    parts = [
        "\t<item>\n",
        f"\t\t<title>{cdata(f.title)}</title>\n",
        f"\t\t<link>{escape(f.link)}</link>\n",
        f"\t\t<pubDate>{f.pub_date}</pubDate>\n",
        f"\t\t<dc:creator>{cdata(f.creator)}</dc:creator>\n",
        f'\t\t<guid isPermaLink="false">{escape(f.guid)}</guid>\n',
        "\t\t<description></description>\n",
        f"\t\t<content:encoded>{cdata(f.content)}</content:encoded>\n",
        f"\t\t<excerpt:encoded>{cdata(f.excerpt)}</excerpt:encoded>\n",
        f"\t\t<wp:post_id>{f.post_id}</wp:post_id>\n",
        f"\t\t<wp:post_date>{cdata(f.date_local)}</wp:post_date>\n",
        f"\t\t<wp:post_date_gmt>{cdata(f.date_gmt)}</wp:post_date_gmt>\n",
        f"\t\t<wp:post_modified>{cdata(f.modified_local)}</wp:post_modified>\n",
        f"\t\t<wp:post_modified_gmt>{cdata(f.modified_gmt)}</wp:post_modified_gmt>\n",
        f"\t\t<wp:comment_status>{cdata(f.comment_status)}</wp:comment_status>\n",
        f"\t\t<wp:ping_status>{cdata(f.ping_status)}</wp:ping_status>\n",
        f"\t\t<wp:post_name>{cdata(f.name)}</wp:post_name>\n",
        f"\t\t<wp:status>{cdata(f.status)}</wp:status>\n",
        f"\t\t<wp:post_parent>{f.parent}</wp:post_parent>\n",
        f"\t\t<wp:menu_order>{f.menu_order}</wp:menu_order>\n",
        f"\t\t<wp:post_type>{cdata(f.post_type)}</wp:post_type>\n",
        f"\t\t<wp:post_password>{cdata('')}</wp:post_password>\n",
        "\t\t<wp:is_sticky>0</wp:is_sticky>\n",
    ]
    if f.attachment_url is not None:
        parts.append(f"\t\t<wp:attachment_url>{cdata(f.attachment_url)}</wp:attachment_url>\n")
    return "".join(parts)


@dataclass(slots=True)
class Comment:
    comment_id: int
    author: str
    email: str
    url: str
    ip: str
    utc: dt.datetime
    content: str
    approved: str  # "1", "0" or "trash"
    ctype: str  # "", "comment" or "pingback"
    parent: int
    user_id: int
    meta: list[tuple[str, str]] = field(default_factory=list)


def comment_xml(c: Comment) -> str:
    parts = [
        "\t\t<wp:comment>\n",
        f"\t\t\t<wp:comment_id>{c.comment_id}</wp:comment_id>\n",
        f"\t\t\t<wp:comment_author>{cdata(c.author)}</wp:comment_author>\n",
        f"\t\t\t<wp:comment_author_email>{cdata(c.email)}</wp:comment_author_email>\n",
        f"\t\t\t<wp:comment_author_url>{escape(c.url)}</wp:comment_author_url>\n",
        f"\t\t\t<wp:comment_author_IP>{cdata(c.ip)}</wp:comment_author_IP>\n",
        f"\t\t\t<wp:comment_date>{cdata(mysql(local(c.utc)))}</wp:comment_date>\n",
        f"\t\t\t<wp:comment_date_gmt>{cdata(mysql(c.utc))}</wp:comment_date_gmt>\n",
        f"\t\t\t<wp:comment_content>{cdata(c.content)}</wp:comment_content>\n",
        f"\t\t\t<wp:comment_approved>{cdata(c.approved)}</wp:comment_approved>\n",
        f"\t\t\t<wp:comment_type>{cdata(c.ctype)}</wp:comment_type>\n",
        f"\t\t\t<wp:comment_parent>{c.parent}</wp:comment_parent>\n",
        f"\t\t\t<wp:comment_user_id>{c.user_id}</wp:comment_user_id>\n",
    ]
    parts.extend(meta_block(k, v, "\t\t\t", "wp:commentmeta") for k, v in c.meta)
    parts.append("\t\t</wp:comment>\n")
    return "".join(parts)


EXPORTER_COMMENTS = """\
<!-- This is a WordPress eXtended RSS file generated by WordPress as an export of your site. -->
<!-- It contains information about your site's posts, pages, comments, categories, and other \
content. -->
<!-- You may use this file to transfer that content from one site to another. -->
<!-- This file is not intended to serve as a complete backup of your site. -->

<!-- To import this information into a WordPress site follow these steps: -->
<!-- 1. Log in to that site as an administrator. -->
<!-- 2. Go to Tools: Import in the WordPress admin panel. -->
<!-- 3. Install the "WordPress" importer from the list. -->
<!-- 4. Activate & Run Importer. -->
<!-- 5. Upload this file using the form provided on that page. -->
<!-- 6. You will first be asked to map the authors in this export file to users -->
<!--    on the site. For each author, you may choose to map to an -->
<!--    existing user on the site or to create a new user. -->
<!-- 7. WordPress will then import each of the posts, pages, comments, categories, etc. -->
<!--    contained in this file into your site. -->

"""
FOOTER = "</channel>\n</rss>\n"


def channel_header(now: dt.datetime) -> str:
    """Everything before the first ``<item>`` of an export made at ``now`` (UTC)."""
    parts = [
        '<?xml version="1.0" encoding="UTF-8" ?>\n',
        EXPORTER_COMMENTS,
        f'\t<!-- generator="WordPress/6.4.3" created="{now:%Y-%m-%d %H:%M}" -->\n',
        '<rss version="2.0"\n'
        '\txmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"\n'
        '\txmlns:content="http://purl.org/rss/1.0/modules/content/"\n'
        '\txmlns:wfw="http://wellformedweb.org/CommentAPI/"\n'
        '\txmlns:dc="http://purl.org/dc/elements/1.1/"\n'
        '\txmlns:wp="http://wordpress.org/export/1.2/"\n'
        ">\n\n<channel>\n",
        f"\t<title>{SITE_NAME}</title>\n\t<link>{SITE}</link>\n",
        "\t<description>Un blog bilingue &#8212; a bilingual blog</description>\n",
        f"\t<pubDate>{rfc822(now)}</pubDate>\n\t<language>fr-FR</language>\n",
        "\t<wp:wxr_version>1.2</wp:wxr_version>\n",
        f"\t<wp:base_site_url>{SITE}</wp:base_site_url>\n",
        f"\t<wp:base_blog_url>{SITE}</wp:base_blog_url>\n\n",
    ]
    for aid, login, email, display, first, last in AUTHORS:
        parts.append(
            f"\t<wp:author><wp:author_id>{aid}</wp:author_id>"
            f"<wp:author_login>{cdata(login)}</wp:author_login>"
            f"<wp:author_email>{cdata(email)}</wp:author_email>"
            f"<wp:author_display_name>{cdata(display)}</wp:author_display_name>"
            f"<wp:author_first_name>{cdata(first)}</wp:author_first_name>"
            f"<wp:author_last_name>{cdata(last)}</wp:author_last_name></wp:author>\n"
        )
    parts.append("\n")
    for tid, slug, parent, name, desc in CATEGORIES:
        parts.append(
            f"\t<wp:category>\n\t\t<wp:term_id>{tid}</wp:term_id>\n"
            f"\t\t<wp:category_nicename>{cdata(slug)}</wp:category_nicename>\n"
            f"\t\t<wp:category_parent>{cdata(parent)}</wp:category_parent>\n"
            f"\t\t<wp:cat_name>{cdata(name)}</wp:cat_name>\n"
        )
        if desc:
            parts.append(f"\t\t<wp:category_description>{cdata(desc)}</wp:category_description>\n")
        parts.append("\t</wp:category>\n")
    for tid, slug, name in TAGS:
        parts.append(
            f"\t<wp:tag>\n\t\t<wp:term_id>{tid}</wp:term_id>\n"
            f"\t\t<wp:tag_slug>{cdata(slug)}</wp:tag_slug>\n"
            f"\t\t<wp:tag_name>{cdata(name)}</wp:tag_name>\n\t</wp:tag>\n"
        )
    tid, slug, name = NAV_MENU
    parts.append(
        f"\t<wp:term><wp:term_id>{tid}</wp:term_id><wp:term_taxonomy>nav_menu"
        f"</wp:term_taxonomy><wp:term_slug>{cdata(slug)}</wp:term_slug>"
        f"<wp:term_name>{cdata(name)}</wp:term_name></wp:term>\n\n"
    )
    parts.append("\t<generator>https://wordpress.org/?v=6.4.3</generator>\n\n")
    return "".join(parts)

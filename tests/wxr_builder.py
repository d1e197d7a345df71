"""Build small WXR documents for tests, so each test shows the markup it is about."""

from __future__ import annotations

WP12 = "http://wordpress.org/export/1.2/"

HEAD = """<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0"
	xmlns:excerpt="{excerpt}"
	xmlns:content="http://purl.org/rss/1.0/modules/content/"
	xmlns:wfw="http://wellformedweb.org/CommentAPI/"
	xmlns:dc="http://purl.org/dc/elements/1.1/"
	xmlns:wp="{wp}"
>
<channel>
"""


def item(
    post_id: int = 1,
    *,
    title: str = "Hello",
    body: str = "Body",
    post_type: str = "post",
    status: str = "publish",
    more: str = "",
) -> str:
    """One item as WordPress 6 writes it; ``more`` is inserted before </item>."""
    return f"""	<item>
		<title><![CDATA[{title}]]></title>
		<link>https://example.org/?p={post_id}</link>
		<pubDate>Wed, 05 Jun 2024 16:04:48 +0000</pubDate>
		<dc:creator><![CDATA[admin]]></dc:creator>
		<guid isPermaLink="false">https://example.org/?p={post_id}</guid>
		<description></description>
		<content:encoded><![CDATA[{body}]]></content:encoded>
		<excerpt:encoded><![CDATA[]]></excerpt:encoded>
		<wp:post_id>{post_id}</wp:post_id>
		<wp:post_date><![CDATA[2024-06-05 18:04:48]]></wp:post_date>
		<wp:post_date_gmt><![CDATA[2024-06-05 16:04:48]]></wp:post_date_gmt>
		<wp:comment_status><![CDATA[open]]></wp:comment_status>
		<wp:ping_status><![CDATA[open]]></wp:ping_status>
		<wp:post_name><![CDATA[hello-{post_id}]]></wp:post_name>
		<wp:status><![CDATA[{status}]]></wp:status>
		<wp:post_parent>0</wp:post_parent>
		<wp:menu_order>0</wp:menu_order>
		<wp:post_type><![CDATA[{post_type}]]></wp:post_type>
		<wp:post_password><![CDATA[]]></wp:post_password>
		<wp:is_sticky>0</wp:is_sticky>
{more}	</item>
"""


def wxr(
    *items: str,
    channel: str = "",
    version: str | None = "1.2",
    wp: str = WP12,
    head: str | None = None,
) -> bytes:
    """A whole export: header, ``channel`` extras, then the items."""
    parts = [head if head is not None else HEAD.format(wp=wp, excerpt=wp + "excerpt/")]
    parts.append("\t<title>Test site</title>\n\t<link>https://example.org</link>\n")
    parts.append("\t<language>fr-FR</language>\n")
    if version is not None:
        parts.append(f"\t<wp:wxr_version>{version}</wp:wxr_version>\n")
    parts.append("\t<wp:base_site_url>https://example.org</wp:base_site_url>\n")
    parts.append(channel)
    parts.extend(items)
    parts.append("</channel>\n</rss>\n")
    return "".join(parts).encode("utf-8")


def meta(key: str, value: str) -> str:
    """A ``wp:postmeta`` of an item (for ``item``'s ``more``)."""
    return (
        f"\t\t<wp:postmeta><wp:meta_key>{key}</wp:meta_key>"
        f"<wp:meta_value><![CDATA[{value}]]></wp:meta_value></wp:postmeta>\n"
    )


def language(code: str) -> str:
    """Polylang's language term of an item (for ``item``'s ``more``)."""
    return f'\t\t<category domain="language" nicename="{code}"><![CDATA[{code}]]></category>\n'

"""What jekyll-import (§6), nikola (§7), isso (§8) and hexo-migrator-wordpress (§9)
assert about the corpus files, checked on our reader.

Only parse-level facts: each project's own mapping is left out, with a comment saying
what. The other peers are in ``test_expect_peers_pelican_ghost.py`` (§4–§5) and
``test_expect_peers_wagtail_polylang.py`` (§10–§15).

Each test mirrors one upstream test (named after it) or one parse-level fact from
``EXPECTATIONS.md`` in the corpus; the section is given in each group's comment.
How upstream's parser arrays map onto our model is described in ``expect_helpers``.
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import date, datetime
from urllib.parse import urlsplit

import pytest
from expect_helpers import NIKOLA, link_path, load, meta_value, strict_failure, unserialize

# -- §6 jekyll-import test_wordpressdotcom_importer.rb ----------------------------------

JEKYLL = "fixtures/jekyll__jekyll-import__sitetitle.wordpress.2025-01-19.000.xml"


def test_wordpressdotcom_importer_output_tree() -> None:
    parsed = load(JEKYLL)
    assert Counter(i.type for i in parsed.items) == {
        "post": 7,
        "attachment": 6,
        "page": 1,
        "wp_global_styles": 1,
        "wp_navigation": 1,
    }
    posts = [i for i in parsed.items if i.type == "post"]
    assert sorted(p.slug for p in posts) == [
        "adaptive-advantage",
        "beyond-the-obstacle",
        "blog-post-1",
        "collaboration-magic",
        "growth-unlocked",
        "teamwork-triumphs",
        "the-art-of-connection",
    ]
    assert {p.date.date() for p in posts if p.date} == {date(2025, 1, 18)}
    (styles,) = [i for i in parsed.items if i.type == "wp_global_styles"]
    assert styles.slug == "wp-global-styles-pub%2ftwentytwentyfour"  # kept percent-encoded
    (navigation,) = [i for i in parsed.items if i.type == "wp_navigation"]
    assert navigation.slug == "navigation"
    attachments = [i for i in parsed.items if i.type == "attachment"]
    assert any(
        a.attachment_url.endswith("/2025/01/a-bright-night-sky-full-of-stars-and-the-milky.png")
        for a in attachments
    )
    (page,) = [i for i in parsed.items if i.type == "page"]
    assert (page.slug, page.date) == ("about", datetime(2025, 1, 19, 2, 31, 19))


def test_wordpressdotcom_page() -> None:
    parsed = load(JEKYLL)
    page = parsed.slugged("about")
    assert page.status == "publish"
    assert link_path(page) == "/about/"
    author = next(a for a in parsed.declared if a.login == page.author)
    assert (author.login, author.email, author.display_name) == (
        "jekyllbot",
        "jekyllbot@gmail.com",
        "jekyllbot",
    )
    assert (author.first_name, author.last_name) == ("Jekyllbot", "Hyde")


def test_wordpressdotcom_post() -> None:
    post = load(JEKYLL).titled("Blog Post 1")
    assert post.status == "publish"
    assert [t.name for t in post.terms if t.taxonomy == "category"] == ["Foo"]
    assert [t.name for t in post.terms if t.taxonomy == "post_tag"] == [
        "code",
        "ruby",
        "ship",
        "stars",
    ]
    assert link_path(post) == "/2025/01/18/blog-post-1/"
    assert meta_value(post, "_publicize_job_id") == "101042542514"
    assert "<p>This is a blog post.</p>" in post.content
    assert re.search(r'<figure class="wp-block-image[^"]*">.*wp-image-19', post.content)
    assert '<pre class="wp-block-code">' in post.content
    assert 'puts "Executing query: #{query}"' in post.content


def test_wordpressdotcom_excerpt() -> None:
    post = load(JEKYLL).slugged("the-art-of-connection")
    assert post.excerpt == (
        "In the ever-evolving world, the art of forging genuine connections remains timeless. "
        "Whether it\u2019s with colleagues, clients, or partners, establishing a genuine rapport "
        "paves the way for collaborative success."
    )


def test_wordpressdotcom_unit_rules_raw_facts() -> None:
    # An empty excerpt:encoded reads as "", a zero date as None (the importer's nil).
    parsed = load(JEKYLL)
    assert parsed.slugged("about").excerpt == ""
    drafts = [
        i
        for i in load("fixtures/gma__wordpress-to-astro__wordpress.xml").items
        if i.status == "draft"
    ]
    assert [(d.slug, d.date_gmt) for d in drafts] == [("", None)]


# -- §7 nikola ---------------------------------------------------------------------------
# Left out: modernize_qtranslate_tags (raw bytes in, bytes out) and the language
# split are Nikola functions, not reading; url_map and DEFAULT_LANG are its mapping.

# NIKOLA (the fixtures' prefix) is in expect_helpers: §15 uses it too.


def test_import_wordpress_site_settings() -> None:
    parsed = load(f"{NIKOLA}wordpress_export_example.xml")
    site = parsed.site
    assert site.language == "de-DE"
    assert site.title == "Wordpress blog title"
    assert site.description == "Nikola test blog ;) - with moré Ümläüts"
    assert site.link.rstrip("/") == "http://some.blog"
    (author,) = parsed.declared
    assert (author.email, author.display_name) == ("mail@some.blog", "Niko")


def test_import_wordpress_items() -> None:
    parsed = load(f"{NIKOLA}wordpress_export_example.xml")
    page = parsed.titled("Kontakt")
    assert (page.type, page.slug, page.status) == ("page", "kontakt", "publish")
    assert page.date == datetime(2009, 7, 16, 20, 20, 32)
    assert link_path(page) == "/kontakt/"
    hoert = parsed.slugged("hoert")
    assert link_path(hoert) == "/2007/04/hoert/"
    assert '[sourcecode language="Python"]' in hoert.content
    attachment = next(i for i in parsed.items if i.id == 10)
    assert attachment.title == "Arzt+Pfusch - S.I.C.K."
    assert attachment.date_gmt == datetime(2009, 7, 16, 19, 40, 37)
    assert attachment.excerpt == "Arzt+Pfusch - S.I.C.K."
    assert attachment.content == "Das Cover von Arzt+Pfusch - S.I.C.K."
    assert attachment.author == "Niko"
    assert attachment.attachment_url == (
        "http://some.blog/wp-content/uploads/2008/07/arzt_und_pfusch-sick-cover.png"
    )
    metadata = unserialize(meta_value(attachment, "_wp_attachment_metadata"))
    assert (int(metadata["width"]), int(metadata["height"])) == (300, 299)
    thumbnail = metadata["sizes"]["thumbnail"]
    assert (int(thumbnail["width"]), int(thumbnail["height"])) == (150, 150)
    assert thumbnail["file"] == "arzt_und_pfusch-sick-cover-150x150.png"


@pytest.mark.parametrize(
    ("name", "marker"),
    [
        ("wordpress_qtranslate_item_raw_export.xml", "<!--:fr-->"),
        ("wordpress_qtranslate_item_modernized.xml", "[:fr]"),
    ],
)
def test_import_wordpress_translation_items(name: str, marker: str) -> None:
    # A bare <item> document with undeclared prefixes: not a WXR file in strict mode
    # (WXR100); recover mode reads the item with its qTranslate markers untouched.
    assert strict_failure(NIKOLA + name).diagnostic.code == "WXR100"
    parsed = load(NIKOLA + name, recover=True)
    (post,) = parsed.items
    assert (post.id, post.slug) == (1585, "sous-le-ciel")
    assert post.content.startswith(marker)


@pytest.mark.parametrize("recover", [False, True])
def test_unicode_export_needs_lenient_parsing(recover: bool) -> None:
    # Its undeclared atom: prefix is declared by the reader (WXR112), not an error.
    parsed = load(f"{NIKOLA}wordpress_unicode_export.xml", recover=recover)
    assert "WXR112" in parsed.codes()
    assert [i.title for i in parsed.items] == ["About", "Úñî©òðé title"]
    assert {t.name for t in parsed.by_taxonomy("post_tag")} == {"þág1", "þág²"}


# -- §8 isso test_migration.py::test_wordpress -------------------------------------------
# Left out: isso's flattening of replies to one level and its IP anonymisation.


ISSO = "fixtures/isso-comments__isso__wordpress.xml"


def test_isso_wordpress_raw_facts() -> None:
    # WXR 1.0 namespace and no wxr_version: strictly rejected (R1), read in recover mode.
    assert strict_failure(ISSO).diagnostic.code == "WXR104"
    parsed = load(ISSO, recover=True)
    assert parsed.site.namespace == "http://wordpress.org/export/1.0/"
    first, second, third = parsed.items
    assert first.id == 18
    assert [c.id for c in first.comments] == [2, 6, 7, 8, 9, 10, 11]
    assert (second.id, second.type) == (None, "")
    assert [c.id for c in second.comments] == [11]  # duplicates a comment id of item 1
    assert (third.title, third.comments) == ("No comments", ())


def test_isso_wordpress_threads() -> None:
    parsed = load(ISSO, recover=True)
    threads = [i for i in parsed.items if i.comments]
    assert [(link_path(t) or "/", t.title) for t in threads] == [
        ("/2014/test/", "Hello, World\u2026"),
        ("/", "..."),
    ]
    assert urlsplit(threads[1].link).query == "p=4"
    assert sum(len(t.comments) for t in threads) == 8


def test_isso_wordpress_comments() -> None:
    comments = load(ISSO, recover=True).items[0].comments
    first, second = comments[:2]
    assert (first.author, first.content.strip(), first.author_ip) == (
        "Ohai",
        "Erster!1",
        "::ffff:82.119.20.0",
    )
    assert first.content.startswith("\n")  # raw: a leading newline and indentation
    assert (second.author, second.content) == ("Tester", "Zweiter.")
    parents = {c.id: c.parent for c in comments}
    assert (parents[8], parents[9], parents[7], parents[6]) == (7, 7, 6, 0)
    assert "multiple lines:\nWordPress" in next(c for c in comments if c.id == 10).content
    last = next(c for c in comments if c.id == 11)
    assert (last.author, last.parent) == ("Letzter :/", 0)
    assert [c.type for c in comments] == [""] * 7  # one has no <wp:comment_type> at all


# -- §9 hexo-migrator-wordpress ----------------------------------------------------------
# Left out: the --limit option (pages are not limited) is hexo's.


def test_hexo_migrator_untitled_posts() -> None:
    items = load("fixtures/hexojs__hexo-migrator-wordpress__wordpress.xml").items
    assert len(items) == 19
    assert len([i for i in items if not i.title]) == 1

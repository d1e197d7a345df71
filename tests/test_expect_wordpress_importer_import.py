"""wordpress-importer's import-level tests, checked at parse level on our reader.

§1b: parser.php test_parse_multiple_wxr_files; §1c: import.php; §1d: postmeta.php,
term-meta.php and comment-meta.php; §1e: e2e/import-wxr.spec.js. Import-level
assertions (WordPress database state) are turned into the parse-level check their
note describes, or left out with a comment saying why.

Each test mirrors one upstream test (named after it) or one parse-level fact from
``EXPECTATIONS.md`` in the corpus; the section is given in each group's comment.
How upstream's parser arrays map onto our model is described in ``expect_helpers``.
"""

from __future__ import annotations

import re
from datetime import date

import pytest
from corpus_helpers import corpus_path
from expect_helpers import (
    SHRUG,
    WPI,
    _read,
    assert_small_import,
    load,
    meta_of,
    meta_value,
    unserialize,
)

# -- §1b parser.php test_parse_multiple_wxr_files ---------------------------------------


@pytest.mark.parametrize(
    ("name", "posts", "authors"),
    [
        ("wxr-simple.xml", 1, 1),
        ("valid-wxr-1.0.xml", 6, 0),
        ("valid-wxr-1.1.xml", 2, 1),
        ("wxr-utf-8-challenges.xml", 1, 1),
        ("a11y-unit-test-data.xml", 154, 1),  # the author is a <wp:wp_author> (R5)
        ("theme-unit-test-data.xml", 186, 2),
        ("wxr-with-sub-data.xml", 1, 0),
        ("crazy-cdata-escaped.xml", 1, 0),
        # 10MB.xml (3162 posts, 2 authors) is not in the corpus (over the size limit).
    ],
)
def test_parse_multiple_wxr_files(name: str, posts: int, authors: int) -> None:
    parsed = load(WPI + name)
    assert len(parsed.items) == posts
    assert len(parsed.declared) == authors
    assert re.fullmatch(r"\d+\.\d+", parsed.site.wxr_version)


def test_parse_multiple_wxr_files_creators_are_not_authors() -> None:
    # valid-wxr-1.0.xml: "1 author appears only as dc:creator".
    assert [a.login for a in load(f"{WPI}valid-wxr-1.0.xml").authors if a.derived] == ["admin"]
    # theme-unit-test-data.xml: "3 creators appear in posts". The file's raw dc:creator
    # values are 4 strings, two of them typos of a declared login, which a reader that
    # keeps values as exported reports as they are.
    theme = load(f"{WPI}theme-unit-test-data.xml")
    assert {i.author for i in theme.items} == {
        "themedemos",
        "themereviewteam",
        ">themereviewteam",
        "themereviewteam>",
    }
    assert sorted(a.login for a in theme.declared) == ["themedemos", "themereviewteam"]


# -- §1c import.php (import-level, checked at parse level) -------------------------------

# ``SMALL_EXPORT_ORDER`` and ``assert_small_import`` (upstream's
# ``_small_import_assertions``) are in expect_helpers: §3 uses them too.


def test_small_import() -> None:
    assert_small_import(load(f"{WPI}small-export.xml"))


def test_double_import() -> None:
    # Importing twice leaves the same counts. At parse level: a second read gives the
    # same records, and the post ids (what the importer deduplicates on) are unique.
    name = f"{WPI}small-export.xml"
    again = _read(str(corpus_path(name)), False)
    assert again == load(name)
    ids = [i.id for i in again.items]
    assert len(ids) == len(set(ids))


def test_slashes_should_not_be_stripped() -> None:
    parsed = load(f"{WPI}slashes.xml")
    categories = {t.slug: t.name for t in parsed.by_taxonomy("category")}
    tags = {t.slug: t.name for t in parsed.by_taxonomy("post_tag")}
    assert categories["alpha"] == 'a \\"great\\" category'
    assert tags["tag1"] == "foo\\'bar"
    (post,) = parsed.items
    assert post.content == 'Slashes aren\\\'t \\"cool\\"'
    assert post.comments[0].content == "\\o/ " + SHRUG


@pytest.mark.parametrize("site", ["same-site", "different-site"])
def test_flat_attachment_import_rewrites_attachment_url(site: str) -> None:
    # The rewriting is import-level; at parse level the file holds exactly one
    # attachment with the remote URL, one post, and the post refers to that URL.
    parsed = load(f"{WPI}wxr-flat-attachment-{site}.xml")
    url = "https://wpthemetestdata.files.wordpress.com/2008/06/canola2.jpg"
    attachments = [i for i in parsed.items if i.type == "attachment"]
    posts = [i for i in parsed.items if i.type == "post"]
    assert [(a.status, a.attachment_url) for a in attachments] == [("inherit", url)]
    assert len(posts) == 1
    assert url in posts[0].content
    assert attachments[0].parent == posts[0].id


# -- §1d postmeta.php, term-meta.php, comment-meta.php (raw values, then unserialized) ---

POST_OPTIONS = {"special_post_title": "A special title", "is_calendar": ""}


def test_serialized_postmeta_no_cdata() -> None:
    (post,) = load(f"{WPI}test-serialized-postmeta-no-cdata.xml").items
    assert post.id == 122
    assert unserialize(meta_value(post, "post-options")) == POST_OPTIONS


def test_utw_postmeta() -> None:
    (post,) = load(f"{WPI}test-utw-post-meta-import.xml").items
    assert post.id == 150
    objects = unserialize(meta_value(post, "test"))
    assert [o.__name__ for o in objects.values()] == ["stdClass"] * 13
    assert [o.tag for o in objects.values()] == [
        "album",
        "apple",
        "art",
        "artwork",
        "dead-tracks",
        "ipod",
        "itunes",
        "javascript",
        "lyrics",
        "script",
        "tracks",
        "windows-scripting-host",
        "wscript",
    ]


def test_serialized_postmeta_with_cdata() -> None:
    (post,) = load(f"{WPI}test-serialized-postmeta-with-cdata.xml").items
    assert post.id == 10
    assert meta_value(post, "contains-html") == "<pre>some html</pre>"
    assert unserialize(meta_value(post, "post-options")) == POST_OPTIONS


def test_serialized_postmeta_with_evil_stuff_in_cdata() -> None:
    (post,) = load(f"{WPI}test-serialized-postmeta-with-cdata.xml").items
    assert meta_value(post, "evil") == "<wp:meta_value>evil</wp:meta_value>"


def test_serialized_postmeta_with_slashes() -> None:
    (post,) = load(f"{WPI}test-serialized-postmeta-with-cdata.xml").items
    assert meta_value(post, "string") == SHRUG
    assert unserialize(meta_value(post, "array")) == {"key": SHRUG}
    assert unserialize(meta_value(post, "array-nested")) == {"key": {"foo": SHRUG, "bar": "\\o/"}}
    assert meta_value(post, "integer") == "1"


def test_serialized_term_meta() -> None:
    parsed = load(f"{WPI}test-serialized-term-meta.xml")
    by_slug = {t.slug: t for t in parsed.terms}
    for slug in ("post_tag", "category", "custom_taxonomy"):
        term = by_slug[slug]
        assert term.taxonomy == slug
        meta = dict(meta_of(term))
        assert meta["string"] == SHRUG
        assert unserialize(meta["array"]) == {"key": SHRUG}


def test_serialized_comment_meta() -> None:
    (post,) = load(f"{WPI}test-serialized-comment-meta.xml").items
    (comment,) = post.comments
    assert comment.approved == "1"
    meta = dict(meta_of(comment))
    assert meta["string"] == SHRUG
    assert unserialize(meta["array"]) == {"key": SHRUG}


# -- §1e e2e/import-wxr.spec.js (import-level; the reader never rewrites) ---------------


def test_e2e_wxr_simple() -> None:
    (post,) = load(f"{WPI}e2e-wxr-simple.xml").items
    assert post.title == '"The Road Not Taken" by Robert Frost'
    assert (post.status, post.type, post.sticky) == ("publish", "post", False)
    assert post.slug.startswith("hello-world")
    assert post.date is not None and post.date.date() == date(2024, 6, 5)
    assert post.author == "admin"
    assert [t.slug for t in post.terms if t.taxonomy == "category"] == ["uncategorized"]
    assert "Two roads diverged in a yellow wood,<br>And sorry I could not travel both" in (
        post.content
    )
    assert re.search(r"<!-- wp:navigation-link \{[^}]*\} /-->", post.content)


def test_e2e_base_url_rewriting_input_is_kept_as_exported() -> None:
    parsed = load(f"{WPI}e2e-wxr-base-url-rewriting.xml")
    assert parsed.site.base_site_url == "https://🚀-science.com/science"
    content = parsed.items[0].content
    for text in (
        "https://🚀-science.com/science\n",
        "https://🚀-science.comcast/science",
        "super-🚀-science.com/science",
        '"notUrl": "/science/wp-content/image.png"',
        "&#104;ttps://xn---&#115;&#99;ience-7f85g.com/science/wp-content/image.png",
    ):
        assert text in content


def test_e2e_css_urls_input_is_kept_as_exported() -> None:
    content = load(f"{WPI}e2e-wxr-css-urls.xml").items[0].content
    for text in (
        "url('https://playground.internal/wp-content/uploads/bg1.jpg')",
        "url(&quot;https://playground.internal/wp-content/uploads/bg2.jpg&quot;)",
        "url(https://playground.internal/wp-content/uploads/bg3.jpg)",
        "/* comment */ url(&quot;/wp-content/uploads/bg5.jpg&quot;)",
        "URL('https://playground.internal/wp-content/uploads/BG10.JPG')",
        "url(data:image/png;base64,",
        "This is a url(fake) in a string",
    ):
        assert text in content


# 10MB.xml ("All done. Have fun!") is not in the corpus.

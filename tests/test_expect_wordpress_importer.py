"""What wordpress-importer's parser tests assert about the corpus files, on our reader.

§0: the rules shared by the suites (R3, R6); §1a: parser.php, first part: malformed
and invalid files, WXR 1.0 and 1.1, CDATA, term and comment meta, sub data.
The rest of §1a is in ``test_expect_wordpress_importer_edges.py``; §1b–§1e in
``test_expect_wordpress_importer_import.py``.

Each test mirrors one upstream test (named after it) or one parse-level fact from
``EXPECTATIONS.md`` in the corpus; the section is given in each group's comment.
How upstream's parser arrays map onto our model is described in ``expect_helpers``.
"""

from __future__ import annotations

import pytest
from corpus_helpers import corpus_path
from expect_helpers import (
    CRAZY_CONTENT,
    CRAZY_META,
    PTK,
    SHRUG_META,
    WPI,
    _read,
    has_channel_element,
    load,
    meta_of,
    plain,
    record_size,
    strict_failure,
    terms_of,
)

from wxr_tools import Author, Term

# -- §0 rules shared by the suites -----------------------------------------------------
# R1, R2, R4, R5, R7, R8, R9 and R10 are checked by the tests of the files they cite.
# R2's DOCTYPE clause has no corpus file: no export in the corpus has a DOCTYPE.


@pytest.mark.parametrize(
    "name", [f"{PTK}theme-unit-test-data.xml", f"{WPI}theme-unit-test-data.xml"]
)
def test_rule_R3_https_namespace_is_wxr(name: str) -> None:
    parsed = load(name)
    assert parsed.site.namespace == "https://wordpress.org/export/1.2/"
    assert len(parsed.items) == 186
    assert all(i.id is not None and i.type and i.status for i in parsed.items)


def test_rule_R6_base_blog_url_defaults_to_base_url() -> None:
    # crazy-cdata-escaped.xml has wp:base_site_url and no wp:base_blog_url.
    parsed = load(f"{PTK}crazy-cdata-escaped.xml")
    assert not has_channel_element(f"{PTK}crazy-cdata-escaped.xml", "base_blog_url")
    assert parsed.site.base_site_url == parsed.site.base_blog_url == "http://wp.dev"


# -- §1a wordpress-importer parser.php ---------------------------------------------------


def test_malformed_wxr() -> None:
    error = strict_failure(f"{WPI}malformed.xml")
    assert error.diagnostic.code == "WXR101"
    assert error.diagnostic.line == 90


def test_parser_reports_malformed_xml_with_wp_error() -> None:
    # testParserReportsMalformedXmlWithWpError: every parser fails on malformed.xml. Ours
    # fails strictly on the XML; recovering, it still reports the file as not WXR (the
    # channel element is misnamed, so there is no /rss/channel/wp:wxr_version: R1).
    assert strict_failure(f"{WPI}malformed.xml").diagnostic.code == "WXR101"
    recovered = load(f"{WPI}malformed.xml", recover=True)
    assert {"WXR100", "WXR104"} <= recovered.codes()
    assert recovered.items == ()


@pytest.mark.parametrize(
    ("name", "line"),
    [
        (f"{WPI}missing-version-tag.xml", None),
        (f"{WPI}invalid-version-tag.xml", 33),
        (f"{PTK}missing-version-tag.xml", None),
        (f"{PTK}invalid-version-tag.xml", 29),
    ],
)
def test_invalid_wxr(name: str, line: int | None) -> None:
    error = strict_failure(name)
    assert error.diagnostic.code == "WXR104"
    assert error.diagnostic.line == line
    assert "version" in error.diagnostic.message
    assert error.items_read == 0


def test_wxr_version_1_1() -> None:
    parsed = load(f"{WPI}valid-wxr-1.1.xml")
    assert parsed.site.base_site_url == "http://localhost/"
    assert parsed.declared == [
        Author(
            id=2,
            login="john",
            email="johndoe@example.org",
            display_name="John Doe",
            first_name="John",
            last_name="Doe",
        )
    ]
    category, tag, term = parsed.terms
    assert plain(category) == plain(
        Term(
            id=3, taxonomy="category", slug="alpha", name="alpha", description="The alpha category"
        )
    )
    assert plain(tag) == plain(
        Term(
            id=22,
            taxonomy="post_tag",
            slug="clippable",
            name="Clippable",
            description="The Clippable post_tag",
        )
    )
    assert plain(term) == plain(
        Term(
            id=40, taxonomy="post_tax", slug="bieup", name="bieup", description="The bieup post_tax"
        )
    )
    assert [i.title for i in parsed.items] == ["Hello world!", "About"]
    first, second = parsed.items
    assert record_size(first) == 19  # the 17 base keys + terms + comments
    assert first.terms and first.comments and not first.meta and not first.attachment_url
    assert record_size(second) == 18
    assert terms_of(first) == [
        ("alpha", "alpha", "category"),
        ("Clippable", "clippable", "post_tag"),
        ("bieup", "bieup", "post_tax"),
    ]
    assert meta_of(second) == [("_wp_page_template", "default")]


def test_wxr_version_1_0() -> None:
    parsed = load(f"{WPI}valid-wxr-1.0.xml")
    assert parsed.site.base_site_url == "http://localhost/"
    category = parsed.by_taxonomy("category")[0]
    assert (category.slug, category.name, category.parent, category.description) == (
        "alpha",
        "alpha",
        "",
        "The alpha category",
    )
    tag = parsed.by_taxonomy("post_tag")[0]
    assert (tag.slug, tag.name) == ("chicken", "chicken")
    assert [i.title for i in parsed.items] == [
        "Hello world!",
        "About",
        "Alpha post",
        "Child post",
        "Child page",
        "Parent page",
    ]
    posts = parsed.items
    assert record_size(posts[0]) == 19
    assert record_size(posts[1]) == 18
    # Upstream keeps WXR 1.0's domain="tag"; the model reads it as post_tag (R4).
    assert terms_of(posts[0]) == [("Uncategorized", "uncategorized", "category")]
    assert terms_of(posts[2]) == [
        ("alpha", "alpha", "category"),
        ("news", "news", "post_tag"),
        ("roar", "roar", "post_tag"),
    ]
    assert terms_of(posts[3]) == [
        ("chicken", "chicken", "post_tag"),
        ("child", "child", "category"),
        ("face", "face", "post_tag"),
    ]
    assert meta_of(posts[1]) == [("_wp_page_template", "default")]


def test_blank_lines_in_content() -> None:
    content = load(f"{WPI}post-content-blank-lines.xml").items[0].content
    assert content.count("\n") == 3


def test_varied_taxonomy_term_spacing() -> None:
    parsed = load(f"{WPI}term-formats.xml")
    assert parsed.site.base_site_url == "http://localhost/"
    assert parsed.authors == ()
    assert parsed.items == ()
    assert len(parsed.by_taxonomy("category")) == 2
    assert len(parsed.by_taxonomy("post_tag")) == 3
    assert len([t for t in parsed.terms if t.taxonomy not in ("category", "post_tag")]) == 2


def test_escaped_cdata_closing_sequence() -> None:
    (post,) = load(f"{WPI}crazy-cdata-escaped.xml").items
    assert post.content == CRAZY_CONTENT
    assert meta_of(post) == CRAZY_META


def test_unescaped_cdata_closing_sequence() -> None:
    # Not well-formed: strict mode rejects it (R2); recover mode must give exactly the
    # values of the escaped file, reporting each repair.
    error = strict_failure(f"{WPI}crazy-cdata.xml")
    assert (error.diagnostic.code, error.diagnostic.line) == ("WXR101", 18)
    parsed = load(f"{WPI}crazy-cdata.xml", recover=True)
    (post,) = parsed.items
    assert post.content == CRAZY_CONTENT
    assert meta_of(post) == CRAZY_META
    assert parsed.codes() == {"WXR109"}


def test_term_meta_parsing() -> None:
    parsed = load(f"{WPI}test-serialized-term-meta.xml")
    assert [t.taxonomy for t in parsed.terms] == ["category", "post_tag", "custom_taxonomy"]
    for term in parsed.terms:
        assert meta_of(term) == SHRUG_META


def test_comment_meta_parsing() -> None:
    (post,) = load(f"{WPI}test-serialized-comment-meta.xml").items
    assert meta_of(post.comments[0]) == SHRUG_META


def test_parse_simple_wxr_content() -> None:
    parsed = load(f"{WPI}wxr-simple.xml")
    assert parsed.site.wxr_version == "1.2"
    assert parsed.site.base_site_url == parsed.site.base_blog_url
    assert parsed.site.base_site_url == "https://playground.internal/path"
    author = parsed.declared[0]
    assert (author.id, author.login, author.email) == (1, "admin", "admin@localhost.com")
    post = parsed.items[0]
    assert post.id == 10
    assert post.title == '"The Road Not Taken" by Robert Frost'
    assert (post.type, post.slug, post.status) == ("post", "hello-world", "publish")


def test_parse_resets_state() -> None:
    name = f"{WPI}wxr-simple.xml"
    assert _read(str(corpus_path(name)), False) == _read(str(corpus_path(name)), False)


def test_parse_wxr_with_sub_data() -> None:
    parsed = load(f"{WPI}wxr-with-sub-data.xml")
    assert parsed.site.wxr_version == "1.1"
    (post,) = parsed.items
    assert (post.id, post.title, post.author, post.status, post.type) == (
        101,
        "Post with sub data",
        "admin",
        "publish",
        "post",
    )
    assert meta_of(post) == [("_test_meta_key", "test_meta_value")]
    assert terms_of(post) == [("Test Category", "test-cat", "category")]
    (comment,) = post.comments
    assert (comment.id, comment.author, comment.content) == (
        201,
        "Commenter",
        "This is a comment with meta.",
    )
    assert meta_of(comment) == [("_comment_meta_key", "comment_meta_value")]
    (term,) = parsed.terms
    assert (term.id, term.taxonomy, term.slug, term.name) == (
        40,
        "custom_tax",
        "custom-term",
        "Custom Term",
    )
    assert meta_of(term) == [("term_meta_key", "term_meta_value")]

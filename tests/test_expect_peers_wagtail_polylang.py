"""What wagtail-wordpress-import (§10), contentful's wordpress-exporter.rb (§11),
chloerei/blog_converter (§12), polylang (§14) and the smaller suites (§15) assert
about the corpus files, checked on our reader.

Only parse-level facts: each project's own mapping is left out, with a comment saying
what. The other peers are in ``test_expect_peers_pelican_ghost.py`` (§4–§5) and
``test_expect_peers_jekyll_nikola.py`` (§6–§9).

Each test mirrors one upstream test (named after it) or one parse-level fact from
``EXPECTATIONS.md`` in the corpus; the section is given in each group's comment.
How upstream's parser arrays map onto our model is described in ``expect_helpers``.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime

import pytest
from corpus_helpers import corpus_path, counts
from expect_helpers import NIKOLA, load, meta_of, meta_value, plain, strict_failure, unserialize

from wxr_tools import Author

# -- §10 wagtail-wordpress-import --------------------------------------------------------

WAGTAIL = "fixtures/torchbox__wagtail-wordpress-import__"


def test_wagtail_raw_xml() -> None:
    items = load(f"{WAGTAIL}raw_xml.xml").items
    assert len(items) == 5
    assert [i.id for i in items].count(1) == 4
    kept = [i for i in items if i.type in ("post", "page") and i.status in ("publish", "draft")]
    assert [(i.title, i.status) for i in kept] == [
        ("Item one title", "publish"),
        ("Item two title", "draft"),
    ]
    one, two = kept
    assert one.slug == "item-one-title"
    assert one.date_gmt == datetime(2010, 7, 13, 16, 16, 46)
    assert one.link == "https://www.example.com/item-one-title/"
    assert (
        meta_value(one, "_yoast_wpseo_metadesc") == "a search description from yoast for Item one"
    )
    # The item-level <description> is no model field: it is kept as extra.
    assert [e.text for e in one.extra if e.name == "description"] == [
        "This page has a default description"
    ]
    assert (two.modified, two.modified_gmt) == (None, None)
    assert two.date_gmt == datetime(2010, 1, 13, 16, 0, 0)


def test_wagtail_post_meta() -> None:
    items = load(f"{WAGTAIL}post_meta.xml").items
    assert [i.id for i in items] == [1] * 5
    descriptions = [dict(meta_of(i)).get("_yoast_wpseo_metadesc") for i in items]
    assert descriptions == [
        None,
        None,
        "This is a yoast metadesc!",
        "This is a yoast metadesc!",
        None,
    ]
    assert meta_value(items[0], "_thumbnail_id") == "43124"
    shares = {
        k: meta_value(items[1], k)
        for k in ("_facebook_shares", "_pinterest_shares", "_twitter_shares")
    }
    assert shares == {
        "_facebook_shares": "100",
        "_pinterest_shares": "200",
        "_twitter_shares": "300",
    }


# -- §11 contentful wordpress-exporter.rb ------------------------------------------------

CONTENTFUL = "fixtures/contentful__wordpress-exporter.rb__"


def test_contentful_authors() -> None:
    authors = load(f"{CONTENTFUL}wordpress.xml").declared
    assert [plain(a) for a in authors] == [
        plain(Author(id=10, login="szpryc", email="komarpro@gmail.com", display_name="szpryc")),
        plain(
            Author(
                id=12,
                login="testytesterson",
                email="testy.testerson@gmail.com",
                display_name="Testy Testerson",
                first_name="Testy",
                last_name="Testerson",
            )
        ),
    ]


def test_contentful_categories_and_tags() -> None:
    parsed = load(f"{CONTENTFUL}wordpress.xml")
    categories = parsed.by_taxonomy("category")
    assert len(categories) == 4
    assert (categories[0].id, categories[0].slug, categories[0].name) == (
        14786,
        "bez-kategorii",
        "Bez kategorii",
    )
    assert (categories[-1].id, categories[-1].slug) == (11599757, "puchatka")
    assert [(t.id, t.slug) for t in parsed.by_taxonomy("post_tag")] == [
        (2656354, "testowy"),
        (306830130, "testowy2"),
    ]


def test_contentful_blog_entries() -> None:
    parsed = load(f"{CONTENTFUL}wordpress.xml")
    assert len(parsed.items) == 7
    first = parsed.items[0]
    assert (first.id, first.title, first.link) == (
        1,
        "Informacje",
        "http://szpryc.wordpress.com/informacje/",
    )
    assert first.date is not None and first.date.date() == date(2014, 11, 26)
    assert first.author == "szpryc"
    attachment = next(i for i in parsed.items if i.id == 15)
    assert attachment.attachment_url == (
        "https://szpryc.files.wordpress.com/2014/11/screen-shot-2014-11-27-at-12-34-47-pm.png"
    )
    assert meta_value(attachment, "_wp_attachment_image_alt") == "MOJ_DESC"


def test_contentful_post_category_domain() -> None:
    parsed = load(f"{CONTENTFUL}wordpress.xml")
    ids = {(t.taxonomy, t.slug): t.id for t in parsed.terms}
    fifth = parsed.items[4]
    categories = [ids[(t.taxonomy, t.slug)] for t in fifth.terms if t.taxonomy == "category"]
    tags = [ids[(t.taxonomy, t.slug)] for t in fifth.terms if t.taxonomy == "post_tag"]
    assert (len(categories), categories[0], categories[-1]) == (3, 2214351, 11599757)
    assert tags == [2656354, 306830130]


def test_contentful_empty_dates() -> None:
    first, second = load(f"{CONTENTFUL}wordpress_empty_dates.xml").items
    assert (first.date, first.date_gmt) == (None, None)
    assert second.date is None
    assert second.date_gmt is not None and second.date_gmt.date() == date(2015, 6, 20)


# -- §12 chloerei/blog_converter ---------------------------------------------------------
# Left out: "export followed by re-import preserves these counts" is the converter's.


def test_chloerei_wordpress_adaptor() -> None:
    parsed = load("fixtures/chloerei__blog_converter__wordpress.xml")
    (article,) = [i for i in parsed.items if i.type == "post"]
    assert (article.status, article.title, article.author) == ("publish", "Hello world!", "Rei")
    assert "start blogging!测试" in article.content
    assert [t.name for t in article.terms if t.taxonomy == "category"] == ["Uncategorized"]
    (comment,) = article.comments
    assert (comment.author, comment.author_email, comment.author_url) == (
        "Mr WordPress",
        "",
        "http://test.domain/",
    )


# §13 ashishb/wp2hugo: no files in the corpus.

# -- §14 polylang test-wp-importer.php (import-level; the parse-level facts) -----------


def test_polylang_parse_level_facts() -> None:
    parsed = load("fixtures/polylang__polylang__polylang-test-import.xml")
    other = Counter(t.taxonomy for t in parsed.terms if t.taxonomy != "category")
    assert other == {
        "language": 2,
        "term_language": 2,
        "post_translations": 3,
        "term_translations": 2,
        "nav_menu": 2,
    }
    domains = {t.taxonomy for i in parsed.items for t in i.terms}
    assert {"language", "post_translations"} <= domains
    test, essai = parsed.titled("Test"), parsed.titled("Essai")
    language = {
        i.title: [t.slug for t in i.terms if t.taxonomy == "language"] for i in (test, essai)
    }
    assert language == {"Test": ["en"], "Essai": ["fr"]}
    group = {
        i.title: [t.slug for t in i.terms if t.taxonomy == "post_translations"]
        for i in (test, essai)
    }
    assert group["Test"] == group["Essai"] and len(group["Test"]) == 1
    # The translation groups hold the ids: posts Test/Essai, and categories Test/Essai.
    (post_group,) = [t for t in parsed.terms if t.slug == group["Test"][0]]
    assert unserialize(post_group.description) == {"en": test.id, "fr": essai.id}
    categories = {t.name: t.id for t in parsed.by_taxonomy("category")}
    term_groups = [unserialize(t.description) for t in parsed.by_taxonomy("term_translations")]
    assert {"en": categories["Test"], "fr": categories["Essai"]} in term_groups
    # String translations live in the language terms' meta.
    strings = {
        t.slug: unserialize(meta_value(t, "_pll_strings_translations"))[0]
        for t in parsed.by_taxonomy("language")
    }
    assert strings == {
        "en": {0: "WordPress", 1: "WordPress EN"},
        "fr": {0: "WordPress", 1: "WordPress FR"},
    }


# -- §15 smaller suites ------------------------------------------------------------------
# Left out: wp-cli export/import (Behat, no committed WXR files); schnack, wptest,
# theme-test-data, blueprints and the real blogs have no assertions besides their
# counts, which test_corpus_counts.py checks.


def test_squido_import() -> None:
    assert load("fixtures/mrvautin__squido__wordpress-empty.xml").items == ()  # "no posts"
    assert len(load("fixtures/mrvautin__squido__wordpress.xml").items) == 15


def test_wordpress_to_astro() -> None:
    parsed = load("fixtures/gma__wordpress-to-astro__wordpress.xml")
    post = parsed.slugged("the-art-of-connection")
    assert post.type == "post"
    images = [i for i in parsed.items if i.type == "attachment" and i.slug == "image.jpg"]
    assert [i.attachment_url.rsplit("/", 1)[-1] for i in images] == ["image.jpg"]


@pytest.mark.parametrize(
    "name",
    [
        "blogs/TimothyFitz__timothyfitz.github.com__wordpress.xml",
        "blogs/charleso__blog__wordpress.xml",
        f"{NIKOLA}wordpress_unicode_export.xml",
    ],
)
def test_undeclared_atom_prefix_gets_a_lenient_fallback(name: str) -> None:
    # WordPress.com's exports: <atom:link> in the channel, no xmlns:atom. The reader
    # declares the prefix itself (WXR112, a warning) instead of stopping (WXR101), in
    # strict mode too, and reads every item; recover mode reads the same.
    strict = load(name)
    assert len(strict.items) == counts()[name]["items"]
    (warning,) = [d for d in strict.diagnostics if d.code == "WXR112"]
    assert warning.line and "atom" in warning.message
    text = corpus_path(name).read_text(encoding="utf-8")
    assert text.splitlines()[warning.line - 1].lstrip().startswith("<atom:")
    assert load(name, recover=True).items == strict.items
    assert "WXR109" not in load(name, recover=True).codes()


def test_wp_version_instead_of_wxr_version_is_rejected() -> None:
    name = "blogs/jonbeckett__jonbeckett.github.io__wordpress-export.xml"
    assert strict_failure(name).diagnostic.code == "WXR104"
    parsed = load(name, recover=True)
    assert parsed.site.wxr_version == ""
    assert len(parsed.items) == 45

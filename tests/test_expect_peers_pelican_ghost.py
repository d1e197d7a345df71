"""What pelican (§4) and TryGhost/migrate (§5) assert about the corpus files, on our reader.

Only parse-level facts: each project's own mapping is left out, with a comment saying
what. The other peers are in ``test_expect_peers_jekyll_nikola.py`` (§6–§9) and
``test_expect_peers_wagtail_polylang.py`` (§10–§15).

Each test mirrors one upstream test (named after it) or one parse-level fact from
``EXPECTATIONS.md`` in the corpus; the section is given in each group's comment.
How upstream's parser arrays map onto our model is described in ``expect_helpers``.
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime

import pytest
from expect_helpers import Parsed, load, meta_value, strict_failure, unserialize

from wxr_tools import Item

# -- §4 pelican test_importer.py (parse-level facts) ------------------------------------
# Left out: pelican's own mapping (file names from post_name or post_id, markdown
# output, kinds); its assertions are checked on the raw values the mapping reads.


PELICAN = "fixtures/getpelican__pelican__wordpressexport.xml"


def pelican_kept() -> list[Item]:
    """wp2fields keeps the items whose status is publish or draft."""
    return [i for i in load(PELICAN).items if i.status in ("publish", "draft")]


def test_pelican_items() -> None:
    parsed = load(PELICAN)
    assert Counter(f"{i.type}/{i.status}" for i in parsed.items) == {
        "post/publish": 7,
        "post/draft": 4,
        "page/publish": 2,
        "custom1/publish": 2,
        "custom2/publish": 1,
        "attachment/inherit": 4,
    }
    assert len(pelican_kept()) == 16
    assert parsed.site.wxr_version == "1.1"
    assert [a.login for a in parsed.declared] == ["Bob", "Jonh"]
    assert {i.author for i in parsed.items} == {"bob", "john"}


def test_ignore_empty_posts() -> None:
    empty = [i for i in pelican_kept() if not i.title.strip()]
    assert [(i.status, i.id, i.slug) for i in empty] == [("draft", 168, "")]


def test_recognise_page_kind() -> None:
    pages = [i for i in pelican_kept() if i.type == "page"]
    assert [(p.title, p.slug) for p in pages] == [("Page", "contact"), ("Empty Page", "empty")]
    assert {p.id for p in pages} == {334}


def test_unless_custom_post_all_items_should_be_pages_or_posts() -> None:
    assert {i.type for i in pelican_kept()} == {"post", "page", "custom1", "custom2"}


def test_recognise_custom_post_type() -> None:
    custom = [(i.title, i.type) for i in pelican_kept() if i.type not in ("post", "page")]
    assert custom == [
        ("A custom post in category 4", "custom1"),
        ("A custom post in category 5", "custom1"),
        ("A 2nd custom post type also in category 5", "custom2"),
    ]


def test_decode_html_entities_in_titles() -> None:
    posts = [i for i in pelican_kept() if i.slug == "html-entity-test"]
    assert [p.title for p in posts] == [
        "A normal post with some <html> entities in the title. You can't miss them."
    ]


def test_can_toggle_raw_html_code_parsing() -> None:
    assert any("<iframe" in i.content for i in pelican_kept())


def test_preserve_verbatim_formatting() -> None:
    content = load(PELICAN).titled("Code in List").content
    for line in (
        "  a = [1, 2, 3]\n",
        "  b = [4, 5, 6]\n",
        "  for i in zip(a, b):\n",
        "    print i\n",
    ):
        assert line in content
    assert content.index("<li>This is a code sample") < content.index("a = [1, 2, 3]")


def test_dont_use_smart_quotes() -> None:
    content = load(PELICAN).titled("Post with raw data").content
    assert '\\"' not in content
    assert "\"That's a 'wonderful' shoe.\"" in content


def test_convert_caption_to_figure() -> None:
    # The conversion is pelican's; the raw content holds what it converts.
    content = load(PELICAN).titled("Caption on image").content
    assert content.count("[caption") == 3
    for text in (
        "/theme/img/xpelican.png.pagespeed.ic.Rjep0025-y.png",
        "/theme/img/xpelican-3.png.pagespeed.ic.m-NAIdRCOM.png",
        "This is a pelican",
        "This also a pelican",
        "Yet another pelican",
    ):
        assert text in content


def test_wordpress_xml_attachements() -> None:
    parsed = load(PELICAN)
    by_parent: dict[int, set[str]] = {}
    for item in parsed.items:
        if item.type == "attachment":
            by_parent.setdefault(item.parent, set()).add(item.attachment_url)
    assert by_parent == {
        0: {
            "https://upload.wikimedia.org/wikipedia/commons/thumb/2/2c/"
            "Pelican_lakes_entrance02.jpg/240px-Pelican_lakes_entrance02.jpg"
        },
        8: {
            "http://thisurlisinvalid.notarealdomain/not_an_image.jpg",
            "http://en.wikipedia.org/wiki/File:Pelikan_Walvis_Bay.jpg",
        },
        25: {"http://thisurlisinvalid.notarealdomain"},
    }
    parents = {i.id: i for i in parsed.items if i.type != "attachment"}
    assert parents[8].slug == "with-excerpt"
    assert [i.id for i in parsed.items].count(25) == 4
    assert parents[25].title == "With tags"


def test_pelican_comments() -> None:
    post = load(PELICAN).titled("With comments")
    assert post.id == 422
    assert len(post.comments) == 4
    assert len([c for c in post.comments if c.parent]) == 2
    assert [c.type for c in post.comments].count("pingback") == 1
    assert [c.approved for c in post.comments].count("trash") == 1


# -- §5 TryGhost/migrate mg-wp-xml -------------------------------------------------------
# Left out: Ghost's mapping (ISO dates, #wp tags, excerptSelector, the date filters,
# a feature image resolved from another file of the folder, <audio> generation).


GHOST = "fixtures/TryGhost__migrate__mg-wp-xml-"
GHOST_MULTIPLE = ["multiple-attachments-only", "multiple-pages-only", "multiple-posts-only"]
GHOST_LENIENT = {"sample", "sample-no-slug", "multiple-attachments-only"}  # a raw '&' in a URL


def ghost(name: str) -> Parsed:
    return load(f"{GHOST}{name}.xml", recover=name in GHOST_LENIENT)


def content_stats(parsed: Parsed) -> dict[str, int]:
    types = Counter(i.type for i in parsed.items)
    return {"posts": types["post"], "pages": types["page"]}


@pytest.mark.parametrize("name", sorted(GHOST_LENIENT))
def test_ghost_files_are_not_well_formed(name: str) -> None:
    assert strict_failure(f"{GHOST}{name}.xml").diagnostic.code == "WXR101"
    assert "WXR109" in ghost(name).codes()


def test_read_xml_content_stats() -> None:
    assert content_stats(ghost("sample")) == {"posts": 3, "pages": 1}
    assert content_stats(ghost("multiple-posts-only")) == {"posts": 3, "pages": 0}


def test_read_file_raw_counts() -> None:
    sample = ghost("sample")
    assert (len(sample.by_taxonomy("category")), len(sample.declared), len(sample.items)) == (
        1,
        2,
        6,
    )
    folder = [ghost(n) for n in GHOST_MULTIPLE]
    assert sum(len(p.by_taxonomy("category")) for p in folder) == 1
    assert sum(len(p.declared) for p in folder) == 3
    assert sum(len(p.items) for p in folder) == 6


def test_process_sample_parse_level() -> None:
    sample = ghost("sample")
    assert sample.site.link == "https://example.com"
    draft = sample.titled("Draft Post")
    assert (draft.status, draft.author) == ("draft", "harry@example.com")
    assert draft.date_gmt == datetime(2013, 11, 2, 23, 2, 32)
    basic = sample.titled("Basic Post")
    assert basic.id == 4
    assert basic.author == "hermione@example.com"
    assert basic.date_gmt == datetime(2013, 6, 7, 3, 0, 44)
    assert {t.name for t in basic.terms} == {"Company News", "Has Images", "Programming"}
    cpt = sample.titled("My CPT Post")
    assert cpt.type == "customcpt"
    attachment = next(i for i in sample.items if i.type == "attachment")
    assert "&" in attachment.link and attachment.link.startswith("https://images.unsplash.com/")
    counts_by_type = Counter(i.type for i in sample.items)
    assert (counts_by_type["post"], counts_by_type["page"], counts_by_type["customcpt"]) == (
        3,
        1,
        1,
    )


def test_sample_no_slug() -> None:
    posts = [i for i in ghost("sample-no-slug").items if i.type == "post"]
    assert [(p.title, p.slug) for p in posts] == [
        ("Draft Post", ""),
        ("Basic Post", ""),
        ("Another Post", ""),
    ]


def test_multiple_folder() -> None:
    folder = [ghost(n) for n in GHOST_MULTIPLE]
    items = [i for p in folder for i in p.items]
    assert len([i for i in items if i.type in ("post", "page")]) == 4
    assert {a.login for p in folder for a in p.declared} == {
        "hermione@example.com",
        "harry@example.com",
    }
    assert {p.site.link for p in folder} == {"https://example.com"}


def test_sample_with_alt() -> None:
    parsed = ghost("sample-with-alt")
    post = parsed.titled("Post with Featured Image Alt Text")
    image = next(i for i in parsed.items if i.id == int(meta_value(post, "_thumbnail_id")))
    assert image.attachment_url == (
        "https://example.com/wp-content/uploads/2013/06/featured-image.jpg"
    )
    assert meta_value(image, "_wp_attachment_image_alt") == (
        "Sunset over mountains with orange and pink sky"
    )
    assert image.content == (
        "A gorgeous sunset over the mountains with vibrant orange and pink colors."
    )


def test_feature_image_captions() -> None:
    parsed = ghost("feature-image-captions")
    by_id = {i.id: i for i in parsed.items}
    described = parsed.slugged("post-with-described-image")
    title_only = parsed.slugged("post-with-title-only-image")
    without = parsed.slugged("post-without-featured-image")
    assert by_id[int(meta_value(described, "_thumbnail_id"))].content == (
        "The caption from the attachment description."
    )
    assert by_id[int(meta_value(title_only, "_thumbnail_id"))].content == ""
    assert "_thumbnail_id" not in {m.key for m in without.meta}


def test_has_meta() -> None:
    post = ghost("has-meta").items[0]
    assert meta_value(post, "lorem1234") == "433"
    assert meta_value(post, "ab_view_count") == "394"
    cache_ = unserialize(meta_value(post, "amazonS3_cache"))
    assert len(cache_) == 2
    assert all(v == {"id": "7050", "source_type": "media-library"} for v in cache_.values())
    metadata = unserialize(meta_value(post, "_wp_attachment_metadata"))
    assert (metadata["width"], metadata["height"], metadata["file"]) == (
        3510,
        1974,
        "2014/10/IMG_2347.jpg",
    )
    sizes = metadata["sizes"]
    assert {k: (v["width"], v["height"]) for k, v in sizes.items()} == {
        "large": (1024, 575),
        "medium": (300, 168),
        "thumbnail": (150, 150),
    }
    assert metadata["image_meta"]["camera"] == "Canon EOS DIGITAL REBEL XSi"
    assert unserialize(meta_value(post, "_et_dynamic_cached_shortcodes")) == {}
    assert unserialize(meta_value(post, "_et_dynamic_cached_attributes")) == {}


def test_has_yoast_meta() -> None:
    parsed = ghost("has-yoast-meta")
    post = parsed.slugged("my-sample-post")
    assert meta_value(post, "_yoast_wpseo_title") == "My Custom SEO Title for Search Engines"
    assert meta_value(post, "_yoast_wpseo_metadesc") == (
        "A short description of the post for search engine results pages"
    )
    assert not [m for m in parsed.slugged("no-yoast").meta if m.key.startswith("_yoast")]


def test_co_authors_plus() -> None:
    posts = ghost("co-authors-plus").items
    authors = [[t.slug for t in p.terms if t.taxonomy == "author"] for p in posts]
    assert [p.title for p in posts] == [
        "Multi-Author Post",
        "Three Author Post",
        "Single Co-Author Post",
        "Duplicate Author Entries Post",
    ]
    assert authors[0] == ["alice-smith", "bob-jones"]
    assert authors[1] == ["alice-smith", "bob-jones", "carol-white"]
    assert authors[2] == ["bob-jones"]
    assert list(dict.fromkeys(authors[3])) == ["alice-smith", "bob-jones"]
    names = {t.slug: t.name for p in posts for t in p.terms if t.taxonomy == "author"}
    assert names["alice-smith"] == "Alice Smith" and names["bob-jones"] == "Bob Jones"


@pytest.mark.parametrize("name", ["has-audio-enclosure", "has-audio-enclosure-with-libsyn-embed"])
def test_has_audio_enclosure(name: str) -> None:
    post = ghost(name).items[0]
    url, length, mime = meta_value(post, "enclosure").split("\n")[:3]
    assert (url, mime) == ("http://media.libsyn.com/media/example/podcast.mp3", "audio/mpeg")
    assert length.isdigit()
    assert ("libsyn.com/player" in post.content) == name.endswith("libsyn-embed")

"""Tests for scripts/make_export.py (the synthetic WXR generator) and for the
hand-written fixtures/ctts-sample.xml."""

from __future__ import annotations

import io
import random
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import phpserialize
import pytest
from lxml import etree

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "make_export.py"
CTTS_SAMPLE = ROOT / "fixtures" / "ctts-sample.xml"
# The generator's modules import each other as top-level modules.
sys.path.insert(0, str(ROOT / "scripts"))

import export_plan  # noqa: E402
import export_xml  # noqa: E402
import make_export  # noqa: E402

NS = {
    "wp": "http://wordpress.org/export/1.2/",
    "content": "http://purl.org/rss/1.0/modules/content/",
    "excerpt": "http://wordpress.org/export/1.2/excerpt/",
    "dc": "http://purl.org/dc/elements/1.1/",
}
SERIALIZED = re.compile(r"^(a|O):\d+:\{|^[sibd]:")


def generate(posts: int, seed: int = 1) -> str:
    buf = io.StringIO()
    make_export.write_export(buf, posts, seed)
    return buf.getvalue()


def parse(text: str) -> etree._ElementTree:
    return etree.ElementTree(etree.fromstring(text.encode("utf-8")))


def items(tree: etree._ElementTree, post_type: str | None = None) -> list[etree._Element]:
    found: list[etree._Element] = tree.findall("./channel/item")
    if post_type is None:
        return found
    return [i for i in found if i.findtext("wp:post_type", namespaces=NS) == post_type]


def text_of(el: etree._Element, path: str) -> str:
    return el.findtext(path, default="", namespaces=NS) or ""


def serialized_values(tree: etree._ElementTree) -> list[str]:
    values = [mv.text or "" for mv in tree.iterfind(".//wp:meta_value", NS)]
    values += [d.text or "" for d in tree.iterfind(".//wp:term_description", NS)]
    return [v for v in values if SERIALIZED.match(v)]


@pytest.fixture(scope="module")
def export_200() -> str:
    return generate(200, seed=5)


@pytest.fixture(scope="module")
def tree_200(export_200: str) -> etree._ElementTree:
    return parse(export_200)


# ---------------------------------------------------------------------------
# Generator
# ---------------------------------------------------------------------------


def test_same_seed_same_bytes() -> None:
    assert generate(80, seed=3) == generate(80, seed=3)


def test_other_seed_other_output() -> None:
    assert generate(30, seed=3) != generate(30, seed=4)


def test_cli_file_and_stdout_match_write_export(tmp_path: Path) -> None:
    out = tmp_path / "export.xml"
    assert make_export.main(["--posts", "25", "--seed", "9", "-o", str(out)]) == 0
    expected = generate(25, seed=9).encode("utf-8")
    assert out.read_bytes() == expected
    proc = subprocess.run(
        [sys.executable, str(SCRIPT), "--posts", "25", "--seed", "9", "-o", "-"],
        capture_output=True,
        check=True,
    )
    assert proc.stdout == expected


def test_zero_posts_is_still_a_valid_export() -> None:
    tree = parse(generate(0))
    assert items(tree, "post") == []
    assert tree.findtext("./channel/wp:wxr_version", namespaces=NS) == "1.2"


def test_well_formed_with_expected_post_count(tree_200: etree._ElementTree) -> None:
    assert len(items(tree_200, "post")) == 200
    assert len(items(tree_200, "page")) == 2
    assert len(items(tree_200, "nav_menu_item")) == 2
    channel = tree_200.find("./channel")
    assert channel is not None
    assert text_of(channel, "wp:wxr_version") == "1.2"
    assert channel.findtext("language") == "fr-FR"
    ids = [int(text_of(i, "wp:post_id")) for i in items(tree_200)]
    assert len(ids) == len(set(ids))


def test_header_is_exporter_markup(export_200: str) -> None:
    head = export_200[:3000]
    assert head.startswith('<?xml version="1.0" encoding="UTF-8" ?>\n<!-- This is a WordPress')
    assert '<!-- generator="WordPress/' in head
    for prefix in ("excerpt", "content", "wfw", "dc", "wp"):
        assert f"xmlns:{prefix}=" in head


def test_channel_terms_are_declared_and_used(tree_200: etree._ElementTree) -> None:
    cats = {
        text_of(c, "wp:category_nicename"): text_of(c, "wp:category_parent")
        for c in tree_200.iterfind("./channel/wp:category", NS)
    }
    tags = {text_of(t, "wp:tag_slug") for t in tree_200.iterfind("./channel/wp:tag", NS)}
    assert any(parent for parent in cats.values()), "expected a parent/child category pair"
    seen = list(cats)
    for slug, parent in cats.items():  # parents are written before children
        if parent:
            assert seen.index(parent) < seen.index(slug)
    used: Counter[str | None] = Counter()
    for item in items(tree_200, "post"):
        for cat in item.findall("category"):
            domain, nicename = cat.get("domain"), cat.get("nicename")
            used[domain] += 1
            if domain == "category":
                assert nicename in cats
            elif domain == "post_tag":
                assert nicename in tags
    assert used["category"] >= 200 and used["post_tag"] > 0


def test_statuses_and_draft_dates(tree_200: etree._ElementTree) -> None:
    statuses = Counter(text_of(i, "wp:status") for i in items(tree_200, "post"))
    assert statuses["publish"] > 150
    assert statuses["draft"] + statuses["pending"] > 0
    assert statuses["private"] > 0
    for item in items(tree_200, "post"):
        gmt = text_of(item, "wp:post_date_gmt")
        if text_of(item, "wp:status") in ("draft", "pending"):
            assert gmt == "0000-00-00 00:00:00"
            assert item.findtext("pubDate") == "Wed, 30 Nov -0001 00:00:00 +0000"
        else:
            assert gmt != "0000-00-00 00:00:00"
            assert text_of(item, "wp:post_modified_gmt") >= gmt


def test_attachments_exist_and_are_referenced(tree_200: etree._ElementTree) -> None:
    attachments = items(tree_200, "attachment")
    assert len(attachments) >= 20  # about one every five posts
    att_ids = {int(text_of(a, "wp:post_id")) for a in attachments}
    post_ids = {int(text_of(p, "wp:post_id")) for p in items(tree_200, "post")}
    for att in attachments:
        assert text_of(att, "wp:status") == "inherit"
        assert int(text_of(att, "wp:post_parent")) in post_ids
        url = text_of(att, "wp:attachment_url")
        meta = {
            text_of(m, "wp:meta_key"): text_of(m, "wp:meta_value")
            for m in att.findall("wp:postmeta", NS)
        }
        assert url.endswith("/wp-content/uploads/" + meta["_wp_attached_file"])
        data = phpserialize.loads(meta["_wp_attachment_metadata"].encode(), decode_strings=True)
        assert data["file"] == meta["_wp_attached_file"]
        assert data["sizes"]["medium"]["file"].endswith("-300x200.jpg")
    thumbs = 0
    galleries = 0
    for post in items(tree_200, "post"):
        for m in post.findall("wp:postmeta", NS):
            if text_of(m, "wp:meta_key") == "_thumbnail_id":
                assert int(text_of(m, "wp:meta_value")) in att_ids
                thumbs += 1
        for ids in re.findall(r'\[gallery ids="([\d,]+)"', text_of(post, "content:encoded")):
            galleries += 1
            assert {int(x) for x in ids.split(",")} <= att_ids
    assert thumbs > 0 and galleries > 0


def test_comments_have_valid_parents_within_their_item(tree_200: etree._ElementTree) -> None:
    all_ids: list[int] = []
    kinds: Counter[str] = Counter()
    replies = author_replies = 0
    per_post: list[int] = []
    for item in items(tree_200):
        seen: set[int] = set()
        comments = item.findall("wp:comment", NS)
        if text_of(item, "wp:post_type") == "post":
            per_post.append(len(comments))
        for c in comments:
            cid = int(text_of(c, "wp:comment_id"))
            parent = int(text_of(c, "wp:comment_parent"))
            assert parent == 0 or parent in seen, f"comment {cid}: parent {parent} not earlier"
            if parent:
                replies += 1
            if int(text_of(c, "wp:comment_user_id")):
                author_replies += 1
            kinds[text_of(c, "wp:comment_type") or "comment"] += 1
            kinds["approved=" + text_of(c, "wp:comment_approved")] += 1
            seen.add(cid)
            all_ids.append(cid)
    assert len(all_ids) == len(set(all_ids))
    assert replies > 0 and author_replies > 0
    assert kinds["pingback"] > 0 and kinds["approved=0"] > 0
    assert max(per_post) <= 60
    assert sorted(per_post)[len(per_post) // 2] <= 3  # most posts have few comments


def test_content_mix(tree_200: etree._ElementTree) -> None:
    bodies = [text_of(i, "content:encoded") for i in items(tree_200, "post")]
    block = [b for b in bodies if b.startswith("<!-- wp:")]
    classic = [b for b in bodies if not b.startswith("<!-- wp:")]
    assert 0.15 < len(block) / len(bodies) < 0.45
    assert all("<p>" not in b for b in classic)
    assert any("\n\n" in b for b in classic)
    lengths = [len(b) for b in bodies]
    assert min(lengths) >= 500 and max(lengths) > 3000
    joined = "\n".join(bodies)
    for needle in (
        "[caption ",
        "[gallery ids=",
        "/wp-content/uploads/",
        "-300x200.jpg",
        "<a href=",
    ):
        assert needle in joined
    titles = [i.findtext("title") or "" for i in items(tree_200, "post")]
    assert any(t.endswith((" [fr]", " [en]")) for t in titles)
    assert re.search(r"^(<!-- wp:paragraph -->\n<p>)?\[(en|fr)\] ", joined, re.M)


def test_internal_links_point_to_earlier_posts(tree_200: etree._ElementTree) -> None:
    order = {int(text_of(i, "wp:post_id")): n for n, i in enumerate(items(tree_200))}
    links = 0
    for n, item in enumerate(items(tree_200)):
        for pid in re.findall(
            r'href="https?://blog\.example\.org/\?p=(\d+)"', text_of(item, "content:encoded")
        ):
            assert order[int(pid)] < n
            links += 1
    assert links > 0


def test_serialized_meta_unserializes(tree_200: etree._ElementTree) -> None:
    values = serialized_values(tree_200)
    keys: Counter[str] = Counter()
    for item in items(tree_200):
        for m in item.iterfind(".//wp:postmeta", NS):
            keys[text_of(m, "wp:meta_key")] += 1
    assert keys["bb-post-excerpts"] > 0 and keys["other-excerpt"] > 0
    for value in values:
        phpserialize.loads(value.encode("utf-8"))  # raises on a wrong s:N byte count


def test_php_serialize_counts_utf8_bytes() -> None:
    value = {"en": "Blogger’s block", "fr": "ça 😉", "n": 3, "t": 1.5, "k": []}
    assert export_xml.php_serialize(value) == (
        'a:5:{s:2:"en";s:17:"Blogger’s block";s:2:"fr";s:8:"ça 😉";'
        's:1:"n";i:3;s:1:"t";d:1.5;s:1:"k";a:0:{}}'
    )
    assert export_xml.php_serialize([""]) == 'a:1:{i:0;s:0:"";}'


def test_make_slug_drops_apostrophes_and_accents() -> None:
    assert (
        export_plan.make_slug("C’est l'été à Genève: vie privée ?")
        == "cest-lete-a-geneve-vie-privee"
    )
    assert export_plan.make_slug("Qu’est-ce que «ça» [fr]") == "quest-ce-que-ca-fr"
    assert export_plan.make_slug("« ? »") == "billet"


def test_seen_filter() -> None:
    seen = export_plan.SeenFilter()
    assert not seen.add("un-billet")
    assert not seen.add("un-autre")
    assert seen.add("un-billet")


def test_repeated_titles_get_unique_slugs(monkeypatch: pytest.MonkeyPatch) -> None:
    plan = export_plan.Plan(30, seed=1)

    def titled(index: int) -> tuple[random.Random, str, str, str]:
        title = "Même titre" if index % 3 else f"Titre {'abcdefghij'[index // 3]}"
        return random.Random(index), "fr", title, export_plan.make_slug(title)

    monkeypatch.setattr(plan, "_titled", titled)
    # Out of order, as links to earlier posts and pingbacks from later ones ask.
    slugs = {i: plan.head(i).slug for i in (20, 1, 29, 2, 0, 3)}
    assert slugs[1] == "meme-titre"
    assert slugs[2] == "meme-titre-14" and slugs[20] == "meme-titre-50"
    assert slugs[0] == "titre-a" and slugs[3] == "titre-b"
    slugs = {i: plan.head(i).slug for i in range(30)}
    assert len(set(slugs.values())) == 30


def test_real_duplicate_title_is_renamed() -> None:
    # Posts 2592 and 3712 of seed 1 have the same title.
    plan = export_plan.Plan(4000, seed=1)
    first, again = plan.head(2592), plan.head(3712)
    assert first.title.removesuffix(f" [{first.lang}]") == again.title.removesuffix(
        f" [{again.lang}]"
    )
    assert again.slug == f"{first.slug}-{again.post_id}"
    assert again.permalink.endswith(f"/{again.slug}/")


def test_cdata_split_round_trips() -> None:
    raw = "<code>&lt;![CDATA[ x ]]></code> and ]]>"
    wrapped = export_xml.cdata(raw)
    assert wrapped.count("]]]]><![CDATA[>") == 2
    el = etree.fromstring(f"<x>{wrapped}</x>".encode())
    assert el.text == raw


def test_split_cdata_appears_in_large_export() -> None:
    text = generate(600, seed=2)
    assert "]]]]><![CDATA[>" in text
    parse(text)


# ---------------------------------------------------------------------------
# fixtures/ctts-sample.xml
# ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def ctts() -> etree._ElementTree:
    return etree.parse(str(CTTS_SAMPLE))


def test_ctts_sample_is_well_formed_wxr(ctts: etree._ElementTree) -> None:
    channel = ctts.find("./channel")
    assert channel is not None
    assert text_of(channel, "wp:wxr_version") == "1.2"
    assert text_of(channel, "wp:base_site_url") == "https://ctts.example.org"
    assert channel.findtext("language") == "fr-FR"
    assert len(channel.findall("wp:author", NS)) == 2
    assert len(items(ctts, "post")) == 8
    assert CTTS_SAMPLE.read_bytes().count(b"\r") == 0


def test_ctts_sample_serialized_values_unserialize(ctts: etree._ElementTree) -> None:
    values = serialized_values(ctts)
    assert len(values) >= 6
    for value in values:
        phpserialize.loads(value.encode("utf-8"))
    excerpts = [
        phpserialize.loads(text_of(m, "wp:meta_value").encode(), decode_strings=True)
        for m in ctts.iterfind(".//wp:postmeta", NS)
        if text_of(m, "wp:meta_key") == "bb-post-excerpts"
    ]
    assert {"en", "fr"} <= {k for e in excerpts for k in e}


def test_ctts_sample_comment_threads(ctts: etree._ElementTree) -> None:
    for item in items(ctts):
        seen: set[int] = set()
        for c in item.findall("wp:comment", NS):
            parent = int(text_of(c, "wp:comment_parent"))
            assert parent == 0 or parent in seen
            seen.add(int(text_of(c, "wp:comment_id")))


def test_ctts_sample_split_cdata_reads_back(ctts: etree._ElementTree) -> None:
    (post,) = [i for i in items(ctts) if text_of(i, "wp:post_id") == "760"]
    assert "&lt;![CDATA[&lt;p>Bonjour&lt;/p>]]>&lt;/content:encoded>" in text_of(
        post, "content:encoded"
    )

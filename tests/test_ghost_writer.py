"""``--to ghost``: the documented import format (a JSON Schema of FORMATS.md §3), the
mapping from WordPress, and what the report says Ghost could not take."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from corpus_helpers import corpus_files, corpus_path, file_params

from wxr_tools import InputError, read
from wxr_tools.config import load_config
from wxr_tools.entries import entry_of
from wxr_tools.index import Index
from wxr_tools.model import Author, Comment, Item, Meta, Site, Term, TermRef
from wxr_tools.pipeline import Options, convert
from wxr_tools.report import RunReport
from wxr_tools.writers import WriteJob
from wxr_tools.writers.ghost import write
from wxr_tools.writers.ghosttables import NO_COMMENTS

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "fixtures" / "ctts-sample.xml"
SCHEMA = json.loads((ROOT / "tests" / "schemas" / "ghost-import.json").read_text("utf-8"))
PIPELINE = '["status", "comments", "privacy", "text", "languages", "autop", "shortcodes", "more"]'


@pytest.fixture
def config(tmp_path: Path) -> Options:
    path = tmp_path / "wxr.toml"
    path.write_text(f"[transforms]\npipeline = {PIPELINE}\n", encoding="utf-8")
    return Options(config=load_config(path))


def check(path: Path) -> dict[str, Any]:
    """The file's data, after checking it against the schema and its own references."""
    document = json.loads(path.read_text(encoding="utf-8"))
    jsonschema.validate(document, SCHEMA, cls=jsonschema.Draft202012Validator)
    data: dict[str, Any] = document["db"][0]["data"]
    posts = {p["id"] for p in data["posts"]}
    assert len(posts) == len(data["posts"]), "post ids are unique"
    tags = {t["id"] for t in data["tags"]}
    users = {u["id"] for u in data["users"]}
    assert len({t["slug"] for t in data["tags"]}) == len(tags), "tag slugs are unique"
    assert all(r["post_id"] in posts and r["tag_id"] in tags for r in data["posts_tags"])
    assert all(r["post_id"] in posts and r["author_id"] in users for r in data["posts_authors"])
    return data


def balanced(report: RunReport) -> bool:
    items = sum(report.items_written.values()) + sum(report.items_excluded.values())
    comments = report.comments_written + sum(report.comments_excluded.values())
    return report.items_read == items and report.comments_read == comments


# -- the sample export, through the pipeline ------------------------------------------


def test_sample_matches_the_schema_and_reports_what_ghost_cannot_hold(
    config: Options, tmp_path: Path
) -> None:
    out = tmp_path / "ghost.json"
    report = convert(str(SAMPLE), "ghost", str(out), config)
    data = check(out)
    assert [p["comment_id"] for p in data["posts"]] == [
        "2", "3", "120", "215", "342", "401", "518", "760", "845"
    ]  # fmt: skip
    assert report.items_excluded == {
        "attachment (ghost imports media files, not media posts)": 3,
        "private excluded": 1,  # by the status policy, before the writer
    }
    assert report.items_written["nav_menu_item"] == 1  # the navigation (ghostnav)
    assert report.comments_excluded[NO_COMMENTS] == 6  # the pingback included
    assert report.comments_written == 0
    assert balanced(report)


def test_post_fields(config: Options, tmp_path: Path) -> None:
    out = tmp_path / "ghost.json"
    convert(str(SAMPLE), "ghost", str(out), config)
    data = check(out)
    posts = {p["comment_id"]: p for p in data["posts"]}
    going_solo = posts["215"]
    assert going_solo["title"] == "Going Solo Lyon: what I learned"  # languages removed [en]
    assert going_solo["slug"] == "going-solo-lyon-what-i-learned"
    assert going_solo["type"] == "post"
    assert going_solo["status"] == "published"
    assert going_solo["visibility"] == "public"
    assert going_solo["published_at"] == going_solo["created_at"] == "2008-11-02T17:20:00.000Z"
    # content_html: paragraphs added, the caption shortcode converted.
    assert "<p>" in going_solo["html"] and "[caption" not in going_solo["html"]
    assert going_solo["feature_image"].endswith("/2008/11/going-solo-lyon-scene.jpg")
    draft = posts["845"]
    assert draft["status"] == "draft" and "published_at" not in draft
    assert posts["2"]["type"] == "page"
    tags = {t["id"]: t for t in data["tags"]}
    linked = [
        tags[r["tag_id"]]["slug"] for r in data["posts_tags"] if r["post_id"] == going_solo["id"]
    ]
    assert linked == ["evenements", "freelance"]  # its category, then its tag
    assert tags[next(t for t in tags if tags[t]["slug"] == "evenements")]["description"] == (
        "Conférences, formations et rencontres."
    )
    users = {u["id"]: u for u in data["users"]}
    [author] = [r["author_id"] for r in data["posts_authors"] if r["post_id"] == going_solo["id"]]
    assert users[author] == {
        "id": author,
        "name": "Claire Morand",
        "slug": "claire",
        "email": "claire@ctts.example.org",
    }


def test_raw_mode_uses_raw_content_and_statuses(tmp_path: Path) -> None:
    out = tmp_path / "ghost.json"
    report = convert(str(SAMPLE), "ghost", str(out), Options(raw=True))
    data = check(out)
    posts = {p["comment_id"]: p for p in data["posts"]}
    assert "803" not in posts  # private
    assert report.items_excluded["private (ghost has no private posts)"] == 1
    assert not posts["120"]["html"].startswith("<p>")
    # No index without transforms: the feature image cannot be looked up.
    assert "feature_image" not in posts["215"]
    assert report.counts["feature images not resolved (no index)"] == 2
    assert balanced(report)


def test_same_input_same_bytes(config: Options, tmp_path: Path) -> None:
    first, second = tmp_path / "1.json", tmp_path / "2.json"
    convert(str(SAMPLE), "ghost", str(first), config)
    convert(str(SAMPLE), "ghost", str(second), config)
    assert first.read_bytes() == second.read_bytes()
    meta = json.loads(first.read_text("utf-8"))["db"][0]["meta"]
    assert meta == {"exported_on": 1707730887000, "version": "5.0.0"}  # the export's pubDate


# -- mapping details, on items built here -----------------------------------------------


def run(items: list[Item], tmp_path: Path, **kwargs: Any) -> tuple[dict[str, Any], RunReport]:
    out = tmp_path / "ghost.json"
    report = RunReport(items_read=len(items), comments_read=sum(len(i.comments) for i in items))
    job = WriteJob(
        site=kwargs.pop("site", Site()),
        authors=kwargs.pop("authors", []),
        terms=kwargs.pop("terms", []),
        items=iter(items),
        output=str(out),
        report=report,
        **kwargs,
    )
    write(job)
    return check(out), report


def post(pid: int, **fields: Any) -> Item:
    defaults: dict[str, Any] = {"type": "post", "status": "publish", "title": f"Post {pid}"}
    return Item(id=pid, **(defaults | fields))


def test_users_get_placeholder_emails_reported(tmp_path: Path) -> None:
    authors = [
        Author(id=1, login="ann", email="ann@example.org", display_name="Ann"),
        Author(id=2, login="bob", email="not an address"),
        Author(id=3, login="unused", email=""),
    ]
    items = [post(1, author="ann"), post(2, author="bob"), post(3, author="Jean Dupont")]
    data, report = run(items, tmp_path, authors=authors)
    emails = {u["name"]: u["email"] for u in data["users"]}
    assert emails == {
        "Ann": "ann@example.org",
        "bob": "bob@example.invalid",
        "Jean Dupont": "jean-dupont@example.invalid",
    }
    messages = [d.message for d in report.diagnostics if d.code == "WXR421"]
    assert messages == [
        "author 'bob': invalid e-mail 'not an address'; placeholder bob@example.invalid",
        "author 'Jean Dupont': no e-mail; placeholder jean-dupont@example.invalid",
    ]
    assert report.counts["users with a placeholder e-mail"] == 2


def test_tags_merge_categories_and_tags_by_slug(tmp_path: Path) -> None:
    terms = [Term(id=1, taxonomy="post_tag", slug="news", description="All the news")]
    refs = (
        TermRef(taxonomy="category", slug="news", name="News"),
        TermRef(taxonomy="post_tag", slug="news", name="news"),
        TermRef(taxonomy="post_tag", slug="%c3%a9t%c3%a9", name="Été"),
        TermRef(taxonomy="post_format", slug="post-format-aside", name="Aside"),
        TermRef(taxonomy="series", slug="columns", name="Columns"),
        TermRef(taxonomy="nav_menu", slug="main", name="Main"),
    )
    data, report = run([post(1, terms=refs), post(2, terms=refs[1:2])], tmp_path, terms=terms)
    # A post format is an internal tag (its themes read it); a series a tag; a menu none.
    # Slugs are ASCII, as Ghost's importer would make them: "été" would become "ete"
    # there, and the links to the tag's page say "ete".
    assert [(t["name"], t["slug"]) for t in data["tags"]] == [
        ("News", "news"),
        ("Été", "ete"),
        ("#aside", "hash-aside"),
        ("Columns", "columns"),
    ]
    assert len(data["posts_tags"]) == 5
    assert report.counts["post_format terms made tags"] == 1
    assert "description" not in data["tags"][0]  # the category "news" has none


def test_what_ghost_cannot_hold(tmp_path: Path) -> None:
    comments = (Comment(id=1, parent=0), Comment(id=2, parent=1))
    items = [
        post(1, comments=comments, password="secret"),
        post(2, type="product"),
        post(3, status="trash"),
        post(4, title="x" * 300, excerpt="<p>An <em>excerpt</em> &amp; more</p>"),
        post(5, status="future", original_url="https://paper.example/a", sticky=True),
        post(6, state="draft", status="publish"),
    ]
    data, report = run(items, tmp_path)
    posts = {p["comment_id"]: p for p in data["posts"]}
    assert posts["1"]["visibility"] == "members"
    assert report.comments_excluded == {NO_COMMENTS: 2}
    assert report.counts["comment replies (threads) not importable"] == 1
    assert report.items_excluded == {
        "product (ghost has posts and pages only)": 1,
        "trash excluded": 1,
    }
    assert len(posts["4"]["title"]) == 255
    assert posts["4"]["custom_excerpt"] == "An excerpt & more"
    assert posts["5"]["canonical_url"] == "https://paper.example/a"
    assert posts["5"]["status"] == "published" and posts["5"]["featured"] is True
    assert posts["6"]["status"] == "draft"  # the status policy's state wins
    codes = sorted(d.code for d in report.diagnostics)
    assert codes == ["WXR422", "WXR424"]
    assert balanced(report)


def test_feature_image_from_the_index(tmp_path: Path) -> None:
    photo = Item(id=9, type="attachment", attachment_url="https://example.org/up/photo.jpg")
    index = Index([e for e in (entry_of(photo),) if e is not None])
    items = [
        post(1, meta=(Meta(key="_thumbnail_id", value="9"),)),
        post(2, meta=(Meta(key="_thumbnail_id", value="404"),)),
    ]
    data, report = run(items, tmp_path, index=index)
    assert data["posts"][0]["feature_image"] == "https://example.org/up/photo.jpg"
    assert "feature_image" not in data["posts"][1]
    assert [d.code for d in report.diagnostics] == ["WXR502"]


def test_dates_are_utc_from_the_gmt_fields(tmp_path: Path) -> None:
    items = [
        post(1, date=datetime(2024, 1, 1, 12), date_gmt=datetime(2024, 1, 1, 11)),
        post(2, status="draft", date=datetime(2024, 2, 1, 9)),  # never published: no GMT
    ]
    data, _ = run(items, tmp_path)
    first, second = data["posts"]
    assert first["published_at"] == first["created_at"] == "2024-01-01T11:00:00.000Z"
    assert second["created_at"] == "2024-02-01T09:00:00.000Z"
    assert "published_at" not in second


# -- the corpus -------------------------------------------------------------------------


@pytest.mark.parametrize("name", file_params(corpus_files()))
def test_corpus_output_matches_the_schema(name: str, tmp_path: Path) -> None:
    # Raw items (no transforms, no index): the odd values of real exports, quickly.
    path = corpus_path(name)
    try:
        with read(str(path)) as export:
            for _ in export:
                pass
    except InputError as e:
        pytest.skip(f"not strict-readable: {e}")
    out = tmp_path / "ghost.json"
    report = convert(str(path), "ghost", str(out), Options(raw=True))
    check(out)
    assert balanced(report)


def test_default_pipeline_gives_canonical_urls_and_rewritten_links(tmp_path: Path) -> None:
    out = tmp_path / "ghost.json"
    report = convert(str(SAMPLE), "ghost", str(out), Options())
    posts = {p["comment_id"]: p for p in check(out)["posts"]}
    assert posts["401"]["canonical_url"] == (
        "https://multilingual-journal.example.com/2010/09/why-i-blog-in-two-languages/"
    )
    assert 'href="/conferences/"' in posts["2"]["html"]  # Ghost's page, not /a-propos/…
    assert balanced(report)


def test_an_untitled_post_gets_ghosts_title(tmp_path: Path) -> None:
    # Ghost 6.65 refused a whole import (cedricporter's blog, 307 posts) for one post
    # whose title was "": "Value in [posts.title] cannot be blank". "(Untitled)" is the
    # title Ghost itself gives a post without one.
    data, report = run([post(1, title=""), post(2, title="  "), post(3, title="Kept")], tmp_path)
    titles = {p["comment_id"]: p["title"] for p in data["posts"]}
    assert titles == {"1": "(Untitled)", "2": "(Untitled)", "3": "Kept"}
    assert report.counts["untitled posts titled (Untitled) (ghost requires a title)"] == 2

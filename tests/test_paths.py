"""Where the Markdown writer puts items: safe, distinct, stable paths and URLs."""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path, PurePosixPath

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wxr_tools.langhomes import path_lang
from wxr_tools.model import Comment, Item
from wxr_tools.writers import FLAVORS
from wxr_tools.writers.files import is_unsafe
from wxr_tools.writers.markdown.allocation import Paths
from wxr_tools.writers.markdown.output import Output
from wxr_tools.writers.markdown.paths import (
    _PLAIN_PATH,
    MAX_SLUG,
    Placement,
    check_inside,
    first_place,
    item_slug,
    make_slug,
    old_paths,
    section_of,
    with_old,
)


def post(
    item_id: int | None = 1, slug: str = "hello", *, lang: str | None = None, **kw: object
) -> Item:
    fields: dict[str, object] = {"type": "post", "status": "publish", "state": "published"}
    fields.update(kw)
    return Item(id=item_id, slug=slug, lang=lang, **fields)  # type: ignore[arg-type]


# -- slugs ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("hello-world", "hello-world"),
        ("%e6%97%a5%e6%9c%ac", "ri-ben"),  # percent-decoded first, then transliterated
        ("caf%C3%A9-cr%C3%A8me", "cafe-creme"),
        ("../../etc/passwd", "etc-passwd"),
        ("/absolute/path", "absolute-path"),
        ("C:\\Windows\\system32", "c-windows-system32"),
        ("CON", "con-item"),
        ("nul", "nul-item"),
        ("lpt1", "lpt1-item"),
        ("...", ""),
        ("", ""),
    ],
)
def test_make_slug(text: str, slug: str) -> None:
    assert make_slug(text) == slug


def test_long_slugs_are_cut_with_a_stable_hash() -> None:
    long_a = "a" * 300
    long_b = "a" * 299 + "b"
    cut_a, cut_b = make_slug(long_a), make_slug(long_b)
    assert len(cut_a) <= MAX_SLUG and len(cut_b) <= MAX_SLUG
    assert cut_a != cut_b
    assert cut_a == make_slug(long_a)  # stable from run to run


def test_slug_fallbacks_title_then_id() -> None:
    assert item_slug(post(slug="")) == ("1", "id")
    assert item_slug(post(slug="", title="Bonjour à tous [fr]")) == ("bonjour-a-tous-fr", "title")
    assert item_slug(post(slug="", url="/2024/01/vingt-ans/", title="x")) == ("vingt-ans", "url")
    assert item_slug(post(item_id=None, slug="")) == ("item", "id")


def test_sections_and_languages() -> None:
    assert section_of("post") == "posts"
    assert section_of("page") == "pages"
    assert section_of("jetpack-portfolio") == "jetpack-portfolio"
    assert section_of("posts") == "type-posts"  # a custom type never takes a built-in section
    assert section_of("../x") == "x"
    assert path_lang("pt_BR") == "pt-br"
    assert path_lang("fr") == "fr"
    assert path_lang("../fr") is None
    assert path_lang("") is None


@pytest.mark.parametrize("path", ["../x.md", "/etc/x", "a/../b", "a//b", "con.md", "a\\b", "a/./b"])
def test_check_inside_refuses(path: str) -> None:
    with pytest.raises(ValueError, match="outside the output directory"):
        check_inside(path)


PATH_PIECES = st.sampled_from(
    ["/", ".", "..", "-", "_", "a", "z", "0", "9", "con", "lpt1", "com", "nul", "A", "é", "\\"]
)


@given(st.lists(PATH_PIECES, max_size=10), st.integers(0, 300))
def test_check_inside_s_shortcut_is_is_unsafe(pieces: list[str], long: int) -> None:
    """The one-match shortcut accepts only what ``is_unsafe`` accepts, and the two
    together refuse exactly what it refuses."""
    path = "".join(pieces) + ("x" * long if long > 250 else "")
    if _PLAIN_PATH.fullmatch(path):
        assert not is_unsafe(path)
    refused = False
    try:
        check_inside(path)
    except ValueError:
        refused = True
    assert refused == is_unsafe(path)


# -- placements per flavor --------------------------------------------------------------


@pytest.mark.parametrize(
    ("flavor", "item", "path", "url"),
    [
        ("hugo", post(slug="x"), "content/posts/x/index.md", "/posts/x/"),
        ("hugo", post(slug="x", lang="en"), "content/posts/x/index.en.md", "/en/posts/x/"),
        ("hugo", post(slug="x", lang="fr"), "content/posts/x/index.fr.md", "/posts/x/"),
        ("hugo", post(slug="a", type="page"), "content/pages/a/index.md", "/a/"),
        ("hugo", post(slug="w", type="portfolio"), "content/portfolio/w/index.md", "/portfolio/w/"),
        ("hugo", post(slug="x", url="/2024/01/x/"), "content/posts/x/index.md", "/2024/01/x/"),
        ("jekyll", post(slug="x"), "_posts/1970-01-01-x.md", "/1970/01/01/x/"),
        ("jekyll", post(slug="x", state="draft"), "_drafts/x.md", "/1970/01/01/x/"),
        ("jekyll", post(slug="a", type="page", lang="en"), "_pages/en/a.md", "/en/a/"),
        ("jekyll", post(slug="w", type="portfolio"), "_portfolio/w.md", "/portfolio/w/"),
        ("eleventy", post(slug="x", lang="en"), "content/en/posts/x.md", "/en/posts/x/"),
        ("astro", post(slug="x", lang="en"), "src/content/posts/en/x.md", "/en/posts/x/"),
    ],
)
def test_placement(flavor: str, item: Item, path: str, url: str) -> None:
    placement = Paths(flavor, "fr").allocate(item)
    assert (placement.path, placement.url) == (path, url)
    # Where workers render an item before it is placed: the place it gets when nothing
    # stands in its way.
    assert first_place(item, flavor, "fr", item_slug(item)[0]) == placement


def test_jekyll_posts_are_dated_by_their_local_date() -> None:
    from datetime import datetime

    item = post(slug="x", date=datetime(2010, 3, 15, 23, 30))
    placement = Paths("jekyll", "fr").allocate(item)
    assert placement.path == "_posts/2010-03-15-x.md"
    assert placement.url == "/2010/03/15/x/"


# -- clashes -----------------------------------------------------------------------------


def test_duplicates_get_distinct_stable_paths_in_export_order() -> None:
    paths = Paths("hugo", "fr")
    first = paths.allocate(post(1, "same"))
    second = paths.allocate(post(2, "same"))
    third = paths.allocate(post(3, "same"))
    assert [p.path for p in (first, second, third)] == [
        "content/posts/same/index.md",
        "content/posts/same-2/index.md",
        "content/posts/same-3/index.md",
    ]
    assert [(ref.id, owner) for ref, owner, _, _ in paths.clashes] == [(2, 1), (3, 1)]
    # Workers render at the first place: the writer renders the renamed ones again.
    again = first_place(post(2, "same"), "hugo", "fr", "same")
    assert (again.path, again.url) == (first.path, first.url) != (second.path, second.url)


def test_many_items_sharing_a_slug_cost_look_ups_in_proportion() -> None:
    paths = Paths("hugo", "fr")
    asked = 0
    taken = paths._taken

    def counted(placement: object) -> bool:
        nonlocal asked
        asked += 1
        return taken(placement)  # type: ignore[arg-type]

    paths._taken = counted  # type: ignore[method-assign]
    own = paths.allocate(post(0, "same-3"))  # an item whose own slug is a suffix's
    placed = [paths.allocate(post(i, "same")) for i in range(1, 301)]
    other = paths.allocate(post(301, "same", lang="en"))  # another language: its own place
    slugs = [p.slug for p in placed]
    # As looking from -2 each time gives: the first free suffix, -3 being taken.
    assert slugs[:4] == ["same", "same-2", "same-4", "same-5"] and slugs[-1] == "same-301"
    assert len(set(slugs)) == 300 and own.slug == "same-3" and other.slug == "same"
    assert asked < 3 * 302  # looking from -2 each time: some 45,000


def test_hugo_index_md_is_the_default_language_page() -> None:
    paths = Paths("hugo", "fr")
    paths.allocate(post(1, "x"))  # index.md: French, the default language
    assert paths.allocate(post(2, "x", lang="fr")).path == "content/posts/x-2/index.fr.md"
    # Another language of the same slug is a translation in the same bundle, not a clash.
    assert paths.allocate(post(3, "x", lang="en")).path == "content/posts/x/index.en.md"


def test_shared_url_is_renamed_too() -> None:
    paths = Paths("eleventy", "fr")
    paths.allocate(post(1, "a", url="/2024/01/same/"))
    renamed = paths.allocate(post(2, "b", url="/2024/01/same/"))
    assert renamed.url == "/2024/01/same-2/"
    assert renamed.path == "content/posts/b-2.md"


def test_repeated_ids_get_distinct_comment_files() -> None:
    from wxr_tools.model import Comment

    paths = Paths("hugo", "fr")
    comments = (Comment(id=1, parent=0),)
    a = paths.allocate(post(7, "x", lang="fr", comments=comments))
    b = paths.allocate(post(7, "x", lang="en", comments=comments))
    assert (a.comments_key, b.comments_key) == ("7", "7-2")


# -- old URLs ----------------------------------------------------------------------------


def test_old_paths_for_aliases() -> None:
    item = post(
        old_urls=(
            "https://old.example/archives/2010/03/15/caf%C3%A9/",
            "https://old.example/?p=12",
            "https://old.example/",
            "https://old.example/new/",
            "https://old.example/archives/2010/03/15/caf%C3%A9/",
        )
    )
    assert old_paths(item, "/new/") == ["/archives/2010/03/15/café/"]
    assert old_paths(post(link="https://old.example/a/b/"), "/x/") == ["/a/b/"]


def placed_both_ways(
    item: Item, flavor: str, alone: Paths, given: Paths
) -> tuple[Placement, Placement, Placement]:
    """``item`` placed bare in ``alone``, and in ``given`` from the candidate a worker
    would send (``first_place`` with its old paths); and that candidate."""
    slugged = item_slug(item)
    candidate = with_old(first_place(item, flavor, "fr", slugged[0]), item, flavor)
    reused = given.allocate(item, slugged=slugged, candidate=candidate)
    return alone.allocate(item), reused, candidate


@pytest.mark.parametrize("flavor", ["hugo", "jekyll", "eleventy"])
def test_placements_carry_the_old_paths_at_their_url(flavor: str) -> None:
    """``Placement.old`` (which rendering writes as aliases, and placing reuses from a
    worker's candidate) is ``old_paths`` at the placement's own URL, renamed or not;
    a candidate at another URL (its place was taken) is not reused."""
    old_urls = ("https://old.example/a/../b/", "https://old.example/same/", "/x//y/")
    items = [post(n, "same", old_urls=old_urls, url="/same/") for n in (1, 2)]
    paths, again = Paths(flavor, "fr"), Paths(flavor, "fr")
    for item in items:
        placed, reused, candidate = placed_both_ways(item, flavor, paths, again)
        dotted: list[str] = []
        expected = old_paths(item, placed.url, flavor == "jekyll", dotted)
        assert placed == reused and placed.old == reused.old == tuple(expected)
        assert placed.dotted == reused.dotted == tuple(dotted) != ()
    assert placed.url != candidate.url and "/same/" in (placed.old or ())
    assert paths.dotted == again.dotted


@pytest.mark.parametrize("flavor", FLAVORS)
def test_a_workers_candidate_places_as_the_item_alone_does(flavor: str) -> None:
    """``allocate`` with a worker's candidate (``first_place``, ``with_old``) starts from
    it instead of working the place out again: every placement, clash, slug source and
    shared alias is what placing the bare item gives, clashes and renames included."""
    comments = (Comment(id=1, parent=0),)
    items = [
        post(1, "same"),
        post(2, "same"),  # clashes: same-2
        post(3, "same-2"),  # its own slug was taken by the rename: same-2-2
        post(4, "same", lang="en"),  # another language: a place of its own
        post(5, "same", url="/same/"),  # the URL of the first: renamed with -2
        post(6, "same", url="/same/", state="draft"),
        post(7, "", title="From a title", comments=comments),
        post(7, "repeat", comments=comments),  # a repeated id: comments key 7-2
        post(8, "about", type="page", old_urls=("https://old.example/same/",)),
        post(9, "about", type="page", lang="fr", old_urls=("https://old.example/same/",)),
        post(10, "x", type="portfolio", url="/a/../b/", date=datetime(2020, 1, 2)),
        post(None, "no-id", old_urls=("https://old.example/about/", "/p/./q/")),
        post(11, "%E6%97%A5", url="/%e6%97%a5/", link="https://old.example/%E6%97%A5/"),
    ]
    alone, given_ = Paths(flavor, "fr"), Paths(flavor, "fr")
    for item in items:
        placed, reused, _ = placed_both_ways(item, flavor, alone, given_)
        assert (placed, placed.old, placed.dotted) == (reused, reused.old, reused.dotted)
    assert alone.clashes == given_.clashes != []
    assert alone.slug_sources == given_.slug_sources != []
    assert alone.dotted == given_.dotted
    assert alone.aliases.shared == given_.aliases.shared


def test_a_placement_compares_hashes_and_pickles_by_its_compared_fields() -> None:
    """Placements are not frozen (setting a frozen dataclass's fields cost four times
    making it), but hash as a frozen one did: by the compared fields, not ``old`` nor
    ``dotted`` (which follow from the rest)."""
    import pickle
    from dataclasses import astuple, replace

    item = post(3, "x", old_urls=("https://old.example/a/",), url="/x/")
    placed = with_old(first_place(item, "hugo", "fr", "x"), item, "hugo")
    bare = replace(placed, old=None, dotted=())
    assert placed == bare and hash(placed) == hash(bare)
    assert hash(placed) == hash(
        tuple(
            getattr(placed, f) for f in Placement.__dataclass_fields__ if f not in ("old", "dotted")
        )
    )
    assert placed != replace(placed, hidden_aliases=("/a/",))
    again = pickle.loads(pickle.dumps(placed))
    assert again == placed and astuple(again) == astuple(placed)
    assert {placed: 1}[again] == 1


def test_a_rendered_item_compares_hashes_and_pickles_as_a_frozen_one_did() -> None:
    """``Rendered`` goes from a worker with the placement, not frozen either."""
    import pickle

    from wxr_tools.writers.markdown.document import Rendered

    rendered = Rendered(b"---\ntitle: x\n---\n", b"[]", 2, ("parent missing",))
    again = pickle.loads(pickle.dumps(rendered))
    assert again == rendered and hash(again) == hash(rendered)
    assert hash(rendered) == hash((b"---\ntitle: x\n---\n", b"[]", 2, ("parent missing",)))
    assert rendered != Rendered(b"", None, 0)


def test_an_encoded_page_url_hides_the_alias_in_either_order() -> None:
    """WordPress keeps non-ASCII slugs encoded (lower-case escapes); aliases are decoded."""
    page = post(1, "tiao", type="page", url="https://example.org/%e8%b0%83/")
    with Paths("hugo", "en") as paths:
        paths.allocate(page)
        for n, link in enumerate(("/%E8%B0%83/", "/调", "/%e8%b0%83/"), start=2):
            placed = paths.allocate(post(n, f"other-{n}", link=f"https://example.org{link}"))
            assert placed.hidden_aliases == (
                link.replace("%E8%B0%83", "调").replace("%e8%b0%83", "调"),
            )
    with Paths("hugo", "en") as paths:
        paths.allocate(post(2, "other", link="https://example.org/%E8%B0%83/"))
        paths.allocate(page)
        assert [(p.item_id, p.alias) for p in paths.aliases.later_pages] == [(2, "/调/")]


# -- the property: nothing an export says can escape ---------------------------------------

_hostile = st.one_of(
    st.text(max_size=300),
    st.sampled_from(
        ["..", "../..", "/etc/passwd", "..\\..\\x", "CON", "nul.txt", "%2e%2e%2f", "~", ".x"]
    ),
    st.text(alphabet="./\\%:~ \x00CONUL2e5c", max_size=40),
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    slug=_hostile,
    title=_hostile,
    item_type=_hostile,
    lang=st.one_of(st.none(), _hostile),
    url=st.one_of(st.none(), _hostile),
    flavor=st.sampled_from(FLAVORS),
    item_id=st.one_of(st.none(), st.integers(min_value=-(2**63), max_value=2**63)),
)
def test_no_slug_escapes_the_output_directory(
    slug: str,
    title: str,
    item_type: str,
    lang: str | None,
    url: str | None,
    flavor: str,
    item_id: int | None,
) -> None:
    item = Item(
        id=item_id,
        type=item_type or "post",
        slug=slug,
        title=title,
        lang=lang,
        url=url,
        state="published",
    )
    placement = Paths(flavor, "en").allocate(item)
    root = PurePosixPath("/out")
    target = PurePosixPath(os.path.normpath(root / placement.path))
    assert target.is_relative_to(root) and target != root
    assert ".." not in PurePosixPath(placement.path).parts
    for part in PurePosixPath(placement.path).parts:
        assert len(part.encode("utf-8")) <= 255
        assert part.split(".")[0].lower() not in {"con", "prn", "aux", "nul"}
    assert placement.url.startswith("/")


def test_output_refuses_paths_outside(tmp_path: Path) -> None:
    output = Output(str(tmp_path / "site"))
    with pytest.raises(ValueError):
        output.write("../escaped.md", b"x")
    assert not (tmp_path / "escaped.md").exists()

"""Shared reading helpers for the ``test_expect_*.py`` modules.

Those modules check what other projects' test suites assert about the corpus files,
on our reader. Each test mirrors one upstream test (named after it) or one parse-level
fact from ``EXPECTATIONS.md`` in the corpus; the section is given in each group's
comment. Upstream's parser arrays map onto our model as follows:

* ``post_id``/``post_type``/``status``/``post_name``/``post_author`` are ``Item.id``,
  ``type``, ``status``, ``slug``, ``author``; ``postmeta`` is ``Item.meta``; a
  term ``{name, slug, domain}`` is a ``TermRef(taxonomy=domain, slug, name)``;
* WXR 1.0's ``domain="tag"`` is read as ``post_tag`` (the model's documented
  choice), where upstream keeps ``tag``;
* upstream's ``authors`` are the declared ones (``not Author.derived``): authors
  the reader derives from ``dc:creator`` for WXR 1.0 files are not declared.

Import-level assertions (WordPress database state) are turned into the parse-level
check their note describes, or left out with a comment saying why.

Test modules import this as ``from expect_helpers import ...``, the same way they
import ``corpus_helpers``.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, fields, is_dataclass
from functools import cache
from typing import Any
from urllib.parse import urlsplit

import phpserialize
import pytest
from corpus_helpers import corpus_path

import wxr_tools
from wxr_tools import Author, InputError, Item, Site, Term

WPI = "fixtures/WordPress__wordpress-importer__"
PTK = "fixtures/WordPress__php-toolkit__"
SHRUG = "¯\\_(ツ)_/¯"
SHRUG_META = [("string", SHRUG), ("array", 'a:1:{s:3:"key";s:13:"¯\\_(ツ)_/¯";}')]
NIKOLA = "fixtures/getnikola__nikola__"


# -- reading --------------------------------------------------------------------------


@dataclass(frozen=True)
class Parsed:
    """Everything one read of an export gives, items included."""

    site: Site
    authors: tuple[Author, ...]
    terms: tuple[Term, ...]
    items: tuple[Item, ...]
    diagnostics: tuple[wxr_tools.Diagnostic, ...]

    @property
    def declared(self) -> list[Author]:
        return [a for a in self.authors if not a.derived]

    def by_taxonomy(self, taxonomy: str) -> list[Term]:
        return [t for t in self.terms if t.taxonomy == taxonomy]

    def titled(self, title: str) -> Item:
        found = [i for i in self.items if i.title == title]
        assert len(found) == 1, f"{len(found)} items titled {title!r}"
        return found[0]

    def slugged(self, slug: str) -> Item:
        found = [i for i in self.items if i.slug == slug]
        assert len(found) == 1, f"{len(found)} items with slug {slug!r}"
        return found[0]

    def codes(self) -> set[str]:
        return {d.code for d in self.diagnostics}


def _read(source: Any, recover: bool) -> Parsed:
    with wxr_tools.read(source, recover=recover) as export:
        items = tuple(export)  # terms written after the items are known only now
        return Parsed(
            export.site,
            tuple(export.authors),
            tuple(export.terms),
            items,
            tuple(export.diagnostics),
        )


@cache
def _load(name: str, recover: bool) -> Parsed:
    return _read(str(corpus_path(name)), recover)


def load(name: str, *, recover: bool = False) -> Parsed:
    return _load(name, recover)


def strict_failure(name: str) -> InputError:
    """Read a file strictly to its end; return the InputError that must stop it."""
    with pytest.raises(InputError) as raised:  # read() or the iteration raises
        _read(str(corpus_path(name)), recover=False)
    return raised.value


class Trickle:
    """A binary stream that hands out at most ``step`` bytes per read, like
    php-toolkit's ``_as_stream`` test (100 bytes at a time)."""

    def __init__(self, data: bytes, step: int = 100) -> None:
        self.data, self.step, self.pos, self.name = data, step, 0, "<trickle>"

    def peek(self, size: int = 1) -> bytes:
        return self.data[self.pos : self.pos + max(size, 1)]

    def read(self, size: int = -1) -> bytes:
        size = self.step if size is None or size < 0 else min(size, self.step)
        chunk = self.data[self.pos : self.pos + size]
        self.pos += len(chunk)
        return chunk

    def close(self) -> None:
        pass


def plain(value: Any, drop: tuple[str, ...] = ("line",)) -> Any:
    """A record as nested dicts and lists, without the fields in ``drop``."""
    if is_dataclass(value) and not isinstance(value, type):
        return {
            f.name: plain(getattr(value, f.name), drop) for f in fields(value) if f.name not in drop
        }
    if isinstance(value, (list, tuple)):
        return [plain(v, drop) for v in value]
    if isinstance(value, dict):
        return {k: plain(v, drop) for k, v in value.items()}
    return value


def terms_of(item: Item) -> list[tuple[str, str, str]]:
    """Upstream's ``[{name, slug, domain}]``."""
    return [(t.name, t.slug, t.taxonomy) for t in item.terms]


def meta_of(record: Any) -> list[tuple[str, str]]:
    return [(m.key, m.value) for m in record.meta]


def meta_value(record: Any, key: str) -> str:
    """The one meta row ``key`` of an item, term or comment."""
    values = [m.value for m in record.meta if m.key == key]
    assert len(values) == 1, f"{len(values)} meta rows {key!r} on {record!r:.80}"
    return values[0]


def unserialize(value: str) -> Any:
    """PHP unserialize: on UTF-8 bytes, so every ``s:N`` must be a byte count (R9)."""
    return phpserialize.loads(
        value.encode("utf-8"), object_hook=phpserialize.phpobject, decode_strings=True
    )


def record_size(item: Item) -> int:
    """``count($post)`` in upstream's parser: 17 keys always, 4 more only when non-empty (R7)."""
    optional = (item.attachment_url, item.terms, item.meta, item.comments)
    return 17 + sum(1 for value in optional if value)


def has_channel_element(name: str, local: str) -> bool:
    """Whether the channel has ``<prefix:local>``, from the bytes (see the R10 test)."""
    data = corpus_path(name).read_bytes()
    return re.search(rb"<(?:[\w.-]+:)?" + local.encode() + rb"[\s>]", data) is not None


def entities(name: str, parsed: Parsed) -> int:
    """R10: channel options present + authors + terms + items + metas + comments."""
    # blogname and siteurl are visible in the model. ``home`` (wp:base_blog_url) is not:
    # the model falls back to base_site_url when it is absent (R6), so its presence is
    # taken from the file.
    options = bool(parsed.site.title) + bool(parsed.site.base_site_url)
    options += has_channel_element(name, "base_blog_url")
    total = options + len(parsed.declared) + len(parsed.terms) + len(parsed.items)
    for item in parsed.items:
        total += len(item.meta) + len(item.comments)
        total += sum(len(c.meta) for c in item.comments)
    return total


def link_path(item: Item) -> str:
    return urlsplit(item.link).path


# -- values shared by §1a and §2 (wordpress-importer's and php-toolkit's crazy-cdata) -----

CRAZY_CONTENT = "Content with nested <![CDATA[ tags ]]> :)"
CRAZY_META = [
    ("Plain string", "Foo"),
    ("Closing CDATA", "]]>"),
    ("Alot of CDATA", "This has <![CDATA[ opening and ]]> closing <![CDATA[ tags like this: ]]>"),
]


# -- §1c _small_import_assertions, shared with §3 (humanmade PR #119) ------------------

SMALL_EXPORT_ORDER = [  # upstream lists the posts from the LAST item of the file to the first
    ("Many Categories", "many-categories", "post", "publish"),
    ("Non-standard post format", "non-standard-post-format", "post", "publish"),
    ("Top-level Foo", "top-level-foo", "post", "publish"),
    ("Foo-child", "foo-child", "post", "publish"),
    ("Private Post", "private-post", "post", "private"),
    ("1-col page", "1-col-page", "page", "publish"),
    ("Draft Page", "", "page", "draft"),
    ("Parent Page", "parent-page", "page", "publish"),
    ("Child Page", "child-page", "page", "publish"),
    ("Sample Page", "sample-page", "page", "publish"),
    ("Hello world!", "hello-world", "post", "publish"),
]


def assert_small_import(parsed: Parsed, *, parent_and_format: bool = True) -> None:
    """``_small_import_assertions``, at parse level."""
    authors = {a.login: a for a in parsed.declared}
    assert sorted(authors) == ["admin", "author", "editor"]
    assert authors["admin"].email == "local@host.null"
    editor = authors["editor"]
    assert (editor.email, editor.first_name, editor.last_name) == (
        "editor@example.org",
        "FirstName",
        "LastName",
    )
    assert authors["author"].email == "author@example.org"
    categories = {t.slug: t for t in parsed.by_taxonomy("category")}
    assert len(parsed.by_taxonomy("category")) == len(categories) == 30
    assert len(parsed.by_taxonomy("post_tag")) == 3
    assert categories["foo"].parent == ""
    if parent_and_format:
        assert categories["foo-bar"].parent == "bar"  # a slug, not an id
    assert [t.slug for t in categories.values() if t.name == "Foo"] == ["foo", "foo-bar"]
    statuses = Counter((i.type, i.status) for i in parsed.items)
    assert statuses == {
        ("post", "publish"): 5,
        ("post", "private"): 1,
        ("page", "publish"): 4,
        ("page", "draft"): 1,
    }
    assert sum(len(i.comments) for i in parsed.items) == 1
    last_first = list(reversed(parsed.items))
    assert [(i.title, i.slug, i.type, i.status) for i in last_first] == SMALL_EXPORT_ORDER
    many, aside, top_foo, foo_child, private, one_col, draft, parent, child, sample, hello = (
        last_first
    )
    assert many.author == "admin"
    assert len([t for t in many.terms if t.taxonomy == "category"]) == 27
    assert len([t for t in aside.terms if t.taxonomy == "category"]) == 1
    if parent_and_format:
        assert ("post_format", "post-format-aside") in {(t.taxonomy, t.slug) for t in aside.terms}
    assert [t.slug for t in top_foo.terms if t.taxonomy == "category"] == ["foo"]
    assert foo_child.author == "editor"
    assert [t.slug for t in foo_child.terms if t.taxonomy == "category"] == ["foo-bar"]
    assert len([t for t in private.terms if t.taxonomy == "category"]) == 1
    assert [t.slug for t in private.terms if t.taxonomy == "post_tag"] == ["tag1", "tag2", "tag3"]
    assert meta_value(one_col, "_wp_page_template") == "onecolumn-page.php"
    for page in (draft, parent, sample):
        assert meta_value(page, "_wp_page_template") == "default"
    # The child comes before its parent in the file: a forward reference.
    assert child.parent == parent.id
    assert parsed.items.index(child) < parsed.items.index(parent)
    assert hello.author == "author"
    assert len([t for t in hello.terms if t.taxonomy == "category"]) == 1

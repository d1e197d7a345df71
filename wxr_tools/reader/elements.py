"""Turn parsed WXR elements into model records.

Namespaces are matched by URI, never by prefix: ``wp:`` bound to anything but a
``wordpress.org/export/N.N/`` URI is an unknown element (kept in ``extra``), and
any prefix bound to the right URI works. The classification of each distinct tag
is computed once and cached, so the per-element cost is one dict lookup.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime

from lxml import etree

from wxr_tools.diagnostics import Diagnostic, shown
from wxr_tools.digits import LARGEST
from wxr_tools.model import Comment, Extra, Item, Meta, TermRef
from wxr_tools.reader.records import record_defaults, record_fields, record_maker

WP_NS = re.compile(r"^https?://wordpress\.org/export/(\d+\.\d+)/$")
EXCERPT_NS = re.compile(r"^https?://wordpress\.org/export/\d+\.\d+/excerpt/$")
CONTENT_NS = "http://purl.org/rss/1.0/modules/content/"
DC_NS = "http://purl.org/dc/elements/1.1/"

ZERO_DATE = "0000-00-00 00:00:00"

Report = Callable[[Diagnostic], None]


_CLASSIFIED: dict[str, str] = {}


def classify(tag: str) -> str:
    """Name a tag by what it means: ``wp:post_id``, ``content:encoded``, ``title``...

    Unknown namespaces give ``?`` + the tag, which no handler knows.
    """
    name = _CLASSIFIED.get(tag)
    if name is None:
        name = _CLASSIFIED[tag] = _classify(tag)
    return name


def _classify(tag: str) -> str:
    if not tag.startswith("{"):
        return tag
    uri, _, local = tag[1:].partition("}")
    if WP_NS.match(uri):
        return "wp:" + local
    if EXCERPT_NS.match(uri):
        return "excerpt:" + local
    if uri == CONTENT_NS:
        return "content:" + local
    if uri == DC_NS:
        return "dc:" + local
    return "?" + tag


def text_of(el: etree._Element) -> str:
    """The element's text exactly as exported; markup inside it is kept as markup."""
    if len(el) == 0:
        return el.text or ""
    # Unescaped XHTML inside content:encoded (some old exporters): keep it as HTML.
    parts = [el.text or ""]
    for child in el:
        parts.append(etree.tostring(child, encoding="unicode", with_tail=True))
    return "".join(parts)


def unindented(text: str) -> str:
    """``text`` without the blank space at either end that holds a line break: a
    re-indented export's layout around a one-line value. Other blank space stays."""
    start, end = 0, len(text)
    head = len(text) - len(text.lstrip())
    if head and ("\n" in text[:head] or "\r" in text[:head]):
        start = head
    tail = len(text.rstrip())
    if tail < end and ("\n" in text[tail:] or "\r" in text[tail:]):
        end = max(tail, start)
    return text[start:end]


def extra_of(el: etree._Element, line_offset: int = 0) -> Extra:
    tag = el.tag if isinstance(el.tag, str) else "#comment"
    return Extra(
        name=tag,
        text="".join(el.itertext()),
        attrs={str(k): str(v) for k, v in el.attrib.items()},
        xml=etree.tostring(el, encoding="unicode", with_tail=False),
        line=line_of(el, line_offset),
    )


BIG_LINE = 65535


def line_of(el: etree._Element, offset: int) -> int | None:
    line: int | None = el.sourceline
    if line is None:
        return None
    if line > BIG_LINE and el.text:
        # libxml2 keeps an element's line in 16 bits; past 65535 it gives the line of
        # the element's first text instead, counted where that text ends.
        line -= el.text.count("\n")
    return line + offset


# An integer as PHP's (int) reads one whole: ASCII digits, a sign, blank space around.
# int() also takes "1_000" (PHP: 1) and other scripts' digits ("٣", PHP: 0): such a value
# is no number here either, rather than another item's id.
_INTEGER = re.compile(r"[ \t\r\n]*([+-]?)([0-9]+)[ \t\r\n]*")


class FieldReader:
    """Parses ints and dates, reporting bad values instead of raising."""

    def __init__(self, report: Report, path: str) -> None:
        self.report = report
        self.path = path
        self.extra: list[Extra] = []
        self.line_offset = 0
        """Added to every line: a part of a file read on its own starts past line 1."""
        self.term_refs: dict[tuple[str, str, str], TermRef] = {}
        self.short_meta: dict[tuple[str, str], Meta] = {}
        """The term references and short meta of the items read lately, by their values:
        one record for all their copies (see ``SHARED``)."""

    def forget_shared(self) -> None:
        """Empty ``term_refs`` and ``short_meta`` once they hold more than ``SHARED``
        records (an item's own come after: the tables hold at most ``SHARED`` and the
        records of one item)."""
        if len(self.term_refs) + len(self.short_meta) > SHARED:
            self.term_refs.clear()
            self.short_meta.clear()

    def integer(self, el: etree._Element, default: int | None) -> int | None:
        raw = el.text
        if raw is None or not raw.strip():
            return default
        m = _INTEGER.fullmatch(raw)
        if m is None:
            self._bad(el, "WXR110", f"{classify(str(el.tag))} is not an integer: {shown(raw)}")
            return default
        digits = m[2].lstrip("0") or "0"
        if len(digits) > 19 or int(digits) > LARGEST:  # no id: PHP and SQLite stop there
            self._bad(el, "WXR110", f"{classify(str(el.tag))} is out of range: {shown(raw)}")
            return default
        return -int(digits) if m[1] == "-" else int(digits)

    def date(self, el: etree._Element) -> datetime | None:
        raw = (el.text or "").strip()
        if not raw or raw == ZERO_DATE:
            return None
        try:
            return _naive(datetime.fromisoformat(raw))
        except ValueError:
            self._bad(el, "WXR108", f"{classify(str(el.tag))} is not a date: {shown(raw)}")
            return None

    def _bad(self, el: etree._Element, code: str, message: str) -> None:
        self.extra.append(extra_of(el, self.line_offset))
        line = line_of(el, self.line_offset)
        self.report(Diagnostic(code=code, message=message, path=self.path, line=line))


# Most of an export's term references and much of its meta repeat from item to item
# (the same categories and tags, ``_edit_last`` = 1, a template's name): the reader makes
# one record for the copies among the items read lately. Records are frozen, so a shared
# one is as good as a copy, and the spool (``itemspool``) pickles it once a batch: pickle
# writes an object it has met as a reference to it, and unpickling makes it once too
# (the 1,000-post conversion to Hugo in one process, callgrind: 6.297 -> 6.251 G).
# Bounded: at most SHARED records and those of one item, of meta and terms whose values
# hold SHARED_VALUE characters at most.
SHARED = 512
SHARED_VALUE = 100
_BLANK = " \t\r\n"
_META_PARTS: dict[object, int] = {}
"""Tag -> 1 (the key), 2 (the value) or 0: meta is about a third of an export's elements."""


def read_meta(el: etree._Element, shared: dict[tuple[str, str], Meta] | None = None) -> Meta:
    """A meta row; with ``shared`` (``FieldReader.short_meta``), a record equal to it read
    lately if there is one."""
    key = value = ""
    parts = _META_PARTS
    for child in el[:]:  # as ``for child in el``: see the note before read_comment
        tag = child.tag
        part = parts.get(tag)
        if part is None:
            name = classify(tag) if isinstance(tag, str) else ""
            part = parts[tag] = {"wp:meta_key": 1, "wp:meta_value": 2}.get(name, 0)
        if part:
            text = text_of(child) if len(child) else (child.text or "")
            if part == 1:
                key = text.strip()  # a name: blank space around it is layout
            elif text and (text[0] in _BLANK or text[-1] in _BLANK):
                value = unindented(text)  # a re-indented export's layout
            else:
                value = text
    if shared is None or len(key) + len(value) > SHARED_VALUE:
        return _make_meta((key, value))  # half the time of Meta(key=..., value=...)
    pair = (key, value)
    found = shared.get(pair)
    if found is None:
        found = shared[pair] = _make_meta(pair)
    return found


_make_meta = record_maker(Meta)


# What each child of a comment or an item is: (kind, model field). The table is
# keyed by meaning; ``_spec`` caches it by Clark tag, so that reading a child costs
# one dict lookup (this loop runs for every element of a 500 MB export).
TEXT, KEY, INT, DATE, META, COMMENT, CATEGORY, STICKY, DESCRIPTION, SKIP, LINE, SECRET = range(12)
Spec = tuple[int, str]

_COMMENT_SPECS: dict[str, Spec] = {
    "wp:comment_id": (INT, "id"),
    "wp:comment_author": (LINE, "author"),
    "wp:comment_author_email": (KEY, "author_email"),
    "wp:comment_author_url": (KEY, "author_url"),
    "wp:comment_author_IP": (KEY, "author_ip"),
    "wp:comment_date": (DATE, "date"),
    "wp:comment_date_gmt": (DATE, "date_gmt"),
    "wp:comment_content": (TEXT, "content"),
    "wp:comment_approved": (KEY, "approved"),
    "wp:comment_type": (KEY, "type"),
    "wp:comment_parent": (INT, "parent"),
    "wp:comment_user_id": (INT, "user_id"),
    "wp:commentmeta": (META, "meta"),
}

# Identifiers, keywords and URLs (KEY): surrounding blank space is layout, not
# data (hand-edited and re-indented exports wrap every value in it). So it is for
# one-line text (LINE: titles, names), which WordPress trims when it saves it
# (``title_save_pre``, ``pre_comment_author_name``, ``pre_term_name``). A password
# (SECRET) is typed as is, blanks included, but in a one-line field: only blank space
# holding a line break is layout. Content and excerpts stay exact.
_ITEM_SPECS: dict[str, Spec] = {
    "title": (LINE, "title"),
    "link": (KEY, "link"),
    "guid": (KEY, "guid"),
    "pubDate": (TEXT, "pub_date"),
    "dc:creator": (KEY, "author"),
    "description": (DESCRIPTION, ""),
    "content:encoded": (TEXT, "content"),
    "excerpt:encoded": (TEXT, "excerpt"),
    "wp:post_id": (INT, "id"),
    "wp:post_date": (DATE, "date"),
    "wp:post_date_gmt": (DATE, "date_gmt"),
    "wp:post_modified": (DATE, "modified"),
    "wp:post_modified_gmt": (DATE, "modified_gmt"),
    "wp:comment_status": (KEY, "comment_status"),
    "wp:ping_status": (KEY, "ping_status"),
    "wp:post_name": (KEY, "slug"),
    "wp:status": (KEY, "status"),
    "wp:post_parent": (INT, "parent"),
    "wp:menu_order": (INT, "menu_order"),
    "wp:post_type": (KEY, "type"),
    "wp:post_password": (SECRET, "password"),
    "wp:is_sticky": (STICKY, "sticky"),
    "wp:attachment_url": (KEY, "attachment_url"),
    "category": (CATEGORY, ""),
    "wp:postmeta": (META, "meta"),
    "wp:comment": (COMMENT, ""),
}

_UNKNOWN: Spec = (-1, "")
_NOT_NULL = frozenset(("parent", "menu_order", "user_id"))

# Records are built from a list of their field values in field order (``new_record``):
# a frozen dataclass's ``__init__`` sets each of an Item's 40 fields through
# ``object.__setattr__``, which was a tenth of the reader's time. A cached spec holds
# the position of its field in that list.
Learned = tuple[int, str, int]
_ITEM_POSITIONS = {name: i for i, name in enumerate(record_fields(Item))}
_COMMENT_POSITIONS = {name: i for i, name in enumerate(record_fields(Comment))}
_ITEM_DEFAULTS = record_defaults(Item, id=None)
_COMMENT_DEFAULTS = record_defaults(Comment, id=None, parent=0)


def _learn(
    cache: dict[object, Learned], table: dict[str, Spec], positions: dict[str, int], tag: object
) -> Learned:
    kind, key = table.get(classify(tag), _UNKNOWN) if isinstance(tag, str) else _UNKNOWN
    learned = cache[tag] = (kind, key, positions.get(key, -1))
    return learned


_comment_cache: dict[object, Learned] = {}
_item_cache: dict[object, Learned] = {}

# The light read (the index pass) skips what no cross-item table needs: comments are
# most of an export's bytes and of the reader's work; dates, flags and counters that
# no index entry holds are not parsed. Bodies are kept: their language tags say which
# items are split by language (lxml has parsed them anyway). The modified date and the
# menu order are read: a gallery sorts an attachment by them (the item's type comes
# after them in the file, so they are read for every item).
_LIGHT_SKIP = (
    "wp:comment",
    "description",
    "pubDate",
    "wp:post_date_gmt",
    "wp:post_modified_gmt",
    "wp:comment_status",
    "wp:ping_status",
    "wp:post_password",
    "wp:is_sticky",
)
_LIGHT_SPECS = _ITEM_SPECS | {name: (SKIP, "") for name in _LIGHT_SKIP}
_light_cache: dict[object, Learned] = {}
LIGHT_META = frozenset(
    (
        "_wp_attached_file",
        "_thumbnail_id",
        "_wp_old_slug",
        # the language of a link's target (languages and links transforms)
        "bb-post-language",
        "language",
        "_wpml_import_language_code",
        # the translations of an item on another language's site (``langsites``)
        "_wpml_import_translation_group",
        # what a menu entry links to: it follows its target's language (``followers``)
        "_menu_item_type",
        "_menu_item_object_id",
    )
)
_fromisoformat = datetime.fromisoformat


def _naive(value: datetime) -> datetime:
    """WordPress writes naive MySQL times; a hand-made '+0000' suffix is folded to UTC
    so that every date of the model compares with every other."""
    if value.tzinfo is None:
        return value
    return value.astimezone(UTC).replace(tzinfo=None)


# The two loops below are the reader's hot path: the common cases are inlined, the
# rare ones (empty or bad values) go through FieldReader, which reports them. An INT's
# text is most often "0" (parents, user ids, menu orders, the sticky flag): tested
# first, it skips the digit tests and int(), which give 0 for it too.
#
# These loops and ``read_meta`` take an element's children as ``el[:]``: the
# same nodes, in the same order, as ``for child in el`` (elements, XML comments, entity
# references, processing instructions: lxml picks the nodes of both with the same test),
# in a list made in one call, where the iterator is called once per child
# (``getchildren()`` is a little cheaper still, but deprecated). (Reading the
# 1,000-post export, callgrind: these two changes take 1,410 -> 1,392 M instructions;
# tests/test_reader_shortcuts.py.)


def read_comment(el: etree._Element, fields: FieldReader) -> Comment:
    row = list(_COMMENT_DEFAULTS)
    meta: list[Meta] = []
    cache = _comment_cache
    for child in el[:]:  # as ``for child in el``, in one call
        # The kinds are tested most frequent first: a comment has five KEY children.
        tag = child.tag
        kind, key, pos = cache.get(tag) or _learn(cache, _COMMENT_SPECS, _COMMENT_POSITIONS, tag)
        if kind == KEY:
            row[pos] = (child.text or "").strip()
        elif kind == INT:
            text = child.text  # the common cases inlined: "0", then digits.is_number
            if text == "0":
                row[pos] = 0
            elif text is not None and len(text) <= 18 and text.isascii() and text.isdigit():
                row[pos] = int(text)
            else:
                row[pos] = fields.integer(child, 0 if key in _NOT_NULL else None)
        elif kind == DATE:
            try:
                date = _fromisoformat(child.text)
                row[pos] = date if date.tzinfo is None else _naive(date)
            except (TypeError, ValueError):
                row[pos] = fields.date(child)
        elif kind == TEXT:
            row[pos] = text_of(child) if len(child) else (child.text or "")
        elif kind == LINE:
            row[pos] = (text_of(child) if len(child) else (child.text or "")).strip()
        elif kind == META:
            meta.append(read_meta(child, fields.short_meta))
    row[_COMMENT_META] = tuple(meta)
    row[_COMMENT_LINE] = line_of(el, fields.line_offset)
    return _make_comment(row)


_make_comment = record_maker(Comment)
_COMMENT_META = _COMMENT_POSITIONS["meta"]
_COMMENT_LINE = _COMMENT_POSITIONS["line"]


def read_item(el: etree._Element, fields: FieldReader, *, light: bool = False) -> Item:
    """Build an Item from its element; ``light`` leaves out comments, most meta and the
    fields no index needs (``_LIGHT_SKIP``); the texts stay, for their language tags."""
    row = list(_ITEM_DEFAULTS)
    terms: list[TermRef] = []
    bare_categories: list[etree._Element] = []
    meta: list[Meta] = []
    comments: list[Comment] = []
    extra: list[Extra] = []
    fields.extra = []
    cache, table = (_light_cache, _LIGHT_SPECS) if light else (_item_cache, _ITEM_SPECS)
    fields.forget_shared()
    term_refs, short_meta = fields.term_refs, fields.short_meta
    for child in el[:]:  # as ``for child in el``, in one call
        # A later element wins, as in WordPress's own streaming reader. The kinds are
        # tested most frequent first (the light read skips a third of the children).
        tag = child.tag
        kind, key, pos = cache.get(tag) or _learn(cache, table, _ITEM_POSITIONS, tag)
        if kind == KEY:
            row[pos] = (child.text or "").strip()
        elif kind == SKIP:
            continue
        elif kind == DATE:
            try:
                date = _fromisoformat(child.text)
                row[pos] = date if date.tzinfo is None else _naive(date)
            except (TypeError, ValueError):
                row[pos] = fields.date(child)
        elif kind == INT:
            text = child.text  # the common cases inlined: "0", then digits.is_number
            if text == "0":
                row[pos] = 0
            elif text is not None and len(text) <= 18 and text.isascii() and text.isdigit():
                row[pos] = int(text)
            else:
                row[pos] = fields.integer(child, 0 if key in _NOT_NULL else None)
        elif kind == TEXT:
            row[pos] = text_of(child) if len(child) else (child.text or "")
        elif kind == META:
            entry = read_meta(child, short_meta)
            if not light or entry.key in LIGHT_META:
                meta.append(entry)
        elif kind == CATEGORY:
            slug = child.get("nicename")
            if slug is None:
                bare_categories.append(child)
                continue
            taxonomy = child.get("domain") or "category"
            if taxonomy == "tag":  # WXR 1.0
                taxonomy = "post_tag"
            name = text_of(child) if len(child) else (child.text or "")
            values = (taxonomy, slug, name.strip())
            ref = term_refs.get(values)
            if ref is None:
                ref = _make_term_ref(values)
                if len(slug) + len(values[2]) <= SHARED_VALUE:
                    term_refs[values] = ref
            terms.append(ref)
        elif kind == COMMENT:
            comments.append(read_comment(child, fields))
        elif kind == LINE:
            row[pos] = (text_of(child) if len(child) else (child.text or "")).strip()
        elif kind == SECRET:  # most often empty: no text, nothing to unindent
            row[pos] = unindented(text_of(child)) if child.text or len(child) else ""
        elif kind == STICKY:
            text = child.text  # "0" or "1": the INT case's fast paths
            if text == "0":
                row[pos] = False
            elif text is not None and len(text) <= 18 and text.isascii() and text.isdigit():
                row[pos] = int(text) != 0
            else:
                row[pos] = bool(fields.integer(child, 0))
        elif kind == DESCRIPTION and not (child.text or "").strip() and len(child) == 0:
            continue  # always written empty by WordPress
        elif isinstance(tag, str):
            extra.append(extra_of(child, fields.line_offset))
    # WXR 1.0 writes every term twice; the bare copy (no nicename) is a duplicate.
    if bare_categories:
        names = {t.name for t in terms}
        off = fields.line_offset
        extra.extend(extra_of(c, off) for c in bare_categories if text_of(c).strip() not in names)
    extra.extend(fields.extra)
    row[_ITEM_TERMS] = tuple(terms)
    row[_ITEM_META] = tuple(meta)
    row[_ITEM_COMMENTS] = tuple(comments)
    row[_ITEM_EXTRA] = tuple(extra)
    row[_ITEM_LINE] = line_of(el, fields.line_offset)
    return _make_item(row)


_make_item = record_maker(Item)
_make_term_ref = record_maker(TermRef)
_ITEM_TERMS = _ITEM_POSITIONS["terms"]
_ITEM_META = _ITEM_POSITIONS["meta"]
_ITEM_COMMENTS = _ITEM_POSITIONS["comments"]
_ITEM_EXTRA = _ITEM_POSITIONS["extra"]
_ITEM_LINE = _ITEM_POSITIONS["line"]

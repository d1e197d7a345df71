"""Comment markup a commenter could not have posted, removed with nh3 (ammonia).

WordPress filtered a visitor's comment with kses when it was saved: only a short list
of inline tags (a link with its address and title, abbreviations, bold and italic,
quotations with their source, code, deletions with their date, struck and strong
text) survived, and links only to the protocols WordPress allows. A stored visitor
comment holding more (a script, an event handler, an iframe, a style attribute, a
``javascript:`` link) was written there by something that bypassed kses: spam injected
into the database, a plugin. The site writers publish comments as HTML, so such markup
would run on the new site. ``VISITOR`` is that list, plus the ``rel="nofollow"`` WordPress
added to links on saving, plus structure that executes, loads and restyles nothing
(paragraphs, lists, tables, headings, ``pre``, ``sub``...): comments brought in by an
importer, which does not filter, hold it, and it is not what makes a comment dangerous.

Registered users with ``unfiltered_html`` (administrators, editors) could post any
markup; the export does not say who had it, so every comment with a ``user_id`` gets
``TRUSTED``: their markup is kept but what executes is removed: script, style (its rules
would apply to the whole new page), applets, elements that change the page around the
comment (base, meta, link, frames), SVG and MathML (they can hold script), event-handler
attributes, ``srcdoc``, and ``javascript:``, ``vbscript:`` and ``data:`` addresses (but a
raster image's ``data:`` source).

A comment with nothing to remove is kept byte for byte: nh3 writes its own serialization
(entities, quotes), so its output is used only when it removed something. Whether it did
is decided twice: a scan with the standard library's parser names what the policy refuses
(and gives the count), and nh3's output is compared with nh3's output under a policy that
keeps every element, attribute and scheme in play (a piece that only nh3's parser sees).
The text of a removed element stays, but for script and style, whose text is code.

Markup nested deeper than a browser builds (``MAX_DEPTH``) is not handed to nh3, whose
parser takes time in the square of the depth (seconds for tens of thousands of nested
``<div>``): the comment's every ``<`` is escaped instead, so its markup shows as text,
nothing removed and nothing run. Nobody types such a comment; the caller reports it.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from html.parser import HTMLParser

import nh3

# wp_allowed_protocols(): a link to any other scheme lost its scheme in kses.
WORDPRESS_SCHEMES = frozenset(
    [
        "http",
        "https",
        "ftp",
        "ftps",
        "mailto",
        "news",
        "irc",
        "irc6",
        "ircs",
        "gopher",
        "nntp",
        "feed",
        "telnet",
        "mms",
        "rtsp",
        "sms",
        "svn",
        "tel",
        "fax",
        "xmpp",
        "webcal",
        "urn",
    ]
)
_EXECUTES = frozenset(("javascript", "vbscript", "data"))
# Attributes whose value is an address (WordPress's wp_kses_uri_attributes, plus xlink:href).
_URL_ATTRIBUTES = frozenset(
    [
        "action",
        "archive",
        "background",
        "cite",
        "classid",
        "codebase",
        "data",
        "formaction",
        "href",
        "icon",
        "longdesc",
        "manifest",
        "poster",
        "profile",
        "src",
        "usemap",
        "xmlns",
        "xlink:href",
    ]
)
_RASTER = re.compile(r"data:image/(?:png|gif|jpeg|jpg|webp|avif|bmp);", re.IGNORECASE)
_CODE_CONTENT = frozenset(("script", "style"))
# Elements no comment keeps: they run code, or act on the page around the comment.
_NEVER = frozenset(
    [
        "script",
        "style",
        "applet",
        "base",
        "meta",
        "link",
        "frame",
        "frameset",
        "svg",
        "math",
        "html",
        "head",
        "body",
        "title",
        "noscript",
        "template",
        "xmp",
        "plaintext",
        "noembed",
        "noframes",
    ]
)
_IGNORED_IN_A_FRAGMENT = re.compile(r"<\s*(?:body|html|head|frameset)[\s/>]", re.IGNORECASE)
# Elements nh3 knows of that its own default list leaves out and a trusted author may keep.
_TRUSTED_EXTRA = frozenset(
    # object, embed and param: the Flash players of old posts' comments. No browser runs
    # a plugin any more, and their addresses are checked as an iframe's are.
    [
        "iframe",
        "video",
        "audio",
        "source",
        "track",
        "picture",
        "font",
        "center",
        "object",
        "embed",
        "param",
    ]
)
_PREFIXES = frozenset("abcdefghijklmnopqrstuvwxyz_:")
"""Every attribute name starts with one of these: nh3 keeps an attribute whose name
starts with an allowed prefix, and the trusted policy's filter then refuses by name."""


@dataclass(frozen=True, slots=True)
class Policy:
    tags: frozenset[str]
    attributes: dict[str, frozenset[str]] | None
    """Allowed attributes by element; None: every attribute but what executes."""


_KSES = "a abbr acronym b blockquote cite code del em i q s strike strong"
# Structure and text-level elements that neither run, load nor restyle anything. kses
# refused them too, but a comment imported with WordPress's importer (which does not
# filter) or from another system holds them, and removing them would flatten a list or
# a table into run-on text for no safety gained.
_STRUCTURE = (
    "p br ul ol li dl dt dd pre sub sup ins kbd var tt samp big small u hr address "
    "h1 h2 h3 h4 h5 h6 table caption thead tbody tfoot tr th td"
)
VISITOR = Policy(
    tags=frozenset(f"{_KSES} {_STRUCTURE}".split()),
    attributes={
        # rel: WordPress added rel="nofollow" to a visitor's links when it saved them.
        "a": frozenset(("href", "title", "rel")),
        "abbr": frozenset(("title",)),
        "acronym": frozenset(("title",)),
        "blockquote": frozenset(("cite",)),
        "del": frozenset(("datetime", "cite")),
        "ins": frozenset(("datetime", "cite")),
        "q": frozenset(("cite",)),
        "ol": frozenset(("start", "reversed")),
        "th": frozenset(("colspan", "rowspan")),
        "td": frozenset(("colspan", "rowspan")),
    },
)
TRUSTED = Policy(tags=frozenset((nh3.ALLOWED_TAGS | _TRUSTED_EXTRA) - _NEVER), attributes=None)


def _scheme(value: str) -> str:
    """The scheme of an address as a browser reads it (blanks and controls skipped), or ''."""
    squeezed = "".join(ch for ch in value if ch > " ").lower()
    head, colon, _ = squeezed.partition(":")
    if not colon or not re.fullmatch(r"[a-z][a-z0-9+.-]*", head):
        return ""
    return head


def _refused_attribute(policy: Policy, tag: str, name: str, value: str) -> bool:
    if policy.attributes is not None:
        if name not in policy.attributes.get(tag, frozenset()):
            return True
    elif name.startswith("on") or name in ("srcdoc", "formaction"):
        return True
    if name in _URL_ATTRIBUTES:
        scheme = _scheme(value)
        if scheme == "data" and policy.attributes is None and tag == "img" and name == "src":
            return not _RASTER.match("".join(ch for ch in value if ch > " "))
        if scheme in _EXECUTES or (policy.attributes is not None and scheme):
            return scheme not in WORDPRESS_SCHEMES
    return False


class _Scan(HTMLParser):
    """What ``policy`` refuses in a comment, by name, and every name and scheme in it."""

    def __init__(self, policy: Policy) -> None:
        super().__init__(convert_charrefs=True)
        self.policy = policy
        self.refused: Counter[str] = Counter()
        self.tags: set[str] = set()
        self.schemes: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        if tag not in self.policy.tags:
            self.refused[f"<{tag}>"] += 1
            return
        for name, value in attrs:
            if name in _URL_ATTRIBUTES and value:
                self.schemes.add(_scheme(value))
            if _refused_attribute(self.policy, tag, name, value or ""):
                self.refused[f"{name}="] += 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)


MAX_DEPTH = 512
"""Blink's and WebKit's parsers put an element deeper than this beside its parent."""
# Elements that add no lasting depth: void ones, and those the parser closes when one
# like them (or a block) opens, so that a run of them left open does not nest: a comment
# of many "<p>" or "<li>" never closed is an ordinary one.
_VOID = "area base br col embed hr img input link meta param source track wbr keygen"
_SELF_CLOSING = "p li dt dd option optgroup tr td th thead tbody tfoot rb rt rp rtc a button"
_NO_DEPTH = frozenset(f"{_VOID} {_SELF_CLOSING} form nobr h1 h2 h3 h4 h5 h6".split())
# A comment runs to its "-->" or to the end (as a browser reads one never closed): the
# tags in it are text, and no search for its end goes past the text's end twice.
_DEPTH_TAG = re.compile(r"<!--.*?(?:-->|\Z)|<(/?)([A-Za-z][A-Za-z0-9:-]*)", re.DOTALL)


def depth(html: str) -> int:
    """How deep ``html``'s elements nest: start tags less end tags, at the deepest (the
    tags of ``_NO_DEPTH`` not counted, an end tag with nothing open ignored). One scan."""
    deepest = level = 0
    for m in _DEPTH_TAG.finditer(html):
        name = m.group(2)
        if name is None or name.lower() in _NO_DEPTH:
            continue
        if m.group(1):
            level = max(level - 1, 0)
        else:
            level += 1
            deepest = max(deepest, level)
    return deepest


@dataclass(frozen=True, slots=True)
class Cleaned:
    html: str
    removed: Counter[str]
    """What was removed, by ``<tag>`` or ``attribute=``; empty when ``html`` is the input
    (or the input shown as text: ``depth``)."""
    depth: int = 0
    """Not 0: the markup nested this deep (more than ``MAX_DEPTH``) and was not parsed;
    ``html`` is the input with every ``<`` written ``&lt;``."""


def clean(html: str, policy: Policy) -> Cleaned:
    """``html`` without what ``policy`` refuses, or ``html`` itself when it has none."""
    if "<" not in html:
        return Cleaned(html, Counter())  # text only: nothing to remove, nothing to parse
    # Deeper than MAX_DEPTH takes as many start tags: most comments are not read twice.
    if html.count("<") > MAX_DEPTH and (deepest := depth(html)) > MAX_DEPTH:
        return Cleaned(html.replace("<", "&lt;"), Counter(), deepest)
    scan = _Scan(policy)
    scan.feed(html)
    scan.close()
    schemes = (scan.schemes - {""}) | WORDPRESS_SCHEMES
    if policy.attributes is None:
        schemes |= {"data"}  # a raster image's source; the filter refuses the rest

    def refuse(tag: str, name: str, value: str) -> str | None:
        return None if _refused_attribute(policy, tag, name, value) else value

    cleaned = nh3.clean(
        html,
        tags=set(policy.tags),
        clean_content_tags=set(_CODE_CONTENT - policy.tags),
        attributes={t: set(a) for t, a in policy.attributes.items()} if policy.attributes else {},
        generic_attribute_prefixes=set(_PREFIXES) if policy.attributes is None else None,
        attribute_filter=refuse,
        url_schemes=schemes,
        strip_comments=False,  # kses kept HTML comments too
        link_rel=None,
    )
    removed = scan.refused
    if not removed and _IGNORED_IN_A_FRAGMENT.search(html):
        # A fragment's parser drops these tags (nh3's output and the reference agree), but
        # a page's parser gives <body onload=…>'s attributes to the page's own body.
        removed = Counter({"<body>": 1})
    if not removed:
        everything = nh3.clean(
            html,
            tags=set(nh3.ALLOWED_TAGS | _TRUSTED_EXTRA | _NEVER | scan.tags),
            clean_content_tags=set(),
            attributes={},
            generic_attribute_prefixes=set(_PREFIXES),
            url_schemes=schemes | _EXECUTES,
            strip_comments=False,
            link_rel=None,
        )
        if everything == cleaned:
            return Cleaned(html, Counter())
        removed = Counter({"markup only a browser's parser sees": 1})
    return Cleaned(cleaned, removed)

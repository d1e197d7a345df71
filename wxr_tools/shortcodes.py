"""WordPress shortcode parsing, as pure functions (what each becomes in HTML:
``shortcodehtml``).

The grammar follows WordPress's documented behaviour (``get_shortcode_regex``,
``shortcode_parse_atts``, ``do_shortcode``):

* ``[name attrs]``, ``[name attrs /]`` and ``[name attrs]body[/name]``; an opening
  tag is enclosing only when a ``[/name]`` follows, and the *first* one closes it,
  so a shortcode cannot nest inside itself (``[a][a][/a][/a]`` → body ``[a]``).
* A name is followed by neither a word character nor ``-``; ``=`` may follow,
  which is how Jetpack's ``[youtube=URL]`` works (the URL is then a positional
  attribute starting with ``=``).
* Attributes: ``k="v"``, ``k='v'``, ``k=v`` (names lower-cased) and positional
  ``"v"``, ``'v'``, ``v``; each must be followed by whitespace or the end.
* ``[[name]]`` (or ``[[name]…[/name]]``) is an escape that prints the inner text.

Deliberate differences from WordPress, for robustness on arbitrary text:

* ``[`` is not allowed inside an opening tag (WordPress documents that square
  brackets are unsupported in attributes).  This keeps ``[1 see [caption]…`` from
  swallowing the caption and bounds every tag scan by the next bracket.
* ``[[name]]`` is an escape even if a ``[/name]`` follows later in the text.
* PHP's ``stripcslashes`` is not applied to attribute values.
* Nesting deeper than ``_MAX_DEPTH`` levels is left unprocessed.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import NamedTuple

from wxr_tools.codeblocks import is_code


# Not ``frozen``: one is made for each shortcode found, and a frozen dataclass sets
# each field through ``object.__setattr__``. Never changed once made (``replace`` makes
# a new one); ``unsafe_hash`` keeps the hash a frozen one had.
@dataclass(slots=True, unsafe_hash=True)
class Shortcode:
    """One shortcode occurrence; ``start``/``end``/``raw`` refer to the source text."""

    name: str
    attrs: dict[str, str]
    positional: tuple[str, ...]
    body: str | None
    start: int
    end: int
    raw: str


Resolver = Callable[[int], str | None]
Converter = Callable[[Shortcode, Resolver], str | None]
Handler = Callable[[Shortcode], str | None]


# Recursion guard: adversarial input could nest thousands of distinct names.
_MAX_DEPTH = 32

# Possessive quantifiers: a failed tag never re-scans what it already consumed,
# and ``[^\[\]]`` stops every attempt at the next bracket, so scanning is linear.
_OPEN_TAG = r"\[(?P<name>{names})(?![\w-])(?P<attrs>[^\[\]]*+)\]"
_ANY_NAME = r"[A-Za-z0-9_-]++"
_CLOSE_RE = re.compile(r"\[/([^\[\]/\s]++)\]")
_ATTR_RE = re.compile(
    r"""(?:(?P<key>[\w-]++)\s*=\s*(?:"(?P<kdq>[^"]*)"|'(?P<ksq>[^']*)'|(?P<kbare>[^\s'"]+))
    |"(?P<dq>[^"]*)"|'(?P<sq>[^']*)'|(?P<bare>\S+))(?=\s|$)""",
    re.X,
)


@lru_cache(maxsize=64)
def _open_re(names: frozenset[str] | None) -> re.Pattern[str]:
    # Longest names first so that "foo-bar" is tried before "foo"; "(?!)" never matches.
    alternatives = "|".join(re.escape(n) for n in sorted(names or (), key=len, reverse=True))
    return re.compile(
        _OPEN_TAG.format(names=_ANY_NAME if names is None else alternatives or "(?!)")
    )


def parse_attributes(text: str) -> tuple[dict[str, str], tuple[str, ...]]:
    """Split the attribute part of a tag into named (lower-cased) and positional values."""
    if not text or text.isspace():
        return {}, ()  # the common case, and worth skipping on texts full of "[x]"
    # The visual editor leaves non-breaking and zero-width spaces between attributes.
    text = text.replace("\u00a0", " ").replace("\u200b", " ")
    named: dict[str, str] = {}
    positional: list[str] = []
    for m in _ATTR_RE.finditer(text):
        kind = m.lastgroup  # the value group that closed last tells which form matched
        value = m[kind] if kind else ""
        if m["key"] is not None:
            named[m["key"].lower()] = value
        else:
            positional.append(value)
    return named, tuple(positional)


class _Escape(NamedTuple):  # ``[[…]]`` at start:end, printing text[start + 1 : end - 1]
    start: int
    end: int


class _Scanner:
    """Scans ranges of one text; closing tags are indexed once so lookups are O(log n)."""

    __slots__ = ("closers", "open_re", "text")

    def __init__(self, text: str, names: Collection[str] | None) -> None:
        self.text = text
        self.open_re = _open_re(None if names is None else frozenset(names))
        # A naive forward search for "[/name]" from every opening tag is quadratic on
        # texts with many unclosed tags; a sorted position list per name is not.
        self.closers: dict[str, list[int]] = {}
        for m in _CLOSE_RE.finditer(text):
            self.closers.setdefault(m[1], []).append(m.start())

    def tag_at(self, i: int, hi: int) -> tuple[Shortcode, int] | None:
        """The shortcode starting at ``i`` within ``[i, hi)`` and its opening tag's end."""
        m = self.open_re.match(self.text, i, hi)
        if m is None:
            return None
        name, attr_text, open_end = m["name"], m["attrs"], m.end()
        body: str | None = None
        end = open_end
        if attr_text.endswith("/"):
            attr_text = attr_text[:-1]
        else:
            positions = self.closers.get(name)
            j = bisect_left(positions, open_end) if positions else 0
            if positions and j < len(positions) and positions[j] + len(name) + 3 <= hi:
                body = self.text[open_end : positions[j]]
                end = positions[j] + len(name) + 3
        attrs, positional = parse_attributes(attr_text)
        sc = Shortcode(name, attrs, positional, body, i, end, self.text[i:end])
        return sc, open_end

    def scan(self, lo: int, hi: int) -> Iterator[Shortcode | _Escape]:
        text, pos = self.text, lo
        while (i := text.find("[", pos, hi)) >= 0:
            if i + 1 < hi and text[i + 1] == "[":
                found = self.tag_at(i + 1, hi)
                if found is not None:
                    sc, open_end = found
                    if sc.end < hi and text[sc.end] == "]":
                        yield _Escape(i, sc.end + 1)
                        pos = sc.end + 1
                        continue
                    if sc.body is not None and open_end < hi and text[open_end] == "]":
                        yield _Escape(i, open_end + 1)
                        pos = open_end + 1
                        continue
                # A lone extra "[" is literal text; the tag after it is tried next.
                pos = i + 1
                continue
            found = self.tag_at(i, hi)
            if found is None:
                pos = i + 1
                continue
            yield found[0]
            pos = found[0].end

    def replace(self, lo: int, hi: int, handler: Handler, depth: int) -> str:
        text, out, pos = self.text, [], lo
        for item in self.scan(lo, hi):
            out.append(text[pos : item.start])
            pos = item.end
            if isinstance(item, _Escape):
                out.append(text[item.start + 1 : item.end - 1])
                continue
            sc = item
            if sc.body is None:
                result = handler(sc)
                out.append(sc.raw if result is None else result)
                continue
            body_end = sc.end - len(sc.name) - 3
            body_start = body_end - len(sc.body)
            if not is_code(sc.name) and depth < _MAX_DEPTH:
                sc = replace(sc, body=self.replace(body_start, body_end, handler, depth + 1))
            result = handler(sc)
            if result is None:
                # Keep the tags verbatim but still show converted nested shortcodes,
                # as WordPress does when only the inner shortcode is registered.
                result = text[sc.start : body_start] + (sc.body or "") + text[body_end : sc.end]
            out.append(result)
        out.append(text[pos:hi])
        return "".join(out)


def find_shortcodes(text: str, names: Collection[str] | None = None) -> Iterator[Shortcode]:
    """Yield every top-level shortcode of ``text`` in order (escaped ones excluded).

    With ``names`` only those names are recognised, like WordPress's registered
    shortcodes; with None any ``[A-Za-z0-9_-]+`` name is.  Bodies are raw.
    """
    for item in _Scanner(text, names).scan(0, len(text)):
        if isinstance(item, Shortcode):
            yield item


def replace_shortcodes(
    text: str,
    handler: Handler,
    names: Collection[str] | None = None,
) -> str:
    """Replace shortcodes by ``handler(sc)`` (None keeps them), innermost first.

    The handler receives enclosing shortcodes with their body already processed,
    except ``code``/``sourcecode`` whose body is passed raw.  ``[[x]]`` becomes ``[x]``.
    """
    if "[" not in text:
        return text
    return _Scanner(text, names).replace(0, len(text), handler, 0)


# --- the more tag ------------------------------------------------------------------

# WordPress uses ``.*?``; stopping at "<" keeps a run of unterminated "<!--more"
# from each scanning to the end of the text (quadratic on hostile input).
_MORE_RE = re.compile(r"<!--more[^<>]*-->")
_NOTEASER = "<!--noteaser-->"


def split_more(html_text: str) -> tuple[str, str | None]:
    """Split at the first ``<!--more…-->`` into (teaser, rest); rest is None without one.

    ``<!--noteaser-->`` (hide the teaser on the single-post view) is a display hint
    for the full view only: it is removed from both parts so it never leaks.
    """
    m = _MORE_RE.search(html_text)
    if m is None:
        return html_text.replace(_NOTEASER, ""), None
    head, tail = html_text[: m.start()], html_text[m.end() :]
    return head.replace(_NOTEASER, ""), tail.replace(_NOTEASER, "")

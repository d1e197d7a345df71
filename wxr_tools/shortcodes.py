"""WordPress shortcode parsing and conversion to HTML, as pure functions.

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

import html
import re
from bisect import bisect_left
from collections.abc import Callable, Collection, Iterator, Mapping
from dataclasses import dataclass, replace
from functools import lru_cache
from types import MappingProxyType
from typing import NamedTuple
from urllib.parse import parse_qs, urlsplit

from wxr_tools import htmlrefs
from wxr_tools.codeblocks import code_block, is_code
from wxr_tools.digits import size_of
from wxr_tools.gallery import convert_gallery
from wxr_tools.playlist import convert_playlist


@dataclass(frozen=True, slots=True)
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
_DIGITS = re.compile(r"[0-9]+")


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


# --- converters -------------------------------------------------------------------


def _esc(value: str) -> str:
    # Attribute values often already hold entities (&amp;): like WordPress's esc_attr,
    # do not double-encode them.  URLs are unescaped once by _url_arg instead.
    return html.escape(htmlrefs.unescape(value), quote=True)


_SCHEME = re.compile(r"[^/?#]*:")  # a colon before any / ? # means the URL has a scheme
_HTTP_URL = re.compile(r"(?:https?:)?//[^\s<>\"]+\Z", re.I)
_YOUTUBE_ID = re.compile(r"[\w-]{10,12}")
_CAPTION_IMG = re.compile(r"(?:<a\s[^>]*>\s*)?<img\s[^>]*>(?:\s*</a>)?", re.I)
_AUDIO_FORMATS = ("mp3", "m4a", "ogg", "wav", "wma", "flac")
_VIDEO_FORMATS = ("mp4", "m4v", "webm", "ogv", "wmv", "flv")
_TRUE = frozenset({"1", "on", "true", "yes", "loop", "autoplay", "muted"})


def _url_arg(sc: Shortcode, *keys: str) -> str:
    """The URL-like argument: a named attribute, else the body, else the first positional."""
    value = next((sc.attrs[k] for k in keys if sc.attrs.get(k)), None)
    if value is None:
        value = sc.body if sc.body and sc.body.strip() else ""
    if not value and sc.positional:
        value = sc.positional[0].lstrip("=")  # Jetpack's [youtube=URL] form
    return htmlrefs.unescape(value.strip())


def _size_attrs(sc: Shortcode, *keys: str) -> str:
    """The sizes ``keys`` of ``sc`` as HTML attributes, each as WordPress reads it
    (``size_of``); one that is no size is left out."""
    sizes = ((k, size_of(sc.attrs.get(k, ""))) for k in keys)
    return "".join(f' {k}="{n}"' for k, n in sizes if n is not None)


def _iframe(src: str, sc: Shortcode | None) -> str:
    size = _size_attrs(sc, "width", "height") if sc is not None else ""
    return f'<iframe src="{html.escape(src)}"{size} frameborder="0" allowfullscreen></iframe>'


def player(src: str, width: str = "", height: str = "") -> str:
    """The iframe of a player at ``src`` (``player_src``), sized when the sizes are
    numbers: what ``[embed]`` and ``[youtube]`` become."""
    sizes = Shortcode("", {"width": width, "height": height}, (), None, 0, 0, "")
    return _iframe(src, sizes)


def player_src(url: str) -> str | None:
    """The address of today's player of a YouTube or Vimeo video page or player URL."""
    return _youtube_src(url) or _vimeo_src(url)


def embed_html(url: str, sc: Shortcode | None = None) -> tuple[str, bool]:
    """What WordPress's embed of ``url`` becomes here, and whether it is a player:
    YouTube and Vimeo their iframe, any other URL a link (WordPress asked the
    provider for its player, which a conversion cannot; its own fallback was a link)."""
    src = player_src(url)
    if src is not None:
        return _iframe(src, sc), True
    return f'<a href="{html.escape(url)}">{html.escape(url)}</a>', False


def _url_parts(url: str) -> tuple[str, list[str], str] | None:
    """(host without www./m., path segments, query) of a possibly scheme-less URL."""
    try:
        parts = urlsplit(url if "//" in url else "//" + url)
        host = (parts.hostname or "").removeprefix("www.").removeprefix("m.")
    except ValueError:  # e.g. a malformed IPv6 host
        return None
    return host, [p for p in parts.path.split("/") if p], parts.query


def _youtube_src(url: str) -> str | None:
    host, path, query = _url_parts(url) or ("", [], "")
    video = ""
    if host == "youtu.be" and path:
        video = path[0]
    elif host in ("youtube.com", "youtube-nocookie.com"):
        if path[:1] == ["watch"]:
            video = parse_qs(query).get("v", [""])[0]
        elif len(path) >= 2 and path[0] in ("embed", "v", "shorts", "live"):
            video = path[1]
    return f"https://www.youtube.com/embed/{video}" if _YOUTUBE_ID.fullmatch(video) else None


def _vimeo_src(url: str) -> str | None:
    host, path, _ = _url_parts(url) or ("", [], "")
    ids = (
        [p for p in path if _DIGITS.fullmatch(p)]
        if host in ("vimeo.com", "player.vimeo.com")
        else []
    )
    return f"https://player.vimeo.com/video/{ids[-1]}" if ids else None


def convert_caption(sc: Shortcode, resolve: Resolver) -> str | None:
    """``[caption]<img …> text[/caption]`` → ``<figure class="wp-caption …">``."""
    if sc.body is None:
        return None  # nothing to caption (e.g. an unclosed inner tag): keep it visible
    content = sc.body.strip()
    caption = sc.attrs.get("caption", "").strip()
    if not caption:
        # Since WordPress 3.4 the caption text follows the (linked) image in the body.
        m = _CAPTION_IMG.search(content)
        if m is not None:
            content, caption = content[: m.end()].strip(), content[m.end() :].strip()
    if not caption:
        return content  # WordPress also drops the wrapper when there is no caption
    classes = " ".join(
        c for c in ("wp-caption", sc.attrs.get("align", "alignnone"), sc.attrs.get("class")) if c
    )
    ident = f' id="{_esc(sc.attrs["id"])}"' if sc.attrs.get("id") else ""
    width = size_of(sc.attrs.get("width", ""))
    style = f' style="width: {width}px"' if width is not None else ""
    return (
        f'<figure{ident} class="{_esc(classes)}"{style}>{content}'
        f'<figcaption class="wp-caption-text">{caption}</figcaption></figure>'
    )


def convert_embed(sc: Shortcode, resolve: Resolver) -> str | None:
    """``[embed]URL[/embed]``: YouTube/Vimeo become iframes, other URLs a link."""
    url = _url_arg(sc, "url", "src")
    if not _HTTP_URL.match(url):
        return None
    return embed_html(url, sc)[0]


def convert_youtube(sc: Shortcode, resolve: Resolver) -> str | None:
    """Jetpack ``[youtube URL]`` / ``[youtube=URL]`` (a bare video id is accepted too)."""
    arg = _url_arg(sc, "url", "id")
    src = _youtube_src(f"https://youtu.be/{arg}" if _YOUTUBE_ID.fullmatch(arg) else arg)
    return None if src is None else _iframe(src, sc)


def convert_vimeo(sc: Shortcode, resolve: Resolver) -> str | None:
    """Jetpack ``[vimeo 12345]`` / ``[vimeo URL]``."""
    arg = _url_arg(sc, "url", "id")
    src = _vimeo_src(f"https://vimeo.com/{arg}" if _DIGITS.fullmatch(arg) else arg)
    return None if src is None else _iframe(src, sc)


_DAILYMOTION_ID = re.compile(r"[A-Za-z0-9]+")
_DAILYMOTION_URL = re.compile(
    r"(?:https?:)?//(?:www\.)?dailymotion\.com/(?:embed/)?video/([A-Za-z0-9]+)"
)


def convert_dailymotion(sc: Shortcode, resolve: Resolver) -> str | None:
    """WordPress.com's ``[dailymotion id=x7s94]`` (``[dailymotion x7s94]``, a video URL):
    Dailymotion's player."""
    arg = _url_arg(sc, "id", "url")
    m = _DAILYMOTION_URL.match(arg)
    video = m[1] if m else arg if _DAILYMOTION_ID.fullmatch(arg) else None
    return (
        None if video is None else _iframe(f"https://www.dailymotion.com/embed/video/{video}", sc)
    )


def convert_dewplayer(sc: Shortcode, resolve: Resolver) -> str | None:
    """The Dewplayer plugin's ``[dewplayer:URL.mp3]``: an audio player of the file."""
    url = sc.positional[0].lstrip(":") if sc.positional else ""
    url = htmlrefs.unescape(url.strip())
    if not url.lower().startswith(("http:", "https:", "/")):
        return None
    return f'<audio controls src="{html.escape(url)}"></audio>'


def _media_url(sc: Shortcode, formats: tuple[str, ...]) -> str:
    """The file of ``[audio]``/``[video]``: ``src`` or one key per format (as WordPress
    takes it), the body, or a first positional that reads as an address or a file
    (``[audio http://x/a.mp3]``, WordPress.com's form). A plain word is not one:
    ``[video of the talk]`` in a post's text is words in brackets, and a player of the
    file ``of`` would be a link to nothing where the words were."""
    url = _url_arg(sc, "src", *formats)
    named = any(sc.attrs.get(k) for k in ("src", *formats)) or bool(sc.body and sc.body.strip())
    if named or not url:
        return url
    extension = urlsplit(url).path.rpartition(".")[2].lower()
    if _SCHEME.match(url) or url.startswith("/") or extension in formats:
        return url
    return ""


def _media(
    tag: str, formats: tuple[str, ...], extra: tuple[str, ...], sizes: tuple[str, ...] = ()
) -> Converter:
    def convert(sc: Shortcode, resolve: Resolver) -> str | None:
        url = _media_url(sc, formats)
        # Relative URLs are fine, but the only schemes allowed are http(s) (no javascript:).
        if not url or (_SCHEME.match(url) and not url.lower().startswith(("http:", "https:"))):
            return None
        on = [k for k in ("loop", "autoplay", "muted") if sc.attrs.get(k, "").lower() in _TRUE]
        more = "".join(f' {k}="{_esc(v)}"' for k in extra if (v := sc.attrs.get(k)))
        more += _size_attrs(sc, *sizes)  # WordPress writes them as numbers (absint)
        return (
            f'<{tag} controls src="{html.escape(url)}"{"".join(" " + k for k in on)}{more}></{tag}>'
        )

    convert.__doc__ = f"``[{tag} src=…]`` → ``<{tag} controls src=…>``."
    return convert


def convert_code(sc: Shortcode, resolve: Resolver) -> str | None:
    """``[code language="x"]…[/code]`` → ``<pre><code class="language-x">`` (escaped)."""
    return code_block(sc, encoded=False)


CONVERTERS: Mapping[str, Converter] = MappingProxyType(
    {
        "caption": convert_caption,
        "wp_caption": convert_caption,  # WordPress's alias of [caption]
        "gallery": convert_gallery,
        "playlist": convert_playlist,
        "embed": convert_embed,
        "audio": _media("audio", _AUDIO_FORMATS, ("preload",)),
        "video": _media("video", _VIDEO_FORMATS, ("preload", "poster"), ("width", "height")),
        "youtube": convert_youtube,
        "vimeo": convert_vimeo,
        "dailymotion": convert_dailymotion,
        "dewplayer": convert_dewplayer,
        "code": convert_code,
        "sourcecode": convert_code,
    }
)


# --- templates and the more tag ----------------------------------------------------

_PLACEHOLDER = re.compile(r"\{\{|\}\}|\{([\w-]+)\}")


def render_template(template: str, sc: Shortcode) -> str:
    """Fill ``{body}``, ``{attr}`` and ``{0}``-style placeholders; ``{{``/``}}`` are braces.

    Missing values are empty; attribute values are HTML-escaped (without double
    encoding entities), the body is inserted as is.
    """

    def fill(m: re.Match[str]) -> str:
        key = m[1]
        if key is None:
            return m[0][0]
        if key == "body":
            return sc.body or ""
        if _DIGITS.fullmatch(key):
            index = int(key)
            return _esc(sc.positional[index]) if index < len(sc.positional) else ""
        return _esc(sc.attrs.get(key.lower(), ""))

    return _PLACEHOLDER.sub(fill, template)


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

"""What each shortcode the tool knows becomes in HTML (``CONVERTERS``), and the
``[shortcodes.templates]`` of those it does not (``render_template``).

Captions become figures, ``[embed]``, ``[youtube]``, ``[vimeo]`` and ``[dailymotion]``
players (``player``, ``player_src`` and ``embed_html`` serve the transforms that make
players of bare addresses too), ``[audio]`` and ``[video]`` the HTML elements, code
plugins' shortcodes code blocks (``codeblocks``), galleries and playlists their lists
(``gallery``, ``playlist``). Apart from ``shortcodes``, which finds and parses them
(WordPress's grammar) and calls a converter for each.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from types import MappingProxyType
from urllib.parse import parse_qs, urlsplit

from wxr_tools import htmlrefs
from wxr_tools.codeblocks import code_block
from wxr_tools.digits import size_of
from wxr_tools.gallery import convert_gallery
from wxr_tools.playlist import convert_playlist
from wxr_tools.shortcodes import Converter, Resolver, Shortcode

_DIGITS = re.compile(r"[0-9]+")


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


# --- templates ---------------------------------------------------------------------

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

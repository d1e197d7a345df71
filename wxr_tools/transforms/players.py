"""Players: a video's dead player as today's player of the same video.

From about 2005 to 2012 a post showed a video with the provider's Flash player pasted
as HTML (``<object><param name="movie" value="http://www.youtube.com/v/…">
<embed src="…" type="application/x-shockwave-flash"></object>``). No browser has run
Flash since 2021: the old site and a converted one show an empty box where readers
saw the video. A player whose video is known becomes today's player of the same video,
at the same size: YouTube's ``/v/ID`` and Vimeo's ``moogaloop.swf?clip_id=N`` the
iframe ``[embed]`` makes, YouTube's playlist player ``/p/ID`` the playlist's iframe,
Dailymotion's ``/swf/ID`` a link to the video's page (its player, as any provider's but
YouTube's and Vimeo's, would need the provider's answer: see ``embeds``). Any other
Flash object is left as it is, and counted.

Later posts pasted the iframe, often with an ``http://`` address: a browser does not
load it in a page served over https (as static sites are), and shows nothing. The
YouTube and Vimeo players' addresses are made https (they serve nothing else today).

Comments get the same (their ``content_html``): WordPress showed a comment's markup as
stored, but an administrator's comment kept its pasted player (the sanitizer keeps a
registered user's markup), and a Flash player shows nothing there either. What is made
is an https iframe of YouTube or Vimeo, or a link, which the sanitizer's trusted policy
keeps; a visitor's comment holds no player once sanitized.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from collections.abc import Iterator
from urllib.parse import parse_qs, urlsplit

from wxr_tools.attrvalue import decode
from wxr_tools.digits import is_number
from wxr_tools.model import Comment, Item, evolve
from wxr_tools.shortcodehtml import player, player_src
from wxr_tools.transforms import Context, html_of

_ANY_PLAYER = re.compile(r"<(?:object|embed)\b", re.IGNORECASE)
# What both rules start from: a player (_ANY_PLAYER) or an iframe (_HTTP_PLAYER's). The
# look ahead at the name's first letter (which each name starts with, as case-blind) is
# one class test at each "<" of the text, where the three names ignoring case were tried
# one after the other at each: a third of the search's cost on posts full of tags.
_PLAYER_OR_IFRAME = re.compile(r"<(?=[oei])(?:object|embed|iframe)\b", re.IGNORECASE)
_OBJECT = re.compile(r"<(/?)object\b[^>]*>", re.IGNORECASE)
_EMBED = re.compile(r"<embed\b[^>]*>(?:\s*</embed\s*>)?", re.IGNORECASE)
_TAG = re.compile(r"<(object|embed|param)\b([^>]*)>", re.IGNORECASE)
_ATTR = re.compile(r"""([\w:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""")
_SIZE = re.compile(r"[0-9]{1,5}")
_OLD_PLAYLIST = re.compile(r"[0-9A-Fa-f]{16}")
_DAILYMOTION = re.compile(r"(?:video/)?(x[0-9a-z]+)", re.IGNORECASE)
_FLASH = re.compile(r"shockwave|\.swf\b|flash", re.IGNORECASE)
_HTTP_PLAYER = re.compile(
    r"""(<iframe\b[^>]*?\bsrc\s*=\s*["']?)http://"""
    r"((?:www\.)?(?:youtube\.com|youtube-nocookie\.com)/embed/|player\.vimeo\.com/video/)",
    re.IGNORECASE,
)
_COUNTED = {
    "player": "Flash players made today's player",
    "link": "Flash players made a link to the video",
}


def _players(text: str) -> Iterator[tuple[int, int]]:
    """The spans of the ``<object>`` elements (nested ones inside their outer one) and
    of the ``<embed>`` elements outside any object, in order."""
    pos = 0
    while True:
        found = _OBJECT.search(text, pos)
        embed = _EMBED.search(text, pos, found.start() if found else len(text))
        if embed is not None:
            yield embed.span()
            pos = embed.end()
            continue
        if found is None:
            return
        if found.group(1):  # a stray </object>
            pos = found.end()
            continue
        depth, end = 0, None
        for tag in _OBJECT.finditer(text, found.start()):
            depth += -1 if tag.group(1) else 1
            if depth == 0:
                end = tag.end()
                break
        if end is None:  # never closed: the rest is not a player we can read
            return
        yield found.start(), end
        pos = end


def _attributes(tag: str) -> dict[str, str]:
    return {
        m.group(1).lower(): decode(next(v for v in m.groups()[1:] if v is not None))
        for m in _ATTR.finditer(tag)
    }


def _size(value: str) -> str:
    return value if _SIZE.fullmatch(value) else ""


def _made(element: str) -> tuple[str, str] | None:
    """(the HTML that stands for the player ``element``, what it became), or None."""
    sources: list[str] = []
    width = height = ""
    for m in _TAG.finditer(element):
        name, attrs = m.group(1).lower(), _attributes(m.group(2))
        if name == "param":
            if attrs.get("name", "").lower() in ("movie", "src"):
                sources.append(attrs.get("value", ""))
            continue
        sources.append(attrs.get("src" if name == "embed" else "data", ""))
        width = width or _size(attrs.get("width", ""))
        height = height or _size(attrs.get("height", ""))
    for url in filter(None, (s.strip() for s in sources)):
        made = _today(url, width, height)
        if made is not None:
            return made
    return None


def _today(url: str, width: str, height: str) -> tuple[str, str] | None:
    try:
        parts = urlsplit(url if "//" in url else "//" + url)
        host = (parts.hostname or "").removeprefix("www.")
    except ValueError:
        return None
    path = parts.path
    if host in ("youtube.com", "youtube-nocookie.com") and path.startswith("/v/"):
        # The old player took its options after the id with "&": /v/ID&hl=en&fs=1.
        src = player_src(url.split("&", 1)[0])
        return (player(src, width, height), "player") if src else None
    if host in ("youtube.com", "youtube-nocookie.com") and path.startswith("/p/"):
        # The old playlist player, /p/ and the playlist's 16 hex digits: the same
        # playlist is "PL" and those digits today.
        found = _OLD_PLAYLIST.fullmatch(path[len("/p/") :].split("&", 1)[0].rstrip("/"))
        if found is None:
            return None
        src = f"https://www.youtube.com/embed/videoseries?list=PL{found[0]}"
        return player(src, width, height), "player"
    if host == "vimeo.com" and path.endswith("moogaloop.swf"):
        clip = parse_qs(parts.query).get("clip_id", [""])[0]
        src = player_src(f"https://vimeo.com/{clip}") if is_number(clip) else None
        return (player(src, width, height), "player") if src else None
    if host == "dailymotion.com" and path.startswith("/swf/"):
        video = _DAILYMOTION.match(path[len("/swf/") :].split("&", 1)[0])
        if video is None:
            return None
        page = html.escape(f"https://www.dailymotion.com/video/{video.group(1)}")
        return f'<a href="{page}">{page}</a>', "link"
    return None


def transform(item: Item, ctx: Context) -> Item | None:
    counts = ctx.report.counts
    content = html_of(item)
    made = _converted(content, counts)
    changes: dict[str, object] = {}
    if made is not content:
        changes["content_html"] = made
    if item.comments:  # about half the items have none: no tuple to build and compare
        comments = tuple([_comment(c, counts) for c in item.comments])
        if any(a is not b for a, b in zip(comments, item.comments, strict=True)):
            changes["comments"] = comments
    return evolve(item, **changes) if changes else item


def _comment(comment: Comment, counts: Counter[str]) -> Comment:
    """A comment's players too: a registered user's comment could hold one (the
    sanitizer keeps them), and it is as dead there as in a post. A visitor's comment
    holds none once sanitized; the player made is one the trusted policy keeps."""
    text = comment.content_html or comment.content
    if "<" not in text:  # most comments: no element, so no player (nor its address)
        return comment
    made = _converted(text, counts)
    return comment if made is text else evolve(comment, content_html=made)


def _converted(content: str, counts: Counter[str]) -> str:
    """``content`` with its players made today's, counted; ``content`` itself when none
    changed."""
    if _PLAYER_OR_IFRAME.search(content) is None:  # most texts: one search, for both rules
        return content
    secured = 0
    if "http://" in content:
        secured_content, secured = _HTTP_PLAYER.subn(r"\1https://\2", content)
        if secured:
            counts["player addresses made https"] += secured
            content = secured_content
    if _ANY_PLAYER.search(content) is None:  # most posts (lowering the text cost 10x)
        return content
    out: list[str] = []
    pos = 0
    for start, end in _players(content):
        element = content[start:end]
        made = _made(element)
        if made is None:
            if _FLASH.search(element):
                counts["Flash players left as they were (no known video)"] += 1
            continue
        counts[_COUNTED[made[1]]] += 1
        out += [content[pos:start], made[0]]
        pos = end
    if not out:
        return content
    out.append(content[pos:])
    return "".join(out)

"""The ``[playlist]`` shortcode as HTML that plays without WordPress's script.

WordPress's ``wp_playlist_shortcode`` shows the audio files (``type="audio"``, the
default) or video files of a list of ids, or those attached to the post, as a gallery
does its images: ``gallery.shown`` tells which, in which order. WordPress draws one
player and a track list with its JavaScript (without it, an ordered list of links);
a static site has no such script, so here each track is an item of an ordered list:
its title and a player of its own (``<audio controls>`` or ``<video controls>``), which
loads nothing until played, as WordPress's player does (``preload="none"``).
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING
from urllib.parse import unquote

from wxr_tools import htmlrefs
from wxr_tools.gallery import NOT_FOUND, Attachments, Listed, family, note, shown
from wxr_tools.urlparts import split_address

if TYPE_CHECKING:
    from wxr_tools.shortcodes import Resolver, Shortcode


def convert_playlist(
    sc: Shortcode,
    resolve: Resolver,
    attachments: Attachments | None = None,
    post: int | None = None,
) -> str | None:
    """``[playlist ids="1,2"]`` → ``<figure class="wp-playlist">`` holding an ``<ol>`` of
    players. ``attachments`` and ``post``: see ``gallery.shown``; None when it cannot be
    told."""
    listed = shown(sc, attachments, post)
    return None if listed is None else playlist_html(sc, listed, resolve, attachments)


def playlist_html(
    sc: Shortcode, listed: Listed, resolve: Resolver, attachments: Attachments | None = None
) -> str:
    """The list of the files ``listed`` shows (``gallery.shown``), each titled as its
    attachment is (without the index: by its file's name), with notes for the others."""
    kind = family(sc)
    tracks: list[str] = []
    for ident, why in listed.entries:
        url = resolve(ident) if why is None and isinstance(ident, int) else None
        if url is None or not isinstance(ident, int):
            tracks.append(note(sc, ident, why or NOT_FOUND))
            continue
        entry = attachments.get(ident) if attachments is not None else None
        title = (entry.title.strip() if entry is not None else "") or _file_name(url)
        # A title as exported may hold references already (&amp;): not encoded twice.
        text = html.escape(htmlrefs.unescape(title), quote=False)
        tracks.append(
            f'<li>{text}<br><{kind} controls preload="none" src="{html.escape(url)}" '
            f'data-id="{ident}"></{kind}></li>'
        )
    return f'<figure class="wp-playlist wp-{kind}-playlist"><ol>{"".join(tracks)}</ol></figure>'


def _file_name(url: str) -> str:
    """The name of the file at ``url``, as WordPress titles an upload it was given no
    title for: without its extension."""
    name = unquote(split_address(url).path.rsplit("/", 1)[-1])
    return name.rsplit(".", 1)[0] if "." in name else name

"""Dead players in comments become today's players, as in posts (the players transform).

An administrator's comment kept the Flash player it pasted (the sanitizer keeps a
registered user's markup): it shows nothing today, in a comment as in a post. What is
made must be kept by the sanitizer's trusted policy, and a visitor's comment, whose
players the sanitizer removed, gets none.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from test_comment_markup import comment
from wxr_builder import item, wxr

from wxr_tools.commentmarkup import TRUSTED, clean
from wxr_tools.model import Comment, Item, Site
from wxr_tools.pipeline import Options, convert
from wxr_tools.transforms import Context
from wxr_tools.transforms.players import transform
from wxr_tools.writers import WriteOptions

YOUTUBE = (
    '<object width="425" height="344"><param name="movie" '
    'value="http://www.youtube.com/v/dQw4w9WgXcQ&hl=en&fs=1"></param>'
    '<embed src="http://www.youtube.com/v/dQw4w9WgXcQ&hl=en&fs=1" '
    'type="application/x-shockwave-flash" width="425" height="344"></embed></object>'
)
VIMEO = (
    '<embed src="http://vimeo.com/moogaloop.swf?clip_id=1084537" '
    'type="application/x-shockwave-flash" width="400" height="225"></embed>'
)
PLAYLIST = '<embed src="http://www.youtube.com/p/0123456789ABCDEF" width="480" height="385">'
DAILYMOTION = '<embed src="http://www.dailymotion.com/swf/x7s94" width="420" height="339">'
HTTP_IFRAME = '<iframe src="http://www.youtube.com/embed/dQw4w9WgXcQ" width="560"></iframe>'
UNKNOWN = '<embed src="http://flash.example/player.swf" type="application/x-shockwave-flash">'


def transformed(*texts: str) -> tuple[Item, Context]:
    ctx = Context(site=Site())
    comments = tuple(
        Comment(id=n, parent=0, content=text, user_id=1) for n, text in enumerate(texts, 1)
    )
    out = transform(Item(id=1, type="post", content="Post", comments=comments), ctx)
    assert isinstance(out, Item)
    return out, ctx


@pytest.mark.parametrize(
    ("player", "made", "count"),
    [
        (YOUTUBE, "https://www.youtube.com/embed/dQw4w9WgXcQ", "Flash players made today's player"),
        (VIMEO, "https://player.vimeo.com/video/1084537", "Flash players made today's player"),
        (
            PLAYLIST,
            "https://www.youtube.com/embed/videoseries?list=PL0123456789ABCDEF",
            "Flash players made today's player",
        ),
        (
            DAILYMOTION,
            'href="https://www.dailymotion.com/video/x7s94"',
            "Flash players made a link to the video",
        ),
        (
            HTTP_IFRAME,
            'src="https://www.youtube.com/embed/dQw4w9WgXcQ"',
            "player addresses made https",
        ),
    ],
)
def test_a_comments_dead_player_is_made_todays(player: str, made: str, count: str) -> None:
    out, ctx = transformed(f"<p>Watch this:</p>\n{player}\n<p>Good, no?</p>")
    [c] = out.comments
    assert c.content_html is not None and made in c.content_html
    assert "<object" not in c.content_html and "<embed" not in c.content_html
    assert c.content_html.startswith("<p>Watch this:</p>\n")
    assert c.content_html.endswith("\n<p>Good, no?</p>")
    assert c.content.startswith("<p>Watch this:</p>\n<")  # the stored text stays
    assert ctx.report.counts[count] == 1
    # What was made is markup the trusted policy keeps as it is.
    assert not clean(c.content_html, TRUSTED).removed


def test_comments_without_a_known_player_are_untouched() -> None:
    texts = ("Nice post", UNKNOWN, '<iframe src="https://www.youtube.com/embed/dQw4w9WgXcQ">')
    out, ctx = transformed(*texts)
    assert [c.content_html for c in out.comments] == [None, None, None]
    assert ctx.report.counts == {"Flash players left as they were (no known video)": 1}


def test_each_comments_players_are_counted_with_the_posts() -> None:
    ctx = Context(site=Site())
    comments = (
        Comment(id=1, parent=0, content=YOUTUBE, user_id=1),
        Comment(id=2, parent=0, content="<p>x</p>", content_html="<p>x</p>\n" + VIMEO),
    )
    post = Item(id=1, type="post", content=YOUTUBE, comments=comments)
    out = transform(post, ctx)
    assert isinstance(out, Item)
    assert ctx.report.counts["Flash players made today's player"] == 3
    # The display HTML so far is the one converted (autop's, here), not the stored text.
    assert out.comments[1].content_html is not None
    assert out.comments[1].content_html.startswith("<p>x</p>\n<iframe")


def test_a_site_shows_the_admins_player_and_no_visitors_player(tmp_path: Path) -> None:
    source = tmp_path / "export.xml"
    admin = comment(1, f"My talk:\n\n{YOUTUBE}", user_id=1)
    visitor = comment(2, f"Mine:\n\n{YOUTUBE}\n\n{HTTP_IFRAME}")
    source.write_bytes(wxr(item(1, more=admin + visitor)))
    out = tmp_path / "site"
    report = convert(str(source), "markdown", str(out), Options(progress=False), WriteOptions())
    (data,) = (out / "data" / "comments").glob("*.yaml")
    shown = {c["id"]: c["content"] for c in yaml.safe_load(data.read_text("utf-8"))}
    assert '<iframe src="https://www.youtube.com/embed/dQw4w9WgXcQ"' in shown[1]
    assert "<object" not in shown[1] and "<embed" not in shown[1]
    # The visitor's player and iframe were removed before: nothing to make, nothing made.
    assert not any(tag in shown[2] for tag in ("<object", "<embed", "<iframe", "<param"))
    assert report.counts["Flash players made today's player"] == 1
    assert report.counts["player addresses made https"] == 0

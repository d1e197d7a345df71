"""Comment markup a commenter could not have posted is removed (``[comments] sanitize``).

A visitor's comment went through kses when WordPress saved it: a stored one with a
script, an event handler, an iframe, a style attribute or a ``javascript:`` link was
injected around it, and must not run on the new site, which publishes comments as HTML.
A registered user's comment keeps its markup but what executes. Comments within the
allowlist come out byte for byte as they went in, in every output.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from markdown_helpers import site_build
from wxr_builder import item, wxr

from wxr_tools.cli import main
from wxr_tools.commentmarkup import TRUSTED, VISITOR, clean
from wxr_tools.config import Config, load_config
from wxr_tools.diagnostics import UsageError, codes
from wxr_tools.pipeline import Options, convert
from wxr_tools.reader import read
from wxr_tools.report import RunReport
from wxr_tools.writers import WriteOptions


def comment(cid: int, text: str, user_id: int = 0) -> str:
    return (
        f"\t\t<wp:comment><wp:comment_id>{cid}</wp:comment_id>"
        f"<wp:comment_author><![CDATA[Reader {cid}]]></wp:comment_author>"
        f"<wp:comment_author_email>r{cid}@example.org</wp:comment_author_email>"
        "<wp:comment_author_url></wp:comment_author_url>"
        f"<wp:comment_date>2024-06-06 10:{cid % 60:02d}:00</wp:comment_date>"
        f"<wp:comment_date_gmt>2024-06-06 08:{cid % 60:02d}:00</wp:comment_date_gmt>"
        f"<wp:comment_content><![CDATA[{text}]]></wp:comment_content>"
        "<wp:comment_approved>1</wp:comment_approved><wp:comment_type>comment</wp:comment_type>"
        f"<wp:comment_parent>0</wp:comment_parent><wp:comment_user_id>{user_id}"
        "</wp:comment_user_id></wp:comment>\n"
    )


ALLOWED = (
    '<blockquote cite="https://quoted.example/">Quoted words</blockquote>\n'
    'See <a href="https://b.example/?a=1&b=2" rel="nofollow">this</a> &amp; <em>that</em>'
)
COMMENTS = {
    101: 'Hi <script>alert("owned")</script>there',
    102: '<img src="x.png" onerror="alert(1)">Look here',
    103: '<a href="javascript:alert(1)">click me</a>',
    104: '<iframe src="https://evil.example/">framed</iframe> after the frame',
    105: '<span style="position:fixed;top:0">covered</span>',
    106: ALLOWED,
}
ADMIN = '<img src="https://example.org/a.png" alt="a chart" onload="steal()"> Admin note'


def export(tmp_path: Path) -> Path:
    comments = "".join(comment(cid, text) for cid, text in COMMENTS.items())
    path = tmp_path / "comments.xml"
    path.write_bytes(wxr(item(1, more=comments + comment(107, ADMIN, user_id=1))))
    return path


def run(tmp_path: Path, to: str, sanitize: str | None = None, **options: str) -> RunReport:
    config = Config()
    if sanitize is not None:
        (tmp_path / "wxr.toml").write_text(f'[comments]\nsanitize = "{sanitize}"\n')
        config = load_config(tmp_path / "wxr.toml")
    out = tmp_path / f"{to}-{sanitize}"
    return convert(
        str(export(tmp_path)),
        to,
        str(out),
        Options(config=config, progress=False),
        WriteOptions(**options),
    )


def hugo_comments(out: Path) -> dict[int, str]:
    (data,) = (out / "data" / "comments").glob("*.yaml")
    return {c["id"]: c["content"] for c in yaml.safe_load(data.read_text("utf-8"))}


# -- the sanitizer alone ------------------------------------------------------------


@pytest.mark.parametrize(
    ("html", "visitor", "trusted"),
    [
        ("a <script>x()</script>b", "a b", "a b"),
        ('<img src="x" onerror="y()">t', "t", '<img src="x">t'),
        ('<a href=" java&#9;script:y()">t</a>', "<a>t</a>", "<a>t</a>"),
        ('<a href="vbscript:y">t</a>', "<a>t</a>", "<a>t</a>"),
        ('<p onclick="y()">t</p>', "<p>t</p>", "<p>t</p>"),
        (
            '<iframe src="https://v.example/">t</iframe>',
            "t",
            '<iframe src="https://v.example/">t</iframe>',
        ),
        ('<i style="color:red">t</i>', "<i>t</i>", '<i style="color:red">t</i>'),
        ("<style>p{}</style><unknown>kept</unknown>", "kept", "kept"),
        (
            '<img src="data:image/png;base64,AA"><a href="data:text/html,x">t</a>',
            "<a>t</a>",
            '<img src="data:image/png;base64,AA"><a>t</a>',
        ),
        ('<iframe srcdoc="&lt;script&gt;">t</iframe>', "t", "<iframe>t</iframe>"),
        ('<!-- --!><body onload="y()"> -->', "<!-- --> --&gt;", "<!-- --> --&gt;"),
    ],
)
def test_what_each_policy_removes(html: str, visitor: str, trusted: str) -> None:
    assert clean(html, VISITOR).html == visitor
    assert clean(html, TRUSTED).html == trusted
    assert clean(html, VISITOR).removed  # the count says something was removed


@pytest.mark.parametrize(
    "html",
    [
        ALLOWED,
        "Tom & Jerry &hellip; <b>bold</b> <!-- a note --> <abbr title=x>A</abbr>",
        "<a href='/relative' title=\"t\">r</a> <del datetime=2024>old</del> <q cite=#q>q</q>",
        "5 < 6 and 7 > 3, no markup",
        "<ol reversed><li>one</li></ol><table><tr><td colspan=2>cell</td></tr></table><pre>x</pre>",
    ],
)
def test_markup_within_the_allowlist_is_kept_byte_for_byte(html: str) -> None:
    for policy in (VISITOR, TRUSTED):
        cleaned = clean(html, policy)
        assert cleaned.html == html
        assert not cleaned.removed


# -- a conversion ------------------------------------------------------------------------


def test_hugo_site_has_no_script_from_comments_and_keeps_their_text(tmp_path: Path) -> None:
    report = run(tmp_path, "markdown", flavor="hugo")
    shown = hugo_comments(tmp_path / "markdown-None")
    everything = "\n".join(shown.values())
    for executes in ("<script", "alert", "onerror", "onload", "javascript:", "<iframe", "style="):
        assert executes not in everything
    for text in ("there", "Look here", "click me", "after the frame", "covered", "Admin note"):
        assert text in everything
    assert 'src="https://example.org/a.png"' in shown[107]  # an editor's image stays
    assert 'alt="a chart"' in shown[107]
    # The allowed comment is what a run that removes nothing writes.
    unsanitized = run(tmp_path, "markdown", "none", flavor="hugo")
    assert shown[106] == hugo_comments(tmp_path / "markdown-none")[106]
    assert "alert" in "".join(hugo_comments(tmp_path / "markdown-none").values())
    assert not [d for d in unsanitized.diagnostics if d.code == "WXR510"]

    assert report.counts["visitors' comments with markup they could not post (removed)"] == 5
    assert (
        report.counts["registered users' comments with markup they could not post (removed)"] == 1
    )
    # script, img (its onerror with it), href, iframe, span (its style with it), onload
    assert report.counts["pieces of comment markup removed"] == 6
    (diagnostic,) = [d for d in report.diagnostics if d.code == "WXR510"]
    assert diagnostic.item_id == 1
    assert diagnostic.message.startswith("comments 101, 102, 103, 104, 105, 107: removed ")
    assert "<script> ×1" in diagnostic.message and "onload= ×1" in diagnostic.message

    if shutil.which("hugo") is None:
        pytest.skip("hugo is not installed")
    out = tmp_path / "markdown-None"
    site_build("hugo", out, out / "public")
    (page,) = (out / "public").glob("2024/06/*/index.html")
    built = page.read_text("utf-8")
    assert "alert" not in built and "steal()" not in built and "evil.example" not in built
    assert '<blockquote cite="https://quoted.example/">' in built
    assert "click me" in built


def test_all_treats_registered_users_as_visitors(tmp_path: Path) -> None:
    report = run(tmp_path, "markdown", "all", flavor="hugo")
    shown = hugo_comments(tmp_path / "markdown-all")
    assert "<img" not in shown[107] and "Admin note" in shown[107]
    assert report.counts["visitors' comments with markup they could not post (removed)"] == 6


def test_wxr_output_carries_the_cleaned_comments(tmp_path: Path) -> None:
    run(tmp_path, "wxr")
    written = (tmp_path / "wxr-None").read_bytes()
    assert b"alert" not in written and b"onerror" not in written and b"steal()" not in written
    assert ALLOWED.encode() in written  # byte for byte, in its CDATA
    (post,) = [i for i in read(str(tmp_path / "wxr-None")) if i.id == 1]
    contents = {c.id: c.content for c in post.comments}
    assert contents[106] == ALLOWED
    assert contents[101] == "Hi there"
    assert contents[103] == "<a>click me</a>"
    assert contents[107] == '<img src="https://example.org/a.png" alt="a chart"> Admin note'


def test_the_same_input_gives_the_same_bytes(tmp_path: Path) -> None:
    run(tmp_path, "wxr")
    first = (tmp_path / "wxr-None").read_bytes()
    run(tmp_path, "wxr")
    assert (tmp_path / "wxr-None").read_bytes() == first


def test_the_setting_is_checked_and_the_code_explained(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "bad.toml").write_text('[comments]\nsanitize = "some"\n')
    with pytest.raises(UsageError, match="visitors, all, none"):
        load_config(tmp_path / "bad.toml")
    assert Config().section("comments")["sanitize"] == "visitors"
    assert codes()["WXR510"].title == "comment markup removed"
    assert main(["explain", "WXR510"]) == 0
    assert "kses" in capsys.readouterr().out


def test_disqus_output_carries_the_cleaned_comments(tmp_path: Path) -> None:
    run(tmp_path, "disqus")
    written = (tmp_path / "disqus-None").read_text("utf-8")
    assert "alert" not in written and "onerror" not in written and "steal()" not in written
    assert "click me" in written and "Quoted words" in written

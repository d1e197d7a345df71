"""Re-indented exports: an XML formatter put every value on its own line, inside blank
space (``<title>\\n<![CDATA[ Hello ]]>\\n</title>``), as one of the corpus's blogs came.
Read as written, every title and category name held line breaks, every meta key missed
(no featured image, no language meta), and every post had the password "\\n \\n", so
was written as a draft."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

from markdown_helpers import SAMPLE, site, tree
from wxr_builder import item, wxr

from wxr_tools import read
from wxr_tools.reader.elements import unindented

_CDATA_ELEMENT = re.compile(r"<([\w:]+)([^>]*)><!\[CDATA\[(.*?)\]\]></\1>", re.DOTALL)


def reindented(data: bytes) -> bytes:
    """``data`` as the formatter left it: each CDATA value on a line of its own, padded."""
    return _CDATA_ELEMENT.sub(
        lambda m: f"<{m[1]}{m[2]}>\n<![CDATA[ {m[3]} ]]>\n</{m[1]}>",
        data.decode("utf-8"),
    ).encode("utf-8")


def test_one_line_values_lose_their_layout_and_texts_stay_exact() -> None:
    more = (
        '<category domain="category" nicename="news"><![CDATA[News]]></category>'
        "<wp:postmeta><wp:meta_key><![CDATA[_thumbnail_id]]></wp:meta_key>"
        "<wp:meta_value><![CDATA[7]]></wp:meta_value></wp:postmeta>"
        "<wp:comment><wp:comment_id>3</wp:comment_id>"
        "<wp:comment_author><![CDATA[Ann]]></wp:comment_author>"
        "<wp:comment_content><![CDATA[Hi]]></wp:comment_content></wp:comment>"
    )
    channel = (
        "<wp:category><wp:term_id>2</wp:term_id>"
        "<wp:category_nicename><![CDATA[news]]></wp:category_nicename>"
        "<wp:cat_name><![CDATA[News]]></wp:cat_name>"
        "<wp:category_description><![CDATA[About news]]></wp:category_description>"
        "</wp:category>\n"
    )
    data = reindented(wxr(item(1, title="Hello", body="<p>Body</p>", more=more), channel=channel))
    export = read(io.BytesIO(data))
    (post,) = list(export)
    assert (post.title, post.password, post.status, post.slug) == (
        "Hello",
        "",
        "publish",
        "hello-1",
    )
    assert [t.name for t in post.terms] == ["News"]
    assert [(m.key, m.value) for m in post.meta] == [("_thumbnail_id", "7")]
    assert post.comments[0].author == "Ann"
    assert (export.terms[0].name, export.terms[0].slug) == ("News", "news")
    # Texts keep what they hold: HTML does not mind, and an excerpt may start with a space.
    assert post.content == "\n <p>Body</p> \n"
    assert post.comments[0].content == "\n Hi \n"
    assert export.terms[0].description == "\n About news \n"


def test_a_password_keeps_its_blanks_but_not_the_layout_around_them() -> None:
    for written, read_as in [
        ("\n \n", ""),
        ("\n secret \n", "secret"),
        (" secret ", " secret "),  # typed so: a one-line field holds no line break
        ("\t secret", "\t secret"),
        ("two\nlines", "two\nlines"),
    ]:
        assert unindented(written) == read_as
        data = wxr(item(1)).replace(
            b"<wp:post_password><![CDATA[]]>",
            f"<wp:post_password><![CDATA[{written}]]>".encode(),
        )
        (post,) = list(read(io.BytesIO(data)))
        assert post.password == read_as


def _comparable(files: dict[str, bytes]) -> dict[str, object]:
    """The site's files, comment texts with blank space in paragraphs folded: WordPress's
    own paragraph formatting keeps a comment's padding inside its <p>, as ours does."""
    out: dict[str, object] = {}
    for name, body in files.items():
        if not name.startswith("data/comments/"):
            out[name] = body
            continue
        comments = json.loads(body)
        for c in comments:
            c["content"] = re.sub(r"\s*(</?p>)\s*", r"\1", c["content"])
        out[name] = comments
    return out


def test_a_reindented_export_gives_the_same_site(tmp_path: Path) -> None:
    original = SAMPLE.read_bytes()
    changed = reindented(original)
    assert changed.count(b"<![CDATA[ ") > 300  # the sample is mostly CDATA
    (tmp_path / "reindented.xml").write_bytes(changed)
    before = site(SAMPLE, tmp_path / "a")
    after = site(tmp_path / "reindented.xml", tmp_path / "b")
    assert (after.items_written, after.items_excluded) == (
        before.items_written,
        before.items_excluded,
    )
    assert after.counts == before.counts
    first, second = tree(tmp_path / "a"), tree(tmp_path / "b")
    assert sorted(first) == sorted(second)
    assert _comparable(first) == _comparable(second)


def test_a_reindented_export_is_reported_once() -> None:
    channel = "".join(
        f"<wp:author><wp:author_id>{n}</wp:author_id>"
        f"<wp:author_login><![CDATA[user{n}]]></wp:author_login></wp:author>\n"
        for n in (1, 2)
    )
    plain = read(io.BytesIO(wxr(item(1), channel=channel)))
    list(plain)
    assert [d.code for d in plain.diagnostics] == []
    data = reindented(wxr(item(1), channel=channel))
    export = read(io.BytesIO(data))
    list(export)
    first = data[: data.index(b"<wp:author_login>")].count(b"\n") + 1
    assert [(d.code, d.line) for d in export.diagnostics] == [("WXR113", first)]
    assert [a.login for a in export.authors] == ["user1", "user2"]

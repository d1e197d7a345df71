"""``--to disqus``: well-formed Disqus WXR, thread identifiers, parent links, e-mails."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from corpus_helpers import corpus_files, corpus_path, file_params
from lxml import etree

from wxr_tools import InputError, read
from wxr_tools.config import load_config
from wxr_tools.model import Comment, Item, Site
from wxr_tools.pipeline import Options, convert
from wxr_tools.report import RunReport
from wxr_tools.writers import WriteJob
from wxr_tools.writers.disqus import write

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "fixtures" / "ctts-sample.xml"
PIPELINE = '["status", "comments", "privacy", "text", "languages", "autop", "shortcodes", "more"]'
NS = {
    "wp": "http://wordpress.org/export/1.0/",
    "dsq": "http://www.disqus.com/",
    "content": "http://purl.org/rss/1.0/modules/content/",
}
THREAD_FIELDS = ["title", "link", "content:encoded", "dsq:thread_identifier"]
THREAD_FIELDS += ["wp:post_date_gmt", "wp:comment_status"]
COMMENT_FIELDS = ["wp:comment_id", "wp:comment_author", "wp:comment_author_email"]
COMMENT_FIELDS += ["wp:comment_author_url", "wp:comment_author_IP", "wp:comment_date_gmt"]
COMMENT_FIELDS += ["wp:comment_content", "wp:comment_approved", "wp:comment_parent"]


def options(tmp_path: Path, extra: str = "") -> Options:
    path = tmp_path / "wxr.toml"
    path.write_text(f"[transforms]\npipeline = {PIPELINE}\n{extra}", encoding="utf-8")
    return Options(config=load_config(path))


def threads(path: Path) -> list[dict[str, Any]]:
    """Each thread's fields and comments, after checking every required element is there."""
    root = etree.parse(str(path)).getroot()  # well-formed for any parser
    assert root.tag == "rss" and root.nsmap["dsq"] == NS["dsq"]
    out = []
    for el in root.iterfind("channel/item"):
        fields = [_name(c) for c in el if _name(c) != "wp:comment"]
        assert fields == THREAD_FIELDS
        thread: dict[str, Any] = {name: el.findtext(name, namespaces=NS) for name in fields}
        thread["comments"] = []
        for c in el.iterfind("wp:comment", NS):
            assert [_name(f) for f in c] == COMMENT_FIELDS
            thread["comments"].append(
                {_name(f).removeprefix("wp:comment_"): f.text or "" for f in c}
            )
        ids = {c["id"] for c in thread["comments"]}
        # Every parent is a comment of the same thread, or 0.
        assert all(c["parent"] == "0" or c["parent"] in ids for c in thread["comments"])
        out.append(thread)
    return out


def _name(el: Any) -> str:
    qname = etree.QName(el)
    prefix = {v: k for k, v in NS.items()}.get(qname.namespace or "")
    return f"{prefix}:{qname.localname}" if prefix else qname.localname


def balanced(report: RunReport) -> bool:
    items = sum(report.items_written.values()) + sum(report.items_excluded.values())
    comments = report.comments_written + sum(report.comments_excluded.values())
    return report.items_read == items and report.comments_read == comments


def test_sample_threads_and_parents(tmp_path: Path) -> None:
    out = tmp_path / "disqus.xml"
    report = convert(str(SAMPLE), "disqus", str(out), options(tmp_path))
    found = threads(out)
    link = "https://ctts.example.org/archives/2008/11/02/going-solo-lyon-what-i-learned/"
    first = found[0]
    assert first["link"] == first["dsq:thread_identifier"] == link  # no new URL: the old link
    assert first["wp:post_date_gmt"] == "2008-11-02 17:20:00"
    assert first["wp:comment_status"] == "open"
    assert [(c["id"], c["parent"], c["approved"]) for c in first["comments"]] == [
        ("311", "0", "1"),
        ("312", "311", "1"),
    ]
    assert first["comments"][0]["date_gmt"] == "2008-11-02 20:03:41"
    assert first["comments"][0]["content"].startswith("<p>Thanks for the write-up!")
    second = found[1]
    assert [(c["id"], c["parent"]) for c in second["comments"]] == [
        ("1480", "0"),
        ("1481", "1480"),
        ("1482", "1481"),
    ]
    assert report.comments_excluded["pingback (disqus has no pingbacks or trackbacks)"] == 1
    assert report.items_excluded["no comments (disqus holds comments only)"] == 11
    assert balanced(report)


def test_emails_follow_the_privacy_policy(tmp_path: Path) -> None:
    out = tmp_path / "disqus.xml"
    dropped = convert(str(SAMPLE), "disqus", str(out), options(tmp_path))
    assert {c["author_email"] for t in threads(out) for c in t["comments"]} == {""}
    assert dropped.counts["comments without e-mail"] == 5
    [warning] = [d for d in dropped.diagnostics if d.code == "WXR423"]
    assert warning.message.startswith("5 of 5 comments have no e-mail")
    kept = convert(
        str(SAMPLE), "disqus", str(out), options(tmp_path, '[privacy]\nemails = "keep"\n')
    )
    emails = [c["author_email"] for t in threads(out) for c in t["comments"]]
    assert emails[:2] == ["marc@example.org", "claire@ctts.example.org"]
    assert not [d for d in kept.diagnostics if d.code == "WXR423"]
    hashed = convert(
        str(SAMPLE), "disqus", str(out), options(tmp_path, '[privacy]\nemails = "hash"\n')
    )
    assert hashed.counts["comments without e-mail"] == 5  # a hash is no address


# -- on items built here ----------------------------------------------------------------


def run(items: list[Item], tmp_path: Path) -> tuple[list[dict[str, Any]], RunReport]:
    out = tmp_path / "disqus.xml"
    report = RunReport(items_read=len(items), comments_read=sum(len(i.comments) for i in items))
    site = Site(link="https://old.example.org", base_blog_url="https://old.example.org/blog/")
    write(
        WriteJob(site=site, authors=[], terms=[], items=iter(items), output=str(out), report=report)
    )
    return threads(out), report


def comment(cid: int | None, parent: int = 0, **fields: Any) -> Comment:
    defaults: dict[str, Any] = {"approved": "1", "content": f"Comment {cid}"}
    return Comment(id=cid, parent=parent, **(defaults | fields))


def test_thread_identifiers_come_from_the_new_urls(tmp_path: Path) -> None:
    items = [
        Item(id=1, title="A & B", url="https://new.example.org/a/", link="https://old/?p=1",
             comments=(comment(1),)),
        Item(id=2, url="/2024/05/b/", link="https://old/?p=2", comments=(comment(2),)),
        Item(id=3, link="https://old/?p=3", comments=(comment(3),)),
    ]  # fmt: skip
    found, report = run(items, tmp_path)
    assert [(t["link"], t["dsq:thread_identifier"]) for t in found] == [
        ("https://new.example.org/a/", "https://new.example.org/a/"),
        ("https://old.example.org/2024/05/b/", "https://old.example.org/2024/05/b/"),
        ("https://old/?p=3", "https://old/?p=3"),
    ]
    assert found[0]["title"] == "A & B"
    assert report.counts["thread URLs made absolute against the old site ([links] base_url)"] == 1


def test_replies_hang_from_their_nearest_written_ancestor(tmp_path: Path) -> None:
    comments = (
        comment(1),
        comment(2, parent=1, approved="spam"),
        comment(3, parent=2),  # its parent is spam: it hangs from 1
        comment(4, parent=3, content="ok"),  # too short for Disqus
        comment(5, parent=4),  # hangs from 3
        comment(6, parent=99),  # a parent the export does not hold
        comment(7, type="pingback"),
        comment(None),
        comment(8, approved="0", date=datetime(2024, 1, 2, 3, 4, 5)),
    )
    found, report = run([Item(id=1, comments=comments)], tmp_path)
    written = [(c["id"], c["parent"], c["approved"]) for c in found[0]["comments"]]
    assert written == [
        ("1", "0", "1"),
        ("3", "1", "1"),
        ("5", "3", "1"),
        ("6", "0", "1"),
        ("8", "0", "0"),
    ]
    assert found[0]["comments"][-1]["date_gmt"] == "2024-01-02 03:04:05"  # local as fallback
    assert report.comments_excluded == {
        "spam (disqus takes approved and pending comments only)": 1,
        "shorter than 3 characters (disqus minimum)": 1,
        "pingback (disqus has no pingbacks or trackbacks)": 1,
        "no comment id (disqus links replies by id)": 1,
    }
    assert report.counts["replies re-parented (parent not written)"] == 3
    assert balanced(report)


def test_comment_text_is_cdata_split_and_cleaned(tmp_path: Path) -> None:
    tricky = comment(1, content="a ]]> b\r\nc\x07", author="<Bob>")
    found, report = run([Item(id=1, comments=(tricky,))], tmp_path)
    [written] = found[0]["comments"]
    assert written["content"] == "a ]]> b\r\nc"
    assert written["author"] == "<Bob>"
    assert [d.code for d in report.diagnostics] == ["WXR420", "WXR423"]


@pytest.mark.parametrize("name", file_params(corpus_files()))
def test_corpus_output_is_well_formed(name: str, tmp_path: Path) -> None:
    path = corpus_path(name)
    try:
        with read(str(path)) as export:
            for _ in export:
                pass
    except InputError as e:
        pytest.skip(f"not strict-readable: {e}")
    out = tmp_path / "disqus.xml"
    report = convert(str(path), "disqus", str(out), Options(raw=True))
    found = threads(out)
    assert sum(len(t["comments"]) for t in found) == report.comments_written
    assert balanced(report)


def test_default_pipeline_threads_use_the_new_urls(tmp_path: Path) -> None:
    out = tmp_path / "disqus.xml"
    report = convert(str(SAMPLE), "disqus", str(out), Options())
    ids = [t["dsq:thread_identifier"] for t in threads(out)]
    assert ids == [
        "https://ctts.example.org/2008/11/going-solo-lyon-what-i-learned/",
        "https://ctts.example.org/2010/03/medias-sociaux-ca-prend-du-temps/",
    ]  # site-relative new URLs, on the old site's address ([links] base_url is empty)
    assert report.counts["thread URLs made absolute against the old site ([links] base_url)"] == 2
    assert balanced(report)

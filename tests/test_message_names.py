"""Names from the export in messages and report lines are cut as values are
(``diagnostics.cut``, ``test_message_values``): an element's name, a taxonomy, a post type
or status, a comment's status, a shortcode's name, an author's login and e-mail. A name
WordPress could have is quoted whole (a taxonomy of 32 characters, a type of 20), a
5,000-character one is cut to that and "…"."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_message_values import LONG, _messages
from wxr_builder import item, wxr

from wxr_tools.cli import main
from wxr_tools.config import load_config
from wxr_tools.diagnostics import NAME, TAXONOMY, TYPE, URL, shown
from wxr_tools.pipeline import Options, convert
from wxr_tools.report import RunReport
from wxr_tools.writers import WriteOptions


def _convert(tmp_path: Path, data: bytes, to: str, output: str, toml: str = "") -> RunReport:
    path = tmp_path / "export.xml"
    path.write_bytes(data)
    config = tmp_path / "wxr.toml"
    config.write_text(toml, encoding="utf-8")
    options = Options(config=load_config(config), progress=False)
    return convert(str(path), to, str(tmp_path / output), options, WriteOptions())


def _longest_line(text: str) -> int:
    return max(len(line) for line in text.splitlines())


def test_an_element_name_is_cut(tmp_path: Path) -> None:
    # WXR106: a channel element after the first item, named as the export names it.
    late = f"\t<wp:{LONG}>x</wp:{LONG}>\n"
    data = wxr(item(1)).replace(b"</channel>", late.encode() + b"</channel>")
    [message] = _messages(tmp_path, data)["WXR106"]
    assert message == f"wp:{'x' * (NAME - 3)}… appears after the first item"
    short = wxr(item(1)).replace(b"</channel>", b"\t<wp:late>x</wp:late>\n</channel>")
    assert _messages(tmp_path, short)["WXR106"] == ["wp:late appears after the first item"]


def test_a_taxonomy_is_cut(tmp_path: Path) -> None:
    # WXR208: a term whose parent is not in the export, of a 5,000-character taxonomy.
    def term(taxonomy: str) -> str:
        return (
            f"\t<wp:term><wp:term_id>7</wp:term_id><wp:term_taxonomy>{taxonomy}"
            "</wp:term_taxonomy><wp:term_slug>child</wp:term_slug>"
            "<wp:term_parent>gone</wp:term_parent><wp:term_name>Child</wp:term_name></wp:term>\n"
        )

    [message] = _messages(tmp_path, wxr(item(1), channel=term(f"t{LONG}")))["WXR208"]
    assert message == f"t{'x' * (TAXONOMY - 1)}… 'child' has missing parent 'gone'"
    whole = "t" * TAXONOMY  # as long as WordPress lets a taxonomy be: quoted whole
    [message] = _messages(tmp_path, wxr(item(1), channel=term(whole)))["WXR208"]
    assert message == f"{whole} 'child' has missing parent 'gone'"


def test_a_post_type_is_cut(tmp_path: Path) -> None:
    # WXR307: a published item with an empty title, named by its type and id.
    kind = f"k{LONG}"
    [message] = _messages(tmp_path, wxr(item(4, title="", post_type=kind)))["WXR307"]
    assert message == f"published k{'x' * (TYPE - 1)}… 4 has an empty title"
    # Ghost's report: the items it cannot hold, by type.
    report = _convert(tmp_path, wxr(item(4, post_type=kind)), "ghost", "out.json")
    line = report.to_text().splitlines()[0]
    assert f"k{'x' * (TYPE - 1)}… (ghost has posts and pages only)" in line
    assert len(line) < 120


def test_a_status_is_cut(tmp_path: Path) -> None:
    # A status policy that excludes the statuses it does not name: the report names it.
    data = wxr(item(1, status=f"s{LONG}"))
    report = _convert(tmp_path, data, "ghost", "out.json", '[status]\nother = "exclude"\n')
    assert report.to_json()["items"]["excluded_by"] == {f"s{'x' * (TYPE - 1)}… excluded": 1}
    assert _longest_line(report.to_text()) < 120


def test_a_comment_status_is_cut(tmp_path: Path) -> None:
    approved = f"a{LONG}"
    comment = (
        "\t\t<wp:comment><wp:comment_id>3</wp:comment_id>"
        "<wp:comment_author><![CDATA[Ann]]></wp:comment_author>"
        "<wp:comment_date>2024-06-05 18:04:48</wp:comment_date>"
        "<wp:comment_date_gmt>2024-06-05 16:04:48</wp:comment_date_gmt>"
        "<wp:comment_content><![CDATA[Hi]]></wp:comment_content>"
        f"<wp:comment_approved>{approved}</wp:comment_approved>"
        "<wp:comment_type></wp:comment_type><wp:comment_parent>0</wp:comment_parent>"
        "</wp:comment>\n"
    )
    report = _convert(tmp_path, wxr(item(1, more=comment)), "ghost", "out.json")
    reason = f"approved={shown(approved, TYPE)} excluded"
    assert report.to_json()["comments"]["excluded_by"] == {reason: 1}
    assert _longest_line(report.to_text()) < 120


def test_a_shortcode_name_is_cut(tmp_path: Path) -> None:
    # WXR306: a shortcode no conversion knows, with attributes (so it looks real).
    name = f"n{LONG}"
    [message] = _messages(tmp_path, wxr(item(1, body=f'[{name} a="1"] text')))["WXR306"]
    assert message == (
        f"post 1 uses shortcode [n{'x' * (NAME - 1)}…], which has no known conversion"
    )


def test_a_login_and_an_e_mail_are_cut(tmp_path: Path) -> None:
    # WXR421: Ghost's user of an author whose e-mail is not one.
    login, email = f"l{LONG}", f"e{LONG}"
    author = (
        f"\t<wp:author><wp:author_id>1</wp:author_id><wp:author_login>{login}</wp:author_login>"
        f"<wp:author_email>{email}</wp:author_email></wp:author>\n"
    )
    post = item(1).replace("<![CDATA[admin]]>", f"<![CDATA[{login}]]>")
    report = _convert(tmp_path, wxr(post, channel=author), "ghost", "out.json")
    [message] = [d.message for d in report.diagnostics if d.code == "WXR421"]
    assert message.startswith(
        f"author {shown(login, 60)}: invalid e-mail {shown(email, 100)}; placeholder "
    )
    assert len(message) < 300


def test_info_cuts_the_names_it_lists(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    term = (
        f"\t<wp:term><wp:term_id>7</wp:term_id><wp:term_taxonomy>t{LONG}</wp:term_taxonomy>"
        "<wp:term_slug>a</wp:term_slug><wp:term_name>A</wp:term_name></wp:term>\n"
    )
    path = tmp_path / "export.xml"
    path.write_bytes(wxr(item(1, post_type=f"k{LONG}", status=f"s{LONG}"), channel=term))
    assert main(["info", str(path)]) == 0
    out = capsys.readouterr().out
    assert f"terms       t{'x' * (TAXONOMY - 1)}… 1" in out
    assert f"  k{'x' * (2 * TYPE)}… " in out  # "type/status", cut as one
    assert _longest_line(out) < 120


def test_a_link_is_cut_in_messages_not_in_the_links_report(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # WXR504 (convert) and WXR304 (validate): a link of the site to nothing, 5,000
    # characters long. ``wxr links --json`` lists it whole: it is data, not a message.
    url = f"https://example.org/{LONG}/"
    data = wxr(item(1, body=f'<a href="{url}">x</a>'))
    report = _convert(tmp_path, data, "jsonl", "out.jsonl")
    [message] = [d.message for d in report.diagnostics if d.code == "WXR504"]
    assert message == f"{url[:URL]}…: no item at this address"
    [message] = _messages(tmp_path, data)["WXR304"]
    assert f"{url[:URL]}…" in message and len(message) < URL + 80
    main(["links", str(tmp_path / "export.xml"), "--json"])
    assert url in capsys.readouterr().out
    whole = f"https://example.org/{'y' * (URL - 21)}/"  # as long as a guid: whole
    data = wxr(item(1, body=f'<a href="{whole}">x</a>'))
    report = _convert(tmp_path, data, "jsonl", "out2.jsonl")
    [message] = [d.message for d in report.diagnostics if d.code == "WXR504"]
    assert message == f"{whole}: no item at this address"

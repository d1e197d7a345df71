"""Redirect maps from old addresses that hold characters a format reads: ``:`` and ``*``
(placeholders and splats in ``_redirects``), spaces, quotes, regex characters and
percent escapes (Apache matches the decoded path, nginx the address as sent)."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote_to_bytes

import pytest
from wxr_builder import item, wxr

from wxr_tools.pipeline import Options, convert
from wxr_tools.scratch import Scratch
from wxr_tools.writers import WriteOptions
from wxr_tools.writers.redirectfamilies import netlify_rules
from wxr_tools.writers.redirects import RedirectMap

OLD = "https://example.org"
# Old addresses _redirects cannot hold: each would read as a placeholder or a splat.
UNSAFE = [
    ("/2010/03/re:-something/", "/re-something/"),
    ("/?p=7&s=a:b", "/seven/"),
    ("/a*b/", "/ab/"),
    ("/old/", "/new:page/"),
]
# Old addresses with what a server configuration could misread.
AWKWARD = [
    ("/x y/", "/space/"),
    ('/say-"hi"/', "/quotes/"),
    ("/a.b+c(d)[e]$f^g|h\\i/", "/regex/"),
    ("/2012/12/%e8%b0%83%e8%af%95nginx/", "/tiaoshi/"),
    ("/caf%C3%A9;x/", "/cafe/"),
]


def _map(pairs: list[tuple[str, str]]) -> RedirectMap:
    redirects = RedirectMap()
    for n, (source, target) in enumerate(pairs, start=1):
        redirects.add([OLD + source], target, n)
    return redirects


def test_netlify_leaves_out_rules_the_hosts_would_read_as_placeholders() -> None:
    safe = [("/2010/03/fine/", "/fine/"), ("/?p=8", "/eight/")]
    with _map(UNSAFE + safe) as redirects:
        text = redirects.render("netlify").decode()
        counts = redirects.netlify
    rules = [line for line in text.splitlines() if not line.startswith("#")]
    assert rules == ["/2010/03/fine/ /fine/ 301", "/ p=8 /eight/ 301"]
    assert counts is not None
    assert [(s, t) for s, t, _ in counts.unsafe] == [
        ("/2010/03/re:-something/", "/re-something/"),
        ("/?p=7&s=a:b", "/seven/"),
        ("/a*b/", "/ab/"),
        ("/old/", "/new:page/"),
    ]
    assert [n for _, _, n in counts.unsafe] == [1, 2, 3, 4]


def test_no_family_is_made_of_sources_with_colons_or_stars() -> None:
    # Ten posts whose old and new addresses share year, month and slug: a family. Five
    # more of that shape hold ":" or "*" in their slug: no family may take them in.
    pairs = [(f"/2010/03/{d:02d}/post-{d}/", f"/2010/03/post-{d}/") for d in range(1, 11)]
    odd = [(f"/2010/03/{d:02d}/re:{d}*/", f"/2010/03/re-{d}/") for d in range(11, 16)]
    with _map(pairs + odd) as redirects, Scratch() as scratch:
        decided = netlify_rules(
            lambda: ((r.source, r.target) for r in redirects.rules()), [], scratch
        )
        assert decided.families  # the ten made one
        for source, target in odd:
            assert decided.family_of(source, target) is None
        text = redirects.render("netlify").decode()
    for line in text.splitlines():
        if line.startswith("#"):
            continue
        source, target, _ = line.split(" ")
        for segment in (*source.split("/"), *target.split("/")):
            # A placeholder is a whole segment; nothing else holds ":" or "*".
            assert re.fullmatch(r":[a-z]+\d*", segment) or not re.search(r"[:*]", segment)
    assert "re:" not in text and "re-11" not in text


def test_a_site_run_reports_each_rule_left_out(tmp_path: Path) -> None:
    post = item(5, title="Re: something").replace("hello-5", "re-something")
    post = post.replace("/?p=5</link>", "/2010/03/re:-something/</link>")
    (tmp_path / "colon.xml").write_bytes(wxr(post))
    report = convert(
        str(tmp_path / "colon.xml"),
        "markdown",
        str(tmp_path / "site"),
        Options(progress=False),
        WriteOptions(flavor="hugo", redirects="netlify"),
    )
    text = (tmp_path / "site/static/_redirects").read_text("utf-8")
    assert "re:-something" not in text and "/ p=5 " in text
    found = [d for d in report.diagnostics if d.code == "WXR418"]
    # The post's address and its comments feed's, each named with its item.
    assert [(d.item_id, d.message.split(" ")[4]) for d in found] == [
        (5, "/2010/03/re:-something/"),
        (5, "/2010/03/re:-something/feed/"),
    ]
    name = "static/_redirects: rules left out (':' or '*', read as placeholders)"
    assert report.counts[name] == 2


def test_ghost_netlify_map_reports_them_too(tmp_path: Path) -> None:
    post = item(5).replace("/?p=5</link>", "/2010/03/re:-something/</link>")
    (tmp_path / "colon.xml").write_bytes(wxr(post))
    out = tmp_path / "ghost.json"
    report = convert(
        str(tmp_path / "colon.xml"), "ghost", str(out), Options(), WriteOptions(redirects="netlify")
    )
    text = (tmp_path / "_redirects").read_text("utf-8")
    assert "re:-something" not in text
    assert [d.item_id for d in report.diagnostics if d.code == "WXR418"] == [5]
    rules = [line for line in text.splitlines() if line and not line.startswith("#")]
    assert report.counts["redirect rules written (_redirects)"] >= len(rules) > 0


def _apache_rules(text: str) -> dict[str, str]:
    """RedirectMatch lines: regex -> target, each line exactly four fields."""
    found = {}
    for line in text.splitlines():
        if line.startswith("RedirectMatch"):
            fields = line.split(" ")
            assert len(fields) == 4 and '"' not in line, line
            found[fields[2]] = fields[3]
    return found


@pytest.mark.parametrize(("source", "target"), AWKWARD)
def test_apache_matches_the_decoded_path_and_nothing_else(source: str, target: str) -> None:
    with _map([(source, target)]) as redirects:
        (source_clean,) = [r.source for r in redirects.rules()]
        rules = _apache_rules(redirects.render("apache").decode())
    ((pattern, written),) = rules.items()
    assert written == target
    # Apache (RedirectMatch) matches the %-decoded path, as bytes: PCRE's \xHH are bytes.
    regex = re.compile(pattern.encode())
    decoded = unquote_to_bytes(source_clean)
    assert regex.fullmatch(decoded) and regex.fullmatch(decoded.rstrip(b"/"))
    assert not regex.fullmatch(decoded.rstrip(b"/") + b"x/")
    assert not regex.fullmatch(decoded.replace(b".", b"Z").replace(b" ", b"_") + b"/x")
    if b"." in decoded:
        assert not regex.fullmatch(decoded.replace(b".", b"Z"))


def test_apache_query_rules_keep_the_targets_escapes() -> None:
    with _map([("/?p=7", "/caf%C3%A9/"), ("/?p=8", "/a%20b/")]) as redirects:
        text = redirects.render("apache").decode()
    # %2 would be a back-reference to a RewriteCond group, and mod_rewrite would
    # escape "%" again without NE.
    assert "RewriteRule ^/?$ /caf\\%C3\\%A9/? [R=301,L,NE]" in text
    assert "RewriteRule ^/?$ /a\\%20b/? [R=301,L,NE]" in text


def test_nginx_keys_are_quoted_and_match_either_case_of_escapes() -> None:
    with _map(AWKWARD) as redirects:
        text = redirects.render("nginx").decode()
    keys = re.findall(r'^    "([^"]*)" "([^"]*)";$', text, re.MULTILINE)
    lines = [line for line in text.splitlines() if line.startswith("    ")]
    assert len(keys) == len(lines)  # every line one quoted key, one quoted target
    sources = {k for k, _ in keys}
    assert "/2012/12/%e8%b0%83%e8%af%95nginx/" in sources
    assert "/2012/12/%E8%B0%83%E8%AF%95NGINX/" not in sources  # only the escapes
    assert "/2012/12/%E8%B0%83%E8%AF%95nginx/" in sources
    assert "/2012/12/%E8%B0%83%E8%AF%95nginx" in sources
    assert all(" " not in k and "\\" not in k and "$" not in k for k in sources)

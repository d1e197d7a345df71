"""``_redirects`` with families of rules as placeholder rules (``redirectfamilies``).

Each test follows the file as written, the way Cloudflare Pages and GitLab Pages read it
(``follow``, written here apart from the writer's own check): static rules first, then
the dynamic ones, first match wins, a placeholder is one segment, the trailing slash is
optional, a line of other than three fields (a query rule) ignored.
"""

from __future__ import annotations

import re
from functools import partial

from hypothesis import given, settings
from hypothesis import strategies as st

from wxr_tools.report import RunReport
from wxr_tools.writers import redirectfamilies
from wxr_tools.writers.redirectfamilies import NetlifyCounts, shape
from wxr_tools.writers.redirects import RedirectMap


def follow(text: str, path: str) -> str | None:
    static: list[tuple[str, str]] = []
    dynamic: list[tuple[str, str]] = []
    for line in text.splitlines():
        fields = line.split()
        if line.startswith("#") or len(fields) != 3:
            continue
        (dynamic if re.search(r":[A-Za-z]|\*", fields[0]) else static).append(
            (fields[0], fields[1])
        )
    for source, target in static:
        if source.rstrip("/") == path.rstrip("/"):
            return target
    segments = path.strip("/").split("/")
    for source, target in dynamic:
        pattern = source.strip("/").split("/")
        if len(pattern) != len(segments):
            continue
        values: dict[str, str] = {}
        for p, s in zip(pattern, segments, strict=True):
            if p.startswith(":"):
                values[p[1:]] = s
            elif p != s:
                break
        else:
            return re.sub(r":([A-Za-z]\w*)", partial(_value, values), target)
    return None


def _value(values: dict[str, str], found: re.Match[str]) -> str:
    return values[found[1]]


def lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if not line.startswith("#")]


def dynamic(text: str) -> list[str]:
    return [line for line in lines(text) if re.search(r":[A-Za-z]", line.split()[0])]


POSTS = [f"post-{i}" for i in range(40)]


def blog() -> RedirectMap:
    """Posts moved from /archives/y/m/d/slug/ to /y/m/slug/, their feeds, tags."""
    m = RedirectMap()
    for i, slug in enumerate(POSTS):
        y, mo, d = 2010 + i % 3, f"{1 + i % 12:02d}", f"{1 + i % 28:02d}"
        new = f"/{y}/{mo}/{slug}/"
        m.add([f"/archives/{y}/{mo}/{d}/{slug}/", f"/?p={i + 1}"], new, i + 1)
        m.add([f"/archives/{y}/{mo}/{d}/{slug}/feed/"], new, i + 1, quiet=True)
    for tag in ("a", "b", "c"):
        m.add([f"/tag/{tag}/"], f"/tags/{tag}/", None)
    return m


def test_a_family_is_one_rule_and_every_old_url_gets_its_target() -> None:
    m = blog()
    text = m.render("netlify").decode()
    assert "/archives/:year/:month/:day/:slug/ /:year/:month/:slug/ 301" in text
    assert "/archives/:year/:month/:day/:slug/feed/ /:year/:month/:slug/ 301" in text
    assert "/tag/:slug/ /tags/:slug/ 301" in text
    for r in m.rules():
        if "?" not in r.source:
            assert follow(text, r.source) == r.target, r.source
    assert "/ p=1 /2010/01/post-0/ 301" in text  # query rules stay, for Netlify
    assert m.netlify == NetlifyCounts(static=0, queries=40, dynamic=3)


def test_a_renamed_slug_stays_literal_before_the_family() -> None:
    m = blog()
    m.add(["/archives/2012/05/05/old-name/"], "/2012/05/new-name/", 99)
    text = m.render("netlify").decode()
    rules = lines(text)
    literal = rules.index("/archives/2012/05/05/old-name/ /2012/05/new-name/ 301")
    assert literal < rules.index(dynamic(text)[0])
    assert follow(text, "/archives/2012/05/05/old-name/") == "/2012/05/new-name/"
    assert follow(text, "/archives/2010/01/01/post-0/") == "/2010/01/post-0/"


def test_a_family_that_would_catch_a_page_is_not_generalized() -> None:
    m = RedirectMap()
    for slug in ("x", "y", "z"):
        m.add([f"/{slug}/"], f"/posts/{slug}/", None)  # /:slug/ would catch /about/
    m.add([], "/about/", 1)
    text = m.render("netlify").decode()
    assert dynamic(text) == []
    assert lines(text) == ["/x/ /posts/x/ 301", "/y/ /posts/y/ 301", "/z/ /posts/z/ 301"]


def test_a_family_splits_where_its_whole_would_catch_a_page() -> None:
    m = RedirectMap()
    for y, mo, d, slug in [
        (2010, "01", "05", "a"),
        (2010, "02", "05", "b"),
        (2011, "03", "07", "c"),
    ]:
        m.add([f"/{y}/{mo}/{d}/"], f"/{y}/{mo}/", None)  # day archives to the month
        m.add([], f"/{y}/{mo}/{slug}/", 1)  # posts: /:year/:month/:day/ would catch them
    m.add(["/2011/04/07/"], "/2011/04/", None)
    text = m.render("netlify").decode()
    assert dynamic(text) == [
        "/:year/:month/05/ /:year/:month/ 301",
        "/:year/:month/07/ /:year/:month/ 301",
    ]
    assert follow(text, "/2010/01/a/") is None


def test_a_file_of_the_site_is_a_page_too() -> None:
    m = RedirectMap()
    for slug in ("a", "b"):
        m.add([f"/old/{slug}/"], f"/new/{slug}/", None)
    m.page("/old/logo.png")
    assert dynamic(m.render("netlify").decode()) == []


def test_a_url_an_earlier_family_answers_otherwise_stays_literal() -> None:
    m = RedirectMap()
    for slug in ("a", "b", "c"):
        m.add([f"/x/{slug}/"], f"/one/{slug}/", None)  # /x/:slug/, two literals... less
    for name in ("p", "q", "a"):
        m.add([f"/{name}/x/"], f"/two/{name}/", None)
    text = m.render("netlify").decode()
    for r in m.rules():
        assert follow(text, r.source) == r.target, r.source


def test_the_same_rules_make_the_same_bytes() -> None:
    assert blog().render("netlify") == blog().render("netlify")


def test_segments_a_host_reads_as_placeholders_stay_literal() -> None:
    assert shape("/a/:b/", "/c/:b/") is None
    assert shape("/a/*/", "/c/") is None
    assert shape("/a/b/", "/c/b/") is not None


def test_the_report_counts_the_rules_and_names_the_hosts_over_their_limits() -> None:
    report = RunReport()
    redirectfamilies.report(
        NetlifyCounts(static=900, queries=300, dynamic=20), "_redirects", report
    )
    assert report.counts["_redirects: static rules"] == 900
    assert report.counts["_redirects: query rules (Netlify only)"] == 300
    (found,) = report.diagnostics
    assert found.code == "WXR417" and "GitLab Pages (1220 rules" in found.message
    assert "Cloudflare" not in found.message and "query rules" in found.message
    report = RunReport()
    redirectfamilies.report(NetlifyCounts(static=2001, queries=0, dynamic=1), "_redirects", report)
    assert "Cloudflare Pages (2001 static rules" in report.diagnostics[0].message
    report = RunReport()
    redirectfamilies.report(NetlifyCounts(static=10, queries=0, dynamic=5), "_redirects", report)
    assert report.diagnostics == []


SEGMENT = st.sampled_from(["a", "b", "c", "2010", "2011", "01", "02", "feed", "page", "x"])
PATH = st.lists(SEGMENT, min_size=1, max_size=4).map(lambda s: "/" + "/".join(s) + "/")


@settings(max_examples=200, deadline=None)
@given(
    moves=st.lists(
        st.tuples(PATH, st.sampled_from(["keep", "prefix", "drop", "other"]), PATH),
        max_size=30,
    ),
    pages=st.lists(PATH, max_size=6),
)
def test_every_old_url_reaches_its_target_and_no_page_is_redirected(
    moves: list[tuple[str, str, str]], pages: list[str]
) -> None:
    m = RedirectMap()
    for old, how, other in moves:
        segments = old.strip("/").split("/")
        new = {
            "keep": "/new" + old,
            "prefix": "/" + "/".join(segments[1:]) + "/" if len(segments) > 1 else other,
            "drop": "/" + "/".join(segments[:-2] + segments[-1:]) + "/",
            "other": other,
        }[how]
        m.add([old], new, None)
    for page in pages:
        m.add([], page, None)
    text = m.render("netlify").decode()
    for r in m.rules():
        assert follow(text, r.source) == r.target, (r.source, text)
    dynamic_only = "\n".join(dynamic(text))
    for page in m.pages():
        assert follow(dynamic_only, page) is None, (page, text)

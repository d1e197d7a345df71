"""``wxr convert --to markdown``: the site as a whole. Safety, accounting, real builds.

Re-runs, dry runs and foreign directories; every item and comment accounted for;
Hugo and Jekyll building the written site (skipped when not installed); drafts and
raw items. The redirect maps and redirect pages are in ``test_markdown_old_urls.py``;
golden sites, front matter and the HTML to Markdown conversion in
``test_markdown_writer_output.py``; the shared helpers in ``markdown_helpers.py``.
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml
from feed_helpers import (
    check_archive_feeds,
    check_comments_feed,
    check_feed,
    comment_threads,
    commented,
)
from markdown_helpers import (
    NEAR_MIDNIGHT,
    SAMPLE,
    check_author_pages,
    check_built,
    jekyll_build,
    merged_export,
    near_midnight,
    page_file,
    site,
    site_build,
    tree,
    write_tricky,
    written_documents,
)
from wxr_builder import item, wxr

from wxr_tools.cli import main
from wxr_tools.diagnostics import UsageError
from wxr_tools.pipeline import Options, convert
from wxr_tools.writers import WriteOptions
from wxr_tools.writers.markdown import parallel
from wxr_tools.writers.markdown.frontmatter import parse


@pytest.fixture
def tricky(tmp_path: Path) -> Path:
    """``markdown_helpers.write_tricky``: the export with what goes wrong."""
    return write_tricky(tmp_path)


# -- safety and idempotence ------------------------------------------------------------


def test_rerun_rewrites_nothing(tmp_path: Path) -> None:
    out = tmp_path / "site"
    site(SAMPLE, out, redirects="csv")
    past = 1_000_000_000
    for path in out.rglob("*"):
        if path.is_file():
            os.utime(path, (past, past))
    report = site(SAMPLE, out, redirects="csv")
    assert all(p.stat().st_mtime == past for p in out.rglob("*") if p.is_file())
    assert report.counts["files created"] == report.counts["files updated"] == 0
    assert report.counts["files unchanged"] > 0


def test_removed_output_is_written_again(tmp_path: Path) -> None:
    # The writer remembers the directories it made; a run after they were removed
    # (in the same process) must make them again, not fail or miss files.
    out = tmp_path / "site"
    site(SAMPLE, out)
    first = tree(out)
    shutil.rmtree(out)
    report = site(SAMPLE, out)
    assert tree(out) == first
    assert report.counts["files created"] == len(first) - 1  # all but the marker


def test_skeleton_edits_survive(tmp_path: Path) -> None:
    out = tmp_path / "site"
    site(SAMPLE, out)
    (out / "hugo.toml").write_text("# mine\n", encoding="utf-8")
    site(SAMPLE, out)
    assert (out / "hugo.toml").read_text("utf-8") == "# mine\n"
    assert "hugo.toml" in json.loads((out / ".wxr-tools.json").read_text("utf-8"))["files"]


@pytest.mark.parametrize(
    ("flavor", "path", "lacks"),
    [
        ("eleventy", "eleventy.config.js", 'addFilter("withTerms"'),
        ("hugo", "layouts/_default/list.html", ".Params.also"),
        ("astro", "src/content.config.ts", '"dates"'),
        # The skeleton's words: a table from before a word, a configuration from
        # before the filter that looks them up.
        ("hugo", "i18n/fr.toml", "[comments]"),
        ("jekyll", "_data/i18n.json", '"latest_posts"'),
        ("eleventy", "eleventy.config.js", 'addFilter("word"'),
        ("astro", "src/data/i18n.json", '"first_published_in"'),
    ],
)
def test_a_kept_skeleton_file_that_lacks_what_new_pages_use_is_said(
    flavor: str, path: str, lacks: str, tmp_path: Path
) -> None:
    # A site written by an earlier version: its files are the user's now, kept as they
    # are; one without the term pages' filter would fail Eleventy's build.
    out = tmp_path / "site"
    report = site(SAMPLE, out, flavor=flavor)
    assert not [key for key in report.counts if "kept" in key]
    file = out / path
    file.write_text(file.read_text("utf-8").replace(lacks, "x"), encoding="utf-8")
    report = site(SAMPLE, out, flavor=flavor)
    (said,) = [key for key in report.counts if key.startswith(f"{path} kept")]
    assert lacks in said and "--refresh-skeleton" in said
    (kept,) = [d for d in report.diagnostics if d.code == "WXR419"]
    assert kept.message.count(path) == 1
    assert file.read_text("utf-8").count(lacks) == 0  # still theirs


def test_dry_run_writes_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "site"
    site(SAMPLE, out, dry_run=True, redirects="nginx")
    assert not out.exists()
    listed = capsys.readouterr().out.splitlines()
    assert "create    content/posts/medias-sociaux-ca-prend-du-temps/index.fr.md" in listed
    assert "create    redirects.nginx.conf" in listed
    site(SAMPLE, out)
    before = tree(out)
    site(SAMPLE, out, dry_run=True, flavor="hugo", comments="inline")
    assert tree(out) == before
    assert "update    content/posts/medias-sociaux-ca-prend-du-temps/index.fr.md" in (
        capsys.readouterr().out.splitlines()
    )


def test_foreign_directory_refused_unless_forced(tmp_path: Path) -> None:
    out = tmp_path / "mysite"
    out.mkdir()
    (out / "config.toml").write_text("mine", encoding="utf-8")
    with pytest.raises(UsageError, match="not written by wxr_tools"):
        site(SAMPLE, out)
    assert main(["convert", str(SAMPLE), "--to", "markdown", "-o", str(out)]) == 2
    assert sorted(p.name for p in out.iterdir()) == ["config.toml"]
    site(SAMPLE, out, force=True)
    assert (out / "config.toml").read_text("utf-8") == "mine"
    assert (out / ".wxr-tools.json").is_file()
    site(SAMPLE, out)  # ours now: no --force needed


def test_duplicate_paths_are_distinct_and_reported(tricky: Path, tmp_path: Path) -> None:
    report = site(tricky, tmp_path / "site")
    posts = tmp_path / "site/content/posts"
    one, two = posts / "hello-11/index.fr.md", posts / "hello-11-2/index.fr.md"
    assert parse(one.read_text("utf-8"))["title"] == "Twin one"
    assert parse(two.read_text("utf-8"))["title"] == "Twin two"
    assert parse(two.read_text("utf-8"))["url"] == "/2024/06/hello-11-2/"
    clashes = [d for d in report.diagnostics if d.code == "WXR410"]
    assert sorted(d.item_id for d in clashes) == [11, 12]
    assert {d.message for d in clashes} == {
        "items 11 and 12 would share /2024/06/hello-11/: item 12 is "
        "written to content/posts/hello-11-2/index.fr.md (/2024/06/hello-11-2/)"
    }


def test_duplicate_paths_of_one_id_are_said_so(tmp_path: Path) -> None:
    """An export that repeats an id (WXR200) gets no "items 41 and 41" in its messages."""
    source = tmp_path / "repeated.xml"
    source.write_bytes(wxr(*[item(41, title=title) for title in ("One", "Two")]))
    report = site(source, tmp_path / "site")
    clashes = [d for d in report.diagnostics if d.code == "WXR410"]
    assert [d.item_id for d in clashes] == [41, 41]
    assert {d.message for d in clashes} == {
        "two items with id 41 (the export repeats it, WXR200) would share "
        "/2024/06/hello-41/: the second one is written to "
        "content/posts/hello-41-2/index.fr.md (/2024/06/hello-41-2/)"
    }


# -- accounting ------------------------------------------------------------------------


def run_report(source: Path, out: Path, *args: str) -> dict[str, Any]:
    path = out.parent / f"{out.name}-report.json"
    cmd = ["convert", str(source), "--to", "markdown", "-o", str(out), "--report", str(path)]
    assert main([*cmd, *args]) in (0, 1)
    data: dict[str, Any] = json.loads(path.read_text("utf-8"))
    return data


@pytest.mark.parametrize("comments", ["data", "inline", "none"])
def test_accounting_adds_up(comments: str, tricky: Path, tmp_path: Path) -> None:
    for source in (SAMPLE, tricky):
        data = run_report(source, tmp_path / f"{source.stem}-{comments}", "--comments", comments)
        items, cs = data["items"], data["comments"]
        assert items["read"] == items["written"] + items["excluded"]
        assert cs["read"] == cs["written"] + cs["excluded"]
    assert items["excluded_by"]["media: no page"] == 1
    assert items["excluded_by"]["menu entry left out (in no menu)"] == 1
    assert items["excluded_by"]["private excluded"] == 1
    assert items["written_by"] == {"post": 6, "page": 1}
    assert cs["written"] == (0 if comments == "none" else 3)


def test_comment_data_files(tricky: Path, tmp_path: Path) -> None:
    site(tricky, tmp_path / "site")
    thread = yaml.safe_load((tmp_path / "site/data/comments/10.yaml").read_text("utf-8"))
    assert [(c["id"], c["parent"], c["depth"]) for c in thread] == [(1, 0, 0), (2, 1, 1), (4, 0, 0)]
    assert thread[0] == {
        "id": 1,
        "parent": 0,
        "depth": 0,
        "author": "Reader 1",
        "author_url": "https://reader.example/1",
        "date": "2024-06-06T10:00:00+02:00",
        "content": "<p>Nice post</p>\n",
        "type": "comment",
    }  # no e-mail: the privacy transform dropped it


@pytest.mark.parametrize("window", [0, parallel.WINDOW, 1000])
def test_parallel_output_is_identical(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, window: int
) -> None:
    # WINDOW 0: this process renders every chunk; 1000: the workers render them all.
    many = tmp_path / "many.xml"
    many.write_bytes(wxr(*(item(i, body=f"<p>Post <em>{i}</em></p>") for i in range(1, 251))))
    monkeypatch.setenv("WXR_WORKERS", "0")
    one = site(many, tmp_path / "one")
    monkeypatch.setenv("WXR_WORKERS", "2")
    monkeypatch.setattr(parallel, "WINDOW", window)
    two = site(many, tmp_path / "two")
    assert tree(tmp_path / "one") == tree(tmp_path / "two")
    assert one.items_written == two.items_written and one.counts == two.counts


# -- real builds -----------------------------------------------------------------------


@pytest.mark.skipif(
    shutil.which("hugo") is None, reason="hugo is not installed (apt-get install hugo)"
)
def test_hugo_builds(tricky: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    # E-mails and IPs kept in the data files: the comments feed must leave them out.
    site(merged_export(tricky, tmp_path, *commented()), out, removed=("privacy",))
    public = tmp_path / "public"
    done = subprocess.run(
        ["hugo", "--quiet", "-s", str(out), "-d", str(public)], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    # But the comments feed's section (content/comments/_index.md: no page, no item).
    docs = [d for d in written_documents(out, "content") if "url" in d]
    check_built(public, docs, "url", "aliases")
    check_feed(public, "/index.xml", docs, "url")
    check_author_pages(public, docs, "url")
    check_archive_feeds(public, docs, "url")
    threads = comment_threads(out / "data/comments")
    check_comments_feed(public, "/comments/index.xml", docs, "url", threads)
    # Where the old sitemaps redirect (the map): Hugo's, an index of each language's.
    assert "<sitemapindex" in (public / "sitemap.xml").read_text("utf-8")
    listed = "".join(p.read_text("utf-8") for p in public.glob("*/sitemap.xml"))
    assert "/2024/06/hello-10/</loc>" in listed
    page = html.unescape((public / "2024/06/hello-10/index.html").read_text("utf-8"))
    assert "Hugo {{< shortcode >}} and {{% md %}}" in page  # shown, not run
    assert "{{< in code >}} {% raw %}" in page and "{{< code >}}" in page
    comments = (public / "2010/03/medias-sociaux-ca-prend-du-temps/index.html").read_text("utf-8")
    assert comments.count('class="comment ') == 3
    # Hugo's own list of a taxonomy's terms, in its language's words (i18n/).
    assert "<h1>Catégories</h1>" in (public / "categories/index.html").read_text("utf-8")
    assert "<h1>Tags</h1>" in (public / "en/tags/index.html").read_text("utf-8")
    # Hugo renders a page-not-found page for each language; the hosts serve the root's.
    english = (public / "en/404.html").read_text("utf-8")
    assert "<h1>Page not found</h1>" in english and '<a href="/en/">Home</a>' in english
    assert "<title>Page not found · " in english
    assert "<title>Page introuvable · " in (public / "404.html").read_text("utf-8")


@pytest.mark.skipif(
    shutil.which("jekyll") is None,
    reason="jekyll is not installed (apt-get install jekyll ruby-jekyll-redirect-from)",
)
def test_jekyll_builds(tricky: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    site(merged_export(tricky, tmp_path, *commented()), out, flavor="jekyll", removed=("privacy",))
    public = tmp_path / "_site"
    jekyll_build(out, public)
    docs = written_documents(out, ".")
    docs = [d for d in docs if "permalink" in d]
    check_built(public, docs, "permalink", "redirect_from")
    check_feed(public, "/feed.xml", docs, "permalink")
    check_author_pages(public, docs, "permalink")
    check_archive_feeds(public, docs, "permalink")
    threads = comment_threads(out / "_data/comments")
    check_comments_feed(public, "/comments/feed.xml", docs, "permalink", threads)
    page = (public / "2024/06/hello-10/index.html").read_text("utf-8")
    assert "{{ page.title }}" in html.unescape(page) and "{% include x.html %}" in html.unescape(
        page
    )
    about = next(d for d in docs if d["title"] == "About")
    about = page_file(public, about["permalink"]).read_text("utf-8")
    assert '<div lang="en">' in about and "<em>Markdown</em>" in about


@pytest.mark.parametrize("flavor", ["hugo", "jekyll"])
def test_dates_are_the_days_the_authors_site_showed(flavor: str, tmp_path: Path) -> None:
    """Jekyll shows a date in the build machine's zone (here UTC), Hugo in its offset."""
    if shutil.which(flavor) is None:
        pytest.skip(f"{flavor} is not installed")
    source, out, public = tmp_path / "export.xml", tmp_path / "site", tmp_path / "public"
    source.write_bytes(wxr(*near_midnight()))
    site(source, out, flavor=flavor)
    site_build(flavor, out, public)
    home = (public / "index.html").read_text("utf-8")
    for post_id, (local, _, _, day) in NEAR_MIDNIGHT.items():
        url = f"/{local[:4]}/{local[5:7]}/hello-{post_id}/"
        page = page_file(public, url).read_text("utf-8")
        assert re.search(f'<p class="meta">.*<time[^>]*>{day}</time>', page), url
        assert re.search(f'href="{url}">[^<]*</a> <time[^>]*>{day}</time>', home), url


def test_local_date_only_where_the_generator_loses_the_offset(tmp_path: Path) -> None:
    source = tmp_path / "export.xml"
    source.write_bytes(wxr(*near_midnight()))
    for flavor, content in (
        ("hugo", "content"),
        ("jekyll", "_posts"),
        ("eleventy", "content"),
        ("astro", "src/content"),
    ):
        site(source, tmp_path / flavor, flavor=flavor)
        docs = written_documents(tmp_path / flavor, content)
        posts = [doc for doc in docs if doc["wordpress"]["type"] == "post"]  # not dates'
        days = {doc["wordpress"]["id"]: doc.get("local_date") for doc in posts}
        if flavor == "hugo":
            assert days == {31: None, 32: None}  # Hugo keeps the offset it is given
        else:
            assert days == {n: day for n, (_, _, day, _) in NEAR_MIDNIGHT.items()}, flavor


def test_password_protected_posts_become_drafts(tmp_path: Path) -> None:
    data = wxr(item(1, title="Hidden"), item(2, title="Open")).decode("utf-8")
    data = data.replace(
        "<wp:post_password><![CDATA[]]></wp:post_password>",
        "<wp:post_password><![CDATA[s3cret]]></wp:post_password>",
        1,
    )
    source = tmp_path / "protected.xml"
    source.write_text(data, encoding="utf-8")
    report = site(source, tmp_path / "site", flavor="jekyll")
    assert [p.name for p in (tmp_path / "site/_drafts").rglob("*.md")] == ["hello-1.md"]
    assert report.counts["password-protected items written as drafts"] == 1


def test_raw_items_follow_the_status_policy(tricky: Path, tmp_path: Path) -> None:
    options = Options(progress=False, raw=True)
    report = convert(str(tricky), "markdown", str(tmp_path / "site"), options, WriteOptions())
    draft = parse((tmp_path / "site/content/posts/hello-15/index.md").read_text("utf-8"))
    assert draft["draft"] is True
    assert report.items_excluded["private excluded"] == 1
    assert report.items_read == sum(report.items_written.values()) + sum(
        report.items_excluded.values()
    )

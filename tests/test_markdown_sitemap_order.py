"""The built site (its ``sitemap.xml`` first) is a function of the content, whatever the
files' history.

Eleventy dates a page without a date (term, period, author pages) by its file's creation
time and listed ``collections.all`` in that order; Astro's content store holds the
entries in the order their reads finished; Jekyll sorts ``site.pages`` by file name,
unstably, from the order the directories are read (``01.md`` is the name of every
year's January page). So two conversions of one export, the second's files recreated
in the reverse order, must build byte-identical sitemaps. Where ``/dev/shm`` is a
writable folder (a tmpfs, which reads a directory back in the reverse order of its
files' creation) the second site is built there, so the directory order differs too.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import node_tools
import pytest
from markdown_helpers import SAMPLE, dated, site, site_build
from wxr_builder import item

SHM = Path("/dev/shm")


def export(tmp_path: Path) -> Path:
    """The sample, with posts of one month in three years (three ``06`` pages) and a tag
    and a category of one name: pages that a sort by date or by file name leaves tied."""
    both = (
        '\t\t<category domain="category" nicename="tied"><![CDATA[Tied]]></category>\n'
        '\t\t<category domain="post_tag" nicename="tied"><![CDATA[Tied]]></category>\n'
    )
    extra = "".join(
        dated(40 + year, f"20{year}-06-05 10:00:00", f"20{year}-06-05 08:00:00", more=both)
        for year in (21, 22, 23)
    )
    # Three posts of one minute: lists sorted by date keep whatever order they were in.
    extra += "".join(
        dated(60 + n, "2023-07-01 09:00:00", "2023-07-01 07:00:00", title=f"Tie {n}")
        for n in (3, 1, 2)
    )
    extra += item(50, title="Sans date", post_type="page")
    sample = SAMPLE.read_text("utf-8")
    path = tmp_path / "export.xml"
    path.write_text(sample.replace("</channel>", extra + "</channel>"), encoding="utf-8")
    return path


def recreate_reversed(root: Path) -> None:
    """Every file under ``root`` deleted and written again, the last by path first."""
    files = sorted((p for p in root.rglob("*") if p.is_file()), reverse=True)
    contents = {p: p.read_bytes() for p in files}
    shutil.rmtree(root)
    for path in files:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(contents[path])


@contextmanager
def elsewhere(tmp_path: Path) -> Iterator[Path]:
    """A folder for the second site: on the tmpfs when there is one (see the docstring)."""
    if SHM.is_dir() and os.access(SHM, os.W_OK):
        with tempfile.TemporaryDirectory(dir=SHM) as folder:
            yield Path(folder)
    else:
        yield tmp_path / "second"


def build(flavor: str, source: Path) -> Path:
    """``source`` built by ``flavor``'s generator; the folder of the built site."""
    if flavor in node_tools.TOOLS:
        done = node_tools.build(flavor, source)
        assert done.returncode == 0, done.stdout + done.stderr
        return source / node_tools.OUTPUT[flavor]
    site_build(flavor, source, source / "public")
    return source / "public"


def pages(public: Path) -> dict[str, bytes]:
    """Every page and feed of the built site (HTML, XML), by path."""
    return {
        p.relative_to(public).as_posix(): p.read_bytes()
        for p in public.rglob("*")
        if p.suffix in (".html", ".xml")
    }


def sitemaps(public: Path) -> dict[str, bytes]:
    """Every ``sitemap.xml`` of the built site (Hugo's: an index and one per language)."""
    return {p.relative_to(public).as_posix(): p.read_bytes() for p in public.rglob("sitemap.xml")}


def missing(flavor: str) -> str | None:
    if flavor in node_tools.TOOLS:
        return node_tools.missing(flavor)
    return None if shutil.which(flavor) else f"{flavor} is not installed"


@pytest.mark.parametrize("flavor", ["hugo", "jekyll", "eleventy", "astro"])
def test_sitemap_is_the_same_whatever_order_the_files_were_made(
    flavor: str, tmp_path: Path
) -> None:
    reason = missing(flavor)
    if reason is not None:
        pytest.skip(reason)
    source = export(tmp_path)
    first = tmp_path / "first"
    site(source, first, flavor=flavor)
    with elsewhere(tmp_path) as folder:
        second = folder / "site"
        site(source, second, flavor=flavor)
        recreate_reversed(second)
        expected_site = pages(build(flavor, first))
        built_site = pages(build(flavor, second))
    expected = {k: v for k, v in expected_site.items() if k.endswith("sitemap.xml")}
    built = {k: v for k, v in built_site.items() if k.endswith("sitemap.xml")}
    assert expected, "no sitemap.xml was built"
    assert all(b"/%d/06/" % year in b"".join(expected.values()) for year in (2021, 2022, 2023))
    assert built == expected
    # The pages too: the home page, the month's page and the feeds list the three posts
    # of one minute in one order.
    assert b"Tie 3" in b"".join(expected_site.values())
    different = sorted(k for k in expected_site if built_site.get(k) != expected_site[k])
    assert different == [], different
    assert built_site.keys() == expected_site.keys()

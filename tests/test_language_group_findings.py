"""WXR507, language data that does not unserialize, names the file and the line it is in.

A Polylang ``post_translations`` term is channel data: an export of several files
(``wxr convert A.000.xml A.001.xml``) may have it in a later file only, and a run in
parts builds the languages transform's tables once in every worker; the finding is
told once, with the term's own file. A Basic Bilingual ``bb-post-excerpts`` value is
an item's: its finding names the item's file.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest
from wxr_builder import item, language, meta, wxr

from wxr_tools.diagnostics import Diagnostic
from wxr_tools.pipeline import Options, convert
from wxr_tools.reader import parallel
from wxr_tools.writers import Filters, WriteOptions
from wxr_tools.writers.markdown import workers


def group_term(slug: str, description: str) -> str:
    return (
        "\t<wp:term><wp:term_id>9</wp:term_id>"
        "<wp:term_taxonomy>post_translations</wp:term_taxonomy>"
        f"<wp:term_slug>{slug}</wp:term_slug><wp:term_name>{slug}</wp:term_name>"
        f"<wp:term_description><![CDATA[{description}]]></wp:term_description></wp:term>\n"
    )


BROKEN = group_term("pll_broken", 'a:2:{s:2:"en";i:1;')
GOOD = group_term("pll_good", 'a:2:{s:2:"en";i:1;s:2:"fr";i:2;}')
BAD_EXCERPTS = meta("bb-post-excerpts", "a:1:{s:2:")


def line_of(path: Path, text: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, 1) if text in line)


def findings(sources: list[Path], tmp_path: Path, lang: str | None = None) -> list[Diagnostic]:
    filters = Filters(langs=frozenset({lang})) if lang else None
    names = [str(s) for s in sources]
    source = names if len(names) > 1 else names[0]
    report = convert(source, "wxr", str(tmp_path / "out.xml"), Options(), None, filters)
    return [d for d in report.diagnostics if d.code == "WXR507"]


def write(path: Path, *items: str, channel: str = "") -> Path:
    path.write_bytes(wxr(*items, channel=channel))
    return path


@pytest.mark.parametrize("lang", [None, "en"])
def test_a_group_of_a_later_file_names_that_file(lang: str | None, tmp_path: Path) -> None:
    first = write(tmp_path / "A.000.xml", item(1, more=language("en")), channel=GOOD)
    second = write(tmp_path / "A.001.xml", item(2, more=language("fr")), channel=BROKEN)
    found = findings([first, second], tmp_path, lang)
    assert [(d.path, d.line) for d in found] == [(str(second), line_of(second, "pll_broken"))]
    assert "pll_broken" in found[0].message


def test_a_group_every_file_repeats_names_the_first(tmp_path: Path) -> None:
    # wp-cli writes the terms in every file: the first file's is the one read.
    first = write(tmp_path / "A.000.xml", item(1), channel=GOOD + BROKEN)
    second = write(tmp_path / "A.001.xml", item(2), channel=BROKEN)
    found = findings([first, second], tmp_path)
    assert [(d.path, d.line) for d in found] == [(str(first), line_of(first, "pll_broken"))]


def test_excerpts_of_an_item_of_a_later_file_name_that_file(tmp_path: Path) -> None:
    first = write(tmp_path / "A.000.xml", item(1, more=BAD_EXCERPTS))
    second = write(tmp_path / "A.001.xml", item(2), item(3, more=BAD_EXCERPTS))
    found = findings([first, second], tmp_path)
    assert [(d.path, d.item_id) for d in found] == [(str(first), 1), (str(second), 3)]
    # The item's line: its <item> tag's, in its own file (item 3 is that file's second).
    tags = [n for n, line in enumerate(second.read_text().splitlines(), 1) if "<item>" in line]
    assert found[1].line == tags[1]


@pytest.mark.parametrize("lang", [None, "en"])
def test_a_run_in_parts_tells_a_group_once(
    lang: str | None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    posts = [item(n, body="Body " * 40, more=language("en")) for n in range(1, 60)]
    source = write(tmp_path / "one.xml", *posts, channel=BROKEN)
    monkeypatch.setenv("WXR_WORKERS", "2")
    monkeypatch.setattr(parallel, "MINIMUM", 0)
    monkeypatch.setattr(workers, "PART_SIZE", 2048)
    listing, stdout = io.StringIO(), sys.stdout
    sys.stdout = listing  # the Markdown writer lists the files it writes there
    try:
        report = convert(
            str(source),
            "markdown",
            str(tmp_path / "site"),
            Options(progress=False),
            WriteOptions(flavor="hugo"),
            Filters(langs=frozenset({lang})) if lang else None,
        )
    finally:
        sys.stdout = stdout
    found = [d for d in report.diagnostics if d.code == "WXR507"]
    assert [(d.path, d.line) for d in found] == [(str(source), line_of(source, "pll_broken"))]
    assert report.items_read == sum(report.items_written.values()) + sum(
        report.items_excluded.values()
    )

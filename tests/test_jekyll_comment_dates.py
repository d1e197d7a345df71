"""Jekyll's comments include writes each comment's date itself, without including
``date.html`` once per comment (a file lookup and a Liquid scope each, a seventh of a
comment-heavy site's render): it must show what ``date.html`` shows for the same date,
in every language, in the comment's own offset, with the same fallbacks, and follow an
edit of ``_data/i18n.json`` as ``date.html`` does.
"""

from __future__ import annotations

import json
import re
import shutil
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from markdown_helpers import site_build

from wxr_tools.writers.markdown import templates, uiwords, wordtemplates
from wxr_tools.writers.markdown.localtimes import iso

LANGS = ("en", "fr", "de", "es", "it", "pt", "nl", "pl")
"""The table's languages, and one it lacks (pl: English's words)."""

_ZONES = (timezone(timedelta(hours=-5)), timezone(timedelta(hours=14)), UTC)
DATES = [
    iso(datetime(2010, 3, 12, 23, 30, tzinfo=_ZONES[0])),  # the next day in UTC
    iso(datetime(2011, 1, 1, 0, 30, tzinfo=_ZONES[1])),  # the day before in UTC
    iso(datetime(999, 12, 9, 8, 5, 7, 123456, tzinfo=_ZONES[2])),
    iso(datetime(2012, 10, 31, 12, 0)),  # no offset known
    *(iso(datetime(2013, month, month * 2, 9, 0, tzinfo=_ZONES[0])) for month in range(1, 13)),
]
"""Comment dates as the writer puts them in the data (``comments.record``)."""

_PAGE = """\
---
lang: {lang}
wordpress:
  id: 7
---
{{% include comments.html %}}
<ul>{{% for c in site.data.comments["7"] %}}
<li>{{% include date.html time=c.date %}}</li>{{% endfor %}}</ul>
"""


def _build(root: Path, public: Path, table: dict[str, dict[str, object]]) -> dict[str, list[str]]:
    """Each page's comment dates, as the comments include shows them; each checked
    against ``date.html``'s for the same date on the same page."""
    (root / "_data/i18n.json").write_text(json.dumps(table), encoding="utf-8")
    site_build("jekyll", root, public)
    shown = {}
    for lang in LANGS:
        text = (public / f"{lang}.html").read_text("utf-8")
        comments = re.findall(r'<time datetime="([^"]*)">([^<]*)</time>', text)
        assert [c[0] for c in comments] == DATES, lang
        assert [c[1] for c in comments] == re.findall(r"<li>([^<]*)</li>", text), lang
        shown[lang] = [c[1] for c in comments]
    return shown


def _written(table: dict[str, dict[str, object]], lang: str, when: str) -> str:
    """``when`` ("2010-03-12T23:30:00-05:00") as the table writes its day."""
    words = table.get(lang) if "date_long" in table.get(lang, {}) else table["en"]
    name = words.get(f"month_{int(when[5:7])}")
    if "date_long" not in words or name is None:
        return when[:10]
    # The year as Ruby's %Y writes it: four digits at least ("0999").
    values = {"day": str(int(when[8:10])), "month": str(name), "year": when[:4]}
    return re.sub(r"\{(day|month|year)\}", lambda m: values[m[1]], str(words["date_long"]))


def test_comment_dates_are_date_htmls(tmp_path: Path) -> None:
    if shutil.which("jekyll") is None:
        pytest.skip("jekyll is not installed")
    root = tmp_path / "site"
    (root / "_data/comments").mkdir(parents=True)
    (root / "_includes").mkdir()
    (root / "_config.yml").write_text("lang: en\ntimezone: Asia/Tokyo\n", encoding="utf-8")
    for name, text in (
        ("comments.html", templates.JEKYLL_COMMENTS),
        ("date.html", wordtemplates.JEKYLL_DATE),
        ("word.html", wordtemplates.JEKYLL_WORD),
    ):
        (root / "_includes" / name).write_text(text, encoding="utf-8")
    thread = [
        {"id": n, "parent": 0, "depth": 0, "author": "A", "author_url": "", "date": when}
        | {"content": "<p>Hi</p>", "type": "comment"}
        for n, when in enumerate(DATES, start=1)
    ]
    (root / "_data/comments/7.yml").write_text(json.dumps(thread), encoding="utf-8")
    for lang in LANGS:
        (root / f"{lang}.html").write_text(_PAGE.format(lang=lang), encoding="utf-8")

    table = uiwords.data_table(list(LANGS))
    shown = _build(root, tmp_path / "public", table)
    for lang in LANGS:
        assert shown[lang] == [_written(table, lang, d) for d in DATES], lang
    assert shown["fr"][0] == "12 mars 2010"
    assert shown["en"][1] == "January 1, 2011"
    assert shown["pl"] == shown["en"]

    # An edit of the table shows: a pattern holding "%", a language's words without a
    # month (its ISO day), a language without date_long (English's), and no words at all.
    table["en"]["date_long"] = "{day}/{month}/{year} (100%)"
    del table["fr"]["month_3"]
    del table["de"]["date_long"]
    shown = _build(root, tmp_path / "public", table)
    assert shown["en"][0] == "12/March/2010 (100%)"
    assert shown["fr"][0] == "2010-03-12"
    assert shown["de"] == shown["en"]
    for lang in LANGS:
        assert shown[lang] == [_written(table, lang, d) for d in DATES], lang
    del table["en"]["date_long"]
    shown = _build(root, tmp_path / "public", table)
    assert shown["pl"] == [d[:10] for d in DATES]

"""Values from the export in messages are cut (``diagnostics.cut``, ``shown``): an export
can hold thousands of characters where WordPress keeps a few, and a message is one
line of a terminal. A value WordPress could hold (a slug of 200 characters, a meta key
of 255) is quoted whole, and a short one exactly as before."""

from __future__ import annotations

from pathlib import Path

import pytest
from wxr_builder import item, meta, wxr

from wxr_tools.diagnostics import cut, shown
from wxr_tools.validate import Options, validate

LONG = "x" * 5000


def _messages(tmp_path: Path, data: bytes, *, recover: bool = False) -> dict[str, list[str]]:
    path = tmp_path / "export.xml"
    path.write_bytes(data)
    found: dict[str, list[str]] = {}
    for d in validate([str(path)], Options(recover=recover)).findings:
        found.setdefault(d.code, []).append(d.message)
    return found


def test_cut_keeps_short_values_and_marks_a_cut() -> None:
    assert cut("1.2") == "1.2" and shown("abc") == "'abc'"
    assert cut("9" * 40) == "9" * 40
    assert cut("9" * 41) == "9" * 40 + "…" and shown("9" * 41) == repr("9" * 40 + "…")
    assert cut(LONG, 200) == "x" * 200 + "…"


@pytest.mark.parametrize("recover", [False, True], ids=["strict", "recover"])
def test_a_long_version_is_cut(tmp_path: Path, recover: bool) -> None:
    found = _messages(tmp_path, wxr(item(1), version=f"abc{LONG}"), recover=recover)
    [message] = found["WXR104"]
    assert message.startswith(f"not a WXR file: invalid WXR version 'abc{'x' * 37}…'")
    assert len(message) < 120


def test_a_short_invalid_version_is_quoted_as_before(tmp_path: Path) -> None:
    [message] = _messages(tmp_path, wxr(item(1), version="abc"))["WXR104"]
    assert message.startswith("not a WXR file: invalid WXR version 'abc'")


def test_a_long_newer_version_is_cut(tmp_path: Path) -> None:
    [message] = _messages(tmp_path, wxr(item(1), version="1." + "3" * 5000))["WXR105"]
    assert message == f"WXR version 1.{'3' * 38}… is newer than 1.2; read as 1.2"
    [short] = _messages(tmp_path, wxr(item(1), version="1.3"))["WXR105"]
    assert short == "WXR version 1.3 is newer than 1.2; read as 1.2"


def test_a_long_date_is_cut(tmp_path: Path) -> None:
    bad = item(1).replace("2024-06-05 18:04:48", f"not a date {LONG}")
    [message] = _messages(tmp_path, wxr(bad), recover=True)["WXR108"]
    assert message.endswith(f"is not a date: 'not a date {'x' * 29}…'")


def test_slugs_and_meta_keys_are_whole_up_to_wordpress_sizes(tmp_path: Path) -> None:
    # Two posts of one day with one slug (WXR201), a 200-character slug quoted whole;
    # a meta key past WordPress's 255 characters holding a password (WXR401), cut.
    slug, key = "s" * 200, f"password_{LONG}"
    posts = [item(n).replace(f"hello-{n}", slug) for n in (1, 2)]
    posts.append(item(3, more=meta(key, "hunter2hunter2")))
    found = _messages(tmp_path, wxr(*posts))
    assert found["WXR201"] == [
        f"post 2 has the permalink of post 1: same slug '{slug}' and same day 2024-06-05"
    ]
    [secret] = found["WXR401"]
    assert secret == f"post 3 meta {shown(key, 255)} holds a value (14 characters, masked)"
    assert len(secret) < 320


def test_a_long_slug_past_wordpress_size_is_cut(tmp_path: Path) -> None:
    slug = "s" * 5000
    posts = [item(n).replace(f"hello-{n}", slug) for n in (1, 2)]
    [message] = _messages(tmp_path, wxr(*posts))["WXR201"]
    assert f"same slug '{'s' * 200}…' and" in message and len(message) < 300


def test_an_item_without_id_is_named_by_its_title_cut(tmp_path: Path) -> None:
    # WXR107: no wp:post_id. The label names the item by its slug, else its title.
    nameless = item(1, title=f"Title {LONG}").replace("<wp:post_id>1</wp:post_id>", "")
    nameless = nameless.replace("<wp:post_name><![CDATA[hello-1]]></wp:post_name>", "")
    [message] = _messages(tmp_path, wxr(nameless))["WXR107"]
    assert message.startswith(f"post 'Title {'x' * 34}…' has no") and len(message) < 100

"""The slugs made with the backend chosen once are python-slugify's automatic ones."""

from __future__ import annotations

import importlib

from hypothesis import given
from hypothesis import strategies as st
from slugify import slugify as slugify_auto

from wxr_tools import slugs
from wxr_tools.slugs import slugify

SAMPLES = [
    "привет-мир",
    "Ελληνικά κείμενα",
    "中文标题",
    "café-crème brûlée",
    "ﬁnancière œuvre Straße",
    "%d0%bf%d1%80%d0%b8",
    "",
    "----",
    "emoji 😀 title",
]


def test_samples_are_slugged_as_with_the_automatic_backend() -> None:
    for text in SAMPLES:
        assert slugify(text) == slugify_auto(text)
        assert slugify(text, max_length=5) == slugify_auto(text, max_length=5)
        pattern = r"[^-a-z0-9_]+"
        assert slugify(text, regex_pattern=pattern) == slugify_auto(text, regex_pattern=pattern)


@given(st.text(max_size=40))
def test_any_text_is_slugged_as_with_the_automatic_backend(text: str) -> None:
    assert slugify(text) == slugify_auto(text)


def test_the_backend_is_the_one_auto_would_import() -> None:
    try:
        importlib.import_module("unidecode")
    except ModuleNotFoundError:
        expected = "text-unidecode"
    else:
        expected = "unidecode"
    chosen: str = slugs.BACKEND
    assert chosen == expected

"""Front matter written by one libyaml emitter per thread, document after document.

``frontmatter.render`` writes every front matter of a thread as a document of one
stream (``_emit_block``), and its scalar events are look-alikes of ``ScalarEvent``
(``_scalar_kind``). These tests compare what it writes with the long way it replaced
(a stream, an emitter and events of their own for each document: ``_emit``, which
``test_frontmatter_emitters`` compares with ``yaml.dump``), for documents in any order
(awkward text, literal blocks ending in line breaks, types left to ``yaml.dump``
between two others), and for every front matter the corpus exports give.
"""

from __future__ import annotations

import contextlib
import io
import sys
import threading
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
import yaml
from corpus_helpers import corpus_files, corpus_path, skip_reason
from hypothesis import example, given, settings
from hypothesis import strategies as st
from markdown_helpers import front_matter_data
from test_frontmatter_emitters import _TEXT
from yaml.emitter import Emitter
from yaml.events import ScalarEvent

from wxr_tools.diagnostics import InputError
from wxr_tools.pipeline import Options, convert
from wxr_tools.writers import WriteOptions
from wxr_tools.writers.markdown import document, frontmatter

HAS_LIBYAML = bool(getattr(yaml, "__with_libyaml__", False))


def the_long_way(data: dict[str, Any]) -> str:
    """``render`` as it was before the shared stream: a stream of its own each time."""
    text = frontmatter._emit(data)
    if text is not None and "\\U" in text and frontmatter._Emitter is not Emitter:
        text = frontmatter._emit(data, Emitter) or text
    if text is None:
        text = yaml.dump(
            frontmatter._drop_none(data), Dumper=frontmatter._Dumper, **frontmatter._DUMP_OPTIONS
        )
    return "---\n" + text + "---\n"


def rendered_in_a_new_thread(documents: list[dict[str, Any]]) -> list[str]:
    """``render`` of each document in turn, by a thread of its own (its first document
    included: a new stream)."""
    out: list[str] = []
    thread = threading.Thread(
        target=lambda: out.extend(frontmatter.render(d, "yaml") for d in documents)
    )
    thread.start()
    thread.join()
    assert len(out) == len(documents)
    return out


_DOCUMENT = front_matter_data(_TEXT, st.none(), st.floats(allow_nan=False))


@settings(max_examples=300)
@given(st.lists(_DOCUMENT, min_size=1, max_size=6))
@example([{"a": "b"}, {"a": "x\n\n"}, {"c": "d"}])  # "|+": the stream's end says "..."
@example([{"a": "b"}, {"a": "\n"}, {"b": ["x\n", "y\n\n"]}, {"a": "b"}])
@example([{"a": 1}, {"r": 1.5, "t": "x"}, {"a": [1, {"b": None}]}, {"a": "é 😀"}, {"a": 2}])
@example([{"t": "a"}, {}, {"t": "a"}])  # an empty mapping: "--- {}" on one line
@example([{"a": "b"}, {"k\nl": "v"}, {"a\n\n": ["x"]}, {"z": "b"}])  # multi-line keys
@example([{"d": datetime(2010, 3, 15, 9, 12)}, {"d": datetime(2010, 3, 15, 9, 12, 1, 5)}])
def test_each_document_of_the_stream_is_the_long_way_s(documents: list[dict[str, Any]]) -> None:
    assert rendered_in_a_new_thread(documents) == [the_long_way(d) for d in documents]


@pytest.mark.skipif(not HAS_LIBYAML, reason="PyYAML without libyaml")
def test_documents_after_the_first_come_from_the_stream() -> None:
    # The shortcut is taken (not the long way each time), and a document that ends
    # libyaml's stream with "..." is the long way's; the stream goes on after it.
    documents = [{"a": "b"}, {"a": "c"}, {"a": "x\n\n"}, {"a": "d"}]
    blocks: list[str | None] = []

    def write() -> None:
        for data in documents:
            blocks.append(frontmatter._emit_block(data))

    thread = threading.Thread(target=write)
    thread.start()
    thread.join()
    assert blocks == [None, "---\na: c\n", None, "---\na: d\n"]
    assert the_long_way(documents[2]) == "---\na: |+\n  x\n\n...\n---\n"


def test_scalar_events_are_scalar_events_to_the_emitters() -> None:
    event = frontmatter._scalar(frontmatter._TEXT_KINDS[4], "a\nb")
    assert event.__class__ is ScalarEvent and isinstance(event, ScalarEvent)
    assert (event.anchor, event.tag, event.implicit, event.style) == (
        None,
        None,
        (False, True),
        "|",
    )
    real = ScalarEvent(None, None, (False, True), "a\nb", style="|")
    for field in ("anchor", "tag", "implicit", "value", "style"):
        assert getattr(event, field) == getattr(real, field)


def cases() -> list[Any]:
    """Every corpus export to Hugo, and the blogs to Jekyll too (its dates are text:
    ``jekyll_date``)."""
    names = corpus_files()
    if not names:
        return [pytest.param("<no corpus>", "hugo", marks=pytest.mark.skip(reason=skip_reason()))]
    return [
        pytest.param(name, flavor, id=f"{flavor}-{name}")
        for name in names
        for flavor in (("hugo", "jekyll") if name.startswith("blogs/") else ("hugo",))
    ]


@pytest.mark.parametrize(("name", "flavor"), cases())
def test_every_corpus_front_matter_is_the_long_way_s(
    name: str, flavor: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    render = frontmatter.render

    def checked(data: dict[str, Any], fmt: str) -> str:
        text = render(data, fmt)
        assert text == the_long_way(data)
        return text

    monkeypatch.setenv("WXR_WORKERS", "0")  # every document rendered here, in one thread
    monkeypatch.setattr(document, "render_fm", checked)
    monkeypatch.setattr(sys, "stdout", io.StringIO())
    with contextlib.suppress(InputError):  # an export the reader refuses: none to check
        convert(
            str(corpus_path(name)),
            "markdown",
            str(tmp_path / "out"),
            Options(progress=False),
            WriteOptions(flavor=flavor),
        )

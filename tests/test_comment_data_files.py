"""Comment data files: JSON, one comment a line, readable as YAML too.

Every character YAML 1.1 refuses is escaped (``_YAML_UNSAFE``), found by
``_yaml_unsafe_in``'s searches; the lines are what ``json.dumps`` writes, by the reused
C encoder or ``record``'s f-string (``wxr_tools.writers.markdown.comments``).
"""

from __future__ import annotations

import json
from unittest.mock import patch

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from wxr_tools.writers.markdown import comments as comment_data
from wxr_tools.writers.markdown.comments import _YAML_UNSAFE, data_file


def test_every_character_yaml_refuses_is_one_the_data_files_look_for() -> None:
    """The characters the escaping pattern takes are those ``_yaml_unsafe_in`` looks
    for one by one: DEL and the C1 controls, five others, and the surrogates."""
    refused = [chr(n) for n in range(0x110000) if _YAML_UNSAFE.match(chr(n))]
    assert len(refused) == 33 + 5 + 2048 and not any(c.isprintable() for c in refused)
    assert refused[:33] == [chr(n) for n in range(0x7F, 0xA0)]
    assert refused[33:36] == ["\u2028", "\u2029", "\ud800"]
    assert refused[-3:] == ["\ufeff", "\ufffe", "\uffff"]
    assert refused[35:-3] == [chr(n) for n in range(0xD800, 0xE000)]


def test_the_data_files_search_finds_each_character_yaml_refuses_and_no_other() -> None:
    """``_yaml_unsafe_in`` (single characters, and the C1 controls by their UTF-8 bytes)
    says what the escaping pattern's search says, for every character that UTF-8 holds
    (a surrogate fails the encoding, and the text is escaped), between « and », whose
    UTF-8 starts with the C1 controls' first byte, and alone."""
    for n in range(0x110000):
        char = chr(n)
        if 0xD800 <= n <= 0xDFFF:
            continue
        for text in (f"«a{char}»b", char, f"{char}«"):
            found = comment_data._yaml_unsafe_in(text, text.encode("utf-8"))
            assert found == (_YAML_UNSAFE.search(text) is not None), hex(n)


_COMMENT_TEXT = st.text(
    st.sampled_from(["a", "é", "’", "«", "\xa0", "\n", '"', "\\", "\x7f", "\x85", "\x9f"])
    | st.sampled_from(["\u2028", "\u2029", "\ufeff", "\ufffe", "\uffff", "\ud800", "\udfff"])
    | st.characters(),
    max_size=20,
)


@given(st.lists(st.tuples(_COMMENT_TEXT, _COMMENT_TEXT), max_size=4))
def test_data_files_escape_what_yaml_refuses_as_the_whole_text_pattern_does(
    texts: list[tuple[str, str]],
) -> None:
    data = [{"id": n, "author": a, "content": c} for n, (a, c) in enumerate(texts)]
    lines = ",\n".join(json.dumps(d, ensure_ascii=False) for d in data)
    text = f"[\n{lines}\n]" if data else "[]"
    escaped = _YAML_UNSAFE.sub(lambda m: f"\\u{ord(m.group(0)):04x}", text)
    assert data_file(data) == (escaped + "\n").encode("utf-8")
    assert yaml.safe_load(data_file(data).decode("utf-8")) == json.loads(escaped)


@given(
    st.lists(
        st.fixed_dictionaries(
            {
                "id": st.none() | st.integers(),
                "parent": st.none() | st.integers(-(2**70), 2**70),
                "author": _COMMENT_TEXT,
                "date": st.none() | _COMMENT_TEXT,
                "content": st.none() | _COMMENT_TEXT,
            }
        ),
        max_size=4,
    )
)
def test_data_files_are_json_s_lines_with_or_without_the_reused_encoder(
    data: list[dict[str, object]],
) -> None:
    """The C encoder made once writes what ``JSONEncoder.encode`` writes, None and
    integers of any size included (the module checks one sample only)."""
    assert comment_data._ENCODER is not None  # CPython has it: else this tests nothing
    written = data_file(data)
    with patch.object(comment_data, "_ENCODER", None):
        assert data_file(data) == written


_ANY_VALUE = st.none() | st.booleans() | st.integers(-(2**70), 2**70) | st.floats() | _COMMENT_TEXT
_RECORDS = st.lists(
    st.fixed_dictionaries(
        {
            "id": st.none() | st.integers(),
            "parent": st.none() | st.integers(-(2**70), 2**70),
            "depth": st.integers(0, 20),
            "author": _COMMENT_TEXT,
            "author_url": _COMMENT_TEXT,
            "date": st.none() | _COMMENT_TEXT,
            "content": st.none() | _COMMENT_TEXT,
            "type": st.sampled_from(["comment", "pingback"]),
        },
    ),
    max_size=3,
)


@settings(max_examples=400, deadline=None)
@given(
    _RECORDS,
    st.lists(
        st.tuples(
            st.integers(0, 2),
            st.sampled_from([*comment_data._RECORD_KEYS, "author_email", "author_ip"]),
            _ANY_VALUE,
        ),
        max_size=2,
    ),
)
def test_record_lines_are_what_json_writes(
    data: list[dict[str, object]], changes: list[tuple[int, str, object]]
) -> None:
    """A record's line is written by an f-string when its keys and value types are
    ``record``'s, else by the encoder: both as ``json.dumps`` writes it (records as
    ``record`` makes them, then a value of another type or an optional key added)."""
    keys = comment_data._RECORD_KEYS
    data = [{key: d[key] for key in keys} for d in data]  # in ``record``'s order
    for n, key, value in changes:
        if data:
            data[n % len(data)][key] = value
    lines = ",\n".join(json.dumps(d, ensure_ascii=False) for d in data)
    text = f"[\n{lines}\n]" if data else "[]"
    escaped = _YAML_UNSAFE.sub(lambda m: f"\\u{ord(m.group(0)):04x}", text)
    assert data_file(data) == (escaped + "\n").encode("utf-8")

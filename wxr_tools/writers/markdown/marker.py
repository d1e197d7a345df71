"""The marker file, ``.wxr-tools.json``: which files of the output directory a run
wrote, and the skeleton files' digests (``output``), as ``json.dumps(..., indent=1)``
writes them, made and written in pieces."""

from __future__ import annotations

import filecmp
import json
import os
from collections.abc import Iterable, Iterator
from itertools import islice

from wxr_tools.diagnostics import UsageError
from wxr_tools.writers.files import name_in
from wxr_tools.writers.markdown import staging

MARKER = ".wxr-tools.json"
MARKER_VERSION = 2
"""2: the marker also holds the skeleton files' digests (``skeleton``); 1 had none."""


def check_ours(root: str, force: bool) -> None:
    """Refuse ``root`` unless it is missing, empty, written by wxr_tools (it holds the
    marker) or ``force`` says to write into it all the same: a mistyped ``-o`` never
    scribbles over a real site. A killed run's staging folder counts for nothing.

    ``Output`` asks when it opens the directory; ``wxr convert`` asks first, before the
    export is read, so that the refusal comes at once, not after the index pass."""
    root = os.path.abspath(root)
    if os.path.exists(root) and not os.path.isdir(root):
        raise UsageError(f"{root}: exists and is not a directory")
    if force or not os.path.isdir(root) or os.path.isfile(os.path.join(root, MARKER)):
        return
    if staging.entries(root, tidy=False):
        raise UsageError(
            f"{root}: directory is not empty and was not written by wxr_tools "
            f"(no {MARKER}); use another directory, or --force to write into it"
        )


_FILES_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",\n  ", ": "))
"""Encodes a list of paths with each item on a line of its own, as the marker lists them."""
_ESCAPED = (*map(chr, range(0x20)), '"', "\\")
"""What JSON's encoder escapes in text (``ensure_ascii=False``): the control characters,
the quote and the backslash. It writes every other character as it is."""


def _listed(chunk: list[str]) -> str:
    """``_FILES_ENCODER.encode(chunk)[1:-1]``: each path quoted, escaped, and joined.

    A chunk that holds none of ``_ESCAPED`` has nothing to escape, and each path is
    itself in quotes. The encoder looked at each character of every path (the marker of
    a 10,000-post site: 33 M instructions, then 15 M). Each character is looked for in
    the chunk's text by ``in`` (``memchr``, for all but a few characters' texts): in
    its UTF-8 bytes, ``translate`` copied them all (11.8 M for that marker's paths, now
    4.1 M)."""
    text = "".join(chunk)
    if not chunk or any(character in text for character in _ESCAPED):
        return _FILES_ENCODER.encode(chunk)[1:-1]
    return '"' + '",\n  "'.join(chunk) + '"'


def marker_text(files: Iterable[str], skeleton: dict[str, str] | None = None) -> str:
    """The marker's JSON, as ``json.dumps(..., indent=1)`` writes it."""
    return "".join(marker_chunks(files, skeleton))


def marker_chunks(files: Iterable[str], skeleton: dict[str, str] | None = None) -> Iterator[str]:
    """``marker_text`` in pieces of a thousand files, never the whole list at once; the
    skeleton's digests (a few dozen) first."""
    head_data: dict[str, object] = {"written_by": "wxr_tools", "version": MARKER_VERSION}
    if skeleton:
        head_data["skeleton"] = dict(sorted(skeleton.items()))
    head = json.dumps(head_data, ensure_ascii=False, indent=1)
    yield head[:-2] + ',\n "files": ['
    stream, listed = iter(files), False
    while chunk := list(islice(stream, 1000)):
        # A chunk's list encoded at once, its items separated as ``indent=1`` puts them
        # in the files' list: the same text as each path's ``json.dumps`` after "\n  ",
        # joined by ",", in one piece (``_listed``) instead of one a path; the separator
        # before it a piece of its own (joined to it, the chunk was copied twice more).
        yield ",\n  " if listed else "\n  "
        yield _listed(chunk)
        listed = True
    yield ("\n ]" if listed else "]") + "\n}\n"


def put_chunks(file: str, chunks: Iterable[bytes]) -> str:
    """``output.put`` for data too large to hold (the marker of a large site): written to
    a temporary file as it comes, which replaces ``file`` unless the two are the same
    bytes (then it is deleted)."""
    directory, name = os.path.split(file)
    os.makedirs(directory, exist_ok=True)
    tmp = os.path.join(directory, f".{name}.{os.getpid()}.wxr-tmp")
    try:
        with open(tmp, "xb") as f:
            for chunk in chunks:
                f.write(chunk)
        if os.path.isfile(file) and filecmp.cmp(tmp, file, shallow=False):
            os.unlink(tmp)
            return "unchanged"
        status = "update" if os.path.exists(file) else "create"
        os.replace(tmp, file)
    except BaseException as e:
        if os.path.exists(tmp):
            os.unlink(tmp)
        name_in(e, file)
        raise
    return status

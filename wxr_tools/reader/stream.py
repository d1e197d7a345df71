"""The byte stream the XML parser reads: opening, safety checks and repairs.

Three jobs happen here, on bytes, before libxml2 sees them:

* Refuse a DOCTYPE or an entity declaration in the prolog, as WordPress's
  importer does: WordPress never writes one, and it is how XXE and "billion
  laughs" attacks get in. The check costs nothing after the prolog.
* Keep carriage returns. XML parsers turn CR LF into LF, but WordPress exports
  are read back byte for byte by PHP importers, and PHP-serialized meta counts
  bytes, so a CR in a post is data. Each CR is rewritten as a character
  reference (``&#13;``), which parsers do not normalise; inside CDATA the section
  is closed around it.
* Declare the ``atom:`` prefix when the root ``<rss>`` tag does not: WordPress.com
  writes ``<atom:link>`` in every export's channel without declaring it, and a
  namespace-aware parser stops there. The prolog is held back until the root tag is
  complete, so the declaration goes into the tag itself, on its first line (no line
  moves). The reader reports it (WXR112) when the channel uses the prefix.
* In recover mode only: repair what breaks well-formedness in real exports
  (control characters, a raw ``&``, an unescaped ``]]>`` inside CDATA), and
  record each repair with its line so the reader can name the item.

The scanner assumes an ASCII-compatible encoding (UTF-8, Latin-1, cp1252: every
export WordPress writes). A UTF-16 stream is passed through untouched.
"""

from __future__ import annotations

import gzip
import io
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, BinaryIO, cast

_CARRY = 64
"""Bytes held back when a very long line has to be cut."""
_LONG_LINE = 1 << 20
_LOOKAHEAD = 64
"""How far past a ']]>' in CDATA the recover mode looks to tell a real end."""
_BLANK_LIMIT = 4 * _LONG_LINE
"""Blank space held back at most, waiting to learn whether its CRs are text."""

# Tokens that change the scanner's state, plus the bytes it may rewrite.
_TOKENS = re.compile(rb"<!\[CDATA\[|\]\]>|<!--|-->|[<>\r&]|[\x00-\x08\x0b\x0c\x0e-\x1f]")
_ENTITY = re.compile(rb"&([A-Za-z_][\w.-]*|#[0-9]+|#x[0-9A-Fa-f]+);")
_XML_ENTITIES = {b"amp", b"lt", b"gt", b"quot", b"apos"}

TEXT, TAG, CDATA, COMMENT = range(4)
_PROLOG_LIMIT = 1 << 20

ATOM = "http://www.w3.org/2005/Atom"
_ROOT_RSS = re.compile(rb"<rss(?=[\s>/])")
_ATOM_DECLARED = re.compile(rb"\sxmlns:atom\s*=")


@dataclass(frozen=True, slots=True)
class Repair:
    """A change the recover mode made to the input."""

    line: int
    column: int
    code: str
    message: str


class PrologError(Exception):
    """The prolog holds a DOCTYPE or an entity declaration."""

    def __init__(self, line: int, what: str) -> None:
        super().__init__(what)
        self.line = line
        self.what = what


def _margin_cut(data: bytes) -> int:
    """Where to cut ``data``, a long line without a '>': after white space, which no
    token or entity holds, else in the margin but before a marker (at most 9 bytes,
    from a '<') or a reference that could reach over the cut."""
    margin = len(data) - _CARRY
    space = data.rfind(b" ", 0, margin) + 1 or data.rfind(b"\t", 0, margin) + 1
    if space:
        return space
    marker = data.rfind(b"<", margin - 8, margin)
    reference = data.rfind(b"&", max(margin - _CARRY, 0), margin)
    return max(marker, reference) if max(marker, reference) > 0 else margin


def open_source(source: str | BinaryIO) -> tuple[BinaryIO, str]:
    """Open a path (``.gz`` or gzip content included), ``-`` for stdin, or a file object."""
    if isinstance(source, str):
        if source == "-":
            return _maybe_gunzip(sys.stdin.buffer), "<stdin>"
        raw: BinaryIO = open(source, "rb")  # noqa: SIM115 - closed by the reader
        return _maybe_gunzip(raw), source
    return _maybe_gunzip(source), getattr(source, "name", "<stream>")


def _maybe_gunzip(raw: BinaryIO) -> BinaryIO:
    buffered: Any = raw if hasattr(raw, "peek") else io.BufferedReader(cast(Any, raw))
    if buffered.peek(2)[:2] == b"\x1f\x8b":
        return cast(BinaryIO, gzip.GzipFile(fileobj=buffered, mode="rb"))
    return cast(BinaryIO, buffered)


class ByteSource:
    """A file-like ``read(n)`` that lxml pulls from; see the module docstring."""

    def __init__(self, raw: BinaryIO, *, recover: bool = False) -> None:
        self._raw = raw
        self._recover = recover
        self._carry = b""
        self._prolog: bytes | None = b""  # None once the root element has started
        self._state = TEXT
        self._line = 1
        """The line a chunk starts at, kept in recover mode only (for repairs)."""
        self._column = 0  # bytes of the current line in earlier chunks
        self._text_before = False
        """Whether a body starts inside a run of text (since the last '>') that is not
        blank in earlier bodies (``_in_text`` looks at the whole run)."""
        self._eof = False
        self._passthrough = False
        self._root_start = 0
        self._root_end: int | None = None
        """Where the root start tag ends in the prolog, once it is complete."""
        self.root_line = 1
        """The line the root start tag begins on, as libxml2 names it in a message
        ("tag rss line 2"; the element's ``sourceline`` is that of its '>')."""
        self.bytes_read = 0
        self.repairs: list[Repair] = []
        self.declared_atom = False
        """Whether the root tag lacked ``xmlns:atom`` and got it here."""
        self.before_read: Callable[[], None] | None = None
        """Called before each piece is handed on; it may raise to stop the parse
        (the reader's ``firsterror.Watch``: lxml has seen a fatal error)."""

    def read(self, size: int = -1) -> bytes:
        if self.before_read is not None:
            self.before_read()
        while True:
            chunk = self._raw.read(size if size and size > 0 else 1 << 16)
            self.bytes_read += len(chunk)
            if not chunk:
                self._eof = True
            out = self._process(chunk)
            if out or self._eof:
                return out

    def close(self) -> None:
        self._raw.close()

    def _process(self, chunk: bytes) -> bytes:
        if (
            self._prolog is None
            and not self._passthrough
            and not self._recover
            and (last := chunk.rfind(b"\n")) >= 0
        ):
            # The usual chunk: past the prolog, with a line break. The body ends at its
            # last one, as below (the carry holds none), made with one copy, not three.
            cut = last + 1
            body = self._carry + memoryview(chunk)[:cut] if self._carry else chunk[:cut]
            self._carry = chunk[cut:]
            return self._pass_on(body)
        data = self._carry + chunk
        if self._prolog is not None:
            self._prolog += chunk
            if self._prolog.startswith((b"\xff\xfe", b"\xfe\xff")):
                self._passthrough = True
                self._prolog = None  # not kept: it would grow with the whole file
            elif len(self._prolog) > _PROLOG_LIMIT:
                # libxml2 is configured to load no DTD and resolve nothing anyway.
                self._prolog = None
            else:
                self._check_prolog(self._prolog)
                if self._prolog is not None and not self._eof:
                    # Held back until the root tag is complete: the declaration may
                    # have to go into it. Nothing was handed on yet, so ``data`` is
                    # the prolog, positions included.
                    self._carry = data
                    return b""
                if self._root_end is not None:
                    data = self._declare_atom(data)
        if self._passthrough:
            self._carry = b""
            return data
        if self._eof:
            body, self._carry = data, b""
        else:
            # Cut after a newline or a '>', which no token or entity spans; without
            # either, wait for more bytes (up to a bound, then keep a margin).
            cut = data.rfind(b"\n") + 1 or data.rfind(b">") + 1
            if not cut and len(data) > _LONG_LINE:
                cut = _margin_cut(data)
            if (
                self._recover
                and 0 <= (end := data.find(b"]]>", max(len(data) - _LOOKAHEAD - 2, 0))) < cut
            ):
                # A repair looks past a ']]>' (``_rewrite``): the bytes it looks at are
                # read, as if the file came whole. The cut goes before it.
                cut = end
            body, self._carry = data[:cut], data[cut:]
        return self._pass_on(body)

    def _pass_on(self, body: bytes) -> bytes:
        """``body`` as the parser gets it: rewritten where it has to be."""
        # A CR in text is kept raw when its run (from the last '>' to the next '<') is
        # blank. The body's last run goes on in the next body: a blank one holding a
        # CR waits for it (from after the '>', which no token spans), and whether it
        # is blank so far is kept for the next body's CRs.
        gt = body.rfind(b">")
        tail = body[gt + 1 :]
        text_after = bool(tail.strip()) or (gt < 0 and self._text_before)
        if not text_after and b"\r" in tail and not self._eof and len(tail) < _BLANK_LIMIT:
            self._carry = tail + self._carry
            body = body[: gt + 1]
        if self._recover or b"\r" in body:
            out = self._rewrite(body)
        else:
            self._skim(body)
            out = body
        self._text_before = text_after
        newline = body.rfind(b"\n")
        self._column = len(body) - newline - 1 if newline >= 0 else self._column + len(body)
        return out

    def _in_text(self, body: bytes, pos: int) -> bool:
        """Whether a CR outside markup belongs to real text, not to the blank space
        between tags. The prolog and the epilog allow no character references, and
        only blank space is allowed there, so blank runs are never rewritten."""
        before = body.rfind(b">", 0, pos) + 1
        if not before and self._text_before:
            return True
        after = body.find(b"<", pos)
        return bool(body[before : after if after >= 0 else len(body)].strip())

    def _check_prolog(self, data: bytes) -> None:
        """Look at what comes before the root element; stop once it has started."""
        pos = 3 if data.startswith(b"\xef\xbb\xbf") else 0
        while True:
            while pos < len(data) and data[pos] in b" \t\r\n":
                pos += 1
            if pos >= len(data) - 1:
                return  # need more bytes
            if data.startswith(b"<?", pos):
                end = data.find(b"?>", pos)
            elif data.startswith(b"<!--", pos):
                end = data.find(b"-->", pos)
                end = end + 1 if end >= 0 else end
            elif data.startswith(b"<!", pos):
                head = data[pos : pos + 9].upper()
                if len(head) < 9 and not self._eof:
                    return
                what = "entity declaration" if head.startswith(b"<!ENTITY") else "DOCTYPE"
                raise PrologError(data.count(b"\n", 0, pos) + 1, what)
            else:
                # The root start tag: the prolog ends where it does.
                end = data.find(b">", pos)
                if end < 0 and not self._eof:
                    return  # need more bytes
                self._root_start, self._root_end = pos, end
                self.root_line = data.count(b"\n", 0, pos) + 1
                self._prolog = None
                return
            if end < 0:
                return
            pos = end + 2

    def _declare_atom(self, data: bytes) -> bytes:
        """``data`` (the prolog and what follows) with ``xmlns:atom`` in an ``<rss>`` root
        tag that lacks it."""
        start, end = self._root_start, self._root_end
        self._root_end = None
        if end is None or end < 0 or not _ROOT_RSS.match(data, start):
            return data
        if _ATOM_DECLARED.search(data, start, end):
            return data
        self.declared_atom = True
        at = start + len(b"<rss")
        return data[:at] + b' xmlns:atom="' + ATOM.encode() + b'"' + data[at:]

    def _skim(self, body: bytes) -> None:
        """Track the state at the end of a chunk without rewriting it (the fast path).

        Lines are not counted: only repairs use them, and they are made in recover
        mode, which never takes this path (counting cost a pass over every byte)."""
        state = self._end_state(body)
        if state is None:
            self._rewrite(body)  # no CR, not recover: it only walks to the end state
        else:
            self._state = state

    def _end_state(self, body: bytes) -> int | None:
        """The state ``_rewrite`` would end ``body`` in, read off its last markers, or
        None where they leave a doubt (a comment may be open around them, a stray
        ']]>' or '-->'): the walk then decides.

        Each marker is a token wherever it stands (no token ends with the bytes it
        starts with), except a '-->' sharing its dashes with a '<!--'."""
        opened, closed = body.rfind(b"<![CDATA["), body.rfind(b"]]>")
        if opened > closed:
            # A section starts there (or goes on) unless a comment is open: no ']]>' after.
            return CDATA if self._no_comment_at(body, opened) else None
        if closed >= 0:
            # The last ']]>' ends a section if one is open there: one opened after the
            # ']]>' before it, or at the start, with no ']]>' before it.
            earlier = body.rfind(b"]]>", 0, closed)
            if opened > earlier:
                if not self._no_comment_at(body, opened):
                    return None
            elif earlier >= 0 or self._state != CDATA:
                return None
            start, state = closed + 3, TEXT
        elif self._state == CDATA:
            return CDATA
        else:
            start, state = 0, self._state
        # From ``start``: no CDATA marker. Without comment markers, only '<' and '>'.
        if body.find(b"-->", start) >= 0:
            return None
        if state == COMMENT:
            return COMMENT
        if body.find(b"<!--", start) >= 0:
            return None
        lt, gt = body.rfind(b"<", start), body.rfind(b">", start)
        return TAG if lt > gt else TEXT if gt > lt else state

    def _no_comment_at(self, body: bytes, pos: int) -> bool:
        """Whether the walk is surely outside a comment at ``pos`` (False: not sure)."""
        opener = body.rfind(b"<!--", 0, pos)
        if opener < 0:
            return self._state != COMMENT or body.rfind(b"-->", 0, pos) >= 0
        # A '-->' after the last opener (not sharing its dashes) closes any comment
        # open there; none opens again before ``pos``. (Searched forward: it is
        # usually right after the opener.)
        return body.find(b"-->", opener + 4, pos) >= 0

    def _rewrite(self, body: bytes) -> bytes:
        """Walk the tokens of a chunk, rewriting CRs (and repairing in recover mode)."""
        out: list[bytes] = []
        last = 0
        state = self._state
        for m in _TOKENS.finditer(body):
            tok = m.group()
            start = m.start()
            if tok == b"\r":
                if state == CDATA:
                    out.append(body[last:start] + b"]]>&#13;<![CDATA[")
                    last = m.end()
                elif state == TEXT and self._in_text(body, start):
                    out.append(body[last:start] + b"&#13;")
                    last = m.end()
                continue
            if state == CDATA:
                if tok == b"]]>":
                    # A real end of CDATA is followed by markup or a character
                    # reference (``]]>&#13;<![CDATA[`` is how CRs are protected).
                    follows = body[m.end() : m.end() + _LOOKAHEAD]
                    if len(follows) < _LOOKAHEAD:  # the next body's first bytes, as if whole
                        follows = (follows + self._carry)[:_LOOKAHEAD]
                    follows = follows.lstrip()
                    if (
                        self._recover
                        and follows
                        and not follows.startswith(b"<")
                        and not _ENTITY.match(follows)
                    ):
                        self._add_repair(body, start, "unescaped ']]>' inside CDATA kept as text")
                        out.append(body[last:start] + b"]]]]><![CDATA[>")
                        last = m.end()
                    else:
                        state = TEXT
                elif len(tok) == 1 and tok < b"\x20" and self._recover:
                    out.append(body[last:start])
                    last = m.end()
                    self._control(body, start)
                continue
            if state == COMMENT:
                if tok == b"-->":
                    state = TEXT
                continue
            if tok == b"<![CDATA[":
                state = CDATA
            elif tok == b"<!--":
                state = COMMENT
            elif tok == b"<":
                state = TAG
            elif tok == b">":
                state = TEXT
            elif tok == b"&" and self._recover:
                ref = _ENTITY.match(body, start)
                if ref is None or not (ref.group(1)[0] == 35 or ref.group(1) in _XML_ENTITIES):
                    what = "raw '&'" if ref is None else f"undefined entity {ref.group().decode()}"
                    self._add_repair(body, start, f"{what} escaped as '&amp;'")
                    out.append(body[last:start] + b"&amp;")
                    last = m.end()
            elif len(tok) == 1 and tok < b"\x20" and self._recover:
                out.append(body[last:start])
                last = m.end()
                self._control(body, start)
        out.append(body[last:])
        self._state = state
        if self._recover:  # lines locate repairs; there are none otherwise
            self._line += body.count(b"\n")
        return b"".join(out)

    def _control(self, body: bytes, pos: int) -> None:
        self._add_repair(body, pos, f"control character 0x{body[pos]:02x} removed", "WXR103")

    def _add_repair(self, body: bytes, pos: int, message: str, code: str = "WXR109") -> None:
        line = self._line + body.count(b"\n", 0, pos)
        newline = body.rfind(b"\n", 0, pos)
        column = pos - newline if newline >= 0 else self._column + pos + 1
        self.repairs.append(Repair(line, column, code, message))

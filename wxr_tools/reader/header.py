"""The channel's own elements, read into an export: the site's fields and WXR version,
the authors and terms (wherever they stand in the channel), and what stands after the
first item. ``Export`` is a ``ChannelHeader``: the items are read there, this is the rest.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from lxml import etree

from wxr_tools.diagnostics import NAME, Diagnostic, InputError, cut, shown
from wxr_tools.model import Author, Extra, Site, Term
from wxr_tools.reader.channel import is_term, read_author, read_term, wrapped_value
from wxr_tools.reader.elements import WP_NS, FieldReader, classify, extra_of, text_of
from wxr_tools.reader.stream import ATOM, ByteSource

if TYPE_CHECKING:
    from wxr_tools.reader.segments import Header

_VERSION = re.compile(r"^\d+\.\d+$")
_ATOM_TAG = f"{{{ATOM}}}"
KNOWN_VERSIONS = ("1.0", "1.1", "1.2")

_SITE_TEXT = {
    "title": "title",
    "link": "link",
    "description": "description",
    "language": "language",
    "pubDate": "pub_date",
    "generator": "generator",
    "wp:base_site_url": "base_site_url",
    "wp:base_blog_url": "base_blog_url",
}


class ChannelHeader:
    """What an export reads of its channel besides the items (``Export`` sets the state)."""

    path: str
    recover: bool
    site: Site
    authors: list[Author]
    terms: list[Term]
    diagnostics: list[Diagnostic]
    items_read: int
    namespaces: dict[str, str]
    tag_lines: tuple[tuple[str, int], ...]
    _stream: ByteSource
    _fields: FieldReader
    _line_offset: int
    _header_done: bool

    def _use_header(self, header: Header) -> None:
        self._header_done = True
        self.site = header.site
        self.authors = list(header.authors)
        self.terms = list(header.terms)

    def _fatal(self, code: str, message: str, line: int | None, column: int | None = None) -> None:
        diagnostic = Diagnostic(
            code=code, message=message, path=self.path, line=line, column=column
        )
        raise InputError(diagnostic, self.items_read)

    def _read_header(
        self, channel: etree._Element | None, first_item: etree._Element | None
    ) -> None:
        self._header_done = True
        if channel is None and first_item is not None and self.recover:
            # A bare <item> document (a fragment, not an export): read its items anyway.
            message = "not a WXR file: the root element is <item>, not <rss>"
            self.diagnostics.append(Diagnostic(code="WXR100", message=message, path=self.path))
            return
        root = channel.getparent() if channel is not None else None
        if channel is not None:
            self.namespaces = {k or "": v for k, v in channel.nsmap.items()}
            # A start tag on one line, as channel's always is: its '>' line is its first.
            self.tag_lines = (("channel", channel.sourceline or 1),)
        if root is not None:
            self.tag_lines = (("rss", self._stream.root_line), *self.tag_lines)
        if channel is None or root is None or channel.tag != "channel" or root.tag != "rss":
            message = "not a WXR file: the root element is not <rss><channel>"
            if not self.recover or channel is None:
                self._fatal("WXR100", message, 1)
            # Recover mode reads items wherever they are (e.g. a lone <item> fragment).
            self.diagnostics.append(Diagnostic(code="WXR100", message=message, path=self.path))
            if root is None:
                root = channel
        assert channel is not None and root is not None  # for mypy: _fatal raised otherwise
        values: dict[str, str] = {}
        extra: list[Extra] = []
        version_el: etree._Element | None = None
        atom_line: int | None = None
        for child in list(channel):
            if child is first_item:
                break
            if not isinstance(child.tag, str):
                continue
            if child.tag == "item":
                break
            if atom_line is None and child.tag.startswith(_ATOM_TAG):
                # WordPress.com's <atom:link>: did the stream have to declare its prefix?
                atom_line = child.sourceline
            name = classify(child.tag)
            if name == "wp:wxr_version":
                version_el = child
            elif name in _SITE_TEXT:
                values[_SITE_TEXT[name]] = text_of(child).strip()
            elif not self._read_channel_entry(name, child):
                extra.append(extra_of(child))
            channel.remove(child)
        values.setdefault("base_blog_url", values.get("base_site_url", ""))
        if not values["base_blog_url"]:
            values["base_blog_url"] = values.get("base_site_url", "")
        if atom_line is not None and self._stream.declared_atom:
            message = f"the atom: prefix is used without being declared; read as {ATOM}"
            self.diagnostics.append(
                Diagnostic(code="WXR112", message=message, path=self.path, line=atom_line)
            )
        version, namespace = self._check_version(version_el, root)
        self.site = Site(wxr_version=version, namespace=namespace, extra=tuple(extra), **values)

    def _read_channel_entry(self, name: str, el: etree._Element) -> bool:
        """Authors and terms, wherever they stand in the channel."""
        if name in ("wp:author", "wp:wp_author"):
            self.authors.append(read_author(el, self._fields))
        elif is_term(name):
            self.terms.append(read_term(name, el, self._fields))
        else:
            return False
        if not self._reindented and (line := wrapped_value(el)) is not None:
            self._reindented = True
            message = (
                "values are wrapped in line breaks, as an XML formatter leaves them: read "
                "without them; the formatter may also have joined the lines of texts "
                "(paragraphs of classic posts, code): export again from WordPress if you can"
            )
            self.diagnostics.append(
                Diagnostic(
                    code="WXR113",
                    message=message,
                    path=self.path,
                    line=line + self._line_offset,
                )
            )
        return True

    def _check_version(self, el: etree._Element | None, root: etree._Element) -> tuple[str, str]:
        version = text_of(el).strip() if el is not None else ""
        namespace = ""
        if el is not None and str(el.tag).startswith("{"):
            namespace = str(el.tag)[1:].split("}", 1)[0]
        else:
            namespace = next((u for u in root.nsmap.values() if u and WP_NS.match(u)), "")
        line = el.sourceline if el is not None else None
        if not _VERSION.match(version):
            what = "no wp:wxr_version"
            if el is not None:
                what = f"invalid WXR version {shown(version)}"
            message = f"not a WXR file: {what}"
            if not self.recover:
                # WordPress's importer refuses it too; other tools' exports (a
                # <wp:version>, a hand-made feed) are often readable all the same.
                self._fatal("WXR104", f"{message} (--recover reads it as WXR 1.2)", line)
            self.diagnostics.append(
                Diagnostic(code="WXR104", message=message, path=self.path, line=line)
            )
        elif version not in KNOWN_VERSIONS:
            self.diagnostics.append(
                Diagnostic(
                    code="WXR105",
                    message=f"WXR version {cut(version)} is newer than 1.2; read as 1.2",
                    path=self.path,
                    line=line,
                )
            )
        return version, namespace

    def _read_late(self, root: etree._Element | None) -> None:
        """Channel elements written after the first item: read, and reported."""
        channel = root.find("channel") if root is not None else None
        if channel is None:
            return
        extra: list[Extra] = []
        for child in channel:
            if not isinstance(child.tag, str) or child.tag == "item":
                continue
            name = classify(child.tag)
            if not self._read_channel_entry(name, child):
                extra.append(extra_of(child, self._line_offset))
            line = child.sourceline
            self.diagnostics.append(
                Diagnostic(
                    code="WXR106",
                    message=f"{cut(name.lstrip('?'), NAME)} appears after the first item",
                    path=self.path,
                    line=line + self._line_offset if line is not None else None,
                )
            )
        if extra:
            from dataclasses import replace

            self.site = replace(self.site, extra=self.site.extra + tuple(extra))

    _reindented = False
    """Whether WXR113 was reported: once a file."""

    def derive_author(self, login: str) -> None:
        # WXR 1.0 has no author blocks: authors come from dc:creator, as the importer does.
        login = login.strip()
        if login and all(a.login != login for a in self.authors):
            self.authors.append(Author(id=None, login=login, display_name=login, derived=True))

"""Redirect maps from every old URL to the new one: nginx, Apache, Netlify, CSV.

Any writer that knows where items went can fill a ``RedirectMap`` (``add``) and write
it in one of four forms (``render``). Sources are site paths as the old site served
them, query included (``/?p=12`` is how WordPress's short links look): server maps
match those, which static-site aliases cannot. A source claimed by two items keeps
the first one (export order) and the clash is reported (WXR411); an old URL that is now
another page's URL is left out, as it would hide that page (WXR415). The rules wait for
``render`` in a scratch database (``wxr_tools.scratch``), not in memory.

=========  =====================  ==========================================================
format     file                   use
=========  =====================  ==========================================================
nginx      redirects.nginx.conf   ``include`` it in ``http {}``; in ``server {}``:
                                  ``if ($wxr_redirect) { return 301 $wxr_redirect; }``
apache     redirects.apache.conf  ``Include`` it in the virtual host, or paste it into
                                  ``.htaccess`` (mod_alias and mod_rewrite)
netlify    _redirects             Netlify's, Cloudflare Pages' and GitLab Pages' format,
                                  published as is; families of rules are placeholder rules
                                  (``redirectfamilies``), as those hosts limit the count;
                                  a rule holding ``:`` or ``*`` is left out (WXR418)
csv        redirects.csv          ``from,to,item_id``: for anything else
ghost      redirects.yaml         Ghost's (Settings > Labs > Redirects, or
                                  ``content/data/``): ``301:``, each old path a regular
                                  expression, anchored; query rules are left out (Ghost
                                  matches the path only)
=========  =====================  ==========================================================
"""

from __future__ import annotations

import csv
import io
import re
import string
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from types import TracebackType
from urllib.parse import quote, unquote_to_bytes

from wxr_tools.scratch import Scratch, id_key
from wxr_tools.urlparts import dot_segment, split_address
from wxr_tools.writers.redirectfamilies import NetlifyCounts, NetlifyRules, netlify_rules

FILE_NAMES = {
    "nginx": "redirects.nginx.conf",
    "apache": "redirects.apache.conf",
    "netlify": "_redirects",
    "csv": "redirects.csv",
    "ghost": "redirects.yaml",
}
# Characters left as they are in a path; anything else (spaces, quotes, $...) is
# percent-encoded so that no server configuration syntax can be injected by an export.
_SAFE = "/?=&%:@!*+,;-._~'()"
_HEADER = "Redirects from the old WordPress URLs to the new site, written by wxr_tools."


@dataclass(frozen=True, slots=True)
class Redirect:
    source: str
    target: str
    item_id: int | None


Rules = Callable[[], Iterator[Redirect]]
"""Every rule in the order added: a fresh pass each call (a renderer may need two)."""


class RedirectMap:
    """Old URL -> new URL, the first item that claims an old URL keeping it."""

    def __init__(self, scratch: Scratch | None = None) -> None:
        self.scratch = scratch if scratch is not None else Scratch()
        self._owns_scratch = scratch is None
        self._db = self.scratch.db
        # seq: the order rules were added, which is the order they are written in.
        name = self.scratch.table(
            "redirects",
            "seq INTEGER PRIMARY KEY, source TEXT NOT NULL UNIQUE, target TEXT NOT NULL, item_id",
        )
        self._find = f"SELECT source, target, item_id FROM {name} WHERE source = ?"
        self._insert = f"INSERT INTO {name} (source, target, item_id) VALUES (?, ?, ?)"
        to_drop = "WHERE target IN (SELECT target FROM {})"
        self._drop = f"DELETE FROM {name} {to_drop}"
        self._dropping = f"SELECT COUNT(DISTINCT item_id) FROM {name} {to_drop}"
        # Every page's new URL (without its trailing slash): an old URL that is one of
        # them is served by that page, and a redirect there would hide it.
        pages = self.scratch.table("redirect_pages", "path TEXT PRIMARY KEY", rowid=False)
        self._page = f"INSERT OR IGNORE INTO {pages} VALUES (?)"
        self._pages = f"SELECT path FROM {pages} ORDER BY path"
        is_page = f"rtrim(source, '/') IN (SELECT path FROM {pages})"
        columns = f"SELECT source, target, item_id FROM {name}"
        self._all = f"{columns} WHERE NOT {is_page} ORDER BY seq"
        self._shadowed = f"{columns} WHERE {is_page} ORDER BY seq"
        self._seen = self.scratch.table("redirects_seen", "key TEXT PRIMARY KEY", rowid=False)
        self.clashes: list[tuple[Redirect, Redirect]] = []
        """(kept, refused) pairs: one old URL that two items claim."""
        self.netlify: NetlifyCounts | None = None
        """The rules of the last ``_redirects`` rendered, by kind."""
        self.left_out = 0
        """Rules the last rendering could not hold (Ghost's: those with a query)."""
        self.dotted: list[Redirect] = []
        """Rules left out: an address with a ``.`` or ``..`` segment (``dot_segment``)."""

    def add(
        self, old_urls: Iterable[str], target: str, item_id: int | None, *, quiet: bool = False
    ) -> None:
        """Redirect each of ``old_urls`` to ``target`` (both made site-relative).

        ``target`` is a page of the new site: no rule redirects from it, whenever added.
        ``quiet``: an old URL another item claimed is not a clash to report (an address
        derived from an old URL, such as its feed's, clashes when that URL does, which
        is reported already).
        """
        target = _clean(site_path(target))
        # A server resolves the dots of an address (decoded): /2024/06/../ is the
        # month's page, which the rule would take over, or send elsewhere.
        dotted = dot_segment(target.partition("?")[0])
        if not dotted:
            self._db.execute(self._page, (target.rstrip("/"),))
        for url in old_urls:
            source = _clean(site_path(url))
            if source in ("/", "") or source.rstrip("/") == target.rstrip("/"):
                continue
            if dotted or dot_segment(source.partition("?")[0]):
                self.dotted.append(Redirect(source, target, item_id))
                continue
            row = self._db.execute(self._find, (source,)).fetchone()
            if row is None:
                self._db.execute(self._insert, (source, target, id_key(item_id)))
            elif row[1] != target and not quiet:
                self.clashes.append((_redirect(row), Redirect(source, target, item_id)))

    def drop_targets(self, targets: Iterable[str]) -> int:
        """Delete every rule to one of ``targets`` (files the output turned out not to
        hold); the number of items whose rules went."""
        cleaned = {_clean(site_path(t)) for t in targets}
        if not cleaned:
            return 0
        # One pass over the rules, each looked up in a keyed table: a run whose old site
        # is gone can lack thousands of files.
        dropped = self.scratch.table("redirects_dropped", "target TEXT PRIMARY KEY", rowid=False)
        self._db.executemany(f"INSERT INTO {dropped} VALUES (?)", ((t,) for t in cleaned))
        (items,) = self._db.execute(self._dropping.format(dropped)).fetchone()
        self._db.execute(self._drop.format(dropped))
        return int(items)

    def page(self, url: str) -> None:
        """``url`` is a page (or file) of the new site that no rule may redirect: one
        that is no item's or archive's URL, such as a media file's."""
        self._db.execute(self._page, (_clean(site_path(url)).rstrip("/"),))

    def pages(self) -> Iterator[str]:
        """Every page of the new site known to the map (without its trailing slash)."""
        return (row[0] or "/" for row in self._db.execute(self._pages))

    def rules(self) -> Iterator[Redirect]:
        """Every rule, in the order added, but those from a page's URL (``shadowed``)."""
        return map(_redirect, self._db.execute(self._all))

    def shadowed(self) -> Iterator[Redirect]:
        """The rules left out: their old URL is now another page's URL."""
        return map(_redirect, self._db.execute(self._shadowed))

    def render(self, fmt: str) -> bytes:
        renderers = {
            "nginx": self._nginx,
            "apache": _apache,
            "netlify": self._netlify,
            "csv": _csv,
            "ghost": self._ghost,
        }
        return renderers[fmt](self.rules).encode("utf-8")

    def _ghost(self, rules: Rules) -> str:
        text, self.left_out = _ghost(rules)
        return text

    def _netlify(self, rules: Rules) -> str:
        decided = netlify_rules(
            lambda: ((r.source, r.target) for r in rules()), self.pages(), self.scratch
        )
        text, self.netlify = _netlify(rules, decided)
        self.left_out = len(self.netlify.unsafe)
        return text

    def _nginx(self, rules: Rules) -> str:
        # Sources already written: a table, since there is one (or two) per rule.
        insert = f"INSERT OR IGNORE INTO {self._seen} VALUES (?)"
        self._db.execute(f"DELETE FROM {self._seen}")

        def first_time(source: str) -> bool:
            before = self._db.total_changes
            self._db.execute(insert, (source,))
            return self._db.total_changes > before

        return _nginx(rules, first_time)

    def close(self) -> None:
        """Delete the rules' database (when the map opened its own)."""
        if self._owns_scratch:
            self.scratch.close()

    def __enter__(self) -> RedirectMap:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()


def clash_message(kept: Redirect, refused: Redirect) -> str:
    """WXR411's words: an old URL two items claim, and where it redirects."""
    return (
        f"old URL {kept.source} belongs to {two_items(kept.item_id, refused.item_id)}: "
        f"it redirects to {kept.target} ({first_item(kept.item_id, refused.item_id)})"
    )


def two_items(first: int | None, second: int | None) -> str:
    """Two items a message names: by their ids, or, when the export gave both the same
    id ("items 1 and 1" reads as a slip), as two items with that id."""
    if first == second:
        return f"two items with id {first} (the export repeats it, WXR200)"
    return f"items {first} and {second}"


def first_item(first: int | None, second: int | None) -> str:
    """The item of ``two_items`` that kept what both wanted."""
    return f"the first item {first}" if first == second else f"item {first}"


def dotted_message(source: str, target: str, what: str = "rule") -> str:
    """WXR427's words: no redirect ``what`` (a map's rule, a generator's page) from an
    old URL to ``target``, one of them having a ``.`` or ``..`` segment."""
    return (
        f"no redirect {what} from {source} to {target}: a '.' or '..' segment, "
        "resolved, makes it another page's address"
    )


def _redirect(row: tuple[str, str, int | str | None]) -> Redirect:
    source, target, item_id = row
    return Redirect(source, target, None if item_id is None else int(item_id))


def site_path(url: str) -> str:
    """The path (and query) of a URL, as a site-relative link: ``/a/b/?p=1``."""
    url = url.strip()
    if (
        url[:1] == "/"
        and url[1:2] != "/"
        # Not a character urlsplit removes wherever it is: three scans of the text
        # cost less than a set of its characters.
        and "\n" not in url
        and "\t" not in url
        and "\r" not in url
    ):
        # Already site-relative (an item's new URL): what urlsplit would give, without
        # it (placing an item asks for its URL and each of its old ones).
        path, _, query = url.partition("#")[0].partition("?")
        return path + (f"?{query}" if query else "")
    if (url[:7] == "http://" or url[:8] == "https://") and "#" not in url:
        # An http(s) address with no fragment and no character urlsplit removes (an
        # item's link, its old URLs): cut where ``split_url`` cuts it, without building
        # the split (placing an item asks for each of its old URLs). A host with a
        # bracket (IPv6, which urlsplit checks) or not ASCII goes the long way.
        query_at = url.find("?")
        head = url if query_at < 0 else url[:query_at]
        start = 8 if url[4] == "s" else 7
        slash = head.find("/", start)
        host = head[start:slash] if slash >= 0 else head[start:]
        if (
            "\n" not in url
            and "\t" not in url
            and "\r" not in url
            and "[" not in host
            and "]" not in host
            and host.isascii()
        ):
            path = head[slash:] if slash >= 0 else "/"
            query = url[query_at + 1 :] if query_at >= 0 else ""
            return path + (f"?{query}" if query else "")
    # An address urllib cannot split ("http://[::1/x/") is "/", which no rule redirects
    # from and no page is placed at.
    parts = split_address(url)
    path = parts.path or "/"
    if not path.startswith("/"):
        path = "/" + path
    return path + (f"?{parts.query}" if parts.query else "")


_PCRE_SPECIAL = re.compile(r"([.^$*+?()\[\]{}|\\])")


def _pcre(text: str) -> str:
    """``text`` as a literal in a PCRE pattern (re.escape also escapes '-', '/'...)."""
    return _PCRE_SPECIAL.sub(r"\\\1", text)


def _clean(path: str) -> str:
    return quote(path, safe=_SAFE)


def _nginx(rules: Rules, first_time: Callable[[str], bool]) -> str:
    lines = [
        f"# {_HEADER}",
        "# In http {}:   include redirects.nginx.conf;",
        "# In server {}: if ($wxr_redirect) { return 301 $wxr_redirect; }",
        "map $request_uri $wxr_redirect {",
    ]
    for r in rules():
        sources = [r.source]
        path, _, query = r.source.partition("?")
        if not query and path.endswith("/") and len(path) > 1:
            sources.append(path.rstrip("/"))  # WordPress answered both forms
        # $request_uri is the address as the browser sent it: WordPress's links say
        # %e8%b0, an address typed or pasted comes as %E8%B0.
        sources += [upper for s in sources if (upper := _upper_escapes(s)) != s]
        for source in sources:
            if first_time(source):
                lines.append(f'    "{source}" "{r.target}";')
    lines.append("}")
    return "\n".join(lines) + "\n"


def _upper_escapes(text: str) -> str:
    return _ESCAPE.sub(lambda m: m[0].upper(), text)


_PLAIN = frozenset(string.ascii_letters + string.digits + "-/_~")


def _apache_path(path: str) -> str:
    """``path`` as a PCRE matching what Apache matches (RedirectMatch and RewriteRule
    see the %-decoded path: ``/caf%C3%A9/`` arrives as the bytes of ``/café/``): letters,
    digits and ``-/_~`` as they are, ``.`` escaped, any other byte as ``\\xHH``, so that
    no space, quote or regex character reaches the configuration's syntax."""
    out = []
    for byte in unquote_to_bytes(path):
        char = chr(byte)
        out.append(char if char in _PLAIN else "\\." if char == "." else f"\\x{byte:02x}")
    return "".join(out)


def _rewrite_target(target: str) -> str:
    """A RewriteRule substitution: ``%1`` and ``$1`` there are back-references (a
    ``%20`` would be cut), so ``%`` and ``$`` are escaped; the rule's NE flag keeps
    mod_rewrite from escaping the ``%`` of ``%C3%A9`` again."""
    return target.replace("%", "\\%").replace("$", "\\$")


def _apache(rules: Rules) -> str:
    lines = [f"# {_HEADER}"]
    queries = False
    for r in rules():
        if "?" in r.source:
            queries = True
            continue
        pattern = _apache_path(r.source.rstrip("/")) + "/?"
        lines.append(f"RedirectMatch 301 ^{pattern}$ {r.target}")
    if queries:
        lines.append("RewriteEngine On")
        for r in (r for r in rules() if "?" in r.source):
            path, _, query = r.source.partition("?")
            pattern = _apache_path(path.lstrip("/"))
            # The query string is matched as sent (not decoded).
            lines.append(f"RewriteCond %{{QUERY_STRING}} ^{_pcre(query)}$")
            # The trailing "?" drops the old query string from the new URL.
            target = _rewrite_target(r.target)
            lines.append(f"RewriteRule ^/?{pattern}$ {target}? [R=301,L,NE]")
    return "\n".join(lines) + "\n"


_HOST_SYNTAX = re.compile(r"[:*]")
"""What Netlify, Cloudflare Pages and GitLab Pages read in a ``_redirects`` rule as a
placeholder (``:slug``) or a splat (``*``). None of them documents a way to write the
character itself, nor whether ``%3A`` matches a request's ``:`` (browsers send ``:`` and
``*`` as they are): a rule holding one is left out, lest it catch other pages."""


def _netlify(rules: Rules, decided: NetlifyRules) -> tuple[str, NetlifyCounts]:
    lines = [f"# {_HEADER}"]
    static = queries = 0
    unsafe: list[tuple[str, str, int | None]] = []
    for r in rules():
        path, _, query = r.source.partition("?")
        if _HOST_SYNTAX.search(r.source) or _HOST_SYNTAX.search(r.target):
            unsafe.append((r.source, r.target, r.item_id))
        elif query:
            params = " ".join(query.split("&"))
            lines.append(f"{path} {params} {r.target} 301")
            queries += 1
        elif decided.family_of(r.source, r.target) is None:
            lines.append(f"{r.source} {r.target} 301")
            static += 1
    if decided.families:
        # Last: Cloudflare Pages wants the static rules first, and a literal rule that
        # a family would answer otherwise (a renamed slug) must win.
        lines.append("# Families of old URLs: a placeholder stands for one path segment.")
        lines.extend(f.line() for f in decided.families)
    counts = NetlifyCounts(static, queries, len(decided.families), tuple(unsafe))
    return "\n".join(lines) + "\n", counts


def _csv(rules: Rules) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["from", "to", "item_id"])
    for r in rules():
        writer.writerow([r.source, r.target, "" if r.item_id is None else r.item_id])
    return out.getvalue()


_ESCAPE = re.compile(r"%([0-9A-Fa-f]{2})")


def ghost_pattern(source: str) -> str:
    """``source`` (a path, percent-encoded) as the ``from`` of a Ghost redirect.

    Ghost reads ``from`` as a JavaScript regular expression searched in the request's
    path, adding ``/?$`` when it does not end with ``$``: so it is escaped, anchored at
    both ends, with its trailing slash optional (WordPress answered both forms). The
    hex digits of an escape match either case: browsers send ``%C3%A9``, WordPress's
    links say ``%c3%a9``.
    """
    pattern = _pcre(source.rstrip("/"))
    pattern = _ESCAPE.sub(lambda m: "%" + "".join(_either_case(c) for c in m[1]), pattern)
    return f"^{pattern}/?$"


def _either_case(digit: str) -> str:
    return f"[{digit.upper()}{digit.lower()}]" if digit.isalpha() else digit


def _yaml(text: str) -> str:
    """A single-quoted YAML scalar: backslashes stay as they are, quotes are doubled."""
    return "'" + text.replace("'", "''") + "'"


def _ghost(rules: Rules) -> tuple[str, int]:
    lines = [f"# {_HEADER}", "# Ghost admin: Settings > Labs > Redirects > Upload.", "301:"]
    left_out = 0
    for r in rules():
        if "?" in r.source:
            left_out += 1  # Ghost matches the path alone: /?p=12 would catch the home page
            continue
        lines.append(f"  {_yaml(ghost_pattern(r.source))}: {_yaml(r.target)}")
    if len(lines) == 3:
        lines[2] = "301: {}"  # no rule: an empty section, which Ghost accepts
    return "\n".join(lines) + "\n", left_out

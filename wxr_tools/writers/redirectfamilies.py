"""The ``_redirects`` file made small: families of literal rules as placeholder rules.

Netlify reads ``_redirects``, and so do Cloudflare Pages (at most 2,000 static and 100
dynamic rules, static ones first) and GitLab Pages (no rule at all past 1,000). A blog's
map has a literal rule per post, feed, archive page... so thousands. Most of them differ
only in segments the old and new URLs share: ``/2010/03/15/hello/`` to ``/2010/03/hello/``
is ``/:year/:month/:day/:slug/ /:year/:month/:slug/ 301`` for every post.

How (``netlify_rules``): each path rule gets a *shape*, its target written with the
source segments it copies (``/$0/$1/$3/``) and the positions of the source segments it
does not (the *free* ones, a day, ``archives``...). Rules of one shape are a family. A
free segment that is the same in every member stays literal, one that varies becomes a
placeholder. A family is written as one rule if:

* its rule catches no page of the new site (nor the path of a query rule, which hosts
  other than Netlify ignore): Cloudflare redirects even where a file exists. Otherwise
  its members are split by the first free segment that varies (one part for each of
  its values, where it is literal), each part tried in turn, and so on;
* following the file as the hosts do (``Follower``: static rules first, then the dynamic
  ones in order, first match wins, a placeholder matching one segment, the trailing
  slash optional), its members' old URLs reach their own targets, not another
  family's. A member that does not keeps its literal rule (static rules answer first);
  a family left with fewer than two members keeps them all.

Only the 100 largest families (Cloudflare's limit) are kept. Rules stay literal, before
the dynamic ones and in their order, when no family of two or more has them, when their
segments hold ``:`` or ``*`` (they would read as a placeholder or a splat), and for
queries (``/ p=12``). Shapes are grouped in the scratch database, not in memory.
"""

from __future__ import annotations

import ast
import re
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from wxr_tools.diagnostics import Diagnostic
from wxr_tools.digits import is_number
from wxr_tools.report import RunReport
from wxr_tools.scratch import Scratch

DYNAMIC_LIMIT = 100
"""Cloudflare Pages' limit of dynamic rules in ``_redirects``."""
STATIC_LIMIT = 2_000
"""Cloudflare Pages' limit of static rules."""
GITLAB_LIMIT = 1_000
"""GitLab Pages applies no rule of a file with more."""

Segments = tuple[str, ...]
Part = str | int
"""A target segment: literal text, or the position of the source segment it copies."""


@dataclass(frozen=True, slots=True)
class Family:
    """One placeholder rule: ``source`` (None where a placeholder is) to ``target``."""

    source: tuple[str | None, ...]
    slash: bool
    target: tuple[Part, ...]
    target_slash: bool
    names: tuple[str, ...]
    """The placeholders' names by source position ('' where the segment is literal)."""
    members: int
    first: int
    """The first member's place in the map: ties and order follow the input."""
    key: str

    def matches(self, segments: Segments) -> bool:
        return len(segments) == len(self.source) and all(
            s is None or s == seg for s, seg in zip(self.source, segments, strict=True)
        )

    def apply(self, segments: Segments) -> str:
        parts = [p if isinstance(p, str) else segments[p] for p in self.target]
        return join(tuple(parts), self.target_slash)

    def line(self) -> str:
        source = [
            s if s is not None else f":{n}" for s, n in zip(self.source, self.names, strict=True)
        ]
        target = [p if isinstance(p, str) else f":{self.names[p]}" for p in self.target]
        return f"{join(tuple(source), self.slash)} {join(tuple(target), self.target_slash)} 301"

    def glob(self) -> str:
        """SQLite GLOB of the paths (no trailing slash) it catches, with as many segments."""
        return "/" + "/".join("*" if s is None else _GLOB.sub(r"[\1]", s) for s in self.source)

    @property
    def literals(self) -> int:
        return sum(s is not None for s in self.source)


_GLOB = re.compile(r"([*?\[])")
_HOSTS_READ = re.compile(r"[?#:*]")


def split(path: str) -> tuple[Segments, bool] | None:
    """A path's segments and whether it ends with '/'; None when no placeholder rule
    can hold it (a query, an empty segment, ':' or '*', which the hosts read)."""
    if not path.startswith("/") or _HOSTS_READ.search(path):
        return None
    body = path[1:]
    slash = body.endswith("/")
    body = body.removesuffix("/")
    segments = tuple(body.split("/")) if body else ()
    return None if "" in segments else (segments, slash)


def join(segments: Segments, slash: bool) -> str:
    return "/" + "/".join(segments) + ("/" if slash and segments else "")


def shape(source: str, target: str) -> tuple[str, str] | None:
    """(shape, free segments) of a rule; None when it stays literal whatever."""
    s, t = split(source), split(target)
    if s is None or t is None or not s[0]:
        return None
    (segments, slash), (tsegments, tslash) = s, t
    first: dict[str, int] = {}
    for i, seg in enumerate(segments):
        first.setdefault(seg, i)
    template = tuple(first.get(seg, seg) for seg in tsegments)
    shared = {p for p in template if isinstance(p, int)}
    free = [i for i in range(len(segments)) if i not in shared]
    key = repr((len(segments), slash, tuple(free), template, tslash))
    return key, "/".join(segments[i] for i in free)


def _names(sample: Segments, placeholders: Iterable[int]) -> tuple[str, ...]:
    """Placeholder names a reader recognises (year, month, day, n, slug), made unique."""
    names = [""] * len(sample)
    used: set[str] = set()
    previous = ""
    for i in sorted(placeholders):
        seg = sample[i]
        if re.fullmatch(r"\d{4}", seg):
            name = "year"
        elif re.fullmatch(r"\d\d", seg) and previous in ("year", "month"):
            name = "month" if previous == "year" else "day"
        elif is_number(seg):
            name = "n"
        else:
            name = "slug"
        base, k = name, 1
        while name in used:
            k += 1
            name = f"{base}{k}"
        used.add(name)
        names[i] = previous = name
        previous = base
    return tuple(names)


def _family(
    key: str,
    sample: Segments,
    values: tuple[str | None, ...],
    members: int,
    first: int,
) -> Family:
    """The family of shape ``key``: its free segments literal where ``values`` gives
    them (a part of a split family, or a segment the whole family shares), else
    placeholders, as the segments it copies to the target are."""
    n, slash, free_positions, template, tslash = eval_key(key)
    literal = dict(zip(free_positions, values, strict=True))
    source = tuple(literal.get(i) for i in range(n))
    names = _names(sample, [i for i in range(n) if source[i] is None])
    return Family(source, slash, template, tslash, names, members, first, key)


def eval_key(key: str) -> tuple[int, bool, tuple[int, ...], tuple[Part, ...], bool]:
    # The key is the repr of plain literals (ints, strings, bools, tuples): read back
    # with literal_eval, which evaluates nothing else.
    n, slash, free, template, tslash = ast.literal_eval(key)
    return n, slash, free, template, tslash


class Follower:
    """Which target a host gives a path, following the static rules, then the families
    in order: first match wins, a placeholder is one segment, the trailing slash is
    optional. Families are looked up by their number of segments."""

    def __init__(self, static: Callable[[str], str | None], families: Iterable[Family]) -> None:
        self.static = static
        self.by_length: dict[int, list[Family]] = {}
        for f in families:
            self.by_length.setdefault(len(f.source), []).append(f)

    def follow(self, path: str) -> tuple[str | None, Family | None]:
        found = self.static(path.rstrip("/") or "/")
        if found is not None:
            return found, None
        parts = split(path)
        if parts is None:
            return None, None
        for family in self.by_length.get(len(parts[0]), ()):
            if family.matches(parts[0]):
                return family.apply(parts[0]), family
        return None, None


class NetlifyRules:
    """What ``netlify_rules`` decided: the families to write as placeholder rules; the
    literal rules are those none of them has, and the members ``literal`` says."""

    def __init__(
        self, families: list[Family], literal: Callable[[str], bool] = lambda source: False
    ) -> None:
        self.families = families
        self.literal = literal
        self._by_key: dict[str, list[Family]] = {}
        for f in families:
            self._by_key.setdefault(f.key, []).append(f)

    def family_of(self, source: str, target: str) -> Family | None:
        found = shape(source, target)
        if found is None or self.literal(source):
            return None
        # The families of one shape are apart: each has a value of its own at the
        # segment its shape was split by.
        segments = split(source)[0]  # type: ignore[index]
        for f in self._by_key.get(found[0], ()):
            if f.matches(segments):
                return f
        return None


@dataclass(frozen=True, slots=True)
class NetlifyCounts:
    """The rules of a ``_redirects`` file, by kind."""

    static: int
    """Literal path rules."""
    queries: int
    """Rules on a query (``/ p=12``): only Netlify applies them."""
    dynamic: int
    """Placeholder rules."""
    unsafe: tuple[tuple[str, str, int | None], ...] = ()
    """(source, target, item id) of the rules left out: they hold ':' or '*', which the
    hosts read as a placeholder or a splat (WXR418)."""

    def over(self) -> list[str]:
        """The hosts whose limits the file passes, said in words."""
        hosts = []
        if self.static > STATIC_LIMIT or self.dynamic > DYNAMIC_LIMIT:
            hosts.append(
                f"Cloudflare Pages ({self.static} static rules, at most {STATIC_LIMIT}; "
                f"{self.dynamic} dynamic, at most {DYNAMIC_LIMIT})"
            )
        # GitLab counts every line, and one it cannot read (a query rule) is one too.
        total = self.static + self.queries + self.dynamic
        if total > GITLAB_LIMIT:
            hosts.append(
                f"GitLab Pages ({total} rules: past {GITLAB_LIMIT}, it applies none of them)"
            )
        return hosts


def report(counts: NetlifyCounts, name: str, run: RunReport) -> None:
    """The rules of ``name`` counted in the run report, and the hosts it is too large
    for said (WXR417)."""
    run.counts[f"{name}: static rules"] += counts.static
    run.counts[f"{name}: dynamic rules"] += counts.dynamic
    if counts.queries:
        run.counts[f"{name}: query rules (Netlify only)"] += counts.queries
    if counts.unsafe:
        run.counts[f"{name}: rules left out (':' or '*', read as placeholders)"] += len(
            counts.unsafe
        )
    for source, target, item_id in counts.unsafe:
        message = (
            f"{name}: no rule from {source} to {target}: the hosts would read its "
            "':' or '*' as a placeholder or a splat, and the rule would catch other pages"
        )
        run.add(Diagnostic(code="WXR418", message=message, path=name, item_id=item_id))
    hosts = counts.over()
    if hosts:
        queries = (
            f"; its {counts.queries} query rules (/ p=12) only Netlify applies"
            if counts.queries
            else ""
        )
        message = (
            f"{name} is over the limits of {' and '.join(hosts)}{queries}: "
            "--redirects nginx or apache hold every rule"
        )
        run.add(Diagnostic(code="WXR417", message=message, path=name))


Rule = tuple[str, str]
"""(source, target) of a literal rule, in the map's order."""


def netlify_rules(
    rules: Callable[[], Iterator[Rule]], pages: Iterable[str], scratch: Scratch
) -> NetlifyRules:
    """The families to write as placeholder rules (see the module docstring).

    ``rules``: a fresh pass over the map's rules each call; ``pages``: every page of the
    new site (site paths); both cleaned as the map cleans them."""
    db = scratch.db
    shapes = scratch.table("redirect_shapes", "key TEXT, free TEXT, source TEXT")
    paths = scratch.table("redirect_paths", "path TEXT PRIMARY KEY, n INTEGER", rowid=False)
    norms = scratch.table("redirect_norms", "path TEXT, target TEXT")
    add_path = f"INSERT OR IGNORE INTO {paths} VALUES (?, ?)"
    for page in pages:
        _add_page(db, add_path, page)
    rows = []
    for source, target in rules():
        path, _, query = source.partition("?")
        if query:
            # Hosts that ignore query rules would hand the path to a family: kept out.
            _add_page(db, add_path, path)
            continue
        db.execute(f"INSERT INTO {norms} VALUES (?, ?)", (path.rstrip("/"), target))
        found = shape(path, target)
        if found is not None:
            rows.append((found[0], found[1], path))
            if len(rows) >= 1000:
                db.executemany(f"INSERT INTO {shapes} VALUES (?, ?, ?)", rows)
                rows.clear()
    db.executemany(f"INSERT INTO {shapes} VALUES (?, ?, ?)", rows)
    db.execute(f"CREATE INDEX {shapes}_key ON {shapes} (key)")
    db.execute(f"CREATE INDEX {paths}_n ON {paths} (n)")
    candidates = list(_candidates(db, shapes, paths))
    # The largest families first, as Cloudflare takes 100; then the most literal
    # segments first, so that a narrow family answers its URLs before a broad one.
    candidates.sort(key=lambda f: (-f.members, f.first))
    kept = sorted(candidates[:DYNAMIC_LIMIT], key=lambda f: (-f.literals, f.first))
    twins = {
        row[0]
        for row in db.execute(
            f"SELECT path FROM {norms} GROUP BY path HAVING COUNT(DISTINCT target) > 1"
        )
    }
    literal = scratch.table("redirect_literal", "source TEXT PRIMARY KEY", rowid=False)
    find = f"SELECT 1 FROM {literal} WHERE source = ?"

    def is_literal(source: str) -> bool:
        return db.execute(find, (source,)).fetchone() is not None

    failed = _verify(rules, NetlifyRules(kept), twins, f"INSERT INTO {literal} VALUES (?)", db)
    return NetlifyRules([f for f in kept if f not in failed], is_literal)


def _add_page(db: sqlite3.Connection, insert: str, page: str) -> None:
    """A page, and the folders above a page that is no file: the generators make a list
    page for a section (``/posts/``), and Hugo its feed (``/posts/index.xml``). The
    folders of files (``/media/2010/03/``) are nothing."""
    parts = page.split("?")[0].rstrip("/").split("/")[1:]
    db.execute(insert, ("/" + "/".join(parts), len(parts)))
    if parts and "." in parts[-1]:
        return
    for n in range(len(parts) - 1, 0, -1):
        folder = "/" + "/".join(parts[:n])
        db.execute(insert, (folder, n))
        db.execute(insert, (f"{folder}/index.xml", n + 1))
        db.execute(insert, (f"{folder}/feed.xml", n + 1))


def _candidates(db: sqlite3.Connection, shapes: str, paths: str) -> Iterator[Family]:
    """Every family of two or more that catches no page: a whole shape, else its parts
    (``families``)."""
    execute = db.execute
    groups = execute(
        f"SELECT key FROM {shapes} GROUP BY key HAVING COUNT(*) > 1 ORDER BY MIN(rowid)"
    ).fetchall()

    def clear(f: Family) -> bool:
        query = f"SELECT 1 FROM {paths} WHERE n = ? AND path GLOB ? LIMIT 1"
        return execute(query, (len(f.source), f.glob())).fetchone() is None

    def sample(rowid: int) -> Segments:
        # The segments of a member, to name the placeholders after (year, slug...).
        (source,) = execute(f"SELECT source FROM {shapes} WHERE rowid = ?", (rowid,)).fetchone()
        found = split(source)
        return found[0] if found is not None else ()

    def families(key: str, parts: list[tuple[Segments, int, int]]) -> Iterator[Family]:
        """The family of ``parts`` (free segments, members, first member); if it would
        catch a page, its parts by the first free segment that varies, each in turn."""
        members = sum(p[1] for p in parts)
        if members < 2:
            return
        first = min(p[2] for p in parts)
        columns = list(zip(*(p[0] for p in parts), strict=True))
        # A free segment all members share is literal (``archives``); the others vary.
        same = tuple(c[0] if len(set(c)) == 1 else None for c in columns)
        family = _family(key, sample(first), same, members, first)
        if clear(family):
            yield family
            return
        varies = same.index(None) if None in same else None
        if varies is None:
            return
        by_value: dict[str, list[tuple[Segments, int, int]]] = {}
        for part in parts:  # in the order of their first member, as listed
            by_value.setdefault(part[0][varies], []).append(part)
        for subset in by_value.values():
            yield from families(key, subset)

    for (key,) in groups:
        rows = execute(
            f"SELECT free, COUNT(*), MIN(rowid) FROM {shapes} WHERE key = ? "
            "GROUP BY free ORDER BY MIN(rowid)",
            (key,),
        )
        parts = [(tuple(free.split("/")) if free else (), n, i) for free, n, i in rows]
        yield from families(key, parts)


def _verify(
    rules: Callable[[], Iterator[Rule]],
    kept: NetlifyRules,
    twins: set[str],
    literal: str,
    db: sqlite3.Connection,
) -> set[Family]:
    """Follow every member's old URL: one that does not reach its target keeps its
    literal rule (inserted with ``literal``), which answers first. Returns the families
    left with fewer than two members: they keep their literal rules too."""
    follower = Follower(lambda path: None, kept.families)
    members: dict[Family, int] = dict.fromkeys(kept.families, 0)
    for source, target in rules():
        family = kept.family_of(source, target)
        if family is None:
            continue
        got, by = follower.follow(source)
        # A rule for the same path without (or with) its slash, to another target, may
        # answer first where the slash is optional: both stay literal, in their order.
        if source.rstrip("/") in twins or by is not family or got != target:
            db.execute(literal, (source,))
        else:
            members[family] += 1
    return {f for f, n in members.items() if n < 2}

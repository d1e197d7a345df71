"""What an export holds, counted in one streaming pass (``wxr info``).

Counts are raw: types, statuses, comment types and approval values exactly as
exported (``""`` for an empty comment type), so they can be compared with what
WordPress itself would report.
"""

from __future__ import annotations

import pickle
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from wxr_tools.config import Config
from wxr_tools.diagnostics import SLUG, TAXONOMY, TYPE, Diagnostic, cut
from wxr_tools.model import Item
from wxr_tools.reader import Export
from wxr_tools.reader.chain import Chain
from wxr_tools.reader.parallel import map_parts
from wxr_tools.repeats import Repeats
from wxr_tools.report import RunReport
from wxr_tools.scratch import Scratch
from wxr_tools.transforms import Context
from wxr_tools.transforms.languages import languages_of


@dataclass(slots=True)
class Summary:
    by_type: Counter[str] = field(default_factory=Counter)
    by_status: Counter[str] = field(default_factory=Counter)
    by_type_status: Counter[str] = field(default_factory=Counter)
    comments: int = 0
    threaded: int = 0
    comments_by_type: Counter[str] = field(default_factory=Counter)
    comments_by_approved: Counter[str] = field(default_factory=Counter)
    items: int = 0
    by_lang: Counter[str] = field(default_factory=Counter)
    by_lang_source: Counter[str] = field(default_factory=Counter)
    error: Diagnostic | None = None
    """Set when a strict read stopped at a well-formedness error."""
    repeated: int = 0
    """Items a file repeats from an earlier one (several files), not counted above."""
    diagnostics: list[Diagnostic] = field(default_factory=list)
    """What counting found: repeats that differ from their first copy (WXR114)."""

    def add(self, other: Summary) -> None:
        """Add the counts of ``other`` (another part of the same file) to these."""
        for name in _COUNTERS:
            getattr(self, name).update(getattr(other, name))
        self.comments += other.comments
        self.threaded += other.threaded
        self.items += other.items
        self.repeated += other.repeated
        self.diagnostics.extend(other.diagnostics)


_COUNTERS = (
    "by_type",
    "by_status",
    "by_type_status",
    "comments_by_type",
    "comments_by_approved",
    "by_lang",
    "by_lang_source",
)


def summarize(export: Export, config: Config | None = None) -> Summary:
    """Count every item and comment of an export; consumes its items.

    The parts of a large file are counted on every core (``reader.parallel``) and
    the counts added up. Languages are the one derived count: the ``languages``
    transform decides each item's language (cheaply: no index pass), so that
    ``info`` shows how a bilingual archive splits before any conversion.
    """
    total = Summary()
    for part in map_parts(export, partial(count, config=config or Config())):
        total.add(part)
    return total


def summarize_files(chain: Chain, config: Config | None = None) -> Summary:
    """``summarize`` of the files of one export, as one export: each item counted once.

    Which items a file repeats from an earlier one is the index pass's to say
    (``wxr_tools.repeats``); its tables are shared read-only with the workers, and each
    file is counted in parts on every core, as one file on its own is.
    """
    from wxr_tools.index import build_index  # here: one file's ``info`` needs no index

    with Scratch() as scratch:
        index = build_index(chain.paths, recover=chain.recover, scratch=scratch)
        scratch.share()
        blob = pickle.dumps(index.repeats, pickle.HIGHEST_PROTOCOL)
        work = partial(count_once, blob=blob, config=config or Config())
        total = Summary()
        chain.hand_over()
        for file, export in enumerate(chain.exports):
            chain.file = file
            for part in map_parts(export, partial(work, file=file)):
                total.add(part)
            chain.done(export)
    return total


def count_once(export: Export, *, blob: bytes, file: int, config: Config) -> Summary:
    """``count`` of the items of ``export`` (file number ``file`` of several, or a part of
    it) but the repeats of an earlier file, which are counted apart."""
    repeats: Repeats = pickle.loads(blob)  # the shared copy, opened in this process
    try:
        report = RunReport()
        s = count(export, config, repeats.skip(export, file, report))
    finally:
        repeats.scratch.close()
    s.repeated = report.items_read  # only the repeats left out are counted there
    s.diagnostics = report.diagnostics
    return s


def count(export: Export, config: Config, items: Iterable[Item] | None = None) -> Summary:
    """The counts of the items of ``export`` (a whole file, or one part of one), or of
    ``items`` of it."""
    s = Summary()
    ctx: Context | None = None
    for item in export if items is None else items:
        if ctx is None:
            ctx = Context(site=export.site, config=config, terms=export.terms)
        _count_languages(s, item, ctx)
        s.items += 1
        s.by_type[item.type] += 1
        s.by_status[item.status] += 1
        s.by_type_status[f"{item.type}/{item.status}"] += 1
        for comment in item.comments:
            s.comments += 1
            if comment.parent:
                s.threaded += 1
            s.comments_by_type[comment.type] += 1
            s.comments_by_approved[comment.approved] += 1
    return s


def _count_languages(s: Summary, item: Item, ctx: Context) -> None:
    for lang, source in languages_of(item, ctx):
        s.by_lang[lang or ""] += 1
        s.by_lang_source[source or ""] += 1


def summary_to_json(export: Export | Chain, s: Summary) -> dict[str, Any]:
    """The summary as ``info --json`` prints it; with several files, the files (``paths``),
    the repeats (``items.repeated``) and the file of each diagnostic too."""
    site = export.site
    terms = Counter(t.taxonomy for t in export.terms)
    declared = [a for a in export.authors if not a.derived]
    diagnostics = [*export.diagnostics, *s.diagnostics]
    if s.error is not None:
        diagnostics.append(s.error)
    several = isinstance(export, Chain)
    paths = export.paths if isinstance(export, Chain) else (export.path,)
    first = paths[0]
    items: dict[str, Any] = {"total": s.items}
    if several:
        items["repeated"] = s.repeated
    return {
        "path": first,
        **({"paths": list(paths)} if several else {}),
        "wxr_version": site.wxr_version,
        "generator": site.generator,
        "site": {
            "title": site.title,
            "link": site.link,
            "base_site_url": site.base_site_url,
            "base_blog_url": site.base_blog_url,
            "language": site.language,
        },
        "authors": len(declared),
        "authors_derived": len(export.authors) - len(declared),
        "author_logins": [a.login for a in export.authors],
        "terms": dict(sorted(terms.items())),
        "items": items
        | {
            "by_type": dict(s.by_type.most_common()),
            "by_status": dict(s.by_status.most_common()),
            "by_type_status": dict(s.by_type_status.most_common()),
        },
        "comments": {
            "total": s.comments,
            "threaded": s.threaded,
            "by_type": dict(s.comments_by_type.most_common()),
            "by_approved": dict(s.comments_by_approved.most_common()),
        },
        "languages": {
            "by_lang": dict(s.by_lang.most_common()),
            "by_source": dict(s.by_lang_source.most_common()),
        },
        "diagnostics": [
            ({"path": d.path or first} if several else {})
            | {"code": d.code, "severity": str(d.level), "line": d.line, "message": d.message}
            | ({"item_id": d.item_id} if d.item_id is not None else {})
            for d in diagnostics
        ],
    }


def summary_to_text(data: dict[str, Any]) -> str:
    site = data["site"]
    lines = [
        f"{', '.join(data.get('paths', [data['path']]))}: WXR {data['wxr_version'] or '?'}"
        + (f", {data['generator']}" if data["generator"] else ""),
        f"site        {site['title']!r} {site['link']}",
        f"base urls   {site['base_site_url']} {site['base_blog_url']}",
        f"language    {site['language'] or '-'}",
        f"authors     {data['authors']}"
        + (f" (+{data['authors_derived']} from dc:creator)" if data["authors_derived"] else ""),
        "terms       " + _pairs(data["terms"], TAXONOMY),
        f"items       {data['items']['total']}"
        + (
            f" (+{data['items']['repeated']} repeated in a later file, counted once)"
            if data["items"].get("repeated")
            else ""
        ),
    ]
    for key, count in data["items"]["by_type_status"].items():
        lines.append(f"  {cut(key, 2 * TYPE + 1) or '(empty)':<30} {count:>7}")  # type/status
    comments = data["comments"]
    lines.append(f"comments    {comments['total']} ({comments['threaded']} replies)")
    lines.append("  by type     " + _pairs(comments["by_type"], TYPE))
    lines.append("  by approval " + _pairs(comments["by_approved"], TYPE))
    languages = data["languages"]
    lines.append("languages   " + _pairs(languages["by_lang"], SLUG))
    lines.append("  decided by  " + _pairs(languages["by_source"], SLUG))
    if data["diagnostics"]:
        lines.append(f"diagnostics {len(data['diagnostics'])}")
        for d in data["diagnostics"]:
            where = f":{d['line']}" if d["line"] is not None else ""
            path = d.get("path", data["path"])
            lines.append(f"  {path}{where}: {d['code']} {d['severity']} {d['message']}")
    return "\n".join(lines)


def _pairs(counts: dict[str, int], most: int) -> str:
    """``key count, …``, each key (a name from the export) cut at ``most``."""
    if not counts:
        return "-"
    return ", ".join(f"{cut(key, most) or '(empty)'} {value}" for key, value in counts.items())

"""What the links transform reads its links against, made once per run (per worker) and
kept in ``ctx.state``: the site map of old and new URLs, the ``[links]`` settings, and
where ``--lang`` sends the items it leaves out. Others ask it too: the Ghost writer for
its slugs, the parts' workers and ``--lang``'s followers pass for the site map."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial

from wxr_tools.config import Config
from wxr_tools.index import Index
from wxr_tools.model import Author, Site, Term
from wxr_tools.transforms import Context
from wxr_tools.transforms.langsites import OtherSites
from wxr_tools.transforms.linkrules import Rule, compile_pattern, rule_of
from wxr_tools.urlmap import SiteMap

NAME = "links"
"""The transform's name: its ``wxr.toml`` section and its ``ctx.state`` key."""


@dataclass(slots=True)
class Tables:
    sitemap: SiteMap
    resolve: bool
    """False without an index (standard input): nothing to resolve against."""
    internal: bool
    media: bool
    rules: list[Rule]
    notes: list[re.Pattern[str]]
    canonical: frozenset[str]
    """The meta keys of a canonical URL: a set, asked of every meta of every item."""
    comments_per_page: int
    others: OtherSites | None
    """With ``--lang``: where the items it leaves out live (``transforms.langsites``)."""


def tables(ctx: Context, sitemap: SiteMap | None = None) -> Tables:
    """The run's tables, made on first use; ``sitemap``: the site map of ``ctx``, learned
    already (``learner``)."""
    found = ctx.state.get(NAME)
    if isinstance(found, Tables):
        return found
    cfg = ctx.config.section(NAME)
    if sitemap is None:
        # Without an index (standard input) the map is empty, in this run's database.
        index = ctx.index if ctx.index is not None else Index(scratch=ctx.scratch_db())
        sitemap = SiteMap(ctx.site, index, ctx.config, ctx.terms, ctx.authors)
    built = Tables(
        sitemap=sitemap,
        resolve=ctx.index is not None,
        internal=bool(cfg["internal"]),
        media=bool(cfg["media"]),
        rules=[rule_of(n, r) for n, r in enumerate(cfg["rewrite"], 1)],
        notes=[compile_pattern(p, "original_patterns") for p in cfg["original_patterns"]],
        canonical=frozenset(cfg["canonical_fields"]),
        comments_per_page=int(cfg["comments_per_page"]),
        others=OtherSites.of(ctx),
    )
    ctx.state[NAME] = built
    return built


class Learner:
    """The site map learned while the index is filled: called with the index as each
    part of it comes in (``build_index``'s ``each``), so that a run whose index is read
    in parts on every core learns each part while the next ones are read, not all of
    them at the end with the other cores idle. ``site``, ``terms`` and ``authors`` are
    the export's header's, as ``tables`` would give them before any item is read."""

    def __init__(
        self, site: Site, config: Config, terms: Sequence[Term], authors: Sequence[Author]
    ) -> None:
        self._made = partial(SiteMap, site, config=config, terms=terms, authors=authors)
        self.sitemap: SiteMap | None = None

    def __call__(self, index: Index) -> None:
        if self.sitemap is None:
            self.sitemap = self._made(index=index, deferred=True)
        self.sitemap.learn_more()

    def learned(self, index: Index) -> SiteMap:
        """The site map of all of ``index`` (the one it was called with)."""
        self(index)
        assert self.sitemap is not None
        self.sitemap.learned()
        return self.sitemap


def media_target(url: str, ctx: Context) -> str | None:
    """The new URL of an uploaded file (any size of it), or None when it is not one."""
    sitemap = tables(ctx).sitemap
    target = sitemap.resolve(url, sitemap.home)
    if target is None or target.kind != "media" or target.entry is None:
        return None
    return sitemap.media_url(target.entry, target.path)


# -- the transform -------------------------------------------------------------------------

"""What ``wxr links`` prints: the links transform fills a ``LinkReport`` as it goes when
``ctx.state[REPORT]`` holds one (``wxr_tools.commands.links``); a conversion does not
ask for it, and the transform then keeps only the run report's counts."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

REPORT = "links.report"
"""``ctx.state`` key of a ``LinkReport`` to fill, when a command wants the details."""


@dataclass(slots=True)
class LinkReport:
    """What ``wxr links`` prints: collected when ``ctx.state[REPORT]`` holds one."""

    rewritten: Counter[str] = field(default_factory=Counter)
    """Internal links rewritten, by the form they were written in."""
    media: int = 0
    site: int = 0
    """Links to archives with no page of their own (dates, authors, other taxonomies):
    kept as written."""
    feeds: int = 0
    """Links to WordPress's feeds kept as written: the run names no target, or one that
    writes no feed (``feedurls``). A conversion to a site sends them to its feeds."""
    unresolved: list[tuple[int | None, str, str]] = field(default_factory=list)
    """Links to the site's pages that resolve to nothing: (item id, URL, why)."""
    missing_files: list[tuple[int | None, str, str]] = field(default_factory=list)
    """Links to files on the site that no attachment of the export holds."""
    external: Counter[str] = field(default_factory=Counter)
    rules: Counter[str] = field(default_factory=Counter)
    originals: list[tuple[int | None, str, str | None, str | None]] = field(default_factory=list)
    """(item id, title, publication, URL)."""
    langs: Counter[str] = field(default_factory=Counter)
    sources: Counter[str] = field(default_factory=Counter)

"""Transforms: pure functions ``(item, ctx) -> item | None`` in a named registry.

A transform returns a new item (``model.evolve``), or None to leave the item
out; before returning None it says why with ``ctx.report.exclude_item(reason)``
(otherwise the transform's name is the reason). Transforms add fields next to the
raw ones (``content_html`` beside ``content``), so both stay available. They do no
I/O; what they know about other items comes from ``ctx.index``.

Each transform is a module of this package with a ``transform`` function; its
docstring's first line is what ``wxr transforms`` prints. The default pipeline is
data: ``[transforms] pipeline`` in ``wxr.toml``.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from wxr_tools.config import Config, defaults
from wxr_tools.diagnostics import Diagnostic, UsageError
from wxr_tools.model import Author, Item, Site, Term
from wxr_tools.report import RunReport

if TYPE_CHECKING:
    # Annotations only: ``info`` builds a Context without either, and the index
    # brings sqlite3 with it.
    from wxr_tools.index import Index
    from wxr_tools.scratch import Scratch
    from wxr_tools.writers import Filters

TRANSFORMS: dict[str, str] = {
    "status": "wxr_tools.transforms.status",
    "comments": "wxr_tools.transforms.comments",
    "privacy": "wxr_tools.transforms.privacy",
    "text": "wxr_tools.transforms.text",
    "texturize": "wxr_tools.transforms.texturize",
    "code": "wxr_tools.transforms.code",
    "unclosedcomments": "wxr_tools.transforms.unclosedcomments",
    "autop": "wxr_tools.transforms.paragraphs",
    "embeds": "wxr_tools.transforms.embeds",
    "players": "wxr_tools.transforms.players",
    "shortcodes": "wxr_tools.transforms.shortcodes",
    "smilies": "wxr_tools.transforms.smilies",
    "more": "wxr_tools.transforms.more",
    "languages": "wxr_tools.transforms.languages",
    "links": "wxr_tools.transforms.links",
}
"""Every transform by name. The order of the pipeline comes from the configuration; one
that is not in the default pipeline is added before the next one here that is."""


@dataclass(slots=True)
class Context:
    """What a transform may know besides its item."""

    site: Site
    config: Config = field(default_factory=Config)
    index: Index | None = None
    """None when the input could not be read twice (standard input)."""
    report: RunReport = field(default_factory=RunReport)
    path: str = ""
    terms: Sequence[Term] = ()
    """The export's channel terms (Polylang keeps its translation groups there)."""
    authors: Sequence[Author] = ()
    """The export's authors (one: the home page is their archive)."""
    state: dict[str, Any] = field(default_factory=dict)
    """Per-run memo: tables a transform builds once (from the index, the config) and
    statistics a command collects; keyed by the transform's name."""
    scratch: Scratch | None = None
    """The run's scratch database (the pipeline's, which closes it): where tables that
    grow with the export are kept. ``scratch_db`` opens one when there is none."""
    filters: Filters | None = None
    """What the writer will keep of the transformed items (``--lang``, ``--type``...),
    None: everything. The filters run after the transforms; the links transform reads
    them so that a split post's old addresses go to a copy that is written."""
    names: tuple[str, ...] = ()
    """The transforms this run applies, in order: the links transform names a translation
    on another language's site by the title that site's run gives it."""

    def scratch_db(self) -> Scratch:
        if self.scratch is None:
            from wxr_tools.scratch import Scratch

            # Deleted when collected or at exit: whoever made this context did not say when.
            self.scratch = Scratch()
        return self.scratch

    def diagnose(self, item: Item, code: str, message: str) -> None:
        self.report.add(
            Diagnostic(code=code, message=message, path=self.path, line=item.line, item_id=item.id)
        )


class Transform(Protocol):
    def __call__(self, item: Item, ctx: Context) -> Item | Sequence[Item] | None: ...


def get_transform(name: str) -> Transform:
    if name not in TRANSFORMS:
        known = ", ".join(TRANSFORMS)
        raise UsageError(f"unknown transform {name!r} (known: {known})")
    transform: Transform = importlib.import_module(TRANSFORMS[name]).transform
    return transform


def describe(name: str) -> str:
    """The first line of a transform's docstring."""
    doc = importlib.import_module(TRANSFORMS[name]).__doc__ or ""
    return doc.strip().splitlines()[0] if doc.strip() else ""


def pipeline_names(
    config: Config, add: Sequence[str] = (), remove: Sequence[str] = ()
) -> list[str]:
    """The configured pipeline, plus ``add``, minus ``remove``.

    An added transform takes its place in the default order (``defaults.toml``; one not
    there, before the next one of the registry that is): before the first configured
    one that comes after it there, else at the end. So ``-t text`` repairs the text
    before ``autop`` copies it, and ``-t texturize`` runs before ``autop`` too.
    """
    names = list(config.section("transforms")["pipeline"])
    for name in (*names, *add, *remove):
        get_transform(name)  # refuse unknown names before anything runs
    order = list(defaults()["transforms"]["pipeline"])
    registry = list(TRANSFORMS)
    for at, name in enumerate(registry):
        if name not in order:
            successor = next((n for n in registry[at + 1 :] if n in order), None)
            order.insert(order.index(successor) if successor else len(order), name)
    for name in sorted(set(add) - set(names), key=order.index):
        rank = order.index(name)
        later = (i for i, n in enumerate(names) if order.index(n) > rank)
        names.insert(next(later, len(names)), name)
    return [n for n in names if n not in remove]


def run_pipeline(items: Iterable[Item], names: Sequence[str], ctx: Context) -> Iterator[Item]:
    """Apply the named transforms to each item, counting what they leave out.

    A transform may also return several items (a qTranslate post becomes one item
    per language); the following transforms then apply to each of them.
    """
    steps = [(name, get_transform(name)) for name in names]
    report = ctx.report
    for item in items:
        report.items_read += 1
        report.comments_read += len(item.comments)
        yield from _apply(item, steps, 0, ctx)


def _apply(
    item: Item, steps: Sequence[tuple[str, Transform]], start: int, ctx: Context
) -> list[Item]:
    report = ctx.report
    current = item
    # Only a transform that returns None says why it left the item out (the module's
    # contract): the count before the first one is the count before that one.
    before = sum(report.items_excluded.values())
    for position in range(start, len(steps)):
        name, transform = steps[position]
        result = transform(current, ctx)
        if isinstance(result, Item):  # nearly every call
            current = result
            continue
        if result is None:
            if sum(report.items_excluded.values()) == before:
                report.exclude_item(f"excluded by {name}")
            if current.comments:
                report.comments_excluded[f"item excluded ({name})"] += len(current.comments)
            return []
        if len(result) > 1:
            # Each copy is written or excluded with its comments (a writer may keep
            # them with one copy only, and says so): count them all as read, so
            # that the sums hold, whatever a later transform does to a copy.
            report.counts["items split by language"] += len(result) - 1
            report.items_read += len(result) - 1
            report.comments_read += sum(len(part.comments) for part in result[1:])
        out: list[Item] = []
        for part in result:
            out.extend(_apply(part, steps, position + 1, ctx))
        return out
    return [current]


def html_of(item: Item) -> str:
    """The item's HTML so far: ``content_html`` once a transform set it, else ``content``."""
    return item.content_html if item.content_html is not None else item.content

"""The only place that composes: read -> (index) -> transforms -> writer, with progress.

``convert`` opens the export, builds the index (standard input is copied to a
temporary file first, ``reader.spool``, and read as a file is, except for a raw dump),
runs the transform pipeline item by item and hands the stream to a writer, which
consumes it once. Everything it left out is counted in the returned RunReport.
With ``--media-from`` or ``--download`` it also builds the media inventory (one more
cheap pass over the file) for the site writer, which places the files it lists, or for
the Ghost writer, which puts them in its zip. With ``--lang`` it reads the export once
more, lightly, before the transforms: the items each attachment and menu entry serves,
whose languages the filter judges them by (``wxr_tools.followers``).

The index and the transforms' cross-item tables live in one scratch database per run
(``wxr_tools.scratch``), deleted when the run ends, whether it succeeded or not.

An export of several files (wp-cli's split files) goes through the same pipeline, as
one export (``reader.chain``): the index pass reads every file, and the items a file
repeats from an earlier one are counted and left out before the transforms
(``wxr_tools.repeats``).
"""

from __future__ import annotations

import importlib
import os
import sys
from collections.abc import Iterable, Iterator, Sequence
from contextlib import ExitStack
from dataclasses import dataclass, field, replace
from functools import partial
from typing import TYPE_CHECKING, Any

from wxr_tools.config import Config
from wxr_tools.diagnostics import Diagnostic, InputError
from wxr_tools.filtering import followers_of, keep, kept_items
from wxr_tools.index import Index, build_index
from wxr_tools.indexpass import IndexPass, can_index, start_pass
from wxr_tools.media import options as media_options
from wxr_tools.model import Item
from wxr_tools.reader import Export, read
from wxr_tools.reader.chain import Chain, open_export
from wxr_tools.reader.itemspool import ItemSpool
from wxr_tools.reader.parallel import will_cut
from wxr_tools.reader.spool import Spool, piped
from wxr_tools.repeats import Repeats
from wxr_tools.report import RunReport
from wxr_tools.scratch import Scratch
from wxr_tools.targetconfig import for_target
from wxr_tools.transforms import Context, pipeline_names, run_pipeline
from wxr_tools.writers import (
    IN_PARTS,
    MEDIA_REDIRECTS,
    Filters,
    WriteJob,
    WriteOptions,
    check_writer,
    get_writer,
)

if TYPE_CHECKING:
    # Imported where used: a raw dump (``wxr convert --raw``) needs neither.
    from wxr_tools.media.inventory import Inventory
    from wxr_tools.parts import Transformed
    from wxr_tools.transforms.linktables import Learner


@dataclass(slots=True)
class Options:
    config: Config = field(default_factory=Config)
    add: Sequence[str] = ()
    remove: Sequence[str] = ()
    raw: bool = False
    """The lossless dump: no index, no transforms."""
    recover: bool = False
    progress: bool | None = None
    """None: a progress bar when standard error is a terminal."""


Source = str | Sequence[str]
"""A path (or ``-``), or the paths of the files of one export (``reader.chain``)."""


def sources_of(source: Source) -> tuple[str, ...]:
    return (source,) if isinstance(source, str) else tuple(source)


@dataclass(frozen=True, slots=True)
class Opened:
    export: Export | Chain
    items: Iterable[Item]
    index: Index | None
    scratch: Scratch | None = None
    """The run's scratch database (None for raw items): ``close`` deletes it."""
    ctx: Context | None = None
    """The transforms' context (None for raw items)."""
    names: tuple[str, ...] = ()
    """The transforms that run, in order."""
    spool: Spool | None = None
    """Standard input's copy, when the run reads it twice: ``close`` deletes it."""
    kept: ItemSpool | None = None
    """The items the index pass kept for the main pass: ``close`` deletes them."""

    def close(self) -> None:
        """Delete the run's scratch tables (the index with them), standard input's copy and
        the kept items. The export is closed by ``with export``; a run that forgets this
        has them deleted at exit."""
        if self.scratch is not None:
            self.scratch.close()
        if self.spool is not None:
            self.spool.close()
        if self.kept is not None:
            self.kept.close()


def open_items(
    source: Source,
    options: Options,
    report: RunReport,
    state: dict[str, Any] | None = None,
    started: IndexPass | None = None,
    filters: Filters | None = None,
    in_parts: str | None = None,
) -> Opened:
    """Open the export and the stream of transformed items (raw items with ``raw``).

    ``state`` seeds the transforms' per-run memo (``wxr links`` collects its report there).
    ``started``: the index pass of ``source``, started by the caller (``convert``).
    ``filters``: what the caller will keep of the items (it filters them itself); the
    transforms are told, so that no old address goes to an item left out.
    ``in_parts``: the caller reads the items in parts when the file can be cut
    (``convert``, ``_in_parts``), and its writer renders them with this module
    (``writers.IN_PARTS``).
    """
    sources = sources_of(source)
    if options.raw and len(sources) == 1:
        export = open_export(sources, recover=options.recover)
        return Opened(export, _count_raw(_progress(export, options.progress), report), None)
    # Before the index is waited for: this imports the transforms while it is read.
    names = [] if options.raw else pipeline_names(options.config, options.add, options.remove)
    scratch = Scratch()
    spool: Spool | None = None
    opened: Export | Chain | None = None
    try:
        if (pipe := piped(sources)) is not None:
            # The index (and --lang's followers) read the export before the transforms:
            # standard input, read once, goes into a file first (``convert`` does so
            # itself, so that the file is also cut in parts: this is for the commands).
            spool = Spool(source=pipe)
            sources = (spool.path,)
        learner = None
        if in_parts is not None and "links" in names and spool is None and len(sources) == 1:
            opened, learner = _early_learner(sources[0], options)
        if learner is not None and "text" in names:
            # Read in parts (a learner is made only then): ftfy's judge of mojibake, which
            # ``parts.share_tables`` loads before forking the workers, is loaded now, while
            # the index pass still reads. Its pattern (70 M instructions) was compiled
            # after the pass, with the other cores idle.
            from wxr_tools import mojibake

            mojibake.load()
        if learner is not None and in_parts is not None:
            # Read in parts: the modules that do it are imported now too, while the index
            # pass reads, not after it, when the other cores wait for the workers (12 M
            # instructions of the 66 M between the index workers' end and the next fork).
            for module in ("wxr_tools.parts", in_parts):
                importlib.import_module(module)
        index: Index | None = None
        if started is not None:
            index = started.join(scratch, learner)
        elif can_index(sources):
            index = build_index(sources, recover=options.recover, scratch=scratch, each=learner)
        if opened is None and spool is not None:
            opened = read(spool.open(), recover=options.recover)
        elif opened is None:
            opened = open_export(sources, recover=options.recover)
        export = opened
    except BaseException as e:
        if opened is not None:
            opened.close()
        scratch.close()
        if spool is not None:
            spool.close()
            if isinstance(e, InputError):
                raise spool.renamed(e) from None
        raise
    items: Iterable[Item] = _progress(export, options.progress)
    if options.raw:
        # Raw items of several files: the same items as the transforms get, untouched.
        assert isinstance(export, Chain) and index is not None and index.repeats is not None
        items = _chained(export, items, index.repeats, report, None)
        return Opened(export, _count_raw(items, report), index, scratch, spool=spool)
    ctx = Context(
        site=export.site,
        config=options.config,
        index=index,
        report=report,
        filters=filters,
        names=tuple(names),
    )
    ctx.scratch = scratch
    ctx.path = export.path
    if isinstance(export, Chain):
        assert index is not None and index.repeats is not None  # files: indexed
        items = _chained(export, items, index.repeats, report, ctx)
    ctx.terms = export.terms
    ctx.authors = export.authors
    if state is not None:
        ctx.state = state
    if learner is not None and index is not None:
        from wxr_tools.transforms import linktables

        linktables.tables(ctx, learner.learned(index))
    if "languages" in names or "links" in names:  # the two that read Polylang's groups
        _check_groups(export, report)
    if filters is not None and filters.langs and index is not None:
        kept = started.spool if started is not None else None
        _learn_followers(sources, names, ctx, options.recover, kept)
    if index is None:
        report.add(
            Diagnostic(
                code="WXR503",
                message="a pipe is read once: galleries and links are not resolved",
                path=export.path,
            )
        )
    items = run_pipeline(items, names, ctx)
    return Opened(export, items, index, scratch, ctx, tuple(names), spool)


def _early_learner(path: str, options: Options) -> tuple[Export, Learner | None]:
    """The export at ``path`` opened (its header read) before its index and, if its items
    are read in parts, the learner of the links transform's site map as the index is read
    (``linktables.Learner``): a run in parts makes it before reading any item, from the
    header's site, terms and authors. Made after the index, it kept the other core idle."""
    export = read(path, recover=options.recover)
    if not will_cut(export):
        return export, None
    from wxr_tools.transforms.linktables import Learner

    header = (export.site, options.config, tuple(export.terms), tuple(export.authors))
    return export, Learner(*header)


def _check_groups(export: Export | Chain, report: RunReport) -> None:
    """WXR507 for the Polylang translation groups that do not unserialize: told here, once
    a run (the workers of a run in parts build the languages transform's tables each), with
    the file each term comes from."""
    from wxr_tools.transforms.languages import unreadable_groups

    for term, message in unreadable_groups(export.terms):
        path = export.term_path(term) if isinstance(export, Chain) else export.path
        report.add(Diagnostic(code="WXR507", message=message, path=path, line=term.line))


def _learn_followers(
    sources: Sequence[str],
    names: Sequence[str],
    ctx: Context,
    recover: bool,
    kept: ItemSpool | None,
) -> None:
    """What ``--lang`` needs to know before the transforms: the items each attachment and
    menu entry serves (``wxr_tools.followers``), in the transforms' state, where the
    WXR writer's references find them too. ``kept``: the items the index pass kept, which
    the pass reads instead of parsing the file again."""
    from wxr_tools import followers

    if "languages" in names:
        # Built now, not on the first item: a writer asks an item's language of the
        # index before any item comes (the Markdown writer, which media files to place).
        from wxr_tools.transforms import languages

        languages.tables(ctx)
    sitemap = None
    if "links" in names:
        from wxr_tools.transforms import linktables

        sitemap = linktables.tables(ctx).sitemap
    ctx.state[followers.NAME] = followers.build(sources, ctx, sitemap, recover, kept)


def convert(
    source: Source,
    to: str,
    output: str,
    options: Options,
    write_options: WriteOptions | None = None,
    filters: Filters | None = None,
    *,
    started: IndexPass | None = None,
) -> RunReport:
    """Convert ``source`` to the format ``to`` at ``output``; return the run report.

    ``started``: the index pass of ``source`` (``indexpass.start_pass``), which the
    caller started before importing this module, when this function would start one
    (the command line: ``commands.convert``); it is this function's from then on. The
    caller discards it (``IndexPass.discard``) if this function raises before it took it.
    """
    check_writer(to)
    write_options = write_options or WriteOptions()
    sources = sources_of(source)
    pipe = piped(sources)  # standard input, or a pipe: copied to a file below
    files = pipe is not None or can_index(sources)
    media_options.check(to, output, options.raw, write_options, files)
    if pipe is not None and not options.raw:
        # Read as a file is (the index, --lang's followers, parts on every core), so that
        # the output is the file's; findings name standard input, not the copy.
        spool = Spool(source=pipe)
        try:
            report = convert(spool.path, to, output, options, write_options, filters)
        except InputError as e:
            raise spool.renamed(e) from None
        finally:
            spool.close()
        report.diagnostics = [spool.named(d) for d in report.diagnostics]
        return report
    if len(sources) > 1:
        # Refused here, before any file is indexed or written: another site's file,
        # standard input or a file given twice.
        Chain(sources, recover=options.recover).close()
    elif options.raw and to in ("json", "jsonl") and not options.progress:
        # The raw dump is a pure function of each item: a large file is read on every
        # core (a progress bar needs the one-stream path below).
        from wxr_tools.writers.dump import dump_raw

        return dump_raw(sources[0], to, output, recover=options.recover, filters=filters)
    report = RunReport()
    config = for_target(options.config, to, write_options.flavor, write_options.comments)
    options = replace(options, config=config)
    # The index pass reads the file while the writer and the transforms are imported; it
    # keeps one file's items for the main pass, which parses them no more (``itemspool``).
    kept = None
    try:
        if (not options.raw or len(sources) > 1) and can_index(sources):
            if started is None:
                started = start_pass(sources, options.recover)
            kept = started.spool
        writer = get_writer(to)
        # When the file is cut: ``_in_parts``.
        in_parts = IN_PARTS.get(to) if not write_options.media else None
        opened = open_items(
            source, options, report, started=started, filters=filters, in_parts=in_parts
        )
        if kept is not None:
            export = opened.export
            for file in export.exports if isinstance(export, Chain) else [export]:
                file.spool = kept
            opened = replace(opened, kept=kept)
    except BaseException:
        if started is not None:
            started.close()  # first: its processes may still be writing to the spool
        if kept is not None:
            kept.close()
        raise
    finally:
        if started is not None:
            started.close()
    try:
        media: Inventory | None = None
        if write_options.media:
            from wxr_tools.media.inventory import build_inventory

            media = build_inventory(
                source, config=options.config, recover=options.recover, index=opened.index
            )
        export, items = opened.export, opened.items
        with export, ExitStack() as stack:
            parts = None
            # Whether attachments the filters leave out still go to the writer (``keep``).
            redirects = to in MEDIA_REDIRECTS and write_options.redirects is not None
            if to in IN_PARTS and media is None:
                parts = _in_parts(opened, filters, redirects, options.progress, stack)
            if filters is not None:
                items = kept_items(items, filters, followers_of(opened.ctx), redirects, report)
            job = WriteJob(
                site=export.site,
                authors=export.authors,
                terms=export.terms,
                items=items,
                output=output,
                options=write_options,
                config=options.config,
                report=report,
                index=opened.index,
                raw=options.raw,
                media=media,
                progress=options.progress,
                parts=parts,
                filters=filters,
                transforms=opened.ctx.state if opened.ctx is not None else {},
            )
            writer(job)
        # Writers and transforms may not know the file's name: every finding names it.
        found = [d if d.path else replace(d, path=path_of(d, opened)) for d in report.diagnostics]
    finally:
        opened.close()
    report.diagnostics = [*export.diagnostics, *found]
    report.files_read = len(sources)
    return report


def path_of(diagnostic: Diagnostic, opened: Opened) -> str:
    """The file a finding without one comes from: the item's, when there are several."""
    repeats = opened.index.repeats if opened.index is not None else None
    if repeats is None:
        return opened.export.path
    return repeats.path_of(diagnostic.item_id) or repeats.paths[0]


def _in_parts(
    opened: Opened,
    filters: Filters | None,
    redirects: bool,
    progress: bool | None,
    stack: ExitStack,
) -> Transformed | None:
    """The transformed items read in parts on every core, when a file can be cut
    (``redirects``: the writer makes a redirect map, ``filtering.keep``)."""
    export, ctx, scratch = opened.export, opened.ctx, opened.scratch
    files = export.exports if isinstance(export, Chain) else [export]
    if ctx is None or ctx.index is None or scratch is None:
        return None
    if not any(will_cut(file) for file in files):
        return None
    from wxr_tools.parts import Job, Transformed, share_tables

    job = Job(
        path=export.path,
        config=ctx.config,
        names=opened.names,
        index=ctx.index,
        state=share_tables(ctx, opened.names, scratch),
        keep=None
        if filters is None
        else partial(keep, filters, followers_of(opened.ctx), redirects),
        filters=filters,
        site=export.site if isinstance(export, Chain) else None,
        terms=tuple(export.terms) if isinstance(export, Chain) else None,
    )
    if progress is None:
        progress = sys.stderr.isatty()
    if not progress:
        return Transformed(export, job)
    from tqdm import tqdm

    size = _size(export)
    bar = stack.enter_context(
        tqdm(total=size, unit="B", unit_scale=True, file=sys.stderr, leave=False)
    )
    return Transformed(export, job, lambda done: bar.update(done - bar.n))


def _chained(
    chain: Chain,
    items: Iterable[Item],
    repeats: Repeats,
    report: RunReport,
    ctx: Context | None,
) -> Iterator[Item]:
    """The items of the files of ``chain`` but those a file repeats from an earlier one;
    the transforms are told each item's file."""
    for item in items:
        if not repeats.left_out(item, chain.file, report):
            if ctx is not None:
                ctx.path = chain.path
            yield item


def _size(export: Export | Chain) -> int | None:
    if isinstance(export, Chain):
        return export.size
    return os.path.getsize(export.path) if os.path.isfile(export.path) else None


def _count_raw(items: Iterable[Item], report: RunReport) -> Iterator[Item]:
    for item in items:
        report.items_read += 1
        report.comments_read += len(item.comments)
        yield item


def _progress(export: Export | Chain, enabled: bool | None) -> Iterator[Item]:
    """Items, with a bar counting input bytes (sqlite-utils' way: no extra pass)."""
    if enabled is None:
        enabled = sys.stderr.isatty()
    total = _size(export)
    if not enabled:
        yield from export
        return
    from tqdm import tqdm  # only on a terminal: importing it costs more than a small run

    with tqdm(total=total, unit="B", unit_scale=True, file=sys.stderr, leave=False) as bar:
        done = 0
        for item in export:
            bar.update(export.bytes_read - done)
            done = export.bytes_read
            yield item

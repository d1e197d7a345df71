"""The whole conversion in worker processes: read, transform, render, part by part.

With ``job.parts`` (a file large enough to cut, see ``wxr_tools.parts``) each worker
reads a part of the export, runs the transforms and renders each item it keeps
(``render_part``); this process only places the items, writes the files and keeps
the accounts, in file order (``write_parts``). So every core renders, and this one
is free for the writing.

Where an item goes depends on every item before it (the first to want a path keeps
it), which a worker cannot know. So a worker renders each item at the place it would
have if nothing stood in its way (``first_place``) and sends it rendered; here,
``Paths.allocate`` places it for real, in order. Nearly always the places agree and
the rendered files are written as they are; when an earlier item took the place (or
one of its aliases), the part is read and transformed again here, up to that item,
which is rendered at its real place (sending every item whole, in case, cost the
workers more than that costs, and doubled what they send; so did a registry of each
part's own places, to spare the second reading for a clash within a part). The
files, the report and the ``--dry-run`` listing are those of a sequential run.
"""

from __future__ import annotations

from collections.abc import Callable, Generator, Iterator
from contextlib import ExitStack, closing
from dataclasses import dataclass, fields
from functools import partial
from operator import attrgetter
from typing import TYPE_CHECKING, Any

from wxr_tools.config import Config
from wxr_tools.menus import MENU_ITEM, Entry, entry_of
from wxr_tools.model import Item, TermRef
from wxr_tools.reader.parallel import CONVERSION_PART
from wxr_tools.report import RunReport
from wxr_tools.slugs import load_backend
from wxr_tools.writers import WriteJob
from wxr_tools.writers.markdown.allocation import Paths
from wxr_tools.writers.markdown.document import Rendered, Settings, render
from wxr_tools.writers.markdown.parallel import Produced, Target, put_rendered
from wxr_tools.writers.markdown.paths import Placement, first_place, item_slug, with_old
from wxr_tools.writers.markdown.sentitem import Sent, sent_item, sent_values

# This module is imported in the main process while the index pass reads (``IN_PARTS``),
# before the render workers are forked: they inherit the table instead of each building it.
load_backend()

if TYPE_CHECKING:  # the writer imports this module: imported for the types only
    from wxr_tools.writers.markdown import Moved

PART_SIZE = CONVERSION_PART
"""Bytes of the export a part: a part's rendered files wait here until their turn,
so parts are smaller than for reading alone (memory stays flat). The index pass cut
the file into these parts already (``reader.parallel.CONVERSION_PART``): another size
(tests set one) cuts it again."""


# Not ``frozen`` (as ``Placement``): a frozen dataclass sets each field through
# ``object.__setattr__`` (9 K instructions more for these seven), and a record is made
# twice an item (in the worker, and unpickled here). Never changed once made;
# ``unsafe_hash`` keeps the hash a frozen one had.
@dataclass(slots=True, unsafe_hash=True)
class Record:
    """One item a worker kept, rendered where it placed it (never changed once made)."""

    item: Item
    """The item; only what placing and accounting read of it is sent (``sentitem``)."""
    slugged: tuple[str, str]
    """``item_slug(item)``: slugify is not run twice."""
    comments: int
    candidate: Placement
    rendered: Rendered
    position: int
    """Which of the part's transformed items it is (counted from 0): if its place was
    taken, it is made again from the part (``Transformed.again``) and rendered here."""
    findings: int
    """The part's diagnostics up to this item (they come before this process's own)."""

    def __reduce__(self) -> tuple[Callable[..., Record], tuple[Any, ...]]:
        # Flat: the default pickling of a slotted dataclass (``Placement``,
        # ``Rendered``, this) calls ``dataclasses.fields`` on every object it
        # unpickles, a third of this process's unpickling of the parts.
        # The item goes as the values this process reads (``sentitem``): not copied
        # without its texts first, and the fields nothing here reads left out.
        return _record, (
            sent_values(self.item, _part_terms),
            self.slugged,
            self.comments,
            _placement_fields(self.candidate),
            _rendered_fields(self.rendered),
            self.position,
            self.findings,
        )


_placement_fields = attrgetter(*(f.name for f in fields(Placement)))
_rendered_fields = attrgetter(*(f.name for f in fields(Rendered)))


def _record(
    item: Sent,
    slugged: tuple[str, str],
    comments: int,
    candidate: tuple[Any, ...],
    rendered: tuple[Any, ...],
    position: int,
    findings: int,
) -> Record:
    return Record(
        sent_item(item),
        slugged,
        comments,
        Placement(*candidate),
        Rendered(*rendered),
        position,
        findings,
    )


_part_terms: dict[tuple[str, str, str], TermRef] = {}
"""The terms the records of the part a worker renders carry, by value (``sent_values``):
each is pickled once a part. Emptied at each part (the part's records are pickled
before the next one starts; were they not, equal terms would still be sent)."""


def render_part(
    settings: Settings, config: Config, moves: bool, items: Iterator[Item], report: RunReport
) -> list[Record | Entry | Moved]:
    """Runs in a worker: the part's items kept, each rendered at its ``first_place``,
    the menus' entries, and (``moves``: a redirect map is made) where the attachments
    went, in order."""
    from wxr_tools.writers.markdown import moved_media, prepare, state_of

    _part_terms.clear()
    records: list[Record | Entry | Moved] = []
    for position, item in enumerate(items):
        findings = len(report.diagnostics)
        ready = prepare(item, config, report)
        if ready is None:
            if item.type == MENU_ITEM:  # placed and counted with its menu, at the end
                records.append(entry_of(item, state_of(item, config)))
            if moves and (was := moved_media(item, config)) is not None:
                records.append(was)
            continue
        slugged = item_slug(ready)
        candidate = first_place(ready, settings.flavor, settings.default_lang, slugged[0])
        # Its old paths, worked out here for rendering, go with it: placing it (in the
        # writing process, the busiest) need not work them out again.
        candidate = with_old(candidate, ready, settings.flavor)
        records.append(
            Record(
                item=ready,
                slugged=slugged,
                comments=len(ready.comments),
                candidate=candidate,
                rendered=render(ready, candidate, settings),
                position=position,
                findings=findings,
            )
        )
    return records


def write_parts(
    job: WriteJob,
    paths: Paths,
    settings: Settings,
    target: Target,
    placed: Callable[[Item, Placement], None],
    menu: Callable[[Entry], None],
    moved: Callable[[tuple[str, ...], str, int | None], None] | None = None,
) -> Generator[tuple[tuple[str, int], Produced], None, None]:
    """Each written item's (type, comments) and files, in file order.

    ``placed`` is told of each item's real place (the site skeleton's languages and
    sections, the redirect map, the menus); ``menu``, of each menu entry; ``moved``,
    of where each attachment went (old URLs, new URL, id), in the same order.
    Closing it early (the caller failed) ends the workers, and returns once they are gone.
    """
    assert job.parts is not None
    report = job.report
    consume = partial(render_part, settings, job.config, moved is not None)
    # Files are written here, not by threads: creating a file is CPU time in the kernel
    # (no waiting a thread could overlap), and on a machine whose cores the workers
    # keep busy, threads only added the hand-offs of the interpreter's lock between
    # them (some 60 futex calls a file) to this process's share.
    # Closed here, not left to the garbage collector, when this generator is: the pool
    # of the parts' workers ends (and they are waited for) before the caller goes on.
    with closing(job.parts.map(consume, PART_SIZE)) as parts:
        for part in parts:
            found, done = part.report.diagnostics, 0
            with ExitStack() as stack:
                again: Iterator[tuple[int, Item]] | None = None
                for record in part.value:
                    if not isinstance(record, Record):
                        if isinstance(record, Entry):
                            menu(record)
                        else:
                            assert moved is not None  # only asked for then
                            moved(*record)
                        continue
                    report.diagnostics.extend(found[done : record.findings])
                    done = record.findings
                    item = record.item
                    placement = paths.allocate(
                        item,
                        has_comments=record.comments > 0,
                        slugged=record.slugged,
                        candidate=record.candidate,
                    )
                    placed(item, placement)
                    rendered = record.rendered
                    if placement != record.candidate:
                        if again is None:  # the part is read again once, however many
                            again = enumerate(stack.enter_context(job.parts.again(part)))
                        full = _made_again(again, record.position, job.config)
                        rendered = render(full, placement, settings)
                    produced = put_rendered(rendered, placement, settings, target)
                    yield (item.type, record.comments), produced
            report.diagnostics.extend(found[done:])
            part.report.diagnostics = []
            report.add_counts(part.report)


def _made_again(items: Iterator[tuple[int, Item]], position: int, config: Config) -> Item:
    """The item at ``position`` of a part read again, as ``render_part`` rendered it.

    ``items`` goes on from where the last call left it: positions only grow."""
    from wxr_tools.writers.markdown import prepare

    for at, item in items:
        if at == position:
            # Counted once already, with the part's report: this report is dropped.
            ready = prepare(item, config, RunReport())
            if ready is not None:
                return ready
            break
    raise RuntimeError(f"item {position} of a part was not the same when read again")

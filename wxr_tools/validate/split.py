"""``wxr validate --one-export``: the files of one export cut in several, checked as one.

``wp export`` cuts a site into files of 15 MB, each a whole WXR document with the same
header and, by default, the menu items again (``reader.chain``). Checked one by one,
every reference to an item of another file is a false finding (a page's parent, an
attachment's post, a featured image, a menu target: WXR205, WXR209, WXR211, WXR304,
WXR305), and checked together as unrelated files the repeated menu items would look
like duplicates. Here the files are read in order into one ``Context``: the tables
(ids, slugs, link paths, media keys: a few scalars an item) and the pending references
span the files, and the references are resolved once, after the last file.

An item a later file repeats (its id read in an earlier file) is not checked again: a
conversion leaves it out and writes the first copy. Whether the copy is the same is
told by the digests of ``wxr_tools.repeats``, whose first copies (id, file, line,
digest) are kept in a scratch database, not in memory; a copy that differs is WXR114.
An id twice in one file is still that file's duplicate (WXR200).

Every finding names the file and line it comes from; the findings that concern the
whole export and have no line (WXR209's "no attachments", WXR305's, WXR402) name the
first file.
"""

from __future__ import annotations

from collections.abc import Sequence

from wxr_tools.diagnostics import InputError
from wxr_tools.index import BATCH
from wxr_tools.model import Item
from wxr_tools.reader import Export, read
from wxr_tools.reader.chain import Chain, check_paths
from wxr_tools.repeats import Copy, Repeats
from wxr_tools.scratch import Scratch, id_key
from wxr_tools.validate.rules import Rule
from wxr_tools.validate.tables import Context, IdSet, label


def readable(path: str, recover: bool) -> bool:
    """Whether the header of ``path`` can be read (else it is checked on its own, which
    reports why not: a finding, or an I/O error)."""
    try:
        with read(path, recover=recover):
            return True
    except (InputError, OSError, EOFError):
        return False


def check_export(
    paths: Sequence[str], ctx: Context, rules: Sequence[Rule], recover: bool
) -> tuple[dict[str, int], dict[str, int], list[str]]:
    """Check the files ``paths`` of one export into ``ctx``; return the items read in
    each file, the repeats of an earlier file's items among them (not checked), and the
    files whose strict read stopped at an error.

    Raises:
        UsageError: a file of another site than the first one (``reader.chain``).
    """
    check_paths(paths)
    with Chain(paths, recover=recover) as chain, Scratch() as scratch:
        repeats = Repeats(scratch, chain.paths)
        # The tables hold what every file's header declares (the authors and terms
        # wp-cli writes in every file, or in the first one only with --include_once).
        ctx.start(chain.site, chain.authors, chain.terms)
        items: dict[str, int] = {}
        repeated: dict[str, int] = {}
        stopped: list[str] = []
        terms: set[tuple[str, str]] = set()
        for file, export in enumerate(chain.exports):
            ctx.path = ctx.tables.path = export.path
            # A term each file repeats is checked in the first file that declares it.
            ctx.site, ctx.authors = export.site, export.authors
            ctx.terms = [t for t in export.terms if (t.taxonomy, t.slug) not in terms]
            terms.update((t.taxonomy, t.slug) for t in export.terms)
            for rule in rules:
                if rule.on_header is not None:
                    rule.on_header(ctx)
            complete, repeated[export.path] = _check_file(export, file, ctx, rules, repeats)
            if not complete:
                stopped.append(export.path)
            items[export.path] = export.items_read
        ctx.path, ctx.tables.path = chain.paths[0], ""
        ctx.site, ctx.authors, ctx.terms = chain.site, chain.authors, chain.terms
        for rule in rules:
            if rule.on_end is not None and (not stopped or not rule.needs_whole_file):
                rule.on_end(ctx)
    return items, repeated, stopped


def _check_file(
    export: Export, file: int, ctx: Context, rules: Sequence[Rule], repeats: Repeats
) -> tuple[bool, int]:
    """Check the items of file number ``file``; return False when a strict read stopped
    early, and the items it repeats from an earlier file (not checked)."""
    checks = [r.on_item for r in rules if r.on_item is not None]
    remember = ctx.tables.add_item
    seen = ctx.tables.item_ids  # in any file so far
    here = IdSet()  # in this file
    copies: list[Copy] = []
    export.digests = True
    fatal = None
    skipped = 0
    try:
        for item in export:
            if item.id is not None:
                earlier = item.id in seen and item.id not in here
                here.add(item.id)
                key = id_key(item.id)
                assert key is not None  # an id
                copies.append((key, item.line, export.digest))
                if len(copies) >= BATCH:
                    repeats.add(file, copies)
                    copies = []
                if earlier:
                    _repeat(item, export.digest, repeats, ctx)
                    skipped += 1
                    continue
            for check in checks:
                check(item, ctx)
            remember(item)  # after the checks: "seen before" means an earlier item
    except InputError as e:  # strict mode, not well-formed: a finding, items so far checked
        fatal = e.diagnostic
    repeats.add(file, copies)
    for diagnostic in export.diagnostics:
        ctx.add(diagnostic)
    if fatal is not None:
        ctx.add(fatal)
    return fatal is None, skipped


def _repeat(item: Item, digest: bytes, repeats: Repeats, ctx: Context) -> None:
    """An item of an earlier file again: not checked twice; told when it differs."""
    assert item.id is not None
    first = repeats.first_copy(item.id)
    if first is None or first[2] == digest:
        return
    message = (
        f"{label(item)} was read from {repeats.where(first[:2])} already, with a different "
        "content: this copy is not checked, and a conversion writes the first one"
    )
    ctx.emit("WXR114", message, line=item.line, item_id=item.id)

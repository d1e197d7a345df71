"""The languages ``--lang`` judges an attachment or a menu entry by: those of the items it serves.

WordPress leaves most attachments and every menu entry without a language (Polylang
tags posts and pages; media only when its media translations are on; a menu entry
never): the languages transform gives them the site's. Split by language as it is
(``--lang en`` on a French site with English posts), a bilingual blog would lose every
image and every menu in its English half, and keep all of them in the French one. So,
for the filter only (the item's ``lang`` stays as the languages transform decided):

* an attachment is in the languages of the items that use it: the post or page it is
  attached to, those whose featured image or gallery it is, those whose content or
  excerpt links its file or its page. Written or not: the language decides here; the
  other filters (``--type``, ``--since``...) judge the attachment itself, as before.
  An attachment no item uses keeps the site's language: the rest of the media library
  goes with the site's own language, as with no such rule.
* a menu entry to a post or page is in its target's languages, and kept only where its
  menu is (an English menu's link to the French home page is in neither half of a
  split, alone); a custom link, or an entry to a term or an archive, is in its menu's
  languages. A menu serves the language at least two thirds of its entries' targets are
  in (``menus.menu_lang``, the Markdown writer's rule for the menu each language shows),
  else every language its entries' targets are in, else (only custom links) every
  language: kept whatever ``--lang`` says.
* an attachment or a menu entry with a language of its own (Polylang's or WPML's media
  translations, a language meta, a title marker) is judged by it, like any item.

What each item uses is learned by one pass over the export before the transforms, only
when ``--lang`` is given: each item's languages as the languages transform decides them
(``languages_of``), the attachments each refers to (the media inventory's references,
``media.references``), and each menu entry's menu and target. They go to the run's
scratch database (one row per item and per reference; a large file is read in parts on
every core, as the index pass reads it, and the rows added in file order), so memory
stays flat. The items come from the index pass's spool (``reader.itemspool``: read
fully, not parsed again) when it holds them all, else from a light parse of the file:
the same rows (``as_read_lightly``). What stays in memory is each menu's languages (a
site has a few menus) and a bounded memo. The filter after the transforms
(``filtering.keep``, in every worker) and the writers that ask of an id before its item
comes (``writers.references.Kept``: a featured image, a menu entry's parent) read the
same tables, so they agree.
"""

from __future__ import annotations

import pickle
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from functools import partial
from typing import TYPE_CHECKING, Any

from wxr_tools.lru import LRU
from wxr_tools.media.references import MediaResolver
from wxr_tools.menus import MENU_ITEM, entry_of, menu_lang
from wxr_tools.model import Item, evolve
from wxr_tools.reader import Export, read
from wxr_tools.reader.elements import LIGHT_META
from wxr_tools.reader.forkpool import once_per_process
from wxr_tools.reader.parallel import map_parts, will_cut
from wxr_tools.report import RunReport
from wxr_tools.scratch import Scratch, id_key
from wxr_tools.transforms import Context
from wxr_tools.transforms.languages import languages_of
from wxr_tools.urlmap import SiteMap

if TYPE_CHECKING:
    from wxr_tools.reader.itemspool import ItemSpool

NAME = "followers"
"""Where the pipeline keeps the tables, in the transforms' state (``Context.state``)."""
FOLLOWING = frozenset(("attachment", MENU_ITEM))
"""The item types that follow the items they serve, when they have no language of their own."""
OWN = frozenset(
    ("polylang", "wpml", "basic-bilingual", "marker", "qtranslate", "language-switcher")
)
"""What decided a language the item holds itself. The site's language, the default and
a guess from the text are not: a guess from an image's title ("IMG_0042") says little,
and the items that use it say more."""
EVERY = ("*",)
"""The languages of a menu that serves every one (a menu of custom links only)."""
_MEMO = 4096
_NOT_YET: tuple[str, ...] = ("?",)
"""Not in the memo (None is an answer)."""
_TARGET_KINDS = ("attachment", "attachment-page")
BATCH = 1000
"""Items whose rows are added at a time, when a file is read in this process."""


class Followers:
    """The tables of the pass (see the module docstring), and the answers read from them."""

    def __init__(self, scratch: Scratch) -> None:
        self.scratch = scratch
        keyed = "id NOT NULL, lang TEXT NOT NULL, PRIMARY KEY (id, lang)"
        self.tables: tuple[str, ...] = (
            scratch.table("item_langs", keyed, rowid=False),
            scratch.table("uses", "target NOT NULL, user NOT NULL"),
            scratch.table("followers", "id PRIMARY KEY, menu TEXT, target", rowid=False),
            scratch.table("media_langs", keyed, rowid=False),
        )
        self.menus: dict[str, tuple[str, ...]] = {}
        """Each menu's languages (``EVERY``: every language), by slug."""
        self._memo: LRU[int, tuple[str, ...] | None] = LRU(_MEMO)

    def __reduce__(self) -> tuple[Any, ...]:
        # To the workers: the shared copy of the database, the menus; a memo of their own.
        return (_rebuilt, (self.scratch, self.tables, self.menus))

    # -- the pass ---------------------------------------------------------------------

    def add(self, rows: Rows) -> None:
        """Rows ``learned`` of some items, in file order: a row of an id already in
        ``followers`` (an item repeated) is the first one's, as item after item."""
        langs, uses, followers, _ = self.tables
        db = self.scratch.db
        found_langs, found_uses, found_followers = rows
        db.executemany(f"INSERT OR IGNORE INTO {langs} VALUES (?, ?)", found_langs)
        db.executemany(f"INSERT INTO {uses} VALUES (?, ?)", found_uses)
        db.executemany(f"INSERT OR IGNORE INTO {followers} VALUES (?, ?, ?)", found_followers)

    def finish(self) -> None:
        """Each attachment's languages, and each menu's, once every item is known."""
        langs, uses, followers, media = self.tables
        db = self.scratch.db
        db.execute(
            f"INSERT OR IGNORE INTO {media} SELECT u.target, l.lang FROM {uses} u "
            f"JOIN {followers} f ON f.id = u.target AND f.menu IS NULL "
            f"JOIN {langs} l ON l.id = u.user"
        )
        counts: dict[str, Counter[str]] = {}
        for menu, lang, n in db.execute(
            f"SELECT f.menu, l.lang, COUNT(*) FROM {followers} f JOIN {langs} l "
            "ON l.id = f.target WHERE f.menu IS NOT NULL GROUP BY f.menu, l.lang"
        ):
            counts.setdefault(menu, Counter())[lang] += n
        for menu, found in counts.items():
            main = menu_lang(found.elements())
            self.menus[menu] = (main,) if main is not None else tuple(sorted(found))

    # -- the answers ------------------------------------------------------------------

    def followed(self, item_id: int | None, langs: frozenset[str]) -> tuple[str, ...] | None:
        """The languages ``--lang`` (``langs``, the same for the whole run) judges item
        ``item_id`` by; None when it follows nothing: it is judged by its own."""
        if item_id is None:
            return None
        found = self._memo.get(item_id, _NOT_YET)
        if found is _NOT_YET:
            found = self._followed(item_id, langs)
            self._memo.put(item_id, found)
        return found

    def serves(self, menu: str, langs: frozenset[str]) -> bool:
        """Whether the menu of slug ``menu`` (decoded) serves one of ``langs``."""
        served = self.menus.get(menu, EVERY)
        return served == EVERY or any(lang in langs for lang in served)

    def item_langs(self, item: Item, langs: frozenset[str]) -> tuple[str | None, ...]:
        """The languages ``--lang`` (``langs``) judges a transformed ``item`` by."""
        found = self.followed(item.id, langs) if item.type in FOLLOWING else None
        return (item.lang,) if found is None else found

    def _followed(self, item_id: int, langs: frozenset[str]) -> tuple[str, ...] | None:
        in_langs, _, followers, media = self.tables
        key = id_key(item_id)
        query = f"SELECT menu, target FROM {followers} WHERE id = ?"
        row = self.scratch.db.execute(query, (key,)).fetchone()
        if row is None:
            return None
        menu, target = row
        if menu is None:  # an attachment: its users' languages; none: the site's
            return self._langs(media, key) or None
        if not self.serves(menu, langs):
            return ()  # its menu is another language's
        # Its target's languages; a custom link's, or one to an item the export lacks,
        # are its menu's, which serves one of those kept.
        return self._langs(in_langs, target) or self._langs(media, target) or tuple(langs)

    def _langs(self, table: str, key: object) -> tuple[str, ...]:
        if key is None:
            return ()
        query = f"SELECT lang FROM {table} WHERE id = ? ORDER BY lang"
        return tuple(lang for (lang,) in self.scratch.db.execute(query, (key,)))


def _rebuilt(scratch: Scratch, tables: tuple[str, ...], menus: dict[str, Any]) -> Followers:
    followers = Followers.__new__(Followers)
    followers.scratch = scratch
    followers.tables = tables
    followers.menus = menus
    followers._memo = LRU(_MEMO)
    return followers


Rows = tuple[list[tuple[Any, ...]], list[tuple[Any, ...]], list[tuple[Any, ...]]]
"""What the pass learned of some items: rows of the tables ``item_langs``, ``uses`` and
``followers``, in file order (``Followers.add``)."""


def learned(items: Iterable[Item], resolver: MediaResolver, ctx: Context) -> Iterator[Rows]:
    """What each of ``items`` (read lightly or fully: the same rows) is in, uses, or
    follows: rows of ``BATCH`` items at a time, so that a file read here keeps few in
    memory."""
    rows: Rows = ([], [], [])
    for count, item in enumerate(items, 1):
        _learn(item, resolver, ctx, rows)
        if count % BATCH == 0:
            yield rows
            rows = ([], [], [])
    yield rows


def as_read_lightly(item: Item) -> Item:
    """``item`` with what the light read leaves out of what this pass reads taken out: its
    comments, and its meta but ``LIGHT_META``.

    The pass has always read the items lightly, so a comment's links and other meta
    (WooCommerce's ``_product_image_gallery``, ``enclosure``, a page builder's URLs) make
    no attachment follow an item: a full item (from the spool) must not either. The
    rest the pass reads (the texts, the terms, the language and menu meta) both reads
    keep alike (tests/test_lang_followers_spool.py)."""
    comments, meta = item.comments, item.meta
    light = tuple(m for m in meta if m.key in LIGHT_META)
    if not comments and len(light) == len(meta):
        return item  # a light item, or a full one with nothing more
    return evolve(item, comments=(), meta=light)


def _learn(item: Item, resolver: MediaResolver, ctx: Context, rows: Rows) -> None:
    if item.id is None:
        return
    item = as_read_lightly(item)
    langs, uses, followers = rows
    key = id_key(item.id)
    found = languages_of(item, ctx)
    if item.type in FOLLOWING:
        if any(source in OWN for _, source in found):
            return  # judged by its own language, as any item
        if item.type == MENU_ITEM:
            entry = entry_of(item, "published")
            target = id_key(entry.object_id) if entry.kind == "post_type" else None
            followers.append((key, entry.menu, target))
        else:
            followers.append((key, None, None))
            if item.parent:
                uses.append((key, id_key(item.parent)))
        return
    langs.extend((key, lang) for lang, _ in found if lang)
    targets = {
        ref.target.attachment
        for ref in resolver.references(item)
        if ref.target.kind in _TARGET_KINDS and ref.target.attachment is not None
    }
    uses.extend((id_key(t), key) for t in sorted(targets))


def build(
    sources: Sequence[str],
    ctx: Context,
    sitemap: SiteMap | None,
    recover: bool = False,
    spool: ItemSpool | None = None,
) -> Followers:
    """The pass: every file of ``sources`` read, into the run's scratch database.

    ``ctx``: the run's transforms' context (its index, its config); ``sitemap``: the links
    transform's, when it runs (it reads the whole index: built once for both). ``spool``:
    the items the index pass kept (``reader.itemspool``), when it kept them: a file whose
    items it holds all is read from there, not parsed (``_opened``).

    A large file is read in parts on every core (``map_parts``), as the index pass reads
    it: each worker learns the rows of its parts, and they are added here in file order,
    which gives the tables of a read item after item (only ``followers`` keeps a first
    row; the others are sets). Not with Ghost's tables in the site map (``_may_cut``).
    """
    followers = Followers(ctx.scratch_db())
    # Tables of the languages transform of its own, and a report of its own: the items'
    # languages are reported by the pass that writes them, and the transform's table of
    # split posts fills as the items come, which the links transform reads.
    quiet = replace(ctx, report=RunReport(), state={})
    resolver = MediaResolver(ctx.site, ctx.index, ctx.config, sitemap=sitemap)
    try:
        # The files one after the other: an item a file repeats adds the same rows again.
        cut = _may_cut(sitemap)
        for source in sources:
            with _opened(source, recover, spool, cut) as export:
                if cut and will_cut(export):
                    found = _in_parts(export, resolver, quiet)
                else:
                    found = learned(export, resolver, quiet)
                for rows in found:
                    followers.add(rows)
    finally:
        resolver.close()
    followers.finish()
    return followers


def _may_cut(sitemap: SiteMap | None) -> bool:
    """Whether a large file may be read in parts, in workers: not when the site map
    holds Ghost's slugs and file names (``--to ghost``). Those are claimed in export
    order in this process's own database (``ghosturls``, ``ghostfiles``), which a worker
    cannot be sent; the main pass of a Ghost conversion is one process too."""
    return sitemap is None or (sitemap.ghost is None and sitemap.files is None)


def _opened(source: str, recover: bool, spool: ItemSpool | None, cut: bool) -> Export:
    """The file at ``source``, to read its items from ``spool`` if it serves such a read
    (whole, or in parts when ``cut`` allows: ``ItemSpool.serves``), as the main pass
    will; else read lightly, as before (parsing fully would cost more).

    The index pass, which fills the spool, is over when this pass starts (the pipeline
    joins it first, for the index), so the spool is known whole or not here."""
    if spool is not None and source in spool.sources:
        export = read(source, recover=recover)
        whole = not (cut and will_cut(export))
        if spool.serves(spool.sources.index(source), whole=whole):
            export.spool = spool
            return export
        export.close()
    return read(source, recover=recover, light=True)


def _in_parts(export: Export, resolver: MediaResolver, ctx: Context) -> Iterator[Rows]:
    """The rows of each part of ``export``, learned in workers, in file order."""
    # The workers read the index and the site map from the run's database, shared; each
    # has a database of its own for the languages transform's split posts.
    scratch = ctx.scratch_db()
    scratch.share()
    job = (ctx.site, ctx.config, ctx.index, tuple(ctx.terms), ctx.path, ctx.filters)
    blob = pickle.dumps((job, resolver.sitemap), pickle.HIGHEST_PROTOCOL)
    yield from map_parts(export, partial(_learn_part, blob))


def _worker(loaded: tuple[tuple[Any, ...], SiteMap | None]) -> tuple[MediaResolver, Context]:
    (site, config, index, terms, path, filters), sitemap = loaded
    ctx = Context(
        site=site,
        config=config,
        index=index,
        path=path,
        terms=terms,
        scratch=Scratch(),
        filters=filters,
    )
    return MediaResolver(site, index, config, sitemap=sitemap), ctx


def _learn_part(blob: bytes, part: Export) -> Rows:
    """In a worker: the rows of the items of ``part`` (a part is a few MB: all at once)."""
    resolver, ctx = once_per_process(blob, _worker)
    rows: Rows = ([], [], [])
    for item in part:
        _learn(item, resolver, ctx, rows)
    return rows

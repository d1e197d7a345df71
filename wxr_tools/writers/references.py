"""References between items in what the WXR and Disqus writers write, after the filters.

A WXR item names others by id: a page its parent, an attachment the post it is
attached to, a post its featured image (``_thumbnail_id``), a menu item its target
(``_menu_item_object_id``) and its parent menu item. The status policy and the filters
(``--lang``, ``--type``...) leave items out, so such a reference can name an item that
is not written. WordPress's importer then makes a page top-level, but keeps an unknown
featured image's old number (another attachment of the new site) and drops a menu item
without a word. So the WXR writer changes each such reference (WXR426 says how many):

* a parent not written: the nearest written ancestor, else none (0); an attachment is
  attached to its post or to none, never to the post's ancestor;
* a featured image not written: ``_thumbnail_id`` is left out;
* a menu item whose target is not written is left out (an excluded item, with its
  reason); a parent menu item not written makes the item top-level.

A reference to an id the export does not hold at all is left as written: that is
the export's own state (the round trip keeps it; ``wxr validate`` reports it of the
export: WXR205, WXR209), and WordPress may hold that item already.

The writers stream and a reference may point forward, so which ids are written is
asked of the index before their items come (``Kept``): the entry's type, status, date
and language (as the languages transform decides it from what the index keeps)
against the status policy and the filters. What the index cannot foresee (a language
``[languages] detect`` guesses from the text, a menu item left out for its target, a
job without an index: ``wxr convert`` gives this writer one even on standard input,
``reader.spool``) is checked at the end: a reference written to an id
that never came is reported (WXR426), not silently left.

A post split by language (qTranslate, Language Switcher) is one id in the export and
one item per language here (``Copies``). The first copy written keeps the id, the slug
and the comments: the main language's, unless the filters leave it out, so the links
and menus that name the id find it. Each other copy gets an id past every id of the
export, its language in its slug (WordPress would make both unique anyway), and no
comments: each comment is written once (WordPress would import it twice, Disqus would
see one comment id in two threads); they are counted as excluded, with that reason.
Each copy has its guid already: the languages transform gives every copy but the main
language's one of its own (``langtags.copy_guid``), whatever the filters leave out,
so that this file and the Markdown sites' front matter and feeds agree.
A copy with the title of a copy before it (a title not translated) is dated a second
later for each such copy before it: WordPress's importer skips a post with the title
and date of one it has. A reference to a split post (a parent, a featured image, a
menu entry's target or parent) names its copy in the item's language, whatever comes
first (``writers.copyids``: the copies' ids are planned from the index): a real import
put the English copy of a split child page under the French parent page, its site's
hierarchy the other language's.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection
from datetime import timedelta
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote

from wxr_tools.diagnostics import Diagnostic
from wxr_tools.digits import id_of
from wxr_tools.followers import FOLLOWING, Followers
from wxr_tools.followers import NAME as FOLLOWERS
from wxr_tools.lru import LRU
from wxr_tools.model import Item, Meta, Term, evolve
from wxr_tools.transforms import Context
from wxr_tools.transforms.languages import NAME as LANGUAGES
from wxr_tools.transforms.languages import entry_languages
from wxr_tools.transforms.languagetables import Tables as LanguageTables
from wxr_tools.transforms.status import policy_state
from wxr_tools.writers.copyids import SPLIT_GROUPS, CopyIds

if TYPE_CHECKING:
    import sqlite3

    from wxr_tools.index import Entry
    from wxr_tools.writers import WriteJob

PARENTS = "parents not written: nearest written ancestor or none"
THUMBNAILS = "featured images not written: _thumbnail_id left out"
MENU_PARENTS = "parent menu items not written: made top-level"
MENU_TARGETS = "menu item to an item not written"
"""An exclusion reason: the menu item itself is left out."""
COPY_COMMENTS = "written with another language's copy"
"""A comment exclusion reason: the split post's first copy written holds its comments."""
COPY_IDS = "split posts' copies numbered after the export's ids"
COPY_PARENTS = "parents split by language: the parent's copy in the item's language"
COPY_TARGETS = "references to split posts: the copy in the item's language"
COPY_DATES = (
    "split posts' copies with their first copy's title dated seconds later "
    "(WordPress's importer skips a post of the same title and date)"
)
MENUS = "menus of another language left out (--lang)"
_CHANGES = (PARENTS, THUMBNAILS, MENU_PARENTS)
_CACHE = 4096
_NAMED = 5
"""Unresolved references named in the diagnostic; the others are counted."""


class Kept:
    """Whether an id's item is written, known before it comes: from the index."""

    def __init__(self, job: WriteJob) -> None:
        self.job = job
        self.index = job.index
        self.states: dict[str, Any] = job.config.section("status")
        self.excluded_types = frozenset(job.config.section("types")["exclude"])
        self._known: LRU[int, bool] = LRU(_CACHE)
        self._ctx: Context | None = None

    def __call__(self, item_id: int) -> bool | None:
        """True: written; False: in the export but left out; None: not in the export, or
        not known (no index). A reference to an item the export lacks is left as the
        export has it: WordPress may hold the item already, and ``wxr validate`` says so
        of the export itself (WXR205, WXR209)."""
        if self.index is None:
            return None
        known = self._known.get(item_id, None)
        if known is None:
            entry = self.index.get(item_id)
            if entry is None:
                return None
            known = self._keeps(entry)
            self._known.put(item_id, known)
        return known

    def _keeps(self, entry: Entry) -> bool:
        # The status transform's decision (transforms.status), then the filters'.
        if not self._policy_keeps(entry):
            return False
        filters = self.job.filters
        if filters is None:
            return True
        langs = self._languages(entry) if filters.langs else (None,)
        return filters.reason(entry.type, entry.status, langs, entry.date) is None

    def _policy_keeps(self, entry: Entry) -> bool:
        """Whether ``[types] exclude`` and the status policy keep the entry."""
        if entry.type in self.excluded_types:
            return False
        return policy_state(self.states, entry.status) != "exclude"

    def copies(self, entry: Entry) -> tuple[str, ...]:
        """The languages of split ``entry``'s copies that are written, in the order the
        languages transform makes them (the main language's first); () when it is not
        split. The pipeline's filter judges each copy by its language, or, an attachment
        or a menu entry that follows what it serves, all of them by those items'."""
        ctx = self._context()
        if not entry.split or ctx is None:
            return ()
        if not self._policy_keeps(entry):
            return ()
        _, split = entry_languages(entry, ctx)  # () when [languages] split is off
        filters = self.job.filters
        if filters is None or not split:
            return split
        followed = self._followed(entry)
        return tuple(
            lang
            for lang in split
            if filters.reason(entry.type, entry.status, followed or (lang,), entry.date) is None
        )

    def in_langs(self, item_id: int) -> bool:
        """Whether ``--lang`` keeps item ``item_id`` by its language (the other filters
        and the status policy aside); True when the index does not know it."""
        filters = self.job.filters
        entry = self.index.get(item_id) if self.index is not None else None
        if entry is None or filters is None or not filters.langs:
            return True
        return any(filters.keeps_lang(lang) for lang in self._languages(entry))

    def _languages(self, entry: Entry) -> tuple[str | None, ...]:
        """The entry's language, or every language of a post split by language; an
        attachment's or a menu entry's that follows the items it serves, theirs (the
        filter's own rule: ``wxr_tools.followers``)."""
        found = self._followed(entry)
        if found is not None:
            return found
        ctx = self._context()
        if ctx is None:
            return (None,)  # the languages transform did not run: no item has one
        lang, split = entry_languages(entry, ctx)
        return split or (lang,)

    def _followed(self, entry: Entry) -> tuple[str, ...] | None:
        """The languages of the items an attachment or a menu entry serves, when
        ``--lang`` judges it by them; None: by its own."""
        followers = self.job.transforms.get(FOLLOWERS)
        if not isinstance(followers, Followers) or entry.type not in FOLLOWING:
            return None
        assert self.job.filters is not None  # learned with --lang only
        return followers.followed(entry.id, self.job.filters.langs)

    def _context(self) -> Context | None:
        """What ``entry_languages`` asks; None when the languages transform did not run."""
        if not isinstance(self.job.transforms.get(LANGUAGES), LanguageTables):
            return None
        if self._ctx is None:
            job = self.job
            self._ctx = Context(
                site=job.site, config=job.config, index=job.index, report=job.report
            )
            self._ctx.state = job.transforms  # the transform's own tables
        return self._ctx

    def ancestor(self, parent: int) -> int:
        """``parent`` when written (or not known), else its nearest written ancestor, or 0."""
        seen: set[int] = set()
        while parent and self(parent) is False:
            if parent in seen:  # a cycle in the export must not loop forever
                return 0
            seen.add(parent)
            entry = self.index.get(parent) if self.index is not None else None
            parent = entry.parent if entry is not None else 0
        return parent


class Copies:
    """The copies of posts split by language: which one keeps the id and the comments."""

    def __init__(self, job: WriteJob, *, renumber: bool, ids: CopyIds | None = None) -> None:
        self.job = job
        self.renumber = renumber
        self.ids = ids
        """The copies' ids planned from the index (``copyids``), when renumbering."""
        self._holder: int | None = None
        """The split id whose first copy came last: it holds the id and the comments.
        A split post's copies come one after the other (the languages transform makes
        them together), so the last one is all there is to remember."""
        self._titles: Counter[str] = Counter()
        """How many of the holder's copies were written with each title so far: the
        n-th copy of a title is dated n-1 seconds after the first (a post has a few)."""
        self._next: int | None = None
        self.given: set[int] = set()
        """The ids given to copies without an index (a later item of the export may have
        one); with an index, they are past every id of the export. ``wxr convert`` always
        has one: it copies standard input to a file for this writer (``reader.spool``)."""

    def item(self, item: Item, written: Collection[int] = ()) -> Item:
        """``item`` as written: a later copy with its own id and slug, no comments."""
        group = item.translation_group
        if item.id is None or group is None or group[:3] not in SPLIT_GROUPS:
            return item
        if group[3:] != str(item.id):
            return item  # grouped by another id: not a copy of this one
        if item.id != self._holder:
            self._holder = item.id
            self._titles = Counter((item.title,))
            return item
        report = self.job.report
        changes: dict[str, Any] = {"comments": ()}
        if item.comments:
            report.exclude_comment(COPY_COMMENTS, len(item.comments))
        if self.renumber:
            changes["id"] = self._new_id(item, written)
            if item.slug and item.lang:
                changes["slug"] = f"{item.slug}-{item.lang.lower()}"
            report.counts[COPY_IDS] += 1
            if self._titles[item.title]:
                changes |= _later(item, self._titles[item.title])
                report.counts[COPY_DATES] += 1
            self._titles[item.title] += 1
        return evolve(item, **changes)

    def _new_id(self, item: Item, written: Collection[int]) -> int:
        if self.ids is not None and item.id is not None and item.lang:
            planned = self.ids.new_id(item.id, item.lang)
            if planned is not None:
                return planned  # a reference ahead of the copy may have named it
        if self._next is None:
            # Past every id of the export (the index knows them all) and the plan's;
            # without an index, past those written so far, and a later item with the
            # same id is reported.
            index = self.job.index
            past = self.ids.past_plan() if self.ids is not None else 0
            self._next = max(index.max_id() if index is not None else 0, past, *written, 0) + 1
        new, self._next = self._next, self._next + 1
        if self.job.index is None:
            self.given.add(new)
        return new


class References:
    """The WXR writer's references: ``item()`` before writing each item, ``finish()``."""

    def __init__(self, job: WriteJob) -> None:
        self.job = job
        self.kept = Kept(job)
        self.copy_ids = CopyIds(self.kept)
        self.copies = Copies(job, renumber=True, ids=self.copy_ids)
        self.written = _Written(job)
        self.left_out: set[int] = set()
        """Menu items left out here: a menu item naming one as its parent is top-level."""
        self.collisions = 0

    def item(self, item: Item) -> Item | None:
        """``item`` as written, its references to items not written changed; None: left
        out (a menu item whose target is not written)."""
        item = self.copies.item(item, self.written.in_memory)
        self.copy_ids.add(item)
        counts: Counter[str] = Counter()
        changes: dict[str, Any] = {}
        if item.parent:
            parent = item.parent
            if item.type == "attachment":
                parent = 0 if self.kept(parent) is False else parent
            else:
                parent = self.kept.ancestor(parent)
            if parent != item.parent:
                counts[PARENTS] += 1
            # A page of a split site goes under its parent's copy in its own language,
            # an attachment to its post's.
            copy = self.copy_ids.get(parent, item.lang)
            if copy != parent:
                counts[COPY_PARENTS] += 1
            if copy != item.parent:
                changes["parent"] = copy
            self._refer("parent", item, copy, ahead=copy != parent)
        meta = self._meta(item, counts)
        if meta is None:
            self.job.report.exclude_item(MENU_TARGETS, len(item.comments))
            if item.id is not None:
                self.left_out.add(item.id)
            return None
        if meta != item.meta:
            changes["meta"] = meta
        self.job.report.counts.update(counts)
        if item.id is not None:
            if item.id in self.copies.given and item.id not in self.written:
                self.collisions += 1
            self.written.add(item.id)
        return evolve(item, **changes) if changes else item

    def _meta(self, item: Item, counts: Counter[str]) -> tuple[Meta, ...] | None:
        """The meta as written; None when the item is a menu item to an item not written."""
        keys = {m.key for m in item.meta}
        if "_thumbnail_id" not in keys and "_menu_item_object_id" not in keys:
            return item.meta
        menu = item.type == "nav_menu_item"
        to_post = menu and any(
            m.key == "_menu_item_type" and m.value.strip() == "post_type" for m in item.meta
        )
        out: list[Meta] = []
        for m in item.meta:
            target = id_of(m.value)
            if m.key == "_thumbnail_id" and target:
                if self.kept(target) is False:
                    counts[THUMBNAILS] += 1
                    continue
            elif to_post and m.key == "_menu_item_object_id" and target:
                if self.kept(target) is False:
                    return None
            elif menu and m.key == "_menu_item_menu_item_parent" and target:
                if target in self.left_out or self.kept(target) is False:
                    counts[MENU_PARENTS] += 1
                    out.append(evolve(m, value="0"))
                    continue
            else:
                out.append(m)
                continue
            # A reference to a split post names its copy in the item's language.
            copy = self.copy_ids.get(target, item.lang)
            if copy != target:
                counts[COPY_TARGETS] += 1
                m = evolve(m, value=str(copy))
            self._refer(m.key, item, copy, ahead=copy != target)
            out.append(m)
        return tuple(out)

    def _refer(self, what: str, item: Item, target: int, *, ahead: bool = False) -> None:
        """Note a reference written ahead of its item, that ``finish`` checks it came;
        one to an item the export lacks is the export's own (validate reports it).
        ``ahead``: ``target`` is a split post's copy, which the index does not hold."""
        if not target or target in self.written:
            return
        if ahead or self.kept.index is None or self.kept(target) is not None:
            self.written.refer(what, item.id, target)

    def term(self, term: Term) -> bool:
        """Whether a channel term is written: a menu (``nav_menu``) only when it serves a
        language ``--lang`` keeps, as its entries are (``wxr_tools.followers``): the
        English half of a split site gets no empty French menu to import."""
        followers = self.job.transforms.get(FOLLOWERS)
        filters = self.job.filters
        if term.taxonomy != "nav_menu" or not isinstance(followers, Followers):
            return True
        if filters is None or followers.serves(unquote(term.slug), filters.langs):
            return True
        self.job.report.counts[MENUS] += 1
        return False

    def finish(self) -> None:
        """Report the references changed, and those written to an item that never came."""
        report, path = self.job.report, self.job.output
        changed = [f"{report.counts[k]} {k}" for k in _CHANGES if report.counts[k]]
        if report.items_excluded[MENU_TARGETS]:
            changed.append(f"{report.items_excluded[MENU_TARGETS]} {MENU_TARGETS} left out")
        if changed:
            message = "references to items not written: " + ", ".join(changed)
            report.add(Diagnostic(code="WXR426", message=message, path=path))
        count, dangling = self.written.dangling(_NAMED)
        if count:
            named = ", ".join(f"{w} of {f} -> {t}" for w, f, t in dangling)
            more = f" and {count - _NAMED} more" if count > _NAMED else ""
            message = f"{count} references name items not written: {named}{more}"
            report.add(Diagnostic(code="WXR426", message=message, path=path))
        if self.collisions:
            message = (
                f"{self.collisions} items have an id given to a split post's copy "
                "(no index to number the copies past every id of the export)"
            )
            report.add(Diagnostic(code="WXR426", message=message, path=path))


class _Written:
    """The ids written so far, and the references written ahead of their item (checked
    at the end): in the run's scratch database, so that memory stays flat whatever the
    export's size (a featured image usually comes after its post: a reference ahead
    for most posts); in sets on standard input, where there is no index nor database."""

    def __init__(self, job: WriteJob) -> None:
        self.in_memory: set[int] = set()
        self._ahead: list[tuple[str, int | None, int]] = []
        self._db: sqlite3.Connection | None = None
        if job.index is not None:
            scratch = job.index.scratch
            self._db = scratch.db
            ids = scratch.table("wxr_written", "id INTEGER PRIMARY KEY", rowid=False)
            ahead = scratch.table("wxr_ahead", "what TEXT, source INTEGER, target INTEGER")
            self._add = f"INSERT OR IGNORE INTO {ids} VALUES (?)"
            self._has = f"SELECT 1 FROM {ids} WHERE id = ?"
            self._refer = f"INSERT INTO {ahead} VALUES (?, ?, ?)"
            missing = f"FROM {ahead} WHERE target NOT IN (SELECT id FROM {ids})"
            self._count = f"SELECT COUNT(*) {missing}"
            self._some = f"SELECT what, source, target {missing} ORDER BY rowid LIMIT ?"

    def add(self, item_id: int) -> None:
        if self._db is None:
            self.in_memory.add(item_id)
        else:
            self._db.execute(self._add, (item_id,))

    def __contains__(self, item_id: object) -> bool:
        if self._db is None:
            return item_id in self.in_memory
        return self._db.execute(self._has, (item_id,)).fetchone() is not None

    def refer(self, what: str, source: int | None, target: int) -> None:
        """A reference written to ``target`` before its item: ``dangling`` checks it came."""
        if self._db is None:
            self._ahead.append((what, source, target))
        else:
            self._db.execute(self._refer, (what, source, target))

    def dangling(self, most: int) -> tuple[int, list[tuple[str, int | None, int]]]:
        """How many references name an item never written, and the first ``most``."""
        if self._db is None:
            found = [(w, f, t) for w, f, t in self._ahead if t not in self.in_memory]
            return len(found), found[:most]
        count = self._db.execute(self._count).fetchone()[0]
        rows = self._db.execute(self._some, (most,)).fetchall()
        return int(count), [(str(w), f, int(t)) for w, f, t in rows]


def _later(item: Item, seconds: int) -> dict[str, Any]:
    """``item``'s dates ``seconds`` later. WordPress's importer takes a post whose title
    and date (and type) are those of a post already there for that post
    (``post_exists``), and skips it: a split post's copy whose title is not translated
    would be lost on import. A second apart, it is its own post, in the same place."""
    shift = timedelta(seconds=seconds)
    return {
        name: getattr(item, name) + shift
        for name in ("date", "date_gmt")
        if getattr(item, name) is not None
    }

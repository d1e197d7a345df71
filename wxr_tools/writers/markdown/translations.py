"""Jekyll's table of translations, ``_data/translations.json``: each translation group
(``translationKey``) → its published documents, as the post layout links them.

Liquid cannot find documents by a front matter value but by going through all of them:
a post page that looked for its translations with ``where`` over ``site.documents``
made a build O(posts × documents), most of a thousand-post site's post layout time.
The layout reads its group here instead (a hash lookup). The table holds what the
links show (address, language, title) in the order ``site.documents`` has them
(``posts`` first, then the other collections by name; in each, by date, then path), so
the pages are as they were. Pages (``_pages``: no documents) are in it too, after the
documents: the post layout they use links their translations alike. Written again on
each run, like the posts it describes; a post added by hand later links its
translations once its group has a line here.
"""

from __future__ import annotations

import json
from datetime import UTC
from itertools import groupby
from operator import itemgetter

from wxr_tools.model import Item
from wxr_tools.scratch import Scratch
from wxr_tools.writers.markdown.localtimes import local_time
from wxr_tools.writers.markdown.output import Output
from wxr_tools.writers.markdown.paths import Placement
from wxr_tools.writers.markdown.urlforms import readable

TABLE = "_data/translations.json"
_BATCH = 1000


class Translations:
    """The published documents of each translation group, seen as they are placed.

    The members wait in the run's scratch database, not in memory: a bilingual blog of
    100k posts has 100k of them, and memory must stay flat."""

    def __init__(self, flavor: str, scratch: Scratch) -> None:
        self.flavor = flavor
        self._scratch = scratch
        self._table: str | None = None
        """Made for the first member: most sites have no translation groups."""
        self._rows: list[tuple[str, int, str, float, str, str, str, str | None]] = []

    def see(self, item: Item, placement: Placement) -> None:
        """A placed item: a member of its group (drafts are left out): a post, an entry
        of a collection, a page (Polylang's "Home" and "Accueil" link each other, as in
        the other flavors)."""
        if self.flavor != "jekyll" or not item.translation_group or item.state == "draft":
            return
        # Where ``site.documents`` has it: posts first, then the other collections by
        # name; in each, by date, then path. Pages are no documents: after them.
        self._rows.append(
            (
                item.translation_group,
                (placement.section != "posts") + (placement.section == "pages"),
                placement.section,
                _time(item),
                placement.path,
                readable(placement.url),
                item.title,
                item.lang,
            )
        )
        if len(self._rows) >= _BATCH:
            self._store()

    def _store(self) -> None:
        if not self._rows:
            return
        db = self._scratch.db
        if self._table is None:
            columns = "grp TEXT, later INT, section TEXT, at REAL, path TEXT, url, title, lang"
            self._table = self._scratch.table("translations", columns)
        db.executemany(f"INSERT INTO {self._table} VALUES (?, ?, ?, ?, ?, ?, ?, ?)", self._rows)
        self._rows = []

    def write(self, output: Output, fresh: bool) -> None:
        """The table, when a placed document belongs to a group: ``json.dumps(...,
        indent=1, sort_keys=True)``'s text, made a group at a time."""
        self._store()
        if self._table is None:
            return
        # Sorted by SQLite: BINARY order on UTF-8 is code point order, as sorted() gives;
        # the rowid keeps the order members were seen in where the rest ties.
        rows = self._scratch.db.execute(
            f"SELECT grp, url, title, lang FROM {self._table} "
            "ORDER BY grp, later, section, at, path, rowid"
        )
        chunks = ["{"]
        for n, (key, members) in enumerate(groupby(rows, key=itemgetter(0))):
            links = [_link(url, title, lang) for _, url, title, lang in members]
            text = json.dumps({key: links}, ensure_ascii=False, indent=1, sort_keys=True)
            # The group's lines as the whole table's dump has them: its own "{" and
            # "\n}" cut, a "," between groups.
            chunks.append(("," if n else "") + text[1:-2])
        chunks.append("\n}\n")
        output.write(TABLE, "".join(chunks).encode("utf-8"), fresh)


def _link(url: str, title: str, lang: str | None) -> dict[str, str]:
    """What the layout shows of a member: its address, its title, its language."""
    link = {"url": url, "title": title}
    if lang:
        link["lang"] = lang
    return link


def _time(item: Item) -> float:
    """The instant Jekyll sorts a document by (its front matter date; a date without
    an offset read as UTC here, as the build machine's zone cannot be known)."""
    value = local_time(item.date, item.date_gmt)
    if value is None:  # written in 1970-01-01's file: before every dated post
        return float("-inf")
    return (value if value.tzinfo is not None else value.replace(tzinfo=UTC)).timestamp()

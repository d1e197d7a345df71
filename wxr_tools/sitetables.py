"""The site map's keys, in the index's scratch database: what each path, slug and
uploaded file of the old site was (``urlmap.SiteMap`` fills and asks them)."""

from __future__ import annotations

from wxr_tools.index import Index
from wxr_tools.scratch import id_key


class SiteTables:
    """The site map's keys, in the index's scratch database: path, slug and media -> id.

    ``path`` and ``media`` keep the first id given a key (the export's first item wins);
    ``slug`` keeps every id, in the order given.
    """

    def __init__(self, index: Index) -> None:
        scratch = self._scratch = index.scratch  # its db: in a worker, a read-only copy
        self._names = {
            "path": scratch.table("site_paths", "key TEXT PRIMARY KEY, id", rowid=False),
            "media": scratch.table("site_media", "key TEXT PRIMARY KEY, id", rowid=False),
            "slug": scratch.table("site_slugs", "key TEXT NOT NULL, id"),
        }
        self._insert = {
            kind: f"INSERT {'' if kind == 'slug' else 'OR IGNORE '}INTO {name} VALUES (?, ?)"
            for kind, name in self._names.items()
        }
        self._select = {
            kind: f"SELECT id FROM {name} WHERE key = ? ORDER BY rowid"
            if kind == "slug"
            else f"SELECT id FROM {name} WHERE key = ?"
            for kind, name in self._names.items()
        }

    def add(self, facts: list[tuple[str, str, int]]) -> None:
        rows: dict[str, list[tuple[str, int | str | None]]] = {kind: [] for kind in self._insert}
        for kind, key, item_id in facts:  # one pass, each table's rows in the order given
            rows[kind].append((key, id_key(item_id)))
        for kind, insert in self._insert.items():
            if rows[kind]:
                self._scratch.db.executemany(insert, rows[kind])

    def indexed(self) -> None:
        """Index the slugs, once they are all in (faster than keeping an index up to date)."""
        name = self._names["slug"]
        self._scratch.db.execute(f"CREATE INDEX {name}_key ON {name} (key)")

    def path(self, key: str) -> int | None:
        return self._one("path", key)

    def media(self, key: str) -> int | None:
        return self._one("media", key)

    def slug(self, key: str) -> list[int]:
        return [int(found) for (found,) in self._scratch.db.execute(self._select["slug"], (key,))]

    def _one(self, kind: str, key: str) -> int | None:
        row = self._scratch.db.execute(self._select[kind], (key,)).fetchone()
        return None if row is None else int(row[0])

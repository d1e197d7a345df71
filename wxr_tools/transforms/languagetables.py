"""The languages transform's tables: what every item's decision needs, once a run.

``languages.tables`` builds them (``ctx.state``) from what is here: the ``Tables``
themselves (the configured codes and how they are written, ``Tables.code``; the site's,
default and main languages), Polylang's translation groups (``polylang_groups``), the
language guesser (``guesser``) and the run's table of the items split by language
(``Splits``), which the links transform and the Ghost writer read too. Apart from
``languages``, which decides each item's language with them.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from wxr_tools.diagnostics import UsageError
from wxr_tools.langtags import is_language, normalize
from wxr_tools.model import Term
from wxr_tools.phpvalues import string_map, unserialize
from wxr_tools.scratch import Scratch, id_key

if TYPE_CHECKING:
    from wxr_tools.writers import Filters

_CODES = 4096


class Splits:
    """Items split by language in this run: post id -> its languages, main one first.

    In the run's scratch database: a qTranslate site splits every post, and links to
    any of them need to know. The last split of an id wins (as a dict's would).
    """

    def __init__(self, scratch: Scratch) -> None:
        self._db = scratch.db
        name = scratch.table("splits", "id PRIMARY KEY, langs TEXT NOT NULL", rowid=False)
        self._put = f"INSERT OR REPLACE INTO {name} VALUES (?, ?)"
        self._get = f"SELECT langs FROM {name} WHERE id = ?"
        self._empty = True
        """Nothing split yet (most sites split nothing): no query needed to say so."""

    def put(self, item_id: int, langs: tuple[str, ...]) -> None:
        self._db.execute(self._put, (id_key(item_id), json.dumps(langs)))
        self._empty = False

    def get(self, item_id: int) -> tuple[str, ...]:
        """The item's languages; () when it was not split (or not yet)."""
        if self._empty:
            return ()
        row = self._db.execute(self._get, (id_key(item_id),)).fetchone()
        return () if row is None else tuple(json.loads(row[0]))

    def is_copy(self, item_id: int | None, lang: str | None) -> bool:
        """Whether the ``lang`` item of ``item_id`` is a copy of a split item other than
        its main language's: the links name it by its language (``/fr/...``, Ghost's
        ``slug-fr``), and it has the old addresses only when the filters leave the main
        copy out (``has_old_urls``). The links transform and the Ghost writer
        both ask here, so they agree whatever the filters leave out."""
        if item_id is None:
            return False
        langs = self.get(item_id)
        return bool(langs) and lang != langs[0]

    def has_old_urls(self, item_id: int | None, lang: str | None, filters: Filters | None) -> bool:
        """Whether the ``lang`` item of ``item_id`` answers for its old addresses, which
        the copies of a split item share (an item not split does).

        The main language's copy does, unless the filters leave it out (``--lang en``
        on a French site): then the first copy written, in the order of the item's
        languages (the main one, then as its text has them). That order is the item's
        own, the same in every run and every worker, so the same copy is chosen each
        time; any copy has the text the old address showed, in one of its languages.
        The copies differ in nothing else the filters look at: the language decides.
        """
        langs = self.get(item_id) if item_id is not None else ()
        if not langs:
            return True
        written = [code for code in langs if filters is None or filters.keeps_lang(code)]
        return lang == (written[0] if written else langs[0])


@dataclass(slots=True)
class Tables:
    """What every item's decision needs, built once per run (``ctx.state``)."""

    keep_region: bool
    extra: frozenset[str]
    site: str | None
    default: str | None
    main: str | None
    """The main language: the first configured one, else the site's, else the default."""
    bilingual: tuple[str, ...]
    markers: bool
    split: bool
    polylang: dict[str, str]
    """post_translations term slug -> group key."""
    guess: Callable[[str], str | None] | None
    splits: Splits
    codes: dict[tuple[str, bool], str | None] = field(default_factory=dict)
    """``code``'s answers: every item and every link target asks again for the same few
    values ("fr", "en_US"); the table stops growing at ``_CODES`` entries."""

    def code(self, raw: str, *, strict: bool = True) -> str | None:
        """``raw`` as this run writes codes; with ``strict``, only real language codes."""
        key = (raw, strict)
        if key in self.codes:
            return self.codes[key]
        tag = normalize(raw, self.keep_region)
        if tag is not None and strict and not is_language(tag.split("-")[0], self.extra):
            tag = None
        if len(self.codes) < _CODES:
            self.codes[key] = tag
        return tag


def polylang_groups(terms: Iterable[Term]) -> dict[str, str]:
    groups: dict[str, str] = {}
    for term in terms:
        if term.taxonomy != "post_translations":
            continue
        members = string_map(unserialize(term.description))
        ids = sorted(v for k, v in members.items() if isinstance(v, int) and k != "sync")
        if len(ids) >= 2:
            groups[term.slug] = "pll:" + ",".join(map(str, ids))
        else:  # unreadable: the term itself still ties its members together
            groups[term.slug] = "pll:" + term.slug
    return groups


def guesser(languages: list[str], cfg: dict[str, Any]) -> Callable[[str], str | None]:
    try:
        from py3langid.langid import MODEL_FILE, LanguageIdentifier
    except ImportError:  # pragma: no cover - a dependency; kept for broken installs
        message = "[languages] detect = true needs py3langid (pip install py3langid)"
        raise UsageError(message) from None
    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    known = [c.split("-")[0] for c in languages if c.split("-")[0] in identifier.labels]
    if len(known) >= 2:
        identifier.set_languages(known)
    minimum, chars = float(cfg["detect_confidence"]), int(cfg["detect_min_chars"])

    def guess(text: str) -> str | None:
        if len(text) < chars:
            return None
        code, confidence = identifier.classify(text[:4000])
        return str(code) if confidence >= minimum else None

    return guess

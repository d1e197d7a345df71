"""Languages: each item's language, its translations and its other-language summaries.

Sets ``lang`` (BCP 47), ``lang_source`` (the rule that decided), ``translation_group``
(a stable key shared by translations, else None) and ``summaries`` ({lang: text}).
The first source that says something wins, in this order:

1. ``polylang``: the item's ``language`` term; its ``post_translations`` term's
   serialized {lang: post id} map gives the group ``pll:<sorted ids>``.
   ``wpml``: WPML Export and Import's ``_wpml_import_*`` meta (group ``wpml:<id>``).
2. ``basic-bilingual``: meta ``bb-post-language`` (v1) or ``language`` (v0); summaries
   from ``bb-post-excerpts`` (v1, serialized) and ``other-excerpt`` (v0, in the
   ``[languages] bilingual`` language that is not the post's). Both sets may be present:
   v1 wins per language, nothing else is dropped.
3. ``qtranslate`` / ``language-switcher``: tagged title, content and excerpt; the item
   becomes one item per language (group ``qt:<post id>`` / ``ls:<post id>``); the
   first (the main language's) keeps the guid, the others get ``copy_guid``'s.
4. ``marker``: a title ending in `` [fr]`` (the marker is removed whatever decided the
   language); leading ``[en] …`` paragraphs in another language move to ``summaries``;
   ``[fr]`` after a link becomes ``hreflang="fr"``.
5. ``guess`` (py3langid, only with ``[languages] detect = true``), then ``site`` (the
   export's ``<language>``), then ``default`` (``[languages] default``).

Runs before ``autop``: split copies get their own raw ``title``/``content``/``excerpt``
(the tagged original has no meaning per language); marker edits go to ``content_html``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

from wxr_tools.langtags import (
    copy_guid,
    has_qtranslate,
    has_switcher,
    lead_paragraph,
    link_markers,
    normalize,
    qtranslate_languages,
    qtranslate_split,
    switcher_languages,
    switcher_text,
    title_marker,
)
from wxr_tools.model import Item, Term, evolve
from wxr_tools.phpvalues import string_map, unserialize
from wxr_tools.transforms import Context, html_of
from wxr_tools.transforms.languagetables import Splits, Tables, guesser, polylang_groups

if TYPE_CHECKING:
    from wxr_tools.index import Entry  # an annotation: ``info`` needs no index

NAME = "languages"
_TAGS = re.compile(r"<[^>]*>")
_SPACE = re.compile(r"\s+")


def tables(ctx: Context) -> Tables:
    """This run's tables (the links transform uses them too, for link targets)."""
    found = ctx.state.get(NAME)
    if isinstance(found, Tables):
        return found
    cfg = ctx.config.section(NAME)
    keep, extra = bool(cfg["keep_region"]), frozenset(c.lower() for c in cfg["codes"])
    site = normalize(ctx.site.language, keep) if ctx.site.language.strip() else None
    default = normalize(cfg["default"], keep) if cfg["default"] else None
    configured = [c for c in (normalize(x, keep) for x in cfg["languages"]) if c]
    built = Tables(
        keep_region=keep,
        extra=extra,
        site=site,
        default=default,
        main=(configured[0] if configured else site or default),
        bilingual=tuple(c for c in (normalize(x, keep) for x in cfg["bilingual"]) if c),
        markers=bool(cfg["markers"]),
        split=bool(cfg["split"]),
        polylang=polylang_groups(ctx.terms),
        guess=guesser(configured, cfg) if cfg["detect"] else None,
        splits=Splits(ctx.scratch_db()),
    )
    ctx.state[NAME] = built
    return built


def unreadable_groups(terms: Iterable[Term]) -> Iterator[tuple[Term, str]]:
    """The ``post_translations`` terms whose description does not unserialize, with the
    finding's message (WXR507): their group is the term's slug. Told by the pipeline,
    once a run (a worker that builds its own tables must not tell it again), with the
    file each term comes from."""
    for term in terms:
        if term.taxonomy != "post_translations" or not term.description.strip():
            continue
        if not string_map(unserialize(term.description)):
            yield term, f"post_translations {term.slug}: description does not unserialize"


# -- the transform -------------------------------------------------------------------------


def transform(item: Item, ctx: Context) -> Item | Sequence[Item] | None:
    t = tables(ctx)
    meta = {m.key: m.value for m in item.meta}
    lang, source, group = _declared(item, meta, t)
    summaries = _bb_summaries(item, meta, lang, t, ctx)
    if t.split:
        split = _split(item, t, ctx)
        if split:
            return [
                _finish(copy, code, kind, key, dict(summaries), t, ctx)
                for copy, code, kind, key in split
            ]
    return _finish(item, lang, source, group, summaries, t, ctx)


def _declared(
    item: Item, meta: dict[str, str], t: Tables
) -> tuple[str | None, str | None, str | None]:
    """Language, source and group from plugin data: Polylang terms, WPML, Basic Bilingual."""
    lang = group = None
    for term in item.terms:
        if term.taxonomy == "language" and lang is None:
            lang = t.code(term.slug, strict=False)
        elif term.taxonomy == "post_translations":
            group = t.polylang.get(term.slug, "pll:" + term.slug)
    if lang is not None:
        return lang, "polylang", group
    wpml = t.code(meta.get("_wpml_import_language_code", ""))
    if wpml is not None:
        trid = meta.get("_wpml_import_translation_group", "").strip()
        return wpml, "wpml", (f"wpml:{trid}" if trid else None)
    for key in ("bb-post-language", "language"):
        bb = t.code(meta.get(key, ""))
        if bb is not None:
            return bb, "basic-bilingual", group
    return None, None, group


def _bb_summaries(
    item: Item, meta: dict[str, str], lang: str | None, t: Tables, ctx: Context
) -> dict[str, str]:
    """Basic Bilingual v1's ``bb-post-excerpts``: {lang: text}, the post's own left out."""
    summaries: dict[str, str] = {}
    new = meta.get("bb-post-excerpts", "").strip()
    if new:
        value = unserialize(new)
        if value is None:
            ctx.diagnose(item, "WXR507", "bb-post-excerpts does not unserialize: left out")
        for key, text in string_map(value).items():
            code = t.code(key, strict=False)
            if code is not None and code != lang and isinstance(text, str) and text.strip():
                summaries[code] = text.strip()
    return summaries


def _other_excerpt(item: Item, lang: str | None, summaries: dict[str, str], t: Tables) -> None:
    """Basic Bilingual v0's ``other-excerpt``, in the bilingual language not the post's.

    v1's ``bb-post-excerpts`` wins for the same language (the plugin's migration copies
    v0 into v1 and keeps both); when no single other language exists it is kept as
    ``und`` (undetermined) rather than lost.
    """
    old = next((m.value.strip() for m in item.meta if m.key == "other-excerpt"), "")
    if not old:
        return
    others = [c for c in t.bilingual if c != lang]
    code = others[0] if lang is not None and len(others) == 1 else "und"
    summaries.setdefault(code, old)


def _split(item: Item, t: Tables, ctx: Context) -> list[tuple[Item, str, str, str]]:
    """One copy per language of a qTranslate or Language Switcher item; [] if untagged."""
    names = ("title", "content", "excerpt", "content_html", "excerpt_html")
    values: dict[str, str] = {n: v for n in names if isinstance(v := getattr(item, n), str)}
    qt = [n for n, v in values.items() if has_qtranslate(v)]
    ls = [] if qt else [n for n, v in values.items() if has_switcher(v)]
    if not qt and not ls:
        return []
    tagged = qt or ls
    found: dict[str, None] = {}
    for name in tagged:
        for raw in (qtranslate_languages if qt else switcher_languages)(values[name]):
            found.setdefault(raw, None)
    raws = _order(list(found), t)
    key = f"{'qt' if qt else 'ls'}:{item.id if item.id is not None else item.guid}"
    texts: dict[str, dict[str, str]] = {}
    for name in tagged:
        if qt:
            texts[name] = qtranslate_split(values[name], raws)
        else:
            texts[name] = {raw: switcher_text(values[name], raw) for raw in raws}
    copies: list[tuple[Item, str, str, str]] = []
    for raw in raws:
        changes: dict[str, Any] = {}
        for name in tagged:
            text = texts[name][raw]
            if not text.strip():  # qTranslate's fallback: the first language that has it
                text = next((v for v in texts[name].values() if v.strip()), "")
                if text:
                    ctx.report.counts[f"{key.split(':')[0]} fallback text"] += 1
            changes[name] = text
        code = t.code(raw, strict=False) or raw
        if copies and item.guid:  # every writer and feed tells the copies apart by guid
            changes["guid"] = copy_guid(item.guid, code)
        copies.append((evolve(item, **changes), code, _KIND[key[:2]], key))
    if item.id is not None and len(copies) > 1:
        t.splits.put(item.id, tuple(c[1] for c in copies))
    if len(copies) == 1:  # one language only: tags removed, nothing to group
        copy, code, kind, _ = copies[0]
        return [(copy, code, kind, "")]
    return copies


_KIND = {"qt": "qtranslate", "ls": "language-switcher"}


def _order(codes: list[str], t: Tables) -> list[str]:
    """Split languages: the main language first, then in order of appearance."""
    main = (t.main or "").split("-")[0]
    return sorted(codes, key=lambda c: c.split("-")[0] != main)


def _finish(
    item: Item,
    lang: str | None,
    source: str | None,
    group: str | None,
    summaries: dict[str, str],
    t: Tables,
    ctx: Context,
) -> Item:
    changes: dict[str, Any] = {}
    lang, source, title = _decided(item, lang, source, t)
    if title is not None:
        changes["title"] = title
    _other_excerpt(item, lang, summaries, t)
    if t.markers:
        html = html_of(item)
        new_html = _summary_paragraphs(html, lang, summaries, t, ctx)
        new_html = link_markers(new_html, t.extra)
        if new_html != html:
            changes["content_html"] = new_html
    if len(summaries) == 0 and item.summaries:
        summaries = dict(item.summaries)
    return evolve(
        item,
        lang=lang,
        lang_source=source,
        translation_group=group or None,
        summaries=summaries,
        **changes,
    )


def _decided(
    item: Item, lang: str | None, source: str | None, t: Tables
) -> tuple[str | None, str | None, str | None]:
    """The language and what decided it, when plugin data did not: a title marker, the
    guess, the site's language. Also the title without its marker (None: unchanged)."""
    title = None
    if t.markers:
        title, marked = title_marker(item.title, t.extra)
        if marked is None:
            title = None
        elif lang is None:
            lang, source = t.code(marked, strict=False), "marker"
    if lang is None and t.guess is not None:
        lang = t.guess(_plain(item))
        source = "guess" if lang is not None else None
    if lang is None:
        lang, source = (t.site, "site") if t.site else (t.default, "default" if t.default else None)
    return lang, source, title


def languages_of(item: Item, ctx: Context) -> list[tuple[str | None, str | None]]:
    """(language, source) of each item ``transform`` would make of ``item``, at less cost
    (``wxr info`` counts them): no summaries, no copies unless the item is split."""
    t = tables(ctx)
    split = _split(item, t, ctx) if t.split else []
    if split:
        # Each copy has its language already: _finish keeps a language it is given.
        return [(code, kind) for _, code, kind, _ in split]
    meta = {m.key: m.value for m in item.meta}
    lang, source, _ = _declared(item, meta, t)
    lang, source, _ = _decided(item, lang, source, t)
    return [(lang, source)]


def _summary_paragraphs(
    html: str, lang: str | None, summaries: dict[str, str], t: Tables, ctx: Context
) -> str:
    """Move leading ``[xx] …`` paragraphs in another language into ``summaries``."""
    while (lead := lead_paragraph(html, t.extra)) is not None:
        raw, text, rest, unmarked = lead
        code = t.code(raw, strict=False) or raw
        if code == lang or not rest.strip():
            # The post's own language (or the whole text): the marker goes, the text stays.
            return unmarked
        known = summaries.get(code)
        if known is not None and _same(known, text):
            ctx.report.counts["summary paragraphs removed (also in meta)"] += 1
        elif known is not None:
            return html  # differs from the meta's summary: keep it where it is
        else:
            summaries[code] = text
            ctx.report.counts["summary paragraphs moved"] += 1
        html = rest
    return html


def _same(a: str, b: str) -> bool:
    def flat(s: str) -> str:
        return _SPACE.sub(" ", _TAGS.sub("", s)).strip().rstrip(".").replace("’", "'")

    return flat(a) == flat(b)


def _plain(item: Item) -> str:
    return _SPACE.sub(" ", _TAGS.sub(" ", f"{item.title}\n{html_of(item)[:6000]}")).strip()


# -- link targets (for the links transform) ------------------------------------------------


def entry_languages(entry: Entry, ctx: Context) -> tuple[str | None, tuple[str, ...]]:
    """A link target's language and, when it is split by language, all of them (main first).

    Only what the index keeps is known: the languages it is split into, terms,
    language meta and the title.
    """
    t = tables(ctx)
    if t.split and entry.split:
        # What the index found, not what this run split so far: the answer must not
        # depend on where the target is in the file (or which process reads it).
        langs = tuple(t.code(r, strict=False) or r for r in _order(list(entry.split), t))
        return langs[0], langs
    for taxonomy, slug in entry.terms:
        if taxonomy == "language":
            return t.code(slug, strict=False), ()
    if entry.lang_meta and (code := t.code(entry.lang_meta)) is not None:
        return code, ()
    title = entry.title
    raws = qtranslate_languages(title) if has_qtranslate(title) else []
    raws = raws or (switcher_languages(title) if has_switcher(title) else [])
    if raws:
        codes = tuple(t.code(r, strict=False) or r for r in _order(raws, t))
        return codes[0], (codes if len(codes) > 1 else ())
    _, marked = title_marker(title, t.extra)
    if marked is not None:
        return t.code(marked, strict=False), ()
    return t.site or t.default, ()


def entry_title(entry: Entry, lang: str | None, ctx: Context) -> str:
    """A link target's title in ``lang``: its part of a tagged title (qTranslate's
    fallback, the first part there is, when it has none), a ``[fr]`` marker removed."""
    t, title = tables(ctx), entry.title
    qt = has_qtranslate(title)
    if qt or has_switcher(title):
        raws = _order(qtranslate_languages(title) if qt else switcher_languages(title), t)
        texts = qtranslate_split(title, raws) if qt else {r: switcher_text(title, r) for r in raws}
        parts = [text for raw, text in texts.items() if (t.code(raw, strict=False) or raw) == lang]
        title = next((p for p in (*parts, *texts.values()) if p.strip()), "")
    if t.markers:
        title = title_marker(title, t.extra)[0]
    return title.strip()

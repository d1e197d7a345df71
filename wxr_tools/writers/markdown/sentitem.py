"""The item a render worker sends the writing process: only what placing it reads.

The writing process places each item (``Paths.allocate``), tells the site around it of
it (``_placed``: menus, translations, term, date and author pages, the redirect map)
and counts it; it renders only an item whose place was taken, and that one it reads
again whole from the export (``workers._made_again``). So of the item it reads its id,
type, title, slug, link, author, dates, terms, line, state, language, translation
group, new and old URLs, and nothing else. The rest (texts, comments, meta, the fields
only rendering and the other formats read) is not sent: unpickling the item is most
of what receiving a rendered item costs this process, the busiest.

The item it gets back has every other field at its default (as if the export had
left it out): the same item the long way, ``evolve(item, <each of those>=default)``,
made without that throwaway copy in the worker and without the values in the pickle.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from wxr_tools.model import Item, TermRef
from wxr_tools.reader.records import record_maker

_make_item = record_maker(Item)

Sent = tuple[Any, ...]
"""``sent_values``' tuple: what ``sent_item`` makes the item from."""


def sent_values(item: Item, terms: dict[tuple[str, str, str], TermRef]) -> Sent:
    """The fields of ``item`` the writing process reads, for pickling.

    ``terms``: the terms met so far in the worker's part, by value: an item's terms are
    replaced by the first equal one (the same taxonomy, slug and name: equal records,
    and nothing keys them by identity), so that pickle writes each term once a part
    and refers back to it after (the same terms come back on item after item)."""
    date, date_gmt = item.date, item.date_gmt
    # ``modified`` is read only as the date of an item that has neither other date
    # (``paths.item_date``: ``date or date_gmt or modified``).
    modified: datetime | None = item.modified if date is None and date_gmt is None else None
    found = item.terms
    if found:
        get = terms.setdefault
        found = tuple([get((t.taxonomy, t.slug, t.name), t) for t in found])
    return (
        item.id,
        item.type,
        item.title,
        item.slug,
        item.link,
        item.author,
        date,
        date_gmt,
        modified,
        found,
        item.line,
        item.state,
        item.lang,
        item.translation_group,
        item.url,
        item.old_urls,
    )


def sent_item(values: Sent) -> Item:
    """The item ``sent_values`` read: those fields, every other one at its default."""
    (
        id_,
        type_,
        title,
        slug,
        link,
        author,
        date,
        date_gmt,
        modified,
        terms,
        line,
        state,
        lang,
        group,
        url,
        old_urls,
    ) = values
    # Every field of ``Item`` in order (``tests/test_sent_item.py`` holds it to that).
    return _make_item(
        (
            id_,  # id
            type_,  # type
            "",  # status
            title,  # title
            slug,  # slug
            link,  # link
            "",  # guid
            author,  # author
            date,  # date
            date_gmt,  # date_gmt
            modified,  # modified
            None,  # modified_gmt
            "",  # pub_date
            "",  # content
            "",  # excerpt
            0,  # parent
            0,  # menu_order
            "",  # password
            False,  # sticky
            "",  # comment_status
            "",  # ping_status
            "",  # attachment_url
            terms,  # terms
            (),  # meta
            (),  # comments
            line,  # line
            (),  # extra
            state,  # state
            None,  # content_html
            None,  # excerpt_html
            None,  # summary_html
            lang,  # lang
            None,  # lang_source
            group,  # translation_group
            None,  # summaries
            None,  # translations
            None,  # original_url
            None,  # original_publication
            url,  # url
            old_urls,  # old_urls
            None,  # featured_image
        )
    )

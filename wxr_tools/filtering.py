"""What a writer gets of the transformed items: the filters (``--lang``, ``--type``,
``--status``, dates) applied after the transforms, in this process or in every worker
(``parts.Job.keep``). What they leave out is counted in the run report."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from wxr_tools.model import Item, evolve
from wxr_tools.report import RunReport
from wxr_tools.writers import LEFT_OUT, Filters

if TYPE_CHECKING:
    from wxr_tools.followers import Followers
    from wxr_tools.transforms import Context


def followers_of(ctx: Context | None) -> Followers | None:
    """The tables by which ``--lang`` judges attachments and menu entries, if learned."""
    if ctx is None or "followers" not in ctx.state:
        return None  # no --lang: nothing imported for it
    from wxr_tools.followers import NAME, Followers

    found = ctx.state.get(NAME)
    return found if isinstance(found, Followers) else None


def keep(
    filters: Filters, followers: Followers | None, redirects: bool, item: Item, report: RunReport
) -> Item | None:
    """``item`` as the writer gets it, or None: left out (counted).

    ``redirects``: the writer redirects attachments' old addresses (``MEDIA_REDIRECTS``
    and ``--redirects``). An attachment left out by anything but ``--lang`` still goes
    there, as ``LEFT_OUT``: its file is on the new site (the media library is migrated
    whole), and its old page and file addresses redirect there as in a run without the
    filters. ``--lang`` leaves another language's files out of the site, and so them.
    """
    # An attachment or a menu entry without a language of its own is judged by the
    # languages of the items it serves (``wxr_tools.followers``), not the site's.
    langs: tuple[str | None, ...] = (item.lang,)
    if followers is not None:
        langs = followers.item_langs(item, filters.langs)
    reason = filters.reason(item.type, item.status, langs, item.date)
    if reason is None:
        return item
    report.exclude_item(reason, len(item.comments))
    if redirects and item.type == "attachment" and item.url and filters.keeps_langs(langs):
        return evolve(item, state=LEFT_OUT)
    return None


def kept_items(
    items: Iterable[Item],
    filters: Filters,
    followers: Followers | None,
    redirects: bool,
    report: RunReport,
) -> Iterator[Item]:
    """The items ``keep`` keeps, as it gives them."""
    for item in items:
        kept = keep(filters, followers, redirects, item, report)
        if kept is not None:
            yield kept

"""Jekyll's table of translations, ``_data/translations.json``: each translation group
(``translationKey``) → its published documents, as the post layout links them.

Liquid cannot find documents by a front matter value but by going through all of them:
a post page that looked for its translations with ``where`` over ``site.documents``
made a build O(posts × documents), most of a thousand-post site's post layout time.
The layout reads its group here instead (a hash lookup). The table holds what the
links show (address, language, title) in the order ``site.documents`` has them
(``posts`` first, then the other collections by name; in each, by date, then path), so
the pages are as they were. Written again on each run, like the posts it describes; a
post added by hand later links its translations once its group has a line here.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC

from wxr_tools.model import Item
from wxr_tools.writers.markdown.document import readable
from wxr_tools.writers.markdown.frontmatter import local_time
from wxr_tools.writers.markdown.output import Output
from wxr_tools.writers.markdown.paths import Placement

TABLE = "_data/translations.json"


@dataclass(frozen=True, slots=True)
class _Member:
    order: tuple[bool, str, float, str]
    """Where ``site.documents`` has it: not a post, collection, date, path."""
    link: dict[str, str]


class Translations:
    """The published documents of each translation group, seen as they are placed."""

    def __init__(self, flavor: str) -> None:
        self.flavor = flavor
        self._groups: dict[str, list[_Member]] = {}

    def see(self, item: Item, placement: Placement) -> None:
        """A placed item: a member of its group when Jekyll makes it a document (a post
        or an entry of a collection: pages are not documents; drafts are left out)."""
        if self.flavor != "jekyll" or not item.translation_group or item.state == "draft":
            return
        if placement.section == "pages":
            return
        link = {"url": readable(placement.url), "title": item.title}
        if item.lang:
            link["lang"] = item.lang
        order = (placement.section != "posts", placement.section, _time(item), placement.path)
        self._groups.setdefault(item.translation_group, []).append(_Member(order, link))

    def write(self, output: Output, fresh: bool) -> None:
        """The table, when a placed document belongs to a group."""
        if not self._groups:
            return
        table = {
            key: [m.link for m in sorted(members, key=lambda m: m.order)]
            for key, members in self._groups.items()
        }
        text = json.dumps(table, ensure_ascii=False, indent=1, sort_keys=True)
        output.write(TABLE, (text + "\n").encode("utf-8"), fresh)


def _time(item: Item) -> float:
    """The instant Jekyll sorts a document by (its front matter date; a date without
    an offset read as UTC here, as the build machine's zone cannot be known)."""
    value = local_time(item.date, item.date_gmt)
    if value is None:  # written in 1970-01-01's file: before every dated post
        return float("-inf")
    return (value if value.tzinfo is not None else value.replace(tzinfo=UTC)).timestamp()

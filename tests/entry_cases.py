"""Index entries made up for tests: ``an_entry(id, **fields)``, every field not given
empty (a published post with no slug, link or date).

Test modules import this as ``from entry_cases import an_entry`` (tests/ is on
``sys.path``: see ``link_helpers``).
"""

from __future__ import annotations

from wxr_tools.index import Entry


def an_entry(item_id: int, **fields: object) -> Entry:
    values: dict[str, object] = {
        "type": "post",
        "status": "publish",
        "slug": "",
        "link": "",
        "guid": "",
        "parent": 0,
        "date": None,
        "attachment_url": "",
        "attached_file": "",
        "thumbnail_id": None,
        "terms": (),
    }
    values.update(fields)
    return Entry(id=item_id, **values)  # type: ignore[arg-type]

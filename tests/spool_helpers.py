"""What the spool's tests compare: a read's items and state, and a guard against parsing."""

from __future__ import annotations

from typing import Any

from wxr_tools.model import Item
from wxr_tools.reader import Export


def no_parsing(*args: Any, **kwargs: Any) -> Item:
    raise AssertionError("an item was parsed: it should have come from the spool")


def read_state(export: Export, items: list[Item]) -> dict[str, Any]:
    """A finished read's items and what it gathered besides (as a sequential read's)."""
    return {
        "items": items,
        "error": None,
        "items_read": export.items_read,
        "diagnostics": export.diagnostics,
        "authors": export.authors,
        "terms": export.terms,
        "site": export.site,
    }

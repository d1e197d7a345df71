"""Status policy: publish/future published, draft/pending drafts, private/trash excluded.

Items of the types in ``[types] exclude`` (contact-form messages, personal-data
requests: private data, not content) are left out first.

The ``[status]`` table of ``wxr.toml`` maps each WordPress status to ``published``,
``draft``, ``media`` or ``exclude``; the result is the item's ``state``. Attachments
(``inherit``) are media: files that pages use, not pages of their own.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from wxr_tools.diagnostics import TYPE, cut
from wxr_tools.model import Item, evolve
from wxr_tools.transforms import Context


def policy_state(policy: Mapping[str, Any], status: str) -> str:
    """What the ``[status]`` table (``policy``) makes of a WordPress status: the writers
    and the link tables ask it of index entries, before the transform has run."""
    return str(policy.get(status) or policy["other"])


def transform(item: Item, ctx: Context) -> Item | None:
    if item.type in ctx.config.section("types")["exclude"]:
        ctx.report.exclude_item(f"{item.type} excluded (private data)")
        return None
    state = policy_state(ctx.config.section("status"), item.status)
    if item.type == "attachment" and state != "exclude":
        state = "media"
    if state == "exclude":
        ctx.report.exclude_item(f"{cut(item.status, TYPE) or 'no status'} excluded")
        return None
    return evolve(item, state=state)

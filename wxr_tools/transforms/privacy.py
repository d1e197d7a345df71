"""Privacy: commenter e-mails and IPs dropped by default (or hashed, or kept).

``[privacy] emails`` is ``drop``, ``hash`` (MD5 of the trimmed, lower-cased address,
as Gravatar uses, so avatars still work) or ``keep``; ``ips`` is ``drop`` or ``keep``.
"""

from __future__ import annotations

import hashlib
from dataclasses import replace

from wxr_tools.model import Comment, Item
from wxr_tools.transforms import Context


def gravatar_hash(email: str) -> str:
    return hashlib.md5(email.strip().lower().encode("utf-8")).hexdigest()


def _email(value: str, policy: str) -> str:
    if policy == "keep" or not value:
        return value
    return gravatar_hash(value) if policy == "hash" else ""


def transform(item: Item, ctx: Context) -> Item | None:
    if not item.comments:
        return item
    section = ctx.config.section("privacy")
    emails, ips = section["emails"], section["ips"]
    if emails == "keep" and ips == "keep":
        return item
    comments: list[Comment] = []
    for c in item.comments:
        comments.append(
            replace(
                c,
                author_email=_email(c.author_email, emails),
                author_ip=c.author_ip if ips == "keep" else "",
            )
        )
    return replace(item, comments=tuple(comments))

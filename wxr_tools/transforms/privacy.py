"""Privacy: commenter e-mails and IPs dropped by default (or hashed, or kept).

``[privacy] emails`` is ``drop``, ``hash`` (MD5 of the trimmed, lower-cased address,
as Gravatar uses, so avatars still work) or ``keep``; ``ips`` is ``drop`` or ``keep``.
Comment meta that copies them (Akismet's ``akismet_as_submitted`` holds the whole
submitted form: address, IP, user agent, server environment) goes with them, and is
counted in the run report.
"""

from __future__ import annotations

import hashlib

from wxr_tools.model import Comment, Item, Meta, evolve
from wxr_tools.transforms import Context

# Comment meta written by anti-spam plugins that always holds the commenter's data.
_SUBMISSION_KEYS = frozenset({"akismet_as_submitted"})


def gravatar_hash(email: str) -> str:
    return hashlib.md5(email.strip().lower().encode("utf-8")).hexdigest()


def _email(value: str, policy: str) -> str:
    if policy == "keep" or not value:
        return value
    return gravatar_hash(value) if policy == "hash" else ""


def _private(meta: Meta, comment: Comment, emails: str, ips: str) -> bool:
    """Whether ``meta`` carries what the policy removes from ``comment``."""
    if meta.key in _SUBMISSION_KEYS:
        return True
    email, ip = comment.author_email.strip(), comment.author_ip.strip()
    if emails != "keep" and email and email.lower() in meta.value.lower():
        return True
    return ips != "keep" and bool(ip) and ip in meta.value


def _comment(c: Comment, emails: str, ips: str, ctx: Context) -> Comment:
    meta = tuple(m for m in c.meta if not _private(m, c, emails, ips))
    if len(meta) != len(c.meta):
        ctx.report.counts["comment meta removed (privacy)"] += len(c.meta) - len(meta)
    email = _email(c.author_email, emails)
    ip = c.author_ip if ips == "keep" else ""
    if email == c.author_email and ip == c.author_ip and len(meta) == len(c.meta):
        return c  # nothing to remove: no copy
    return evolve(c, author_email=email, author_ip=ip, meta=meta)


def transform(item: Item, ctx: Context) -> Item | None:
    if not item.comments:
        return item
    section = ctx.config.section("privacy")
    emails, ips = section["emails"], section["ips"]
    if emails == "keep" and ips == "keep":
        return item
    comments = tuple(_comment(c, emails, ips, ctx) for c in item.comments)
    if all(new is old for new, old in zip(comments, item.comments, strict=True)):
        return item
    return evolve(item, comments=comments)

"""Privacy: commenter e-mails and IPs dropped by default (or hashed, or kept).

``[privacy] emails`` is ``drop``, ``hash`` (MD5 of the trimmed, lower-cased address,
as Gravatar uses, so avatars still work) or ``keep``; ``ips`` is ``drop`` or ``keep``.
Comment meta that copies them (Akismet's ``akismet_as_submitted`` holds the whole
submitted form: address, IP, user agent, server environment) goes with them, and is
counted in the run report. So does an author URL that is an e-mail address: a
commenter who typed their address in the website field had WordPress save it as a
link (``http://tom@example.org``, or ``mailto:`` as typed) and show it on the page.
"""

from __future__ import annotations

import hashlib
import re

from wxr_tools.model import Comment, Item, Meta, evolve
from wxr_tools.transforms import Context

# Comment meta written by anti-spam plugins that always holds the commenter's data.
_SUBMISSION_KEYS = frozenset({"akismet_as_submitted"})
# An address alone, maybe behind mailto: or http:// (which WordPress put before it).
_EMAIL_URL = re.compile(
    r"(?:mailto:|(?:https?:)?//)?[^\s/@:?#]+@[^\s/@:?#]+\.[^\s/@:?#]+/?", re.IGNORECASE
)


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


def _holds_email(comment: Comment) -> bool:
    """Whether the author URL is an e-mail address (the commenter's, or one alone)."""
    if "@" not in comment.author_url:  # most: no address at all (nor after lowering)
        return False
    url, email = comment.author_url.strip().lower(), comment.author_email.strip().lower()
    return (
        url.startswith("mailto:") or bool(email and email in url) or bool(_EMAIL_URL.fullmatch(url))
    )


def _comment(c: Comment, emails: str, ips: str, ctx: Context) -> Comment:
    meta = tuple(m for m in c.meta if not _private(m, c, emails, ips)) if c.meta else c.meta
    if len(meta) != len(c.meta):
        ctx.report.counts["comment meta removed (privacy)"] += len(c.meta) - len(meta)
    url = c.author_url
    if emails != "keep" and _holds_email(c):
        url = ""
        ctx.report.counts["author URLs removed (an e-mail address, privacy)"] += 1
    email = _email(c.author_email, emails)
    ip = c.author_ip if ips == "keep" else ""
    if (email, ip, url) == (c.author_email, c.author_ip, c.author_url) and len(meta) == len(c.meta):
        return c  # nothing to remove: no copy
    return evolve(c, author_email=email, author_ip=ip, author_url=url, meta=meta)


def transform(item: Item, ctx: Context) -> Item | None:
    if not item.comments:
        return item
    section = ctx.config.section("privacy")
    emails, ips = section["emails"], section["ips"]
    if emails == "keep" and ips == "keep":
        return item
    comments = tuple([_comment(c, emails, ips, ctx) for c in item.comments])
    if all(new is old for new, old in zip(comments, item.comments, strict=True)):
        return item
    return evolve(item, comments=comments)

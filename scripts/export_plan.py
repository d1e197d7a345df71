"""The site and the deterministic per-post plan of a synthetic export.

Part of the ``scripts/make_export.py`` generator: the site's constants
(addresses, authors, categories, tags, image sizes), date helpers for the
blog's Europe/Zurich clock, slugs (python-slugify), and :class:`Plan`, which
knows the facts about any post (ID, date, title, slug, status, language,
attachment) without having generated the ones before it.  Those facts are a
pure function of ``(seed, index)``: how later posts link to earlier ones, and
pingbacks come from later ones, without keeping posts in memory.

Slugs are unique, as WordPress makes them: a post whose title gives the slug
of an earlier post gets ``-<post ID>`` appended (WordPress would append
``-2``; titles never contain digits, so the result is unique).  Earlier slugs
are remembered in a 1 MiB Bloom filter, scanned in post order, so memory stays
flat; the only thing kept per post is the (small) set of renamed indexes.  A
false positive merely adds a needless suffix: about 0.1 expected in a
100,000-post export, 0.5 % of the posts at a million.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import random
from collections.abc import Callable
from dataclasses import dataclass

from export_text import words_for
from slugify import slugify

SITE = "https://blog.example.org"
OLD_SITE = "http://blog.example.org"
SITE_NAME = "Carnet bilingue"
UPLOADS = "/wp-content/uploads"
ZERO_DATE = "0000-00-00 00:00:00"
ZERO_PUBDATE = "Wed, 30 Nov -0001 00:00:00 +0000"
START = dt.datetime(2003, 1, 6, 9, 0, 0)
SPAN_SECONDS = 21 * 365 * 24 * 3600
MAX_GAP_SECONDS = 3 * 24 * 3600
FIRST_POST_ID = 10
PAGE_IDS = (2, 3)
MAX_COMMENTS = 60

# (term_id, slug, parent slug, name, description) -- parents before children,
# sorted by name as the exporter does.
CATEGORIES: tuple[tuple[int, str, str, str, str], ...] = (
    (2, "blogging", "", "Blogging", ""),
    (5, "evenements", "", "Événements", "Conférences, formations et rencontres."),
    (7, "going-solo", "evenements", "Going Solo", ""),
    (3, "internet", "", "Internet", ""),
    (4, "medias-sociaux", "internet", "Médias sociaux", ""),
    (6, "multilinguisme", "", "Multilinguisme", ""),
    (1, "non-classe", "", "Non classé", ""),
    (8, "vie-privee", "internet", "Vie privée", "Privacy & security."),
    (9, "voyages", "", "Voyages", ""),
)
TAGS: tuple[tuple[int, str, str], ...] = (
    (20, "bilingue", "bilingue"),
    (21, "chats", "chats"),
    (22, "conference", "conférence"),
    (23, "facebook", "Facebook"),
    (24, "formation", "formation"),
    (25, "freelance", "freelance"),
    (26, "lausanne", "Lausanne"),
    (27, "les-quotidiennes", "Les Quotidiennes"),
    (28, "photo", "photo"),
    (29, "podcast", "podcast"),
    (30, "temps", "temps"),
    (31, "twitter", "Twitter"),
    (32, "video", "vidéo"),
    (33, "wordpress", "WordPress"),
)
NAV_MENU = (40, "menu-principal", "Menu principal")
# (user ID, login, email, display name, first name, last name)
AUTHORS: tuple[tuple[int, str, str, str, str, str], ...] = (
    (1, "claire", "claire@blog.example.org", "Claire Morand", "Claire", "Morand"),
    (2, "tom", "tom@example.org", "Tom Walker", "Tom", "Walker"),
    (3, "nina", "nina@example.org", "Nina Keller", "Nina", "Keller"),
)
IMAGE_SIZES: tuple[tuple[str, int, int], ...] = (
    ("thumbnail", 150, 150),
    ("medium", 300, 200),
    ("medium_large", 768, 512),
    ("large", 1024, 683),
)

# ---------------------------------------------------------------------------
# Dates and slugs.
# ---------------------------------------------------------------------------


def _last_sunday(year: int, month: int) -> dt.datetime:
    day = dt.datetime(year, month, 31)
    return day - dt.timedelta(days=(day.weekday() + 1) % 7)


def utc_offset_hours(utc: dt.datetime) -> int:
    """Offset of Europe/Zurich (EU summer-time rule) at UTC instant ``utc``."""
    start = _last_sunday(utc.year, 3).replace(hour=1)
    end = _last_sunday(utc.year, 10).replace(hour=1)
    return 2 if start <= utc < end else 1


def mysql(d: dt.datetime) -> str:
    return d.strftime("%Y-%m-%d %H:%M:%S")


def rfc822(utc: dt.datetime) -> str:
    return utc.strftime("%a, %d %b %Y %H:%M:%S +0000")


def local(utc: dt.datetime) -> dt.datetime:
    return utc + dt.timedelta(hours=utc_offset_hours(utc))


# WordPress drops apostrophes ("C’est" -> "cest") where python-slugify would
# put a dash.  The transliteration backend is pinned: with the default "auto",
# installing Unidecode would change the output (and it costs a failed import
# per call when it is not installed).
_APOSTROPHES = (("’", ""), ("'", ""))


def make_slug(text: str) -> str:
    """ASCII, lower-case, dash-separated slug of ``text`` ("billet" if empty)."""
    return slugify(text, replacements=_APOSTROPHES, backend="text-unidecode") or "billet"


class SeenFilter:
    """Fixed-size Bloom filter of strings: no false negatives, flat memory."""

    BITS = 1 << 23  # 1 MiB
    HASHES = 4

    def __init__(self) -> None:
        self.bits = bytearray(self.BITS // 8)

    def add(self, key: str) -> bool:
        """Add ``key``; return whether it was (probably) added before."""
        digest = hashlib.blake2b(key.encode("utf-8"), digest_size=4 * self.HASHES).digest()
        seen = True
        for i in range(0, len(digest), 4):
            n = int.from_bytes(digest[i : i + 4], "little") % self.BITS
            byte, mask = n >> 3, 1 << (n & 7)
            if not self.bits[byte] & mask:
                seen = False
                self.bits[byte] |= mask
        return seen


# ---------------------------------------------------------------------------
# Per-post facts, pure functions of (seed, index).
# ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PostHead:
    index: int
    post_id: int
    lang: str
    title: str
    slug: str
    status: str
    author: int
    utc: dt.datetime
    has_attachment: bool
    block: bool

    @property
    def attachment_id(self) -> int:
        return self.post_id + 1

    @property
    def published(self) -> bool:
        return self.status == "publish"

    @property
    def unpublished(self) -> bool:
        """Drafts and pending posts: no GMT date and a ``?p=`` permalink."""
        return self.status in ("draft", "pending")

    @property
    def permalink(self) -> str:
        if self.unpublished:
            return f"{SITE}/?p={self.post_id}"
        d = local(self.utc)
        return f"{SITE}/archives/{d:%Y/%m/%d}/{self.slug}/"

    @property
    def upload_dir(self) -> str:
        return f"{local(self.utc):%Y/%m}"

    @property
    def image_name(self) -> str:
        return f"{self.slug[:40].rstrip('-')}-{self.post_id}"


class Plan:
    """Deterministic facts about every post of one export."""

    def __init__(self, posts: int, seed: int) -> None:
        self.posts = posts
        self.seed = seed
        self.gap = max(600, min(MAX_GAP_SECONDS, SPAN_SECONDS // max(posts, 1)))
        # Links and pingbacks mostly look at nearby posts: a bounded cache
        # saves recomputing them without letting memory grow with ``posts``.
        self.head: Callable[[int], PostHead] = functools.lru_cache(maxsize=4096)(self._head)
        # Slug de-duplication: every post below ``_scanned`` has its slug in
        # ``_seen``; ``_renamed`` holds those whose slug was taken (few).
        self._seen = SeenFilter()
        self._scanned = 0
        self._renamed: set[int] = set()
        # The scan and the head compute each title's slug: remember recent ones.
        self._slug: Callable[[str], str] = functools.lru_cache(maxsize=1024)(make_slug)

    def rng_for(self, index: int, purpose: str = "head") -> random.Random:
        return random.Random(f"{self.seed}:{purpose}:{index}")

    def post_id(self, index: int) -> int:
        # Two IDs per post: the post and its (optional) attachment.  The gaps
        # left by posts without attachments stand for revisions/auto-drafts.
        return FIRST_POST_ID + 2 * index

    def _titled(self, index: int) -> tuple[random.Random, str, str, str]:
        """The head's generator after drawing language, title and base slug."""
        rng = self.rng_for(index)
        lang = "fr" if rng.random() < 0.65 else "en"
        words = words_for(lang)
        n = rng.randint(3, 7)
        title = " ".join(rng.choice(words) for _ in range(n))
        title = title[0].upper() + title[1:]
        roll = rng.random()
        if roll < 0.1:
            title += f": {rng.choice(words)} {rng.choice(words)}"
        elif roll < 0.15:
            title += " ?" if lang == "fr" else "?"
        return rng, lang, title, self._slug(title)

    def _scan_to(self, index: int) -> None:
        """Record which posts up to ``index`` repeat an earlier post's slug."""
        while self._scanned <= index:
            if self._seen.add(self._titled(self._scanned)[3]):
                self._renamed.add(self._scanned)
            self._scanned += 1

    def _head(self, index: int) -> PostHead:
        self._scan_to(index)
        rng, lang, title, slug = self._titled(index)
        if index in self._renamed:
            slug = f"{slug}-{self.post_id(index)}"
        if rng.random() < 0.35:
            title += f" [{lang}]"
        roll = rng.random()
        if roll < 0.04:
            status = "draft"
        elif roll < 0.055:
            status = "pending"
        elif roll < 0.075:
            status = "private"
        else:
            status = "publish"
        author = 1 if rng.random() < 0.8 else rng.choice((2, 3))
        utc = START + dt.timedelta(seconds=index * self.gap + rng.randrange(self.gap // 2 + 1))
        return PostHead(
            index=index,
            post_id=self.post_id(index),
            lang=lang,
            title=title.strip(),
            slug=slug,
            status=status,
            author=author,
            utc=utc,
            has_attachment=rng.random() < 0.2,
            block=rng.random() < 0.3,
        )

    def earlier_published(self, rng: random.Random, index: int, tries: int = 6) -> PostHead | None:
        """A published post before ``index`` (mostly recent ones), or None."""
        if index == 0:
            return None
        for _ in range(tries):
            if rng.random() < 0.7:
                j = index - 1 - min(index - 1, int(rng.expovariate(1 / 30)))
            else:
                j = rng.randrange(index)
            head = self.head(j)
            if head.published:
                return head
        return None

    def later_published(self, rng: random.Random, index: int) -> PostHead | None:
        """A published post among the next 200 (the source of a pingback), or None."""
        if index + 1 >= self.posts:
            return None
        j = rng.randint(index + 1, min(self.posts - 1, index + 200))
        head = self.head(j)
        return head if head.published else None

    def earlier_attachments(self, index: int, limit: int) -> list[int]:
        found: list[int] = []
        j = index - 1
        while j >= 0 and j >= index - 40 and len(found) < limit:
            head = self.head(j)
            if head.has_attachment:
                found.append(head.attachment_id)
            j -= 1
        return found

    def export_time(self) -> dt.datetime:
        last = START + dt.timedelta(seconds=self.posts * self.gap)
        return last + dt.timedelta(days=2, hours=3, minutes=17, seconds=42)

"""Generate large, realistic WordPress WXR 1.2 exports for tests and benchmarks.

The output imitates what WordPress 6.x's exporter writes for a bilingual
French/English personal blog (the kind of blog ``fixtures/ctts-sample.xml``
models): the exporter's comment header, the five namespace declarations,
authors, categories (with a parent/child pair), tags, a nav menu term, then
one ``<item>`` per post in ID order.  Posts mix classic content (paragraphs
separated by blank lines, no ``<p>``) and block-editor content, carry
shortcodes, images from ``wp-content/uploads``, internal links to earlier
posts, Basic Bilingual post meta (``bb-post-language``, ``bb-post-excerpts``,
and the older ``language`` / ``other-excerpt`` keys) and threaded comments
with pingbacks.  Every PHP-serialized value has correct UTF-8 byte counts and
every CDATA section uses the exporter's ``]]>`` split.

Usage::

    python scripts/make_export.py --posts 1000 -o big.xml [--seed 1]
    python scripts/make_export.py --posts 50 -o -          # to stdout

The output only depends on ``--posts`` and ``--seed``: there is no clock,
no hash-order dependence and no global random state.  It is written item by
item, so memory stays flat however many posts are asked for.  Facts about one
post (ID, date, title, slug, status, language, attachment) are a pure function
of ``(seed, index)``, which is how later posts can link to earlier ones
without keeping them in memory.  Slugs are not de-duplicated (WordPress would
append ``-2``); with titles of 3-7 words collisions are rare but possible.
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import io
import random
import sys
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TextIO, TypeAlias
from xml.sax.saxutils import escape

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


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


# ---------------------------------------------------------------------------
# Vocabulary.  Lists only (never sets): iteration order must not depend on
# PYTHONHASHSEED.
# ---------------------------------------------------------------------------

FR_WORDS = _words(
    "blog billet commentaire conférence formation médias sociaux temps réseau internet "
    "lecteur lectrice écriture langue traduction résumé chronique journal semaine année "
    "idée question réponse projet indépendant entreprise communauté confiance outil "
    "téléphone ordinateur photo voyage montagne Lausanne Genève café matin soir été hiver "
    "vie travail équipe client élève école famille ami amie liste archive souvenir "
    "changement expérience débat présence visibilité identité vie privée sécurité "
    "plateforme article lien page image vidéo podcast"
)
FR_VERBS = _words(
    "écrire lire partager publier répondre comprendre apprendre expliquer raconter "
    "découvrir garder oublier changer essayer commencer continuer proposer"
)
FR_GLUE = _words(
    "et mais donc car ou puis aussi encore déjà toujours souvent parfois vraiment "
    "un peu beaucoup trop même surtout enfin ensuite là-dessus avec sans pour dans "
    "sur chez entre depuis après avant"
)
FR_OPENERS = (
    "C’est",
    "J’ai",
    "Je crois que",
    "Il faut",
    "On oublie souvent que",
    "Ça fait longtemps que",
    "Aujourd'hui,",
    "Cette semaine,",
    "Franchement,",
    "Au fond,",
    "Qu’est-ce que",
    "L’autre jour,",
)
EN_WORDS = _words(
    "blog post comment conference workshop social media time network internet reader "
    "writing language translation summary column newspaper week year idea question "
    "answer project freelancer company community trust tool phone laptop photo trip "
    "mountain Lausanne Geneva coffee morning evening summer winter life work team client "
    "student school family friend list archive memory change experience debate presence "
    "visibility identity privacy security platform article link page image video podcast"
)
EN_VERBS = _words(
    "write read share publish answer understand learn explain tell discover keep forget "
    "change try start continue suggest"
)
EN_GLUE = _words(
    "and but so because or then also still already always often sometimes really "
    "a bit a lot too much even mostly finally with without for in on at between since "
    "after before"
)
EN_OPENERS = (
    "It's",
    "I've",
    "I think",
    "We need to",
    "People often forget that",
    "It's been a while since",
    "Today,",
    "This week,",
    "Honestly,",
    "In the end,",
    "What if",
    "The other day,",
)

COMMENTERS = (
    ("Marc Dubois", "marc"),
    ("David Rochat", "david"),
    ("Cédric Favre", "cedric"),
    ("Anne-Sophie Martin", "annesophie"),
    ("Jean-Luc", "jl"),
    ("Léa Perrin", "lea"),
    ("Nathalie Roux", "nathalie"),
    ("Paul Smith", "paul"),
    ("Emily Carter", "emily"),
    ("Javier Gómez", "javier"),
    ("Zoë Müller", "zoe"),
    ("Thomas", "thomas"),
    ("Sam O'Neill", "sam"),
    ("Isabelle Girard", "isabelle"),
    ("Kenji Watanabe", "kenji"),
    ("Mira", "mira"),
)
EMOJI = ("😉", "🙂", "👍", "😄", "🙏", "☕")

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
# Low-level helpers: CDATA, PHP serialize, dates, slugs.
# ---------------------------------------------------------------------------


def cdata(text: str) -> str:
    """Wrap ``text`` the way WordPress's ``wxr_cdata()`` does."""
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


PhpValue: TypeAlias = (
    str | int | float | bool | Sequence["PhpValue"] | Mapping[str, "PhpValue"] | None
)


def php_serialize(value: PhpValue) -> str:
    """Serialize like PHP's ``serialize()``; ``s:N`` counts UTF-8 bytes."""
    if value is None:
        return "N;"
    if isinstance(value, bool):
        return f"b:{int(value)};"
    if isinstance(value, int):
        return f"i:{value};"
    if isinstance(value, float):
        return f"d:{value!r};"
    if isinstance(value, str):
        return f's:{len(value.encode("utf-8"))}:"{value}";'
    if isinstance(value, Mapping):
        body = "".join(php_serialize(k) + php_serialize(v) for k, v in value.items())
        return f"a:{len(value)}:{{{body}}}"
    body = "".join(f"i:{i};" + php_serialize(v) for i, v in enumerate(value))
    return f"a:{len(value)}:{{{body}}}"


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


def slugify(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.replace("’", "").replace("'", ""))
    ascii_text = decomposed.encode("ascii", "ignore").decode("ascii").lower()
    out: list[str] = []
    dash = False
    for ch in ascii_text:
        if ch.isalnum():
            out.append(ch)
            dash = False
        elif not dash and out:
            out.append("-")
            dash = True
    return "".join(out).strip("-") or "billet"


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
    def permalink(self) -> str:
        if self.status in ("draft", "pending"):
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

    def rng_for(self, index: int, purpose: str = "head") -> random.Random:
        return random.Random(f"{self.seed}:{purpose}:{index}")

    def post_id(self, index: int) -> int:
        # Two IDs per post: the post and its (optional) attachment.  The gaps
        # left by posts without attachments stand for revisions/auto-drafts.
        return FIRST_POST_ID + 2 * index

    def _head(self, index: int) -> PostHead:
        rng = self.rng_for(index)
        lang = "fr" if rng.random() < 0.65 else "en"
        words = FR_WORDS if lang == "fr" else EN_WORDS
        n = rng.randint(3, 7)
        title_words = [rng.choice(words) for _ in range(n)]
        title = " ".join(title_words)
        title = title[0].upper() + title[1:]
        roll = rng.random()
        if roll < 0.1:
            title += f": {rng.choice(words)} {rng.choice(words)}"
        elif roll < 0.15:
            title += " ?" if lang == "fr" else "?"
        slug = slugify(title)
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


# ---------------------------------------------------------------------------
# Text generation.
# ---------------------------------------------------------------------------


# Sentence pools: nouns weighted x2 against verbs and function words.
POOLS: dict[str, tuple[str, ...]] = {
    "fr": FR_WORDS * 2 + FR_VERBS + FR_GLUE,
    "en": EN_WORDS * 2 + EN_VERBS + EN_GLUE,
}


def sentence(rng: random.Random, lang: str) -> str:
    words = FR_WORDS if lang == "fr" else EN_WORDS
    openers = FR_OPENERS if lang == "fr" else EN_OPENERS
    parts = rng.choices(POOLS[lang], k=rng.randint(5, 15))
    parts[0] = openers[int(rng.random() * len(openers))]
    text = " ".join(parts)
    roll = rng.random()
    if roll < 0.08:
        quote = "«{}»" if lang == "fr" else "“{}”"
        text += ", " + quote.format(" ".join(rng.choice(words) for _ in range(3)))
    elif roll < 0.12:
        text += " (" + " ".join(rng.choice(words) for _ in range(2)) + ")"
    end = rng.random()
    if end < 0.08:
        text += " ?" if lang == "fr" and rng.random() < 0.5 else "?"
    elif end < 0.12:
        text += "…"
    elif end < 0.15:
        text += "!"
    else:
        text += "."
    return text[0].upper() + text[1:]


def paragraph(rng: random.Random, lang: str) -> str:
    return " ".join(sentence(rng, lang) for _ in range(rng.randint(1, 5)))


def inline_markup(rng: random.Random, text: str) -> str:
    words = text.split(" ")
    if len(words) > 6 and rng.random() < 0.25:
        i = rng.randrange(1, len(words) - 2)
        tag = rng.choice(("em", "strong"))
        words[i] = f"<{tag}>{words[i]}"
        words[i + 1] = f"{words[i + 1]}</{tag}>"
    return " ".join(words)


def internal_link(rng: random.Random, target: PostHead, text: str) -> str:
    roll = rng.random()
    if roll < 0.45:
        href = target.permalink
    elif roll < 0.65:
        href = target.permalink.replace(SITE, OLD_SITE, 1)
    elif roll < 0.8:
        href = f"{rng.choice((SITE, OLD_SITE))}/?p={target.post_id}"
    else:
        href = target.permalink.replace(SITE, "", 1)
    return f'<a href="{href}">{text}</a>'


@dataclass(slots=True)
class Body:
    content: str
    excerpt: str
    summary: str | None
    thumbnail: int | None


def youtube_id(rng: random.Random) -> str:
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
    return "".join(rng.choice(alphabet) for _ in range(11))


def build_body(rng: random.Random, plan: Plan, head: PostHead) -> Body:
    lang = head.lang
    other = "en" if lang == "fr" else "fr"
    target_len = 500 + int(5500 * rng.random() ** 3)
    block = head.block
    pieces: list[str] = []
    summary: str | None = None
    if rng.random() < 0.4:
        summary = " ".join(sentence(rng, other) for _ in range(rng.randint(1, 2)))

    def para(text: str) -> str:
        if block:
            return f"<!-- wp:paragraph -->\n<p>{text}</p>\n<!-- /wp:paragraph -->"
        return text

    if summary is not None and rng.random() < 0.5:
        # Inline summary paragraph, as in pre-plugin posts: "[en] ...".
        pieces.append(para(f"[{other}] {summary}"))

    up = f"{SITE}{UPLOADS}/{head.upload_dir}"
    thumbnail: int | None = None
    media: list[str] = []
    if head.has_attachment:
        aid = head.attachment_id
        name = head.image_name
        alt = paragraph(rng, lang).split(".")[0][:60].strip()
        if rng.random() < 0.6:
            thumbnail = aid
        if block:
            media.append(
                f'<!-- wp:image {{"id":{aid},"sizeSlug":"medium","linkDestination":"media"}} -->\n'
                f'<figure class="wp-block-image size-medium"><a href="{up}/{name}.jpg"><img '
                f'src="{up}/{name}-300x200.jpg" alt="{alt}" class="wp-image-{aid}"/></a>'
                f"<figcaption>{alt}</figcaption></figure>\n<!-- /wp:image -->"
            )
        else:
            align = rng.choice(("left", "right", "none"))
            media.append(
                f'[caption id="attachment_{aid}" align="align{align}" width="300"]'
                f'<a href="{up}/{name}.jpg"><img class="size-medium wp-image-{aid}" '
                f'src="{up}/{name}-300x200.jpg" alt="{alt}" width="300" height="200" /></a> '
                f"{alt}[/caption]"
            )
        if rng.random() < 0.3:
            ids = [aid, *plan.earlier_attachments(head.index, rng.randint(1, 4))]
            code = f'[gallery ids="{",".join(map(str, ids))}"]'
            media.append(
                f"<!-- wp:shortcode -->\n{code}\n<!-- /wp:shortcode -->" if block else code
            )
    elif rng.random() < 0.15:
        # Image referenced by URL only (inserted from an older post).
        old = plan.earlier_published(rng, head.index)
        if old is not None and old.has_attachment:
            src = f"{SITE}{UPLOADS}/{old.upload_dir}/{old.image_name}-300x200.jpg"
            media.append(para(f'<img src="{src}" alt="" width="300" height="200" />'))
    if rng.random() < 0.12:
        url = f"https://www.youtube.com/watch?v={youtube_id(rng)}"
        if block:
            media.append(
                f'<!-- wp:embed {{"url":"{url}","type":"video","providerNameSlug":"youtube",'
                f'"responsive":true}} -->\n<figure class="wp-block-embed is-type-video '
                f'is-provider-youtube wp-block-embed-youtube"><div class="wp-block-embed__wrapper">'
                f"\n{url}\n</div></figure>\n<!-- /wp:embed -->"
            )
        else:
            media.append(rng.choice((f"[embed]{url}[/embed]", f"[youtube {url}]", url)))

    body_len = 0
    n_links = 0
    more_done = False
    while body_len < target_len or not pieces:
        text = inline_markup(rng, paragraph(rng, lang))
        if n_links < 3 and rng.random() < 0.3:
            target = plan.earlier_published(rng, head.index)
            if target is not None:
                label = target.title.removesuffix(f" [{target.lang}]")
                text += " " + internal_link(rng, target, label)
                n_links += 1
        if rng.random() < 0.04:
            text += f' <a href="https://www.example.net/{slugify(text[:30])}">source</a>'
        pieces.append(para(text))
        body_len += len(text)
        if media and rng.random() < 0.35:
            pieces.append(media.pop(0))
        if not more_done and len(pieces) == 2 and rng.random() < 0.3:
            pieces.append(
                "<!-- wp:more -->\n<!--more-->\n<!-- /wp:more -->" if block else "<!--more-->"
            )
            more_done = True
    pieces.extend(media)
    if rng.random() < 0.02:
        # Code sample that contains the CDATA terminator.
        snippet = "&lt;![CDATA[ x ]]>" if block else "if ($count[$langs[0]]> 1) { echo 'ok'; }"
        pieces.append(
            "<!-- wp:code -->\n"
            f'<pre class="wp-block-code"><code>{snippet}</code></pre>\n'
            "<!-- /wp:code -->"
            if block
            else f"<pre>{snippet}</pre>"
        )
    if rng.random() < 0.05:
        pieces.append(para(sentence(rng, lang) + " " + rng.choice(EMOJI)))
    excerpt = sentence(rng, lang) if rng.random() < 0.15 else ""
    return Body("\n\n".join(pieces), excerpt, summary, thumbnail)


# ---------------------------------------------------------------------------
# Markup writers (one item at a time).
# ---------------------------------------------------------------------------


def meta_block(key: str, value: str, indent: str = "\t\t", tag: str = "wp:postmeta") -> str:
    return (
        f"{indent}<{tag}>\n"
        f"{indent}\t<wp:meta_key>{cdata(key)}</wp:meta_key>\n"
        f"{indent}\t<wp:meta_value>{cdata(value)}</wp:meta_value>\n"
        f"{indent}</{tag}>\n"
    )


@dataclass(slots=True)
class ItemFields:
    post_id: int
    title: str
    link: str
    creator: str
    guid: str
    content: str
    excerpt: str
    date_local: str
    date_gmt: str
    pub_date: str
    modified_local: str
    modified_gmt: str
    comment_status: str
    ping_status: str
    name: str
    status: str
    post_type: str
    parent: int = 0
    menu_order: int = 0
    attachment_url: str | None = None


def item_head(f: ItemFields) -> str:
    parts = [
        "\t<item>\n",
        f"\t\t<title>{cdata(f.title)}</title>\n",
        f"\t\t<link>{escape(f.link)}</link>\n",
        f"\t\t<pubDate>{f.pub_date}</pubDate>\n",
        f"\t\t<dc:creator>{cdata(f.creator)}</dc:creator>\n",
        f'\t\t<guid isPermaLink="false">{escape(f.guid)}</guid>\n',
        "\t\t<description></description>\n",
        f"\t\t<content:encoded>{cdata(f.content)}</content:encoded>\n",
        f"\t\t<excerpt:encoded>{cdata(f.excerpt)}</excerpt:encoded>\n",
        f"\t\t<wp:post_id>{f.post_id}</wp:post_id>\n",
        f"\t\t<wp:post_date>{cdata(f.date_local)}</wp:post_date>\n",
        f"\t\t<wp:post_date_gmt>{cdata(f.date_gmt)}</wp:post_date_gmt>\n",
        f"\t\t<wp:post_modified>{cdata(f.modified_local)}</wp:post_modified>\n",
        f"\t\t<wp:post_modified_gmt>{cdata(f.modified_gmt)}</wp:post_modified_gmt>\n",
        f"\t\t<wp:comment_status>{cdata(f.comment_status)}</wp:comment_status>\n",
        f"\t\t<wp:ping_status>{cdata(f.ping_status)}</wp:ping_status>\n",
        f"\t\t<wp:post_name>{cdata(f.name)}</wp:post_name>\n",
        f"\t\t<wp:status>{cdata(f.status)}</wp:status>\n",
        f"\t\t<wp:post_parent>{f.parent}</wp:post_parent>\n",
        f"\t\t<wp:menu_order>{f.menu_order}</wp:menu_order>\n",
        f"\t\t<wp:post_type>{cdata(f.post_type)}</wp:post_type>\n",
        f"\t\t<wp:post_password>{cdata('')}</wp:post_password>\n",
        "\t\t<wp:is_sticky>0</wp:is_sticky>\n",
    ]
    if f.attachment_url is not None:
        parts.append(f"\t\t<wp:attachment_url>{cdata(f.attachment_url)}</wp:attachment_url>\n")
    return "".join(parts)


def term_ref(domain: str, slug: str, name: str) -> str:
    return f'\t\t<category domain="{domain}" nicename="{slug}">{cdata(name)}</category>\n'


@dataclass(slots=True)
class Comment:
    comment_id: int
    author: str
    email: str
    url: str
    ip: str
    utc: dt.datetime
    content: str
    approved: str
    ctype: str
    parent: int
    user_id: int
    meta: list[tuple[str, str]]


def comment_xml(c: Comment) -> str:
    parts = [
        "\t\t<wp:comment>\n",
        f"\t\t\t<wp:comment_id>{c.comment_id}</wp:comment_id>\n",
        f"\t\t\t<wp:comment_author>{cdata(c.author)}</wp:comment_author>\n",
        f"\t\t\t<wp:comment_author_email>{cdata(c.email)}</wp:comment_author_email>\n",
        f"\t\t\t<wp:comment_author_url>{escape(c.url)}</wp:comment_author_url>\n",
        f"\t\t\t<wp:comment_author_IP>{cdata(c.ip)}</wp:comment_author_IP>\n",
        f"\t\t\t<wp:comment_date>{cdata(mysql(local(c.utc)))}</wp:comment_date>\n",
        f"\t\t\t<wp:comment_date_gmt>{cdata(mysql(c.utc))}</wp:comment_date_gmt>\n",
        f"\t\t\t<wp:comment_content>{cdata(c.content)}</wp:comment_content>\n",
        f"\t\t\t<wp:comment_approved>{cdata(c.approved)}</wp:comment_approved>\n",
        f"\t\t\t<wp:comment_type>{cdata(c.ctype)}</wp:comment_type>\n",
        f"\t\t\t<wp:comment_parent>{c.parent}</wp:comment_parent>\n",
        f"\t\t\t<wp:comment_user_id>{c.user_id}</wp:comment_user_id>\n",
    ]
    parts.extend(meta_block(k, v, "\t\t\t", "wp:commentmeta") for k, v in c.meta)
    parts.append("\t\t</wp:comment>\n")
    return "".join(parts)


class Writer:
    """Streams one export; holds only counters and the current item."""

    def __init__(self, out: TextIO, posts: int, seed: int) -> None:
        self.out = out
        self.plan = Plan(posts, seed)
        self.rng = random.Random(seed)
        self.next_comment_id = 1
        # Nothing (comment, edit) may be dated after the export itself.
        self.deadline = self.plan.export_time() - dt.timedelta(hours=1)

    # -- channel ------------------------------------------------------------

    def header(self) -> None:
        now = self.plan.export_time()
        w = self.out.write
        w('<?xml version="1.0" encoding="UTF-8" ?>\n')
        w(EXPORTER_COMMENTS)
        w(f'\t<!-- generator="WordPress/6.4.3" created="{now:%Y-%m-%d %H:%M}" -->\n')
        w(
            '<rss version="2.0"\n'
            '\txmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"\n'
            '\txmlns:content="http://purl.org/rss/1.0/modules/content/"\n'
            '\txmlns:wfw="http://wellformedweb.org/CommentAPI/"\n'
            '\txmlns:dc="http://purl.org/dc/elements/1.1/"\n'
            '\txmlns:wp="http://wordpress.org/export/1.2/"\n'
            ">\n\n<channel>\n"
        )
        w(f"\t<title>{SITE_NAME}</title>\n\t<link>{SITE}</link>\n")
        w("\t<description>Un blog bilingue &#8212; a bilingual blog</description>\n")
        w(f"\t<pubDate>{rfc822(now)}</pubDate>\n\t<language>fr-FR</language>\n")
        w("\t<wp:wxr_version>1.2</wp:wxr_version>\n")
        w(f"\t<wp:base_site_url>{SITE}</wp:base_site_url>\n")
        w(f"\t<wp:base_blog_url>{SITE}</wp:base_blog_url>\n\n")
        for aid, login, email, display, first, last in AUTHORS:
            w(
                f"\t<wp:author><wp:author_id>{aid}</wp:author_id>"
                f"<wp:author_login>{cdata(login)}</wp:author_login>"
                f"<wp:author_email>{cdata(email)}</wp:author_email>"
                f"<wp:author_display_name>{cdata(display)}</wp:author_display_name>"
                f"<wp:author_first_name>{cdata(first)}</wp:author_first_name>"
                f"<wp:author_last_name>{cdata(last)}</wp:author_last_name></wp:author>\n"
            )
        w("\n")
        for tid, slug, parent, name, desc in CATEGORIES:
            w(
                f"\t<wp:category>\n\t\t<wp:term_id>{tid}</wp:term_id>\n"
                f"\t\t<wp:category_nicename>{cdata(slug)}</wp:category_nicename>\n"
                f"\t\t<wp:category_parent>{cdata(parent)}</wp:category_parent>\n"
                f"\t\t<wp:cat_name>{cdata(name)}</wp:cat_name>\n"
            )
            if desc:
                w(f"\t\t<wp:category_description>{cdata(desc)}</wp:category_description>\n")
            w("\t</wp:category>\n")
        for tid, slug, name in TAGS:
            w(
                f"\t<wp:tag>\n\t\t<wp:term_id>{tid}</wp:term_id>\n"
                f"\t\t<wp:tag_slug>{cdata(slug)}</wp:tag_slug>\n"
                f"\t\t<wp:tag_name>{cdata(name)}</wp:tag_name>\n\t</wp:tag>\n"
            )
        tid, slug, name = NAV_MENU
        w(
            f"\t<wp:term><wp:term_id>{tid}</wp:term_id><wp:term_taxonomy>nav_menu"
            f"</wp:term_taxonomy><wp:term_slug>{cdata(slug)}</wp:term_slug>"
            f"<wp:term_name>{cdata(name)}</wp:term_name></wp:term>\n\n"
        )
        w("\t<generator>https://wordpress.org/?v=6.4.3</generator>\n\n")

    def footer(self) -> None:
        self.out.write("</channel>\n</rss>\n")

    # -- pages and menu -----------------------------------------------------

    def pages(self) -> None:
        utc = START - dt.timedelta(days=3)
        specs = (
            (PAGE_IDS[0], "À propos", "a-propos", 0, f"{SITE}/a-propos/"),
            (
                PAGE_IDS[1],
                "Conférences",
                "conferences",
                PAGE_IDS[0],
                f"{SITE}/a-propos/conferences/",
            ),
        )
        for pid, title, slug, parent, link in specs:
            text = "\n\n".join(
                [paragraph(self.rng, "fr"), paragraph(self.rng, "en"), paragraph(self.rng, "fr")]
            )
            when = mysql(local(utc))
            self.out.write(
                item_head(
                    ItemFields(
                        post_id=pid,
                        title=title,
                        link=link,
                        creator="claire",
                        guid=f"{OLD_SITE}/?page_id={pid}",
                        content=text,
                        excerpt="",
                        date_local=when,
                        date_gmt=mysql(utc),
                        pub_date=rfc822(utc),
                        modified_local=when,
                        modified_gmt=mysql(utc),
                        comment_status="closed",
                        ping_status="closed",
                        name=slug,
                        status="publish",
                        post_type="page",
                        parent=parent,
                        menu_order=1 if parent else 0,
                    )
                )
                + meta_block("_wp_page_template", "default")
                + "\t</item>\n"
            )
            utc += dt.timedelta(minutes=25)

    def menu(self) -> None:
        utc = self.plan.export_time() - dt.timedelta(days=10, hours=4)
        base_id = self.plan.post_id(self.plan.posts) + 2
        for order, page_id in enumerate(PAGE_IDS, start=1):
            nid = base_id + order
            meta = (
                ("_menu_item_type", "post_type"),
                ("_menu_item_menu_item_parent", str(base_id + 1) if order > 1 else "0"),
                ("_menu_item_object_id", str(page_id)),
                ("_menu_item_object", "page"),
                ("_menu_item_target", ""),
                ("_menu_item_classes", php_serialize([""])),
                ("_menu_item_xfn", ""),
                ("_menu_item_url", ""),
            )
            self.out.write(
                item_head(
                    ItemFields(
                        post_id=nid,
                        title="",
                        link=f"{SITE}/?p={nid}",
                        creator="claire",
                        guid=f"{SITE}/?p={nid}",
                        content="",
                        excerpt="",
                        date_local=mysql(local(utc)),
                        date_gmt=mysql(utc),
                        pub_date=rfc822(utc),
                        modified_local=mysql(local(utc)),
                        modified_gmt=mysql(utc),
                        comment_status="closed",
                        ping_status="closed",
                        name=str(nid),
                        status="publish",
                        post_type="nav_menu_item",
                        menu_order=order,
                    )
                )
                + term_ref("nav_menu", NAV_MENU[1], NAV_MENU[2])
                + "".join(meta_block(k, v) for k, v in meta)
                + "\t</item>\n"
            )

    # -- posts --------------------------------------------------------------

    def post(self, index: int) -> None:
        rng = self.rng
        plan = self.plan
        head = plan.head(index)
        body = build_body(rng, plan, head)
        login = AUTHORS[head.author - 1][1]
        unpublished = head.status in ("draft", "pending")
        local_date = mysql(local(head.utc))
        if rng.random() < 0.3:
            mod_utc = head.utc + dt.timedelta(seconds=int(rng.expovariate(1 / 86400)))
        else:
            mod_utc = head.utc + dt.timedelta(seconds=rng.randint(0, 900))
        mod_utc = min(mod_utc, self.deadline)
        guid_site = OLD_SITE if head.utc.year < 2016 else SITE
        parts: list[str] = [
            item_head(
                ItemFields(
                    post_id=head.post_id,
                    title=head.title,
                    link=head.permalink,
                    creator=login,
                    guid=f"{guid_site}/?p={head.post_id}",
                    content=body.content,
                    excerpt=body.excerpt,
                    date_local=local_date,
                    date_gmt=ZERO_DATE if unpublished else mysql(head.utc),
                    pub_date=ZERO_PUBDATE if unpublished else rfc822(head.utc),
                    modified_local=mysql(local(mod_utc)),
                    modified_gmt=mysql(mod_utc),
                    comment_status="open" if rng.random() < 0.9 else "closed",
                    ping_status="open",
                    name="" if unpublished and rng.random() < 0.7 else head.slug,
                    status=head.status,
                    post_type="post",
                )
            )
        ]
        for tid in sorted(rng.sample(range(len(CATEGORIES)), rng.choice((1, 1, 1, 2)))):
            _, slug, _, name, _ = CATEGORIES[tid]
            parts.append(term_ref("category", slug, name))
        for tid in sorted(rng.sample(range(len(TAGS)), rng.choice((0, 0, 1, 2, 3, 4)))):
            _, slug, name = TAGS[tid]
            parts.append(term_ref("post_tag", slug, name))
        meta: list[tuple[str, str]] = []
        if rng.random() < 0.3:
            meta.append(("_edit_last", str(head.author)))
        if body.thumbnail is not None:
            meta.append(("_thumbnail_id", str(body.thumbnail)))
        other = "en" if head.lang == "fr" else "fr"
        legacy = head.utc.year < 2010 or rng.random() < 0.1
        if legacy:
            meta.append(("language", head.lang))
            if body.summary is not None:
                meta.append(("other-excerpt", body.summary))
        if not legacy or rng.random() < 0.5:
            meta.append(("bb-post-language", head.lang))
            if body.summary is not None:
                meta.append(("bb-post-excerpts", php_serialize({other: body.summary})))
        parts.extend(meta_block(k, v) for k, v in meta)
        self.out.write("".join(parts))
        if head.published:
            self.comments(head)
        self.out.write("\t</item>\n")
        if head.has_attachment:
            self.attachment(head)

    def comments(self, head: PostHead) -> None:
        rng = self.rng
        # About half of the posts get no comment; the others follow a
        # Pareto tail capped at MAX_COMMENTS (mean about 2.4 per post).
        if rng.random() < 0.45:
            return
        count = min(MAX_COMMENTS, int(rng.paretovariate(1.1)))
        repliable: list[int] = []
        when = head.utc
        for _ in range(count):
            when += dt.timedelta(seconds=int(rng.expovariate(1 / 20000)) + 30)
            if when >= self.deadline:
                break
            cid = self.next_comment_id
            self.next_comment_id += 1
            roll = rng.random()
            if roll < 0.06:
                ping = self.pingback(cid, head, when)
                if ping.utc >= self.deadline:
                    break
                when = ping.utc
                self.out.write(comment_xml(ping))
                continue
            parent = 0
            if repliable and rng.random() < 0.35:
                parent = rng.choice(repliable[-8:])
            if parent and rng.random() < 0.4:
                author_row = AUTHORS[head.author - 1]
                name, email, user_id = author_row[3], author_row[2], head.author
                url, ip = SITE, "192.0.2.10"
            else:
                name, handle = rng.choice(COMMENTERS)
                email = f"{handle}@example.org" if rng.random() < 0.95 else ""
                url = f"https://{handle}.example.org/" if rng.random() < 0.4 else ""
                ip = f"192.0.2.{rng.randint(11, 254)}"
                user_id = 0
            lang = head.lang if rng.random() < 0.85 else ("en" if head.lang == "fr" else "fr")
            text = "\n\n".join(
                " ".join(sentence(rng, lang) for _ in range(rng.randint(1, 3)))
                for _ in range(rng.choice((1, 1, 1, 2, 3)))
            )
            if rng.random() < 0.1:
                text += " " + rng.choice(EMOJI)
            if rng.random() < 0.15:
                text += f"\n{name.split(' ')[0]}"
            approved = rng.choices(("1", "0", "trash"), weights=(94, 4, 2))[0]
            meta: list[tuple[str, str]] = []
            if rng.random() < 0.1:
                meta.append(("akismet_result", "false"))
                history: dict[str, PhpValue] = {
                    "time": round(when.replace(tzinfo=dt.UTC).timestamp() + rng.random(), 4),
                    "event": "check-ham",
                    "user": "",
                }
                meta.append(("akismet_history", php_serialize(history)))
            ctype = "comment" if when.year >= 2020 else ""
            self.out.write(
                comment_xml(
                    Comment(
                        cid,
                        name,
                        email,
                        url,
                        ip,
                        when,
                        text,
                        approved,
                        ctype,
                        parent,
                        user_id,
                        meta,
                    )
                )
            )
            if approved == "1":
                repliable.append(cid)

    def pingback(self, cid: int, head: PostHead, when: dt.datetime) -> Comment:
        rng = self.rng
        source = self.plan.later_published(rng, head.index)
        if source is not None and source.utc > head.utc:
            when = max(when, source.utc + dt.timedelta(seconds=5))
            author = f"{SITE_NAME} &raquo; {source.title}"
            url = source.permalink
            ip = "192.0.2.10"
        else:
            host = f"blog{rng.randint(1, 99)}.example.net"
            author = f"{host} &raquo; " + sentence(rng, head.lang)[:40]
            url = f"https://{host}/{local(when):%Y/%m}/{slugify(sentence(rng, head.lang))[:40]}/"
            ip = f"198.51.100.{rng.randint(1, 254)}"
        text = f"[&#8230;] {sentence(rng, head.lang)} [&#8230;]"
        return Comment(cid, author, "", url, ip, when, text, "1", "pingback", 0, 0, [])

    def attachment(self, head: PostHead) -> None:
        rng = self.rng
        aid = head.attachment_id
        name = head.image_name
        file = f"{head.upload_dir}/{name}.jpg"
        utc = head.utc - dt.timedelta(seconds=rng.randint(60, 1800))
        width, height = rng.choice(((1200, 800), (1500, 1000), (2048, 1365), (3000, 2000)))
        sizes: dict[str, PhpValue] = {
            size: {
                "file": f"{name}-{w}x{h}.jpg",
                "width": w,
                "height": h,
                "mime-type": "image/jpeg",
                "filesize": rng.randint(4000, 180000),
            }
            for size, w, h in IMAGE_SIZES
            if w < width
        }
        image_meta: dict[str, PhpValue] = {
            "aperture": rng.choice(("0", "2.8", "4", "5.6")),
            "credit": "",
            "camera": rng.choice(("", "iPhone 6s", "Canon PowerShot G9", "Pixel 4a")),
            "caption": "",
            "created_timestamp": str(int(utc.replace(tzinfo=dt.UTC).timestamp())),
            "copyright": "",
            "focal_length": rng.choice(("0", "4.15", "7.4")),
            "iso": rng.choice(("0", "100", "200", "400")),
            "shutter_speed": rng.choice(("0", "0.008", "0.016666666666667")),
            "title": "",
            "orientation": "1",
            "keywords": [],
        }
        metadata = php_serialize(
            {
                "width": width,
                "height": height,
                "file": file,
                "filesize": rng.randint(200000, 2500000),
                "sizes": sizes,
                "image_meta": image_meta,
            }
        )
        caption = sentence(rng, head.lang)[:80] if rng.random() < 0.4 else ""
        if head.status in ("draft", "pending"):
            link = f"{SITE}/?attachment_id={aid}"
        else:
            link = f"{head.permalink}{name}/"
        site = OLD_SITE if head.utc.year < 2016 else SITE
        self.out.write(
            item_head(
                ItemFields(
                    post_id=aid,
                    title=name.replace("-", " "),
                    link=link,
                    creator=AUTHORS[head.author - 1][1],
                    guid=f"{site}{UPLOADS}/{file}",
                    content="",
                    excerpt=caption,
                    date_local=mysql(local(utc)),
                    date_gmt=mysql(utc),
                    pub_date=rfc822(utc),
                    modified_local=mysql(local(utc)),
                    modified_gmt=mysql(utc),
                    comment_status="open",
                    ping_status="closed",
                    name=name,
                    status="inherit",
                    post_type="attachment",
                    parent=head.post_id,
                    attachment_url=f"{SITE}{UPLOADS}/{file}",
                )
            )
            + meta_block("_wp_attached_file", file)
            + meta_block("_wp_attachment_metadata", metadata)
            + (meta_block("_wp_attachment_image_alt", caption) if caption else "")
            + "\t</item>\n"
        )


EXPORTER_COMMENTS = """\
<!-- This is a WordPress eXtended RSS file generated by WordPress as an export of your site. -->
<!-- It contains information about your site's posts, pages, comments, categories, and other \
content. -->
<!-- You may use this file to transfer that content from one site to another. -->
<!-- This file is not intended to serve as a complete backup of your site. -->

<!-- To import this information into a WordPress site follow these steps: -->
<!-- 1. Log in to that site as an administrator. -->
<!-- 2. Go to Tools: Import in the WordPress admin panel. -->
<!-- 3. Install the "WordPress" importer from the list. -->
<!-- 4. Activate & Run Importer. -->
<!-- 5. Upload this file using the form provided on that page. -->
<!-- 6. You will first be asked to map the authors in this export file to users -->
<!--    on the site. For each author, you may choose to map to an -->
<!--    existing user on the site or to create a new user. -->
<!-- 7. WordPress will then import each of the posts, pages, comments, categories, etc. -->
<!--    contained in this file into your site. -->

"""


def write_export(out: TextIO, posts: int, seed: int = 1) -> None:
    """Write a complete WXR 1.2 document with ``posts`` posts to ``out``."""
    if posts < 0:
        raise ValueError("posts must be >= 0")
    writer = Writer(out, posts, seed)
    writer.header()
    writer.pages()
    for index in range(posts):
        writer.post(index)
    writer.menu()
    writer.footer()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--posts", type=int, required=True, help="number of posts (post_type=post)")
    parser.add_argument("-o", "--output", required=True, help="output file, or - for stdout")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default: 1)")
    args = parser.parse_args(argv)
    if args.posts < 0:
        parser.error("--posts must be >= 0")
    if args.output == "-":
        stream = io.TextIOWrapper(sys.stdout.buffer, encoding="utf-8", newline="\n")
        try:
            write_export(stream, args.posts, args.seed)
        finally:
            stream.flush()
            stream.detach()
        return 0
    with open(args.output, "w", encoding="utf-8", newline="\n") as fh:
        write_export(fh, args.posts, args.seed)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Post bodies and attachments for the synthetic exports.

Part of the ``scripts/make_export.py`` generator.  :func:`build_body` writes
one post's ``content:encoded`` the way WordPress stores it: classic posts are
paragraphs separated by blank lines (no ``<p>``) with ``[caption]``,
``[gallery]`` and ``[embed]`` shortcodes; block posts wrap the same material in
``<!-- wp:... -->`` comments.  Bodies carry inline markup, internal links to
earlier posts (in every form an old blog accumulates), images from
``wp-content/uploads``, an occasional ``<!--more-->``, emoji, and now and then
a code sample containing the CDATA terminator ``]]>``.  :func:`attachment_item`
writes the attachment item of a post's image, with the serialized
``_wp_attachment_metadata`` (sizes, EXIF) WordPress keeps for it.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from export_plan import (
    AUTHORS,
    IMAGE_SIZES,
    OLD_SITE,
    SITE,
    UPLOADS,
    Plan,
    PostHead,
    local,
    make_slug,
    mysql,
    rfc822,
)
from export_text import EMOJI, inline_markup, paragraph, sentence
from export_xml import ItemFields, PhpValue, item_head, meta_block, php_serialize


@dataclass(slots=True)
class Body:
    content: str
    excerpt: str
    summary: str | None  # summary in the other language, for the excerpt meta
    thumbnail: int | None  # attachment ID for _thumbnail_id


def internal_link(rng: random.Random, target: PostHead, text: str) -> str:
    """A link to ``target``: permalink, old http permalink, ``?p=`` or root-relative."""
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


def youtube_id(rng: random.Random) -> str:
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
    return "".join(rng.choice(alphabet) for _ in range(11))


def _media(rng: random.Random, plan: Plan, head: PostHead) -> tuple[list[str], int | None]:
    """Images, gallery and video of a post, and its featured image (if any)."""
    block = head.block
    up = f"{SITE}{UPLOADS}/{head.upload_dir}"
    thumbnail: int | None = None
    media: list[str] = []
    if head.has_attachment:
        aid = head.attachment_id
        name = head.image_name
        alt = paragraph(rng, head.lang).split(".")[0][:60].strip()
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
            media.append(_para(block, f'<img src="{src}" alt="" width="300" height="200" />'))
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
    return media, thumbnail


def _para(block: bool, text: str) -> str:
    if block:
        return f"<!-- wp:paragraph -->\n<p>{text}</p>\n<!-- /wp:paragraph -->"
    return text


def build_body(rng: random.Random, plan: Plan, head: PostHead) -> Body:
    lang = head.lang
    other = "en" if lang == "fr" else "fr"
    target_len = 500 + int(5500 * rng.random() ** 3)
    block = head.block
    pieces: list[str] = []
    summary: str | None = None
    if rng.random() < 0.4:
        summary = " ".join(sentence(rng, other) for _ in range(rng.randint(1, 2)))
    if summary is not None and rng.random() < 0.5:
        # Inline summary paragraph, as in pre-plugin posts: "[en] ...".
        pieces.append(_para(block, f"[{other}] {summary}"))
    media, thumbnail = _media(rng, plan, head)

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
            text += f' <a href="https://www.example.net/{make_slug(text[:30])}">source</a>'
        pieces.append(_para(block, text))
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
        pieces.append(_para(block, sentence(rng, lang) + " " + rng.choice(EMOJI)))
    excerpt = sentence(rng, lang) if rng.random() < 0.15 else ""
    return Body("\n\n".join(pieces), excerpt, summary, thumbnail)


def attachment_item(rng: random.Random, head: PostHead) -> str:
    """The attachment ``<item>`` of ``head``'s image, with its serialized metadata."""
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
    link = f"{SITE}/?attachment_id={aid}" if head.unpublished else f"{head.permalink}{name}/"
    site = OLD_SITE if head.utc.year < 2016 else SITE
    return (
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

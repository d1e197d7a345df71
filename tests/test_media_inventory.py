"""``wxr media`` and ``wxr_tools.media``: the inventory, and every form of reference.

The inventory of the sample export (attachments, URLs, files, the per-item resolver,
the CLI's text and JSON output, standard input), then one export with every form of
media reference. File types and ``--from-dir`` are in ``test_media_store.py``; the
shared images and WXR snippets are in ``media_helpers.py``.
"""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest
from media_helpers import SAMPLE, UPLOADS, attachment, meta
from wxr_builder import item, wxr

from wxr_tools.cli import main
from wxr_tools.entries import entry_of
from wxr_tools.index import Index
from wxr_tools.media.inventory import Inventory, MediaFile, build_inventory
from wxr_tools.media.references import MediaResolver, Resolved
from wxr_tools.reader import read

# -- the inventory on the sample export -----------------------------------------------------


@pytest.fixture(scope="module")
def sample() -> Inventory:
    return build_inventory(str(SAMPLE))


def test_sample_attachments(sample: Inventory) -> None:
    assert list(sample.attachments) == [216, 217, 761]
    scene, public, diagram = (sample.attachments[n] for n in (216, 217, 761))
    assert scene.url == UPLOADS + "2008/11/going-solo-lyon-scene.jpg"
    assert scene.file == "2008/11/going-solo-lyon-scene.jpg"
    assert (scene.mime, scene.width, scene.height, scene.parent) == ("image/jpeg", 1200, 800, 215)
    assert scene.sizes == {
        "thumbnail": "2008/11/going-solo-lyon-scene-150x150.jpg",
        "medium": "2008/11/going-solo-lyon-scene-300x200.jpg",
        "large": "2008/11/going-solo-lyon-scene-1024x683.jpg",
    }
    assert public.file == "2008/11/going-solo-lyon-public.jpg"
    assert diagram.file == "2019/06/wxr-export-diagram.png" and diagram.mime == "image/png"
    assert diagram.sizes["medium_large"] == "2019/06/wxr-export-diagram-768x512.png"
    # the featured images (_thumbnail_id) and the [gallery ids="216,217"] of post 215
    assert (scene.featured_by, scene.galleries) == ([215], [215])
    assert (public.featured_by, public.galleries) == ([], [215])
    assert (diagram.featured_by, diagram.galleries) == ([760], [])
    # scene: a link to the full size, the -300x200 <img>, the gallery, the featured image
    assert (scene.references, public.references, diagram.references) == (4, 1, 3)


def test_sample_urls(sample: Inventory) -> None:
    http = "http://ctts.example.org/wp-content/uploads/"
    assert {url: row.target for url, row in sample.urls.items()} == {
        http + "2008/11/going-solo-lyon-scene.jpg": Resolved(
            "attachment",
            216,
            "2008/11/going-solo-lyon-scene.jpg",
            "2008/11/going-solo-lyon-scene.jpg",
            "ctts.example.org",
        ),
        http + "2008/11/going-solo-lyon-scene-300x200.jpg": Resolved(
            "attachment",
            216,
            "2008/11/going-solo-lyon-scene-300x200.jpg",
            "2008/11/going-solo-lyon-scene.jpg",
            "ctts.example.org",
        ),
        UPLOADS + "2019/06/wxr-export-diagram.png": Resolved(
            "attachment",
            761,
            "2019/06/wxr-export-diagram.png",
            "2019/06/wxr-export-diagram.png",
            "ctts.example.org",
        ),
        UPLOADS + "2019/06/wxr-export-diagram-300x200.png": Resolved(
            "attachment",
            761,
            "2019/06/wxr-export-diagram-300x200.png",
            "2019/06/wxr-export-diagram.png",
            "ctts.example.org",
        ),
    }
    variants = {row.target.path for row in sample.urls.values() if row.target.variant}
    assert variants == {
        "2008/11/going-solo-lyon-scene-300x200.jpg",
        "2019/06/wxr-export-diagram-300x200.png",
    }
    rows = list(sample.urls.values())
    assert [(r.count, r.items, dict(r.sources)) for r in rows] == [
        (1, [215], {"href": 1}),
        (1, [215], {"src": 1}),
        (1, [760], {"href": 1}),
        (1, [760], {"src": 1}),
    ]
    assert dict(sample.sources) == {"href": 2, "src": 2, "gallery": 2, "featured": 2}
    assert (sample.items, sample.items_with_media) == (14, 2)
    assert sample.hosts() == {} and sample.unresolved_ids == [] and sample.diagnostics == []


def test_sample_files(sample: Inventory) -> None:
    originals = [
        MediaFile(
            "2008/11/going-solo-lyon-scene.jpg", UPLOADS + "2008/11/going-solo-lyon-scene.jpg", 216
        ),
        MediaFile(
            "2008/11/going-solo-lyon-public.jpg",
            UPLOADS + "2008/11/going-solo-lyon-public.jpg",
            217,
        ),
        MediaFile(
            "2019/06/wxr-export-diagram.png", UPLOADS + "2019/06/wxr-export-diagram.png", 761
        ),
    ]
    assert sample.files() == originals
    variants = sample.files(variants=True)[3:]
    assert [(f.path, f.attachment, f.original, f.original_url) for f in variants] == [
        (
            "2008/11/going-solo-lyon-scene-300x200.jpg",
            216,
            "2008/11/going-solo-lyon-scene.jpg",
            UPLOADS + "2008/11/going-solo-lyon-scene.jpg",
        ),
        (
            "2019/06/wxr-export-diagram-300x200.png",
            761,
            "2019/06/wxr-export-diagram.png",
            UPLOADS + "2019/06/wxr-export-diagram.png",
        ),
    ]


def test_resolver_per_item_agrees_with_the_inventory(sample: Inventory) -> None:
    with read(str(SAMPLE)) as export:
        items = list(export)
        site = export.site
    resolver = MediaResolver(site, Index(e for e in map(entry_of, items) if e is not None))
    post = next(i for i in items if i.id == 215)
    refs = [
        (r.found.source, r.target.attachment, r.target.variant) for r in resolver.references(post)
    ]
    assert refs == [
        ("href", 216, False),
        ("src", 216, True),
        ("gallery", 216, False),
        ("gallery", 217, False),
        ("featured", 216, False),
    ]


def test_cli_text_and_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["media", str(SAMPLE)]) == 0
    out = capsys.readouterr().out
    assert "attachments: 3 (image/jpeg 2, image/png 1), 3 referenced" in out
    assert "2008/11/going-solo-lyon-scene-300x200.jpg -> 2008/11/going-solo-lyon-scene.jpg" in out
    assert "216: 2008/11/going-solo-lyon-scene.jpg (4 references; featured by 215;" in out
    assert main(["media", str(SAMPLE), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["summary"]["unique_urls"] == 4 and data["summary"]["resized_variants"] == 2
    assert [a["id"] for a in data["attachments"]] == [216, 217, 761]
    assert data["attachments"][0]["galleries"] == [215]
    assert data["hosts"] == {} and data["diagnostics"] == []


def test_standard_input_learns_the_index_from_the_stream(
    monkeypatch: pytest.MonkeyPatch, sample: Inventory
) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(SAMPLE.read_bytes())))
    piped = build_inventory("-")
    assert piped.urls == sample.urls and piped.attachments == sample.attachments


# -- every form of reference --------------------------------------------------------------

META = (
    'a:3:{s:4:"file";s:12:"2020/01/a.jpg";s:5:"sizes";a:1:{s:6:"medium";a:1:{s:4:"file";'
    's:19:"a-300x200.jpg";}}s:14:"original_image";s:5:"a.jpg";}'
)


BODY = """
<img src="/wp-content/uploads/2020/01/a-300x200.jpg"
     srcset="https://example.org/wp-content/uploads/2020/01/a-300x200.jpg 300w,
             https://example.org/wp-content/uploads/2020/01/a.jpg 1200w">
<img data-src="https://cdn.example.net/pics/b.webp" src="data:image/gif;base64,R0lG">
<div style="background-image: url(&quot;https://example.org/wp-content/uploads/2020/01/a.jpg&quot;)"></div>
<a href="https://docs.example.com/report.pdf">report</a> <a href="https://docs.example.com/about/">about</a>
<a href="https://example.org/?attachment_id=11">the photo's page</a>
<a href="https://example.org/wp-content/uploads/2020/02/gone.jpg">gone</a>
<a href="/files/doc.pdf">a site file, not in uploads</a> <a href="/code/x.rb">not media</a>
<a href="mailto:me@example.org">me</a>
<a title='src="https://evil.example/x.jpg"' href="#top">up</a>
<!-- wp:image {"url":"https://example.org/wp-content/uploads/2020/09/only-in-json.jpg"} -->
[audio mp3="https://example.org/wp-content/uploads/2020/03/talk.mp3"][playlist ids="12, 99"]
<img src="https://example.files.wordpress.com/2010/03/c.jpg?w=300">
"""


def test_every_form(tmp_path: Path) -> None:
    comment = (
        "\t\t<wp:comment><wp:comment_id>5</wp:comment_id><wp:comment_content><![CDATA["
        '<img src="https://cdn.example.net/pics/b.webp">]]></wp:comment_content>'
        "<wp:comment_approved>1</wp:comment_approved></wp:comment>\n"
    )
    post = item(
        1,
        body=BODY,
        more=meta("_thumbnail_id", "404")
        + meta(
            "_builder",
            '{"image":"https:\\/\\/example.org\\/wp-content\\/uploads\\/2020\\/01\\/a.jpg"}',
        )
        + meta("_yoast_wpseo_canonical", "https://other.example/page/")
        + comment,
    )
    path = tmp_path / "site.xml"
    path.write_bytes(
        wxr(
            post,
            attachment(
                11,
                "https://example.org/wp-content/uploads/2020/01/a.jpg",
                "2020/01/a.jpg",
                meta("_wp_attachment_metadata", META),
            ),
            attachment(
                12, "https://example.org/wp-content/uploads/2020/03/talk.mp3", "2020/03/talk.mp3"
            ),
            attachment(
                13,
                "https://example.files.wordpress.com/2010/03/c.jpg",
                "/home/wpcom/files/2010/03/c.jpg",
            ),
        )
    )
    inv = build_inventory(str(path))
    kinds = {
        url: (row.target.kind, row.target.attachment, dict(row.sources))
        for url, row in inv.urls.items()
    }
    up = "https://example.org/wp-content/uploads/"
    assert kinds == {
        "https://example.org/wp-content/uploads/2020/01/a-300x200.jpg": (
            "attachment",
            11,
            {"src": 1, "srcset": 1},
        ),
        up + "2020/01/a.jpg": ("attachment", 11, {"srcset": 1, "style": 1, "meta": 1}),
        "https://cdn.example.net/pics/b.webp": ("external", None, {"src": 2}),
        "https://docs.example.com/report.pdf": ("external", None, {"href": 1}),
        "https://example.org/?attachment_id=11": ("attachment-page", 11, {"href": 1}),
        up + "2020/02/gone.jpg": ("missing", None, {"href": 1}),
        "https://example.org/files/doc.pdf": ("missing", None, {"href": 1}),
        up + "2020/03/talk.mp3": ("attachment", 12, {"shortcode": 1}),
        "https://example.files.wordpress.com/2010/03/c.jpg?w=300": ("attachment", 13, {"src": 1}),
    }
    assert inv.hosts() == {"cdn.example.net": 2, "docs.example.com": 1}
    assert inv.attachments[11].sizes == {
        "medium": "2020/01/a-300x200.jpg",
        "original_image": "2020/01/a.jpg",
    }
    assert inv.attachments[13].file == "2010/03/c.jpg"
    assert inv.attachments[12].galleries == [1]
    assert inv.unresolved_ids == [(1, "gallery", 99), (1, "featured", 404)]
    assert dict(inv.fields) == {
        "content": 13,
        "meta:_builder": 1,
        "comment": 1,
        "meta:_thumbnail_id": 1,
    }
    codes = sorted((d.code, d.item_id) for d in inv.diagnostics)
    assert codes == [("WXR502", 1), ("WXR502", 1), ("WXR506", 1), ("WXR506", 1)]
    unattached = inv.files(unattached=True)
    assert [f.path for f in unattached] == [
        "2020/01/a.jpg",
        "2020/03/talk.mp3",
        "2010/03/c.jpg",
        "2020/02/gone.jpg",
    ]

"""Shared by the Markdown writer tests: running a conversion, and a tricky export.

``site`` converts an export to a Markdown site; ``tree`` reads a written tree back;
``write_tricky`` writes the export each test module's ``tricky`` fixture provides.
Test modules import this as ``from markdown_helpers import ...``: tests/ has no
``__init__.py``, so pytest's default ``prepend`` import mode puts tests/ on ``sys.path``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from wxr_builder import item, wxr

from wxr_tools.pipeline import Options, convert
from wxr_tools.report import RunReport
from wxr_tools.writers import WriteOptions

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "fixtures" / "ctts-sample.xml"


def site(source: Path, out: Path, **options: Any) -> RunReport:
    return convert(
        str(source), "markdown", str(out), Options(progress=False), WriteOptions(**options)
    )


def tree(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def comment(cid: int, parent: int = 0, approved: str = "1", text: str = "Nice post") -> str:
    return (
        f"\t\t<wp:comment><wp:comment_id>{cid}</wp:comment_id>"
        f"<wp:comment_author><![CDATA[Reader {cid}]]></wp:comment_author>"
        f"<wp:comment_author_email>r{cid}@example.org</wp:comment_author_email>"
        f"<wp:comment_author_url>https://reader.example/{cid}</wp:comment_author_url>"
        f"<wp:comment_date>2024-06-06 10:00:00</wp:comment_date>"
        f"<wp:comment_date_gmt>2024-06-06 08:00:00</wp:comment_date_gmt>"
        f"<wp:comment_content><![CDATA[{text}]]></wp:comment_content>"
        f"<wp:comment_approved>{approved}</wp:comment_approved>"
        f"<wp:comment_parent>{parent}</wp:comment_parent></wp:comment>\n"
    )


TEMPLATED = (
    "<p>Hugo {{< shortcode >}} and {{% md %}}, Liquid {{ page.title }} and "
    "{% include x.html %}, Nunjucks {# note #}.</p>\n"
    "<pre><code>{{< in code >}} {% raw %}</code></pre>\n"
    "<p>Inline <code>{{< code >}}</code>.</p>"
)


def write_tricky(tmp_path: Path) -> Path:
    """An export with what goes wrong: template syntax, a shared slug, translations,
    a language wrapper, a draft, menu items, media, a private post, comments."""
    comments = comment(1) + comment(2, parent=1) + comment(3, approved="spam") + comment(4)
    items = [
        item(10, title="Templates {{< here >}}", body=TEMPLATED, more=comments),
        item(11, title="Twin one", body="<p>One</p>"),
        item(12, title="Twin two", body="<p>Two</p>"),
        item(
            13, title="[:en]Hello[:fr]Bonjour[:]", body="[:en]<p>Hi *you*</p>[:fr]<p>Salut</p>[:]"
        ),
        item(
            14,
            title="About",
            post_type="page",
            body='<div lang="en"><p><em>Markdown</em> inside</p></div>\n<p>Suite</p>',
        ),
        item(15, title="Draft", status="draft"),
        item(16, title="", post_type="nav_menu_item"),
        item(17, title="Photo", post_type="attachment", status="inherit"),
        item(18, title="Secret", status="private", more=comment(5)),
    ]
    data = wxr(*items).decode("utf-8")
    data = data.replace("hello-12", "hello-11")  # the twins share a slug and a day
    path = tmp_path / "tricky.xml"
    path.write_text(data, encoding="utf-8")
    return path

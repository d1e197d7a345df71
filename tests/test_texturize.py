"""The opt-in ``texturize`` transform: where it runs, which characters, what it leaves.

Its rules are checked case by case in ``fixtures/transforms/texturize.yaml`` (values
WordPress's own wptexturize gave); here, what must hold for any text.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wxr_tools.cli import main
from wxr_tools.config import Config
from wxr_tools.transforms import pipeline_names
from wxr_tools.transforms.texturize import ENGLISH, LOCALES, characters_for, texturize

SAMPLE = Path(__file__).resolve().parent.parent / "fixtures" / "ctts-sample.xml"


def test_added_it_runs_before_paragraphs_as_in_wordpress() -> None:
    names = pipeline_names(Config(), add=["texturize"])
    assert names.index("languages") < names.index("texturize") < names.index("autop")
    assert "texturize" not in pipeline_names(Config())  # opt-in


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("fr-FR", LOCALES["fr_FR"]),
        ("fr-CA", LOCALES["fr_FR"]),  # no translation of its own here: French's
        ("ru_RU", LOCALES["ru_RU"]),
        ("de-DE", ENGLISH),  # German's translation keeps English's quotes
        ("en-US", ENGLISH),
        ("", ENGLISH),
    ],
)
def test_characters_follow_the_site_language(language: str, expected: object) -> None:
    assert characters_for(language) is expected


_TEXT = st.lists(
    st.sampled_from(["'", '"', "--", "-", "...", " ", "\n", "9", "x", "a", "&", "(tm)", "``"]),
    max_size=8,
).map("".join)
_KEPT = st.sampled_from(
    [
        "<code>{}</code>",
        '<pre class="x">{}</pre>',
        "<kbd>{}</kbd>",
        "<tt>{}</tt>",
        "[code]{}[/code]",
    ]
)
_TAG = re.compile(r"<[^>]*>")


@settings(max_examples=300)
@given(st.lists(st.tuples(_TEXT, _KEPT, _TEXT.filter(lambda t: "&" not in t)), max_size=4))
def test_code_and_tags_stay_as_typed(parts: list[tuple[str, str, str]]) -> None:
    html = "".join(free + kept.format(body) for free, kept, body in parts)
    out = texturize(html, ENGLISH)
    position = 0
    for _, kept, body in parts:  # each kept element, whole and in order
        found = out.find(kept.format(body), position)
        assert found >= 0
        position = found + len(kept.format(body))
    assert _TAG.findall(out) == _TAG.findall(html)


def test_convert_with_it_shows_the_sites_characters(tmp_path: Path) -> None:
    out = tmp_path / "site"
    args = ["convert", str(SAMPLE), "--to", "markdown", "--flavor", "hugo", "-o", str(out)]
    assert main([*args, "-t", "texturize"]) == 0
    page = (out / "content" / "posts" / "la-paralysie-du-blogueur" / "index.fr.md").read_text()
    assert "je n’ai rien publié" in page and "n'ai" not in page
    english = out / "content" / "posts" / "going-solo-lyon-what-i-learned" / "index.en.md"
    # The sample is a French site: WordPress showed every post with French quotes, and
    # their non-breaking spaces.
    assert "«\u00a0social media is free\u00a0»" in english.read_text()

"""The transforms' shortcuts give what the plain computations they replace give."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from wxr_tools.transforms.shortcodes import _EMPTY_P, _FIGURE, _P_TAG, lift_figures


def _reference_lift_figures(html: str) -> str:
    """``lift_figures`` with a plain ``finditer`` over the text."""
    if "<figure" not in html:
        return html
    out: list[str] = []
    pos = 0
    inside = False
    for m in _FIGURE.finditer(html):
        before = html[pos : m.start()]
        for tag in _P_TAG.finditer(before):
            inside = tag[1] == ""
        out.append(before)
        out.append(f"</p>\n{m[1]}\n<p>" if inside else m[0])
        pos = m.end()
    out.append(html[pos:])
    return _EMPTY_P.sub("", "".join(out))


_FIGURE_PIECES = st.sampled_from(
    [
        *("<figure>", "<figure class=x>", "</figure>", "<figures>", "<figure\n>"),
        *("<br />", "<br/>", "<br /><br />", " ", "\n", "\u00a0", "\u2003"),
        *("<p>", "</p>", "<p class=a>", "x"),
    ]
)


@given(st.lists(_FIGURE_PIECES, max_size=25))
def test_lift_figures_is_the_plain_scan(parts: list[str]) -> None:
    html = "".join(parts)
    assert lift_figures(html) == _reference_lift_figures(html)

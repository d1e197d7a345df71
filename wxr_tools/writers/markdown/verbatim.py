"""Text kept as written, in Markdown: code fences and spans, raw HTML without blank
lines, and template syntax the generator would run, broken.

Shared by ``rawhtml`` (what is cut out before html2text), ``html`` (a post kept as
HTML) and ``comments`` (comments written into the post).
"""

from __future__ import annotations

import re

_BLANK_LINES = re.compile(r"\n[ \t]*(?:\n[ \t]*)+\n|\n[ \t]*\n")
_PRE_REGION = re.compile(r"(<(pre|textarea)\b.*?</\2\s*>)", re.IGNORECASE | re.DOTALL)


def template_escape(text: str, flavor: str) -> str:
    """Break the openers the flavor's template language would execute inside HTML.

    Only Hugo needs it here: Jekyll and Eleventy pages are marked as not templated
    as a whole (``render_with_liquid: false``, ``templateEngineOverride: md``), and
    Astro does not template ``.md`` files. ``&#123;`` is ``{`` in HTML and Markdown
    text alike, and it is not what Hugo's shortcode scanner looks for.
    """
    if flavor == "hugo" and "{" in text and "{{" in text:  # one character first: faster
        return text.replace("{{<", "&#123;{<").replace("{{%", "&#123;{%")
    return text


def hugo_danger(text: str) -> bool:
    return "{{<" in text or "{{%" in text


def no_blank_lines(raw: str) -> str:
    """Raw HTML without blank lines: a blank line ends an HTML block in Markdown.

    Inside ``<pre>`` and ``<textarea>`` the line break is content, so an empty line
    becomes a character reference for the newline instead of disappearing.
    """
    if "\n" not in raw:
        return raw
    parts = _PRE_REGION.split(raw)
    out: list[str] = []
    # split() with two groups yields: text, whole pre region, tag name, text, ...
    for i in range(0, len(parts), 3):
        out.append(_BLANK_LINES.sub("\n", parts[i]))
        if i + 1 < len(parts):
            out.append(_keep_pre_lines(parts[i + 1]))
    return "".join(out)


def _keep_pre_lines(region: str) -> str:
    lines = region.split("\n")
    kept: list[str] = []
    carry = ""
    for n, line in enumerate(lines):
        if not line.strip() and n < len(lines) - 1:
            carry += line + "&#10;"
            continue
        kept.append(carry + line)
        carry = ""
    return "\n".join(kept)


def fence(code: str, info: str = "") -> str:
    """A fenced code block holding ``code`` verbatim, whatever backticks it holds."""
    longest = max((len(run) for run in re.findall(r"`+", code)), default=0)
    ticks = "`" * max(3, longest + 1)
    if not code.endswith("\n"):
        code += "\n"
    return f"{ticks}{info}\n{code}{ticks}"


def code_span(text: str) -> str:
    """A code span holding ``text``; the fence is longer than any backtick run inside."""
    text = text.replace("\n", " ")
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    ticks = "`" * (longest + 1)
    pad = ""
    if text[:1] == "`" or text[-1:] == "`" or (text[:1] == " " and text[-1:] == " "):
        pad = " "
    return f"{ticks}{pad}{text}{pad}{ticks}"

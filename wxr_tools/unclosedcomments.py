"""HTML comments never closed: each ``<!--`` with no ``-->`` after it, shown as text.

HTML comments do not nest, and one ends at the first ``-->`` after its ``<!--``: so a
``<!--`` after the text's last ``-->`` is never closed. A browser reads the rest of the
text as a comment (the HTML standard's comment state, at the end of the file: an
"eof-in-comment" parse error, the comment emitted), and WordPress wrote it out as
stored (``wp_html_split`` takes such a comment to the end too, so wpautop added nothing
inside it): whatever followed was invisible on the old site.

Our readers of the text do not agree with the browser: the standard library's HTML
parser (html2text's, the comment sanitizer's scan) reads the ``<!--`` and what follows as
text, some of its tags as text and others as markup; the Markdown writer's regular
expressions (``<!--.*?-->``) find no comment there. They also search from each such
``<!--`` to the end of the text, for a ``-->`` that is not there: ten thousand of them
read the text ten thousand times.

So each is written ``&lt;!--`` once, before the display transforms: the text after it
is shown, with its markup, as every later stage already reads it, and every search for
a comment's end stops at the text's last ``-->``. Nothing is lost, but what the reader
of the old site did not see is now seen: each text changed is reported (WXR511).

``<!-->`` and ``<!--->`` are not escaped: the standard reads them as empty comments (the
rest stays visible), and at most one of them can overlap the last ``-->``. A ``<!--``
inside a ``<script>`` or ``<style>`` is not a comment for a browser, but one never
closed in a post's script is rare enough that it is escaped too (it shows as text).
"""

from __future__ import annotations

OPENER = "<!--"
ESCAPED = "&lt;!--"


def escaped(html: str) -> tuple[str, int]:
    """``html`` with each ``<!--`` never closed written ``&lt;!--``, and how many there were.

    Linear: one search back for the last ``-->``, one forward over what follows it.
    """
    if OPENER not in html:  # most texts: one fast scan, nothing built
        return html, 0
    last = html.rfind("-->")
    # A comment's end starts after its "<!--" (in "<!-->" the "-->" overlaps it): one
    # opened at or after ``last - 3`` is closed by no "-->" of the text.
    start = html.find(OPENER, max(last - 3, 0) if last >= 0 else 0)
    pieces: list[str] = []
    done = 0
    while start != -1:
        # "<!-->" and "<!--->" (the "-->" at 2 or 3): empty comments, closed.
        if last - start not in (2, 3):
            pieces.append(html[done:start])
            pieces.append(ESCAPED)
            done = start + len(OPENER)
        start = html.find(OPENER, start + len(OPENER))
    if not pieces:
        return html, 0
    count = len(pieces) // 2
    pieces.append(html[done:])
    return "".join(pieces), count

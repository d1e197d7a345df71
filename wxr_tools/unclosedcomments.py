"""HTML comments never closed: each ``<!--`` that nothing ends, shown as text.

HTML comments do not nest, and one ends at the first ``-->`` or ``--!>`` after its
``<!--`` (the HTML standard's comment states: ``--!>`` ends one too, the "comment end
bang" state, a parse error); a ``<!--`` with neither after it is never closed. A
browser reads the rest of the text as a comment (at the end of the file: an
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
rest stays visible). ``<!--!>`` and ``<!---!>`` are not closed (the ``--!>`` overlaps the
opener, which the standard does not read as an end). A ``--!>`` that ends a comment is
written ``-->``: the browser hid the comment all the same, and every later stage, which
knows only ``-->`` (``<!--.*?-->``), now sees where it ends, instead of searching on to a
later ``-->`` (hiding the text between) or to the end of the text (once per comment). A ``<!--``
inside a ``<script>`` or ``<style>`` is not a comment for a browser, but one never
closed in a post's script is rare enough that it is escaped too (it shows as text).
"""

from __future__ import annotations

OPENER = "<!--"
ESCAPED = "&lt;!--"
END = "-->"
BANG_END = "--!>"


def escaped(html: str) -> tuple[str, int]:
    """``html`` with each ``<!--`` never closed written ``&lt;!--``, each ``--!>`` that
    closes a comment written ``-->``, and how many ``<!--`` were escaped.

    Linear: comments are read in order, and each search for an end resumes where the
    last one of its kind stopped (a ``<!--`` inside a comment opens nothing).
    """
    if OPENER not in html:  # most texts: one fast scan, nothing built
        return html, 0
    if BANG_END not in html and html.find(END, html.rfind(OPENER) + 2) != -1:
        # A "-->" after the last opener is after every opener: each is closed, and with
        # no "--!>" nothing is rewritten. The block editor's texts (a "<!-- wp:… -->"
        # pair around each block) end here, without the loop's search per comment.
        return html, 0
    pieces: list[str] = []
    done = count = 0
    end = bang = -2  # where the next end of each kind is at or after; -1: none left
    start = html.find(OPENER)
    while start != -1:
        # "-->" may overlap the opener ("<!-->", "<!--->": empty comments); "--!>"
        # may not ("<!--!>" and "<!---!>" are not closed).
        if end != -1 and end < start + 2:
            end = html.find(END, start + 2)
        if bang != -1 and bang < start + 4:
            bang = html.find(BANG_END, start + 4)
        if end == -1 and bang == -1:
            pieces += (html[done:start], ESCAPED)
            done = start + len(OPENER)
            count += 1
            resume = done
        elif bang != -1 and (end == -1 or bang < end):
            pieces += (html[done:bang], END)
            done = resume = bang + len(BANG_END)
        else:
            resume = end + len(END)
        start = html.find(OPENER, resume)
    if not pieces:
        return html, 0
    pieces.append(html[done:])
    return "".join(pieces), count

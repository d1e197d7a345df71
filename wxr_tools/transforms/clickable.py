"""Addresses typed in a comment made links, as WordPress showed them: ``clickable``.

WordPress stores a comment as typed and, when it shows it, runs ``make_clickable``
before ``wpautop``: an address typed as text (``http://…``, ``www.…``, an e-mail
address) became a link, with ``rel="nofollow"`` on web addresses. Readers of the old
site clicked them; a static site that prints the stored text would show dead text.
The rules are WordPress's: an address starts after white space or punctuation and
ends before punctuation that is not followed by more of it (``http://a.org/x.`` ends
before the dot), a closing parenthesis belongs to it only when it closes one of its
own (``(see http://a.org/x_(y))``), and nothing inside a tag, a link, ``<code>``,
``<pre>``, ``<script>`` or ``<style>`` is touched.
"""

from __future__ import annotations

import re
from string import ascii_letters, digits


def _and_beyond_ascii(ascii_chars: str) -> str:
    """A character class: ``ascii_chars`` and every character past ASCII.

    Written as the ASCII characters it leaves out: a class holding the range U+0080
    to U+10FFFF took 8 ms to compile (the compiler maps the range character by
    character), two of them some 16 ms of every conversion's start; the negation
    compiles in a tenth of a millisecond. Case-blind matching gives the same too:
    what it leaves out holds no letter (``test_clickable`` compares every character).
    """
    left_out = "".join(f"\\x{c:02x}" for c in range(128) if chr(c) not in ascii_chars)
    return f"[^{left_out}]"


_PIECES = re.compile(r"(<[^<>]+>)")
_SKIPPED = re.compile(r"<(/?)(a|code|pre|script|style)[\s>]", re.IGNORECASE)
_NOT_A_TAG = re.compile(r"<\s*\w{1,20}://")  # "<http://a.org/>" is text to WordPress

# What an address is made of; the punctuation in the second class only inside it.
# A character reference ("&amp;") is one character of it, its ";" included.
_ADDRESS_CHAR = _and_beyond_ascii(ascii_letters + digits + "_#%~/@[]*(+=&$-")
_URL_CHAR = rf"(?:&\#?[A-Za-z0-9]{{1,31}};|{_ADDRESS_CHAR})"
_URL = re.compile(
    rf"""(?<=[\s(<.,;:!?])                # after white space or punctuation
    ([A-Za-z0-9_]{{1,20}}://(?=\S{{1,2000}}\s){_URL_CHAR}*+(?:['.,;:!?)]{_URL_CHAR}++)*)
    (\)?)                                 # a closing parenthesis, its or the text's
    """,
    re.VERBOSE,
)
_WEB_CHAR = _and_beyond_ascii(ascii_letters + digits + "_#$%&~/.-;:=,?@[]+")
_WEB = re.compile(rf"(?<=[\s>])((?:www|ftp)\.{_WEB_CHAR}+)", re.IGNORECASE)
_REFERENCE_END = re.compile(r"&#?[A-Za-z0-9]{1,31};\Z")
_EMAIL = re.compile(r"(?<=[\s>])([.0-9a-z_+-]+@(?:[0-9a-z-]+\.)+[0-9a-z]{2,})", re.IGNORECASE)


def may_hold_address(html: str) -> bool:
    """Whether ``html`` holds what one of the three patterns starts from: "://", "@", or
    "www." or "ftp." in any case (as ``html.lower()`` holds them).

    Lowering the whole comment to look for the last two cost more than the rest of the
    transform on comments without any (most): a comment in French or any script but
    Latin is lowered character by character through Unicode's tables. The only
    characters whose lower case holds "w", "f", "t", "p" or "." are those letters
    themselves, in either case, and the dot, each one character to one, and they are
    the characters the case-blind pattern takes for them (a test checks every
    character): a "www." of the lowered text is four characters of the text, found by
    a search that skips from dot to dot and looks behind each.
    """
    return "://" in html or "@" in html or _HOST_DOT.search(html) is not None


_HOST_DOT = re.compile(r"\.(?<=(?i:www|ftp)\.)")


def clickable(html: str) -> str:
    """``html`` (a comment) with the addresses typed as text made links."""
    if not may_hold_address(html):
        return html
    out: list[str] = []
    # Open elements whose text is left alone, by name: a stray end tag of one kind
    # does not end another ("<code></a>http://…" is still code).
    open_: dict[str, int] = {}
    for piece in _PIECES.split(html):
        if not piece:
            continue
        if piece[0] == "<" and not _NOT_A_TAG.match(piece):
            m = _SKIPPED.match(piece + " ")
            if m is not None and not piece.endswith("/>"):
                name = m.group(2).lower()
                depth = open_.get(name, 0)
                open_[name] = max(0, depth - 1) if m.group(1) else depth + 1
            out.append(piece)
            continue
        out.append(_linked(piece) if not any(open_.values()) else piece)
    return "".join(out)


def _linked(text: str) -> str:
    padded = f" {text} "  # every address then has something before and after it
    padded = _URL.sub(_url, padded)
    padded = _WEB.sub(_web, padded)
    padded = _EMAIL.sub(r'<a href="mailto:\1">\1</a>', padded)
    return padded[1:-1]


def _url(m: re.Match[str]) -> str:
    url, suffix = m.group(1), m.group(2)
    if suffix and "(" in url:
        url, suffix = url + suffix, ""
    # Parentheses belong to the address only in pairs.
    while url.count("(") < url.count(")"):
        cut = url.rindex(")")
        url, suffix = url[:cut], url[cut:] + suffix
    return f'<a href="{url}" rel="nofollow">{url}</a>{suffix}'


def _web(m: re.Match[str]) -> str:
    address, suffix = m.group(1), ""
    if address[-1] in ".,;:)" and _REFERENCE_END.search(address) is None:
        address, suffix = address[:-1], address[-1]
    return f'<a href="http://{address}" rel="nofollow">{address}</a>{suffix}'

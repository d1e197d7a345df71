"""The reader never resolves entities, loads DTDs or reaches the network."""

from __future__ import annotations

import io

import pytest
from wxr_builder import HEAD, WP12, item, wxr

from wxr_tools import InputError, read

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<rss><channel><wp:wxr_version xmlns:wp="http://wordpress.org/export/1.2/">1.2</wp:wxr_version>
<item><title>&lol9;</title></item></channel></rss>
"""

XXE = b"""<?xml version="1.0"?>
<!-- an innocent comment first -->
<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<rss><channel><item><title>&xxe;</title></item></channel></rss>
"""

REMOTE_DTD = b'<?xml version="1.0"?>\n<!DOCTYPE rss SYSTEM "http://192.0.2.1/evil.dtd">\n<rss/>\n'


@pytest.mark.parametrize(
    ("data", "line"),
    [(BILLION_LAUGHS, 2), (XXE, 3), (REMOTE_DTD, 2), (b"\xef\xbb\xbf" + XXE, 3)],
    ids=["billion-laughs", "xxe", "remote-dtd", "bom-then-xxe"],
)
@pytest.mark.parametrize("recover", [False, True])
def test_doctype_is_refused_before_parsing(data: bytes, line: int, recover: bool) -> None:
    with pytest.raises(InputError) as e:
        list(read(io.BytesIO(data), recover=recover))
    assert e.value.diagnostic.code == "WXR102"
    assert e.value.diagnostic.line == line


def test_entity_references_in_content_are_not_expanded() -> None:
    # Without a DOCTYPE an unknown entity is simply not well-formed: no lookup happens.
    data = wxr(item(1)).replace(b"<title><![CDATA[Hello]]></title>", b"<title>&xxe;</title>")
    with pytest.raises(InputError) as e:
        list(read(io.BytesIO(data)))
    assert e.value.diagnostic.code == "WXR101"
    export = read(io.BytesIO(data), recover=True)
    assert [i.title for i in export] == ["&xxe;"]  # kept as text, never resolved


def test_xml_stylesheet_and_comments_in_the_prolog_are_fine() -> None:
    head = '<?xml version="1.0"?>\n<!-- generator="WordPress/6.5" -->\n'
    head += '<?xml-stylesheet href="s.xsl"?>\n'
    head += HEAD.format(wp=WP12, excerpt=WP12 + "excerpt/").split("\n", 1)[1]
    assert len(list(read(io.BytesIO(wxr(item(1), head=head))))) == 1


class _Trickle(io.RawIOBase):
    """Hands out a few bytes a read, so the prolog arrives in pieces."""

    def __init__(self, data: bytes) -> None:
        self._data = data

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray) -> int:  # type: ignore[override]
        piece, self._data = self._data[:3], self._data[3:]
        buffer[: len(piece)] = piece
        return len(piece)


def test_doctype_is_found_when_the_prolog_arrives_in_pieces() -> None:
    with pytest.raises(InputError) as e:
        list(read(io.BufferedReader(_Trickle(XXE), buffer_size=3)))
    assert e.value.diagnostic.code == "WXR102"


def test_reading_does_not_depend_on_chunking() -> None:
    data = wxr(item(1, body="a\r\nb ]]]]><![CDATA[> c"), item(2))
    whole = [(i.id, i.content) for i in read(io.BytesIO(data))]
    pieces = [(i.id, i.content) for i in read(io.BufferedReader(_Trickle(data), buffer_size=3))]
    assert whole == pieces == [(1, "a\r\nb ]]> c"), (2, "Body")]

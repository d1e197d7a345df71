"""``wxr validate``: the helpers behind the rules (ids, URLs, content, secrets, markers)."""

from __future__ import annotations

from pathlib import Path

import pytest
from wxr_builder import item, wxr

from wxr_tools.validate import Options, validate

# -- the helpers behind the rules --------------------------------------------------------------


def test_id_set_bitmap_and_overflow() -> None:
    from wxr_tools.validate.tables import IdSet

    ids = IdSet()
    assert ids.add(5) and ids.add(1 << 40) and ids.add(-3)
    assert not ids.add(5) and not ids.add(1 << 40)
    assert 5 in ids and (1 << 40) in ids and -3 in ids and 6 not in ids and "5" not in ids
    assert len(ids) == 3


@pytest.mark.parametrize(
    ("url", "key"),
    [
        ("https://example.org/2023/05/hello/", ("2023/05/hello", "hello")),
        ("http://www.example.org/2023/05/hello", ("2023/05/hello", "hello")),
        ("/2023/05/hello/2/#comments", ("2023/05/hello/2", "hello")),
        ("https://example.org/caf%C3%A9/", ("café", "café")),
        ("https://example.org/index.php/about/", ("about", "about")),
        ("https://example.org/?p=12", 12),
        ("https://example.org/?page_id=7&amp;lang=fr", 7),
        ("/?attachment_id=9", 9),
        ("https://example.org/", None),
        ("https://example.org/?s=cats", None),
        ("https://example.org/category/news/", None),
        ("https://example.org/2023/05/", None),
        ("https://example.org/files/report.pdf", None),
        ("https://example.org/hello/feed/", None),
    ],
)
def test_link_keys(url: str, key: object) -> None:
    from wxr_tools.validate.urls import link_key, split_url

    split = split_url(url)
    assert split is not None
    assert link_key(split[1]) == key


def test_media_keys_ignore_size_variants() -> None:
    from wxr_tools.validate.urls import media_key

    base = media_key("2023/05/Chat.jpg")
    for variant in (
        "2023/05/chat-300x200.jpg",
        "2023/05/chat-scaled.jpg",
        "2023/05/chat-e1524312345678-1024x768.jpg",
        "2023/05/chat-150x150@2x.jpg",
        "2023/05/chat.thumbnail.jpg",
        "2023/05/chat.jpg?w=640",
    ):
        assert media_key(variant) == base, variant
    assert media_key("2023/05/chat-2.jpg") != base


def test_scan_urls_finds_links_not_prose() -> None:
    from wxr_tools.validate.urls import scan_urls

    text = (
        '<a href="https://example.org/a/">a</a> <img src="/wp-content/uploads/b.jpg"> '
        'boot with root=/dev/sda1, <code>value="/x"</code> ftp://example.org/c '
        'style="background: url(&quot;//cdn.example.org/d.png&quot;)"'
    )
    assert [u[:2] for u in scan_urls(text)] == [
        ("example.org", "/a/"),
        ("cdn.example.org", "/d.png"),
        (None, "/wp-content/uploads/b.jpg"),
    ]


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ('a:1:{s:4:"text";s:3:"abc";}', None),
        ('a:1:{s:4:"text";s:3:"é!";}', None),  # counts are UTF-8 bytes
        ('a:1:{s:4:"text";s:3:"a\r\nb";}', "CR LF line endings: the counts are right with LF"),
        ('a:1:{s:4:"text";s:4:"a\nb";}', "LF line endings: the counts are right with CR LF"),
        ('a:1:{s:4:"text";s:9:"abc";}', "the string at byte 16 announces 9 bytes but holds 3"),
        ('a:1:{s:4:"text";s:9:"abc', None),  # not serialized: no closing ; or }
        ("plain text;", None),
    ],
)
def test_serialized_problems(value: str, problem: str | None) -> None:
    from wxr_tools.validate.content import serialized_problem

    assert serialized_problem(value) == problem


def test_secrets_show_only_the_public_prefix() -> None:
    from wxr_tools.validate.privacy import find_secret

    # Built at run time so that no key-like literal sits in the repository.
    stripe = "sk_" + "live_" + "4eC39HqLyjWDarjtT1zdp7dc"
    github = "gh" + "p_" + "a" * 36
    slack = "xo" + "xb-" + "1234567890-abcdef"
    pem = "-----BEGIN RSA " + "PRIVATE KEY-----\nMIIE..."
    assert find_secret(f"key: {stripe}") == "Stripe live key (sk_live_…, 32 characters)"
    assert find_secret(github) == "GitHub token (ghp_…, 40 characters)"
    assert find_secret(slack) == "Slack token (xoxb-…, 22 characters)"
    assert find_secret(pem) == "private key (-----BEGIN RSA PRIVATE KEY-----)"
    assert find_secret("sk_test_abc, ghp_short, the AKIA prefix alone") is None


@pytest.mark.parametrize(
    ("text", "problem", "unknown"),
    [
        ("[:fr]Bonjour[:en]Hello[:]", None, []),
        ("[:fr]Bonjour[:][:en]Hello[:]", None, []),
        ("[:fr]Bonjour[:en]Hello", None, []),  # qTranslate accepts an open last block
        ("[:fr]Bonjour[:][:]", "[:] closes no block", []),
        ("{:fr}Bonjour{:xx}Hello{:}", None, ["xx"]),
        ("<!--:fr-->Bonjour<!--:--><!--:en-->Hello<!--:-->", None, []),
        ("<!--:fr-->Bonjour", "<!--:fr--> is not closed", []),
        ("[lang_fr]Bonjour[/lang_en]", "[/lang_en] closes no [lang_en]", []),
        ("copy = items[:] and items[:ix]", None, []),  # Python, not markers
    ],
)
def test_language_markers(text: str, problem: str | None, unknown: list[str]) -> None:
    from wxr_tools.validate.content import check_markers

    assert check_markers(text) == (problem, unknown)


@pytest.mark.parametrize(
    "text",
    ["café\u00a0!", "voilà…", "« À bientôt »", "Ærø, Ångström, Øresund", "São Paulo", "Straße"],
)
def test_mojibake_is_not_found_in_correct_text(text: str) -> None:
    from wxr_tools.validate.content import find_mojibake

    assert find_mojibake(text) is None


def test_mojibake_is_found_and_repaired_in_the_message() -> None:
    from wxr_tools.validate.content import find_mojibake

    assert find_mojibake("Hereâ€™s why") == ("Hereâ€™s why", "Here’s why")
    assert find_mojibake("Ð\u009fÑ\u0080Ð¸Ð²ÐµÑ\u0082") == ("Ð\x9fÑ\x80Ð¸Ð²ÐµÑ\x82", "Привет")


def test_shortcode_heuristics(tmp_path: Path) -> None:
    body = (
        '[gallery ids="1"] [toc] [sic] [1] [Update: fixed] [http://example.org] '
        '[tweet url="https://x.example/1"] [box]text[/box] [box]more[/box] '
        '<pre>[quote]in code[/quote]</pre> [plasma-bus]: <a href="/x">x</a>'
    )
    path = tmp_path / "sc.xml"
    path.write_bytes(wxr(item(1, body=body)))
    report = validate([str(path)], Options(select=("WXR306",)))
    assert sorted(d.message for d in report.findings) == [
        "post 1 uses shortcode [box] (2 times), which has no known conversion",
        "post 1 uses shortcode [tweet], which has no known conversion",
    ]

"""``wxr shortcodes`` and ``wxr_tools.inventory``: every shortcode name, counted, flagged."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from wxr_builder import item, wxr

from wxr_tools.cli import main
from wxr_tools.inventory import Inventory, shortcode_inventory
from wxr_tools.reader import read

SAMPLE = Path(__file__).resolve().parent.parent / "fixtures" / "ctts-sample.xml"


def inventory_of(path: Path, mapping: dict[str, str] | None = None) -> Inventory:
    with read(str(path)) as export:
        return shortcode_inventory(export, mapping)


def summary(usages: list[dict[str, Any]]) -> dict[str, tuple[int, list[int]]]:
    return {u["name"]: (u["count"], u["items"]) for u in usages}


def test_sample_inventory() -> None:
    data = inventory_of(SAMPLE).to_json()
    assert data["items"] == 14
    assert data["items_with_shortcodes"] == 3
    assert summary(data["shortcodes"]) == {
        "caption": (1, [215]),
        "gallery": (1, [215]),
        "embed": (1, [401]),
        "youtube": (1, [518]),
    }
    assert {u["conversion"] for u in data["shortcodes"]} == {"built-in"}
    assert data["unknown"] == []
    # "[en] I write…" opens post 342; "<code>[fr]</code>/<code>[en]</code>" in post 760
    assert summary(data["language_markers"]) == {"en": (2, [342, 760]), "fr": (1, [760])}
    assert data["not_shortcodes"] == []


@pytest.fixture
def export(tmp_path: Path) -> Path:
    form = '[contact-form-7 id="42" title="Contact"]'
    items = [item(n, body=f"Write to us: {form}") for n in range(1, 8)]
    items.append(
        item(
            8,
            body=(
                '[caption caption="An apple"]<img src="a.jpg" />[/caption]\n'
                "[adsense slot=3] [pullquote]Short.[/pullquote]\n"
                '[column][button url="/buy"]Buy[/button][/column]\n'
                "[code]for (i = 0; a[i]; i++) [fake][/code]\n"
                "[csharp]var x = y[0]; [notes]x[/notes][/csharp]\n"
                '<pre lang="python">rule = "[start] [stop]"\n</pre>\n'
                "[fr]Bonjour[/fr] [en]Hello[/en] [pt-BR]Olá[/pt-BR] see [1]\n"
                "[Name] => Claire, read [here][2] or [this](https://example.org)\n"
                "Use [[gallery]] to show a gallery. [tab]Tab[/tab]\n"
                "<pre>if [ -f x ]; then y[idx]; fi</pre> <code>a[k]</code>"
            ),
        )
    )
    path = tmp_path / "site.xml"
    data = wxr(*items).replace(
        b"<excerpt:encoded><![CDATA[]]></excerpt:encoded>\n\t\t<wp:post_id>3<",
        b"<excerpt:encoded><![CDATA[[spoiler]x[/spoiler]]]></excerpt:encoded>\n\t\t<wp:post_id>3<",
    )
    path.write_bytes(data)
    return path


def test_built_export_inventory(export: Path) -> None:
    mapping = {"adsense": "drop", "pullquote": "<blockquote>{body}</blockquote>"}
    data = inventory_of(export, mapping).to_json()
    shortcodes = {u["name"]: u for u in data["shortcodes"]}
    form = shortcodes["contact-form-7"]
    assert (form["count"], form["items"]) == (7, [1, 2, 3, 4, 5])  # first five items only
    assert form["unknown"] is True and form["conversion"] is None
    assert shortcodes["caption"]["conversion"] == "built-in"
    # a code plugin's shortcode is a code block, made by the code transform, its body literal
    assert shortcodes["code"]["conversion"] == shortcodes["csharp"]["conversion"] == "code block"
    assert "notes" not in shortcodes
    assert "start" not in shortcodes  # a WP-Syntax block holds code, not shortcodes
    assert shortcodes["adsense"]["conversion"] == "map: drop"
    assert shortcodes["pullquote"]["conversion"] == "map: template"
    # nested shortcodes count; a code body is literal; an escaped one is no shortcode
    assert shortcodes["button"]["count"] == shortcodes["column"]["count"] == 1
    assert "fake" not in shortcodes and "i" not in shortcodes and "gallery" not in shortcodes
    assert shortcodes["spoiler"]["items"] == [3]  # found in the excerpt
    assert shortcodes["tab"]["unknown"] is True  # three letters, but no language
    assert data["unknown"] == ["contact-form-7", "button", "column", "spoiler", "tab"]
    assert summary(data["language_markers"]) == {
        "en": (1, [8]),
        "fr": (1, [8]),
        "pt-BR": (1, [8]),
    }
    why = {u["name"]: u["why"] for u in data["not_shortcodes"]}
    assert why == {
        "1": "number",
        "2": "number",
        "Name": "capitalized word",
        "here": "Markdown link text",
        "this": "Markdown link text",
        "idx": "in code",  # brackets in a <pre> or <code>: code, not a shortcode
        "k": "in code",
    }
    assert data["items"] == 8 and data["items_with_shortcodes"] == 8


def test_cli_json_uses_the_configuration(
    export: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = tmp_path / "wxr.toml"
    config.write_text('[shortcodes.map]\n"contact-form-7" = "comment"\n', encoding="utf-8")
    assert main(["shortcodes", str(export), "--json", "--config", str(config)]) == 0
    data = json.loads(capsys.readouterr().out)
    form = next(u for u in data["shortcodes"] if u["name"] == "contact-form-7")
    assert form["conversion"] == "map: comment" and form["unknown"] is False
    assert data["unknown"] == ["adsense", "button", "column", "pullquote", "spoiler", "tab"]
    assert data["unknown_policy"] == "keep"
    assert data["diagnostics"] == []


def test_cli_text(export: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["shortcodes", str(export)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("8 items, 8 with shortcodes\n")
    row = next(line for line in out.splitlines() if "contact-form-7" in line)
    assert row.split()[:4] == ["contact-form-7", "7", "UNKNOWN", "items"]
    assert row.endswith("items 1, 2, 3, 4, 5, ...")
    unknown = "7 unknown: contact-form-7, adsense, button, column, pullquote, spoiler, tab"
    assert unknown in out  # adsense and pullquote too: no [shortcodes.map] here
    assert "language markers (not shortcodes, never converted):" in out
    assert "  number: 2 ([1], [2])" in out


def test_cli_recover(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "broken.xml"
    body = '[gallery ids="1"] [unknown-one] Q&A'
    path.write_bytes(wxr(item(1, body="[embed]https://example.org/v[/embed]"), item(2, body=body)))
    broken = (
        path.read_bytes()
        .replace(b"<![CDATA[[gallery", b"[gallery")
        .replace(b"Q&A]]></content:encoded>", b"Q&A</content:encoded>")
    )
    path.write_bytes(broken)
    assert main(["shortcodes", str(path)]) == 1
    assert "WXR101 error" in capsys.readouterr().err
    assert main(["shortcodes", str(path), "--recover", "--json"]) == 0
    captured = capsys.readouterr()
    data = json.loads(captured.out)
    assert summary(data["shortcodes"]) == {
        "embed": (1, [1]),
        "gallery": (1, [2]),
        "unknown-one": (1, [2]),
    }
    assert {d["code"] for d in data["diagnostics"]} == {"WXR109"}
    assert "WXR109" in captured.err


def test_the_command_line_says_how_many_items_are_listed() -> None:
    # The command spells the number out (building the parser imports no scanner).
    from wxr_tools import inventory
    from wxr_tools.commands import shortcodes as command

    assert inventory.FIRST_ITEMS == command.FIRST_ITEMS

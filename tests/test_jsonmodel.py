"""The JSON form: valid against the shipped schema, and lossless both ways."""

from __future__ import annotations

import io
import json
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from wxr_builder import item, wxr

from wxr_tools import read
from wxr_tools.cli import main
from wxr_tools.jsonmodel import header_to_json, item_from_json, item_to_json
from wxr_tools.writers.dump import items_as_json, write_json

SCHEMA = json.loads(resources.files("wxr_tools").joinpath("schemas/model-1.json").read_text())


def test_schema_is_a_valid_json_schema() -> None:
    jsonschema.Draft202012Validator.check_schema(SCHEMA)


def dump(data: bytes) -> dict[str, Any]:
    export = read(io.BytesIO(data), recover=True)
    out = io.StringIO()
    write_json(
        header_to_json(export.site, export.authors, export.terms), items_as_json(export), out
    )
    result: dict[str, Any] = json.loads(out.getvalue())
    return result


RICH = wxr(
    item(
        1,
        body="a\r\nb",
        more=(
            "\t\t<wp:postmeta><wp:meta_key>k</wp:meta_key><wp:meta_value>v</wp:meta_value>"
            "</wp:postmeta>\n"
            '\t\t<category domain="post_tag" nicename="t"><![CDATA[T]]></category>\n'
            '\t\t<enclosure url="https://example.org/a.mp3"/>\n'
            "\t\t<wp:comment><wp:comment_id>3</wp:comment_id><wp:comment_date>2020-01-01 "
            "00:00:00</wp:comment_date></wp:comment>\n"
        ),
    ),
    item(2, post_type="attachment", status="inherit"),
    channel="\t<wp:tag><wp:term_id>4</wp:term_id><wp:tag_slug>t</wp:tag_slug></wp:tag>\n",
)


def test_dump_validates_against_the_schema() -> None:
    jsonschema.validate(dump(RICH), SCHEMA)


def test_items_round_trip_through_json() -> None:
    items = list(read(io.BytesIO(RICH)))
    again = [item_from_json(json.loads(json.dumps(item_to_json(i)))) for i in items]
    assert again == items


@pytest.mark.parametrize("name", ["header", "item", "comment", "term", "author"])
def test_schema_documents_every_part(name: str) -> None:
    assert name in SCHEMA["$defs"]


def test_transformed_dump_validates_against_the_schema(tmp_path: Path) -> None:
    """The fields the transforms add (url, old_urls, featured_image...) are in it."""
    out = tmp_path / "sample.json"
    sample = Path(__file__).resolve().parent.parent / "fixtures" / "ctts-sample.xml"
    assert main(["convert", str(sample), "--to", "json", "-o", str(out)]) == 0
    data = json.loads(out.read_text("utf-8"))
    jsonschema.validate(data, SCHEMA)
    assert any(i.get("featured_image") for i in data["items"])
    assert any(i.get("old_urls") for i in data["items"])

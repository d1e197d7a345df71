"""The transforms, proven: per-transform before/after fixtures, configuration, pipeline, CLI.

Each file of ``FILES`` (in ``fixtures/transforms/``) is a list of cases for one
transform. (Other YAML files there belong to other transforms and their own harness,
``tests/yaml_cases.py``.) A case is::

    title:     what it shows (the test id is "file.yaml: title")
    config:    optional wxr.toml-shaped overrides, checked like a wxr.toml
    site:      optional Site fields (e.g. generator)
    item:      Item fields; comments and meta as lists of dicts
    index:     optional attachments [{id, url}] for galleries (default: an empty index)
    then one of
    expect:    fields of the resulting item (comments: one dict per comment, partial)
    excluded:  the reason the item is left out, as counted in the run report
    unchanged: true, the item comes back equal to the one that went in
    report:    optional counters (items_excluded, comments_excluded, counts) compared
               exactly, and diagnostics as "CODE message" lines (default: none)

Each case runs through ``run_pipeline`` with that one transform, so the counting is
the real pipeline's, and read = written + excluded is checked for items and comments.
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import asdict, is_dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from wxr_builder import item, wxr

from wxr_tools.cli import main
from wxr_tools.config import DEFAULTS, Config, _merge, load_config
from wxr_tools.diagnostics import UsageError
from wxr_tools.index import Entry, Index
from wxr_tools.jsonmodel import header_to_json, item_to_json
from wxr_tools.model import TRANSFORMED_FIELDS, Comment, Item, Meta, Site
from wxr_tools.reader import read
from wxr_tools.transforms import TRANSFORMS, Context, pipeline_names, run_pipeline

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures" / "transforms"
SAMPLE = ROOT / "fixtures" / "ctts-sample.xml"
FILES = {
    "status.yaml": "status",
    "comments.yaml": "comments",
    "privacy.yaml": "privacy",
    "text.yaml": "text",
    "code.yaml": "code",
    "paragraphs.yaml": "autop",
    "embeds.yaml": "embeds",
    "players.yaml": "players",
    "shortcodes-transform.yaml": "shortcodes",
    "smilies.yaml": "smilies",
    "texturize.yaml": "texturize",
    "more.yaml": "more",
}
"""Fixture file -> transform: one file per transform of the pipeline issue."""
CASE_KEYS = {"title", "config", "site", "item", "index", "expect", "excluded", "unchanged"}
CASE_KEYS |= {"report"}
COUNTERS = ("items_excluded", "comments_excluded", "counts")


# --- the fixture files --------------------------------------------------------------


def load(name: str) -> list[dict[str, Any]]:
    cases: list[dict[str, Any]] = yaml.safe_load((FIXTURES / name).read_text(encoding="utf-8"))
    return cases


def fixture_cases() -> Iterator[Any]:
    for name, transform in FILES.items():
        for case in load(name):
            yield pytest.param(transform, case, id=f"{name}: {case['title']}")


def build_meta(rows: list[dict[str, str]]) -> tuple[Meta, ...]:
    return tuple(Meta(**row) for row in rows)


def build_item(fields: dict[str, Any]) -> Item:
    data = {"id": 1, "type": "post", "status": "publish", **fields}
    data["meta"] = build_meta(data.get("meta", []))
    data["comments"] = tuple(
        Comment(**{"id": n + 1, "parent": 0, **c, "meta": build_meta(c.get("meta", []))})
        for n, c in enumerate(data.get("comments", []))
    )
    return Item(**data)


def build_index(rows: list[dict[str, Any]]) -> Index:
    return Index(
        Entry(
            id=row["id"],
            type="attachment",
            status="inherit",
            slug="",
            link="",
            guid="",
            parent=0,
            date=None,
            attachment_url=row["url"],
            attached_file="",
            thumbnail_id=None,
            terms=(),
        )
        for row in rows
    )


def plain(value: Any) -> Any:
    """Records and tuples as the dicts and lists a fixture spells them with."""
    if is_dataclass(value) and not isinstance(value, type):
        return asdict(value)
    if isinstance(value, tuple):
        return [plain(v) for v in value]
    return value


def check_fields(result: Item, expect: dict[str, Any]) -> None:
    for name, wanted in expect.items():
        if name == "comments":
            assert len(result.comments) == len(wanted), [c.id for c in result.comments]
            for comment, fields in zip(result.comments, wanted, strict=True):
                got = {k: plain(getattr(comment, k)) for k in fields}
                assert got == fields, f"comment {comment.id}"
        else:
            assert plain(getattr(result, name)) == wanted, name


@pytest.mark.parametrize(("name", "case"), list(fixture_cases()))
def test_fixture(name: str, case: dict[str, Any]) -> None:
    assert set(case) <= CASE_KEYS, f"unknown keys {set(case) - CASE_KEYS}"
    outcomes = [k for k in ("expect", "excluded", "unchanged") if k in case]
    assert len(outcomes) == 1, "a case has one of expect, excluded, unchanged"
    config = Config(data=_merge(DEFAULTS, case.get("config", {}), "fixture", ()), source="fixture")
    before = build_item(case["item"])
    ctx = Context(
        site=Site(**case.get("site", {})),
        config=config,
        index=build_index(case.get("index", [])),
        path="fixture.xml",
    )
    out = list(run_pipeline([before], [name], ctx))
    report = ctx.report

    if "excluded" in case:
        assert out == []
        assert dict(report.items_excluded) == {case["excluded"]: 1}
    else:
        assert len(out) == 1, "one item in, one item out"
        if case.get("unchanged"):
            assert out[0] == before
        else:
            check_fields(out[0], case["expect"])
    # the run report adds up, for items and comments
    assert report.items_read == 1 == len(out) + sum(report.items_excluded.values())
    written = sum(len(i.comments) for i in out)
    assert report.comments_read == written + sum(report.comments_excluded.values())
    expected = case.get("report", {})
    for counter in COUNTERS:
        if counter in expected:
            assert dict(getattr(report, counter)) == expected[counter], counter
    lines = [f"{d.code} {d.message}" for d in report.diagnostics]
    assert lines == expected.get("diagnostics", [])


def test_every_transform_has_a_fixture_file_with_a_noop_case() -> None:
    assert set(FILES.values()) <= set(TRANSFORMS)
    assert len(set(FILES.values())) == len(FILES), "one file per transform"
    for name in FILES:
        titles = [case["title"] for case in load(name)]
        assert any(t.startswith("no-op") for t in titles), f"{name} has no no-op case"
        assert len(titles) == len(set(titles)), f"{name} repeats a title"


# --- pipeline_names and load_config ----------------------------------------------------


def config_of(text: str, tmp_path: Path) -> Config:
    path = tmp_path / "wxr.toml"
    path.write_text(text, encoding="utf-8")
    return load_config(path)


def test_pipeline_names_default_add_remove(tmp_path: Path) -> None:
    default = list(DEFAULTS["transforms"]["pipeline"])
    assert pipeline_names(Config()) == default
    assert pipeline_names(Config(), remove=["autop", "more"]) == [
        n for n in default if n not in ("autop", "more")
    ]
    assert pipeline_names(Config(), add=["text"]) == default  # already there: no duplicate
    short = config_of('[transforms]\npipeline = ["status", "autop"]\n', tmp_path)
    # an added transform takes its registry place: text repairs before autop copies
    assert pipeline_names(short, add=["more", "text"]) == ["status", "text", "autop", "more"]
    assert pipeline_names(short, add=["text"], remove=["text"]) == ["status", "autop"]


@pytest.mark.parametrize(("add", "remove"), [(["nope"], []), ([], ["autopp"])])
def test_pipeline_names_refuse_unknown(add: list[str], remove: list[str]) -> None:
    with pytest.raises(UsageError, match=r"unknown transform '.*' \(known: status, "):
        pipeline_names(Config(), add, remove)


def test_unknown_transform_on_the_command_line_is_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out.jsonl"
    assert main(["convert", str(SAMPLE), "--to", "jsonl", "-o", str(out), "-t", "nope"]) == 2
    assert "unknown transform 'nope'" in capsys.readouterr().err
    assert not out.exists()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('[privacy]\nemail = "hash"\n', "unknown key 'privacy.email'"),
        ("[statuses]\n", "unknown key 'statuses'"),
        ('[comments]\npings = "no"\n', "comments.pings must be a bool"),
        ("[text]\nmojibake = 1\n", "text.mojibake must be a bool"),
        ('[privacy]\nemails = "encrypt"\n', "privacy.emails must be one of drop, hash, keep"),
        ('[status]\nprivate = "hidden"\n', "status.private must be one of published"),
        ('[shortcodes]\nunknown = "delete"\n', "shortcodes.unknown must be one of keep"),
        ('transforms = "all"\n', "'transforms' must be a table"),
        ("[text\n", "wxr.toml: "),
    ],
)
def test_load_config_refuses(text: str, message: str, tmp_path: Path) -> None:
    with pytest.raises(UsageError, match=r"wxr\.toml") as error:
        config_of(text, tmp_path)
    assert message in str(error.value)


def test_load_config_merges_and_picks_up_local_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert load_config().source == "defaults"
    (tmp_path / "wxr.toml").write_text(
        '[privacy]\nemails = "hash"\n[shortcodes.map]\nadsense = "drop"\n', encoding="utf-8"
    )
    config = load_config()
    assert config.source == "wxr.toml"
    assert config.section("privacy") == {"emails": "hash", "ips": "drop"}
    assert config.section("shortcodes") == {"unknown": "keep", "map": {"adsense": "drop"}}
    assert config.section("status")["private"] == "exclude"


# --- the whole pipeline through the command line ---------------------------------------


def convert(tmp_path: Path, source: Path, *options: str) -> tuple[list[dict[str, Any]], Any]:
    out, report = tmp_path / "out.jsonl", tmp_path / "report.json"
    args = ["convert", str(source), "--to", "jsonl", "-o", str(out), "--report", str(report)]
    assert main([*args, *options]) == 0
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    return lines, json.loads(report.read_text(encoding="utf-8"))


def test_run_report_adds_up_on_the_sample(tmp_path: Path) -> None:
    lines, report = convert(tmp_path, SAMPLE)
    items, comments = report["items"], report["comments"]
    assert items["read"] == items["written"] + items["excluded"] == 14
    assert items["excluded_by"] == {"private excluded": 1}
    assert comments["read"] == comments["written"] + comments["excluded"] == 8
    assert comments["excluded_by"] == {"pending excluded": 1, "trash excluded": 1}
    assert len(lines) - 1 == items["written"]
    assert sum(len(i["comments"]) for i in lines[1:]) == comments["written"]
    states = {i["id"]: i["state"] for i in lines[1:]}
    assert states[845] == "draft" and states[216] == "media" and states[2] == "published"


def test_raw_is_the_lossless_dump(tmp_path: Path) -> None:
    lines, report = convert(tmp_path, SAMPLE, "--raw")
    with read(str(SAMPLE)) as export:
        header = header_to_json(export.site, export.authors, export.terms)
        dump = [header, *(item_to_json(i) for i in export)]
    assert lines == json.loads(json.dumps(dump))
    for obj in lines[1:]:
        assert not set(TRANSFORMED_FIELDS) & set(obj)
        assert all("content_html" not in c for c in obj["comments"])
    assert report["items"]["read"] == report["items"]["written"] == 14


def commenters() -> tuple[set[str], set[str]]:
    with read(str(SAMPLE)) as export:
        authors = {a.email for a in export.authors}
        comments = [c for i in export for c in i.comments]
    return {c.author_email for c in comments} - authors - {""}, {c.author_ip for c in comments}


def test_no_commenter_email_or_ip_in_default_output(tmp_path: Path) -> None:
    lines, _ = convert(tmp_path, SAMPLE)
    text = (tmp_path / "out.jsonl").read_text(encoding="utf-8")
    emails, ips = commenters()
    assert emails and ips
    assert not [e for e in emails if e in text]
    assert not [ip for ip in ips if ip in text]
    for comment in (c for i in lines[1:] for c in i["comments"]):
        assert comment["author_email"] == comment["author_ip"] == ""


def test_hash_gives_gravatar_md5(tmp_path: Path) -> None:
    config = tmp_path / "hash.toml"
    config.write_text('[privacy]\nemails = "hash"\n', encoding="utf-8")
    lines, _ = convert(tmp_path, SAMPLE, "--config", str(config))
    hashed = {c["id"]: c["author_email"] for i in lines[1:] for c in i["comments"]}
    with read(str(SAMPLE)) as export:
        raw = {c.id: c.author_email for i in export for c in i.comments}
    assert hashed[1480] == hashlib.md5(b"david@example.org").hexdigest()
    for cid, value in hashed.items():
        wanted = hashlib.md5(raw[cid].strip().lower().encode()).hexdigest() if raw[cid] else ""
        assert value == wanted


def titled_export(tmp_path: Path, generator: str) -> Path:
    channel = f"\t<generator>https://wordpress.org/?v={generator}</generator>\n"
    path = tmp_path / f"export-{generator}.xml"
    path.write_bytes(
        wxr(
            item(1, title="Tom &amp;amp; Jerry &amp; co"),
            item(2, title="CafÃ© crÃ¨me", body="Itâ€™s here"),
            item(3, title="L’été à Paris: « déjà vu »", body="Où? À côté… “Voilà”."),
            channel=channel,
        )
    )
    return path


def test_titles_and_mojibake_end_to_end(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    lines, report = convert(tmp_path, titled_export(tmp_path, "5.6.2"))
    titles = [i["title"] for i in lines[1:]]
    assert titles == ["Tom &amp; Jerry & co", "Café crème", "L’été à Paris: « déjà vu »"]
    assert lines[2]["content"] == lines[2]["content_html"].removeprefix("<p>")[:9] == "It’s here"
    assert lines[3]["content"] == "Où? À côté… “Voilà”."
    assert report["diagnostics"] == {"WXR501": 2}
    assert report["counts"]["mojibake repaired"] == 2
    err = capsys.readouterr().err
    assert "WXR501 info title: 'CafÃ© crÃ¨me' -> 'Café crème'" in err
    lines, _ = convert(tmp_path, titled_export(tmp_path, "5.7"))
    assert lines[1]["title"] == "Tom &amp;amp; Jerry &amp; co"


def test_stdin_is_converted_as_the_file_is(tmp_path: Path) -> None:
    # Standard input is copied to a file first (reader.spool): indexed, so the gallery
    # finds its attachments, and the lines are the file's.
    outputs = []
    for given in ("-", str(SAMPLE)):
        report = tmp_path / "report.json"
        command = ["convert", given, "--to", "jsonl", "-o", "-", "--report", str(report)]
        done = subprocess.run(
            [sys.executable, "-m", "wxr_tools", *command],
            input=SAMPLE.read_bytes() if given == "-" else None,
            capture_output=True,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        assert b"WXR503" not in done.stderr
        data = json.loads(report.read_text(encoding="utf-8"))
        assert data["items"]["read"] == data["items"]["written"] + data["items"]["excluded"]
        outputs.append(done.stdout)
    assert outputs[0] == outputs[1]
    lines = [json.loads(line) for line in outputs[0].splitlines()]
    assert len(lines) == 1 + 13
    gallery = next(i for i in lines[1:] if i["id"] == 215)["content_html"]
    assert "not found" not in gallery and "216" in gallery


def test_the_transforms_list_is_aligned_and_plain(capsys: pytest.CaptureFixture[str]) -> None:
    """``wxr transforms``: one column of names, however long the longest (it was 12
    wide, and ``unclosedcomments`` pushed its line out), descriptions without rST's
    double backticks."""
    from wxr_tools.cli import main

    assert main(["transforms"]) == 0
    out = capsys.readouterr().out.split("\n\n")[0]  # the list, not its legend
    lines = out.splitlines()
    starts = {len(line[2:]) - len(line[2:].split(" ", 1)[1].lstrip()) for line in lines}
    assert len(lines) >= 15 and len(starts) == 1
    assert all("``" not in line for line in lines)

"""The ``wxr`` command: output, exit codes and one-line errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from wxr_builder import item, wxr

from wxr_tools.cli import YOUNG_OBJECTS, main


def comment(cid: int, parent: int = 0, ctype: str = "", approved: str = "1") -> str:
    return (
        f"\t\t<wp:comment><wp:comment_id>{cid}</wp:comment_id>"
        f"<wp:comment_approved>{approved}</wp:comment_approved>"
        f"<wp:comment_type>{ctype}</wp:comment_type>"
        f"<wp:comment_parent>{parent}</wp:comment_parent></wp:comment>\n"
    )


@pytest.fixture
def export(tmp_path: Path) -> Path:
    comments = comment(1) + comment(2, parent=1) + comment(3, ctype="pingback", approved="0")
    channel = (
        "\t<wp:author><wp:author_id>1</wp:author_id><wp:author_login>admin</wp:author_login>"
        "</wp:author>\n"
        "\t<wp:category><wp:term_id>2</wp:term_id><wp:category_nicename>news"
        "</wp:category_nicename></wp:category>\n"
    )
    path = tmp_path / "site.xml"
    path.write_bytes(
        wxr(
            item(1, more=comments),
            item(2, post_type="page"),
            item(3, status="draft"),
            channel=channel,
        )
    )
    return path


def test_info_json(export: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["info", str(export), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["wxr_version"] == "1.2"
    assert data["site"] == {
        "title": "Test site",
        "link": "https://example.org",
        "base_site_url": "https://example.org",
        "base_blog_url": "https://example.org",
        "language": "fr-FR",
    }
    assert data["authors"] == 1
    assert data["terms"] == {"category": 1}
    assert data["items"] == {
        "total": 3,
        "by_type": {"post": 2, "page": 1},
        "by_status": {"publish": 2, "draft": 1},
        "by_type_status": {"post/publish": 1, "page/publish": 1, "post/draft": 1},
    }
    assert data["comments"] == {
        "total": 3,
        "threaded": 1,
        "by_type": {"": 2, "pingback": 1},
        "by_approved": {"1": 2, "0": 1},
    }
    assert data["diagnostics"] == []


def test_info_text(export: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["info", str(export)]) == 0
    out = capsys.readouterr().out
    assert "WXR 1.2" in out
    assert "post/publish" in out
    assert "comments    3 (1 replies)" in out


def test_not_wxr_is_one_line_exit_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "feed.xml"
    path.write_bytes(wxr(item(1), version=None))
    assert main(["info", str(path)]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1
    assert err[0].startswith(f"{path}: WXR104 error not a WXR file")


def test_malformed_names_file_line_and_column(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "broken.xml"
    path.write_bytes(wxr(item(1), item(2)).replace(b"<wp:post_id>2</wp:post_id>", b"<wp:post_id>2"))
    assert main(["info", str(path), "--json"]) == 1
    data = json.loads(capsys.readouterr().out)
    (d,) = data["diagnostics"]
    assert d["code"] == "WXR101" and d["line"] > 1
    assert data["items"]["total"] == 1
    assert main(["info", str(path), "--json", "--recover"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["items"]["total"] == 2
    assert {d["code"] for d in data["diagnostics"]} == {"WXR109"}


def test_usage_and_io_errors_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["info"]) == 2
    assert main(["info", "/nonexistent/export.xml"]) == 2
    err = capsys.readouterr().err
    assert "/nonexistent/export.xml: No such file or directory" in err
    assert "Traceback" not in err


def test_convert_jsonl_and_json(export: Path, tmp_path: Path) -> None:
    out = tmp_path / "out" / "site.jsonl"
    assert main(["convert", str(export), "--to", "jsonl", "-o", str(out)]) == 0
    lines = [json.loads(line) for line in out.read_text().splitlines()]
    assert lines[0]["wxr_tools_model"] == 1
    assert [a["login"] for a in lines[0]["authors"]] == ["admin"]
    assert [i["id"] for i in lines[1:]] == [1, 2, 3]
    assert lines[1]["date_gmt"] == "2024-06-05T16:04:48Z"
    assert lines[1]["date"] == "2024-06-05T18:04:48"
    whole = tmp_path / "site.json"
    assert main(["convert", str(export), "--to", "json", "-o", str(whole)]) == 0
    data = json.loads(whole.read_text())
    assert data["items"] == lines[1:]
    assert {k: v for k, v in data.items() if k != "items"} == lines[0]


def test_convert_failure_leaves_no_partial_file(tmp_path: Path) -> None:
    path = tmp_path / "broken.xml"
    path.write_bytes(wxr(item(1), item(2)).replace(b"<wp:post_id>2</wp:post_id>", b"<wp:post_id>2"))
    out = tmp_path / "out.jsonl"
    assert main(["convert", str(path), "--to", "jsonl", "-o", str(out)]) == 1
    assert not out.exists()
    assert list(tmp_path.iterdir()) == [path]


def test_module_entry_point_reads_stdin(export: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "wxr_tools", "convert", "-", "--to", "jsonl", "-o", "-"],
        input=export.read_bytes(),
        capture_output=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert len(done.stdout.splitlines()) == 4


def test_info_counts_items_per_language(capsys: pytest.CaptureFixture[str]) -> None:
    sample = Path(__file__).resolve().parent.parent / "fixtures" / "ctts-sample.xml"
    assert main(["info", str(sample), "--json"]) == 0
    languages = json.loads(capsys.readouterr().out)["languages"]
    assert languages["by_lang"] == {"fr": 11, "en": 3}
    assert languages["by_source"] == {"site": 7, "basic-bilingual": 6, "marker": 1}


def test_collector_runs_less_often_during_a_command_only(
    export: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import gc

    from wxr_tools import pipeline

    seen: list[int] = []
    convert = pipeline.convert

    def spying(*args: object, **kwargs: object) -> object:
        seen.append(gc.get_threshold()[0])
        return convert(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(pipeline, "convert", spying)
    before = gc.get_threshold()
    out = tmp_path / "site"
    code = main(["convert", str(export), "--to", "markdown", "-o", str(out)])
    assert code == 0 and (out / "hugo.toml").exists()
    assert seen and seen[0] == YOUNG_OBJECTS > before[0]
    assert gc.get_threshold() == before  # the caller's, again

"""``wxr validate --one-export``'s counts and its ``wxr.toml`` key: the summary tells the
items checked apart from the repeats a later file gives (wp-cli's menu items, not checked
again), and ``one_export`` in ``[validate]`` does what the option does, the command line
winning.

The files are cut as ``test_convert_several_files`` cuts them (wp-cli's way).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from markdown_helpers import SAMPLE
from test_convert_several_files import menu_items, write_split

from wxr_tools.cli import main
from wxr_tools.config import load_config
from wxr_tools.exitcodes import TOOL_ERROR
from wxr_tools.reader import read
from wxr_tools.validate import Options, validate


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(["validate", *args])
    out, err = capsys.readouterr()
    return code, out, err


def items_in(path: Path) -> int:
    with read(str(path)) as export:
        return sum(1 for _ in export)


def counts(files: list[Path]) -> tuple[int, int]:
    """The items of the files and the repeats among them: each later file's menu items."""
    return sum(map(items_in, files)), sum(menu_items(f) for f in files[1:])


@pytest.mark.parametrize("n", [2, 3])
def test_one_export_counts_the_repeats_apart(n: int, tmp_path: Path) -> None:
    _, files = write_split(SAMPLE, tmp_path, n)
    read, repeats = counts(files)
    assert repeats > 0
    report = validate([*map(str, files)], Options(one_export=True))
    assert sum(f.items for f in report.files) == read
    assert [f.repeats for f in report.files] == [0, *(menu_items(f) for f in files[1:])]
    # Checked apart, nothing is a repeat (each file is its own export).
    apart = validate([*map(str, files)])
    assert [f.repeats for f in apart.files] == [0] * n


def test_one_export_summary_says_checked_and_repeats(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, files = write_split(SAMPLE, tmp_path, 3)
    names = [*map(str, files)]
    read, repeats = counts(files)
    last = run(capsys, "--one-export", *names)[1].splitlines()[-1]
    assert last.endswith(
        f"in 3 files, {read - repeats} items checked; "
        f"{repeats} items repeated from an earlier file not checked again"
    )
    data = json.loads(run(capsys, "--one-export", "--format", "json", *names)[1])
    assert data["items"] == {"checked": read - repeats, "repeated": repeats}
    assert data["summary"] == {"WXR402": 1}
    # Apart: every item checked, no repeats, and the text says nothing of them.
    last = run(capsys, *names)[1].splitlines()[-1]
    assert last.endswith(f"in 3 files, {read} items checked")
    data = json.loads(run(capsys, "--format", "json", *names)[1])
    assert data["items"] == {"checked": read, "repeated": 0}


# -- wxr.toml's one_export -----------------------------------------------------------------


def config(tmp_path: Path, value: str) -> str:
    path = tmp_path / "wxr.toml"
    path.write_text(f'[validate]\none_export = {value}\nfail_on = "never"\n', encoding="utf-8")
    return str(path)


def test_config_one_export_checks_the_files_as_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, files = write_split(SAMPLE, tmp_path, 2)
    names = [*map(str, files)]
    repeats = menu_items(files[1])
    as_one = config(tmp_path, "true")
    code, out, err = run(capsys, "--config", as_one, "--format", "json", *names)
    assert code == 0 and json.loads(out)["items"]["repeated"] == repeats
    assert "--one-export" not in err  # no hint: the files are checked as one
    # The command line wins: --no-one-export checks them apart, and says nothing more.
    code, out, err = run(capsys, "--config", as_one, "--no-one-export", "--format", "json", *names)
    assert code == 0 and json.loads(out)["items"]["repeated"] == 0
    assert "--one-export" not in err
    apart = config(tmp_path, "false")
    out = run(capsys, "--config", apart, "--format", "json", *names)[1]
    assert json.loads(out)["items"]["repeated"] == 0
    out = run(capsys, "--config", apart, "--one-export", "--format", "json", *names)[1]
    assert json.loads(out)["items"]["repeated"] == repeats
    # Neither says: checked apart, with the hint.
    assert "--one-export" in run(capsys, *names)[2]


def test_config_one_export_must_be_a_boolean(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, files = write_split(SAMPLE, tmp_path, 2)
    code, _, err = run(capsys, "--config", config(tmp_path, '"yes"'), *map(str, files))
    assert code == TOOL_ERROR
    assert "validate.one_export must be true or false" in err and "wxr.toml" in err


def test_config_one_export_is_a_key_every_command_accepts(tmp_path: Path) -> None:
    # The other commands read the same wxr.toml over defaults.toml, refusing unknown keys.
    loaded = load_config(config(tmp_path, "true"))
    assert loaded.section("validate")["one_export"] is True
    assert load_config().section("validate")["one_export"] is False

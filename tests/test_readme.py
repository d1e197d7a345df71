"""The README against the code: the commands it shows, the options, codes, configuration
keys and repository paths it names must exist, so that a renamed option or a removed
module makes this fail instead of leaving the README to mislead a reader.

Each check is a function of a text that returns its problems: run on the README it
must find none, and run on a small made-up text holding a stale name it must find it
(so the checks themselves are tested, without editing the README).
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import re
import shlex
import shutil
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from wxr_tools.cli import build_parser, main
from wxr_tools.config import defaults, load_config
from wxr_tools.diagnostics import UsageError, package_text

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
PACKAGE = ROOT / "wxr_tools"

# Options the README names that belong to other programs, each with its program.
FOREIGN_OPTIONS = {
    "--max_file_size": "wp export",
    "--include_once": "wp export",
    "--source": "hugo",
    "--before": "npm install",
    "--tool": "valgrind",
    "--delete": "a text sample that kramdown's smart quotes changed",
    "--runs-dir": "scripts/bench.py",
}

FENCE = re.compile(r"^```(\w*)\n(.*?)^```", re.M | re.S)
SPAN = re.compile(r"`([^`\n]+(?:\n[^`\n]+)?)`")
OPTION = re.compile(r"(?<![\w!-])--[a-zA-Z][\w-]*")
CODE = re.compile(r"\bWXR(\d{3})\b")
CODE_RANGE = re.compile(r"\bWXR(\d)xx\b")
KEY_SPAN = re.compile(r"^\[([a-z][a-z_.]*)\]\s+([a-z_][a-z0-9_]*)")
SECTION_SPAN = re.compile(r"^\[([a-z_]+(?:\.[a-z_]+)+)\]$")
ASSIGNMENT_SPAN = re.compile(r"^([a-z_][a-z0-9_]*) = ")
PATH_SPAN = re.compile(r"^\.?[\w-]+(?:/[\w.-]+)*/?$")
MODULE = re.compile(r"(?<![\w/.-])([a-z_][a-z0-9_]*\.py)\b")
PLACEHOLDER = re.compile(r"^[A-Z][A-Z_]*(?:\.{3}|…)?$|^(?:\.{3}|…)$")


def code_blocks(text: str) -> list[tuple[str, str]]:
    """Each fenced block's language and body."""
    return [(m.group(1), m.group(2)) for m in FENCE.finditer(text)]


def prose(text: str) -> str:
    """The text outside fenced blocks."""
    return FENCE.sub("", text)


def code_spans(text: str) -> list[str]:
    """Inline code outside fenced blocks (a span may wrap onto a second line)."""
    return [" ".join(m.group(1).split()) for m in SPAN.finditer(prose(text))]


def subparsers() -> dict[str, argparse.ArgumentParser]:
    parser = build_parser()
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    raise AssertionError("wxr has no subcommands")


def options_of(parser: argparse.ArgumentParser) -> dict[str, argparse.Action]:
    return {name: action for action in parser._actions for name in action.option_strings}


def shell_lines(body: str) -> Iterator[str]:
    """The command lines of a shell block or of a workflow's ``run:`` steps: comments
    dropped, continued lines joined (after a ``\\``, or a usage line's ``[...]``)."""
    lines: list[str] = []
    pending = ""
    for raw in body.splitlines():
        line = re.sub(r"(^|\s)#.*$", "", raw).rstrip()
        if line.endswith("\\"):
            pending += line[:-1] + " "
            continue
        line = re.sub(r"^(?:-\s+)?run:\s+", "", (pending + line).strip())
        pending = ""
        if line.startswith("[") and lines:
            lines[-1] += " " + line
        elif line:
            lines.append(line)
    yield from lines


def wxr_commands(line: str) -> list[list[str]]:
    """The ``wxr`` command lines in a line, as words; ``wxr a | b | c X`` (the
    README's list of subcommands) is three."""
    if not line.startswith("wxr "):
        return []
    line = line.split(" > ", 1)[0]
    return [["wxr", *part.split()] for part in line[len("wxr ") :].split(" | ")]


def is_synopsis(words: list[str]) -> bool:
    """A usage line (``EXPORT... [--json]``) rather than a command to run."""
    return any(
        w.startswith("[") or w.endswith("]") or "|" in w or w.endswith(("...", "…")) for w in words
    )


def synopsis_problems(words: list[str], where: str) -> list[str]:
    """The subcommand exists, each option is one of its own, and each value given to an
    option with choices (``--format text|json``) is one of them."""
    commands = subparsers()
    if len(words) < 2 or words[1] not in commands:
        return [f"{where}: no subcommand {words[1:2]} in `{' '.join(words)}`"]
    known = options_of(commands[words[1]])
    problems = []
    bare = [w.strip("[]") for w in words]
    for i, word in enumerate(bare):
        if not word.startswith("-") or word in ("-", "--"):
            continue
        action = known.get(word)
        if action is None:
            problems.append(f"{where}: `wxr {words[1]}` has no option {word}")
            continue
        value = bare[i + 1] if i + 1 < len(bare) else ""
        if action.choices is None or not value or value.startswith("-"):
            continue
        if PLACEHOLDER.match(value):
            continue
        for choice in value.split("|"):
            if choice not in action.choices:
                problems.append(f"{where}: {word} takes no {choice!r}")
    return problems


def command_problems(text: str) -> list[str]:
    """Every ``wxr`` command in a shell or workflow block parses with the real parser
    (not run); every usage line and every inline ``wxr …`` names real options."""
    parser = build_parser()
    problems = []
    for language, body in code_blocks(text):
        if language not in ("sh", "bash", "yaml", ""):
            continue
        for line in shell_lines(body):
            for words in wxr_commands(line):
                where = f"`{' '.join(words)}`"
                if is_synopsis(words):
                    problems += synopsis_problems(words, where)
                    continue
                try:
                    with contextlib.redirect_stderr(io.StringIO()):  # argparse's usage
                        parser.parse_args(shlex.split(" ".join(words[1:])))
                except SystemExit:
                    problems.append(f"{where} does not parse")
    for span in code_spans(text):
        if span.startswith("wxr "):
            problems += synopsis_problems(span.split(), f"`{span}`")
    return problems


def option_problems(text: str) -> list[str]:
    """Every ``--option`` the text names is an option of some subcommand."""
    known = {name for parser in subparsers().values() for name in options_of(parser)}
    named = set(OPTION.findall(text))
    return [f"no subcommand has {o}" for o in sorted(named - known - set(FOREIGN_OPTIONS))]


def known_codes() -> set[str]:
    return set(tomllib.loads(package_text("codes.toml")))


def code_problems(text: str) -> list[str]:
    """Every ``WXRnnn`` the text names is in codes.toml, and every hundred of codes.toml
    is named as a range (``WXR4xx``)."""
    codes = known_codes()
    named = {f"WXR{n}" for n in CODE.findall(text)}
    problems = [f"{c} is not in codes.toml" for c in sorted(named - codes)]
    ranges = set(CODE_RANGE.findall(text))
    problems += [f"no WXR{h}xx range for {h}00s" for h in sorted({c[3] for c in codes} - ranges)]
    return problems


def table(path: str) -> dict[str, Any] | None:
    node: Any = defaults()
    for part in path.split("."):
        if not isinstance(node, dict) or part not in node:
            return None
        node = node[part]
    return node if isinstance(node, dict) else None


def all_keys(node: dict[str, Any]) -> Iterator[str]:
    for key, value in node.items():
        yield key
        if isinstance(value, dict):
            yield from all_keys(value)


def config_problems(text: str, tmp_path: Path) -> list[str]:
    """Every TOML block loads as a wxr.toml (which refuses unknown keys); every
    ``[section] key`` and ``[section.sub]`` is in defaults.toml; every ``key = value``
    span names a key of it."""
    problems = []
    for n, (language, body) in enumerate(code_blocks(text)):
        if language != "toml":
            continue
        path = tmp_path / f"block{n}.toml"
        path.write_text(body, encoding="utf-8")
        try:
            load_config(path)
        except UsageError as e:
            problems.append(f"a TOML block is no valid wxr.toml: {e}")
    everywhere = set(all_keys(defaults()))
    for span in code_spans(text):
        if m := KEY_SPAN.match(span):
            section, key = m.groups()
            found = table(section)
            if found is None:
                problems.append(f"`{span}`: no [{section}] in defaults.toml")
            elif key not in found:
                problems.append(f"`{span}`: no {key} in [{section}]")
        elif m := SECTION_SPAN.match(span):
            if table(m.group(1)) is None:
                problems.append(f"`{span}`: no such table in defaults.toml")
        elif (m := ASSIGNMENT_SPAN.match(span)) and m.group(1) not in everywhere:
            problems.append(f"`{span}`: no key {m.group(1)} in defaults.toml")
    return problems


def repository_entries() -> set[str]:
    return {p.name for p in ROOT.iterdir() if p.name not in (".git",)}


def modules() -> set[str]:
    return {p.name for top in ("wxr_tools", "scripts", "tests") for p in (ROOT / top).rglob("*.py")}


def layout_paths(body: str) -> Iterator[str]:
    """The paths of a folder listing: a name ending in ``/`` or ``.py`` that starts a line
    at an indent of 0, 2 or 4 and is followed by two spaces (its description) or
    nothing, under the folder listed above it."""
    folders: list[str] = []
    for line in body.splitlines():
        m = re.match(r"^( *)([\w.-]+(?:/|\.py))(?: {2,}|$)", line)
        if not m or len(m.group(1)) > 4:
            continue
        depth = len(m.group(1)) // 2
        folders = folders[:depth]
        name = m.group(2)
        yield "/".join([*folders, name.rstrip("/")])
        if name.endswith("/"):
            folders.append(name.rstrip("/"))


def layout_problems(text: str) -> list[str]:
    """Every module and folder at the top of the package is in the folder listing."""
    listing = next((body for _, body in code_blocks(text) if body.startswith("wxr_tools/")), "")
    named = set(re.findall(r"[\w-]+(?:\.py|/)", listing))
    present = {p.name + "/" if p.is_dir() else p.name for p in PACKAGE.iterdir()}
    wanted = {n for n in present if n.endswith((".py", "/")) and not n.startswith("__")}
    return [f"{n} is missing from the folder listing" for n in sorted(wanted - named)]


def heading_anchor(heading: str) -> str:
    """GitHub's anchor for a heading: lower case, punctuation but ``-`` dropped."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def anchor_problems(text: str) -> list[str]:
    """Every ``(#anchor)`` link goes to a heading of the text."""
    anchors = {heading_anchor(h) for h in re.findall(r"^#+ (.+)$", prose(text), re.M)}
    links = re.findall(r"\]\(#([^)]+)\)", text)
    return [f"no heading for #{a}" for a in sorted(set(links) - anchors)]


def path_problems(text: str) -> list[str]:
    """Every path that starts at the repository's root (``scripts/bench.py``) or in the
    package (``reader/forkpool.py``) exists, every module named alone (``emphasis.py``)
    exists somewhere, and so does every entry of the folder listing."""
    top = repository_entries()
    packages = {p.name for p in PACKAGE.iterdir() if p.is_dir()}
    names = modules()
    problems = []
    candidates = [s for s in code_spans(text) if PATH_SPAN.match(s)]
    for _, body in code_blocks(text):
        if re.search(r"^wxr_tools/$", body, re.M):
            candidates += layout_paths(body)
    for path in candidates:
        first = path.split("/", 1)[0]
        if "/" not in path.rstrip("/") and first not in top:
            continue
        if first in top:
            exists = (ROOT / path).exists()
        elif first in packages:
            exists = (PACKAGE / path).exists()
        else:
            continue
        if not exists:
            problems.append(f"`{path}` is not in the repository")
    for name in sorted(set(MODULE.findall(text)) - names):
        problems.append(f"no module {name} in wxr_tools, scripts or tests")
    return problems


@pytest.fixture(scope="module")
def readme() -> str:
    return README.read_text(encoding="utf-8")


def test_readme_commands_parse(readme: str) -> None:
    assert command_problems(readme) == []


def test_readme_options_exist(readme: str) -> None:
    assert option_problems(readme) == []


def test_readme_codes_exist(readme: str) -> None:
    assert code_problems(readme) == []


def test_readme_configuration_keys_exist(readme: str, tmp_path: Path) -> None:
    assert config_problems(readme, tmp_path) == []


def test_readme_paths_exist(readme: str) -> None:
    assert path_problems(readme) == []


def test_readme_layout_lists_the_package(readme: str) -> None:
    assert layout_problems(readme) == []


def test_readme_anchors_exist(readme: str) -> None:
    assert anchor_problems(readme) == []


def test_readme_names_every_foreign_option_it_excuses(readme: str) -> None:
    # An excuse the README no longer needs would hide the same name used as ours.
    assert {o for o in FOREIGN_OPTIONS if o not in readme} == set()


def validate_output(tmp_path: Path, fmt: str) -> str:
    """``wxr validate site.xml old.xml`` as the README's examples run it: one export
    with a reply to a missing comment, one with a duplicate id (the rules' fixtures)."""
    shutil.copy(ROOT / "fixtures/validate/WXR203.xml", tmp_path / "site.xml")
    shutil.copy(ROOT / "fixtures/validate/WXR200.xml", tmp_path / "old.xml")
    out = io.StringIO()
    with contextlib.chdir(tmp_path), contextlib.redirect_stdout(out):
        assert main(["validate", "site.xml", "old.xml", "--format", fmt]) == 1
    return out.getvalue()


def sample(text: str, start: str) -> str:
    """The README's code block that starts with ``start``."""
    return next(body for _, body in code_blocks(text) if body.startswith(start))


def test_readme_validate_samples_are_real_output(readme: str, tmp_path: Path) -> None:
    section = readme[readme.index("### Output formats") :]
    text = sample(section, "site.xml:")
    assert validate_output(tmp_path, "text") == text
    github = sample(section, "::warning")
    assert validate_output(tmp_path, "github") == github
    shown = json.loads(sample(section, '{\n  "findings"'))
    assert json.loads(validate_output(tmp_path, "json")) == shown
    junit = [line.strip() for line in validate_output(tmp_path, "junit").splitlines()]
    for line in sample(section, "<testsuites").splitlines():
        assert line.strip() == "..." or line.strip() in junit, line
    sarif = json.loads(validate_output(tmp_path, "sarif"))["runs"][0]
    shown_run = json.loads(sample(section, '{\n  "$schema"'))["runs"][0]
    for result in shown_run["results"]:
        assert result in sarif["results"]
    driver = {k: v for k, v in sarif["tool"]["driver"].items() if k != "rules"}
    assert driver == {k: v for k, v in shown_run["tool"]["driver"].items() if k != "rules"}


# The checks on made-up texts: each stale name must be found.

STALE = """\
Run it:

```sh
wxr convert site.xml --to markdown --flavour hugo -o site/
wxr validate EXPORT... [--format text]
                       [--fail-fast]
wxr validate site.xml --format text|yaml
wxr info EXPORT... [--verbose]
wxr publish site.xml
```

## Set up

See [Set up](#set-up) and [Run](#run).

Then `wxr links EXPORT --json --dry-run`; `--no-such-option` too. Codes WXR113 and
WXR999; ranges WXR1xx WXR2xx WXR3xx WXR4xx WXR5xx. Set `[links] media_path` and
`[links] media_folder`, `[links.archive_pattern]` and `[links.old_pattern]`,
`media_originals = false` and `media_copies = 2`. See `wxr_tools/reader/chain.py`,
`reader/segments.py`, `reader/gone.py`, `scripts/bench.py`, `tests/test_gone.py`,
`emphasis.py` and `vanished.py`.

```toml
[validate]
fail_on = "warning"
fail_fast = true
```

```
wxr_tools/
  model.py          records
  reader/           XML
    stream.py         bytes in
    ghost.py          nothing
```
"""


def test_stale_commands_are_found() -> None:
    assert command_problems(STALE) == [
        "`wxr convert site.xml --to markdown --flavour hugo -o site/` does not parse",
        "`wxr validate EXPORT... [--format text] [--fail-fast]`: `wxr validate` has no "
        "option --fail-fast",
        "`wxr validate site.xml --format text|yaml`: --format takes no 'yaml'",
        "`wxr info EXPORT... [--verbose]`: `wxr info` has no option --verbose",
        "`wxr publish site.xml` does not parse",
        "`wxr links EXPORT --json --dry-run`: `wxr links` has no option --dry-run",
    ]


def test_stale_options_are_found() -> None:
    assert option_problems(STALE) == [
        "no subcommand has --fail-fast",
        "no subcommand has --flavour",
        "no subcommand has --no-such-option",
        "no subcommand has --verbose",
    ]


def test_stale_codes_are_found() -> None:
    assert code_problems(STALE) == ["WXR999 is not in codes.toml", "no WXR6xx range for 600s"]


def test_stale_configuration_keys_are_found(tmp_path: Path) -> None:
    problems = config_problems(STALE, tmp_path)
    assert len(problems) == 4
    assert "validate.fail_fast" in problems[0]
    assert problems[1:] == [
        "`[links] media_folder`: no media_folder in [links]",
        "`[links.old_pattern]`: no such table in defaults.toml",
        "`media_copies = 2`: no key media_copies in defaults.toml",
    ]


def test_stale_paths_are_found() -> None:
    assert path_problems(STALE) == [
        "`reader/gone.py` is not in the repository",
        "`tests/test_gone.py` is not in the repository",
        "`wxr_tools/reader/ghost.py` is not in the repository",
        "no module vanished.py in wxr_tools, scripts or tests",
    ]


def test_a_short_listing_is_found() -> None:
    problems = layout_problems(STALE)
    assert "index.py is missing from the folder listing" in problems
    assert "reader/ is missing from the folder listing" not in problems


def test_broken_anchors_are_found() -> None:
    assert anchor_problems(STALE) == ["no heading for #run"]

"""Memory stays flat: reading 10 times more posts must not need more memory.

Peak RSS is measured in a child process (not timed: speed is scripts/bench.py's job).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from make_export import write_export  # noqa: E402

CHILD = """
import resource, sys
from wxr_tools.cli import main
code = main(sys.argv[1:])
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024, file=sys.stderr)
sys.exit(code)
"""


def peak_rss_mb(*args: str) -> int:
    done = subprocess.run(
        [sys.executable, "-c", CHILD, *args], capture_output=True, text=True, check=True
    )
    return int(done.stderr.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def exports(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("exports")
    small, large = folder / "small.xml", folder / "large.xml"
    with small.open("w", encoding="utf-8") as out:
        write_export(out, 200)
    with large.open("w", encoding="utf-8") as out:
        write_export(out, 2000)
    assert large.stat().st_size > 8 * small.stat().st_size
    return small, large


@pytest.mark.parametrize(
    "command",
    [["info"], ["convert", "--to", "jsonl", "-o", "/dev/null"]],
    ids=["info", "convert-jsonl"],
)
def test_peak_memory_does_not_grow_with_the_export(
    exports: tuple[Path, Path], command: list[str]
) -> None:
    small, large = exports
    name, *options = command
    rss_small = peak_rss_mb(name, str(small), *options)
    rss_large = peak_rss_mb(name, str(large), *options)
    assert rss_large - rss_small < 8, (rss_small, rss_large)

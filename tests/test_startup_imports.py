"""What a command imports before it reads anything: heavy modules only where needed.

Each check runs in a fresh interpreter (this test process has imported everything).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _modules_after(code: str) -> set[str]:
    """The modules loaded once ``code`` has run in a new interpreter."""
    script = code + "\nimport sys\nprint('\\n'.join(sorted(sys.modules)))\n"
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=True
    )
    return set(done.stdout.split())


def test_text_transform_imports_ftfy_on_the_first_suspect_text() -> None:
    plain = _modules_after(
        "from wxr_tools.transforms.text import repair\n"
        "assert repair('déjà vu, naïve café') == 'déjà vu, naïve café'"
    )
    assert "ftfy" not in plain
    suspect = _modules_after(
        "from wxr_tools.transforms.text import repair\nassert repair('dÃ©jÃ  vu') == 'déjà vu'"
    )
    assert "ftfy" in suspect


def test_judge_loaded_before_forking_workers_that_run_the_text_transform() -> None:
    loaded = _modules_after("from wxr_tools.transforms.text import load_judge\nload_judge()")
    assert "ftfy.badness" in loaded


def test_parser_does_not_import_the_summary() -> None:
    # Every command builds the whole parser: only `wxr info` needs the summary.
    assert "wxr_tools.summary" not in _modules_after(
        "from wxr_tools.cli import build_parser\nbuild_parser()"
    )

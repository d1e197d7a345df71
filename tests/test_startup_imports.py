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


def test_text_transform_imports_ftfy_only_to_repair() -> None:
    plain = _modules_after(
        "from wxr_tools.transforms.text import repair\n"
        "assert repair('déjà vu, naïve café') == 'déjà vu, naïve café'"
    )
    assert "ftfy" not in plain
    assert "wxr_tools._ftfy_badness" not in plain
    # A suspect text (a lead "é" and two continuations "»…"), judged fine: only the
    # judge is loaded, not the package.
    fine = "la «sécurité»… Aujourd'hui"
    judged = _modules_after(
        "from wxr_tools.transforms.text import _suspect, repair\n"
        f"assert _suspect({fine!r})\n"
        f"assert repair({fine!r}) == {fine!r}\n"
        "from wxr_tools import mojibake\n"
        "assert mojibake._judge is not None"
    )
    assert "ftfy" not in judged
    repaired = _modules_after(
        "from wxr_tools.transforms.text import repair\nassert repair('dÃ©jÃ  vu') == 'déjà vu'"
    )
    assert "ftfy" in repaired


def test_judge_loaded_before_forking_workers_that_run_the_text_transform() -> None:
    loaded = _modules_after(
        "from wxr_tools import mojibake\nmojibake.load()\nassert mojibake._judge is not None"
    )
    assert "ftfy" not in loaded


def test_parser_does_not_import_the_summary() -> None:
    # Every command builds the whole parser: only `wxr info` needs the summary.
    assert "wxr_tools.summary" not in _modules_after(
        "from wxr_tools.cli import build_parser\nbuild_parser()"
    )


def test_validate_writes_text_without_the_xml_library() -> None:
    # Only the JUnit format writes XML with xml.etree.
    loaded = _modules_after(
        "import io\n"
        "from wxr_tools.validate import validate\n"
        "from wxr_tools.validate.formats import write_text\n"
        "write_text(validate(['fixtures/ctts-sample.xml']), io.StringIO())"
    )
    assert "wxr_tools.validate.formats" in loaded
    assert "xml.etree.ElementTree" not in loaded


def test_the_render_workers_inherit_the_transliteration_table() -> None:
    # The main process imports the Markdown writer's worker module before it forks the
    # render workers: python-slugify's backend is loaded there, not once in each worker.
    from wxr_tools.slugs import BACKEND

    loaded = _modules_after("import wxr_tools.writers.markdown.workers")
    assert BACKEND.replace("-", "_") in loaded

"""The ``wxr`` command: a thin argparse layer over the library.

Exit codes, for every command (``exitcodes``): 0 success; 1 the input has errors;
2 usage, I/O or internal error. Only ``main`` returns them. Bad input gets one
line naming the file, the line and the problem, never a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Callable, Sequence

from wxr_tools import __version__
from wxr_tools.commands import COMMANDS
from wxr_tools.diagnostics import InputError, UsageError
from wxr_tools.exitcodes import INPUT_ERROR, TOOL_ERROR


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="wxr", description="Read, check and convert WordPress exports (WXR)."
    )
    parser.add_argument("--version", action="version", version=f"wxr_tools {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name in COMMANDS:
        importlib.import_module(f"wxr_tools.commands.{name}").add_parser(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as e:  # argparse exits 2 on usage errors, 0 for --help
        return int(e.code or 0)
    run: Callable[[argparse.Namespace], int] = args.run
    try:
        return run(args)
    except InputError as e:
        print(e.diagnostic.format(), file=sys.stderr)
        return INPUT_ERROR
    except UsageError as e:
        print(f"wxr: {e}", file=sys.stderr)
        return TOOL_ERROR
    except BrokenPipeError:
        # `wxr rules | head`: the reader left; that is not an error worth a message.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except OSError as e:
        name = f"{e.filename}: " if getattr(e, "filename", None) else ""
        print(f"wxr: {name}{e.strerror or e}", file=sys.stderr)
        return TOOL_ERROR
    except KeyboardInterrupt:
        return 130
    except Exception as e:  # the tool failing, not the input: say so in one line
        print(f"wxr: internal error: {type(e).__name__}: {e}", file=sys.stderr)
        return TOOL_ERROR


if __name__ == "__main__":
    sys.exit(main())

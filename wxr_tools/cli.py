"""The ``wxr`` command: a thin argparse layer over the library.

Exit codes, for every command (``exitcodes``): 0 success; 1 the input has errors;
2 usage, I/O or internal error. Only ``main`` returns them. Bad input gets one
line naming the file, the line and the problem, never a traceback.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import os
import sys
from collections.abc import Callable, Sequence

from wxr_tools import __version__
from wxr_tools.commands import COMMANDS
from wxr_tools.diagnostics import InputError, UsageError
from wxr_tools.exitcodes import INPUT_ERROR, TOOL_ERROR


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The command line; ``only``: the one command the arguments name (``wanted``), whose
    sub-parser alone is built and its module alone imported."""
    parser = argparse.ArgumentParser(
        prog="wxr", description="Read, check and convert WordPress exports (WXR)."
    )
    parser.add_argument("--version", action="version", version=f"wxr_tools {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name in COMMANDS if only is None else (only,):
        importlib.import_module(f"wxr_tools.commands.{name}").add_parser(commands)
    return parser


def wanted(argv: Sequence[str]) -> str | None:
    """The command ``argv`` starts with, or None (``--help``, ``--version``, a mistake).

    The top-level parser has no option that takes a value, so a first argument that is
    a command's name is that command, and the others' sub-parsers play no part in
    parsing the rest: building them and importing their modules cost 11 M instructions
    of every run's start-up, before the index pass forks (1% of converting a 50 KB
    export). Anything else gets the whole parser, whose help and errors list every
    command."""
    return argv[0] if argv and argv[0] in COMMANDS else None


YOUNG_OBJECTS = 10_000
"""New objects between two runs of the garbage collector's youngest generation (Python's
default: 700), for the command's duration and the worker processes it forks.

A conversion keeps most of what it makes for a while (a part's items, records and
rendered files, the tables), so a run of the collector mostly scans objects that live
on: at the default, some 170 runs a process and 2% of a 10,000-post conversion's CPU
time (0.25 of 10.9 s, in the three processes); at 10,000, 0.085 s. Only cyclic garbage
waits for the collector (the rest is freed at once), and at most this many objects'
worth of it: memory stays flat."""


def main(argv: Sequence[str] | None = None) -> int:
    before = gc.get_threshold()
    gc.set_threshold(YOUNG_OBJECTS, *before[1:])
    try:
        return _main(argv)
    finally:
        gc.set_threshold(*before)  # a caller's own (tests run many commands in one process)


def _main(argv: Sequence[str] | None) -> int:
    parser = build_parser(wanted(sys.argv[1:] if argv is None else argv))
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
        print(f"wxr: {_failure(e)}", file=sys.stderr)
        return TOOL_ERROR


def _failure(error: Exception) -> str:
    # Imported here: the scratch tables' module (and sqlite3) is not every command's.
    from wxr_tools.scratch import full_folders

    full = full_folders(error)
    if full is not None:  # a full disk is not the tool failing: say where
        where = " and ".join(full)
        return f"{where}: No space left on device (the run's scratch files; TMPDIR names another)"
    return f"internal error: {type(error).__name__}: {error}"


if __name__ == "__main__":
    sys.exit(main())

"""The `fmprep` command line: the app, the global options, and the one place where errors become exit codes.

Each command lives in its own module under :mod:`fmprep.commands`; only the one being run is imported.
"""

from __future__ import annotations

import functools
import os
import sys
from typing import Annotated

import typer

from fmprep import __version__
from fmprep.commands import NAMES
from fmprep.commands.common import ContentOpt, ProgressOpt, Settings
from fmprep.errors import FmprepError
from fmprep.streams import OutputError

EXIT_PROBLEM = 1
EXIT_INTERRUPTED = 130
COMPLETE_VARIABLE = "_FMPREP_COMPLETE"  # set by the scripts of `fmprep completion`
HELP = "Spaced-repetition exam prep for AWS Certified AI Practitioner (AIF-C01), Task 3.3."


def handled(command):
    """Turn FmprepError into a message and exit 1, a failed write to stdout into exit 1 (quietly when the reader
    left, e.g. `fmprep stats | head`), and Ctrl-C into exit 130. Bugs keep their traceback."""

    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        try:
            result = command(*args, **kwargs)
            sys.stdout.flush()  # a failure to write shows here, not at exit
            return result
        except OutputError as exc:
            from fmprep.streams import output_failed

            output_failed(exc)
            raise typer.Exit(EXIT_PROBLEM) from None
        except FmprepError as exc:
            from fmprep.console import print_error

            print_error(str(exc))
            raise typer.Exit(EXIT_PROBLEM) from None
        except KeyboardInterrupt:
            print(file=sys.stderr)
            raise typer.Exit(EXIT_INTERRUPTED) from None

    return wrapper


def _version(value: bool) -> None:
    if value:
        print(f"fmprep {__version__}")
        raise typer.Exit()


def main_options(
    ctx: typer.Context,
    content: ContentOpt = None,
    progress: ProgressOpt = None,
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="Print the version and exit.")] = False,
) -> None:
    ctx.obj = Settings(content, progress)


def build_app(names=NAMES) -> typer.Typer:
    """The Typer app with the commands in ``names`` (building each command's options costs start-up time)."""
    import importlib

    built = typer.Typer(add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False,
                        rich_markup_mode=None, help=HELP)
    built.callback()(main_options)
    for name in NAMES:
        if name in names:
            module = importlib.import_module(f"fmprep.commands.{name}")
            built.command(name)(handled(module.command))
    return built


def _command_in(argv: list[str]) -> str | None:
    """The command named on the command line (after any global options), if any."""
    takes_value = {"--content", "--progress"}
    i = 0
    while i < len(argv):
        word = argv[i]
        if word in takes_value:
            i += 2
        elif word.startswith("-"):
            i += 1
        else:
            return word
    return None


def main() -> None:
    """The console script. Builds only the command being run (all of them for --help or a mistake)."""
    import gc

    # Start-up builds tens of thousands of objects without cycles (deck, progress); collecting after every 700
    # new objects costs ~10% of a command's time and finds nothing. Collect rarely instead (but still collect).
    gc.set_threshold(100_000, 50, 50)
    name = _command_in(sys.argv[1:])
    if os.environ.get(COMPLETE_VARIABLE):  # the shell asks what may follow: it needs every command
        from typer.completion import completion_init

        completion_init()  # Typer's protocol (complete_bash, ...), the one `fmprep completion` scripts speak
        name = None
    build_app((name,) if name in NAMES else NAMES)(prog_name="fmprep")


def __getattr__(name: str):
    """``fmprep.cli.app``: the whole app, built on first use (for tests and tools)."""
    if name == "app":
        return build_app()
    raise AttributeError(name)

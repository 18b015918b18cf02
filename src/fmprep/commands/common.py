"""What the commands share: the global options, the clock, confirmation, JSON output. The edge of the program:
environment variables are read here and nowhere else."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated, List, Optional

import typer

from fmprep.errors import FmprepError

ContentOpt = Annotated[
    Optional[List[Path]],
    typer.Option("--content", envvar="FMPREP_CONTENT", show_default=False, metavar="PATH", readable=False,
                 help="A YAML file or folder of them (repeatable; the variable takes paths separated by "
                      "the OS path separator). Replaces the built-in deck."),
]
ProgressOpt = Annotated[
    Optional[Path],
    typer.Option("--progress", envvar="FMPREP_PROGRESS", show_default=False, metavar="FILE", readable=False,
                 help="The progress file (default: progress.json in your user data folder)."),
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON instead of tables.")]
YesOpt = Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")]
TopicOpt = Annotated[Optional[List[str]], typer.Option("--topic", metavar="ID", show_default=False,
                                                       help="Keep to this concept (repeatable).")]


class Settings:
    """The global options, given before the command or after it (after wins)."""

    def __init__(self, content: list[Path] | None = None, progress: Path | None = None):
        self.content = content or None
        self.progress = progress

    def merged(self, content: list[Path] | None, progress: Path | None) -> "Settings":
        return Settings(content or self.content, progress or self.progress)

    def content_paths(self) -> list[Path]:
        from fmprep.paths import builtin_content

        return list(self.content) if self.content else [builtin_content()]

    def store(self):
        from fmprep.paths import default_progress
        from fmprep.store import ProgressStore

        return ProgressStore(self.progress or default_progress(), local_tz())

    def deck(self):
        from fmprep.content import load_deck
        from fmprep.paths import cache_dir

        return load_deck(self.content_paths(), cache_dir())


def settings(ctx: typer.Context, content: list[Path] | None, progress: Path | None) -> Settings:
    base = ctx.obj if isinstance(ctx.obj, Settings) else Settings()
    return base.merged(content, progress)


def now_utc():
    """The clock, read only here. FMPREP_NOW (an ISO date-time) fixes it, for tests and demonstrations. A clock
    outside the times a progress file can hold (1970-01-01 to 9999-12-31) is refused: nothing is written with it."""
    import datetime as dt

    from fmprep.progress import EARLIEST_TIME, LATEST_TIME

    fixed = os.environ.get("FMPREP_NOW")
    try:
        if fixed:
            try:
                moment = dt.datetime.fromisoformat(fixed)
            except ValueError:
                raise FmprepError(f"FMPREP_NOW='{fixed}' is not an ISO date-time such as 2026-11-25T09:30:00+00:00") from None
            moment = (moment if moment.tzinfo else moment.replace(tzinfo=dt.timezone.utc)).astimezone(dt.timezone.utc)
        else:
            moment = system_clock()
        seconds = moment.timestamp()
    except (OverflowError, OSError, ValueError):
        seconds = None
    if seconds is None or not EARLIEST_TIME <= seconds <= LATEST_TIME:
        clock = f"FMPREP_NOW='{fixed}'" if fixed else "The system clock"
        raise FmprepError(f"{clock} is outside the dates fmprep can record (1970-01-01 to 9999-12-31 UTC); "
                          "nothing was changed. Set the clock" + (" or FMPREP_NOW" if fixed else "") + " right.")
    return moment


def system_clock():
    import datetime as dt

    return dt.datetime.now(dt.timezone.utc)


def local_tz(now=None):
    """The learner's time zone, with its daylight-saving rules (a zoneinfo zone): TZ when it names one, else the
    system's (/etc/localtime); only when neither can be read, the fixed offset in force at ``now``."""
    import zoneinfo

    name = os.environ.get("TZ", "").lstrip(":")
    try:
        if name and not name.startswith("/"):
            return zoneinfo.ZoneInfo(name)
        with open(name or "/etc/localtime", "rb") as file:
            return zoneinfo.ZoneInfo.from_file(file, key=name or "localtime")
    except (OSError, ValueError, zoneinfo.ZoneInfoNotFoundError):
        import datetime as dt

        return (now or dt.datetime.now(dt.timezone.utc)).astimezone().tzinfo


def random_sources(count: int):
    """``count`` independent random sources; FMPREP_SEED (a whole number) makes them reproducible."""
    import random

    seed = os.environ.get("FMPREP_SEED")
    if seed is not None and not seed.isdigit():
        raise FmprepError(f"FMPREP_SEED='{seed}' must be a whole number")
    return [random.Random(None if seed is None else int(seed) + n) for n in range(count)]


def stdin_is_terminal() -> bool:
    try:
        return sys.stdin.isatty()
    except (AttributeError, ValueError):
        return False


def confirm(question: str, yes: bool) -> bool:
    """True to go ahead. Without a terminal on stdin (and no --yes), refuse rather than wait for an answer."""
    if yes:
        return True
    if not stdin_is_terminal():
        raise FmprepError(f"{question}\nNo terminal to ask on: nothing was changed. Pass --yes to confirm.")
    try:
        from fmprep.console import safe

        answer = input(safe(f"{question} [y/N] "))
    except EOFError:
        answer = ""
    if answer.strip().lower() in ("y", "yes"):
        return True
    print("Nothing was changed.")
    return False


def print_json(data) -> None:
    """``--json`` output: control and bidi characters in every string escaped (see console.json_text)."""
    from fmprep.console import json_text

    sys.stdout.write(json_text(data) + "\n")


def days(n: int) -> str:
    return "1 day" if n == 1 else f"{n} days"

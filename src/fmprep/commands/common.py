"""What the commands share: the global options, the settings, the clock, confirmation, JSON output. The edge of the
program: environment variables are read here (and parsed by :mod:`fmprep.settings`) and nowhere else."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated, List, Optional

import typer

from fmprep.errors import FmprepError

def checked(key: str):
    """A typer callback that checks an option's value by the settings resolver's rule for ``key`` (one rule for the
    option, the variable and the config file); a bad value is a usage error (exit 2)."""

    def check(value):
        from fmprep.settings import SettingError, check_option

        try:
            return check_option(key, value)
        except SettingError as exc:
            raise typer.BadParameter(str(exc)) from None

    return check


def complete_concepts(ctx: typer.Context, incomplete: str):
    """Tab after --topic: the concept ids of the deck in use (read through the deck cache), with their titles."""
    deck = _deck_for_completion(ctx)
    return [(c.id, _one_line(c.title)) for c in deck.concepts] if deck else []


def complete_objectives(ctx: typer.Context, incomplete: str):
    """Tab after --objective: the objective ids of the deck in use, with their titles."""
    deck = _deck_for_completion(ctx)
    return [(o.id, _one_line(o.title)) for o in deck.objectives] if deck else []


def _one_line(text: str) -> str:
    """A title as a completion's description: words and plain punctuation only, since a shell evaluates what the
    completion prints (ids are safe already: the loader allows only ``a-z 0-9 - . _``)."""
    import re

    return " ".join(re.sub(r"[^\w .,/+&-]", " ", text).split())


def _deck_for_completion(ctx):
    """The deck a command would use, from the options typed so far (the command's --content, else the global one);
    None when it cannot be read: a completion never prints an error into the shell."""
    content = None
    while ctx is not None and not content:
        content = ctx.params.get("content")
        ctx = ctx.parent
    try:
        return Settings(content).deck()
    except (FmprepError, OSError):
        return None


ContentOpt = Annotated[
    Optional[List[Path]],
    typer.Option("--content", show_default=False, metavar="PATH", readable=False,
                 callback=checked("content"),
                 help="A YAML file or folder of them (repeatable; or FMPREP_CONTENT, paths separated by the OS path "
                      "separator; or `content` in the config file). Replaces the built-in deck."),
]
ProgressOpt = Annotated[
    Optional[Path],
    typer.Option("--progress", show_default=False, metavar="FILE", readable=False,
                 callback=checked("progress"),
                 help="The progress file (or FMPREP_PROGRESS, or `progress` in the config file; default: "
                      "progress.json in your user data folder)."),
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON instead of tables.")]
YesOpt = Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")]
TopicOpt = Annotated[Optional[List[str]], typer.Option("--topic", metavar="ID", show_default=False,
                                                       autocompletion=complete_concepts,
                                                       help="Keep to this concept (repeatable).")]


class Settings:
    """The global options (given before the command or after it; after wins), and every setting resolved with them:
    option > environment > config file > default, by :mod:`fmprep.settings`."""

    def __init__(self, content: list[Path] | None = None, progress: Path | None = None):
        self.content = content or None
        self.progress = progress
        self._resolved = None

    def merged(self, content: list[Path] | None, progress: Path | None) -> "Settings":
        return Settings(content or self.content, progress or self.progress)

    def resolved(self):
        """Every setting with its origin, resolved once (the config file is read here, when it exists)."""
        if self._resolved is None:
            from fmprep import settings as resolver

            self._resolved = resolver.resolve(os.environ, resolver.config_path(os.environ),
                                              {"content": self.content, "progress": self.progress})
            if self._resolved["colour"] == "never":
                os.environ["NO_COLOR"] = "1"  # the rule console.py follows (https://no-color.org)
        return self._resolved

    def value(self, key: str, option=None):
        """The setting ``key``; ``option`` is the command's own option for it (None when not given)."""
        return self.resolved().with_option(key, option).value

    def content_paths(self) -> list[Path]:
        return list(self.value("content"))

    def store(self):
        from fmprep.store import ProgressStore

        return ProgressStore(self.value("progress"), local_tz())

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

    from fmprep.settings import variable_value

    seed = variable_value("seed", os.environ)
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

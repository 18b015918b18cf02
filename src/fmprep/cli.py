"""The `fmprep` command line: options, thin commands, and the one place where errors become exit codes."""

from __future__ import annotations

import functools
import os
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, List, Optional

import typer

from fmprep import __version__
from fmprep.errors import FmprepError

EXIT_PROBLEM = 1
EXIT_INTERRUPTED = 130

HELP = "Spaced-repetition exam prep for AWS Certified AI Practitioner (AIF-C01), Task 3.3."
COMMANDS: dict[str, object] = {}  # name -> command function
HELP_ORDER = ("quiz", "topics", "stats", "exam", "validate", "backups", "restore", "reset")


def command(function):
    """Register a command (with the one error catch point around it)."""
    COMMANDS[function.__name__] = handled(function)
    return function


def build_app(names=None) -> typer.Typer:
    """The Typer app with all commands, or only ``names`` (building each command's options costs start-up time)."""
    built = typer.Typer(add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False,
                        rich_markup_mode=None, help=HELP)
    built.callback()(main_options)
    for name in sorted(COMMANDS, key=lambda n: HELP_ORDER.index(n) if n in HELP_ORDER else len(HELP_ORDER)):
        if names is None or name in names:
            built.command(name.replace("_", "-"))(COMMANDS[name])
    return built


ContentOpt = Annotated[
    Optional[List[Path]],
    typer.Option("--content", envvar="FMPREP_CONTENT", show_default=False, metavar="PATH",
                 help="A YAML file or folder of them (repeatable; the variable takes paths separated by "
                      "the OS path separator). Replaces the built-in deck."),
]
ProgressOpt = Annotated[
    Optional[Path],
    typer.Option("--progress", envvar="FMPREP_PROGRESS", show_default=False, metavar="FILE",
                 help="The progress file (default: progress.json in your user data folder)."),
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON instead of tables.")]


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

    def progress_path(self) -> Path:
        from fmprep.paths import default_progress

        return self.progress or default_progress()

    def store(self):
        from fmprep.store import ProgressStore

        return ProgressStore(self.progress_path())

    def deck(self):
        from fmprep.deckcache import load_deck
        from fmprep.paths import cache_dir

        return load_deck(self.content_paths(), cache_dir())


def handled(command):
    """Turn FmprepError into a message and exit 1, and Ctrl-C into exit 130. Bugs keep their traceback."""

    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except FmprepError as exc:
            from fmprep.screen import error

            error(str(exc))
            raise typer.Exit(EXIT_PROBLEM) from None
        except KeyboardInterrupt:
            print(file=sys.stderr)
            raise typer.Exit(EXIT_INTERRUPTED) from None
        except BrokenPipeError:  # e.g. `fmprep stats | head`: the reader left; stop quietly
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            raise typer.Exit(EXIT_PROBLEM) from None

    return wrapper


def settings(ctx: typer.Context, content: list[Path] | None, progress: Path | None) -> Settings:
    base = ctx.obj if isinstance(ctx.obj, Settings) else Settings()
    return base.merged(content, progress)


def topic_figures(deck, progress, now) -> dict[str, dict[str, object]]:
    """Per concept: items, and once there is progress, how many were seen, are due, and the mastery figure."""
    from fmprep.deck import reviewables
    from fmprep.scheduler import retrievability
    from fmprep.stats import concept_figures, units_by_concept

    rows: dict[str, dict[str, object]] = {c.id: {"items": len(deck.items_of(c.id))} for c in deck.concepts}
    if progress.cards:
        units = reviewables(deck)
        recall = {u.id: retrievability(progress.cards.get(u.id), now) for u in units}
        for concept_id, f in concept_figures(deck, units_by_concept(deck, units), progress.cards, now, recall).items():
            rows[concept_id].update(seen=f["seen"], due=f["due"], mastery=f"{round(100 * f['mastery_now'])}%")
    return rows


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


@command
def topics(
    ctx: typer.Context,
    concept_id: Annotated[Optional[str], typer.Argument(metavar="[ID]", help="Show this concept in full.")] = None,
    as_json: JsonOpt = False,
    content: ContentOpt = None,
    progress: ProgressOpt = None,
) -> None:
    """The deck at a glance, grouped by objective; `topics ID` shows one concept in full."""
    from fmprep import render

    config = settings(ctx, content, progress)
    deck = config.deck()
    if concept_id is not None:
        concept = deck.concept(concept_id)
        if concept is None:
            raise FmprepError(f"no concept with id '{concept_id}'; `fmprep topics` lists them: "
                              + ", ".join(c.id for c in deck.concepts))
        if as_json:
            data = {f: getattr(concept, f) for f in ("id", "title", "objectives", "summary", "key_points", "example", "sources")}
            data["misconceptions"] = [{"myth": m.myth, "fact": m.fact} for m in concept.misconceptions]
            data["items"] = [render.item_json(i) for i in deck.items_of(concept.id)]
            _print_json(data)
        else:
            render.concept_detail(deck, concept)
        return
    rows = topic_figures(deck, config.store().read(), now_utc())
    if as_json:
        _print_json({"objectives": [
            {"id": o.id, "title": o.title,
             "concepts": [{"id": c.id, "title": c.title, **rows[c.id]} for c in deck.concepts_of(o.id)]}
            for o in deck.objectives]})
    else:
        render.topics_overview(deck, rows)


@command
def validate(
    ctx: typer.Context,
    paths: Annotated[Optional[List[Path]], typer.Argument(metavar="[PATH]...", show_default=False,
                                                          help="Files or folders to check (default: the configured content).")] = None,
    content: ContentOpt = None,
    progress: ProgressOpt = None,
) -> None:
    """Check content files: print every problem (exit 1) or a one-line summary (exit 0)."""
    from fmprep.loader import load_deck

    config = settings(ctx, content, progress)
    deck = load_deck(paths) if paths else config.deck()
    kinds = ", ".join(f"{n} {kind}" for kind, n in deck.count_by_kind().items())
    files = len(deck.files)
    print(f"ok: {files} file{'s' if files != 1 else ''}, {len(deck.objectives)} objectives, "
          f"{len(deck.concepts)} concepts, {len(deck.items)} items ({kinds or 'none'})")


YesOpt = Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")]


def now_utc():
    """The clock, read only here. FMPREP_NOW (an ISO date-time) fixes it, for tests and demonstrations."""
    import datetime as dt

    fixed = os.environ.get("FMPREP_NOW")
    if fixed:
        try:
            moment = dt.datetime.fromisoformat(fixed)
        except ValueError:
            raise FmprepError(f"FMPREP_NOW='{fixed}' is not an ISO date-time such as 2026-11-25T09:30:00+00:00") from None
        return (moment if moment.tzinfo else moment.replace(tzinfo=dt.timezone.utc)).astimezone(dt.timezone.utc)
    return dt.datetime.now(dt.timezone.utc)


def stdin_is_terminal() -> bool:
    return sys.stdin.isatty()


def confirm(question: str, yes: bool) -> bool:
    """True to go ahead. Without a terminal on stdin (and no --yes), refuse rather than wait for an answer."""
    if yes:
        return True
    if not stdin_is_terminal():
        raise FmprepError(f"{question}\nNo terminal to ask on: nothing was changed. Pass --yes to confirm.")
    try:
        answer = input(f"{question} [y/N] ")
    except EOFError:
        answer = ""
    if answer.strip().lower() in ("y", "yes"):
        return True
    print("Nothing was changed.")
    return False


def _item_ids_of_topics(deck, topics: list[str]) -> set[str]:
    from fmprep.deck import reviewables

    unknown = [t for t in topics if deck.concept(t) is None]
    if unknown:
        raise FmprepError(f"unknown topic {', '.join(repr(t) for t in unknown)}; `fmprep topics` lists the ids: "
                          + ", ".join(c.id for c in deck.concepts))
    wanted = set(topics)
    return {r.id for r in reviewables(deck) if wanted.intersection(r.concepts)}


@command
def reset(
    ctx: typer.Context,
    topic: Annotated[Optional[List[str]], typer.Option("--topic", metavar="ID", show_default=False,
                                                       help="Reset only this concept's items (repeatable).")] = None,
    yes: YesOpt = False,
    content: ContentOpt = None,
    progress: ProgressOpt = None,
) -> None:
    """Forget progress (all of it, or some topics'); shows what it will reset, asks, and takes a backup first."""
    from fmprep.progress import Progress

    config = settings(ctx, content, progress)
    store = config.store()
    with store.writer(now_utc()) as writer:
        problem = writer.problem()
        if problem is not None:
            print(f"The progress file {store.path} cannot be used: {problem}.")
            if not confirm("Keep it aside under a new name and start over with empty progress?", yes):
                return
            aside = writer.set_aside()
            writer.save(Progress())
            print(f"Kept the damaged file as {aside}. Progress starts over.")
            return
        current = writer.load()
        item_ids = _item_ids_of_topics(config.deck(), topic) if topic else None
        items, reviews = current.reset_counts(item_ids)
        scope = f" of {', '.join(topic)}" if topic else ""
        if not items and not reviews:
            print(f"Nothing to reset: there is no progress{scope} in {store.path}.")
            return
        if not confirm(f"Reset {items} item{'s' * (items != 1)} and {reviews} review{'s' * (reviews != 1)}{scope} "
                       f"in {store.path}?", yes):
            return
        backup = writer.backup("before-reset")
        print(f"Backup taken: {backup}")
        current.reset(item_ids)
        writer.save(current)
        print(f"Reset {items} item{'s' * (items != 1)} and {reviews} review{'s' * (reviews != 1)}{scope}. "
              f"`fmprep restore {backup.name}` undoes this.")


@command
def backups(
    ctx: typer.Context,
    as_json: JsonOpt = False,
    content: ContentOpt = None,
    progress: ProgressOpt = None,
) -> None:
    """List the backups of the progress file, newest first (restore one with `fmprep restore NAME`)."""
    from fmprep.progress import FormatError, load_bytes

    store = settings(ctx, content, progress).store()
    rows = []
    for number, backup in enumerate(reversed(store.backups()), 1):
        try:
            data = backup.path.read_bytes()
            saved = load_bytes(data)
            contents = {"items": len(saved.cards), "reviews": len(saved.reviews), "readable": True}
        except (OSError, FormatError):
            data, contents = b"", {"items": None, "reviews": None, "readable": False}
        rows.append({"number": number, "name": backup.name, "taken": backup.taken.isoformat(),
                     "reason": backup.reason, "bytes": len(data), **contents, "path": str(backup.path)})
    if as_json:
        _print_json({"progress": str(store.path), "folder": str(store.backup_dir), "backups": rows})
        return
    if not rows:
        print(f"No backups yet of {store.path}. fmprep takes one a day when it writes progress, and one "
              "before every reset, restore or migration.")
        return
    from fmprep.screen import Screen

    screen = Screen()
    screen.line(f"Backups of {store.path} (in {store.backup_dir}):")
    screen.table(["#", "name", "taken (UTC)", "reason", "items", "reviews"],
                 [[str(r["number"]), r["name"], r["taken"][:16].replace("T", " "), r["reason"],
                   str(r["items"]) if r["readable"] else "unreadable", str(r["reviews"]) if r["readable"] else ""]
                  for r in rows], right=(0, 4, 5))
    screen.line("Restore one with `fmprep restore NAME` (or its number).")


@command
def restore(
    ctx: typer.Context,
    backup: Annotated[str, typer.Argument(metavar="NAME", help="A backup's name or number from `fmprep backups`.")],
    yes: YesOpt = False,
    content: ContentOpt = None,
    progress: ProgressOpt = None,
) -> None:
    """Put a backup back exactly; the current progress is kept as a backup (or set aside if damaged) first."""
    store = settings(ctx, content, progress).store()
    with store.writer(now_utc()) as writer:
        newest_first = list(reversed(store.backups()))
        chosen = next((b for b in newest_first if b.name == backup), None)
        if chosen is None and backup.isdigit() and 1 <= int(backup) <= len(newest_first):
            chosen = newest_first[int(backup) - 1]
        if chosen is None:
            raise FmprepError(f"no backup '{backup}' of {store.path}; `fmprep backups` lists them"
                              + (f" (1 to {len(newest_first)})." if newest_first else " (there are none yet)."))
        if not confirm(f"Replace the progress in {store.path} with the backup {chosen.name}?", yes):
            return
        kept = writer.restore(chosen)
        if kept is not None:
            print(f"The progress you had is kept as {kept}.")
        print(f"Restored {chosen.name} to {store.path}.")


class ItemType(str, Enum):
    flashcard = "flashcard"
    open = "open"
    choice = "choice"
    ordering = "ordering"
    matching = "matching"
    case_study = "case-study"


@command
def quiz(
    ctx: typer.Context,
    topic: Annotated[Optional[List[str]], typer.Option("--topic", metavar="ID", show_default=False,
                                                       help="Keep to this concept (repeatable).")] = None,
    item_type: Annotated[Optional[List[ItemType]], typer.Option("--type", show_default=False, case_sensitive=False,
                                                                help="Keep to this kind of item (repeatable).")] = None,
    new: Annotated[int, typer.Option("--new", min=0, metavar="N", help="New items allowed per day.")] = 20,
    limit: Annotated[Optional[int], typer.Option("--limit", min=1, metavar="N", show_default=False,
                                                 help="Answer at most N items this session.")] = None,
    retention: Annotated[float, typer.Option("--retention", min=0.70, max=0.99,
                                             help="Desired retention: the share of items to recall when due.")] = 0.9,
    cram: Annotated[bool, typer.Option("--cram", help="Practise regardless of due dates; the schedule is not changed.")] = False,
    content: ContentOpt = None,
    progress: ProgressOpt = None,
) -> None:
    """Study: items due now first, then new ones; every answer is scheduled with FSRS and saved at once."""
    import random

    from fmprep.scheduler import Scheduler
    from fmprep.session import QuizOptions, Session, day_start

    config = settings(ctx, content, progress)
    deck = config.deck()
    topics = tuple(dict.fromkeys(topic or ()))
    if topics:
        _item_ids_of_topics(deck, list(topics))  # refuses unknown ids
    options = QuizOptions(new, limit, topics, tuple(dict.fromkeys(t.value for t in item_type or ())), cram)
    now = now_utc()
    today = day_start(now, now.astimezone().tzinfo)
    seed = os.environ.get("FMPREP_SEED")  # reproducible sessions, for tests and demonstrations
    if seed is not None and not seed.isdigit():
        raise FmprepError(f"FMPREP_SEED='{seed}' must be a whole number")
    rng = random.Random(None if seed is None else int(seed))  # the order options are shown in
    scheduler = Scheduler(retention, random.Random(None if seed is None else int(seed) + 1))  # interval fuzz
    store = config.store()
    if cram:
        from fmprep.progress import Progress

        saved = store.read()  # cram reads only: no lock, nothing written
        scratch = Progress(dict(saved.cards), exam_date=saved.exam_date)
        _run_quiz(deck, Session(deck, scratch, scheduler, options, now, today), rng, lambda: None, cram=True)
        return
    with store.writer(now) as writer:
        current = writer.load()
        session = Session(deck, current, scheduler, options, now, today, exam_policy(current, scheduler, now))
        banner = ""
        if session.policy is not None:  # set only while the exam is ahead
            counts, left = session.counts(), _days(session.policy.days_left(now))
            print(f"Exam on {current.exam_date}: {left} left. "
                  f"Today: {counts['due']} due, {counts['new']} new (paced so every item is seen in time).")
            banner = f"exam in {left}"
        if session.remaining == 0:
            _nothing_due(session, options, now)
            return
        _run_quiz(deck, session, rng, lambda: writer.save(current), cram=False, banner=banner)


def exam_policy(current, scheduler, now):
    """The exam-date policy for the progress's exam date, or None when no date is set."""
    if current.exam_date is None:
        return None
    from fmprep.plan import ExamPolicy, exam_start

    return ExamPolicy(exam_start(current.exam_date, now.astimezone().tzinfo), scheduler)


def _days(n: int) -> str:
    return "1 day" if n == 1 else f"{n} days"


@command
def stats(
    ctx: typer.Context,
    as_json: JsonOpt = False,
    new: Annotated[int, typer.Option("--new", min=0, metavar="N", help="New items per day, as for quiz.")] = 20,
    content: ContentOpt = None,
    progress: ProgressOpt = None,
) -> None:
    """Your progress: totals, true retention, streak, mastery per objective and concept, forecast, readiness."""
    import random

    from fmprep import stats as figures
    from fmprep.scheduler import Scheduler

    config = settings(ctx, content, progress)
    deck = config.deck()
    current = config.store().read()
    now = now_utc()
    policy = exam_policy(current, Scheduler(rng=random.Random(0)), now)
    data = figures.compute(deck, current, now, now.astimezone().tzinfo, policy, new)
    if as_json:
        _print_json(data)
        return
    from fmprep.render import stats_report

    stats_report(data)


@command
def exam(
    ctx: typer.Context,
    date: Annotated[Optional[str], typer.Argument(metavar="[YYYY-MM-DD]", help="The exam day to plan for.")] = None,
    clear: Annotated[bool, typer.Option("--clear", help="Forget the exam date.")] = False,
    content: ContentOpt = None,
    progress: ProgressOpt = None,
) -> None:
    """Set, change, show or clear your exam date; quiz and stats then plan every review for it."""
    import datetime as dt

    store = settings(ctx, content, progress).store()
    now = now_utc()
    if date is None and not clear:
        current = store.read()
        if current.exam_date is None:
            print("No exam date is set. Set one with: fmprep exam YYYY-MM-DD")
        else:
            left = (dt.date.fromisoformat(current.exam_date) - now.astimezone().date()).days
            when = "today" if left == 0 else f"in {_days(left)}" if left > 0 else f"{_days(-left)} ago"
            print(f"Exam date: {current.exam_date} ({when}).")
        return
    if date is not None and clear:
        raise FmprepError("give a date or --clear, not both")
    if date is not None:
        try:
            day = dt.date.fromisoformat(date) if len(date) == 10 else None
        except ValueError:
            day = None
        if day is None:
            raise FmprepError(f"'{date}' is not a calendar date; write it as YYYY-MM-DD, e.g. 2026-12-15")
        today = now.astimezone().date()
        if day < today:
            raise FmprepError(f"{date} is in the past (today is {today}); give the day of your exam")
    with store.writer(now) as writer:
        current = writer.load()
        if clear:
            if current.exam_date is None:
                print("No exam date was set.")
                return
            current.exam_date = None
            writer.save(current)
            print("Exam date cleared: scheduling is plain FSRS again.")
            return
        current.exam_date = day.isoformat()
        writer.save(current)
        left = (day - today).days
        print(f"Exam date set: {current.exam_date} ({'today' if left == 0 else 'in ' + _days(left)}). "
              "fmprep quiz now plans every review for it.")


def _nothing_due(session, options, now) -> None:
    from fmprep.terminal import describe_due

    if not session.selected:
        print("No items match these --topic/--type choices.")
        return
    due = session.next_due()
    print(f"Nothing is due now, and no new items are left for today ({options.new_per_day} a day; "
          "--new N changes that).")
    if due is not None:
        print(f"Next item due: {describe_due(due, now)}.")
    print("To practise anyway, without changing your schedule: fmprep quiz --cram")


def _run_quiz(deck, session, rng, save, cram: bool, banner: str = "") -> None:
    from fmprep.screen import Screen
    from fmprep.terminal import LineInput, QuizRunner, TtyInput, print_summary

    screen = Screen()
    titles = {c.id: c.title for c in deck.concepts}
    banner = "cram: schedule unchanged" if cram else banner
    if stdin_is_terminal():
        keys = TtyInput(sys.stdin.fileno())
    else:
        keys = LineInput(sys.stdin)
    runner = QuizRunner(session, screen, keys, now_utc, rng, save, titles, banner)
    try:
        if isinstance(keys, TtyInput):
            with keys:
                runner.run()
        else:
            runner.run()
    except KeyboardInterrupt:
        print_summary(screen, session.summary(), titles, now_utc(), cram)
        raise
    print_summary(screen, session.summary(), titles, now_utc(), cram)


def _print_json(data) -> None:
    import json

    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")


app = build_app()


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
    build_app({name} if name in COMMANDS else None)(prog_name="fmprep")

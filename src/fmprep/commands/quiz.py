"""`fmprep quiz`: a spaced-repetition session; every answer is scheduled with FSRS and saved at once."""

from __future__ import annotations

from typing import Annotated, List, Optional

import typer

from fmprep.commands.common import (
    ContentOpt, ProgressOpt, TopicOpt, checked, days, local_tz, now_utc, random_sources, settings, stdin_is_terminal,
)
from fmprep.console import say
from fmprep.deck import TypeName
from fmprep.scheduler import DEFAULT_RETENTION
from fmprep.workload import DEFAULT_NEW_PER_DAY


def command(
    ctx: typer.Context,
    topic: TopicOpt = None,
    item_type: Annotated[Optional[List[TypeName]], typer.Option("--type", show_default=False, case_sensitive=False,
                                                                help="Keep to this kind of item (repeatable).")] = None,
    new: Annotated[Optional[int], typer.Option("--new", metavar="N", show_default=False, callback=checked("new_per_day"),
                                               help=f"New items allowed per day (default {DEFAULT_NEW_PER_DAY}; or "
                                                    "FMPREP_NEW, or new_per_day in the config file).")] = None,
    limit: Annotated[Optional[int], typer.Option("--limit", min=1, metavar="N", show_default=False,
                                                 help="Answer at most N items this session.")] = None,
    retention: Annotated[Optional[float], typer.Option("--retention", metavar="R", show_default=False,
                                                       callback=checked("retention"),
                                                       help="Desired retention, 0.70 to 0.99: the share of items to "
                                                            f"recall when due (default {DEFAULT_RETENTION}; or "
                                                            "FMPREP_RETENTION, or retention in the config "
                                                            "file).")] = None,
    cram: Annotated[bool, typer.Option("--cram", help="Practise regardless of due dates; the schedule is not changed.")] = False,
    missed: Annotated[bool, typer.Option("--missed", help="Drill the questions you missed in your last practice "
                                                          "exam (`fmprep mock`).")] = False,
    content: ContentOpt = None,
    progress: ProgressOpt = None,
) -> None:
    """Study: items due now first, then new ones; every answer is scheduled with FSRS and saved at once."""
    from fmprep.exampolicy import policy_for
    from fmprep.scheduler import scheduler_for
    from fmprep.session import QuizOptions, Session
    from fmprep.workload import day_start

    config = settings(ctx, content, progress)
    new, retention = config.value("new_per_day", new), config.value("retention", retention)
    deck = config.deck()
    topics = deck.require_concepts(topic or ())
    rng, fuzz = random_sources(2)  # the order options are shown in; interval fuzz
    now = now_utc()
    tz = local_tz(now)
    today = day_start(now, tz)
    store = config.store()
    types = tuple(dict.fromkeys(item_type or ()))
    if cram:
        saved = store.read()  # cram reads only: no lock, nothing written
        scheduler = scheduler_for(saved, retention, fuzz)
        options = QuizOptions(new, limit, topics, types, cram=True, items=_missed(saved) if missed else ())
        session = Session(deck, saved, scheduler, options, now, today)
        _run(deck, session, rng, save=None, banner="cram: schedule unchanged")
        return
    with store.writer(now) as writer:
        current = writer.load()
        scheduler = scheduler_for(current, retention, fuzz)
        options = QuizOptions(new, limit, topics, types, items=_missed(current) if missed else ())
        session = Session(deck, current, scheduler, options, now, today, policy_for(current.exam_date, scheduler, tz))
        banner = ""
        if session.policy is not None:  # set only while the exam is ahead
            counts, left = session.counts(), days(session.policy.days_left(now))
            say(f"Exam on {current.exam_date}: {left} left. "
                f"Today: {counts['left']} to study (paced so every item is seen in time).")
            banner = f"exam in {left}"
        if session.remaining == 0:
            _nothing_to_do(session, options, now)
            return
        _run(deck, session, rng, save=lambda: writer.save(session.progress), banner=banner)


def _missed(progress) -> tuple[str, ...]:
    """The questions missed in the last finished practice exam (the drill of ``--missed``)."""
    from fmprep.errors import FmprepError
    from fmprep.mock import missed_in_last

    missed = missed_in_last(progress)
    if not progress.mocks.history:
        raise FmprepError("You have not finished a practice exam yet: `fmprep mock` starts one.")
    if not missed:
        raise FmprepError("You missed nothing in your last practice exam: nothing to drill.")
    return tuple(missed)


def _nothing_to_do(session, options, now) -> None:
    from fmprep.views.quiz import due_text

    if not session.selected:
        say("No items match these --topic/--type choices.")
        return
    due = session.next_due()
    say(f"Nothing is due now, and no new items are left for today ({options.new_per_day} a day; "
        "--new N changes that).")
    if due is not None:
        say(f"Next item due: {due_text(due, now)}.")
    say("To practise anyway, without changing your schedule: fmprep quiz --cram")


def _run(deck, session, rng, save, banner: str) -> None:
    """The session on the screen (a full screen on a terminal, a log otherwise), then its summary."""
    import sys

    from fmprep.console import make_console
    from fmprep.display import FullScreen, LogScreen, full_screen_wanted
    from fmprep.keys import LineInput, TtyInput
    from fmprep.quizscreen import QuizScreen

    console = make_console()
    keys = TtyInput(sys.stdin.fileno()) if stdin_is_terminal() else LineInput(sys.stdin)
    display = FullScreen(console, sys.stdout.fileno()) if full_screen_wanted() else LogScreen(console)
    screen = QuizScreen(session, deck, display, keys, now_utc, rng, save or (lambda: None), banner)
    try:
        with keys, display:
            screen.run()
    finally:
        console.print(summary(deck, session, now_utc(), cram=save is None))


def summary(deck, session, now, cram: bool):
    """The short summary left on the learner's screen when a session ends."""
    from fmprep.views.quiz import due_text
    from fmprep.views.summary import session_summary

    result = session.summary()
    titles = {c.id: c.title for c in deck.concepts}
    footer = []
    if cram:
        footer.append("Cram session: your schedule was not changed.")
    elif result.next_due is not None:
        footer.append(f"Next item due: {due_text(result.next_due, now)}.")
    rows = [(titles.get(c, c), n, k) for c, (n, k) in result.per_concept.items()]
    return session_summary(result.answered, result.correct, result.ms / 1000, rows, footer)

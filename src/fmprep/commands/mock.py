"""`fmprep mock`: a timed practice exam with a score report; resumes where it was left."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from fmprep.commands.common import (
    ContentOpt, JsonOpt, ProgressOpt, TopicOpt, YesOpt, checked, complete_objectives, confirm, local_tz, now_utc,
    print_json, random_sources, settings,
)
from fmprep.console import say
from fmprep.mock import DEFAULT_QUESTIONS


def command(
    ctx: typer.Context,
    questions: Annotated[Optional[int], typer.Option("--questions", metavar="N", show_default=False,
                                                     callback=checked("mock_questions"),
                                                     help=f"How many questions (default {DEFAULT_QUESTIONS}; or "
                                                          "FMPREP_MOCK_QUESTIONS, or mock_questions in the config "
                                                          "file).")] = None,
    minutes: Annotated[Optional[int], typer.Option("--minutes", metavar="M", show_default=False,
                                                   callback=checked("mock_minutes"),
                                                   help="Time allowed (default: scaled from the real exam, "
                                                        "90 minutes for 65 questions; or FMPREP_MOCK_MINUTES, or "
                                                        "mock_minutes in the config file).")] = None,
    objective: Annotated[Optional[str], typer.Option("--objective", metavar="ID", show_default=False,
                                                     autocompletion=complete_objectives,
                                                     help="Only this objective: a section test.")] = None,
    topic: TopicOpt = None,
    history: Annotated[bool, typer.Option("--history", help="List your finished practice exams.")] = False,
    abandon: Annotated[bool, typer.Option("--abandon", help="Drop the unfinished practice exam.")] = False,
    yes: YesOpt = False,
    as_json: JsonOpt = False,
    content: ContentOpt = None,
    progress: ProgressOpt = None,
) -> None:
    """A timed practice exam in the AIF-C01 style: no feedback until you submit, then a score and a review."""
    config = settings(ctx, content, progress)
    questions, minutes = config.value("mock_questions", questions), config.value("mock_minutes", minutes)
    store = config.store()
    if history:
        _history(config, store.read(), as_json)
        return
    now = now_utc()
    with store.writer(now) as writer:
        current = writer.load()
        if abandon:
            _abandon(writer, current, yes)
            return
        deck = config.deck()
        state = current.mocks.current
        resumed = state is not None
        if not resumed:
            from fmprep import mock

            rng, = random_sources(1)
            from fmprep.workload import studied

            state = mock.start_mock(studied(deck, current), questions, minutes, rng, now, current.mocks.history, objective,
                                    deck.require_concepts(topic or ()))
            current.mocks.current = state
            writer.save(current)
        outcome = _take(deck, state, lambda: writer.save(current), as_json, resumed)
        from fmprep.mockscreen import PAUSED

        if outcome == PAUSED:
            if not as_json:
                from fmprep import mock
                from fmprep.views.mock import clock

                say(f"Practice exam paused with {clock(mock.remaining_seconds(state))} left "
                    f"({mock.status(state).answered} of {len(state.items)} answered). "
                    "`fmprep mock` resumes it; `fmprep mock --abandon` drops it.")
            return
        record = _finish(deck, current, state, writer, config.value("retention"))
    _report(deck, record, state, as_json, outcome)


def _take(deck, state, save, as_json: bool, resumed: bool) -> str:
    """The exam on a full screen, or line by line off a terminal (and with --json); saved on the way out."""
    import sys

    from fmprep.console import make_console
    from fmprep.display import FullScreen, LogScreen, full_screen_wanted
    from fmprep.keys import LineInput, TtyInput
    from fmprep.mockscreen import MockScreen

    console = make_console(stderr=as_json)  # with --json, stdout carries only the result
    if full_screen_wanted() and not as_json:
        keys, display = TtyInput(sys.stdin.fileno()), FullScreen(console, sys.stdout.fileno())
    else:
        keys, display = LineInput(sys.stdin), LogScreen(console)
    screen = MockScreen(state, deck, display, keys, save)
    if resumed:
        screen.resumed()
    try:
        with keys, display:
            return screen.run() if keys.interactive else screen.run_lines()
    except KeyboardInterrupt:
        screen.tick()
        screen.commit()
        raise


def _finish(deck, current, state, writer, retention: float):
    """Score the exam, keep it in the history, and turn its answers into reviews (at the learner's retention);
    saved in one write."""
    import random

    from fmprep import mock
    from fmprep.exampolicy import policy_for
    from fmprep.scheduler import scheduler_for

    now = now_utc()
    record = mock.finish_mock(deck, state, now)
    scheduler = scheduler_for(current, retention, rng=random.Random())
    mock.apply_reviews(current, scheduler, policy_for(current.exam_date, scheduler, local_tz(now)), record, now)
    current.mocks.history.append(record)
    current.mocks.current = None
    writer.save(current)
    return record


def result_json(record) -> dict:
    """``fmprep mock --json``: one object with stable keys."""
    return {"score": record.score, "passed": record.passed, "correct": record.correct,
            "questions": record.questions, "seconds": round(record.used),
            "objectives": [{"id": o.objective, "correct": o.correct, "questions": o.questions}
                           for o in record.objectives],
            "items": [{"id": r.item, "correct": r.correct, "flagged": r.flagged} for r in record.items]}


def _report(deck, record, state, as_json: bool, outcome: str) -> None:
    if as_json:
        print_json(result_json(record))
        return
    import sys

    from fmprep.console import make_console
    from fmprep.display import FullScreen, LogScreen, full_screen_wanted
    from fmprep.keys import LineInput, TtyInput
    from fmprep.mock import exam_units
    from fmprep.mockscreen import TIMED_OUT, show_result, walk
    from fmprep.views import mock as view
    from fmprep.views.quiz import kind_title, status

    console = make_console()
    titles = {o.id: o.title for o in deck.objectives}
    concepts = {c.id: c.title for c in deck.concepts}
    kinds = {u.id: f"{kind_title(u)} · {', '.join(concepts.get(c, c) for c in u.concepts)}" for u in exam_units(deck)}
    report = view.result(record, titles, kinds)
    timed_out = "Time is up: the exam was submitted with the answers given." if outcome == TIMED_OUT else None
    if full_screen_wanted():
        keys, display = TtyInput(sys.stdin.fileno()), FullScreen(console, sys.stdout.fileno())
        with keys, display:
            show_result(deck, record, state, report, display, keys, timed_out and status(timed_out))
    if timed_out:
        console.print(timed_out)
    console.print(report)
    if not full_screen_wanted():
        console.print()
        walk(deck, record, state, LogScreen(console), LineInput(sys.stdin), only_missed=True)


def _abandon(writer, current, yes: bool) -> None:
    state = current.mocks.current
    if state is None:
        say("There is no unfinished practice exam.")
        return
    from fmprep.mock import status

    answered = status(state).answered
    if not confirm(f"Drop the unfinished practice exam ({answered} of {len(state.items)} answered)? "
                   "It will not be scored.", yes):
        return
    current.mocks.current = None
    writer.save(current)
    say("The unfinished practice exam is dropped.")


def _history(config, progress, as_json: bool) -> None:
    from fmprep.mock import mock_trend

    rows = []
    deck = config.deck()
    titles = {o.id: o.title for o in deck.objectives}
    for record, trend in zip(progress.mocks.history, mock_trend(progress.mocks.history, local_tz(now_utc()))):
        rows.append({**trend, "seconds": round(record.used),
                     "objectives": [{"id": o.objective, "correct": o.correct, "questions": o.questions}
                                    for o in record.objectives]})
    if as_json:
        print_json({"mocks": rows})
        return
    from fmprep.console import make_console
    from fmprep.views.mock import history

    if rows:
        make_console().print(history(rows, titles))
    else:
        say("No finished practice exams yet: `fmprep mock` starts one.")
    if progress.mocks.current is not None:
        say("An unfinished practice exam is waiting: `fmprep mock` resumes it.")

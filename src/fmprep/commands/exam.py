"""`fmprep exam [DATE]`: set, change, show or clear the exam date that quiz and stats plan for."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from fmprep.commands.common import ContentOpt, ProgressOpt, days, local_tz, now_utc, settings
from fmprep.console import say
from fmprep.errors import FmprepError

AHEAD_DAYS = 3 * 365 + 1  # an exam date may be up to 3 years ahead


def command(
    ctx: typer.Context,
    date: Annotated[Optional[str], typer.Argument(metavar="[YYYY-MM-DD]", help="The exam day to plan for: from today up to 3 years ahead.")] = None,
    clear: Annotated[bool, typer.Option("--clear", help="Forget the exam date.")] = False,
    content: ContentOpt = None,
    progress: ProgressOpt = None,
) -> None:
    """Set, change, show or clear your exam date; quiz and stats then plan every review for it."""
    import datetime as dt

    from fmprep.progress import calendar_date
    from fmprep.workload import local_date

    store = settings(ctx, content, progress).store()
    now = now_utc()
    today = local_date(now, local_tz(now))
    if date is None and not clear:
        current = store.read()
        if current.exam_date is None:
            say("No exam date is set. Set one with: fmprep exam YYYY-MM-DD")
        else:
            left = (dt.date.fromisoformat(current.exam_date) - today).days
            when = "today" if left == 0 else f"in {days(left)}" if left > 0 else f"{days(-left)} ago"
            say(f"Exam date: {current.exam_date} ({when}).")
        return
    if date is not None and clear:
        raise FmprepError("give a date or --clear, not both")
    if date is not None:
        day = calendar_date(date)
        latest = dt.date.fromordinal(min(today.toordinal() + AHEAD_DAYS, dt.date.max.toordinal()))
        if day is None:
            raise FmprepError(f"'{date}' is not a calendar date; write it as YYYY-MM-DD, e.g. 2026-12-15")
        if day < today:
            raise FmprepError(f"{date} is in the past (today is {today}); give the day of your exam")
        if day > latest:
            raise FmprepError(f"{date} is more than 3 years ahead (today is {today}; the latest date fmprep plans "
                              f"for is {latest}); give the day of your exam")
    with store.writer(now) as writer:
        current = writer.load()
        if clear:
            if current.exam_date is None:
                say("No exam date was set.")
                return
            current.exam_date = None
            writer.save(current)
            say("Exam date cleared: scheduling is plain FSRS again.")
            return
        current.exam_date = day.isoformat()
        writer.save(current)
        left = (day - today).days
        say(f"Exam date set: {current.exam_date} ({'today' if left == 0 else 'in ' + days(left)}). "
            "fmprep quiz now plans every review for it.")

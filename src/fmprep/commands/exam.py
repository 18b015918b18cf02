"""`fmprep exam [DATE]`: set, change, show or clear the exam date that quiz and stats plan for; with a date set,
what each number of answers a day is expected to give on exam day, and (``--target``) the answers a day needed."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from fmprep.commands.common import (
    ContentOpt, JsonOpt, ProgressOpt, days, local_tz, now_utc, print_json, settings,
)
from fmprep.console import say
from fmprep.errors import FmprepError

AHEAD_DAYS = 3 * 365 + 1  # an exam date may be up to 3 years ahead


def command(
    ctx: typer.Context,
    date: Annotated[Optional[str], typer.Argument(metavar="[YYYY-MM-DD]", help="The exam day to plan for: from today up to 3 years ahead.")] = None,
    clear: Annotated[bool, typer.Option("--clear", help="Forget the exam date.")] = False,
    target: Annotated[Optional[float], typer.Option(
        "--target", min=1, max=99, metavar="PERCENT", show_default=False,
        help="The recall on exam day to aim for, e.g. 90: prints the answers a day needed.")] = None,
    as_json: JsonOpt = False,
    content: ContentOpt = None,
    progress: ProgressOpt = None,
) -> None:
    """Set, change, show or clear your exam date; quiz and stats then plan every review for it. With a date set,
    shows what 10 to 60 answers a day are expected to give on exam day."""
    import datetime as dt

    from fmprep.progress import calendar_date
    from fmprep.workload import local_date

    config = settings(ctx, content, progress)
    store = config.store()
    now = now_utc()
    today = local_date(now, local_tz(now))
    if date is not None and clear:
        raise FmprepError("give a date or --clear, not both")
    if clear and target is not None:
        raise FmprepError("--target plans for an exam date: it cannot go with --clear")
    if date is None and not clear:
        current = store.read()
        if current.exam_date is None:
            if target is not None:
                raise FmprepError("--target needs an exam date: set one first with fmprep exam YYYY-MM-DD")
            _say(as_json, "No exam date is set. Set one with: fmprep exam YYYY-MM-DD", {"exam_date": None})
            return
        left = (dt.date.fromisoformat(current.exam_date) - today).days
        when = "today" if left == 0 else f"in {days(left)}" if left > 0 else f"{days(-left)} ago"
        _show(config, current, now, f"Exam date: {current.exam_date} ({when}).", target, as_json)
        return
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
        if target is not None and day == today:  # refused before anything is saved
            raise FmprepError(f"the exam day ({date}) is today: there is nothing left to plan; leave out --target "
                              "to set the date")
    with store.writer(now) as writer:
        current = writer.load()
        if clear:
            if current.exam_date is None:
                _say(as_json, "No exam date was set.", {"exam_date": None})
                return
            current.exam_date = None
            writer.save(current)
            _say(as_json, "Exam date cleared: scheduling is plain FSRS again.", {"exam_date": None})
            return
        current.exam_date = day.isoformat()
        writer.save(current)
    left = (day - today).days
    _show(config, current, now, f"Exam date set: {current.exam_date} ({'today' if left == 0 else 'in ' + days(left)}). "
          "fmprep quiz now plans every review for it.", target, as_json)


def _say(as_json: bool, message: str, data: dict) -> None:
    if as_json:
        print_json(data)
    else:
        say(message)


def _show(config, current, now, message: str, target: Optional[float], as_json: bool) -> None:
    """The date line, then the plan while the exam is ahead (the exam day itself and after: nothing to plan)."""
    import random

    from fmprep.exampolicy import policy_for
    from fmprep.plan import figures
    from fmprep.plancache import PlanCache
    from fmprep.scheduler import scheduler_for

    tz = local_tz(now)
    scheduler = scheduler_for(current, config.value("retention"), rng=random.Random(0))
    policy = policy_for(current.exam_date, scheduler, tz)
    plan = None
    if policy is not None and policy.active(now):
        plan = figures(config.deck(), current, policy.scheduler, policy, now, tz,
                       None if target is None else target / 100, new_per_day=config.value("new_per_day"),
                       cache=PlanCache.default())
    elif target is not None:
        raise FmprepError(f"the exam day ({current.exam_date}) has come: there is nothing left to plan; "
                          "set your next exam date with fmprep exam YYYY-MM-DD")
    if as_json:
        print_json({"exam_date": current.exam_date, "days_to_exam": policy.days_left(now) if plan else None,
                    "plan": plan})
        return
    say(message)
    if plan is not None:
        from fmprep.console import make_console
        from fmprep.views.exam import plan_view

        make_console().print(plan_view(plan))

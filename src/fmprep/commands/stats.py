"""`fmprep stats`: totals, true retention, streak, mastery, forecast, activity, readiness. Reads only."""

from __future__ import annotations

from typing import Annotated

import typer

from fmprep.commands.common import ContentOpt, JsonOpt, ProgressOpt, local_tz, now_utc, print_json, settings
from fmprep.stats import LEECH_LAPSES
from fmprep.workload import DEFAULT_NEW_PER_DAY


def command(
    ctx: typer.Context,
    as_json: JsonOpt = False,
    new: Annotated[int, typer.Option("--new", min=0, metavar="N", help="New items per day, as for quiz.")] = DEFAULT_NEW_PER_DAY,
    leech_lapses: Annotated[int, typer.Option("--leech-lapses", min=1, metavar="N", envvar="FMPREP_LEECH_LAPSES",
                                              help="An item forgotten N times once learned is a leech.")] = LEECH_LAPSES,
    content: ContentOpt = None,
    progress: ProgressOpt = None,
) -> None:
    """Your progress: totals, true retention, streak, mastery per objective and concept, forecast, readiness."""
    import random

    from fmprep import stats
    from fmprep.exampolicy import policy_for
    from fmprep.plancache import PlanCache
    from fmprep.scheduler import scheduler_for

    config = settings(ctx, content, progress)
    deck = config.deck()
    current = config.store().read()
    now = now_utc()
    tz = local_tz(now)
    policy = policy_for(current.exam_date, scheduler_for(current, rng=random.Random(0)), tz)
    data = stats.compute(deck, current, now, tz, policy, new, leech_lapses, PlanCache.default())
    if as_json:
        print_json(data)
        return
    from fmprep.console import make_console
    from fmprep.views.stats import report

    make_console().print(report(data))

"""`fmprep stats`: totals, true retention, streak, mastery, forecast, activity, readiness. Reads only."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from fmprep.commands.common import ContentOpt, JsonOpt, ProgressOpt, checked, local_tz, now_utc, print_json, settings
from fmprep.stats import LEECH_LAPSES
from fmprep.workload import DEFAULT_NEW_PER_DAY


def command(
    ctx: typer.Context,
    as_json: JsonOpt = False,
    new: Annotated[Optional[int], typer.Option("--new", metavar="N", show_default=False, callback=checked("new_per_day"),
                                               help=f"New items per day, as for quiz (default {DEFAULT_NEW_PER_DAY}; "
                                                    "or FMPREP_NEW, or new_per_day in the config file).")] = None,
    leech_lapses: Annotated[Optional[int], typer.Option("--leech-lapses", metavar="N", show_default=False,
                                                        callback=checked("leech_lapses"),
                                                        help="An item forgotten N times once learned is a leech "
                                                             f"(default {LEECH_LAPSES}; or FMPREP_LEECH_LAPSES, or "
                                                             "leech_lapses in the config file).")] = None,
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
    new, leech_lapses = config.value("new_per_day", new), config.value("leech_lapses", leech_lapses)
    deck = config.deck()
    current = config.store().read()
    now = now_utc()
    tz = local_tz(now)
    scheduler = scheduler_for(current, config.value("retention"), rng=random.Random(0))
    policy = policy_for(current.exam_date, scheduler, tz)
    data = stats.compute(deck, current, now, tz, policy, new, leech_lapses, PlanCache.default())
    if as_json:
        print_json(data)
        return
    from fmprep.console import make_console
    from fmprep.views.stats import report

    make_console().print(report(data))

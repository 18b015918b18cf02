"""`fmprep optimize`: fit FSRS's memory parameters to your own review history (or go back to the defaults)."""

from __future__ import annotations

from typing import Annotated

import typer

from fmprep.commands.common import JsonOpt, ProgressOpt, now_utc, print_json, settings
from fmprep.console import say
from fmprep.errors import FmprepError


def command(
    ctx: typer.Context,
    force: Annotated[bool, typer.Option("--force", help="Keep the new parameters even if they predict your held-out "
                                                        "reviews no better.")] = False,
    reset: Annotated[bool, typer.Option("--reset", help="Forget your fitted parameters: back to FSRS's defaults.")] = False,
    as_json: JsonOpt = False,
    progress: ProgressOpt = None,
) -> None:
    """Fit FSRS to your memory: learn your own parameters from your reviews, keep them if they predict better."""
    from fmprep import optimizer
    from fmprep.scheduler import to_seconds

    if force and reset:
        raise FmprepError("give --force or --reset, not both")
    store = settings(ctx, None, progress).store()
    now = now_utc()
    with store.writer(now) as writer:
        current = writer.load()
        if reset:
            had = current.parameters is not None
            if had:
                current.parameters = None
                writer.save(current)
            if as_json:
                print_json(optimizer.as_json(None, False, current, len(optimizer.tests(current))))
            else:
                say("Back to FSRS's default parameters." if had else
                      "You were already on FSRS's default parameters: nothing to reset.")
            return
        try:
            result = optimizer.fit(current, to_seconds(now))
        except optimizer.NotEnoughHistory as short:
            raise FmprepError(
                f"Not enough history to fit your memory yet: {short.reviews} of the {optimizer.MIN_REVIEWS} reviews "
                "needed that FSRS can learn from (an item's first review each day, a day or more after its last one; "
                "the FSRS project advises 400 reviews or more before optimizing). Keep studying with the defaults "
                "and run `fmprep optimize` again later.") from None
        kept = optimizer.keep(current, result, force)
        if kept:
            writer.save(current)
    if as_json:
        print_json(optimizer.as_json(result, kept, current, result.reviews))
        return
    _report(result, kept)


def _report(result, kept: bool) -> None:
    from fmprep.console import make_console
    from fmprep.views.optimize import report

    make_console().print(report(result, kept))

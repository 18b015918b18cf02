"""`fmprep unsuspend ID...`: bring suspended items back into quiz, mock, stats and the exam plan."""

from __future__ import annotations

from typing import Annotated, List

import typer

from fmprep.commands.common import ContentOpt, ProgressOpt, now_utc, settings
from fmprep.console import say
from fmprep.errors import FmprepError


def command(
    ctx: typer.Context,
    ids: Annotated[List[str], typer.Argument(metavar="ID...", show_default=False,
                                             help="Suspended item ids (`fmprep stats` counts them; a case "
                                                  "study's id names all its questions).")],
    content: ContentOpt = None,
    progress: ProgressOpt = None,
) -> None:
    """Bring suspended items back: they are scheduled again where they were left."""
    from fmprep.workload import unit_ids

    config = settings(ctx, content, progress)
    store = config.store()
    with store.writer(now_utc()) as writer:
        current = writer.load()
        # An item suspended and since gone from the deck can still be unsuspended by its id.
        gone = [i for i in ids if i in current.suspended]
        found, unknown = unit_ids(config.deck(), [i for i in ids if i not in current.suspended])
        if unknown:
            raise FmprepError(f"no item with id {', '.join(repr(i) for i in unknown)} in the deck; nothing was "
                              "unsuspended.")
        back = [i for i in dict.fromkeys(gone + found) if i in current.suspended]
        if back:
            current.suspended.difference_update(back)
            writer.save(current)
    others = len(set(found) - set(back))
    say(f"Unsuspended {len(back)} item{'s' * (len(back) != 1)}"
          + (f" ({others} {'was' if others == 1 else 'were'} not suspended)" if others else "")
          + f"; {len(current.suspended)} still suspended.")

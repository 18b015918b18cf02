"""`fmprep suspend ID...`: set items aside; quiz, mock, stats and the exam plan leave them out until unsuspended."""

from __future__ import annotations

from typing import Annotated, List

import typer

from fmprep.commands.common import ContentOpt, ProgressOpt, now_utc, settings
from fmprep.console import say
from fmprep.errors import FmprepError


def command(
    ctx: typer.Context,
    ids: Annotated[List[str], typer.Argument(metavar="ID...", show_default=False,
                                             help="Item ids (`fmprep stats` names leeches; a case study's id "
                                                  "names all its questions).")],
    content: ContentOpt = None,
    progress: ProgressOpt = None,
) -> None:
    """Set items aside: quiz, mock, stats and the exam plan leave them out until `fmprep unsuspend`."""
    from fmprep.workload import unit_ids

    config = settings(ctx, content, progress)
    found, unknown = unit_ids(config.deck(), ids)
    if unknown:
        raise FmprepError(f"no item with id {', '.join(repr(i) for i in unknown)} in the deck; nothing was "
                          "suspended. `fmprep topics ID` lists a concept's items, `fmprep stats` names leeches.")
    with config.store().writer(now_utc()) as writer:
        current = writer.load()
        new = [i for i in found if i not in current.suspended]
        if new:
            current.suspended.update(new)
            writer.save(current)
    already = len(found) - len(new)
    say(f"Suspended {len(new)} item{'s' * (len(new) != 1)}" + (f" ({already} already were)" if already else "")
          + f"; {len(current.suspended)} suspended in all. `fmprep unsuspend ID...` brings them back.")

"""`fmprep suspend ID...`: set items aside; quiz, mock, stats and the exam plan leave them out until unsuspended.
`fmprep suspend` alone lists the items set aside."""

from __future__ import annotations

from typing import Annotated, List, Optional

import typer

from fmprep.commands.common import ContentOpt, ProgressOpt, now_utc, settings
from fmprep.console import say
from fmprep.errors import FmprepError


def command(
    ctx: typer.Context,
    ids: Annotated[Optional[List[str]], typer.Argument(
        metavar="[ID]...", show_default=False,
        help="Item ids (`fmprep stats` names leeches; a case study's id names all its questions). None: list the "
             "suspended items.")] = None,
    content: ContentOpt = None,
    progress: ProgressOpt = None,
) -> None:
    """Set items aside: quiz, mock, stats and the exam plan leave them out until `fmprep unsuspend`. Without ids,
    list the items set aside."""
    from fmprep.workload import unit_ids

    config = settings(ctx, content, progress)
    if not ids:
        suspended = sorted(config.store().read().suspended)
        for item_id in suspended:
            say(item_id)
        say(f"{len(suspended)} item{'s' * (len(suspended) != 1)} suspended."
            + (" `fmprep unsuspend ID...` brings them back." if suspended else ""))
        return
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

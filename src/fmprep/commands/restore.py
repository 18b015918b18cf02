"""`fmprep restore NAME`: put a backup back exactly, keeping the current progress first."""

from __future__ import annotations

from typing import Annotated

import typer

from fmprep.commands.common import ContentOpt, ProgressOpt, YesOpt, confirm, now_utc, settings
from fmprep.console import say
from fmprep.errors import FmprepError


def command(
    ctx: typer.Context,
    backup: Annotated[str, typer.Argument(metavar="NAME", help="A backup's name or number from `fmprep backups`.")],
    yes: YesOpt = False,
    content: ContentOpt = None,
    progress: ProgressOpt = None,
) -> None:
    """Put a backup back exactly; the current progress is kept as a backup (or set aside if damaged) first."""
    store = settings(ctx, content, progress).store()
    with store.writer(now_utc()) as writer:
        newest_first = list(reversed(store.backups()))
        chosen = next((b for b in newest_first if b.name == backup), None)
        if chosen is None and backup.isascii() and backup.isdigit() and 1 <= int(backup) <= len(newest_first):
            chosen = newest_first[int(backup) - 1]
        if chosen is None:
            raise FmprepError(f"no backup '{backup}' of {store.path}; `fmprep backups` lists them"
                              + (f" (1 to {len(newest_first)})." if newest_first else " (there are none yet)."))
        if not confirm(f"Replace the progress in {store.path} with the backup {chosen.name}?", yes):
            return
        kept = writer.restore(chosen)
        if kept is not None:
            say(f"The progress you had is kept as {kept}.")
        say(f"Restored {chosen.name} to {store.path}.")

"""`fmprep validate [PATH]...`: check content files and print every problem at once. Reads only."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, List, Optional

import typer

from fmprep.commands.common import ContentOpt, ProgressOpt, settings


def command(
    ctx: typer.Context,
    paths: Annotated[Optional[List[Path]], typer.Argument(metavar="[PATH]...", show_default=False,
                                                          help="Files or folders to check (default: the configured content).")] = None,
    content: ContentOpt = None,
    progress: ProgressOpt = None,
) -> None:
    """Check content files: print every problem (exit 1) or a one-line summary (exit 0)."""
    from fmprep.content import load_deck
    from fmprep.deck import reviewables

    config = settings(ctx, content, progress)
    deck = load_deck(paths) if paths else config.deck()
    kinds = ", ".join(f"{n} {kind}" for kind, n in deck.count_by_kind().items())
    files = len(deck.files)
    print(f"ok: {files} file{'s' if files != 1 else ''}, {len(deck.objectives)} objectives, "
          f"{len(deck.concepts)} concepts, {len(deck.items)} entries ({kinds or 'none'}): "
          f"{len(reviewables(deck))} items to study (each case-study question counts as one)")

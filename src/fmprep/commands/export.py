"""`fmprep export anki|csv|json|reviews FILE`: the deck for Anki or a spreadsheet, the review history for FSRS
tools. Reads only; the file is written whole or not at all."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated, List, Optional

import typer

from fmprep.commands.common import ContentOpt, ProgressOpt, TopicOpt, now_utc, settings
from fmprep.console import say
from fmprep.deck import TypeName


class Format(str, Enum):
    ANKI = "anki"
    CSV = "csv"
    JSON = "json"
    REVIEWS = "reviews"


def command(
    ctx: typer.Context,
    format: Annotated[Format, typer.Argument(metavar="anki|csv|json|reviews", case_sensitive=False, show_default=False,
                                             help="anki (.apkg), csv or json (the deck), reviews (your history, CSV).")],
    file: Annotated[Path, typer.Argument(metavar="FILE", show_default=False, help="The file to write.")],
    topic: TopicOpt = None,
    item_type: Annotated[Optional[List[TypeName]], typer.Option("--type", show_default=False, case_sensitive=False,
                                                                help="Keep to this kind of item (repeatable).")] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace FILE if it exists.")] = False,
    content: ContentOpt = None,
    progress: ProgressOpt = None,
) -> None:
    """Write the deck (anki, csv, json) or your review history (reviews) to FILE."""
    from fmprep import exporting
    from fmprep.session import select
    from fmprep.targets import check_target, write_target

    if format is Format.ANKI and file.suffix.lower() != ".apkg":
        raise typer.BadParameter(f"Anki imports packages named *.apkg; name the file {file.with_suffix('.apkg')}",
                                 param_hint="FILE")
    check_target(file, force)
    config = settings(ctx, content, progress)
    deck = config.deck()
    topics = deck.require_concepts(topic or ())
    types = tuple(dict.fromkeys(item_type or ()))
    units = select(deck, topics, types)
    if format is Format.REVIEWS:
        log = config.store().read().reviews
        if topics or types:
            log = log.without({r.item for r in log} - {u.id for u in units})
        write_target(file, exporting.reviews_csv(log), force)
        say(f"Wrote {len(log)} review{'s' if len(log) != 1 else ''} to {file}.")
        return
    table = exporting.rows(deck, units)
    if format is Format.ANKI:
        from fmprep.anki import apkg

        data = apkg([exporting.note(r) for r in table], now_utc().timestamp())
        after = " Import it in Anki with File > Import; importing again updates the same notes."
    else:
        data = (exporting.deck_csv if format is Format.CSV else exporting.deck_json)(table)
        after = ""
    write_target(file, data, force)
    say(f"Wrote {len(table)} item{'s' if len(table) != 1 else ''} to {file}.{after}")

"""`fmprep reset`: forget progress (all of it, or some topics'), after asking and taking a backup."""

from __future__ import annotations

import typer

from fmprep.commands.common import ContentOpt, ProgressOpt, TopicOpt, YesOpt, confirm, now_utc, settings
from fmprep.console import say
from fmprep.errors import FmprepError


def command(
    ctx: typer.Context,
    topic: TopicOpt = None,
    yes: YesOpt = False,
    content: ContentOpt = None,
    progress: ProgressOpt = None,
) -> None:
    """Forget progress (all of it, or some topics'); shows what it will reset, asks, and takes a backup first."""
    from fmprep.progress import Progress

    config = settings(ctx, content, progress)
    store = config.store()
    with store.writer(now_utc()) as writer:
        problem = writer.problem()
        if problem is not None:
            if topic:
                raise FmprepError(
                    f"The progress file {store.path} cannot be used: {problem}.\n"
                    "Nothing was changed: only a file fmprep can read can be reset topic by topic. `fmprep reset` "
                    "(without --topic) keeps the damaged file aside under a new name and starts over; "
                    "`fmprep backups` lists backups to restore instead.")
            say(f"The progress file {store.path} cannot be used: {problem}.")
            if not confirm("Keep it aside under a new name and start over with empty progress?", yes):
                return
            aside = writer.set_aside()
            writer.save(Progress())
            say(f"Kept the damaged file as {aside}. Progress starts over.")
            return
        current = writer.load()
        item_ids = None
        if topic:
            from fmprep.session import select

            item_ids = {u.id for u in select(config.deck(), topics=config.deck().require_concepts(topic))}
        items, reviews = current.reset_counts(item_ids)
        scope = f" of {', '.join(topic)}" if topic else ""
        if not items and not reviews:
            say(f"Nothing to reset: there is no progress{scope} in {store.path}.")
            return
        what = f"{items} item{'s' * (items != 1)} and {reviews} review{'s' * (reviews != 1)}{scope}"
        if not confirm(f"Reset {what} in {store.path}?", yes):
            return
        backup = writer.backup("before-reset")
        say(f"Backup taken: {backup}")
        current.reset(item_ids)
        writer.save(current)
        say(f"Reset {what}. `fmprep restore {backup.name}` undoes this.")

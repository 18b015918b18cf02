"""`fmprep backups`: list the backups of the progress file, newest first. Reads only."""

from __future__ import annotations

import typer

from fmprep.commands.common import ContentOpt, JsonOpt, ProgressOpt, print_json, settings
from fmprep.console import say


def command(
    ctx: typer.Context,
    as_json: JsonOpt = False,
    content: ContentOpt = None,
    progress: ProgressOpt = None,
) -> None:
    """List the backups of the progress file, newest first (restore one with `fmprep restore NAME`)."""
    from fmprep.atomicfile import read_regular
    from fmprep.progress import FormatError, load_bytes
    from fmprep.store import PROGRESS_LIMIT

    store = settings(ctx, content, progress).store()
    rows = []
    for number, backup in enumerate(reversed(store.backups()), 1):
        try:
            data, _ = read_regular(backup.path, PROGRESS_LIMIT)  # a regular file, bounded: never a hang
            saved = load_bytes(data)
            contents = {"items": len(saved.cards), "reviews": len(saved.reviews), "readable": True}
        except (OSError, FormatError):
            data, contents = b"", {"items": None, "reviews": None, "readable": False}
        rows.append({"number": number, "name": backup.name, "taken": backup.taken.isoformat(),
                     "reason": backup.reason, "bytes": len(data), **contents, "path": str(backup.path)})
    if as_json:
        print_json({"progress": str(store.path), "folder": str(store.backup_dir), "backups": rows})
        return
    if not rows:
        say(f"No backups yet of {store.path}. fmprep takes one a day when it writes progress, and one "
            "before every reset, restore or migration.")
        return
    from fmprep.console import make_console
    from fmprep.views.backups import table

    make_console().print(table(rows, store.path, store.backup_dir))
